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

    /// A table wider than the allowed width wraps its widest cells at spaces; narrower tables and
    /// tables without a width are unchanged.
    @Test func wideTablesWrapToTheGivenWidth() {
        let long = StatisticalEvidence(claim: "the sample of widths and depths follows the stated law in every configuration we tried",
                                       method: "KS", sampleSize: 100, estimate: 0.05, pValue: 0.3, alpha: 1e-8, consistent: true)
        let report = PropertyCheck.statistical("T-WIDE", settings: Self.settings) { _ in long }
        let outcome = ClaimOutcome(id: "T-WIDE", family: "test", citation: "c", statement: "s", kind: "statistical",
                                   reports: [report], seconds: 0.1)
        let unwrapped = VerdictTable.text([outcome])
        let widest = unwrapped.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest > 100)
        let wrapped = VerdictTable.text([outcome], maxWidth: 90)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 90 }, "\(wrapped)")
        #expect(lines.count > unwrapped.split(separator: "\n").count)
        // Every word of the claim survives the wrapping, in order.
        let words = lines.dropFirst(2).flatMap { $0.split(separator: " ") }.map(String.init)
        #expect(words.joined(separator: " ").contains("every configuration we tried"), "\(wrapped)")
        #expect(VerdictTable.text([outcome], maxWidth: 1000) == unwrapped)
    }

    /// A failing check's JSON entry carries its verdict, the violated comparison and the lines
    /// that rerun it; open interval ends are omitted rather than written as non-JSON infinities.
    @Test func jsonEntriesCarryVerdictsAndReplayLines() throws {
        let report = PropertyCheck.check("T-FALSE", Gen.int(in: 0...100), settings: Self.settings) { n, context in
            try context.expect(Double(n), .lessOrEqual, 50, "n")
        }
        let outcome = ClaimOutcome(id: "T-FALSE", family: "test", citation: "c", statement: "s", kind: "exact",
                                   reports: [report], seconds: 0.1)
        let run = VerdictJSON.run([outcome], profile: "quick", seed: 42, seconds: 0.1)
        #expect(!run.passed && run.seed == "0x2a")
        let entry = try #require(run.claims.first?.checks.first)
        #expect(entry.verdict == "failed" && entry.measured == "51" && entry.claimed == "≤ 50")
        let token = try #require(entry.replay)
        #expect(entry.rerun == "theorycheck replay '\(token)' --profile quick")
        #expect(entry.replayLine?.contains("THEORYCHECK_REPLAY='\(token)'") == true)
        let oneSided = try StatisticalEvidence.mean([0.1, 0.2, 0.15], atMost: 0.5, alpha: 0.01)
        let stat = PropertyCheck.statistical("T-ONE", settings: Self.settings) { _ in oneSided }
        let statEntry = VerdictJSON.run([ClaimOutcome(id: "T-ONE", family: "f", citation: "c", statement: "s", kind: "statistical",
                                                      reports: [stat], seconds: 0)], profile: "quick", seed: 1, seconds: 0).claims[0].checks[0]
        #expect(statEntry.statistics?.upper == nil && statEntry.statistics?.relation == "≤")
        let data = try VerdictJSON.encoded(run)
        #expect(try JSONDecoder().decode(VerdictJSON.Run.self, from: data) == run)
    }
}
