import Foundation

/// Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer).
///
/// Tails: for t ≥ 0, P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½), with both ν/(ν+t²) and t²/(ν+t²) formed
/// directly so that neither tail loses accuracy; the lower tail by symmetry. Quantiles invert the
/// incomplete beta on the smaller tail and return t = ±√(ν·y/x) from the accurate pair
/// (x, y = 1 − x). Accuracy (relative, vs. mpmath/scipy): ≲ 1e−14 + 2ν·ε in either tail (the
/// argument x = ν/(ν+t²) of the incomplete beta is within ε of 1 and the fraction with a = ν/2
/// amplifies that by ~a: 3e−13 measured at ν = 1e4); for very large ν the incomplete beta needs
/// O(√ν) continued-fraction terms. Extreme quantiles whose beta root underflows (x < 1e−290, e.g.
/// ν = 0.7 at 1e−200) use the leading term of the small-x expansion, accurate to ~1e−13.
///
/// `mean` is 0 for ν > 1 and NaN (does not exist) for ν ≤ 1; `variance` is ν/(ν−2) for ν > 2,
/// +∞ for 1 < ν ≤ 2 and NaN for ν ≤ 1.
public struct StudentTDistribution: ContinuousDistribution, Hashable, CustomStringConvertible {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        require(degreesOfFreedom > 0 && degreesOfFreedom.isFinite,
                "StudentTDistribution(degreesOfFreedom: \(degreesOfFreedom)): need finite ν > 0")
        self.degreesOfFreedom = degreesOfFreedom
    }

    public var mean: Double { degreesOfFreedom > 1 ? 0 : .nan }
    public var variance: Double {
        degreesOfFreedom > 2 ? degreesOfFreedom / (degreesOfFreedom - 2) : (degreesOfFreedom > 1 ? .infinity : .nan)
    }
    public var description: String { "StudentT(ν = \(degreesOfFreedom))" }

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
        let t2 = a * a
        var x: Double, y: Double
        if t2.isFinite {
            x = nu / (nu + t2); y = t2 / (nu + t2)
        } else {
            x = (nu / a) / a; y = 1
        }
        let (p, q) = Special.incompleteBeta(0.5 * nu, 0.5, x: x, y: y, operation: "StudentTDistribution.cdf")
        return (0.5 * p, 0.5 + 0.5 * q)
    }

    public func cdf(_ x: Double) -> Double {
        requireNotNaN(x, "StudentTDistribution.cdf")
        let (tail, body) = upperTailPair(x)
        return x <= 0 ? tail : body
    }

    public func survival(_ x: Double) -> Double {
        requireNotNaN(x, "StudentTDistribution.survival")
        let (tail, body) = upperTailPair(x)
        return x >= 0 ? tail : body
    }

    /// The t ≥ 0 with P(T > t) = r for r ∈ (0, ½].
    func upperQuantile(_ r: Double) -> Double {
        if r == 0.5 { return 0 }
        if r == 0 { return .infinity }
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

    public func quantile(_ p: Double) -> Double {
        requireProbability(p, "StudentTDistribution.quantile(\(p))")
        return p <= 0.5 ? -upperQuantile(p) : upperQuantile(1 - p)
    }

    public func inverseSurvival(_ q: Double) -> Double {
        requireProbability(q, "StudentTDistribution.inverseSurvival(\(q))")
        return q <= 0.5 ? upperQuantile(q) : -upperQuantile(1 - q)
    }
}
