import Foundation
import Numerics

/// The finite-width experiments behind the NTK claims (docs/THEORY.md §2): one fixed architecture and
/// input set, measured at a width and a seed.
///
/// Defaults: ReLU, σ_w = √2, σ_b = 0.1, L = 3 hidden layers, four inputs in n₀ = 4 dimensions with
/// ‖x‖² = n₀ (so Σ¹(x, x) ≈ 2), and training targets (1, −1, ½, −½) — a few points, as in
/// Huang, Du & Xu's Fig. 1 setting, small enough that every run costs O(L·n²) per step.
public struct NTKExperiment: Sendable {
    public var activation: NTKActivation
    public var sigmaW: Double
    public var sigmaB: Double
    public var depth: Int
    /// Points × n₀.
    public var inputs: Matrix
    public var targets: [Double]

    public init(activation: NTKActivation = .relu, sigmaW: Double = 2.0.squareRoot(), sigmaB: Double = 0.1,
                depth: Int = 3, inputs: Matrix = NTKExperiment.defaultInputs, targets: [Double] = [1, -1, 0.5, -0.5]) {
        require(targets.count == inputs.rows, "NTKExperiment: \(targets.count) targets for \(inputs.rows) inputs")
        self.activation = activation; self.sigmaW = sigmaW; self.sigmaB = sigmaB; self.depth = depth
        self.inputs = inputs; self.targets = targets
    }

    /// Four Gaussian directions in R⁴ (fixed seed), each scaled to ‖x‖² = 4.
    public static let defaultInputs: Matrix = {
        var stream = RandomStream(seed: 0x4e54_4b5f_6461_7461, stream: 0)
        let rows = (0..<4).map { _ -> [Double] in
            let v = stream.normalVector(4)
            let scale = 2 / euclideanNorm(v)
            return v.map { $0 * scale }
        }
        return Matrix(rows)
    }()

    /// The analytic NTK Θ on `inputs` (infinite width).
    public func analyticNTK() -> Matrix {
        // Finite inputs by construction, so compute cannot throw.
        (try? AnalyticKernels.compute(inputs: inputs, activation: activation, depth: depth, sigmaW: sigmaW, sigmaB: sigmaB).ntk)!
    }

    /// The analytic NTK of a deliberately wrong recursion (negative controls only).
    func analyticNTK(variant: AnalyticKernels.Variant) -> Matrix {
        (try? AnalyticKernels.compute(inputs: inputs, activation: activation, depth: depth, sigmaW: sigmaW, sigmaB: sigmaB,
                                      variant: variant).ntk)!
    }

    /// A freshly initialised scalar-output network with `depth` hidden layers of `width`.
    public func network(width: Int, initialisation: FullyConnectedNetwork.Initialisation,
                        using stream: inout RandomStream) -> FullyConnectedNetwork {
        FullyConnectedNetwork(widths: FullyConnectedNetwork.scalarOutputWidths(inputDimension: inputs.columns, width: width, depth: depth),
                              activation: activation, sigmaW: sigmaW, sigmaB: sigmaB, initialisation: initialisation, using: &stream)
    }

    /// ‖Θ̂ − Θ‖_F / ‖Θ‖_F for one network at initialisation, against `reference` (by default the
    /// analytic Θ).
    public func relativeKernelError(width: Int, initialisation: FullyConnectedNetwork.Initialisation,
                                    reference: Matrix? = nil, using stream: inout RandomStream) -> Double {
        let theta = reference ?? analyticNTK()
        let empirical = network(width: width, initialisation: initialisation, using: &stream).empiricalNTK(inputs)
        return (empirical - theta).frobeniusNorm / theta.frobeniusNorm
    }

    /// What one training run measured.
    public struct TrainingMeasurement: Sendable, Codable, Hashable {
        /// ‖Θ̂_T − Θ̂₀‖_F / ‖Θ̂₀‖_F.
        public var relativeKernelChange: Double
        /// max_t ‖f_t − f_t^lin‖ / ‖f₀ − y‖.
        public var linearisationGap: Double
        /// ℒ(f_T) / ℒ(f₀).
        public var lossRatio: Double
        /// η·λ_max(Θ̂₀).
        public var stepTimesLambdaMax: Double
    }

    /// Gradient descent for `steps` steps at η = `stepFactor`/λ_max(Θ̂₀) from a fresh network.
    /// A run whose outputs overflow reports a relative kernel change of 1 — a lower bound: its
    /// kernel grew without bound before the overflow, so it moved by at least its own size — and an
    /// infinite linearisation gap and loss ratio.
    public func trainingRun(width: Int, initialisation: FullyConnectedNetwork.Initialisation, stepFactor: Double,
                            steps: Int, using stream: inout RandomStream) throws -> TrainingMeasurement {
        var net = network(width: width, initialisation: initialisation, using: &stream)
        let lambdaMax = try net.empiricalNTK(inputs).symmetricEigenvalues().last!
        let eta = stepFactor / lambdaMax
        do {
            let trajectory = try net.trainGradientDescent(inputs: inputs, targets: targets, learningRate: eta, steps: steps)
            return TrainingMeasurement(relativeKernelChange: trajectory.relativeKernelChange,
                                       linearisationGap: trajectory.linearisationGap,
                                       lossRatio: trajectory.losses.last! / trajectory.losses[0], stepTimesLambdaMax: stepFactor)
        } catch NumericsError.domain {
            return TrainingMeasurement(relativeKernelChange: 1, linearisationGap: .infinity, lossRatio: .infinity,
                                       stepTimesLambdaMax: stepFactor)
        }
    }
}
