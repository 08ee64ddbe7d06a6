import Foundation
import PropertyCheck
import Testing

extension CheckReport {
    /// Records a Swift Testing issue carrying the full report unless the check passed, attaches the
    /// report as a text attachment (written when `swift test` is given `--attachments-path`), and
    /// prints the one-line summary of a passing check (unless `THEORYCHECK_QUIET=1`).
    ///
    /// The replay line is rewritten to filter on `replayFilter`, or else on the running test, so
    /// copying it reruns exactly this test with exactly the failing case. Pass `replayFilter` when
    /// the running test is parameterised and selects its cases from `THEORYCHECK_REPLAY` itself
    /// (a test function's name alone would rerun every argument).
    public func expectPassed(replayFilter: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        var report = self
        if let token = report.replay, let filter = replayFilter ?? Test.current.map({ NSRegularExpression.escapedPattern(for: $0.name) }) {
            report.replayLine = token.commandLine(testFilter: filter, profile: report.profile)
        }
        if report.passed {
            if ProcessInfo.processInfo.environment["THEORYCHECK_QUIET"] != "1" { print(report.summaryLine) }
        } else {
            Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
        }
        if Test.current != nil {
            Attachment.record(report.description, named: "\(report.name).txt", sourceLocation: sourceLocation)
        }
    }
}
