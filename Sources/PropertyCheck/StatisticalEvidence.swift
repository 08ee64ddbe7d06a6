import Foundation
import PropertyCheckStatistics

/// The numbers behind a statistical verdict: the estimate, the interval (or statistic and critical
/// value), the claimed value, and the α the decision was made at.
public struct StatisticalEvidence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The claim in words, e.g. "E[X] = 0.5".
    public var claim: String
    /// How the decision was made, e.g. "Student-t interval", "Hoeffding bound on [0, 1]".
    public var method: String
    /// Number of observations the estimate is based on.
    public var sampleSize: Int
    /// The point estimate (sample mean, proportion, variance, KS distance, slope).
    public var estimate: Double
    /// Lower and upper end of the 1 − α confidence interval, when the method gives one.
    public var lower: Double?
    /// Upper end of the interval (may be +∞ for a one-sided interval).
    public var upper: Double?
    /// The claimed value the interval is compared with.
    public var claimed: Double?
    /// The relation a one-sided decision tests between the quantity and ``claimed`` ("≥", "≤",
    /// ">", "<"); nil for a two-sided decision (the quantity equals ``claimed``). Set by the
    /// one-sided decisions, so a table can print "≥ 0.9" rather than a bare 0.9.
    public var claimedRelation: String?
    /// A test statistic and its critical value, when the method is a test (KS).
    public var statistic: Double?
    /// The level-α critical value the statistic is compared with.
    public var criticalValue: Double?
    /// p-value, when available.
    public var pValue: Double?
    /// The false-failure probability the decision was made at.
    public var alpha: Double
    /// Whether the evidence is consistent with the claim (the check passes).
    public var consistent: Bool
    /// The smallest deviation this decision detects with probability ≥ 0.99 (see ``Resolution``).
    /// The decisions of the harness compute it with their standard error; evidence built by hand
    /// gets it from its interval (normal approximation), or none when it has no interval.
    public var resolution: Resolution?
    /// Demonstrations (a bound must clear a threshold): the probability that a rerun fails although
    /// the effect is as large as estimated — 1 − power, which α does not control. Plug-in value.
    public var falseFailureProbability: Double?
    /// The allowance τ the decision grants the claimed value (a stated bias, or an exponent's
    /// derived tolerance): the claim is rejected only when it lies more than τ outside the
    /// interval. nil for none.
    public var allowance: Double?
    /// Distribution tests: the number of observations the Kolmogorov–Smirnov statistic rests on
    /// (n for one sample, nm/(n + m) for two); nil for other decisions.
    public var effectiveSampleSize: Double?

    /// Evidence built by hand; without `resolution` it is derived from the interval by the normal approximation (nil without a finite interval end).
    public init(claim: String, method: String, sampleSize: Int, estimate: Double,
                lower: Double? = nil, upper: Double? = nil, claimed: Double? = nil,
                statistic: Double? = nil, criticalValue: Double? = nil, pValue: Double? = nil,
                alpha: Double, consistent: Bool, claimedRelation: String? = nil, resolution: Resolution? = nil) {
        self.claim = claim; self.method = method; self.sampleSize = sampleSize; self.estimate = estimate
        self.lower = lower; self.upper = upper; self.claimed = claimed; self.statistic = statistic
        self.criticalValue = criticalValue; self.pValue = pValue; self.alpha = alpha
        self.consistent = consistent; self.claimedRelation = claimedRelation
        self.resolution = resolution ?? Self.intervalResolution(estimate: estimate, lower: lower, upper: upper,
                                                                alpha: alpha, standardError: nil, scale: .absolute)
    }

    /// The plug-in false-failure probability of a demonstration decided by "lower bound > threshold":
    /// a rerun's estimate is ≈ N(estimate, se²) and its bound sits h below it, so it fails with
    /// probability Φ((threshold + h − estimate)/se). se nil: h / z_{1−α} (one-sided normal interval).
    public static func demonstrationFalseFailure(estimate: Double, lower: Double, threshold: Double, alpha: Double,
                                                 standardError: Double? = nil) -> Double {
        let h = estimate - lower
        let se = standardError ?? h / NormalDistribution().inverseSurvival(alpha)
        guard se > 0, se.isFinite else { return estimate - h > threshold ? 0 : 1 }
        return NormalDistribution().cdf((threshold + h - estimate) / se)
    }

    /// The resolution of an interval decision around `estimate` (nil without a finite interval end):
    /// two-sided when both ends are finite, one-sided on the finite side otherwise.
    static func intervalResolution(
        estimate: Double, lower: Double?, upper: Double?, alpha: Double, standardError: Double?,
        degreesOfFreedom: Double? = nil, allowance: Double = 0, scale: Resolution.Scale, reference: Double? = nil
    ) -> Resolution? {
        guard estimate.isFinite else { return nil }
        let below = lower.flatMap { $0.isFinite ? estimate - $0 : nil }
        let above = upper.flatMap { $0.isFinite ? $0 - estimate : nil }
        let sides = [below, above].compactMap { $0 }
        guard let h = sides.max() else { return nil }
        return Resolution.interval(halfWidth: h, standardError: standardError, degreesOfFreedom: degreesOfFreedom,
                                   allowance: allowance, alpha: alpha,
                                   oneSided: sides.count == 1, scale: scale, reference: reference)
    }

    /// Claim, method, n, α, estimate, interval or statistic, and the verdict on one line.
    public var description: String {
        let size = method.contains("n = ") ? "" : ", n = \(sampleSize)"
        var parts = ["\(claim) [\(method)\(size), α = \(formatProbability(alpha))]",
                     "estimate \(formatNumber(estimate))"]
        if let lower, let upper {
            parts.append("\(formatPercentLevel(alpha)) interval [\(formatNumber(lower)), \(formatNumber(upper))]")
        }
        if let claimed { parts.append("claimed \(claimedRelation.map { $0 + " " } ?? "")\(formatNumber(claimed))") }
        if let statistic, let criticalValue {
            parts.append("statistic \(formatNumber(statistic)) vs critical \(formatNumber(criticalValue))")
        }
        if let pValue { parts.append("p = \(formatProbability(pValue))") }
        if let resolution { parts.append("\(resolution)") }
        if let falseFailureProbability {
            parts.append("P(false failure) ≈ \(formatProbability(falseFailureProbability)) beside α = \(formatProbability(alpha))")
        }
        parts.append(consistent ? "consistent" : "INCONSISTENT")
        return parts.joined(separator: "; ")
    }
}

/// The numbers behind a scaling-law verdict.
public struct ScalingEvidence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a fitted slope (an exponent, on log–log axes) is asked to show, judged on its 1 − α
    /// interval [lo, hi] by ``holds(lower:upper:)`` — the one slope decision of the harness, used by
    /// ``PropertyCheck/scalingLaw(_:quantity:sweep:repeats:assertion:mustReject:settings:measure:)``
    /// and by ``StatisticalEvidence/slope(_:x:y:axes:assertions:alpha:detail:)``.
    public enum Assertion: Hashable, Sendable, Codable, CustomStringConvertible {
        /// b = b₀ ± τ is not ruled out: the interval meets [b₀ − τ, b₀ + τ]. τ = 0 asks for b₀
        /// itself inside the interval; τ > 0 allows for a derived finite-size correction.
        case consistentWith(exponent: Double, tolerance: Double)
        /// b ≤ b₀ is not ruled out: lo ≤ b₀ ("falls at least this fast").
        case atMost(exponent: Double)
        /// b₀ is ruled out: b₀ ∉ [lo, hi] (e.g. b₀ = 0: "y does depend on x").
        case excludes(exponent: Double)
        /// b < b₀ is shown: hi < b₀ (e.g. b₀ = 0: "y does fall with x").
        case below(exponent: Double)

        /// The decision on a 1 − α interval [lower, upper].
        public func holds(lower: Double, upper: Double) -> Bool {
            switch self {
            case let .consistentWith(b, tolerance): return lower <= b + tolerance && upper >= b - tolerance
            case let .atMost(b): return lower <= b
            case let .excludes(b): return !(lower <= b && b <= upper)
            case let .below(b): return upper < b
            }
        }

        /// The claimed exponent this assertion is about.
        public var exponent: Double {
            switch self {
            case let .consistentWith(b, _), let .atMost(b), let .excludes(b), let .below(b): return b
            }
        }

        /// "b = −0.5", "b = 1 ± 0.3", "b ≤ −0.5", "b ≠ 0", "b < 0".
        public var description: String {
            switch self {
            case let .consistentWith(b, tol):
                return tol > 0 ? "b = \(formatNumber(b)) ± \(formatNumber(tol))" : "b = \(formatNumber(b))"
            case let .atMost(b): return "b ≤ \(formatNumber(b))"
            case let .excludes(b): return "b ≠ \(formatNumber(b))"
            case let .below(b): return "b < \(formatNumber(b))"
            }
        }
    }

    /// The measured quantity's name, e.g. "error".
    public var quantity: String
    /// The claim about the exponent the interval was judged against.
    public var assertion: Assertion
    /// Fitted exponent b of log y = a + b log x, its 1 − α interval, and intercept a.
    public var exponent: Double
    /// Lower end of the 1 − α Student-t interval for the exponent.
    public var lower: Double
    /// Upper end of the 1 − α Student-t interval for the exponent.
    public var upper: Double
    /// The fitted intercept a (natural logarithms).
    public var intercept: Double
    /// Sweep points and the number of measurements (seeds) at each.
    public var xs: [Double]
    /// Mean of ln y over the repeats at each sweep point.
    public var meanLogY: [Double]
    /// Measurements (each on its own random stream) at every sweep point.
    public var repeats: Int
    /// Residual standard deviation of the least-squares fit of ln y on ln x over all measurements.
    public var residualStandardDeviation: Double
    /// The false-failure probability the decision was made at.
    public var alpha: Double
    /// Whether the interval satisfies the assertion (the check passes).
    public var consistent: Bool
    /// The smallest error in the exponent the fit detects with probability ≥ 0.99 (see ``Resolution``).
    public var resolution: Resolution?

    /// The fit, its interval, the claim and the verdict on one line.
    public var description: String {
        "\(quantity) ∝ x^b: b = \(formatNumber(exponent)), \(formatPercentLevel(alpha)) interval "
            + "[\(formatNumber(lower)), \(formatNumber(upper))] from \(xs.count) points × \(repeats) seeds; "
            + "claim \(assertion)\(resolution.map { "; \($0)" } ?? "") — \(consistent ? "consistent" : "INCONSISTENT")"
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
