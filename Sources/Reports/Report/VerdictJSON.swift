import Foundation
import PropertyCheck

/// The verdicts of a `check` run as JSON (`theorycheck check --format json`), for CI to gate on
/// without reading the table. The schema is versioned by ``schema``; fields are only ever added
/// within a version. Numbers that are not finite (an interval's open end) are null.
public enum VerdictJSON {
    public static let schema = "theorycheck.check/1"

    public struct Run: Codable, Sendable, Equatable {
        public var schema: String
        public var profile: String
        /// The base seed as 0x-hex (a 64-bit value does not survive every JSON reader as a number).
        public var seed: String
        public var passed: Bool
        public var seconds: Double
        public var claims: [ClaimEntry]
    }

    public struct ClaimEntry: Codable, Sendable, Equatable {
        public var id: String
        public var family: String
        public var kind: String
        public var citation: String
        public var statement: String
        public var passed: Bool
        public var verdict: String
        public var seconds: Double
        public var checks: [CheckEntry]
    }

    public struct ResolutionEntry: Codable, Sendable, Equatable {
        public var value: Double?
        /// "relative", "absolute", "exponent" or "distance".
        public var scale: String
        public var power: Double
        public var target: Double?
        public var targetReached: Bool?
    }

    public struct CheckEntry: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
        /// "passed", "failed" or "gave up".
        public var verdict: String
        public var passed: Bool
        public var cases: Int
        public var seconds: Double
        /// The table's two text cells.
        public var measured: String
        public var claimed: String
        /// The table's "resolves" cell, and its numbers: the smallest deviation detected with
        /// probability `power` at the check's α (statistical and scaling-law checks), or the worst
        /// fraction of its bound an exact check used.
        public var resolves: String
        public var resolution: ResolutionEntry?
        public var worstMargin: Double?
        public var statistics: Statistics?
        public var scaling: Scaling?
        public var controlsRejected: Int
        public var controls: Int
        /// The replay token, the `swift test` line and the `theorycheck replay` line of a failure.
        public var replay: String?
        public var replayLine: String?
        public var rerun: String?
        public var notes: [String]
    }

    public struct Statistics: Codable, Sendable, Equatable {
        public var claim: String
        public var method: String
        public var sampleSize: Int
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
        public var claimed: Double?
        /// "≥", "≤", ">", "<" for a one-sided decision; null when two-sided.
        public var relation: String?
        public var statistic: Double?
        public var criticalValue: Double?
        public var pValue: Double?
        public var alpha: Double
    }

    public struct Scaling: Codable, Sendable, Equatable {
        public var quantity: String
        public var assertion: String
        public var exponent: Double?
        public var lower: Double?
        public var upper: Double?
        public var alpha: Double
    }

    public static func run(_ outcomes: [ClaimOutcome], profile: String, seed: UInt64, seconds: Double) -> Run {
        Run(schema: schema, profile: profile, seed: "0x" + String(seed, radix: 16),
            passed: outcomes.allSatisfy(\.passed), seconds: seconds,
            claims: outcomes.map { o in
                ClaimEntry(id: o.id, family: o.family, kind: o.kind, citation: o.citation, statement: o.statement,
                           passed: o.passed, verdict: o.verdict, seconds: o.seconds, checks: o.reports.map(check))
            })
    }

    static func check(_ r: CheckReport) -> CheckEntry {
        let key = KeyNumber(r)
        return CheckEntry(
            name: r.name, kind: r.kind.rawValue, verdict: r.verdict.rawValue, passed: r.passed, cases: r.casesRun,
            seconds: r.seconds, measured: key.measured, claimed: key.claimed,
            resolves: VerdictTable.resolutionCell(r),
            resolution: r.resolution.map { ResolutionEntry(value: finite($0.value), scale: $0.scale.rawValue, power: $0.power,
                                                           target: $0.target, targetReached: $0.meetsTarget) },
            worstMargin: r.worstMargin.map(\.fraction),
            statistics: r.statistics.map { s in
                Statistics(claim: s.claim, method: s.method, sampleSize: s.sampleSize, estimate: finite(s.estimate),
                           lower: s.lower.flatMap(finite), upper: s.upper.flatMap(finite), claimed: s.claimed.flatMap(finite),
                           relation: s.claimedRelation, statistic: s.statistic.flatMap(finite),
                           criticalValue: s.criticalValue.flatMap(finite), pValue: s.pValue.flatMap(finite), alpha: s.alpha)
            },
            scaling: r.scaling.map { s in
                Scaling(quantity: s.quantity, assertion: s.assertion.description, exponent: finite(s.exponent),
                        lower: finite(s.lower), upper: finite(s.upper), alpha: s.alpha)
            },
            controlsRejected: r.negativeControls.filter(\.passed).count, controls: r.negativeControls.count,
            replay: r.replay?.description, replayLine: r.replayLine,
            rerun: r.replay.map { "theorycheck replay '\($0)' --profile \(r.profile.rawValue)" }, notes: r.notes)
    }

    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// Pretty-printed JSON with sorted keys.
    public static func encoded(_ run: Run) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(run)
    }
}
