import Foundation
import PropertyCheck
import Testing

extension CheckReport {
    /// Records a Swift Testing issue carrying the full report unless the check passed, attaches the
    /// report as a text attachment (written when `swift test` is given `--attachments-path`), and
    /// prints the one-line summary of a passing check (unless `THEORYCHECK_QUIET=1`). A malformed
    /// `THEORYCHECK_*` variable is an issue too (``expectValidHarnessEnvironment(sourceLocation:)``).
    ///
    /// The replay line is rewritten to filter on `replayFilter`, or else on the running test, so
    /// copying it reruns exactly this test with exactly the failing case. Pass `replayFilter` when
    /// the running test is parameterised and selects its cases from `THEORYCHECK_REPLAY` itself
    /// (a test function's name alone would rerun every argument).
    public func expectPassed(replayFilter: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        expectValidHarnessEnvironment(sourceLocation: sourceLocation)
        if let text = issueText(replayFilter: replayFilter, testName: Test.current?.name) {
            Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
        } else if ProcessInfo.processInfo.environment["THEORYCHECK_QUIET"] != "1" {
            print(summaryLine)
        }
        if Test.current != nil {
            Attachment.record(description, named: "\(name).txt", sourceLocation: sourceLocation)
        }
    }

    /// The text of the issue ``expectPassed(replayFilter:sourceLocation:)`` records, or nil when
    /// the check passed: the full report, its replay line filtering on `replayFilter`, or else on
    /// the test named `testName` (escaped as a regular expression, as `--filter` reads it).
    public func issueText(replayFilter: String?, testName: String?) -> String? {
        if passed { return nil }
        var report = self
        if let token = report.replay,
           let filter = replayFilter ?? testName.map({ NSRegularExpression.escapedPattern(for: $0) }) {
            report.replayLine = token.commandLine(testFilter: filter, profile: report.profile)
        }
        return report.description
    }
}

/// Records one issue listing every malformed `THEORYCHECK_*` variable the harness reads
/// (``HarnessEnvironment/problems(in:)``), so that `swift test` fails, with the variable named,
/// where the command-line tool would exit with status 2. Every ``CheckReport/expectPassed(replayFilter:sourceLocation:)``
/// calls it; a suite can also call it once on its own.
public func expectValidHarnessEnvironment(sourceLocation: SourceLocation = #_sourceLocation) {
    let problems = HarnessEnvironment.problems()
    if !problems.isEmpty {
        Issue.record(Comment(rawValue: "invalid environment: " + problems.map(\.description).joined(separator: "; ")),
                     sourceLocation: sourceLocation)
    }
}
