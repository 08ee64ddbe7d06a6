import Foundation
import Numerics
@testable import PropertyCheck
import Testing

/// The calibrated control every statistical and scaling-law check gets: a claim displaced by
/// twice the stated resolution must be rejected by an independent run — and a check whose reruns
/// wander further than its resolution admits must fail it.
@Suite struct CalibratedControlTests {
    static func calibrated(_ report: CheckReport) -> NegativeControlResult? {
        report.negativeControls.first { $0.name == CalibratedControl.name }
    }

    /// The survival probability against an independent quadrature (scipy's adaptive `dblquad` of
    /// the same integrand with chi densities, run once; values pasted with their inputs) and the
    /// closed form for a known width.
    @Test func survivalProbabilityMatchesAnIndependentQuadrature() {
        let cases: [(nu: Double, q: Double, m: Double, expected: Double)] = [
            (9, 20, 2, 2.3930390188108513e-3), (23, 8, 3, 4.562825766475303e-9),
            (50, 6.5, 2, 7.25119310568138e-9), (200, 4, 2.5, 6.4906928013026224e-21),
        ]
        for c in cases {
            let p = CalibratedControl.survivalProbability(multiple: c.m, quantile: c.q, degreesOfFreedom: c.nu, power: 0.99, sides: 2)
            #expect(Swift.abs(p - c.expected) <= 1e-4 * c.expected, "ν = \(c.nu): \(p) vs \(c.expected)")
        }
        let known = CalibratedControl.survivalProbability(multiple: 2, quantile: 5, degreesOfFreedom: nil, power: 0.99, sides: 2)
        #expect(Swift.abs(known - 4.788020670413048e-22) <= 1e-9 * 4.788020670413048e-22)
        // The multiple grows as the degrees of freedom fall (α = 1e-8, q from the t quantile).
        let few = CalibratedControl.multiple(quantile: 20, degreesOfFreedom: 9, power: 0.99, sides: 2, alpha: 1e-8)
        let many = CalibratedControl.multiple(quantile: 5.9, degreesOfFreedom: 1000, power: 0.99, sides: 2, alpha: 1e-8)
        #expect((few?.0 ?? 0) >= 8 && many?.0 == 2)
    }

    @Test func aTrueMeanCheckRejectsBothDisplacedClaims() throws {
        let report = PropertyCheck.mean("CAL-MEAN", of: normalSampler(mean: 2), equals: 2, samples: 4_000,
                                        settings: CheckSettings(alpha: 1e-6))
        #expect(report.passed)
        let control = try #require(Self.calibrated(report))
        #expect(control.replicates == 2 && control.rejections == 2 && control.passed)
        #expect(control.detail.contains("fresh run (seed 0x"))
        // The displaced claims are c·(1 ∓ 2r) for the relative resolution r of the main run.
        let r = try #require(report.statistics?.resolution?.value)
        #expect(control.detail.contains(formatNumber(2 * (1 - 2 * r))) && control.detail.contains(formatNumber(2 * (1 + 2 * r))))
    }

    /// The control's own negative control: a check whose every rerun lands two resolutions away
    /// from its first run (a run-level effect its standard error does not see) passes its main
    /// decision but fails the calibrated control.
    @Test func aCheckWhoseRerunsWanderBeyondItsResolutionFails() throws {
        final class FirstRun: @unchecked Sendable { var shift: Double? }
        let first = FirstRun()
        let report = PropertyCheck.statistical("CAL-WANDER", settings: CheckSettings(alpha: 1e-6)) { context in
            var sample = try context.draw(normalSampler(mean: 0), count: 4_000)
            if let shift = first.shift {
                sample = sample.map { $0 + shift }
            } else {
                // Later runs move by twice the main run's resolution (absolute: the claim is 0).
                let main = try StatisticalEvidence.mean(sample, equals: 0, alpha: context.alpha)
                first.shift = 2 * (main.resolution?.value ?? .nan)
            }
            return try StatisticalEvidence.mean(sample, equals: 0, alpha: context.alpha)
        }
        #expect(!report.passed)
        let control = try #require(Self.calibrated(report))
        #expect(!control.passed && control.rejections < control.replicates)
        #expect(report.replayLine != nil, "a failed control makes the check replayable")
    }

    @Test func oneSidedDecisionsDisplaceTheBoundBeyondTheEstimate() throws {
        let report = PropertyCheck.statistical("CAL-ATMOST", settings: CheckSettings(alpha: 1e-6)) { context in
            try StatisticalEvidence.mean(try context.draw(normalSampler(mean: 0.2), count: 2_000), atMost: 1, alpha: context.alpha)
        }
        #expect(report.passed)
        let control = try #require(Self.calibrated(report))
        #expect(control.replicates == 1 && control.passed)
        #expect(control.detail.contains("estimate − 2 ×"))
    }

    @Test func allowancesWidenTheFreshInterval() throws {
        let report = PropertyCheck.statistical("CAL-ALLOWANCE", settings: CheckSettings(alpha: 1e-6)) { context in
            let rows = try context.draw(normalSampler(mean: 0), count: 600).map { [$0, $0 / 2] }
            return try StatisticalEvidence.meansWithinAllowance("E[X] = 0", samples: rows, labels: ["x", "x/2"],
                                                               allowance: 0.05, alpha: context.alpha)
        }
        #expect(report.passed)
        #expect(report.statistics?.allowance == 0.05)
        let control = try #require(Self.calibrated(report))
        #expect(control.passed && control.detail.contains("widened by τ 0.05"))
    }

    @Test func distributionTestsRejectEveryLawAtTwiceTheResolution() throws {
        let report = PropertyCheck.distribution("CAL-KS", of: uniformSampler, cdf: { Swift.min(1, Swift.max(0, $0)) },
                                                named: "U[0, 1]", samples: 3_000, settings: CheckSettings(alpha: 1e-6))
        #expect(report.passed)
        #expect(report.statistics?.effectiveSampleSize == 3_000)
        let control = try #require(Self.calibrated(report))
        #expect(control.passed && control.detail.contains("DKW critical bound"))
    }

    @Test func demonstrationsAndHandBuiltEvidenceGetANoteInstead() {
        let xs: [Double] = (1...20).map(Double.init)
        let ys: [Double] = xs.map { x in 2 * x + 0.01 * x.truncatingRemainder(dividingBy: 3) }
        let demonstration = PropertyCheck.statistical("CAL-DEMO", settings: CheckSettings(alpha: 1e-6)) { context in
            try StatisticalEvidence.slope("y grows", x: xs, y: ys, axes: .linear, assertions: [.excludes(exponent: 0)],
                                          alpha: context.alpha)
        }
        #expect(demonstration.passed && Self.calibrated(demonstration) == nil)
        #expect(demonstration.notes.contains { $0.contains("no calibrated control: a demonstration") })
        let byHand = PropertyCheck.statistical("CAL-HAND", settings: CheckSettings(alpha: 1e-6)) { context in
            StatisticalEvidence(claim: "a flag", method: "by hand", sampleSize: 1, estimate: 1, alpha: context.alpha, consistent: true)
        }
        #expect(byHand.passed && byHand.negativeControls.isEmpty)
        #expect(byHand.notes.contains { $0.contains("no calibrated control: the decision states no finite resolution") })
    }

    @Test func scalingLawsRerunTheirSweep() throws {
        let noisy = PropertyCheck.scalingLaw("CAL-POWER", sweep: [4, 8, 16, 32, 64], repeats: 8,
                                             assertion: .consistentWith(exponent: -0.5, tolerance: 0),
                                             settings: CheckSettings(alpha: 1e-6)) { x, stream in
            x.squareRoot().reciprocal * Foundation.exp(0.1 * stream.normal(mean: 0, standardDeviation: 1))
        }
        #expect(noisy.passed)
        let control = try #require(Self.calibrated(noisy))
        #expect(control.replicates == 2 && control.passed)
        let exact = PropertyCheck.scalingLaw("CAL-EXACT", sweep: [1, 2, 4], repeats: 2,
                                             assertion: .consistentWith(exponent: 0, tolerance: 0)) { _, _ in 3 }
        #expect(exact.passed && Self.calibrated(exact) == nil)
        #expect(exact.notes.contains { $0.contains("deterministic measurements") })
    }
}

private extension Double {
    var reciprocal: Double { 1 / self }
}
