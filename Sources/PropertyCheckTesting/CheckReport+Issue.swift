import Foundation
import PropertyCheck
import Testing

extension CheckReport {
    /// Records a Swift Testing issue carrying the full report unless the check passed, attaches the
    /// report as a text attachment (written when `swift test` is given `--attachments-path`), and
    /// prints the one-line summary of a passing check (unless `THEORYCHECK_QUIET=1`).
    ///
    /// The replay line is rewritten to filter on the running test, so copying it reruns exactly
    /// this test with exactly the failing case.
    public func expectPassed(sourceLocation: SourceLocation = #_sourceLocation) {
        var report = self
        if let test = Test.current, let token = report.replay {
            report.replayLine = token.commandLine(
                testFilter: NSRegularExpression.escapedPattern(for: test.name), profile: report.profile)
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
