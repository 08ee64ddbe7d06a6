import Foundation

/// The numbers behind a statistical verdict: the estimate, the interval (or statistic and critical
/// value), the claimed value, and the α the decision was made at.
public struct StatisticalEvidence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The claim in words, e.g. "E[X] = 0.5".
    public var claim: String
    /// How the decision was made, e.g. "Student-t interval", "Hoeffding bound on [0, 1]".
    public var method: String
    public var sampleSize: Int
    /// The point estimate (sample mean, proportion, variance, KS distance, slope).
    public var estimate: Double
    /// Lower and upper end of the 1 − α confidence interval, when the method gives one.
    public var lower: Double?
    public var upper: Double?
    /// The claimed value the interval is compared with.
    public var claimed: Double?
    /// A test statistic and its critical value, when the method is a test (KS).
    public var statistic: Double?
    public var criticalValue: Double?
    /// p-value, when available.
    public var pValue: Double?
    /// The false-failure probability the decision was made at.
    public var alpha: Double
    /// Whether the evidence is consistent with the claim (the check passes).
    public var consistent: Bool

    public init(claim: String, method: String, sampleSize: Int, estimate: Double,
                lower: Double? = nil, upper: Double? = nil, claimed: Double? = nil,
                statistic: Double? = nil, criticalValue: Double? = nil, pValue: Double? = nil,
                alpha: Double, consistent: Bool) {
        self.claim = claim; self.method = method; self.sampleSize = sampleSize; self.estimate = estimate
        self.lower = lower; self.upper = upper; self.claimed = claimed; self.statistic = statistic
        self.criticalValue = criticalValue; self.pValue = pValue; self.alpha = alpha
        self.consistent = consistent
    }

    public var description: String {
        let size = method.contains("n = ") ? "" : ", n = \(sampleSize)"
        var parts = ["\(claim) [\(method)\(size), α = \(formatProbability(alpha))]",
                     "estimate \(formatNumber(estimate))"]
        if let lower, let upper {
            parts.append("\(formatPercentLevel(alpha)) interval [\(formatNumber(lower)), \(formatNumber(upper))]")
        }
        if let claimed { parts.append("claimed \(formatNumber(claimed))") }
        if let statistic, let criticalValue {
            parts.append("statistic \(formatNumber(statistic)) vs critical \(formatNumber(criticalValue))")
        }
        if let pValue { parts.append("p = \(formatProbability(pValue))") }
        parts.append(consistent ? "consistent" : "INCONSISTENT")
        return parts.joined(separator: "; ")
    }
}

/// The numbers behind a scaling-law verdict.
public struct ScalingEvidence: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Assertion: Hashable, Sendable, Codable {
        /// The exponent interval must meet [claimed − tolerance, claimed + tolerance].
        case consistentWith(exponent: Double, tolerance: Double)
        /// The exponent interval must exclude this value (e.g. 0: "y does depend on x").
        case excludes(exponent: Double)
    }

    public var quantity: String
    public var assertion: Assertion
    /// Fitted exponent b of log y = a + b log x, its 1 − α interval, and intercept a.
    public var exponent: Double
    public var lower: Double
    public var upper: Double
    public var intercept: Double
    /// Sweep points and the number of measurements (seeds) at each.
    public var xs: [Double]
    public var meanLogY: [Double]
    public var repeats: Int
    public var residualStandardDeviation: Double
    public var alpha: Double
    public var consistent: Bool

    public var description: String {
        let claim: String
        switch assertion {
        case let .consistentWith(b, tol):
            claim = tol > 0 ? "exponent \(formatNumber(b)) ± \(formatNumber(tol))" : "exponent \(formatNumber(b))"
        case let .excludes(b): claim = "exponent ≠ \(formatNumber(b))"
        }
        return "\(quantity) ∝ x^b: b = \(formatNumber(exponent)), \(formatPercentLevel(alpha)) interval "
            + "[\(formatNumber(lower)), \(formatNumber(upper))] from \(xs.count) points × \(repeats) seeds; "
            + "claim \(claim) — \(consistent ? "consistent" : "INCONSISTENT")"
    }
}

func formatNumber(_ x: Double) -> String {
    if x == 0 || !x.isFinite { return "\(x)" }
    let a = abs(x)
    if a >= 1e-3 && a < 1e6 { return String(format: "%.6g", x) }
    return String(format: "%.4e", x)
}

/// "95%" for α = 0.05, "1 − 1e-08" for tiny α.
func formatPercentLevel(_ alpha: Double) -> String {
    alpha >= 1e-3 ? String(format: "%.4g%%", 100 * (1 - alpha)) : "1 − \(formatProbability(alpha))"
}
