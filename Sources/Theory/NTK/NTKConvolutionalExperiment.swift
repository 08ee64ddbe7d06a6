import Foundation
import Numerics
import PropertyCheck

/// The finite-channel experiments behind NTK-CNN-EQUAL and NTK-CNN-CONSTANT (docs/THEORY.md §2b):
/// one fixed convolutional architecture and input set, measured at a channel count C and a seed.
///
/// Defaults: ReLU, σ_w = √2, σ_b = 0.1, L = 3 convolutional layers of C channels, a filter of size
/// 3 per axis with circular padding, global average pooling, C₀ = 3 input channels, four fixed
/// Gaussian inputs each scaled to mean square 1 per entry (so Σ¹_{αα}(x, x) ≈ 2), and training
/// targets (1, −1, ½, −½), as in ``NTKExperiment``.
public struct NTKConvolutionalExperiment: Sendable {
    public var geometry: ConvolutionGeometry
    public var readout: ConvolutionalReadout
    public var activation: NTKActivation
    public var sigmaW: Double
    public var sigmaB: Double
    public var depth: Int
    /// The inputs, each P × C₀.
    public var inputs: [Matrix]
    public var targets: [Double]

    /// - Precondition: `inputChannels` ≥ 1, `depth` ≥ 1, one target per input (four by default).
    public init(geometry: ConvolutionGeometry, readout: ConvolutionalReadout = .globalAveragePooling,
                activation: NTKActivation = .relu, sigmaW: Double = 2.0.squareRoot(), sigmaB: Double = 0.1,
                depth: Int = 3, inputChannels: Int = 3, targets: [Double] = [1, -1, 0.5, -0.5]) {
        require(inputChannels >= 1 && depth >= 1 && !targets.isEmpty,
                "NTKConvolutionalExperiment: C₀ = \(inputChannels), L = \(depth), \(targets.count) targets")
        self.geometry = geometry; self.readout = readout; self.activation = activation
        self.sigmaW = sigmaW; self.sigmaB = sigmaB; self.depth = depth; self.targets = targets
        self.inputs = Self.fixedInputs(count: targets.count, positions: geometry.positionCount, channels: inputChannels)
    }

    /// The 1-D case: 8 positions, filter 5, SAME padding (the quick and ci setting).
    public static let oneDimensional = NTKConvolutionalExperiment(geometry: .oneDimensional(length: 8, filter: 5, padding: .same))
    /// The 2-D case: 8 × 8 positions, 3 × 3 filter, SAME padding (the deep setting).
    public static let twoDimensional = NTKConvolutionalExperiment(
        geometry: .twoDimensional(height: 8, width: 8, filter: 3, padding: .same))

    /// `count` inputs of P × C₀ standard Gaussian entries (fixed seed), each rescaled to
    /// ‖x‖²_F = P·C₀. Independent positions make the full-filter, unit-filter and delta-orthogonal
    /// kernels differ by O(1).
    static func fixedInputs(count: Int, positions: Int, channels: Int) -> [Matrix] {
        var stream = RandomStream(seed: 0x434e_4e5f_6461_7461, stream: UInt64(positions * 16 + channels))
        return (0..<count).map { _ in
            let x = Matrix.gaussian(rows: positions, columns: channels, using: &stream)
            return x * (Double(positions * channels).squareRoot() / x.frobeniusNorm)
        }
    }

    /// Which infinite-channel kernel a measurement is compared with.
    public enum Reference: String, Sendable, CaseIterable {
        /// ``ConvolutionalKernels/compute(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``:
        /// the limit of Gaussian and orthogonal filters.
        case fullFilter
        /// ``ConvolutionalKernels/deltaOrthogonalLimit(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``.
        case deltaOrthogonal
        /// The full-filter recursion with σ_w in place of σ_w² in the convolutions (negative controls only).
        case sigmaWFirstPower
    }

    /// The analytic NNGP Σ and NTK Θ of the scalar output on `inputs` (N × N).
    public func analyticKernels(_ reference: Reference = .fullFilter) -> AnalyticKernels.Result {
        // The inputs are finite by construction, so the kernels cannot throw.
        switch reference {
        case .fullFilter:
            return (try? ConvolutionalKernels.compute(inputs: inputs, geometry: geometry, readout: readout, activation: activation,
                                                      depth: depth, sigmaW: sigmaW, sigmaB: sigmaB))!
        case .deltaOrthogonal:
            return (try? ConvolutionalKernels.deltaOrthogonalLimit(inputs: inputs, geometry: geometry, readout: readout,
                                                                   activation: activation, depth: depth, sigmaW: sigmaW, sigmaB: sigmaB))!
        case .sigmaWFirstPower:
            return (try? ConvolutionalKernels.compute(inputs: inputs, geometry: geometry, readout: readout, activation: activation,
                                                      depth: depth, sigmaW: sigmaW, sigmaB: sigmaB,
                                                      variant: .sigmaWFirstPowerInConvolution))!
        }
    }

    /// A freshly initialised network with `depth` layers of `channels` channels.
    ///
    /// - Precondition: `channels` ≥ 1.
    public func network(channels: Int, initialisation: ConvolutionalNetwork.Initialisation,
                        using stream: inout RandomStream) -> ConvolutionalNetwork {
        ConvolutionalNetwork(geometry: geometry,
                             channels: ConvolutionalNetwork.uniformChannels(inputChannels: inputs[0].columns, channels: channels, depth: depth),
                             readout: readout, activation: activation, sigmaW: sigmaW, sigmaB: sigmaB,
                             initialisation: initialisation, using: &stream)
    }

    /// The empirical kernels of one network at initialisation: Θ̂, and the readout kernel
    /// (σ_w²/D) z(x)·z(x′) + σ_b² — the output covariance over the readout layer alone given the
    /// convolutional layers, which converges to the NNGP Σ as C → ∞.
    public struct EmpiricalKernels: Sendable {
        public var ntk: Matrix
        public var readoutKernel: Matrix
    }

    public func empiricalKernels(channels: Int, initialisation: ConvolutionalNetwork.Initialisation,
                                 using stream: inout RandomStream) -> EmpiricalKernels {
        let net = network(channels: channels, initialisation: initialisation, using: &stream)
        let pass = net.forward(inputs)
        return EmpiricalKernels(ntk: net.empiricalNTK(pass, gradients: net.outputGradients(pass)), readoutKernel: net.readoutKernel(pass))
    }

    /// What one network at initialisation measured against one reference.
    public struct InitialisationMeasurement: Sendable, Hashable {
        /// ‖Θ̂ − Θ‖_F / ‖Θ‖_F.
        public var relativeNTKError: Double
        /// ‖Σ̂ − Σ‖_F / ‖Σ‖_F with Σ̂ the readout kernel.
        public var relativeNNGPError: Double
        /// Θ̂_ij/Θ_ij − 1 over the upper triangle i ≤ j, row by row.
        public var relativeEntryDeviations: [Double]
    }

    /// One fresh network measured against the reference kernels `reference` (computed once by the
    /// caller with ``analyticKernels(_:)``). Every Θ_ij of the default experiments is positive, so the
    /// entry deviations are well defined.
    public func measureInitialisation(channels: Int, initialisation: ConvolutionalNetwork.Initialisation,
                                      reference: AnalyticKernels.Result, using stream: inout RandomStream) -> InitialisationMeasurement {
        let empirical = empiricalKernels(channels: channels, initialisation: initialisation, using: &stream)
        let n = inputs.count
        let deviations = (0..<n).flatMap { i in (i..<n).map { j in empirical.ntk[i, j] / reference.ntk[i, j] - 1 } }
        return InitialisationMeasurement(
            relativeNTKError: (empirical.ntk - reference.ntk).frobeniusNorm / reference.ntk.frobeniusNorm,
            relativeNNGPError: (empirical.readoutKernel - reference.nngp).frobeniusNorm / reference.nngp.frobeniusNorm,
            relativeEntryDeviations: deviations)
    }

    /// Labels "Θ(x_i, x_j)" of the upper triangle, in the order of ``InitialisationMeasurement/relativeEntryDeviations``.
    public var upperTriangleLabels: [String] {
        let n = inputs.count
        return (0..<n).flatMap { i in (i..<n).map { j in "Θ(x\(i + 1), x\(j + 1))" } }
    }

    /// Gradient descent for `steps` steps at η = `stepFactor`/λ_max(Θ̂₀) from a fresh network, as
    /// ``NTKExperiment/trainingRun(width:initialisation:stepFactor:steps:using:)``: a run whose
    /// outputs overflow reports a relative kernel change of 1 (a lower bound) and an infinite
    /// linearisation gap and loss ratio.
    ///
    /// - Precondition: `stepFactor` > 0, `steps` ≥ 1.
    public func trainingRun(channels: Int, initialisation: ConvolutionalNetwork.Initialisation, stepFactor: Double,
                            steps: Int, using stream: inout RandomStream) throws -> NTKExperiment.TrainingMeasurement {
        require(stepFactor > 0 && stepFactor.isFinite && steps >= 1,
                "NTKConvolutionalExperiment.trainingRun: step factor \(stepFactor), steps \(steps)")
        var net = network(channels: channels, initialisation: initialisation, using: &stream)
        let lambdaMax = try net.empiricalNTK(inputs).symmetricEigenvalues().last!
        let eta = stepFactor / lambdaMax
        do {
            let trajectory = try net.trainGradientDescent(inputs: inputs, targets: targets, learningRate: eta, steps: steps)
            return NTKExperiment.TrainingMeasurement(
                relativeKernelChange: trajectory.relativeKernelChange, linearisationGap: trajectory.linearisationGap,
                lossRatio: trajectory.losses.last! / trajectory.losses[0], stepTimesLambdaMax: stepFactor)
        } catch NumericsError.domain {
            return NTKExperiment.TrainingMeasurement(relativeKernelChange: 1, linearisationGap: .infinity, lossRatio: .infinity,
                                                     stepTimesLambdaMax: stepFactor)
        }
    }
}

extension NTKConvolutionalExperiment {
    /// The sizes of NTK-CNN-EQUAL, NTK-CNN-CONSTANT and the `ntk-cnn-error-vs-channels` sweep at a
    /// profile: one definition, so the claims and the figure always measure the same grid.
    ///
    /// `quick` uses the ci sizes: with fewer seeds the 1 − α slope intervals (α = 1e-8) are too wide
    /// to show b < 0. `ci` runs the 1-D experiment (seconds on two cores); `deep` the 2-D one for the
    /// initialisation checks (to C = 1024 in the figure) and the 1-D one, with planned seeds, for the
    /// training fits.
    public struct Sizes: Sendable {
        /// The architecture and inputs every check and the figure use.
        public var experiment: NTKConvolutionalExperiment
        /// Channel counts and seeds per channel count of the convergence-rate fits (at deep the least a
        /// plan takes).
        public var channels: [Int]
        public var seeds: Int
        /// Channel counts and seeds per point of the error-versus-channels figure: the fits' own at
        /// quick and ci; at deep the figure reaches C = 1024 with fewer seeds, while the fits take
        /// more seeds at C ≤ 256, where a network is far cheaper.
        public var figureChannels: [Int]
        public var figureSeeds: Int
        /// Channel count and seeds per initialisation of the mean and two-sample checks.
        public var meanChannels: Int
        public var meanSeeds: Int
        /// The most seeds per channel count a deep plan may take for a rate fit (see
        /// ``fitSeeds(_:settings:channels:fixed:maximum:tolerance:pilotRepeats:measure:)``).
        public var maximumSeeds: Int
        /// The seeds per channel count of a rate fit's pilot (used at deep only).
        public var ratePilotRepeats: Int
        /// The architecture and inputs of the training fits: the 1-D experiment at every profile (see
        /// `init(_:)` for why not the 2-D one at deep).
        public var trainingExperiment: NTKConvolutionalExperiment
        /// Channel counts, seeds per channel count (at deep the least a plan takes) and gradient-descent
        /// steps of the training fits, and the most seeds per channel count a deep plan may take.
        public var trainingChannels: [Int]
        public var trainingSeeds: Int
        public var maximumTrainingSeeds: Int
        public var steps: Int

        public init(_ profile: Profile) {
            switch profile {
            case .quick, .ci:
                // Measured residual s.d. of the log kernel error ≈ 0.5: 48 seeds × 4 channel counts give a
                // slope standard error 0.5/(√192·0.79) ≈ 0.046 and a 1 − 1e-8 half-width ≈ 0.28, so at the
                // measured estimates −0.43 … −0.55 the upper end stays ≥ 3 standard errors below 0 (with
                // 16 seeds the delta-orthogonal fit's upper end was −0.05). The largest C costs most (its
                // Haar QRs), so more seeds at C ≤ 128 buy the precision more cheaply than C = 256 would.
                // Training changes fall faster (≈ C^−0.85, residual s.d. ≈ 0.65): 48 seeds put the upper
                // end of their interval ≈ 6 standard errors below 0 (16 seeds: ≈ 1.3, too close).
                self.init(experiment: .oneDimensional, channels: [16, 32, 64, 128], seeds: 48, meanChannels: 64, meanSeeds: 64,
                          trainingChannels: [16, 32, 64, 128], trainingSeeds: 48, steps: 10)
            case .deep:
                // The 2-D experiment: its log kernel errors spread more than the 1-D ones (residual s.d.
                // 0.80–0.89 at C = 32…512 with 96 seeds, which resolved only ±0.22–0.34 in 1,024 s on two
                // shared cores). The rate fits therefore run one octave lower, C = 16…256 (the same four
                // octaves, each network 5–8× cheaper without the C = 512 layer's Haar QRs), with their seeds
                // planned (``fitSeeds``) towards ±0.05 from a 120-seed pilot per channel count (residual
                // s.d. 0.80–0.88; a 24-seed pilot's bound over-planned by ≈ 1.55 where this one's does by
                // ≈ 1.20): at least 96 and at most 6,000 per channel count. The plans at the fixed pilot
                // seed take 4,274 (Gaussian), 4,543 (orthogonal), 2 × 1,979 (readout kernel, pooled) and
                // 5,083 (delta-orthogonal). The figure keeps C = 64…1024 with 32 seeds: it shows the
                // trend, it does not decide.
                //
                // The training fits run on the 1-D experiment, as at ci, with planned seeds (at least 48,
                // at most 9,000 per channel count and initialisation). A ceiling of 700 resolved ±0.14,
                // ±0.14 and ±0.086, so ±0.05 takes ≈ 8× the runs, and the pilot's 0.999 upper bound on σ
                // asks more: the Gaussian and orthogonal plans stop at 9,000 (the pilot bounds σ by
                // 0.99 and 0.92 where the runs measure 0.72) and still resolve ±0.040; the linearised
                // plan takes 3,185. All three: 738 s on two idle cores. On the 2-D experiment (32 seeds at
                // C = 32…256, 20 steps) they resolved only ±0.82–0.86: its training changes spread
                // more, and a run costs ~1.4 s at C = 256 against ~10 ms for the 1-D one, so ±0.15
                // there would take ~30× the runs, hours.
                self.init(experiment: .twoDimensional, channels: [16, 32, 64, 128, 256], seeds: 96, maximumSeeds: 6_000,
                          ratePilotRepeats: PlannedFitSeeds.largePilotRepeats,
                          figureChannels: [64, 128, 256, 512, 1024], figureSeeds: 32, meanChannels: 128, meanSeeds: 128,
                          trainingExperiment: .oneDimensional, trainingChannels: [16, 32, 64, 128], trainingSeeds: 48,
                          maximumTrainingSeeds: 9_000, steps: 10)
            }
        }

        init(experiment: NTKConvolutionalExperiment, channels: [Int], seeds: Int, maximumSeeds: Int? = nil,
             ratePilotRepeats: Int = PlannedFitSeeds.pilotRepeats, figureChannels: [Int]? = nil, figureSeeds: Int? = nil,
             meanChannels: Int, meanSeeds: Int,
             trainingExperiment: NTKConvolutionalExperiment? = nil, trainingChannels: [Int], trainingSeeds: Int,
             maximumTrainingSeeds: Int? = nil, steps: Int) {
            self.experiment = experiment; self.channels = channels; self.seeds = seeds; self.maximumSeeds = maximumSeeds ?? seeds
            self.ratePilotRepeats = ratePilotRepeats
            self.figureChannels = figureChannels ?? channels; self.figureSeeds = figureSeeds ?? seeds
            self.meanChannels = meanChannels; self.meanSeeds = meanSeeds
            self.trainingExperiment = trainingExperiment ?? experiment
            self.trainingChannels = trainingChannels; self.trainingSeeds = trainingSeeds
            self.maximumTrainingSeeds = maximumTrainingSeeds ?? trainingSeeds; self.steps = steps
        }
    }
}
