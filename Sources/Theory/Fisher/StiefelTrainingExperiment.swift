import Foundation
import Numerics

/// A small-scale analogue of Sokol & Park's comparison of Euclidean and Stiefel-constrained
/// training (arXiv 1810.03785, §5, Fig. 3; docs/THEORY.md §3, FIM-STIEFEL — an experiment, not a gate).
///
/// For each q*, a critical tanh network (orthogonal initialisation, all layers square of width n,
/// scalar output) is trained by full-batch gradient descent on the squared loss against a random
/// tanh teacher, once with Euclidean steps and once with Cayley steps on the square layers
/// (``StiefelTraining``), from the same initial network and with the same step size. Recorded: the
/// loss at checkpoints, the final distance from the orthogonal group, and the Fisher (identity
/// link) at the start and the end through the non-zero spectrum it shares with the empirical NTK
/// (FIM-NTK-SPECTRUM): λ_max and the condition number λ_max/λ_min over the N eigenvalues.
public struct StiefelTrainingExperiment: Sendable, Codable {
    public struct Run: Sendable, Codable {
        public var method: StiefelTraining.Method
        public var fixedPoint: Double
        public var sigmaW: Double
        public var sigmaB: Double
        /// Loss at the steps of ``StiefelTrainingExperiment/checkpoints``.
        public var losses: [Double]
        /// The first step at which the loss is ≤ 1% of its initial value (nil if never): the
        /// training-speed measure compared across methods.
        public var stepsToOnePercent: Int?
        public var finalOrthogonalityError: Double
        public var initialFisherLambdaMax: Double
        public var finalFisherLambdaMax: Double
        public var initialFisherConditionNumber: Double
        public var finalFisherConditionNumber: Double
    }

    public var width: Int
    public var depth: Int
    public var examples: Int
    public var steps: Int
    public var stepSize: Double
    public var seed: UInt64
    public var checkpoints: [Int]
    public var runs: [Run]

    /// Runs the experiment. Cost: 2·|fixedPoints| trainings of `steps` full-batch steps plus four
    /// Fisher spectra per q* (each N Jacobians of P = depth·n(n + 1) + n + 1 parameters); the
    /// defaults take about a second.
    ///
    /// - Throws: `NumericsError` if a critical point does not exist or training diverges.
    public static func run(fixedPoints: [Double] = [0.1, 0.5, 1, 2, 4], width: Int = 12, depth: Int = 5,
                           examples: Int = 24, steps: Int = 600, stepSize: Double = 0.05,
                           seed: UInt64 = 2020) throws -> StiefelTrainingExperiment {
        require(width >= 1 && depth >= 1 && examples >= 1 && steps >= 1,
                "StiefelTrainingExperiment.run: width \(width), depth \(depth), examples \(examples), steps \(steps)")
        let widths = Array(repeating: width, count: depth + 1) + [1]
        var data = RandomStream(seed: seed, stream: 0)
        let inputs = Matrix.gaussian(rows: examples, columns: width, using: &data)
        let teacher = FullyConnectedNetwork(widths: widths, activation: .tanh, sigmaW: 1.5, sigmaB: 0.2,
                                            initialisation: .gaussian, using: &data)
        let targets = teacher.forward(inputs).outputs
        let checkpoints = Array(Set([0] + stride(from: steps / 10, through: steps, by: Swift.max(steps / 10, 1)).map { $0 } + [steps])).sorted()
        var runs: [Run] = []
        for (index, q) in fixedPoints.enumerated() {
            let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: q)
            var stream = RandomStream(seed: seed, stream: UInt64(index + 1))
            let initial = critical.network(widths: widths, initialisation: .orthogonal, using: &stream)
            let before = try fisherSpectrum(initial, inputs)
            for method in StiefelTraining.Method.allCases {
                var training = StiefelTraining(network: initial, method: method, stepSize: stepSize, inputs: inputs, targets: targets)
                var losses: [Double] = [], reached: Int?
                let initialLoss = training.loss
                for step in 0...steps {
                    let loss = training.loss
                    if reached == nil && loss <= 0.01 * initialLoss { reached = step }
                    if checkpoints.contains(step) { losses.append(loss) }
                    if step < steps { try training.step() }
                }
                let after = try fisherSpectrum(training.network, inputs)
                runs.append(Run(method: method, fixedPoint: q, sigmaW: critical.sigmaW, sigmaB: critical.sigmaB, losses: losses, stepsToOnePercent: reached,
                                finalOrthogonalityError: training.orthogonalityError,
                                initialFisherLambdaMax: before.max, finalFisherLambdaMax: after.max,
                                initialFisherConditionNumber: before.max / before.min, finalFisherConditionNumber: after.max / after.min))
            }
        }
        return StiefelTrainingExperiment(width: width, depth: depth, examples: examples, steps: steps, stepSize: stepSize,
                                         seed: seed, checkpoints: checkpoints, runs: runs)
    }

    /// Largest and smallest eigenvalue of the N × N empirical NTK = the non-zero Fisher spectrum.
    static func fisherSpectrum(_ network: FullyConnectedNetwork, _ inputs: Matrix) throws(NumericsError) -> (max: Double, min: Double) {
        let values = try FisherInformation(network: network, inputs: inputs, link: .identity).empiricalNTK.symmetricEigenvalues()
        return (values.last!, values.first!)
    }
}
