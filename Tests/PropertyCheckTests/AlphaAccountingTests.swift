import Numerics
@testable import PropertyCheck
import Testing

/// The harness's α arithmetic, with exact values: how a statistical check's α is split between
/// its decision and its random negative controls, and how a control's verdict follows from its
/// rejection count.
@Suite struct AlphaAccountingTests {
    /// Evidence that records the α it was decided at, and is consistent exactly when asked.
    static func recording(_ consistent: Bool) -> @Sendable (StatisticalContext) throws -> StatisticalEvidence {
        { context in StatisticalEvidence(claim: "α seen", method: "recorder", sampleSize: 1, estimate: context.alpha,
                                         alpha: context.alpha, consistent: consistent) }
    }

    @Test func alphaIsSplitOverTheDecisionAndEachRandomControl() {
        let settings = CheckSettings(alpha: 1e-6)
        // Two controls below power 1 and one at power 1: α/(1 + 2) for the decision and each random control.
        let report = PropertyCheck.statistical("ALPHA-SPLIT", settings: settings, falsifiers: [
            StatisticalFalsifier("random 1", minimumPower: 0.9, evidence: Self.recording(false)),
            StatisticalFalsifier("random 2", minimumPower: 0.5, evidence: Self.recording(false)),
            StatisticalFalsifier("certain", minimumPower: 1, evidence: Self.recording(false)),
        ], evidence: Self.recording(true))
        #expect(report.statistics?.alpha == 1e-6 / 3)
        #expect(report.statistics?.estimate == 1e-6 / 3)
        let third: Double = 1e-6 / 3
        let controlAlphas: [Double] = report.negativeControls.map(\.alpha)
        // A power-1 control spends no α: it must reject in every replicate, a deterministic rule.
        #expect(controlAlphas == [third, third, 0])
        #expect(report.passed)
        // Only power-1 controls: no split at all.
        let unsplit = PropertyCheck.statistical("ALPHA-NOSPLIT", settings: settings, falsifiers: [
            StatisticalFalsifier("certain", minimumPower: 1, evidence: Self.recording(false)),
        ], evidence: Self.recording(true))
        #expect(unsplit.statistics?.alpha == 1e-6)
    }

    /// A control of power π with R rejections in n replicates fails when P(Binomial(n, π) ≤ R) < its
    /// α; with power 1, one miss fails it. The thresholds below are exact binomial tails.
    @Test func controlVerdictsFollowTheBinomialTail() {
        func control(power: Double, replicates: Int, rejections: Int, alpha: Double) -> NegativeControlResult {
            NegativeControlResult.evaluate(name: "c", minimumPower: power, replicates: replicates, alpha: alpha) { r in
                (r < rejections, "replicate \(r)")
            }
        }
        // P(Bin(10, 0.9) ≤ 6) = 0.0127952; ≤ 5: 0.0016349.
        #expect(control(power: 0.9, replicates: 10, rejections: 6, alpha: 0.01).passed)
        #expect(!control(power: 0.9, replicates: 10, rejections: 5, alpha: 0.01).passed)
        #expect(control(power: 1, replicates: 3, rejections: 3, alpha: 0.01).passed)
        #expect(!control(power: 1, replicates: 3, rejections: 2, alpha: 0.01).passed)
        let tail = control(power: 0.9, replicates: 10, rejections: 6, alpha: 0.01).lowerTailProbability
        #expect(Swift.abs(tail - 0.012795198) < 1e-8, "P(Bin(10, 0.9) ≤ 6) = \(tail)")
    }

    /// Exact comparisons at magnitudes far from 1: the bound is the caller's, never scaled by the
    /// harness, so a tiny or a huge value is accepted or rejected on its own numbers.
    @Test(arguments: [1e-300, 1e-12, 1.0, 1e12, 1e300])
    func comparisonsAtEveryMagnitude(scale: Double) throws {
        let context = CaseContext(caseIndex: 0, settings: ResolvedSettings(name: "MAGNITUDE"))
        try context.expectClose(scale * (1 + 1e-10), scale, tolerance: scale * 1e-9, "relative 1e-10 within 1e-9")
        #expect(throws: CheckFailure.self) {
            try context.expectClose(scale * (1 + 1e-8), scale, tolerance: scale * 1e-9, "relative 1e-8 beyond 1e-9")
        }
        #expect(Swift.abs(context.worstMargin!.fraction - 0.1) < 1e-5, "margin \(context.worstMargin!.fraction)")
    }

    /// An inequality that may hold with equality: the plain fraction a/(b + τ) is 1 to many digits
    /// when a = b, while `expectAtMost` reports the share of τ used, max(0, a − b)/τ; it passes and
    /// fails exactly where `expect(a, ≤, b + τ)` does.
    @Test func inequalitiesThatMayBeTightReportTheAllowanceUsed() throws {
        let plain = CaseContext(caseIndex: 0, settings: ResolvedSettings(name: "TIGHT"))
        try plain.expect(2.5, .lessOrEqual, 2.5 + 1e-12, "a = b, plain fraction")
        #expect(plain.worstMargin!.fraction > 1 - 1e-12)
        let tight = CaseContext(caseIndex: 0, settings: ResolvedSettings(name: "TIGHT"))
        try tight.expectAtMost(2.5, 2.5, allowance: 1e-12, "a = b")
        #expect(tight.worstMargin!.fraction == 0)
        try tight.expectAtMost(2.5 + 2.5e-13, 2.5, allowance: 1e-12, "a above b by a quarter of the allowance")
        #expect(Swift.abs(tight.worstMargin!.fraction - 0.25) < 1e-3, "\(tight.worstMargin!.fraction)")
        try tight.expectAtMost(1, 2, allowance: 1e-12, "a well below b")
        #expect(Swift.abs(tight.worstMargin!.fraction - 0.25) < 1e-3, "a below b uses none of the allowance")
        for (a, b, allowance) in [(2.5 + 2e-12, 2.5, 1e-12), (1.0, 0.5, 0.4), (3.0, 1.0, 2.0), (-1.0, -2.0, 0.5)] {
            let viaExpect = (try? CaseContext(caseIndex: 0, settings: ResolvedSettings(name: "TIGHT"))
                .expect(a, .lessOrEqual, b + allowance, "plain")) != nil
            let viaAtMost = (try? CaseContext(caseIndex: 0, settings: ResolvedSettings(name: "TIGHT"))
                .expectAtMost(a, b, allowance: allowance, "tight")) != nil
            #expect(viaExpect == viaAtMost, "\(a) ≤ \(b) + \(allowance)")
        }
        #expect(throws: CheckFailure.self) { try tight.expectAtMost(2.5 + 2e-12, 2.5, allowance: 1e-12, "beyond the allowance") }
    }
}
