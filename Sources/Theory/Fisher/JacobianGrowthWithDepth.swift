import Numerics

/// σ_max(J)² of deep linear networks against depth (docs/THEORY.md §3, FIM-ISOMETRY; Sokol & Park,
/// arXiv 1810.03785, §2; Pennington, Schoenholz & Ganguli 2017): i.i.d. N(0, 1/n) layers versus
/// Haar-orthogonal ones, as data for a table or plot.
public struct JacobianGrowthWithDepth: Sendable, Codable {
    public struct Point: Sendable, Codable {
        /// Number of weight matrices L.
        public var layers: Int
        public var gaussianMean: Double
        public var gaussianStandardError: Double
        /// Largest |σ_max(J)² − 1| over the orthogonal networks (0 up to rounding).
        public var orthogonalMaxDeviation: Double
    }

    public var width: Int
    public var seeds: Int
    public var points: [Point]

    /// Mean of σ_max(J)² over `seeds` networks per depth (J = W^L⋯W^1, square layers of width n).
    /// At L = 1 the Gaussian value approaches the Marchenko–Pastur edge (1 + 1)² = 4 as n → ∞.
    public static func run(width: Int = 32, layers: [Int] = [1, 2, 4, 8, 16], seeds: Int = 40,
                           seed: UInt64 = 1810) throws(NumericsError) -> JacobianGrowthWithDepth {
        require(width >= 1 && seeds >= 2 && layers.allSatisfy { $0 >= 1 },
                "JacobianGrowthWithDepth.run: width \(width), seeds \(seeds), layers \(layers)")
        var points: [Point] = []
        for (index, l) in layers.enumerated() {
            var stream = RandomStream(seed: seed, stream: UInt64(index))
            var values: [Double] = [], deviation = 0.0
            for _ in 0..<seeds {
                let widths = Array(repeating: width, count: l + 1), x = stream.normalVector(width)
                let gaussian = FullyConnectedNetwork(widths: widths, activation: .identity, sigmaW: 1, sigmaB: 0, initialisation: .gaussian, using: &stream)
                let s = try gaussian.jacobians(at: x).inputOutput.spectralNorm()
                values.append(s * s)
                let orthogonal = FullyConnectedNetwork(widths: widths, activation: .identity, sigmaW: 1, sigmaB: 0, initialisation: .orthogonal, using: &stream)
                let o = try orthogonal.jacobians(at: x).inputOutput.spectralNorm()
                deviation = Swift.max(deviation, Swift.abs(o * o - 1))
            }
            let mean = values.reduce(0, +) / Double(seeds)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seeds - 1)
            points.append(Point(layers: l, gaussianMean: mean, gaussianStandardError: (variance / Double(seeds)).squareRoot(),
                                orthogonalMaxDeviation: deviation))
        }
        return JacobianGrowthWithDepth(width: width, seeds: seeds, points: points)
    }
}
