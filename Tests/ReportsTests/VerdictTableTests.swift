import Foundation
import Testing
import Numerics
import PropertyCheck
@testable import Reports

@Suite("VerdictTable")
struct VerdictTableTests {
    static let settings = CheckSettings(seed: 42, profile: .quick)

    /// A true law y = x^(−1/2)·e^(ε/10): the row shows the fitted exponent beside the claimed one.
    @Test func scalingLawRowShowsFittedAndClaimedExponents() {
        let report = PropertyCheck.scalingLaw("T-LAW", sweep: [16, 32, 64, 128], repeats: 6,
                                              assertion: .consistentWith(exponent: -0.5, tolerance: 0.1),
                                              settings: Self.settings) { x, stream in
            pow(x, -0.5) * exp(stream.normal() / 10)
        }
        let outcome = ClaimOutcome(id: "T-LAW", family: "test", citation: "c", statement: "s", kind: "scaling law",
                                   reports: [report], seconds: 0.1)
        let row = VerdictTable.rows([outcome])[0]
        #expect(row[2] == "passed")
        let measured = row[4].split(separator: " ")
        let exponent = Double(String(measured[0]))
        // The fit of a true exponent −0.5 with noise sd 0.1 in log y lies within a few standard
        // errors (≈ 0.03 here) of −0.5; the row must show it, not a placeholder.
        #expect(exponent.map { abs($0 + 0.5) < 0.2 } == true, "\(row)")
        #expect(row[5] == "-0.5 ± 0.1")
    }

    /// A false identity: the row says failed and shows the violated comparison.
    @Test func failedPropertyRowShowsTheViolatedComparison() {
        let report = PropertyCheck.check("T-FALSE", Gen.int(in: 0...100), settings: Self.settings) { n, context in
            try context.expect(Double(n), .lessOrEqual, 50, "n")
        }
        let outcome = ClaimOutcome(id: "T-FALSE", family: "test", citation: "c", statement: "s", kind: "exact",
                                   reports: [report], seconds: 0.1)
        #expect(!outcome.passed)
        let row = VerdictTable.rows([outcome])[0]
        #expect(row[2] == "failed")
        // The shrinker brings the counterexample down to the boundary n = 51.
        #expect(row[4] == "51" && row[5] == "≤ 50", "\(row)")
        let markdown = VerdictTable.markdown([outcome])
        #expect(markdown.contains("| T-FALSE | T-FALSE | failed |"))
        #expect(report.replay != nil)
    }

    /// One-sided decisions show the relation they test, not a bare number.
    @Test func oneSidedDecisionsShowTheirRelation() throws {
        let atLeast = StatisticalEvidence.proportion(successes: 15, trials: 16, atLeast: 0.9, alpha: 0.01)
        let atMost = try StatisticalEvidence.mean([0.1, 0.2, 0.15, 0.12], atMost: 0.5, alpha: 0.01)
        let twoSided = StatisticalEvidence.proportion(successes: 8, trials: 16, equals: 0.5, alpha: 0.01)
        let custom = StatisticalEvidence(claim: "ρ > 0", method: "m", sampleSize: 10, estimate: 0.8, lower: 0.4, upper: 0.95,
                                         claimed: 0, alpha: 0.01, consistent: true, claimedRelation: ">")
        func claimed(_ e: StatisticalEvidence) -> String {
            let report = PropertyCheck.statistical("T-ONE", settings: Self.settings) { _ in e }
            return KeyNumber(report).claimed
        }
        #expect(claimed(atLeast) == "≥ 0.9")
        #expect(claimed(atMost) == "≤ 0.5")
        #expect(claimed(custom) == "> 0")
        #expect(claimed(twoSided) == "0.5")
        // Reports written before the field existed still decode (it is optional).
        let old = try JSONEncoder().encode(twoSided)
        #expect(try JSONDecoder().decode(StatisticalEvidence.self, from: old) == twoSided)
        #expect(atLeast.description.contains("claimed ≥ 0.9"))
    }
}
