import Foundation
import Numerics
import PropertyCheck
import PropertyCheckTesting
import Testing

/// N(μ, 1) draws.
func normalSampler(mean: Double) -> Gen<Double> {
    Gen<RandomStream>.stream.map { stream in var s = stream; return s.normal(mean: mean, standardDeviation: 1) }
}

/// Uniform draws on [0, 1].
let uniformSampler = Gen.double(in: 0...1)

@Suite struct StatisticalCheckTests {
    /// The calibration experiment: a true claim checked under 1,000 different seeds at a stated
    /// α = 0.05 fails in a Binomial(1000, ≤ 0.05) number of runs. With exact coverage (Student t on
    /// normal data) the count must fall in the two-sided 1 − 10⁻⁶ acceptance region of
    /// Binomial(1000, 0.05); for conservative methods (Hoeffding, Clopper–Pearson, KS with a
    /// discrete statistic) only the upper end applies. A miscalibrated interval (e.g. a z interval
    /// at n = 5, or a forgotten √n) lands outside.
    static let calibrationRuns = 1_000
    static let statedAlpha = 0.05
    static let region = BinomialDistribution(trials: calibrationRuns, probability: statedAlpha).acceptanceRegion(alpha: 1e-6)

    /// Runs `check` under base seeds s, s + 1, …, s + 999, with s the run's base seed (so
    /// `THEORYCHECK_SEED` repeats the experiment on another 1,000 seeds), and counts failures.
    static func falseFailures(_ check: (UInt64) -> CheckReport) -> Int {
        let base = ResolvedSettings(name: "calibration").baseSeed
        return (0..<UInt64(calibrationRuns)).filter { !check(base &+ $0).passed }.count
    }

    @Test func trueMeanClaimFailsAtTheStatedRateOverAThousandSeeds() {
        let failures = Self.falseFailures { seed in
            PropertyCheck.mean("calibration-t", of: normalSampler(mean: 0.3), equals: 0.3, samples: 10,
                               settings: CheckSettings(seed: seed, profile: .ci, alpha: Self.statedAlpha))
        }
        print("calibration: Student t, n = 10, α = 0.05: \(failures) false failures in \(Self.calibrationRuns) seeds (rate \(Double(failures) / Double(Self.calibrationRuns)))")
        #expect(Self.region.contains(failures), "\(failures) false failures; expected within \(Self.region)")
    }

    @Test func conservativeMethodsNeverExceedTheStatedRate() {
        let hoeffding = Self.falseFailures { seed in
            PropertyCheck.mean("calibration-hoeffding", of: uniformSampler, equals: 0.5, samples: 20,
                               method: .hoeffding(bounds: 0...1),
                               settings: CheckSettings(seed: seed, profile: .ci, alpha: Self.statedAlpha))
        }
        let clopperPearson = Self.falseFailures { seed in
            PropertyCheck.proportion("calibration-cp", of: Gen.double(in: 0...1).map { $0 < 0.3 }, equals: 0.3,
                                     samples: 40, settings: CheckSettings(seed: seed, profile: .ci, alpha: Self.statedAlpha))
        }
        let kolmogorovSmirnov = Self.falseFailures { seed in
            PropertyCheck.sameDistribution("calibration-ks", uniformSampler, uniformSampler, samples: 20,
                                           settings: CheckSettings(seed: seed, profile: .ci, alpha: Self.statedAlpha))
        }
        print("calibration at α = 0.05 over \(Self.calibrationRuns) seeds: Hoeffding \(hoeffding), Clopper–Pearson \(clopperPearson), two-sample KS \(kolmogorovSmirnov) false failures")
        for count in [hoeffding, clopperPearson, kolmogorovSmirnov] {
            #expect(count <= Self.region.upperBound)
        }
    }

    @Test func defaultBudgetGivesNoFalseFailureOverAThousandSeeds() {
        // Default α = 1e-6/100 = 1e-8 per check: P(any failure in 1000 runs) ≤ 1e-5.
        let failures = Self.falseFailures { seed in
            PropertyCheck.mean("default-alpha", of: normalSampler(mean: -1), equals: -1, samples: 10,
                               settings: CheckSettings(seed: seed, profile: .ci))
        }
        #expect(failures == 0)
        let report = PropertyCheck.mean("default-alpha", of: normalSampler(mean: -1), equals: -1, samples: 10)
        #expect(report.statistics?.alpha == 1e-8)
        #expect(report.description.contains("family-wise 1e-06 over 100 declared statistical checks"))
    }

    @Test func falseMeanClaimFailsWithBothSidesAndAReplayLine() throws {
        let report = PropertyCheck.mean("wrong-mean", of: normalSampler(mean: 0.5), equals: 0, samples: 2_000)
        #expect(report.verdict == .failed)
        let evidence = try #require(report.statistics)
        let lower = try #require(evidence.lower)
        #expect(lower > 0 && evidence.claimed == 0)
        let line = try #require(report.replayLine)
        #expect(line.hasPrefix("THEORYCHECK_PROFILE=\(report.profile.rawValue) THEORYCHECK_REPLAY='wrong-mean@"))
        let replayed = CheckSettings.$environment.withValue(environment(fromReplayLine: line)) {
            PropertyCheck.mean("wrong-mean", of: normalSampler(mean: 0.5), equals: 0, samples: 2_000)
        }
        #expect(replayed.statistics == report.statistics)
    }

    @Test func statisticalNegativeControlsMustBeRejected() {
        // Correct claim with a falsifier that is far off: rejected, the check passes.
        let good = PropertyCheck.mean("mean-with-control", of: normalSampler(mean: 1), equals: 1, samples: 400,
                                      falsifiers: [(name: "mean 2", sampler: normalSampler(mean: 2), minimumPower: 1)])
        #expect(good.passed, "\(good)")
        // A "wrong" variant the check cannot tell apart (mean 1.001 with 400 samples) is not
        // rejected, and the check fails: it has not shown it can fail.
        let blind = PropertyCheck.mean("mean-blind-control", of: normalSampler(mean: 1), equals: 1, samples: 400,
                                       falsifiers: [(name: "mean 1.001", sampler: normalSampler(mean: 1.001), minimumPower: 1)])
        #expect(blind.verdict == .failed)
        #expect(blind.negativeControls.first?.passed == false)
        // Stated power below 1 is tested with replicates: shift 0.35 at n = 400, α ≈ 5e-9 has power ≈ 0.86 (z shift 7 against a critical value ≈ 5.9),
        // so a stated 0.5 must hold over 20 replicates (P(Bin(20, 0.5) ≤ R) stays ≫ α).
        let stochastic = PropertyCheck.statistical("stochastic-control", falsifiers: [
            StatisticalFalsifier("mean shifted by 0.35", minimumPower: 0.5, replicates: 20) { context in
                try StatisticalEvidence.mean(try context.draw(normalSampler(mean: 1.35), count: 400), equals: 1,
                                             alpha: context.alpha)
            },
        ]) { context in
            try StatisticalEvidence.mean(try context.draw(normalSampler(mean: 1), count: 400), equals: 1, alpha: context.alpha)
        }
        #expect(stochastic.passed, "\(stochastic)")
        #expect(stochastic.negativeControls.first?.replicates == 20)
        // Overstating the power of a weak variant fails the control.
        let overstated = PropertyCheck.statistical("overstated-control", falsifiers: [
            StatisticalFalsifier("mean shifted by 0.05", minimumPower: 0.9, replicates: 20) { context in
                try StatisticalEvidence.mean(try context.draw(normalSampler(mean: 1.05), count: 400), equals: 1,
                                             alpha: context.alpha)
            },
        ]) { context in
            try StatisticalEvidence.mean(try context.draw(normalSampler(mean: 1), count: 400), equals: 1, alpha: context.alpha)
        }
        #expect(overstated.verdict == .failed, "\(overstated)")
    }

    @Test func sameDistributionDetectsADifferentScale() {
        let report = PropertyCheck.sameDistribution(
            "uniform-vs-uniform", uniformSampler, Gen.double(in: 0...1).map { 1 - $0 }, samples: 500,
            settings: CheckSettings(profile: .ci),
            falsifiers: [(name: "squared uniform", y: Gen.double(in: 0...1).map { $0 * $0 }, minimumPower: 1)])
        #expect(report.passed, "\(report)")
    }

    @Test func decisionsGiveTheNumbersOnBothSides() throws {
        let e = try StatisticalEvidence.mean([1, 2, 3, 4, 5], equals: 3, alpha: 0.05)
        // t interval 3 ± t_{4, 0.975}·√(2.5/5); t_{4,0.975} = 2.7764451051977987 (scipy.stats.t.ppf).
        #expect(abs((e.upper ?? 0) - (3 + 2.7764451051977987 * 0.5.squareRoot())) < 1e-9)
        #expect(e.consistent)
        let p = StatisticalEvidence.proportion(successes: 0, trials: 50, atMost: 0.01, alpha: 0.01)
        #expect(p.consistent)
        let q = StatisticalEvidence.proportion(successes: 45, trials: 50, atLeast: 0.99, alpha: 0.01)
        #expect(!q.consistent)
    }
}
