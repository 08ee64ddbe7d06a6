import Experiments
import Foundation
import Numerics
import PropertyCheck

extension LowRankExperiments {
    /// LR-TRAIN's figure: the training-loss gap L_T(spectral) − L_T(function init) on the digits
    /// against the rank, each instance and the mean, with the spectral start scaled to the
    /// rescaled start's norm beside it. The cells of one instance share a seed (the same split and
    /// the same full-rank draw at every rank). Network, step count and step size are LR-TRAIN's at
    /// the same profile; the rank grid is wider than the claim's.
    public static let trainingGapVersusRank = Experiment(
        name: "lowrank-training-gap-vs-rank",
        summary: "Low-rank ReLU classifiers on the digits (arXiv 2202.00834 §5): training-loss gap (spectral − function init) after T steps vs rank",
        seedCoordinates: ["instance"],
        grid: { profile in
            let (ranks, instances) = trainingGrid(profile)
            return (0..<instances).flatMap { j in
                ranks.map { r in (parameters: ["rank": Double(r), "instance": Double(j)], labels: [String: String]()) }
            }
        },
        measure: { cell, profile in
            var setup = LowRankClaims.TrainingSizes.forProfile(profile).setup
            setup.ranks = [Int(cell.parameters["rank"]!)]
            let experiment = LowRankDigitsTraining(data: try CommittedDigits.dataset.get(), setup: setup)
            var stream = RandomStream(seed: cell.seed)
            let o = try experiment.run(LowRankClaims.trainingArms, using: &stream)[0]
            return ["spectralLoss": o[0].trainingLoss, "gapRescaled": o[0].trainingLoss - o[1].trainingLoss,
                    "gapOptimised": o[0].trainingLoss - o[2].trainingLoss, "gapScaleControl": o[0].trainingLoss - o[3].trainingLoss,
                    "testAccuracyGain": o[1].testAccuracy - o[0].testAccuracy,
                    "hiddenUnits": Double(setup.hiddenUnits), "steps": Double(setup.steps)]
        },
        figures: { result in
            let rescaled = result.values("gapRescaled", against: "rank")
            let instances = rescaled.first?.ys.count ?? 0
            let first = result.results.first?.values
            let k = Int((first?["hiddenUnits"] ?? nil) ?? 0), steps = Int((first?["steps"] ?? nil) ?? 0)
            let plot = Plot(
                title: "Low-rank training on the digits: gap vs rank",
                x: .init("rank r", scale: .log), y: .init("training-loss gap: spectral − other start"),
                series: [.scatter("rescaled rows, each instance", rescaled, color: 1),
                         .means("rescaled rows, mean", rescaled, color: 1),
                         .means("optimised, mean", result.values("gapOptimised", against: "rank"), marker: .square, color: 2),
                         .means("spectral start at the rescaled norm, mean", result.values("gapScaleControl", against: "rank"),
                                marker: .cross, color: 6)],
                notes: ["k = \(k) hidden units, \(steps) gradient steps, \(instances) instances",
                        "positive: the spectral start trains worse",
                        "the rescaled-norm spectral start gains as much"])
            return [(name: "lowrank-training-gap-vs-rank", plot: plot)]
        })

    static func trainingGrid(_ profile: Profile) -> (ranks: [Int], instances: Int) {
        switch profile {
        case .quick: return ([2, 8], 2)
        case .ci: return ([1, 2, 4, 8, 16, 32], 24)
        case .deep: return ([1, 2, 4, 8, 16, 32, 64], 48)
        }
    }
}
