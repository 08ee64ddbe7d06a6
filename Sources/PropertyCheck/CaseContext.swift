import PropertyCheckStatistics
/// What a property sees besides its value: labels for coverage, notes for the report, and
/// assertions that keep the numbers on both sides of a failed comparison.
///
/// One context is made per case (and per shrink attempt); it is not shared between threads.
public final class CaseContext {
    /// The index of the case in its run, or nil for a case rebuilt from recorded choices.
    public let caseIndex: Int?
    /// The resolved settings of the check (profile, seeds, α).
    public let settings: ResolvedSettings
    /// Labels attached to this case, in order, without duplicates.
    public private(set) var labels: [String] = []
    /// Free-form notes; shown in the report when this case is the minimal failing case.
    public private(set) var notes: [String] = []
    /// The tightest comparison that held in this case, as a fraction of its bound (see ``Margin``).
    public private(set) var worstMargin: Margin?

    init(caseIndex: Int?, settings: ResolvedSettings) {
        self.caseIndex = caseIndex
        self.settings = settings
    }

    /// Attaches `label` to this case; the report shows how often each label occurred.
    public func label(_ label: String) {
        if !labels.contains(label) { labels.append(label) }
    }

    /// Attaches `label` when `condition` holds (e.g. `classify(depth >= 20, "depth ≥ 20")`).
    public func classify(_ condition: Bool, _ label: String) {
        if condition { self.label(label) }
    }

    /// Records a note shown with a failing case.
    public func note(_ text: String) { notes.append(text) }

    /// Discards this case when `condition` is false: the case counts neither as a pass nor a
    /// failure. A check gives up when it discards too many cases (see ``CheckSettings/maxDiscardRatio``).
    public func assume(_ condition: Bool, _ reason: String = "assumption") throws {
        if !condition { throw CaseDiscarded(reason: reason) }
    }

    /// Fails the case with `message` unless `condition` holds.
    public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw CheckFailure(message: message()) }
    }

    /// Fails the case unless `lhs relation rhs` holds, keeping both numbers for the report.
    /// A NaN on either side fails (no relation holds for NaN).
    public func expect(_ lhs: Double, _ relation: Relation, _ rhs: Double, _ what: String) throws {
        let comparison = Comparison(what: what, lhs: lhs, relation: relation, rhs: rhs)
        if !comparison.holds { throw CheckFailure(message: comparison.description, comparison: comparison) }
        noteMargin(comparison)
    }

    /// Fails the case unless |actual − expected| ≤ tolerance (NaN fails).
    public func expectClose(_ actual: Double, _ expected: Double, tolerance: Double, _ what: String) throws {
        let comparison = Comparison(
            what: "\(what): |actual − expected| with actual = \(actual), expected = \(expected)",
            lhs: abs(actual - expected), relation: .lessOrEqual, rhs: tolerance)
        if !comparison.holds { throw CheckFailure(message: comparison.description, comparison: comparison) }
        noteMargin(Comparison(what: "\(what): |actual − expected|", lhs: comparison.lhs, relation: .lessOrEqual, rhs: tolerance))
    }

    /// Fails the case unless a ≤ b + allowance, for an inequality that may hold with equality, with
    /// `allowance` the rounding it may be off by. Its margin is the share of the allowance used,
    /// max(0, a − b)/allowance: the plain fraction a/(b + allowance) is ≈ 1 on every input where the
    /// inequality is tight, and would then say nothing about the computation. The pass/fail test is
    /// the same as `expect(a, .lessOrEqual, b + allowance, what)`.
    public func expectAtMost(_ a: Double, _ b: Double, allowance: Double, _ what: String) throws {
        let comparison = Comparison(what: what, lhs: a, relation: .lessOrEqual, rhs: b + allowance)
        if !comparison.holds { throw CheckFailure(message: comparison.description, comparison: comparison) }
        if allowance > 0 && allowance.isFinite {
            noteMargin(fraction: Swift.max(0, a - b) / allowance, what: "\(what): share of the rounding allowance used")
        }
    }

    func noteMargin(_ comparison: Comparison) {
        guard let fraction = Margin.fraction(comparison) else { return }
        noteMargin(fraction: fraction, what: comparison.what)
    }

    func noteMargin(fraction: Double, what: String) {
        if worstMargin == nil || fraction > worstMargin!.fraction {
            worstMargin = Margin(fraction: fraction, what: what, caseIndex: caseIndex)
        }
    }
}

/// How close an exact check came to its bound: the largest fraction of the allowed bound a holding
/// comparison used, over all cases — "100/100 hold, worst 0.31 of the bound". A fraction near 1
/// means the tolerance is tight (or about to be violated); near 0 that it is loose.
///
/// For `a ≤ b` or `a < b` with b > 0 and a ≥ 0 the fraction is a/b; for `a ≥ b` or `a > b` with
/// a > 0 and b ≥ 0 it is b/a. Equalities and comparisons with other signs have no fraction. An
/// inequality that may hold with equality, checked as a ≤ b + allowance by
/// ``CaseContext/expectAtMost(_:_:allowance:_:)``, uses max(0, a − b)/allowance.
public struct Margin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The largest fraction of its bound a holding comparison used, over all cases (≥ 0; near 1 = tight).
    public var fraction: Double
    /// The comparison it came from, and the case.
    public var what: String
    /// Index of the case that used that fraction; nil when it is unknown (e.g. a replayed choice sequence).
    public var caseIndex: Int?

    static func fraction(_ c: Comparison) -> Double? {
        switch c.relation {
        case .lessOrEqual, .lessThan:
            guard c.rhs > 0, c.lhs >= 0, c.rhs.isFinite else { return nil }
            return c.lhs / c.rhs
        case .greaterOrEqual, .greaterThan:
            guard c.lhs > 0, c.rhs >= 0, c.lhs.isFinite else { return nil }
            return c.rhs / c.lhs
        case .equal: return nil
        }
    }

    /// "worst 0.31 of the bound (what, case k)".
    public var description: String {
        "worst \(formatNumber(fraction)) of the bound (\(what)\(caseIndex.map { ", case \($0)" } ?? ""))"
    }
}

/// A relation between two numbers.
public enum Relation: String, Sendable, Codable {
    /// `<`, `≤`, `=`, `≥`, `>`; the raw value is the symbol printed in reports. `=` compares with `==` (exact).
    case lessThan = "<", lessOrEqual = "≤", equal = "=", greaterOrEqual = "≥", greaterThan = ">"

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .lessThan: return a < b
        case .lessOrEqual: return a <= b
        case .equal: return a == b
        case .greaterOrEqual: return a >= b
        case .greaterThan: return a > b
        }
    }
}

/// The two numbers of an inequality and whether it holds.
public struct Comparison: Sendable, Codable, Equatable, CustomStringConvertible {
    /// What is compared, in words (shown in the failure message).
    public var what: String
    /// The left-hand number.
    public var lhs: Double
    /// The relation claimed between ``lhs`` and ``rhs``.
    public var relation: Relation
    /// The right-hand number (the bound).
    public var rhs: Double
    /// Whether `lhs relation rhs` holds, evaluated exactly in Double arithmetic (NaN makes it false).
    public var holds: Bool { relation.holds(lhs, rhs) }

    /// Records a comparison; it is evaluated by ``holds``, not here.
    public init(what: String, lhs: Double, relation: Relation, rhs: Double) {
        self.what = what; self.lhs = lhs; self.relation = relation; self.rhs = rhs
    }

    /// "what: expected lhs ≤ rhs — holds" (or "— violated").
    public var description: String {
        "\(what): expected \(lhs) \(relation.rawValue) \(rhs) — \(holds ? "holds" : "violated")"
    }
}

/// A failed case, thrown by the assertions of ``CaseContext`` (any other error thrown by a
/// property also fails the case, with its description as the message).
public struct CheckFailure: Error, Sendable, CustomStringConvertible {
    /// Why the case failed; becomes ``FailureDetail/message``.
    public var message: String
    /// The violated comparison with both numbers, when the failure came from one.
    public var comparison: Comparison?
    /// A failure with a message and, optionally, the comparison that was violated.
    public init(message: String, comparison: Comparison? = nil) {
        self.message = message; self.comparison = comparison
    }
    /// The message.
    public var description: String { message }
}

/// Thrown by ``CaseContext/assume(_:_:)`` to discard a case.
struct CaseDiscarded: Error {
    var reason: String
}
