import Foundation
import Numerics

/// The error-vs-rank and gap-vs-dimension curves of low-rank ReLU replacements, as data for a plot
/// (Vodrahalli et al., arXiv 2202.00834: the gap between approximating the function and the
/// weights grows as the rank decreases and as the dimension grows; docs/THEORY.md LR-GAP-RANK,
/// LR-GAP-DIM). Every error is divided by ‖W‖_F² of its instance, then averaged over instances.
public struct LowRankGapCurves: Codable, Sendable, Equatable {
    /// One rank of the error-vs-rank curve (W k×d Gaussian, fixed shape).
    public struct RankPoint: Codable, Sendable, Equatable {
        public var rank: Int
        /// Mean E/‖W‖_F² of (1) spectral, (2) rescaled in the SVD subspace, (3) optimised.
        public var spectral: Double
        public var rescaled: Double
        public var optimised: Double
        /// Mean (E_spectral − E_rescaled)/‖W‖_F² and (E_spectral − E_optimised)/‖W‖_F².
        public var gapRescaled: Double
        public var gapOptimised: Double
    }

    /// One dimension of the gap-vs-dimension curve (W (factor·d)×d Gaussian, fixed rank).
    public struct DimensionPoint: Codable, Sendable, Equatable {
        public var dimension: Int
        public var rows: Int
        /// Mean (E_spectral − E_rescaled)/‖W‖_F² and its standard error over instances.
        public var normalisedGap: Double
        public var standardError: Double
        /// Mean normalised gap of the optimiser (3).
        public var normalisedGapOptimised: Double
    }

    public var rankCurveRows: Int
    public var rankCurveDimension: Int
    public var dimensionCurveRank: Int
    public var widthFactor: Int
    public var instances: Int
    public var seed: UInt64
    /// The limit 1/(2π²) of the rescaled gap as d → ∞ (all cᵢ → 0).
    public var dimensionLimit: Double
    public var errorVersusRank: [RankPoint]
    public var gapVersusDimension: [DimensionPoint]
}

extension LowRankReLU {
    /// Computes ``LowRankGapCurves``: for ranks 0…min(k, d) of Gaussian k×d layers, and for each
    /// dimension in `dimensions` of Gaussian (widthFactor·d)×d layers at rank `rank`, the mean
    /// normalised errors over `instances` independent W (instance j of a point uses
    /// `RandomStream(seed: seed, stream: j)` for the rank curve and stream 1000·(i + 1) + j for
    /// dimension i). The optimiser runs with its default budget (about one SVD).
    public static func gapCurves(rows k: Int = 64, dimension d: Int = 16, dimensions: [Int] = [4, 8, 16, 32, 64],
                                 rank: Int = 1, widthFactor: Int = 4, instances: Int = 8,
                                 seed: UInt64 = 0x10A4_2202_0083_4000) throws(NumericsError) -> LowRankGapCurves {
        require(k >= 1 && d >= 1 && instances >= 2 && widthFactor >= 1 && rank >= 1 && dimensions.allSatisfy { $0 >= rank },
                "LowRankReLU.gapCurves: need k, d ≥ 1, instances ≥ 2, widthFactor ≥ 1 and rank ≤ every dimension")
        let maxRank = Swift.min(k, d)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: 5), count: maxRank + 1)
        for j in 0..<instances {
            var stream = RandomStream(seed: seed, stream: UInt64(j))
            let w = Matrix.gaussian(rows: k, columns: d, using: &stream)
            let scale = w.frobeniusNorm * w.frobeniusNorm
            for r in 0...maxRank {
                let s = try populationError(target: w, factors: try spectral(w, rank: r)) / scale
                let q = try populationError(target: w, factors: try rescaled(w, rank: r)) / scale
                let o = try populationError(target: w, factors: try optimised(w, rank: r).factors) / scale
                for (index, value) in [s, q, o, s - q, s - o].enumerated() { sums[r][index] += value }
            }
        }
        let n = Double(instances)
        let rankCurve = (0...maxRank).map { r -> LowRankGapCurves.RankPoint in
            LowRankGapCurves.RankPoint(rank: r, spectral: sums[r][0] / n, rescaled: sums[r][1] / n, optimised: sums[r][2] / n,
                      gapRescaled: sums[r][3] / n, gapOptimised: sums[r][4] / n)
        }
        var dimensionCurve: [LowRankGapCurves.DimensionPoint] = []
        for (i, dim) in dimensions.enumerated() {
            var gaps: [Double] = [], optimisedGaps: [Double] = []
            for j in 0..<instances {
                var stream = RandomStream(seed: seed, stream: UInt64(1000 * (i + 1) + j))
                let w = Matrix.gaussian(rows: widthFactor * dim, columns: dim, using: &stream)
                let scale = w.frobeniusNorm * w.frobeniusNorm
                gaps.append(rescalingGap(target: w, subspace: try singularSubspace(of: w, rank: rank)) / scale)
                let s = try populationError(target: w, factors: try spectral(w, rank: rank))
                let o = try populationError(target: w, factors: try optimised(w, rank: rank).factors)
                optimisedGaps.append((s - o) / scale)
            }
            let summary = try SampleSummary(gaps)
            dimensionCurve.append(LowRankGapCurves.DimensionPoint(dimension: dim, rows: widthFactor * dim, normalisedGap: summary.mean,
                                                 standardError: summary.standardError,
                                                 normalisedGapOptimised: optimisedGaps.reduce(0, +) / n))
        }
        return LowRankGapCurves(rankCurveRows: k, rankCurveDimension: d, dimensionCurveRank: rank, widthFactor: widthFactor,
                                instances: instances, seed: seed, dimensionLimit: 1 / (2 * Double.pi * Double.pi),
                                errorVersusRank: rankCurve, gapVersusDimension: dimensionCurve)
    }
}
