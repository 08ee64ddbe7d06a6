import Foundation

/// The Kolmogorov distribution: the limit law of √n·Dₙ for the one-sample Kolmogorov–Smirnov
/// statistic Dₙ = sup|Fₙ − F| of a continuous F (and of √(nm/(n+m))·D for two samples).
///
/// P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, used for λ ≥ 1 (≤ 6 terms to 1e−17 relative; the
/// survival keeps relative accuracy to ~1e−300 at λ ≈ 18.6). For λ < 1 the equivalent (Jacobi
/// theta) form P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} is used instead, which converges
/// fast there and keeps relative accuracy in the lower tail. Accuracy ≲ 1e−15 relative (each
/// tail) vs. scipy.special.kolmogorov / kolmogi.
public struct KolmogorovDistribution: ContinuousDistribution, Hashable, CustomStringConvertible {
    /// The Kolmogorov distribution (it has no parameters).
    public init() {}

    /// E[K] = √(π/2)·ln 2.
    public var mean: Double { 1.253_314_137_315_500_251_2 * 0.693_147_180_559_945_309_42 }
    /// Var[K] = π²/12 − E[K]².
    public var variance: Double { Double.pi * Double.pi / 12 - mean * mean }
    /// "Kolmogorov".
    public var description: String { "Kolmogorov" }

    /// (P(K ≤ λ), P(K > λ)), each computed directly on its own side of λ = 1.
    func pair(_ lambda: Double) -> (cdf: Double, survival: Double) {
        if lambda <= 0 { return (0, 1) }
        if lambda == .infinity { return (1, 0) }
        if lambda < 1 {
            let c = -Double.pi * Double.pi / (8 * lambda * lambda)
            var sum = 0.0, k = 1.0
            while true {
                let term = Foundation.exp(c * (2 * k - 1) * (2 * k - 1))
                sum += term
                if term <= sum * 0x1p-54 || k > 100 { break }
                k += 1
            }
            let cdf = 2.506_628_274_631_000_502_4 / lambda * sum
            return (cdf, 1 - cdf)
        }
        var sum = 0.0, k = 1.0, sign = 1.0
        while true {
            let term = Foundation.exp(-2 * k * k * lambda * lambda)
            sum += sign * term
            if term <= Swift.abs(sum) * 0x1p-54 || k > 100 { break }
            sign = -sign
            k += 1
        }
        return (1 - 2 * sum, 2 * sum)
    }

    /// The density of K (0 for x ≤ 0 and at +∞). x must not be NaN.
    public func density(_ x: Double) -> Double {
        requireNotNaN(x, "KolmogorovDistribution.density")
        if x <= 0 || x == .infinity { return 0 }
        if x < 1 {
            let x2 = x * x
            var sum = 0.0, k = 1.0
            while k < 100 {
                let c = (2 * k - 1) * (2 * k - 1) * Double.pi * Double.pi / 8
                let term = Foundation.exp(-c / x2) * (2 * c / (x2 * x2) - 1 / x2)
                sum += term
                if Swift.abs(term) <= Swift.abs(sum) * 0x1p-54 { break }
                k += 1
            }
            return 2.506_628_274_631_000_502_4 * sum
        }
        var sum = 0.0, k = 1.0, sign = 1.0
        while k < 100 {
            let term = k * k * Foundation.exp(-2 * k * k * x * x)
            sum += sign * term
            if term <= Swift.abs(sum) * 0x1p-54 { break }
            sign = -sign
            k += 1
        }
        return 8 * x * sum
    }

    /// P(K ≤ x), relative accuracy kept in the lower tail. x must not be NaN.
    public func cdf(_ x: Double) -> Double {
        requireNotNaN(x, "KolmogorovDistribution.cdf")
        return pair(x).cdf
    }

    /// P(K > x), relative accuracy kept in the upper tail (KS p-values). x must not be NaN.
    public func survival(_ x: Double) -> Double {
        requireNotNaN(x, "KolmogorovDistribution.survival")
        return pair(x).survival
    }

    /// The λ with P(K ≤ λ) = p (0 at p = 0, +∞ at p = 1), solved iteratively to near full precision; p must lie in [0, 1].
    public func quantile(_ p: Double) -> Double {
        requireProbability(p, "KolmogorovDistribution.quantile(\(p))")
        return invert(lower: p, upper: p >= 0.5 ? 1 - p : nil)
    }

    /// The λ with P(K > λ) = q (critical values of the KS test); q must lie in [0, 1].
    public func inverseSurvival(_ q: Double) -> Double {
        requireProbability(q, "KolmogorovDistribution.inverseSurvival(\(q))")
        return invert(lower: q >= 0.5 ? 1 - q : nil, upper: q)
    }

    func invert(lower: Double?, upper: Double?) -> Double {
        let p = lower ?? (1 - upper!), q = upper ?? (1 - lower!)
        if p == 0 { return 0 }
        if q == 0 { return .infinity }
        let useLower = p <= 0.5 || upper == nil
        // Start: first term of whichever series dominates that tail.
        var start = q < 0.5 ? (-0.5 * Foundation.log(0.5 * q)).squareRoot()
                            : Double.pi / (-8 * Foundation.log(Swift.max(p, 1e-300) * 0.4)).squareRoot()
        if !(start > 0 && start.isFinite) { start = 1 }
        // Newton on the logarithm of the small tail, as for the incomplete gamma/beta inverses:
        // ln P(K > λ) ≈ ln 2 − 2λ² and ln P(K ≤ λ) ≈ −π²/(8λ²) are smooth and well scaled down
        // to 1e−300.
        return Special.solveIncreasing(start: start, lower: 0, upper: .infinity) { x in
            let (c, s) = pair(x)
            let d = density(x)
            return useLower ? (Foundation.log(c / p), d / c, 0) : (Foundation.log(q / s), d / s, 0)
        }
    }
}
