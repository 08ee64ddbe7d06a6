import Foundation
import Numerics

/// The learning-rate × depth experiment of Huang, Du & Xu (arXiv 2004.05867, §5 and Figs. 3–4):
/// tanh networks trained by full-batch gradient descent from Gaussian and from orthogonal
/// initialisation, in the "linear regime" (σ_w = 1, small σ_b: pre-activations stay small, tanh is
/// nearly linear, and the input–output Jacobian of an orthogonal net is nearly an isometry) and in
/// a "nonlinear regime" (large σ_w and σ_b: saturated pre-activations). The paper reports that
/// orthogonal initialisation trains faster at large learning rates and depths in the linear regime
/// and that the two behave alike in the nonlinear one. The result is data for a phase diagram.
public struct NTKTrainingSpeedGrid: Sendable, Codable, Hashable {
    /// A regime: its name and (σ_w, σ_b).
    public struct Regime: Sendable, Codable, Hashable {
        public var name: String
        public var sigmaW: Double
        public var sigmaB: Double
    }

    /// One (regime, depth, learning rate) cell: the median of ℒ_T/ℒ₀ over seeds per
    /// initialisation (nil when more than half the runs overflowed) and the fractions of runs that
    /// failed to train (ℒ_T ≥ ℒ₀, overflow included).
    public struct Cell: Sendable, Codable, Hashable {
        public var regime: String
        public var depth: Int
        /// c in η = c·2/λ_ref, and η itself.
        public var learningRateFactor: Double
        public var learningRate: Double
        public var gaussianMedianLossRatio: Double?
        public var orthogonalMedianLossRatio: Double?
        public var gaussianFailedFraction: Double
        public var orthogonalFailedFraction: Double
        /// Fraction of seeds where the orthogonal run ended with the smaller loss (a diverged run
        /// counts as an infinite loss; ties count ½).
        public var orthogonalWinFraction: Double
    }

    public var width: Int
    public var steps: Int
    public var seeds: Int
    public var trainingPoints: Int
    public var inputDimension: Int
    public var regimes: [Regime]
    public var depths: [Int]
    public var learningRateFactors: [Double]
    public var cells: [Cell]

    /// The default regimes, told apart by the fixed point q* of the pre-activation variance
    /// (``TanhMeanField``): linear (σ_w = 1, σ_b = 0.05: q* = 0.037, no pre-activation in a
    /// thousand beyond |h| = 1) and nonlinear, the point of the critical line χ = 1 with q* = 2
    /// (σ_w = 1.691, σ_b = 0.716: 48% of pre-activations beyond |h| = 1). The nonlinear point is on
    /// the critical line, as the linear one nearly is (χ = 0.93), so the two differ in saturation,
    /// not in whether gradients explode with depth (an earlier choice, σ_w = 2.5, σ_b = 0.5, has
    /// χ = 1.55: chaotic).
    public static let defaultRegimes: [Regime] = {
        let nonlinear = TanhMeanField.criticalPoint(q: nonlinearFixedPoint)
        return [Regime(name: "linear", sigmaW: 1, sigmaB: 0.05),
                Regime(name: "nonlinear", sigmaW: nonlinear.sigmaW, sigmaB: nonlinear.sigmaB)]
    }()

    /// q* of the default nonlinear regime.
    public static let nonlinearFixedPoint = 2.0

    /// Eight points in R⁸ (fixed seed, ‖x‖² = 8) with targets sin(x₁ + x₂).
    public static let trainingData: (inputs: Matrix, targets: [Double]) = {
        var stream = RandomStream(seed: 0x4e54_4b4c_5253, stream: 0)
        let rows = (0..<8).map { _ -> [Double] in
            let v = stream.normalVector(8)
            let scale = 8.0.squareRoot() / euclideanNorm(v)
            return v.map { $0 * scale }
        }
        return (Matrix(rows), rows.map { Foundation.sin($0[0] + $0[1]) })
    }()

    /// Runs the sweep. For every regime and depth, `seeds` pairs of networks (Gaussian and
    /// orthogonal; pair s uses streams 2s and 2s + 1 of `seed`) are drawn and the reference scale
    /// λ_ref = median of λ_max(Θ̂₀) over all 2·`seeds` networks is taken; then each network is
    /// trained for `steps` steps of gradient descent on ½Σ(f − y)² at η = c·2/λ_ref for every
    /// factor c of `learningRateFactors`. The common λ_ref makes rates comparable across depths
    /// and regimes (in the NTK parameterisation the kernel's scale grows with depth, exponentially
    /// in the nonlinear regime) while keeping one η for both initialisations, as in the paper.
    ///
    /// Cost: regimes × depths × factors × seeds × 2 runs of `steps` forward/backward passes of
    /// O(depth·width²·points), plus one QR per orthogonal layer and network.
    public static func run(width: Int, depths: [Int], learningRateFactors: [Double], steps: Int, seeds: Int,
                           regimes: [Regime] = defaultRegimes, seed: UInt64 = 0x4e54_4b4c_5253) -> NTKTrainingSpeedGrid {
        require(width >= 1 && steps >= 1 && seeds >= 1 && !depths.isEmpty && !learningRateFactors.isEmpty,
                "NTKTrainingSpeedGrid.run: width \(width), steps \(steps), seeds \(seeds), \(depths.count) depths, \(learningRateFactors.count) rates")
        let data = trainingData
        var cells: [Cell] = []
        for regime in regimes {
            for depth in depths {
                let pairs = networkPairs(regime: regime, width: width, depth: depth, seeds: seeds, seed: seed)
                let scale = referenceScale(pairs)
                for factor in learningRateFactors {
                    let rate = 2 * factor / scale
                    let outcomes = pairs.map { pair in
                        (gaussian: lossRatio(pair.gaussian, rate: rate, steps: steps, data: data),
                         orthogonal: lossRatio(pair.orthogonal, rate: rate, steps: steps, data: data))
                    }
                    let g = outcomes.map(\.gaussian), o = outcomes.map(\.orthogonal)
                    let wins = zip(o, g).reduce(0.0) { $0 + ($1.0 < $1.1 ? 1 : ($1.0 == $1.1 ? 0.5 : 0)) }
                    cells.append(Cell(regime: regime.name, depth: depth, learningRateFactor: factor, learningRate: rate,
                                      gaussianMedianLossRatio: median(g), orthogonalMedianLossRatio: median(o),
                                      gaussianFailedFraction: Double(g.filter { !($0 < 1) }.count) / Double(seeds),
                                      orthogonalFailedFraction: Double(o.filter { !($0 < 1) }.count) / Double(seeds),
                                      orthogonalWinFraction: wins / Double(seeds)))
                }
            }
        }
        return NTKTrainingSpeedGrid(width: width, steps: steps, seeds: seeds, trainingPoints: data.inputs.rows,
                                    inputDimension: data.inputs.columns, regimes: regimes, depths: depths,
                                    learningRateFactors: learningRateFactors, cells: cells)
    }

    /// `seeds` (Gaussian, orthogonal) pairs of tanh networks of the regime; pair s from streams 2s, 2s + 1.
    static func networkPairs(regime: Regime, width: Int, depth: Int, seeds: Int, seed: UInt64)
        -> [(gaussian: FullyConnectedNetwork, orthogonal: FullyConnectedNetwork)] {
        let widths = FullyConnectedNetwork.scalarOutputWidths(inputDimension: trainingData.inputs.columns, width: width, depth: depth)
        return (0..<seeds).map { s in
            var g = RandomStream(seed: seed, stream: UInt64(2 * s)), o = RandomStream(seed: seed, stream: UInt64(2 * s + 1))
            return (FullyConnectedNetwork(widths: widths, activation: .tanh, sigmaW: regime.sigmaW, sigmaB: regime.sigmaB,
                                          initialisation: .gaussian, using: &g),
                    FullyConnectedNetwork(widths: widths, activation: .tanh, sigmaW: regime.sigmaW, sigmaB: regime.sigmaB,
                                          initialisation: .orthogonal, using: &o))
        }
    }

    /// λ_ref: the median of λ_max(Θ̂₀) over every network of the pairs.
    static func referenceScale(_ pairs: [(gaussian: FullyConnectedNetwork, orthogonal: FullyConnectedNetwork)]) -> Double {
        let lambdas = pairs.flatMap { [$0.gaussian, $0.orthogonal] }.map { net -> Double in
            (try? net.empiricalNTK(trainingData.inputs).symmetricEigenvalues().last) ?? .nan
        }.filter(\.isFinite).sorted()
        return lambdas[(lambdas.count - 1) / 2]
    }

    /// ℒ_T/ℒ₀ after `steps` steps at `rate`; +∞ when the run diverged.
    static func lossRatio(_ network: FullyConnectedNetwork, rate: Double, steps: Int,
                          data: (inputs: Matrix, targets: [Double])) -> Double {
        var net = network
        guard let t = try? net.trainGradientDescent(inputs: data.inputs, targets: data.targets, learningRate: rate, steps: steps),
              t.losses.last!.isFinite else { return .infinity }
        return t.losses.last! / t.losses[0]
    }

    /// The lower median; nil when it is not finite (more than half the runs diverged).
    static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        let m = sorted[(sorted.count - 1) / 2]
        return m.isFinite ? m : nil
    }

    /// The cell for (regime, depth, learning rate), if swept.
    public func cell(regime: String, depth: Int, learningRateFactor: Double) -> Cell? {
        cells.first { $0.regime == regime && $0.depth == depth && $0.learningRateFactor == learningRateFactor }
    }
}
