import Datasets
import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension LowRankClaims {
    /// LR-TRAIN: started from the same full-rank draw and trained identically, a low-rank ReLU
    /// classifier initialised by approximating the layer's *function* (rescaled rows, optimised
    /// factors) reaches a lower training loss after T steps than one initialised by approximating
    /// its *weights* (spectral), and the advantage grows as the rank falls.
    ///
    /// Setting: ``LowRankDigitsTraining`` on the UCI 8×8 digits, with one and with two factorised
    /// hidden layers (the smallest forms of the paper's low-rank ResNets; docs/THEORY.md §4, LR-TRAIN).
    /// Two checks: `LR-TRAIN/one-layer` and `LR-TRAIN/two-layer`.
    ///
    /// How it is checked (a demonstration, paired by seed): per seed s and rank r the gap
    /// g_s(r) = L_T(spectral) − L_T(function init) of training losses after T steps. Gated:
    /// E[g(r)] > 0 for both function initialisers at every rank in `gatedRanks`, and
    /// E[g(r) − g(r′)] > 0 for consecutive ranks r < r′ of `trendRanks` (rescaled), each by a
    /// one-sided Student-t lower bound at α/m (m comparisons, Bonferroni). The printed comparison
    /// is the one closest to failing (smallest mean/half-width); the false-failure probability is
    /// the plug-in sum over all m.
    ///
    /// Sizes: a pilot at the ci shape (k = 64, 500 training images, T = 50, η = 0.1, 40 seeds)
    /// measured mean/sd of g = 2.6 (r = 2), 2.8 (r = 4), 5.4 (r = 8) and of g(4) − g(8) = 1.8, the
    /// weakest comparison. At m = 7 and α = 1e-8 a Student-t bound on 48 seeds fails to show an
    /// effect of 1.8 sd with probability ≈ 1e-4 (noncentral t), so ci uses 48 seeds; the run prints
    /// its own plug-in probability. Earlier in training the initialisation matters more: at T = 100
    /// the same effects are 1.5–4 sd and would need 80 seeds. g(2) − g(4) is 0.8 sd (about 200 seeds
    /// for the same power), so the trend is gated from r = 4 up and reported below it.
    ///
    /// Reported, not gated (the paper does not state them): the gaps of test loss and test accuracy,
    /// and the spectral factors scaled to the rescaled factors' Frobenius norm — in our runs that
    /// single number recovers the whole advantage, so at this scale the gain is one of overall
    /// size, not of per-row function fit.
    ///
    /// Negative control: a "function" initialiser that returns the spectral factors (g ≡ 0) must
    /// be rejected.
    public static let training = Claim(
        id: "LR-TRAIN", family: family, theorySection: theorySection,
        citation: "\(paper), §5 (low-rank networks trained from the function-approximating initialisation train better than from the spectral one, more so at low rank); setting: UCI digits (docs/THEORY.md §4)",
        statement: "after T gradient steps on the digits, L(spectral init) − L(function init) > 0 (one hidden layer: r = 2, 4, 8; two: r = 4, 8) and grows as the rank falls from 8 to 4",
        kind: .statistical,
        keyNumberSeeds: [trainingKeySeed],
        keyNumbers: {
            let data = try CommittedDigits.dataset.get()
            let setup = LowRankDigitsTraining.Setup(hiddenUnits: 16, ranks: [2, 4], steps: 20, learningRate: 0.1, trainingImages: 200)
            var stream = RandomStream(seed: trainingKeySeed)
            let outcomes = try LowRankDigitsTraining(data: data, setup: setup).run([.spectral, .rescaled], using: &stream)
            return [.vector("training loss after 20 steps, (spectral, rescaled) at r = 2, 4 (k = 16, 200 images, one seed)",
                            outcomes.flatMap { $0.map(\.trainingLoss) }, .relative(1e-9),
                            reason: "20 gradient steps of small GEMMs; kernels that differ in summation order move the losses by ~1e-14 relative")]
        }
    ) { settings in [trainingCheck(settings, hiddenLayers: 1), trainingCheck(settings, hiddenLayers: 2)] }

    static let trainingKeySeed: UInt64 = 0x10A4_0005_7241_1000

    /// The experiment's shape per profile: the setup, seeds, and which ranks the claim gates.
    struct TrainingSizes {
        var setup: LowRankDigitsTraining.Setup
        var seeds: Int
        var gatedRanks: [Int]
        var trendRanks: [Int]

        /// The network with `hiddenLayers` factorised layers (1 or 2) at `profile`.
        static func forProfile(_ profile: Profile, hiddenLayers: Int = 1) -> TrainingSizes {
            switch (profile, hiddenLayers) {
            case (.quick, 1), (.ci, 1):
                return TrainingSizes(setup: .init(hiddenUnits: 64, ranks: [2, 4, 8], steps: 50, learningRate: 0.1, trainingImages: 500),
                                     seeds: 48, gatedRanks: [2, 4, 8], trendRanks: [4, 8])
            case (.deep, 1):
                return TrainingSizes(setup: .init(hiddenUnits: 128, ranks: [1, 2, 4, 8, 16, 32], steps: 100, learningRate: 0.1),
                                     seeds: 160, gatedRanks: [2, 4, 8], trendRanks: [4, 8, 16, 32])
            case (.quick, _), (.ci, _):
                return TrainingSizes(setup: .init(hiddenUnits: 64, hiddenLayers: hiddenLayers, ranks: [4, 8], steps: 50, learningRate: 0.1,
                                                  trainingImages: 500),
                                     seeds: 32, gatedRanks: [4, 8], trendRanks: [4, 8])
            case (.deep, _):
                return TrainingSizes(setup: .init(hiddenUnits: 128, hiddenLayers: hiddenLayers, ranks: [2, 4, 8, 16, 32], steps: 100,
                                                  learningRate: 0.1),
                                     seeds: 160, gatedRanks: [2, 4, 8], trendRanks: [4, 8, 16, 32])
            }
        }
    }

    /// The arms of every seed, in this order: spectral, the two function initialisers, the scale control.
    static let trainingArms: [LowRankInitialiser] = [.spectral, .rescaled, .optimised, .spectralAtRescaledScale]

    /// One comparison's paired differences and its one-sided decision.
    struct PairedComparison {
        var label: String
        var summary: SampleSummary
        var lower: Double

        init(_ label: String, _ differences: [Double], alpha: Double) throws {
            self.label = label
            summary = try SampleSummary(differences)
            lower = Statistics.meanInterval(summary, confidence: 1 - 2 * alpha).lower
        }

        /// The mean in units of the interval's half-width: the decision holds when this exceeds 1.
        var margin: Double {
            let h = summary.mean - lower
            return h > 0 ? summary.mean / h : (summary.mean > 0 ? .infinity : 0)
        }
    }

    /// Runs every seed (two at a time, each single-threaded) and returns outcomes[seed][rank][arm].
    static func trainingOutcomes(_ context: StatisticalContext, sizes: TrainingSizes,
                                 arms: [LowRankInitialiser]) throws -> [[[LowRankDigitsTraining.Outcome]]] {
        let experiment = LowRankDigitsTraining(data: try CommittedDigits.dataset.get(), setup: sizes.setup)
        // `TrainingSizes.forProfile` has already chosen the profile's seed count (48 or 32 at ci, 160
        // at deep); scaling it again by the profile ran 1,600 seeds per check at deep, some 7 hours
        // of CPU for two checks.
        let seeds = sizes.seeds
        let streams = context.reserveStreams(seeds), runSeed = context.runSeed
        let results = independentRunsInParallel(seeds) { s in
            Result { () throws(NumericsError) -> [[LowRankDigitsTraining.Outcome]] in
                var stream = RandomStream(seed: runSeed, stream: streams.lowerBound + UInt64(s))
                return try experiment.run(arms, using: &stream)
            }
        }
        return try results.map { try $0.get() }
    }

    /// The gated comparisons and the reported ones of one run. `arms[1]` and `arms[2]` are the
    /// function initialisers under test (a control substitutes its own).
    static func trainingEvidence(_ context: StatisticalContext, sizes: TrainingSizes, arms: [LowRankInitialiser],
                                 observations: ((String) -> Void)? = nil) throws -> StatisticalEvidence {
        let outcomes = try trainingOutcomes(context, sizes: sizes, arms: arms)
        let ranks = sizes.setup.ranks
        func gaps(_ r: Int, arm: Int, _ value: KeyPath<LowRankDigitsTraining.Outcome, Double> = \.trainingLoss) -> [Double] {
            let i = ranks.firstIndex(of: r)!
            return outcomes.map { $0[i][0][keyPath: value] - $0[i][arm][keyPath: value] }
        }
        let m = 2 * sizes.gatedRanks.count + sizes.trendRanks.count - 1
        let alpha = context.alpha / Double(m)
        var comparisons: [PairedComparison] = []
        for r in sizes.gatedRanks {
            comparisons.append(try PairedComparison("r = \(r), \(arms[1].name)", gaps(r, arm: 1), alpha: alpha))
            comparisons.append(try PairedComparison("r = \(r), \(arms[2].name)", gaps(r, arm: 2), alpha: alpha))
        }
        for (r, next) in zip(sizes.trendRanks, sizes.trendRanks.dropFirst()) {
            let differences = zip(gaps(r, arm: 1), gaps(next, arm: 1)).map { $0 - $1 }
            comparisons.append(try PairedComparison("gap(r = \(r)) − gap(r = \(next)), \(arms[1].name)", differences, alpha: alpha))
        }
        let weakest = comparisons.min { $0.margin < $1.margin }!
        let falseFailure = Swift.min(1, comparisons.reduce(0.0) {
            $0 + StatisticalEvidence.demonstrationFalseFailure(estimate: $1.summary.mean, lower: $1.lower, threshold: 0,
                                                               alpha: alpha, standardError: $1.summary.standardError)
        })
        if let observations {
            let level = 1 - context.alpha
            for r in ranks {
                func interval(_ values: [Double]) throws -> String {
                    let i = Statistics.meanInterval(try SampleSummary(values), confidence: level)
                    return "\(trainingFormat((i.lower + i.upper) / 2)) ± \(trainingFormat((i.upper - i.lower) / 2))"
                }
                let accuracy = try interval(gaps(r, arm: 1, \.testAccuracy).map { -$0 })
                observations("r = \(r): training-loss gap (spectral − rescaled) \(try interval(gaps(r, arm: 1))), optimised \(try interval(gaps(r, arm: 2))); "
                             + "test-loss gap \(try interval(gaps(r, arm: 1, \.testLoss))); test-accuracy gain \(accuracy); "
                             + "spectral at the rescaled scale − rescaled \(try interval(gaps(r, arm: 1).enumerated().map { s, g in g - gaps(r, arm: 3)[s] }))"
                             + " (two-sided, confidence 1 − \(trainingFormat(context.alpha)))")
            }
        }
        var evidence = StatisticalEvidence(
            claim: "E[L_T(spectral) − L_T(function init)] > 0 at r ∈ \(sizes.gatedRanks) and the gap falls over r ∈ \(sizes.trendRanks); weakest: \(weakest.label)",
            method: "paired by seed (\(weakest.summary.count) seeds; L = \(sizes.setup.hiddenLayers) × k = \(sizes.setup.hiddenUnits), T = \(sizes.setup.steps), η = \(trainingFormat(sizes.setup.learningRate))); "
                + "Student t one-sided lower bounds, Bonferroni over \(m) comparisons",
            sampleSize: weakest.summary.count, estimate: weakest.summary.mean, lower: weakest.lower, upper: .infinity, claimed: 0,
            alpha: context.alpha, consistent: comparisons.allSatisfy { $0.lower > 0 }, claimedRelation: ">")
        evidence.falseFailureProbability = falseFailure
        return evidence
    }

    static func trainingCheck(_ settings: CheckSettings, hiddenLayers: Int) -> CheckReport {
        let name = hiddenLayers == 1 ? "LR-TRAIN/one-layer" : "LR-TRAIN/two-layer"
        let sizes = TrainingSizes.forProfile(ResolvedSettings(name: name, settings: settings).profile, hiddenLayers: hiddenLayers)
        var lines: [String] = []
        var report = PropertyCheck.statistical(name, settings: settings, falsifiers: [
            StatisticalFalsifier("'function' initialisers that return the spectral factors", minimumPower: 1) { context in
                // One name: the disguised arm trains once per rank and seed (see LowRankDigitsTraining.run).
                try trainingEvidence(context, sizes: sizes, arms: [.spectral, disguisedInitialiser, disguisedInitialiser, disguisedInitialiser])
            },
        ]) { context in try trainingEvidence(context, sizes: sizes, arms: trainingArms) { lines.append($0) } }
        report.notes += lines
        return report
    }

    static let disguisedInitialiser = LowRankInitialiser("spectral in disguise") { w, r in try spectralInDisguise(w, rank: r) }
}

/// Four significant digits, for the reported intervals.
private func trainingFormat(_ x: Double) -> String { String(format: "%.4g", x) }
