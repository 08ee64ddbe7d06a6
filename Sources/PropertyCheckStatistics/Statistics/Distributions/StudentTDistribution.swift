import Foundation

/// Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer).
///
/// Tails: for t ≥ 0, P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½), with both ν/(ν+t²) and t²/(ν+t²) formed
/// directly so that neither tail loses accuracy; the lower tail by symmetry. Quantiles invert the
/// incomplete beta on the smaller tail and return t = ±√(ν·y/x) from the accurate pair
/// (x, y = 1 − x). Accuracy (relative, vs. mpmath/scipy): ≲ 1e−14 + 2ν·ε in either tail (the
/// argument x = ν/(ν+t²) of the incomplete beta is within ε of 1 and the fraction with a = ν/2
/// amplifies that by ~a: 3e−13 measured at ν = 1e4, 6e−8 at ν = 1e9); the incomplete beta needs
/// O(√ν) continued-fraction terms (still < 1 ms at ν = 1e9). Tails so far out that
/// ν/t² < e⁻⁶⁶⁷ ≈ 2.2e−290 (only reachable for small ν) use the leading term of the small-x expansion of the incomplete
/// beta, with relative error O(ν/t²). Quantiles for ν ≥ 1e6 use Fisher's
/// expansion about the normal quantile instead (error < 1e−15), so they are slightly *more*
/// accurate than `cdf` there. Extreme quantiles whose beta root underflows (x < 1e−290, e.g.
/// ν = 0.7 at 1e−200) use the leading term of the small-x expansion, accurate to ~1e−13.
///
/// `mean` is 0 for ν > 1 and NaN (does not exist) for ν ≤ 1; `variance` is ν/(ν−2) for ν > 2,
/// +∞ for 1 < ν ≤ 2 and NaN for ν ≤ 1.
public struct StudentTDistribution: ContinuousDistribution, Hashable, CustomStringConvertible {
    /// The degrees of freedom ν > 0.
    public let degreesOfFreedom: Double

    /// t(ν); requires finite ν > 0 (`require`).
    public init(degreesOfFreedom: Double) {
        require(degreesOfFreedom > 0 && degreesOfFreedom.isFinite,
                "StudentTDistribution(degreesOfFreedom: \(degreesOfFreedom)): need finite ν > 0")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// 0 for ν > 1, NaN for ν ≤ 1.
    public var mean: Double { degreesOfFreedom > 1 ? 0 : .nan }
    /// ν/(ν − 2) for ν > 2, +∞ for 1 < ν ≤ 2, NaN for ν ≤ 1.
    public var variance: Double {
        degreesOfFreedom > 2 ? degreesOfFreedom / (degreesOfFreedom - 2) : (degreesOfFreedom > 1 ? .infinity : .nan)
    }
    /// "StudentT(ν = …)".
    public var description: String { "StudentT(ν = \(degreesOfFreedom))" }

    /// The density Γ((ν+1)/2)/(√(νπ)Γ(ν/2))·(1 + x²/ν)^{−(ν+1)/2}. x must not be NaN.
    public func density(_ x: Double) -> Double {
        requireNotNaN(x, "StudentTDistribution.density")
        let nu = degreesOfFreedom
        return Foundation.exp(-0.5 * (nu + 1) * Foundation.log1p(x * x / nu)
                              - Special.logBeta(0.5 * nu, 0.5)) / nu.squareRoot()
    }

    /// (P(T > |t|), P(T ≤ |t|)) for the absolute value of t.
    func upperTailPair(_ t: Double) -> (tail: Double, body: Double) {
        let nu = degreesOfFreedom, a = abs(t)
        if a == .infinity { return (0, 1) }
        let logX = Foundation.log(nu) - 2 * Foundation.log(a) // ln(ν/t²) ≈ ln x for large |t|
        if logX < -667 {
            // ν/t² < e⁻⁶⁶⁷ ≈ 2.2e−290: x = ν/(ν + t²) would approach underflow (heavy tails: ν = 0.33 and t = 1e170 give
            // a tail of 1e−58). Leading term of the small-x expansion, relative error O(x):
            // P(T > t) = ½·I_x(ν/2, ½) = ½·x^{ν/2}/((ν/2)·B(ν/2, ½))·(1 + O(x)).
            let tail = 0.5 * Foundation.exp(0.5 * nu * logX - Foundation.log(0.5 * nu) - Special.logBeta(0.5 * nu, 0.5))
            return (tail, 1 - tail)
        }
        let t2 = a * a
        let x = nu / (nu + t2), y = t2 / (nu + t2)
        let (p, q) = Special.incompleteBeta(0.5 * nu, 0.5, x: x, y: y, operation: "StudentTDistribution.cdf")
        return (0.5 * p, 0.5 + 0.5 * q)
    }

    /// P(T ≤ x), accurate in the lower tail. x must not be NaN.
    public func cdf(_ x: Double) -> Double {
        requireNotNaN(x, "StudentTDistribution.cdf")
        let (tail, body) = upperTailPair(x)
        return x <= 0 ? tail : body
    }

    /// P(T > x), accurate in the upper tail. x must not be NaN.
    public func survival(_ x: Double) -> Double {
        requireNotNaN(x, "StudentTDistribution.survival")
        let (tail, body) = upperTailPair(x)
        return x >= 0 ? tail : body
    }

    /// The t ≥ 0 with P(T > t) = r for r ∈ (0, ½].
    func upperQuantile(_ r: Double) -> Double {
        if r == 0.5 { return 0 }
        if r == 0 { return .infinity }
        if degreesOfFreedom >= 1e6 { return fisherExpansion(NormalDistribution.standard.inverseSurvival(r)) }
        // I_x(ν/2, ½) = 2r with x = ν/(ν + t²); t² = ν·y/x.
        let twoR = 2 * r
        let (x, y) = Special.invertIncompleteBeta(0.5 * degreesOfFreedom, 0.5,
                                                  lowerTail: twoR, upperTail: twoR >= 0.5 ? 1 - twoR : nil)
        if x < 1e-290 {
            // The root x underflows (heavy tails, tiny r: e.g. ν = 0.7, r = 1e−200 gives t ≈ 5.6e153).
            // There I_x(a, ½) = x^a/(a·B(a, ½))·(1 + O(x)) with a = ν/2, and t² = ν(1 − x)/x, so
            // ln t = ½ln ν − [ln(2r) + ln a + ln B(a, ½)]/ν to relative accuracy O(x) ≈ 1e−290.
            let nu = degreesOfFreedom
            let logT = 0.5 * Foundation.log(nu)
                - (Foundation.log(twoR) + Foundation.log(0.5 * nu) + Special.logBeta(0.5 * nu, 0.5)) / nu
            return Foundation.exp(logT)
        }
        return (degreesOfFreedom * y / x).squareRoot()
    }

    /// Fisher's (1925) expansion of the t quantile about the normal quantile z:
    /// t = z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴ with g₁ = (z³ + z)/4, g₂ = (5z⁵ + 16z³ + 3z)/96,
    /// g₃ = (3z⁷ + 19z⁵ + 17z³ − 15z)/384, g₄ = (79z⁹ + 776z⁷ + 1482z⁵ − 1920z³ − 945z)/92160.
    /// Used for ν ≥ 1e6, where the next term is below 2e−16 absolute even at z = 38 (the tail
    /// 1e−300), while the incomplete-beta route would carry its 2νε error. Checked against
    /// 40-digit quantiles at ν = 1e4 (error 4e−21 at q = 0.025, 1e−16 at q = 1e−10).
    func fisherExpansion(_ z: Double) -> Double {
        let nu = degreesOfFreedom, z2 = z * z
        let g1 = z * (z2 + 1) / 4
        let g2 = z * (3 + z2 * (16 + z2 * 5)) / 96
        let g3 = z * (-15 + z2 * (17 + z2 * (19 + z2 * 3))) / 384
        let g4 = z * (-945 + z2 * (-1920 + z2 * (1482 + z2 * (776 + z2 * 79)))) / 92160
        return z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu
    }

    /// The t with P(T ≤ t) = p (±∞ at p = 0, 1); p must lie in [0, 1]. Take upper critical values from `inverseSurvival`, which avoids rounding 1 − α/2.
    public func quantile(_ p: Double) -> Double {
        requireProbability(p, "StudentTDistribution.quantile(\(p))")
        return p <= 0.5 ? -upperQuantile(p) : upperQuantile(1 - p)
    }

    /// The t with P(T > t) = q, the upper critical value (e.g. at q = α/2); q must lie in [0, 1].
    public func inverseSurvival(_ q: Double) -> Double {
        requireProbability(q, "StudentTDistribution.inverseSurvival(\(q))")
        return q <= 0.5 ? upperQuantile(q) : -upperQuantile(1 - q)
    }
}
