import Experiments
import Foundation
import PropertyCheck
import Theory

/// A claim together with the reports its check produced and the wall time it took.
public struct ClaimOutcome: Sendable {
    public var id: String
    public var family: String
    public var citation: String
    public var statement: String
    public var kind: String
    public var reports: [CheckReport]
    public var seconds: Double

    public init(id: String, family: String, citation: String, statement: String, kind: String,
                reports: [CheckReport], seconds: Double) {
        self.id = id; self.family = family; self.citation = citation; self.statement = statement
        self.kind = kind; self.reports = reports; self.seconds = seconds
    }

    public init(run: ClaimRun) {
        self.init(id: run.claim.id, family: run.claim.family, citation: run.claim.citation, statement: run.claim.statement,
                  kind: run.claim.kind.rawValue, reports: run.reports, seconds: run.seconds)
        theoryReference = run.claim.theoryReference
    }

    /// Where the repository states the claim (docs/THEORY.md section and entry), when known.
    public var theoryReference: String?

    /// The catalogue's one verdict policy, ``ClaimRun/verdict(of:)``: at least one check ran and
    /// every check passed.
    public var passed: Bool { ClaimRun.verdict(of: reports) }
    public var verdict: String {
        if reports.isEmpty { return "no checks" }
        return passed ? "passed" : (reports.first { !$0.passed }?.verdict.rawValue ?? "failed")
    }
    public var cases: Int { reports.map(\.casesRun).reduce(0, +) }
}

/// The key measured number of a check beside the claimed one, as text for a table.
public struct KeyNumber: Sendable, Equatable {
    public var measured: String
    public var claimed: String

    /// Picks the number a reader compares: a fitted exponent with its interval against the claimed
    /// exponent; an estimate with its interval (or a statistic against its critical value) against
    /// the claimed value; for an exact property, the violated comparison or the count of cases that
    /// held.
    public init(_ r: CheckReport) {
        if let s = r.scaling {
            measured = "\(Self.format(s.exponent)) ± \(Self.format((s.upper - s.lower) / 2))"
            switch s.assertion {
            case let .consistentWith(e, tolerance):
                claimed = tolerance > 0 ? "\(Self.format(e)) ± \(Self.format(tolerance))" : Self.format(e)
            case let .atMost(e): claimed = "≤ \(Self.format(e))"
            case let .excludes(e): claimed = "≠ \(Self.format(e))"
            case let .below(e): claimed = "< \(Self.format(e))"
            }
        } else if let s = r.statistics {
            if let stat = s.statistic, let critical = s.criticalValue {
                measured = "\(Self.format(stat))"; claimed = "≤ \(Self.format(critical)) (critical)"
            } else if let lo = s.lower, let hi = s.upper {
                measured = "\(Self.format(s.estimate)) ∈ [\(Self.format(lo)), \(Self.format(hi))]"
                if let relation = s.claimedRelation, let value = s.claimed {
                    // A one-sided decision tests an inequality: show it ("≥ 0.9", "> 0").
                    claimed = "\(relation) \(Self.format(value))"
                } else {
                    // An interval with an infinite end without a stated relation: the claim's words.
                    claimed = lo.isFinite && hi.isFinite ? (s.claimed.map(Self.format) ?? s.claim) : s.claim
                }
            } else if let p = s.pValue {
                measured = "\(Self.format(s.statistic ?? s.estimate)), p = \(Self.format(p))"
                claimed = "\(s.claim) (p ≥ α = \(Self.format(s.alpha)))"
            } else {
                measured = Self.format(s.estimate)
                claimed = s.claimed.map(Self.format) ?? s.claim
            }
        } else if let c = r.failure?.comparison {
            measured = "\(Self.format(c.lhs))"; claimed = "\(c.relation.rawValue) \(Self.format(c.rhs))"
        } else if r.failure != nil {
            measured = "counterexample"; claimed = "holds on every case"
        } else {
            measured = "\(r.casesRun)/\(r.casesRun) cases hold"; claimed = "holds on every case"
        }
    }

    /// Four significant digits, switching to exponent form outside [1e-3, 1e5) (``Plot/number(_:)``).
    public static func format(_ v: Double) -> String { Plot.number(v) }
}
