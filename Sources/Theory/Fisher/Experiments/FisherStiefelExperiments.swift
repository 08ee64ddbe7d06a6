import Foundation
import Numerics
import PropertyCheck
import Experiments

extension FisherExperiments {
    /// Sokol & Park's comparison at depth (arXiv 1810.03785 §5; docs/THEORY.md FIM-STIEFEL): critical
    /// tanh networks (orthogonal start, width 12) trained by Euclidean and by Stiefel (Cayley) steps
    /// from the same network, over depth × q* × instance, on the synthetic teacher of
    /// ``StiefelTrainingExperiment`` (600 steps at step size 0.05). Recorded per cell: the steps each
    /// method needs to reach 1% of the initial loss (missing when it never does) and the initial
    /// Fisher condition number λ_max/λ_min over the non-zero spectrum. Figures: the speed ratio
    /// (Euclidean steps / Stiefel steps) against q* per depth, and the steps against the initial
    /// condition number with Spearman's ρ. A report, not a gate; shardable (`--shard`), with depths
    /// to 200 in the deep profile.
    public static let stiefelVersusDepth = Experiment(
        name: "fim-stiefel-vs-depth",
        summary: "Stiefel vs Euclidean training (arXiv 1810.03785 §5): steps to 1% loss vs q* and depth, and vs the initial Fisher condition number",
        grid: { profile in
            let (depths, fixedPoints, instances) = stiefelShape(profile)
            return depths.flatMap { depth in fixedPoints.flatMap { q in (0..<instances).map { j in
                (parameters: ["depth": Double(depth), "q": q, "instance": Double(j)], labels: ["depth": "\(depth)"]) } } }
        },
        measure: { cell, _ in
            let depth = Int(cell.parameters["depth"]!), q = cell.parameters["q"]!
            let runs = try StiefelTrainingExperiment.run(fixedPoints: [q], width: 12, depth: depth, seed: cell.seed).runs
            let euclidean = runs.first { $0.method == .euclidean }!, stiefel = runs.first { $0.method == .stiefel }!
            let ratio = euclidean.stepsToOnePercent.flatMap { e in stiefel.stepsToOnePercent.map { Double(e) / Double(Swift.max($0, 1)) } }
            return ["stepsEuclidean": euclidean.stepsToOnePercent.map(Double.init), "stepsStiefel": stiefel.stepsToOnePercent.map(Double.init),
                    "speedRatio": ratio, "log10InitialCondition": log10(euclidean.initialFisherConditionNumber),
                    "finalLossEuclidean": euclidean.losses.last, "finalLossStiefel": stiefel.losses.last]
        },
        figures: { result in
            stiefelFigures(result, names: ("fim-stiefel-speed-vs-q", "fim-condition-vs-speed"), target: "1% loss",
                           setting: "critical tanh, width 12, orthogonal start")
        })

    /// The same comparison on real data: ``StiefelDigitsTraining`` (the UCI digits, width-64 square
    /// tanh layers, softmax read-out, cross-entropy), over depth × q* × instance; speed is the steps
    /// to a training loss of 0.5 nats. A report, not a gate (the bounds the paper proves are gated by
    /// FIM-JACOBIAN-BOUND/digits); shardable, with depths to 200 in the deep profile.
    public static let stiefelOnDigits = Experiment(
        name: "fim-stiefel-digits",
        summary: "Stiefel vs Euclidean training on the UCI digits (arXiv 1810.03785 §5): steps to loss 0.5 vs q* and depth, and vs the initial Fisher condition number",
        grid: { profile in
            let shape = digitsShape(profile)
            return shape.depths.flatMap { depth in shape.fixedPoints.flatMap { q in (0..<shape.instances).map { j in
                (parameters: ["depth": Double(depth), "q": q, "instance": Double(j)], labels: ["depth": "\(depth)"]) } } }
        },
        measure: { cell, profile in
            let shape = digitsShape(profile)
            let setup = StiefelDigitsTraining.Setup(depth: Int(cell.parameters["depth"]!), trainingImages: shape.images,
                                                    fisherImages: shape.fisherImages, steps: shape.steps)
            let run = try StiefelDigitsTraining.run(fixedPoint: cell.parameters["q"]!, setup: setup, seed: cell.seed)
            let euclidean = run.outcomes.first { $0.method == .euclidean }!, stiefel = run.outcomes.first { $0.method == .stiefel }!
            let ratio = euclidean.stepsToTarget.flatMap { e in stiefel.stepsToTarget.map { Double(e) / Double(Swift.max($0, 1)) } }
            return ["stepsEuclidean": euclidean.stepsToTarget.map(Double.init), "stepsStiefel": stiefel.stepsToTarget.map(Double.init),
                    "speedRatio": ratio, "log10InitialCondition": log10(run.initialFisher.conditionNumber),
                    "initialLambdaMax": run.initialFisher.largestEigenvalue, "initialBoundA": run.initialFisher.boundA,
                    "inputOutputSigmaMaxSquared": run.initialFisher.inputOutputSigmaMaxSquared,
                    "finalLossEuclidean": euclidean.losses.last, "finalLossStiefel": stiefel.losses.last,
                    "testAccuracyEuclidean": euclidean.testAccuracy, "testAccuracyStiefel": stiefel.testAccuracy,
                    "orthogonalityErrorStiefel": stiefel.orthogonalityError]
        },
        figures: { result in
            stiefelFigures(result, names: ("fim-stiefel-digits-speed-vs-q", "fim-stiefel-digits-condition-vs-speed"), target: "loss 0.5",
                           setting: "UCI digits, critical tanh, width 64, orthogonal start, η = 1/λ_max(G₀)")
        })

    /// Sizes of ``stiefelOnDigits``: depths, q* values, instances, training images, Fisher images, steps.
    static func digitsShape(_ profile: Profile) -> (depths: [Int], fixedPoints: [Double], instances: Int, images: Int, fisherImages: Int, steps: Int) {
        switch profile {
        case .quick: return ([2, 4], [0.5, 2], 1, 64, 8, 30)
        case .ci: return ([5, 20], [0.1, 0.5, 1, 2, 4], 2, 256, 32, 200)
        case .deep: return ([5, 10, 20, 50, 100, 200], [0.1, 0.25, 0.5, 1, 2, 4], 8, 512, 32, 300)
        }
    }

    /// The two figures of a Stiefel-vs-Euclidean sweep: the speed ratio against q* per depth, and
    /// the Euclidean steps against the initial Fisher condition number with Spearman's ρ.
    static func stiefelFigures(_ result: SweepResult, names: (speed: String, condition: String), target: String,
                               setting: String) -> [(name: String, plot: Plot)] {
        let depths = Array(Set(result.results.compactMap { $0.cell.labels["depth"] })).sorted { Int($0)! < Int($1)! }
        let ratioSeries = depths.enumerated().map { index, depth in
            Plot.Series.means("depth \(depth)", result.values("speedRatio", against: "q", where: ["depth": depth]),
                              marker: index % 2 == 0 ? .circle : .square, color: index)
        }
        let never = result.results.filter { ($0.values["stepsStiefel"] ?? nil) == nil || ($0.values["stepsEuclidean"] ?? nil) == nil }.count
        let speed = Plot(
            title: "Stiefel vs Euclidean training: speed ratio vs q*",
            x: .init("fixed point q*", scale: .log), y: .init("steps to \(target): Euclidean / Stiefel"),
            series: ratioSeries,
            notes: ["above 1: the Stiefel network is faster", setting,
                    "\(never) of \(result.results.count) cells: a method never reached \(target)"])
        var points: [(x: Double, y: Double)] = []
        for r in result.results {
            if let x = r.values["log10InitialCondition"] ?? nil, let y = r.values["stepsEuclidean"] ?? nil { points.append((x, y)) }
        }
        var notes = ["Euclidean training, every cell that reached \(target)"]
        if points.count >= 4, let rho = try? Statistics.spearmanCorrelation(points.map(\.x), points.map(\.y)) {
            notes.append(String(format: "Spearman ρ = %.2f, 95%% interval [%.2f, %.2f], n = %d", rho.coefficient, rho.interval.lower,
                                rho.interval.upper, points.count))
        }
        let condition = Plot(
            title: "Initial Fisher condition number vs training speed",
            x: .init("log10 (largest / smallest eigenvalue of the initial Fisher)"), y: .init("steps to \(target) (Euclidean)"),
            series: [Plot.Series("cells", points: points, style: .markers, color: 0)], notes: notes)
        return [(name: names.speed, plot: speed), (name: names.condition, plot: condition)]
    }

    static func stiefelShape(_ profile: Profile) -> (depths: [Int], fixedPoints: [Double], instances: Int) {
        switch profile {
        case .quick: return ([3, 6], [0.5, 2], 2)
        case .ci: return ([5, 20], [0.1, 0.5, 1, 2, 4], 4)
        case .deep: return ([5, 10, 20, 50, 100, 200], [0.1, 0.25, 0.5, 1, 2, 4], 8)
        }
    }
}
