import Foundation
import PropertyCheckStatistics

/// The family-wise false-failure budget of a suite run.
///
/// Every statistical check can fail by bad luck even when its claim is true. The harness bounds
/// the probability that *any* statistical check of a run fails falsely by `total` (default 10⁻⁶)
/// with a Bonferroni split: each of the `declaredChecks` statistical checks gets
/// α = total / declaredChecks. By the union bound, P(any false failure) ≤ Σ α = total, whatever
/// the dependence between checks. The default declares 100 checks, so α = 10⁻⁸ per check; a suite
/// with more statistical checks must declare more (or the bound no longer holds), and the report of
/// every statistical check prints the α it used and how it was derived.
///
/// Within one check that makes several decisions (an interval and its negative controls, a sweep
/// with several assertions), the check's α is split again by Bonferroni, or by ``holm(_:alpha:)``
/// for a batch of p-values.
public struct ErrorBudget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Bound on the probability of at least one false failure among all statistical checks of a run.
    public var total: Double
    /// The number of statistical checks the total is shared between.
    public var declaredChecks: Int

    /// Requires 0 < `total` < 1 and `declaredChecks` ≥ 1 (checked with `require`).
    public init(total: Double = 1e-6, declaredChecks: Int = 100) {
        require(total > 0 && total < 1, "ErrorBudget: total \(total) must lie in (0, 1)")
        require(declaredChecks >= 1, "ErrorBudget: declaredChecks \(declaredChecks) must be ≥ 1")
        self.total = total
        self.declaredChecks = declaredChecks
    }

    /// The default: 10⁻⁶ over 100 declared checks.
    public static let standard = ErrorBudget()

    /// α of one check: total / declaredChecks.
    public var perCheck: Double { total / Double(declaredChecks) }

    /// The per-check α and how it follows from the total.
    public var description: String {
        "α = \(formatProbability(perCheck)) per check (Bonferroni: family-wise \(formatProbability(total)) over \(declaredChecks) declared statistical checks)"
    }

    /// Holm's step-down procedure at family-wise level `alpha` (via `Statistics.holmAdjusted`):
    /// sort the p-values and reject the i-th smallest (i = 0, 1, …) while p₍ᵢ₎ ≤ alpha / (m − i).
    /// Controls the family-wise error rate at `alpha` under any dependence and rejects at least
    /// whatever Bonferroni rejects. Returns, in input order, whether each hypothesis is rejected.
    public static func holm(_ pValues: [Double], alpha: Double) -> [Bool] {
        Statistics.holmAdjusted(pValues).map { $0 <= alpha }
    }

    /// Bonferroni at family-wise level `alpha`: reject each p ≤ alpha / m.
    public static func bonferroni(_ pValues: [Double], alpha: Double) -> [Bool] {
        Statistics.bonferroniAdjusted(pValues).map { $0 <= alpha }
    }
}

/// A probability printed compactly: 1e-08, 0.05.
func formatProbability(_ p: Double) -> String {
    if p == 0 { return "0" }
    if p < 1e-3 { return String(format: "%.3g", p) }
    return String(format: "%.4g", p)
}
