import Foundation

extension Special {
    /// Finds the root of an increasing function on (lower, upper) by Newton steps (Halley steps
    /// when a curvature is supplied; Newton in ln x when lower = 0) safeguarded by a bracket.
    /// `evaluate(x)` returns (f(x), f′(x), f″(x)/f′(x)). Steps that leave the bracket
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
                if lower == 0 && x > 0 {
                    // Newton in ln x: on a domain reaching down to 0 the residuals used here behave
                    // like a·ln x near a tiny root (tails ~ c·x^a), so this step is exact for
                    // pure power laws and never proposes a negative x.
                    next = x * Foundation.exp(-f / (derivative * x))
                } else {
                    var step = f / derivative
                    let correction = 0.5 * step * curvature
                    if correction.isFinite && Swift.abs(correction) < 0.5 { step /= (1 - correction) }
                    next = x - step
                }
            }
            // A step below 2 ulp means x is the root to working precision, even when it lands on
            // a bracket end (which happens when f(x) is a rounding-sized residual of either sign).
            if next.isFinite && Swift.abs(next - x) <= 2 * x.ulp.magnitude { return next }
            if !(next > lo && next < hi) {
                if hi == .infinity {
                    next = Swift.max(4 * x, 1)
                } else if lo > 0 && hi > 4 * lo {
                    next = (lo * hi).squareRoot()
                    // lo·hi may overflow or underflow (e.g. 1e−300·1e−10): then the geometric mean
                    // in logarithms.
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
