import Foundation
import PropertyCheckStatistics

/// What a statistical or scaling-law check would have caught: the smallest deviation from the
/// claimed value that its decision detects with probability at least ``power`` at its α, computed
/// from the spread measured in that very run (never a hard-coded number).
///
/// **Intervals** (means, proportions, variances, slopes, differences). A decision rejects when the
/// claimed value c (widened by an allowance τ, if the claim has one) lies outside the 1 − α
/// interval θ̂ ± h. If the truth is c + δ, the estimate θ̂ is approximately N(c + δ, se²), so the
/// claim is rejected with probability Φ((δ − τ − h)/se), which is ≥ power exactly when
///
///     δ ≥ τ + h + z_power · se,
///
/// with z_power the standard normal quantile (2.326 at power 0.99). This is the resolution. It is
/// computed on the side of the interval farther from the estimate (the conservative side). The
/// decisions pass se when they know it; otherwise it is recovered from the two-sided interval as
/// se = h / z_{1−α/2} (normal approximation, documented on the report as such). When the
/// interval's width is itself estimated with ν degrees of freedom (a t interval), a rerun's h
/// varies with relative standard deviation ≈ 1/√(2ν), and the rule becomes
/// δ ≥ τ + h + z_power·√(se² + h²/(2ν)). The stated value is an estimate from one run (its relative
/// error is also ≈ 1/√(2ν)); simulated over 1,000 runs (`ResolutionTests`) the detection rate at
/// the stated value is 0.98–1.0 for ν ≥ 100.
///
/// **Kolmogorov–Smirnov distances.** With n effective observations the decision rejects when the
/// statistic exceeds the level-α critical value, which is at most √(ln(2/α)/(2n)) (the
/// Dvoretzky–Kiefer–Wolfowitz bound with Massart's constant). Against a true distribution at sup
/// distance d, the empirical CDF is within √(ln(2/(1 − power))/(2n)) of the truth with
/// probability ≥ power (the same inequality), so d ≥ √(ln(2/α)/(2n)) + √(ln(2/(1 − power))/(2n))
/// is detected with probability ≥ power. The bound holds for every n (it is not asymptotic).
///
/// A resolution is stated on a ``Scale``: relative to the claimed value (a Monte Carlo check of a
/// closed form), absolute (an exponent, a difference of means, a probability), or a distance between
/// distributions. A check may state a ``target``; the report says plainly when the run did not
/// reach it.
public struct Resolution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The scale a resolution's value is stated on.
    public enum Scale: String, Sendable, Hashable, Codable {
        /// A fraction of |claimed value| (e.g. 0.01 = a 1% error in a closed form).
        case relative
        /// In the units of the estimate (a difference, a probability, a rate).
        case absolute
        /// In exponent units: a fitted power-law exponent or log–log slope.
        case exponent
        /// A sup distance between distribution functions.
        case distance
    }

    /// The smallest deviation detected with probability ≥ ``power``.
    public var value: Double
    /// The scale of ``value`` (and of ``target``).
    public var scale: Scale
    /// The detection probability the resolution is stated at (0.99 by default).
    public var power: Double
    /// The resolution the check aims for, on the same scale; nil when it states none.
    public var target: Double?
    /// How the value was obtained, e.g. "h 0.012 + z·se 0.004 (se from the interval)".
    public var derivation: String
    /// Interval decisions: the half-width as a multiple of the standard error (q = h/se: the
    /// normal or t quantile of the interval's level). nil for other decisions.
    public var intervalQuantile: Double?
    /// Interval decisions whose width is estimated (t intervals, slopes): the degrees of freedom ν
    /// of that estimate; nil when the width is known in advance.
    public var degreesOfFreedom: Double?

    /// A resolution as computed by a decision; `power` in (0, 1), `target` on the same scale as `value`.
    public init(value: Double, scale: Scale, power: Double = Resolution.standardPower, target: Double? = nil,
                derivation: String) {
        self.value = value; self.scale = scale; self.power = power; self.target = target; self.derivation = derivation
    }

    /// The detection probability every resolution is stated at unless a check asks otherwise.
    public static let standardPower = 0.99

    /// The suite's standing targets, used when a check states none: a Monte Carlo estimate of a
    /// closed form resolves 1% relative (0.2% in the deep profile), a fitted exponent ±0.15
    /// (±0.05 deep), a distribution test a Kolmogorov–Smirnov distance of 0.02. Absolute scales
    /// have no standing target (their units differ from check to check).
    public static func standardTarget(for scale: Scale, profile: Profile) -> Double? {
        switch scale {
        case .relative: return profile == .deep ? 0.002 : 0.01
        case .exponent: return profile == .deep ? 0.05 : 0.15
        case .distance: return 0.02
        case .absolute: return nil
        }
    }

    /// Whether the run reached its target (nil when there is none, or the value is not finite).
    public var meetsTarget: Bool? {
        guard let target, value.isFinite else { return nil }
        return value <= target
    }

    /// The value as text: "1.2%" (relative), "±0.081" (absolute), "KS 0.031" (distance).
    public var valueText: String { Self.text(value, scale) }

    /// A value on a scale as text ("1.2%", "±0.081", "KS 0.031"); "—" when not finite.
    public static func text(_ v: Double, _ scale: Scale) -> String {
        guard v.isFinite else { return "—" }
        switch scale {
        case .relative: return formatPercent(v)
        case .absolute, .exponent: return "±" + String(format: "%.3g", v)
        case .distance: return "KS " + String(format: "%.3g", v)
        }
    }

    /// "resolves 1.2% at power 0.99 (target 1%: not reached)".
    public var description: String {
        var text = "resolves \(valueText) at power \(formatNumber(power))"
        if let target, let meets = meetsTarget {
            text += " (target \(Self.text(target, scale))\(meets ? "" : ": NOT REACHED"))"
        }
        return text + " [\(derivation)]"
    }

    // MARK: - Construction

    /// z with Φ(z) = p, for p in (0, 1).
    static func normalQuantile(_ p: Double) -> Double { NormalDistribution().quantile(p) }

    /// The resolution of an interval decision: τ + h + z_power·se, on `scale` (relative: divided by
    /// |reference|). `se` nil: recovered as h/z_{1−α/2} (two-sided) or h/z_{1−α} (one-sided).
    public static func interval(
        halfWidth h: Double, standardError se: Double?, degreesOfFreedom nu: Double? = nil, allowance tau: Double = 0,
        alpha: Double, oneSided: Bool = false, scale: Scale, reference: Double? = nil, target: Double? = nil,
        power: Double = standardPower
    ) -> Resolution {
        let zPower = normalQuantile(power)
        let recovered = se == nil
        let zLevel = NormalDistribution().inverseSurvival(oneSided ? alpha : alpha / 2)
        let base = se ?? h / zLevel
        let sigma = nu.map { (base * base + h * h / (2 * $0)).squareRoot() } ?? base
        var delta = tau + h + zPower * sigma
        var scale = scale
        if scale == .relative {
            if let reference, reference != 0, reference.isFinite { delta /= Swift.abs(reference) } else { scale = .absolute }
        }
        var derivation = (tau > 0 ? "τ \(formatNumber(tau)) + " : "") + "h \(formatNumber(h)) + z·se \(formatNumber(zPower * sigma))"
        if recovered { derivation += " (se from the interval, normal approximation)" }
        if scale == .relative, let reference { derivation += ", relative to \(formatNumber(reference))" }
        var resolution = Resolution(value: delta.isFinite ? delta : .infinity, scale: scale, power: power, target: target,
                                    derivation: derivation)
        resolution.intervalQuantile = base > 0 ? h / base : nil
        resolution.degreesOfFreedom = nu
        return resolution
    }

    /// This resolution with the suite's standing target for its scale (``standardTarget(for:profile:)``)
    /// unless it already has one.
    public func withStandardTarget(profile: Profile) -> Resolution {
        var copy = self
        if copy.target == nil { copy.target = Self.standardTarget(for: scale, profile: profile) }
        return copy
    }

    /// The resolution of a least-squares slope decided by `assertions` on its interval: the
    /// largest consistency allowance τ among them, the interval's half-width, and the slope's
    /// standard error from the fit.
    public static func ofSlope(_ fit: LinearFit, interval: ConfidenceInterval, assertions: [ScalingEvidence.Assertion],
                               alpha: Double, scale: Scale) -> Resolution {
        let tau = assertions.map { a -> Double in
            if case let .consistentWith(_, tolerance) = a { return tolerance } else { return 0 }
        }.max() ?? 0
        let h = Swift.max(fit.slope - interval.lower, interval.upper - fit.slope)
        return .interval(halfWidth: h, standardError: fit.slopeStandardError, degreesOfFreedom: Double(fit.degreesOfFreedom),
                         allowance: tau, alpha: alpha, scale: scale)
    }

    /// The resolution of a Kolmogorov–Smirnov decision on `effectiveSampleSize` observations
    /// (n for one sample, nm/(n + m) for two), by the DKW bound (see the type's documentation).
    public static func kolmogorovSmirnov(effectiveSampleSize n: Double, alpha: Double, target: Double? = nil,
                                         power: Double = standardPower) -> Resolution {
        let critical = (Foundation.log(2 / alpha) / (2 * n)).squareRoot()
        let spread = (Foundation.log(2 / (1 - power)) / (2 * n)).squareRoot()
        return Resolution(value: critical + spread, scale: .distance, power: power, target: target,
                          derivation: "DKW: critical ≤ \(formatNumber(critical)) + sampling \(formatNumber(spread)), n_eff = \(formatNumber(n))")
    }
}

extension Resolution {
    /// The smallest size n per sample at which a two-sample Kolmogorov–Smirnov decision on two
    /// samples of n (n_eff = n/2) resolves `target` by ``kolmogorovSmirnov(effectiveSampleSize:alpha:target:power:)``:
    /// n = ⌈2·((√(ln(2/α)/2) + √(ln(2/(1 − power))/2))/target)²⌉, so 111,348 for a distance of
    /// 0.02 at α = 10⁻⁸.
    ///
    /// - Precondition: 0 < `target` < 1, 0 < `alpha` < 1.
    public static func kolmogorovSmirnovTwoSampleSize(reaching target: Double, alpha: Double,
                                                      power: Double = standardPower) -> Int {
        require(target > 0 && target < 1 && alpha > 0 && alpha < 1,
                "Resolution.kolmogorovSmirnovTwoSampleSize: target \(target), α \(alpha)")
        let root = (Foundation.log(2 / alpha) / 2).squareRoot() + (Foundation.log(2 / (1 - power)) / 2).squareRoot()
        var n = Int((2 * (root / target) * (root / target)).rounded(.up))
        // The closed form can land one off after rounding; settle it against the rule itself.
        while kolmogorovSmirnov(effectiveSampleSize: Double(n) / 2, alpha: alpha, power: power).value > target { n += 1 }
        while n > 1 && kolmogorovSmirnov(effectiveSampleSize: Double(n - 1) / 2, alpha: alpha, power: power).value <= target { n -= 1 }
        return n
    }
}

func formatPercent(_ x: Double) -> String {
    let p = 100 * x
    return p >= 10 ? String(format: "%.0f%%", p) : String(format: "%.2g%%", p)
}
