import PropertyCheckStatistics
import Foundation

/// A required minimum frequency of a label among the cases of a run, e.g.
/// `CoverageRequirement("depth ≥ 20", atLeast: 0.10)`.
///
/// The requirement is checked on the observed fraction of (non-discarded) cases that carry the
/// label. Runs are deterministic for a given seed, so this is not a statistical test: leave slack
/// between the generator's true frequency and the requirement (with n cases the observed fraction
/// has standard deviation ≤ 0.5/√n), or a different `THEORYCHECK_SEED` may miss it.
public struct CoverageRequirement: Sendable, Hashable {
    /// The label, as attached to cases by the property.
    public var label: String
    /// The smallest acceptable fraction of non-discarded cases carrying the label, in [0, 1].
    public var minimumFraction: Double

    /// Requires `minimumFraction` in [0, 1] (checked with `require`, which stops the process otherwise).
    public init(_ label: String, atLeast minimumFraction: Double) {
        require(minimumFraction >= 0 && minimumFraction <= 1,
                        "CoverageRequirement('\(label)'): fraction \(minimumFraction) must lie in [0, 1]")
        self.label = label; self.minimumFraction = minimumFraction
    }
}

/// How often one label occurred.
public struct LabelCount: Sendable, Hashable, Codable {
    /// The label.
    public var label: String
    /// Number of non-discarded cases that carried it.
    public var count: Int
    /// count / cases run (0 when no case ran).
    public var fraction: Double
}

/// A coverage requirement and what the run observed.
public struct CoverageResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The label of the requirement.
    public var label: String
    /// The required minimum fraction.
    public var required: Double
    /// The fraction of non-discarded cases that carried the label (exact for this run, not an estimate with error bars).
    public var observed: Double
    /// Whether observed ≥ required.
    public var satisfied: Bool { observed >= required }

    /// "coverage 'label': 12.0% of cases (required ≥ 10.0%) — ok".
    public var description: String {
        let verdict = satisfied ? "ok" : "NOT MET"
        return "coverage '\(label)': \(percent(observed)) of cases (required ≥ \(percent(required))) — \(verdict)"
    }
}

func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

/// Counts labels over a run.
struct LabelTally {
    private(set) var counts: [String: Int] = [:]
    private(set) var order: [String] = []

    mutating func add(_ labels: [String]) {
        for label in labels {
            if counts[label] == nil { order.append(label) }
            counts[label, default: 0] += 1
        }
    }

    func distribution(over cases: Int) -> [LabelCount] {
        order.map { LabelCount(label: $0, count: counts[$0]!, fraction: cases > 0 ? Double(counts[$0]!) / Double(cases) : 0) }
            .sorted { $0.count > $1.count || ($0.count == $1.count && $0.label < $1.label) }
    }

    func evaluate(_ requirements: [CoverageRequirement], over cases: Int) -> [CoverageResult] {
        requirements.map {
            CoverageResult(label: $0.label, required: $0.minimumFraction,
                           observed: cases > 0 ? Double(counts[$0.label] ?? 0) / Double(cases) : 0)
        }
    }
}
