import Foundation
import Numerics
import PropertyCheck
import Experiments

/// Huang, Du & Xu's two regimes as one curve (arXiv 2004.05867, §5; docs/THEORY.md §2,
/// NTK-LINEAR-REGIME): along the tanh critical line (χ = 1, ``TanhMeanField/criticalPoint(q:)``) the
/// fixed point q* of the pre-activation variance moves a network from nearly linear (q* ≈ 0.04: 0.01%
/// of pre-activations beyond |h| = 1) to strongly saturated (q* = 4: 62%). Each cell trains
/// `pairs` (Gaussian, orthogonal) pairs of depth-16, width-32 tanh networks at that point for 50
/// steps at η = c·2/λ_ref (λ_ref the median largest NTK eigenvalue of the cell's networks, the
/// scale of NTK-LINEAR-REGIME) and records the fraction of pairs in which the orthogonal network ends
/// with the lower loss. The paper's reading: above ½ in the linear regime, ½ (alike) in the
/// nonlinear one. A report, not a gate (NTK-LINEAR-REGIME gates the linear half and reports the
/// nonlinear one); shardable, with more points and pairs in the deep profile.
public enum NTKRegimeExperiments {
    public static let winRateVersusFixedPoint = Experiment(
        name: "ntk-speed-vs-regime",
        summary: "Orthogonal vs Gaussian training speed along the tanh critical line (arXiv 2004.05867 §5): win rate vs q*, linear to nonlinear regime",
        grid: { profile in
            let shape = shape(profile)
            return shape.fixedPoints.flatMap { q in shape.factors.flatMap { c in (0..<shape.blocks).map { j in
                (parameters: ["q": q, "factor": c, "block": Double(j)], labels: ["factor": String(format: "%g", c)]) } } }
        },
        measure: { cell, profile in
            let q = cell.parameters["q"]!, factor = cell.parameters["factor"]!
            let point = TanhMeanField.criticalPoint(q: q)
            let regime = NTKTrainingSpeedGrid.Regime(name: String(format: "q* = %g", q), sigmaW: point.sigmaW, sigmaB: point.sigmaB)
            let pairs = NTKTrainingSpeedGrid.networkPairs(regime: regime, width: 32, depth: 16, seeds: shape(profile).pairs, seed: cell.seed)
            let rate = 2 * factor / NTKTrainingSpeedGrid.referenceScale(pairs)
            let data = NTKTrainingSpeedGrid.trainingData
            let outcomes = pairs.map { pair in
                (gaussian: NTKTrainingSpeedGrid.lossRatio(pair.gaussian, rate: rate, steps: 50, data: data),
                 orthogonal: NTKTrainingSpeedGrid.lossRatio(pair.orthogonal, rate: rate, steps: 50, data: data))
            }
            let n = Double(outcomes.count)
            let wins = outcomes.reduce(0.0) { $0 + ($1.orthogonal < $1.gaussian ? 1 : ($1.orthogonal == $1.gaussian ? 0.5 : 0)) }
            return ["orthogonalWinFraction": wins / n, "orthogonalWins": wins, "pairs": n,
                    "gaussianFailedFraction": Double(outcomes.filter { !($0.gaussian < 1) }.count) / n,
                    "orthogonalFailedFraction": Double(outcomes.filter { !($0.orthogonal < 1) }.count) / n,
                    "saturatedFraction": TanhMeanField.saturatedFraction(q: q), "sigmaW": point.sigmaW, "sigmaB": point.sigmaB]
        },
        figures: { result in
            let factors = Array(Set(result.results.compactMap { $0.cell.labels["factor"] })).sorted { Double($0)! < Double($1)! }
            var series = factors.enumerated().map { index, c in
                Plot.Series.means("η = \(c)·2/λ_ref", result.values("orthogonalWinFraction", against: "q", where: ["factor": c]),
                                  marker: index % 2 == 0 ? .circle : .square, color: index)
            }
            let qs = result.values("orthogonalWinFraction", against: "q").map(\.x)
            if let lo = qs.first, let hi = qs.last {
                series.append(Plot.Series("½: alike", points: [(lo, 0.5), (hi, 0.5)], style: .line, color: factors.count))
            }
            var notes = ["critical tanh (χ = 1), depth 16, width 32, 50 steps; fraction of pairs the orthogonal net wins"]
            // The pooled win rate with its 95% Clopper–Pearson interval at the two ends of the line
            // (ties, where both runs diverged, count half and are rounded down).
            for q in [qs.first, qs.last].compactMap({ $0 }) {
                let wins = result.values("orthogonalWins", against: "q").first { $0.x == q }?.ys.reduce(0, +) ?? 0
                let trials = Int(result.values("pairs", against: "q").first { $0.x == q }?.ys.reduce(0, +) ?? 0)
                if trials > 0 {
                    let ci = Statistics.clopperPearsonInterval(successes: Int(wins.rounded(.down)), trials: trials, confidence: 0.95)
                    notes.append(String(format: "q* = %g: %d/%d pairs, 95%% interval [%.2f, %.2f]", q, Int(wins.rounded(.down)), trials, ci.lower, ci.upper))
                }
            }
            return [(name: "ntk-speed-vs-regime", plot: Plot(
                title: "Orthogonal vs Gaussian: who trains faster, linear to nonlinear regime",
                x: .init("fixed point q* on the critical line", scale: .log), y: .init("fraction of pairs won by orthogonal"),
                series: series, notes: notes))]
        })

    /// q* values (from 0.037, the fixed point of NTK-LINEAR-REGIME's linear regime, to 4), step-size
    /// factors c, blocks per (q*, c) and pairs per block.
    static func shape(_ profile: Profile) -> (fixedPoints: [Double], factors: [Double], blocks: Int, pairs: Int) {
        switch profile {
        case .quick: return ([0.037, 2], [1], 1, 2)
        case .ci: return ([0.037, 0.25, 1, 2, 4], [0.5, 1, 2], 8, 8)
        case .deep: return ([0.037, 0.1, 0.25, 0.5, 1, 2, 4, 8], [0.5, 1, 2], 16, 8)
        }
    }
}
