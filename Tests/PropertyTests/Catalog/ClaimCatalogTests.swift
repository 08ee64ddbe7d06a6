import Foundation
import PropertyCheck
import PropertyCheckTesting
import Reports
import Testing
import Theory

/// Every claim of the catalogue, through the harness, with the catalogue's one verdict policy
/// (``ClaimRun/passed``) — the verdict `theorycheck check` prints.
///
/// Run one or a few claims:
///
///     THEORYCHECK_CLAIMS=NTK-EQUAL swift test --filter ClaimCatalogTests
///
/// A failing check prints a replay line that names this suite; with `THEORYCHECK_REPLAY` set, the
/// suite runs only the claim owning the replayed check, so the line reruns exactly that case.
@Suite struct ClaimCatalogTests {
    /// The claims selected by the environment; an invalid selection runs none and
    /// ``selectionIsValid()`` reports why.
    static let selectedIDs: [String] =
        (try? ClaimCatalog.selection(environment: ProcessInfo.processInfo.environment).get().map(\.id)) ?? []

    @Test(arguments: selectedIDs)
    func claimHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        let run = claim.run(CheckSettings.current)
        for report in run.reports {
            // Intervals and fitted exponents belong in the output, passing or not.
            if let evidence = report.statistics { print("\(report.name): \(evidence)") }
            report.expectPassed(replayFilter: ClaimCatalog.testFilter)
        }
        #expect(run.passed, "\(id): \(run.reports.isEmpty ? "ran no check" : "failed") — see the reports above")
        // The table's per-check seconds account for the claim's time (work done for a check
        // outside the harness call, e.g. measurements computed in parallel first, counts as the
        // check's): one clock for the rows, the progress line and the totals.
        let rowSeconds = run.reports.map(\.seconds).reduce(0, +)
        #expect(rowSeconds >= 0.5 * run.seconds - 0.25,
                "\(id): its checks report \(rowSeconds) s of the claim's \(run.seconds) s")
        // `theorycheck check` and report.md judge the same run through ClaimOutcome: same verdict.
        let outcome = ClaimOutcome(run: run)
        #expect(outcome.passed == run.passed && (outcome.verdict == "passed") == run.passed,
                "\(id): the tool's verdict '\(outcome.verdict)' differs from the test's (\(run.passed))")
    }

    /// `THEORYCHECK_CLAIMS` and `THEORYCHECK_REPLAY` either select claims or fail the run with the
    /// reason: a misspelt id must not turn into a green run that checked nothing.
    @Test func selectionIsValid() {
        if case .failure(let error) = ClaimCatalog.selection(environment: ProcessInfo.processInfo.environment) {
            Issue.record(Comment(rawValue: error.description))
        }
    }
}
