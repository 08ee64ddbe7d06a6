import Foundation
import Numerics
import PropertyCheck
import Experiments

/// Sweeps of low-rank ReLU layer replacements (Vodrahalli et al., arXiv 2202.00834; THEORY.md
/// LR-GAP-RANK, LR-GAP-DIM): the population error under Gaussian inputs of approximating the
/// weights (spectral, algorithm 1) against approximating the function (rescaled rows in the SVD
/// subspace, algorithm 2, and the optimiser, algorithm 3). Errors are divided by ‖W‖_F².
public enum LowRankExperiments {
    /// Error against rank for k×d Gaussian W; every rank of one instance uses the same W.
    public static let errorVersusRank = Experiment(
        name: "lowrank-error-vs-rank",
        summary: "Low-rank ReLU layers (arXiv 2202.00834): error/‖W‖_F² vs rank, spectral (weights) vs rescaled and optimised (function)",
        seedCoordinates: ["instance"],
        grid: { profile in
            let (k, d, instances) = shape(profile)
            return (0..<instances).flatMap { j in
                (0...min(k, d)).map { r in (parameters: ["rank": Double(r), "instance": Double(j), "rows": Double(k), "dimension": Double(d)],
                                            labels: [String: String]()) }
            }
        },
        measure: { cell, _ in
            let k = Int(cell.parameters["rows"]!), d = Int(cell.parameters["dimension"]!), r = Int(cell.parameters["rank"]!)
            var stream = RandomStream(seed: cell.seed)
            let w = Matrix.gaussian(rows: k, columns: d, using: &stream)
            let scale = w.frobeniusNorm * w.frobeniusNorm
            let s = try LowRankReLU.populationError(target: w, factors: try LowRankReLU.spectral(w, rank: r)) / scale
            let q = try LowRankReLU.populationError(target: w, factors: try LowRankReLU.rescaled(w, rank: r)) / scale
            let o = try LowRankReLU.populationError(target: w, factors: try LowRankReLU.optimised(w, rank: r).factors) / scale
            return ["spectral": s, "rescaled": q, "optimised": o, "gapRescaled": s - q, "gapOptimised": s - o]
        },
        figures: { result in
            let spectral = result.values("spectral", against: "rank")
            let rescaled = result.values("rescaled", against: "rank")
            let optimised = result.values("optimised", against: "rank")
            let gap = result.values("gapRescaled", against: "rank")
            let instances = spectral.first?.ys.count ?? 0
            let shape = result.results.first.map { "\(Int($0.cell.parameters["rows"]!))×\(Int($0.cell.parameters["dimension"]!))" } ?? ""
            let errors = Plot(
                title: "Low-rank ReLU layer: error vs rank",
                x: .init("rank r"), y: .init("population error / ‖W‖_F²"),
                series: [.means("spectral (approximate the weights)", spectral, color: 0),
                         .means("rescaled rows (approximate the function)", rescaled, marker: .square, color: 1),
                         .means("optimised (approximate the function)", optimised, marker: .cross, color: 2)],
                notes: ["Gaussian W \(shape), mean of \(instances) instances", "Gaussian inputs, exact error"])
            let gaps = Plot(
                title: "Low-rank ReLU layer: function-vs-weights gap vs rank",
                x: .init("rank r"), y: .init("(E_spectral − E) / ‖W‖_F²"),
                series: [.scatter("rescaled rows, each instance", gap, color: 1), .means("rescaled rows, mean", gap, color: 1),
                         .means("optimised, mean", result.values("gapOptimised", against: "rank"), marker: .square, color: 2)],
                notes: ["Gaussian W \(shape), \(instances) instances", "the gap grows as the rank falls (r ≥ 1;",
                        "at r = 0 every method returns the zero layer)"])
            return [(name: "lowrank-error-vs-rank", plot: errors), (name: "lowrank-gap-vs-rank", plot: gaps)]
        })

    /// The rescaling gap at rank 1 against the input dimension d for (4d)×d Gaussian W, with its
    /// d → ∞ limit 1/(2π²).
    public static let gapVersusDimension = Experiment(
        name: "lowrank-gap-vs-dimension",
        summary: "Low-rank ReLU layers (arXiv 2202.00834): rank-1 gap (spectral − rescaled)/‖W‖_F² vs dimension d, W (4d)×d",
        grid: { profile in
            let dimensions: [Int], instances: Int
            switch profile {
            case .quick: dimensions = [4, 8, 16]; instances = 3
            case .ci: dimensions = [4, 8, 16, 32, 64]; instances = 8
            case .deep: dimensions = [4, 8, 16, 32, 64, 128]; instances = 32
            }
            return dimensions.flatMap { d in (0..<instances).map { j in
                (parameters: ["dimension": Double(d), "instance": Double(j)], labels: [String: String]()) } }
        },
        measure: { cell, _ in
            let d = Int(cell.parameters["dimension"]!)
            var stream = RandomStream(seed: cell.seed)
            let w = Matrix.gaussian(rows: 4 * d, columns: d, using: &stream)
            let scale = w.frobeniusNorm * w.frobeniusNorm
            let gap = LowRankReLU.rescalingGap(target: w, subspace: try LowRankReLU.singularSubspace(of: w, rank: 1)) / scale
            let s = try LowRankReLU.populationError(target: w, factors: try LowRankReLU.spectral(w, rank: 1))
            let o = try LowRankReLU.populationError(target: w, factors: try LowRankReLU.optimised(w, rank: 1).factors)
            return ["gapRescaled": gap, "gapOptimised": (s - o) / scale]
        },
        figures: { result in
            let rescaled = result.values("gapRescaled", against: "dimension")
            let optimised = result.values("gapOptimised", against: "dimension")
            let ds = rescaled.map(\.x)
            let limit = 1 / (2 * Double.pi * Double.pi)
            let plot = Plot(
                title: "Low-rank ReLU layer: rank-1 gap vs dimension",
                x: .init("input dimension d (W is 4d × d)", scale: .log), y: .init("(E_spectral − E) / ‖W‖_F²"),
                series: [.scatter("rescaled, each instance", rescaled, color: 1),
                         .means("rescaled rows, mean", rescaled, color: 1),
                         .means("optimised, mean", optimised, marker: .square, color: 2),
                         Plot.Series("limit 1/(2π²) as d → ∞", points: [(ds.min() ?? 1, limit), (ds.max() ?? 1, limit)],
                                     style: .line, dashed: true, color: 6)],
                notes: [String(format: "1/(2π²) = %.4f", limit)])
            return [(name: "lowrank-gap-vs-dimension", plot: plot)]
        })

    static func shape(_ profile: Profile) -> (rows: Int, dimension: Int, instances: Int) {
        switch profile {
        case .quick: return (32, 8, 3)
        case .ci: return (64, 16, 8)
        case .deep: return (256, 64, 16)
        }
    }
}
