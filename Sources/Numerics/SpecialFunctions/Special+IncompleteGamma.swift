import Foundation

extension Special {
    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫₀ˣ t^{a−1}e^{−t} dt.
    ///
    /// Domain: a > 0 finite, x ≥ 0 (x = +∞ allowed). P is the CDF of a Gamma(a, 1) variable.
    ///
    /// Method: for x < a + 1 the power series P = x^a e^{−x}/Γ(a+1) · Σₙ xⁿ/((a+1)…(a+n)) (all
    /// terms positive, so P keeps full relative accuracy in its lower tail); otherwise P = 1 − Q with
    /// Q from the continued fraction. The prefactor x^a e^{−x}/Γ(a) is evaluated for a ≥ 15 as
    /// exp(−a·(t − 1 − ln t))·√a/(√(2π)·e^{s(a)}) with t = x/a (Stirling form), which avoids
    /// cancelling the large terms a·ln x, x and ln Γ(a).
    ///
    /// Accuracy (relative, vs. mpmath, a ∈ [1e−3, 1e6]): ≲ 1e−14 wherever the value is ≥ 1e−300
    /// and the condition number a·|d| of the problem itself is O(1); in general the error is
    /// ≲ 1e−15·(1 + a·d²) (the error in representing x is amplified that much by any method).
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x, operation: "Special.regularizedGammaP").p
    }

    /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x) = Γ(a, x)/Γ(a),
    /// computed directly (not as 1 − P) in the upper tail so that tiny values such as 1e−300 keep
    /// their relative accuracy.
    ///
    /// Method: for x ≥ a + 1 the Legendre continued fraction for Γ(a, x) (modified Lentz), with the
    /// same prefactor as ``regularizedGammaP(_:_:)``; otherwise Q = 1 − P. Accuracy as for P, in
    /// relative terms on the upper tail. Known limitation: for a < 1 and x < 1, Q (then of size
    /// ≈ a·E₁(x)) is formed as 1 − P and has absolute, not relative, error ≲ 2e−16.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x, operation: "Special.regularizedGammaQ").q
    }

    /// Both P(a, x) and Q(a, x): the one computed directly is exact to the stated accuracy, the
    /// other is its complement (and is ≥ ~0.3 in that case, so it loses nothing).
    static func incompleteGamma(_ a: Double, _ x: Double, operation: String) -> (p: Double, q: Double) {
        require(a > 0 && a.isFinite, "\(operation)(a: \(a), x: \(x)): a must be finite and positive")
        require(x >= 0, "\(operation)(a: \(a), x: \(x)): x must be ≥ 0 (and not NaN)")
        if x == 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        let logPrefactor = logGammaPrefactor(a, x)
        if x < a + 1 {
            // Terms shrink once a + n > x; at most ~ a few·√a + 50 of them are significant.
            let limit = 200 + Int(30 * a.squareRoot())
            var term = 1 / a, sum = term, n = 1.0
            var converged = false
            for _ in 0..<limit {
                term *= x / (a + n)
                sum += term
                n += 1
                if term <= sum * 0x1p-54 { converged = true; break }
            }
            require(converged, "\(operation)(a: \(a), x: \(x)): series did not converge (internal error)")
            let p = Foundation.exp(logPrefactor) * sum
            return (p, 1 - p)
        }
        // Continued fraction Γ(a,x)e^{x}x^{−a} = 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))),
        // evaluated by the modified Lentz method. Converges in O(√a) steps for x ≥ a + 1.
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        let limit = 200 + Int(30 * a.squareRoot())
        var converged = false
        for i in 1...limit {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if Swift.abs(d) < tiny { d = tiny }
            c = b + an / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) <= 0x1p-53 { converged = true; break }
        }
        require(converged, "\(operation)(a: \(a), x: \(x)): continued fraction did not converge (internal error)")
        let q = Foundation.exp(logPrefactor) * h
        return (1 - q, q)
    }

    /// ln(x^a e^{−x}/Γ(a)), using the Stirling form for a ≥ 15 (see ``regularizedGammaP(_:_:)``).
    static func logGammaPrefactor(_ a: Double, _ x: Double) -> Double {
        if a < 15 { return a * Foundation.log(x) - x - Foundation.lgamma(a) }
        return -a * logDeviance(x / a, minusOne: (x - a) / a) + 0.5 * Foundation.log(a) - halfLogTwoPi - stirlingCorrection(a)
    }

    /// t − 1 − ln t for t > 0, given both t and d = t − 1 (the caller forms d without cancellation,
    /// e.g. as (x − a)/a, which is exact-ish when x ≈ a). Accurate to a few ulp also for small |d|,
    /// where the direct difference cancels: with s = d/(2 + d), ln t = 2·atanh(s) and d − 2s = d·s,
    /// so t − 1 − ln t = d·s − 2(s³/3 + s⁵/5 + …), used for |d| < 0.5 (|s| ≤ 1/3, ≤ 17 terms).
    /// For |d| ≥ 0.5 it is d − ln t with ln t from t itself (not from 1 + d, which would lose the
    /// digits of a tiny t).
    static func logDeviance(_ t: Double, minusOne d: Double) -> Double {
        if Swift.abs(d) >= 0.5 { return d - Foundation.log(t) }
        let s = d / (2 + d), s2 = s * s
        var power = s * s2, sum = 0.0, k = 3.0
        while true {
            let term = power / k
            sum += term
            if Swift.abs(term) <= Swift.abs(sum) * 0x1p-54 { break }
            power *= s2
            k += 2
        }
        return d * s - 2 * sum
    }

    /// The x with P(a, x) = p, for a > 0 and p ∈ [0, 1]; returns 0 for p = 0 and +∞ for p = 1.
    ///
    /// Method: a Wilson–Hilferty (a > 1) or small-a power-law start, then Newton's method on the
    /// logarithm of whichever of P(x)/p or (1 − p)/Q(x) is the small tail (1 − p is exact when
    /// p ≥ ½), safeguarded by a bracket that is bisected (geometrically) when a step leaves it. The result
    /// is the root to within a few ulp of x plus the error of P itself (see
    /// ``regularizedGammaP(_:_:)``); values below the smallest normal Double may underflow to 0.
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) -> Double {
        require(a > 0 && a.isFinite && p >= 0 && p <= 1,
                "Special.inverseRegularizedGammaP(a: \(a), p: \(p)): need finite a > 0 and p ∈ [0, 1]")
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return invertIncompleteGamma(a, lowerTail: p, upperTail: p >= 0.5 ? 1 - p : nil)
    }

    /// The x with Q(a, x) = q, i.e. the upper-tail inverse, accurate for tiny q (e.g. 1e−300);
    /// returns +∞ for q = 0 and 0 for q = 1.
    public static func inverseRegularizedGammaQ(_ a: Double, _ q: Double) -> Double {
        require(a > 0 && a.isFinite && q >= 0 && q <= 1,
                "Special.inverseRegularizedGammaQ(a: \(a), q: \(q)): need finite a > 0 and q ∈ [0, 1]")
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        return invertIncompleteGamma(a, lowerTail: q >= 0.5 ? 1 - q : nil, upperTail: q)
    }

    /// Solves P(a, x) = lowerTail (or Q(a, x) = upperTail); at least one target is given, and
    /// whichever is ≤ ½ drives the residual.
    static func invertIncompleteGamma(_ a: Double, lowerTail p: Double?, upperTail q: Double?) -> Double {
        let useLower = (p ?? 1) <= 0.5 || q == nil
        let pValue = p ?? (1 - q!), qValue = q ?? (1 - p!)
        // Starting guess.
        var x: Double
        if a > 1 {
            let z = NormalDistribution.standardQuantile(lower: pValue, upper: qValue)
            let w = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
            x = a * w * w * w
            if !(x > 0) { x = Foundation.exp((Foundation.log(pValue * a) + Foundation.lgamma(a)) / a) }
        } else {
            let t = 1 - a * (0.253 + 0.12 * a) // ≈ P(a, 1)
            if pValue < t {
                x = Foundation.pow(pValue / t, 1 / a)
            } else {
                x = 1 - Foundation.log(qValue / (1 - t))
            }
        }
        if !(x > 0 && x.isFinite) { x = a }
        // Newton on the logarithm of the small tail: ln(P(x)/p) (or ln(q/Q(x))) is close to linear
        // in ln x or x in the tails (P ~ c·x^a, Q ~ c·x^{a−1}e^{−x}), which makes the steps
        // well scaled for targets as small as 1e−300.
        let residual: (Double) -> (Double, Double, Double) = { x in
            let (pp, qq) = incompleteGamma(a, x, operation: "Special.inverseRegularizedGamma")
            let density = Foundation.exp(logGammaPrefactor(a, x) - Foundation.log(x))
            if useLower { return (Foundation.log(pp / pValue), density / pp, 0) }
            return (Foundation.log(qValue / qq), density / qq, 0)
        }
        return solveIncreasing(start: x, lower: 0, upper: .infinity, evaluate: residual)
    }

    /// Finds the root of an increasing function on (lower, upper) by Halley steps safeguarded by
    /// a bracket. `evaluate(x)` returns (f(x), f′(x), f″(x)/f′(x)). Steps that leave the bracket
    /// or have a non-finite derivative are replaced by bisection — geometric when the bracket spans
    /// more than a factor 4 of positive numbers, so that roots near 1e−300 are reached in a few
    /// hundred steps at worst. Stops when a step changes x by ≤ 2 ulp or f(x) = 0.
    static func solveIncreasing(
        start: Double, lower: Double, upper: Double,
        evaluate: (Double) -> (Double, Double, Double)
    ) -> Double {
        var lo = lower, hi = upper, x = start
        for _ in 0..<400 {
            let (f, derivative, curvature) = evaluate(x)
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            var next = Double.nan
            if derivative.isFinite && derivative > 0 {
                var step = f / derivative
                let correction = 0.5 * step * curvature
                if correction.isFinite && Swift.abs(correction) < 0.5 { step /= (1 - correction) }
                next = x - step
            }
            if !(next > lo && next < hi) {
                if hi == .infinity {
                    next = Swift.max(4 * x, 1)
                } else if lo > 0 && hi > 4 * lo {
                    next = (lo * hi).squareRoot()
                    if !(next > lo && next < hi) { next = Foundation.exp(0.5 * (Foundation.log(lo) + Foundation.log(hi))) }
                } else if lo == 0 && hi > 0 {
                    next = hi * 0x1p-8 // geometric descent towards 0
                    if next == 0 { return hi }
                } else {
                    next = lo + 0.5 * (hi - lo)
                }
            }
            if Swift.abs(next - x) <= 2 * x.ulp.magnitude || next == lo || next == hi {
                return next
            }
            x = next
        }
        return x
    }
}
