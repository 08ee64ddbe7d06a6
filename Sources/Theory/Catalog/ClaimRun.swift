import Foundation
import PropertyCheck

/// One run of a claim: the reports of its checks, how long they took, and the verdict.
///
/// There is one verdict policy, ``passed``, and every consumer uses it: the catalogue's test suite,
/// `theorycheck check`, `theorycheck replay` and `report.md`. A claim passes when it ran at least one
/// check and every check passed by the harness's own rules (exact checks on every case, statistical
/// and scaling-law checks at their α, negative controls rejected as often as their stated power
/// requires). Nothing outside the harness adds or removes conditions.
public struct ClaimRun: Sendable {
    public var claim: Claim
    public var reports: [CheckReport]
    /// Wall time of the run, in seconds.
    public var seconds: Double

    public init(claim: Claim, reports: [CheckReport], seconds: Double) {
        self.claim = claim; self.reports = reports; self.seconds = seconds
    }

    /// The verdict: at least one check ran and every check passed.
    public var passed: Bool { Self.verdict(of: reports) }

    /// The verdict policy on a list of check reports (also used where only reports were kept).
    public static func verdict(of reports: [CheckReport]) -> Bool {
        !reports.isEmpty && reports.allSatisfy(\.passed)
    }
}

extension Claim {
    /// Runs the claim's checks under `settings` and times them.
    ///
    /// Replay lines printed by the checks name the catalogue's test suite
    /// (``ClaimCatalog/testFilter``), which runs only the claim owning a replayed check, unless
    /// `settings` names another test filter.
    public func run(_ settings: CheckSettings = CheckSettings()) -> ClaimRun {
        var settings = settings
        if settings.testFilter == nil { settings.testFilter = ClaimCatalog.testFilter }
        let start = Date()
        let reports = check(settings)
        return ClaimRun(claim: self, reports: reports, seconds: Date().timeIntervalSince(start))
    }
}
