import Datasets
import Foundation
import Numerics

/// How a full-rank hidden layer W (k×d) becomes the rank-r factors a low-rank network starts from.
public struct LowRankInitialiser: Sendable {
    public var name: String
    public var factors: @Sendable (_ w: Matrix, _ rank: Int) throws -> LowRankFactors

    public init(_ name: String, factors: @escaping @Sendable (Matrix, Int) throws -> LowRankFactors) {
        self.name = name; self.factors = factors
    }

    /// Approximates the weights: the truncated SVD (algorithm 1 of Vodrahalli et al.).
    public static let spectral = LowRankInitialiser("spectral") { w, r in try LowRankReLU.spectral(w, rank: r) }
    /// Approximates the function: SVD subspace, rows rescaled in closed form (algorithm 2).
    public static let rescaled = LowRankInitialiser("rescaled") { w, r in try LowRankReLU.rescaled(w, rank: r) }
    /// Approximates the function: the majorise–minimise optimiser from the rescaled start (algorithm 3).
    public static let optimised = LowRankInitialiser("optimised") { w, r in try LowRankReLU.optimised(w, rank: r).factors }
    /// The spectral factors multiplied by one number so that ‖UV‖_F equals the rescaled factors'.
    /// Not a method of the paper: it separates what the rescaled rows gain by their *overall size*
    /// from what they gain by weighting each row by its own function fit.
    public static let spectralAtRescaledScale = LowRankInitialiser("spectral at the rescaled scale") { w, r in
        var s = try LowRankReLU.spectral(w, rank: r)
        let target = try LowRankReLU.rescaled(w, rank: r)
        // Both V have orthonormal rows, so ‖UV‖_F = ‖U‖_F.
        let norm = s.u.frobeniusNorm
        if norm > 0 { s.u = s.u * (target.u.frobeniusNorm / norm) }
        return s
    }
}

/// LR-TRAIN's experiment (Vodrahalli et al. §5 in miniature): a ReLU classifier of the 8×8 digits
/// with L hidden layers of k units, each factorised at rank r, started from one full-rank draw by
/// several initialisers and trained identically, so the only difference between the runs of one
/// seed is the initialiser.
///
/// One seed: a stratified train/test split of the 1,797 images, pixels standardised by the
/// training images' statistics; W₁ (k×64) with N(0, 2/64) entries (He scaling for ReLU), readout A
/// (10×k) with N(0, 1/k) entries and zero bias, then W₂…W_L (k×k) with N(0, 2/k) entries. For each
/// rank and initialiser: every W_l factorised by the initialiser on its own (as the paper does,
/// layer by layer), then `steps` full-batch gradient-descent steps on the mean cross-entropy at
/// `learningRate`, every run from the same A.
public struct LowRankDigitsTraining: Sendable {
    public struct Setup: Sendable, Hashable {
        /// Hidden units k per layer.
        public var hiddenUnits: Int
        /// Hidden layers L.
        public var hiddenLayers: Int
        public var ranks: [Int]
        public var steps: Int
        public var learningRate: Double
        /// Share of each class held out for testing.
        public var testFraction: Double
        /// Training images used (a seeded random subset of the training split); nil: all of it.
        public var trainingImages: Int?

        public init(hiddenUnits: Int, hiddenLayers: Int = 1, ranks: [Int], steps: Int, learningRate: Double, testFraction: Double = 0.25,
                    trainingImages: Int? = nil) {
            require(hiddenLayers >= 1, "LowRankDigitsTraining.Setup: hiddenLayers \(hiddenLayers) must be ≥ 1")
            require(hiddenUnits >= 1 && !ranks.isEmpty && ranks.allSatisfy { $0 >= 1 && $0 <= Swift.min(hiddenUnits, DigitsDataset.pixelCount) },
                    "LowRankDigitsTraining.Setup: ranks \(ranks) must lie in 1...min(k = \(hiddenUnits), 64)")
            require(steps >= 0 && learningRate > 0 && learningRate.isFinite && testFraction > 0 && testFraction < 1
                    && (trainingImages.map { $0 >= DigitsDataset.classCount } ?? true),
                    "LowRankDigitsTraining.Setup: steps \(steps), η \(learningRate), test fraction \(testFraction), training images \(trainingImages.map(String.init) ?? "all")")
            self.hiddenUnits = hiddenUnits; self.hiddenLayers = hiddenLayers; self.ranks = ranks; self.steps = steps; self.learningRate = learningRate
            self.testFraction = testFraction; self.trainingImages = trainingImages
        }
    }

    /// One trained network.
    public struct Outcome: Sendable, Hashable {
        public var initialTrainingLoss: Double
        public var trainingLoss: Double
        public var testLoss: Double
        public var testAccuracy: Double
    }

    public let data: DigitsDataset
    public let setup: Setup

    public init(data: DigitsDataset, setup: Setup) { self.data = data; self.setup = setup }

    /// One seed: `outcomes[i][j]` is rank `setup.ranks[i]` started by `initialisers[j]`. An
    /// initialiser whose name repeats an earlier one's is taken to be the same function and its run
    /// is reused (training is deterministic, so rerunning it would give the same bits).
    ///
    /// - Throws: `NumericsError` when an SVD fails or training diverges.
    public func run(_ initialisers: [LowRankInitialiser], using stream: inout RandomStream) throws(NumericsError) -> [[Outcome]] {
        let split = data.split(testFraction: setup.testFraction, seed: stream.next())
        var training = split.train
        if let count = setup.trainingImages, count < training.count {
            var order = Array(0..<training.count)
            for i in 0..<count { order.swapAt(i, stream.integer(in: i...(order.count - 1))) }
            training = training[Array(order.prefix(count)).sorted()]
        }
        let standardisation = FeatureStandardisation(fittedTo: training.scaledPixels())
        let x = standardisation.apply(training.scaledPixels())
        let xTest = standardisation.apply(split.test.scaledPixels())
        let k = setup.hiddenUnits, d = DigitsDataset.pixelCount
        let w = Matrix.gaussian(rows: k, columns: d, using: &stream) * (2 / Double(d)).squareRoot()
        let readout = Matrix.gaussian(rows: DigitsDataset.classCount, columns: k, using: &stream) * (1 / Double(k)).squareRoot()
        let bias = [Double](repeating: 0, count: DigitsDataset.classCount)
        let weights = [w] + (1..<setup.hiddenLayers).map { _ in
            Matrix.gaussian(rows: k, columns: k, using: &stream) * (2 / Double(k)).squareRoot()
        }
        var outcomes: [[Outcome]] = []
        for r in setup.ranks {
            var row: [Outcome] = []
            for (j, initialiser) in initialisers.enumerated() {
                if let earlier = initialisers[..<j].firstIndex(where: { $0.name == initialiser.name }) {
                    row.append(row[earlier]); continue
                }
                let factors: [LowRankFactors]
                do { factors = try weights.map { try initialiser.factors($0, r) } } catch let error as NumericsError { throw error } catch {
                    throw .domain(operation: "LowRankDigitsTraining.run", detail: "initialiser \(initialiser.name): \(error)")
                }
                var network = LowRankClassifier(layers: factors, outputWeights: readout, outputBias: bias)
                let initial = network.evaluate(x, labels: training.labels).loss
                try network.trainByGradientDescent(x, labels: training.labels, learningRate: setup.learningRate, steps: setup.steps)
                let trained = network.evaluate(x, labels: training.labels)
                let test = network.evaluate(xTest, labels: split.test.labels)
                row.append(Outcome(initialTrainingLoss: initial, trainingLoss: trained.loss, testLoss: test.loss, testAccuracy: test.accuracy))
            }
            outcomes.append(row)
        }
        return outcomes
    }
}
