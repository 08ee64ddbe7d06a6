import Foundation
import Numerics
@testable import PropertyCheck
import Testing

/// The stated resolutions are honest: simulated over 1,000 independent runs, a deviation equal to
/// the stated resolution is detected with probability ≥ 0.99, and a true claim fails at most at
/// rate α — each judged by an exact binomial test at level 1e-6, so these tests flake with
/// probability below 1e-5 in total.
///
/// α = 1e-3 here (not the suite's 1e-8) so that false failures are frequent enough to count.
@Suite struct ResolutionTests {
    static let runs = 1000
    static let alpha = 1e-3

    /// Rejections of a check at the truth `shifted(by:)` of its stated resolution, over `runs`
    /// runs; the resolution of each run is stated by a separate pilot run (stream 2k), the data
    /// judged come from stream 2k + 1.
    static func rejections(
        decide: (_ stream: inout RandomStream, _ deviation: Double) throws -> StatisticalEvidence,
        understate: Double = 1
    ) throws -> (atResolution: Int, atClaim: Int, meanResolution: Double) {
        var atResolution = 0, atClaim = 0, total = 0.0
        for k in 0..<runs {
            var pilot = RandomStream(seed: 0x5E50_1071, stream: UInt64(2 * k))
            let stated = try #require(try decide(&pilot, 0).resolution).value * understate
            total += stated
            var data = RandomStream(seed: 0x5E50_1071, stream: UInt64(2 * k + 1))
            if try !decide(&data, stated).consistent { atResolution += 1 }
            var null = RandomStream(seed: 0xA11CE, stream: UInt64(k))
            if try !decide(&null, 0).consistent { atClaim += 1 }
        }
        return (atResolution, atClaim, total / Double(runs))
    }

    /// P(Binomial(runs, p) ≤ count): small when `count` is implausibly low for success rate p.
    static func lowerTail(_ count: Int, _ p: Double) -> Double { BinomialDistribution(trials: runs, probability: p).cdf(count) }
    static func upperTail(_ count: Int, _ p: Double) -> Double {
        count == 0 ? 1 : BinomialDistribution(trials: runs, probability: p).survival(count - 1)
    }

    static func expectHonest(_ name: String, _ r: (atResolution: Int, atClaim: Int, meanResolution: Double)) {
        print("\(name): mean stated resolution \(r.meanResolution); detected \(r.atResolution)/\(runs) at it; \(r.atClaim)/\(runs) false failures at α = \(alpha)")
        #expect(lowerTail(r.atResolution, Resolution.standardPower) >= 1e-6,
                "\(name): detected \(r.atResolution)/\(runs) at the stated resolution; power 0.99 is implausible")
        #expect(upperTail(r.atClaim, alpha) >= 1e-6, "\(name): \(r.atClaim)/\(runs) false failures at α = \(alpha)")
    }

    @Test func meanOfAClosedForm() throws {
        // E[X] = 2 for X ~ N(2, 1.5²); truth moved by the stated relative resolution.
        let r = try Self.rejections { stream, deviation in
            let truth = 2 * (1 + deviation)
            let sample = (0..<200).map { _ in stream.normal(mean: truth, standardDeviation: 1.5) }
            return try StatisticalEvidence.mean(sample, equals: 2, alpha: Self.alpha)
        }
        Self.expectHonest("mean", r)
    }

    @Test func proportion() throws {
        let r = try Self.rejections { stream, deviation in
            let successes = (0..<400).filter { _ in stream.bernoulli(0.3 + deviation) }.count
            return StatisticalEvidence.proportion(successes: successes, trials: 400, equals: 0.3, alpha: Self.alpha)
        }
        Self.expectHonest("proportion", r)
    }

    @Test func kolmogorovSmirnovDistance() throws {
        // U(0, 1) against its own CDF; the truth is shifted by the stated sup distance.
        let r = try Self.rejections { stream, deviation in
            let sample = (0..<500).map { _ in stream.uniform() + deviation }
            return try StatisticalEvidence.distribution(sample, matches: { Swift.min(Swift.max($0, 0), 1) },
                                                        named: "U(0, 1)", alpha: Self.alpha)
        }
        Self.expectHonest("Kolmogorov–Smirnov", r)
    }

    @Test func fittedExponent() throws {
        // y = x^(−1/2)·e^ε, ε ~ N(0, 0.3²), five points × 20 repeats; truth exponent moved by the resolution.
        let xs = [16.0, 32, 64, 128, 256]
        let r = try Self.rejections { stream, deviation in
            var x: [Double] = [], y: [Double] = []
            for v in xs { for _ in 0..<20 { x.append(v); y.append(Foundation.pow(v, -0.5 + deviation) * Foundation.exp(0.3 * stream.normal())) } }
            return try StatisticalEvidence.slope("y ∝ x^b", x: x, y: y, assertions: [.consistentWith(exponent: -0.5, tolerance: 0)],
                                                 alpha: Self.alpha)
        }
        Self.expectHonest("exponent", r)
    }

    /// Negative control: a resolution stated as the interval's half-width alone (without the
    /// z·se term) is detected only about half the time, and the power test rejects it.
    @Test func anUnderstatedResolutionIsCaught() throws {
        let r = try Self.rejections(decide: { stream, deviation in
            let sample = (0..<200).map { _ in stream.normal(mean: 2 * (1 + deviation), standardDeviation: 1.5) }
            return try StatisticalEvidence.mean(sample, equals: 2, alpha: Self.alpha)
        }, understate: 0.6)
        #expect(Self.lowerTail(r.atResolution, Resolution.standardPower) < 1e-6,
                "an understated resolution was detected \(r.atResolution)/\(Self.runs) times")
    }

    /// The closed forms: τ + h + z_0.99·se, and the DKW sum for Kolmogorov–Smirnov.
    @Test func formulas() {
        let r = Resolution.interval(halfWidth: 0.3, standardError: 0.1, allowance: 0.05, alpha: 1e-8,
                                    scale: .relative, reference: -2)
        #expect(Swift.abs(r.value - (0.05 + 0.3 + 2.3263478740408408 * 0.1) / 2) < 1e-12)
        // se recovered from a two-sided interval: h / z_{1 − α/2}.
        let recovered = Resolution.interval(halfWidth: 1.959963984540054, standardError: nil, alpha: 0.05, scale: .absolute)
        #expect(Swift.abs(recovered.value - (1.959963984540054 + 2.3263478740408408)) < 1e-9)
        let ks = Resolution.kolmogorovSmirnov(effectiveSampleSize: 1000, alpha: 1e-8)
        #expect(Swift.abs(ks.value - ((Foundation.log(2e8) / 2000).squareRoot() + (Foundation.log(200) / 2000).squareRoot())) < 1e-15)
        #expect(Resolution.interval(halfWidth: 1, standardError: 0, alpha: 0.05, scale: .relative, reference: 0).scale == .absolute)
        #expect(r.withStandardTarget(profile: .ci).meetsTarget == false)
        #expect(Resolution(value: 0.004, scale: .relative, derivation: "").withStandardTarget(profile: .ci).meetsTarget == true)
    }

    /// The two-sample KS size is the smallest n per sample whose resolution meets the target: the
    /// values (from the closed form, Python) and the step on either side of it.
    @Test func twoSampleKolmogorovSmirnovSize() {
        #expect(Resolution.kolmogorovSmirnovTwoSampleSize(reaching: 0.02, alpha: 1e-8) == 111_348)
        #expect(Resolution.kolmogorovSmirnovTwoSampleSize(reaching: 0.2, alpha: 1e-8) == 1_114)
        for (target, alpha) in [(0.02, 1e-8), (0.05, 1e-6), (0.1, 0.05)] {
            let n = Resolution.kolmogorovSmirnovTwoSampleSize(reaching: target, alpha: alpha)
            #expect(Resolution.kolmogorovSmirnov(effectiveSampleSize: Double(n) / 2, alpha: alpha).value <= target)
            #expect(Resolution.kolmogorovSmirnov(effectiveSampleSize: Double(n - 1) / 2, alpha: alpha).value > target)
        }
    }

    /// The batched form asks for the pilot, then the planned trials, and decides exactly as the
    /// one-at-a-time form on the same outcomes.
    @Test func demonstrationsInBatchesDecideAsOneAtATime() throws {
        for (k, p) in [0.5, 0.65, 0.8, 0.95].enumerated() {
            var single = RandomStream(seed: 0xBA7C, stream: UInt64(k)), batched = single
            let one = try StatisticalEvidence.proportionExceeds("P(win) > ½", threshold: 0.5, pilotTrials: 20, maximumTrials: 200,
                                                                alpha: Self.alpha, falseFailureTarget: 0.01) { single.bernoulli(p) }
            var batches: [Int] = []
            let many = try StatisticalEvidence.proportionExceeds("P(win) > ½", threshold: 0.5, pilotTrials: 20, maximumTrials: 200,
                                                                 alpha: Self.alpha, falseFailureTarget: 0.01) { (count: Int) in
                batches.append(count)
                return (0..<count).map { _ in batched.bernoulli(p) }
            }
            #expect(batches == [20, one.sampleSize], "p = \(p): batches \(batches), planned \(one.sampleSize)")
            #expect(many.estimate == one.estimate && many.lower == one.lower && many.consistent == one.consistent)
            #expect(many.method == one.method && many.falseFailureProbability == one.falseFailureProbability)
        }
    }

    /// Demonstrations sized from a pilot: a true effect (p = 0.8 > ½) fails at about the planned
    /// false-failure probability, and a false one (p = ½) passes at most at rate α.
    @Test func demonstrationsArePlannedFromThePilot() throws {
        let target = 0.01
        func run(_ p: Double, _ k: Int) throws -> StatisticalEvidence {
            var stream = RandomStream(seed: 0xDE40, stream: UInt64(k))
            return try StatisticalEvidence.proportionExceeds("P(win) > ½", threshold: 0.5, pilotTrials: 20, maximumTrials: 200,
                                                             alpha: Self.alpha, falseFailureTarget: target,
                                                             planningConfidence: 1 - target) { stream.bernoulli(p) }
        }
        var trueFailures = 0, falsePasses = 0, planned = 0.0
        for k in 0..<Self.runs {
            let e = try run(0.8, k)
            if !e.consistent { trueFailures += 1 }
            planned += e.falseFailureProbability ?? 1
            if try run(0.5, Self.runs + k).consistent { falsePasses += 1 }
        }
        print("demonstration: \(trueFailures)/\(Self.runs) true effects not shown (mean plug-in \(planned / Double(Self.runs))); \(falsePasses) false effects shown")
        // The stated bound is target + γ = 2·target.
        #expect(Self.upperTail(trueFailures, 2 * target) >= 1e-6, "\(trueFailures)/\(Self.runs) true effects not shown")
        #expect(Self.upperTail(falsePasses, Self.alpha) >= 1e-6, "\(falsePasses)/\(Self.runs) false effects shown")
        // Negative control: without planning (the pilot's 20 trials alone) most true effects fail.
        let unplanned = StatisticalEvidence.failureProbability(trials: 20, threshold: 0.5, p: 0.8, alpha: Self.alpha)
        #expect(unplanned > 0.3, "a 20-trial test at p = 0.8 fails with probability \(unplanned)")
    }
}
