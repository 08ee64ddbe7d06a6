import Datasets
import Foundation
import Numerics

/// Sokol & Park's comparison of Euclidean and Stiefel-constrained training on real data (arXiv
/// 1810.03785, §5: deep critical tanh networks with a softmax output; docs/THEORY.md §3,
/// FIM-STIEFEL and FIM-JACOBIAN-BOUND/digits): the UCI digits, standardised, through
/// `depth` hidden tanh layers of width 64 — so every layer but the softmax read-out is a square
/// 64 × 64 layer and is kept orthogonal by the Stiefel method — into ten classes.
///
/// One run draws a critical orthogonal network at the given q*, trains it from the same start
/// with both methods of ``StiefelTraining`` (cross-entropy, full batch, the same step size), and
/// records for each the loss at checkpoints, the steps to reach the loss `targetLoss`, the test accuracy and the distance from the orthogonal group; and, through
/// ``LayerwiseFisher`` on the first `fisherImages` training images, the Fisher's λ_max and
/// condition number at the start and the end, with the right-hand side of bound (a).
public struct StiefelDigitsTraining: Sendable {
    public struct Setup: Sendable, Codable, Equatable {
        /// Hidden layers of width 64.
        public var depth: Int
        public var trainingImages: Int
        /// Images on which the Fisher is computed (the first ones of the training set).
        public var fisherImages: Int
        public var steps: Int
        /// The step size is stepFactor/λ_max(G₀), G₀ the network's Fisher at initialisation: the
        /// Gauss–Newton curvature of the cross-entropy, so a fixed factor keeps every depth and q*
        /// at a comparable distance from the stability edge (λ_max(G₀) grows from ≈ 1 at depth 5,
        /// q* = 0.1 to ≈ 600 at depth 100, q* = 2; one fixed step size trains the first slowly and
        /// throws the second off). The training coordinates differ from the Fisher's effective
        /// parameters by per-layer factors (σ_w² for the square layers), so the factor is a
        /// dimensionless setting, not an exact fraction of the edge. Both methods use the same step.
        public var stepFactor: Double
        /// Speed is measured as the first step with training loss ≤ targetLoss (an absolute level,
        /// so that starts with different initial losses — q* moves it from 2.3 to 5 — are compared
        /// on the same footing; 0.5 nats is about 80% of the way from chance, ln 10 ≈ 2.3).
        public var targetLoss: Double
        public var testFraction: Double

        public init(depth: Int, trainingImages: Int = 256, fisherImages: Int = 32, steps: Int = 200, stepFactor: Double = 1,
                    targetLoss: Double = 0.5, testFraction: Double = 0.25) {
            self.depth = depth; self.trainingImages = trainingImages; self.fisherImages = fisherImages
            self.steps = steps; self.stepFactor = stepFactor; self.targetLoss = targetLoss; self.testFraction = testFraction
        }

        func validate() {
            require(depth >= 1 && trainingImages >= DigitsDataset.classCount && fisherImages >= 1 && fisherImages <= trainingImages
                    && steps >= 1 && stepFactor > 0 && stepFactor.isFinite && targetLoss > 0 && targetLoss.isFinite
                    && testFraction > 0 && testFraction < 1,
                    "StiefelDigitsTraining.Setup: depth \(depth), images \(trainingImages), Fisher images \(fisherImages), steps \(steps), "
                    + "step factor \(stepFactor), target \(targetLoss), test fraction \(testFraction)")
        }
    }

    /// The Fisher summary of one network on the Fisher images.
    public struct FisherSummary: Sendable, Codable, Equatable {
        public var largestEigenvalue: Double
        /// λ_max/λ_min over the non-zero spectrum.
        public var conditionNumber: Double
        /// Right-hand side of bound (a), ``LayerwiseFisher/boundA``.
        public var boundA: Double
        /// mean_n σ_max(∂h^{L+1}/∂x⁰)².
        public var inputOutputSigmaMaxSquared: Double

        init(_ fisher: LayerwiseFisher) throws(NumericsError) {
            let spectrum = try fisher.spectrum()
            largestEigenvalue = spectrum.largest; conditionNumber = spectrum.conditionNumber
            boundA = fisher.boundA; inputOutputSigmaMaxSquared = fisher.meanInputOutputSigmaMaxSquared
        }
    }

    public struct Outcome: Sendable, Codable, Equatable {
        public var method: StiefelTraining.Method
        /// Training loss at ``Run/checkpoints``.
        public var losses: [Double]
        /// First step with training loss ≤ `targetLoss` (nil if never within `steps`).
        public var stepsToTarget: Int?
        public var testAccuracy: Double
        /// max over the square layers of ‖XᵀX − I‖_max after training.
        public var orthogonalityError: Double
        public var finalFisher: FisherSummary
    }

    public struct Run: Sendable, Codable, Equatable {
        public var fixedPoint: Double
        public var sigmaW: Double
        public var sigmaB: Double
        public var checkpoints: [Int]
        /// stepFactor/λ_max(G₀), shared by both methods.
        public var stepSize: Double
        public var initialFisher: FisherSummary
        public var outcomes: [Outcome]
    }

    /// One comparison at `depth` and q* from `seed` (split, image subset, network).
    ///
    /// Cost per method: `steps` forward/backward passes over the images (≈ 8·images·64²·depth flops)
    /// plus one Cayley solve per square layer and step; two ``LayerwiseFisher`` spectra.
    ///
    /// - Throws: `NumericsError` when q* has no critical point, training diverges or an
    ///   eigenproblem fails; `DatasetError` when the digits file is missing or damaged.
    public static func run(fixedPoint: Double, setup: Setup, seed: UInt64) throws -> Run {
        var prepared = try prepare(setup, seed: seed)
        let (x, y, xTest, fisherInputs) = (prepared.inputs, prepared.targets, prepared.testInputs, prepared.fisherInputs)
        let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: fixedPoint)
        let initial = critical.network(widths: prepared.widths, initialisation: .orthogonal, using: &prepared.stream)
        let initialFisher = try FisherSummary(LayerwiseFisher(network: initial, inputs: fisherInputs, link: .softmax))
        let stepSize = setup.stepFactor / initialFisher.largestEigenvalue
        guard stepSize.isFinite && stepSize > 0 else {
            throw NumericsError.domain(operation: "StiefelDigitsTraining.run", detail: "initial Fisher λ_max = \(initialFisher.largestEigenvalue) gives no step size")
        }
        let checkpoints = Array(Set([0, setup.steps] + stride(from: 0, through: setup.steps, by: Swift.max(setup.steps / 10, 1)))).sorted()

        var outcomes: [Outcome] = []
        for method in StiefelTraining.Method.allCases {
            var training = StiefelTraining(network: initial, method: method, stepSize: stepSize, inputs: x, targets: y, link: .softmax)
            var losses: [Double] = [], reached: Int?
            for step in 0...setup.steps {
                let loss = step < setup.steps ? try training.step() : training.loss
                if reached == nil && loss <= setup.targetLoss { reached = step }
                if checkpoints.contains(step) { losses.append(loss) }
            }
            let predictions = training.network.forward(xTest).outputs
            let correct = (0..<xTest.rows).filter { r in
                let row = predictions.row(r)
                return row.indices.max { row[$0] < row[$1] } == prepared.testLabels[r]
            }.count
            outcomes.append(Outcome(method: method, losses: losses, stepsToTarget: reached,
                                    testAccuracy: Double(correct) / Double(xTest.rows),
                                    orthogonalityError: training.orthogonalityError,
                                    finalFisher: try FisherSummary(LayerwiseFisher(network: training.network, inputs: fisherInputs, link: .softmax))))
        }
        return Run(fixedPoint: fixedPoint, sigmaW: critical.sigmaW, sigmaB: critical.sigmaB, checkpoints: checkpoints,
                   stepSize: stepSize, initialFisher: initialFisher, outcomes: outcomes)
    }

    /// The data of one seed: standardised training images (fitted on them), one-hot targets, the
    /// standardised test images, the Fisher images, the layer widths, and the stream positioned
    /// where the network is drawn.
    struct Prepared {
        var inputs: Matrix
        var targets: Matrix
        var testInputs: Matrix
        var testLabels: [Int]
        var fisherInputs: Matrix
        var widths: [Int]
        var stream: RandomStream
    }

    static func prepare(_ setup: Setup, seed: UInt64) throws -> Prepared {
        setup.validate()
        let data = try CommittedDigits.dataset.get()
        var stream = RandomStream(seed: seed, stream: 0)
        let split = data.split(testFraction: setup.testFraction, seed: stream.next())
        var order = Array(0..<split.train.count)
        let count = Swift.min(setup.trainingImages, order.count)
        for i in 0..<count { order.swapAt(i, stream.integer(in: i...(order.count - 1))) }
        let training = split.train[Array(order.prefix(count))]
        let standardisation = FeatureStandardisation(fittedTo: training.scaledPixels())
        let x = standardisation.apply(training.scaledPixels())
        return Prepared(inputs: x, targets: training.oneHotLabels(), testInputs: standardisation.apply(split.test.scaledPixels()),
                        testLabels: split.test.labels, fisherInputs: x[rows: 0..<setup.fisherImages, columns: 0..<x.columns],
                        widths: Array(repeating: DigitsDataset.pixelCount, count: setup.depth + 1) + [DigitsDataset.classCount],
                        stream: stream)
    }
}
