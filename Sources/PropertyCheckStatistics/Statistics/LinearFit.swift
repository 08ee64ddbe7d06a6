import Foundation

/// A fitted straight line y = intercept + slope·x, with standard errors and t-based intervals.
///
/// Model: yᵢ = a + b·xᵢ + εᵢ with independent errors εᵢ ~ N(0, σ²/wᵢ) (wᵢ = 1 when unweighted),
/// σ² unknown and estimated by the residual variance. Under this model the intervals and tests
/// are exact (t with n − 2 degrees of freedom); with non-normal errors they are asymptotic.
public struct LinearFit: Sendable, Hashable, CustomStringConvertible {
    /// The estimated intercept a.
    public let intercept: Double
    /// The estimated slope b.
    public let slope: Double
    /// Standard error of the intercept.
    public let interceptStandardError: Double
    /// Standard error of the slope.
    public let slopeStandardError: Double
    /// Estimated covariance of (intercept, slope).
    public let covariance: Double
    /// σ̂² = Σwᵢrᵢ²/(n − 2), rᵢ the residuals.
    public let residualVariance: Double
    /// n − 2.
    public let degreesOfFreedom: Int
    /// Number of points n.
    public let count: Int
    /// The coefficient of determination 1 − Σwr²/Σw(y − ȳ_w)² (1 if y is constant and fitted exactly).
    public let rSquared: Double

    /// intercept + slope·x.
    public func predict(_ x: Double) -> Double { intercept + slope * x }

    /// The t interval for the slope: slope ± t_{n−2, 1−α/2}·slopeStandardError.
    public func slopeInterval(confidence: Double) -> ConfidenceInterval {
        interval(slope, slopeStandardError, confidence, "slope")
    }

    /// The t interval for the intercept.
    public func interceptInterval(confidence: Double) -> ConfidenceInterval {
        interval(intercept, interceptStandardError, confidence, "intercept")
    }

    /// Two-sided p-value of H₀: slope = `hypothesizedSlope` (t test with n − 2 degrees of freedom).
    /// Returns 1 if the fit is exact and the slope equals the hypothesis, 0 if exact and it differs.
    public func slopePValue(hypothesizedSlope: Double) -> Double {
        require(hypothesizedSlope.isFinite, "LinearFit.slopePValue: hypothesis must be finite")
        let difference = Swift.abs(slope - hypothesizedSlope)
        if slopeStandardError == 0 { return difference == 0 ? 1 : 0 }
        let t = difference / slopeStandardError
        return Swift.min(1, 2 * StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom)).survival(t))
    }

    func interval(_ estimate: Double, _ se: Double, _ confidence: Double, _ name: String) -> ConfidenceInterval {
        Statistics.requireConfidence(confidence, "LinearFit.\(name)Interval")
        let t = StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom)).inverseSurvival(0.5 * (1 - confidence))
        return ConfidenceInterval(lower: estimate - t * se, upper: estimate + t * se, confidence: confidence,
                                  method: "least-squares \(name), t with \(degreesOfFreedom) df")
    }

    /// The fitted line with standard errors, σ̂², n and R² on one line.
    public var description: String {
        "y = \(intercept) (± \(interceptStandardError)) + \(slope) (± \(slopeStandardError))·x, σ̂² = \(residualVariance), n = \(count), R² = \(rSquared)"
    }
}

extension Statistics {
    /// Ordinary (or weighted) least-squares fit of y = a + b·x.
    ///
    /// Estimates: with weighted means x̄, ȳ and centred sums Sxx = Σw(x − x̄)², Sxy = Σw(x − x̄)(y − ȳ),
    /// b = Sxy/Sxx, a = ȳ − b·x̄ (centring first avoids the cancellation of the normal equations).
    /// Standard errors: Var(b) = σ̂²/Sxx, Var(a) = σ̂²(1/Σw + x̄²/Sxx), Cov(a, b) = −x̄σ̂²/Sxx.
    /// Weights are *relative* precisions (wᵢ ∝ 1/Var(yᵢ)); their overall scale does not matter
    /// because σ² is estimated from the residuals.
    ///
    /// For a power law y ∝ x^k, fit (ln x, ln y): the slope estimates k.
    /// Requires n ≥ 3 points and equal lengths; throws on non-finite data, on weights that are not
    /// finite and positive, and if all x are equal (slope undefined).
    public static func linearRegression(
        x: [Double], y: [Double], weights: [Double]? = nil
    ) throws(NumericsError) -> LinearFit {
        let operation = "Statistics.linearRegression"
        require(x.count == y.count, "\(operation): x and y have different lengths \(x.count) and \(y.count)")
        require(x.count >= 3, "\(operation): needs n ≥ 3 points, have \(x.count)")
        if let w = weights { require(w.count == x.count, "\(operation): \(w.count) weights for \(x.count) points") }
        try validateFinite(x, operation + " (x)")
        try validateFinite(y, operation + " (y)")
        let n = x.count
        let w = weights ?? [Double](repeating: 1, count: n)
        for (k, wk) in w.enumerated() where !(wk.isFinite && wk > 0) {
            throw .domain(operation: operation, detail: "weight \(k) is \(wk); weights must be finite and positive")
        }
        let sumW = compensatedSum(w)
        let mx = compensatedSum((0..<n).map { w[$0] * x[$0] }) / sumW
        let my = compensatedSum((0..<n).map { w[$0] * y[$0] }) / sumW
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for k in 0..<n {
            let dx = x[k] - mx, dy = y[k] - my
            sxx += w[k] * dx * dx; sxy += w[k] * dx * dy; syy += w[k] * dy * dy
        }
        guard sxx > 0 else { throw .domain(operation: operation, detail: "all x values are equal; the slope is undefined") }
        let b = sxy / sxx
        let a = my - b * mx
        var rss = 0.0
        for k in 0..<n {
            let r = y[k] - (a + b * x[k])
            rss += w[k] * r * r
        }
        let df = n - 2
        let s2 = rss / Double(df)
        let rSquared = syy > 0 ? Swift.max(0, 1 - rss / syy) : 1
        return LinearFit(intercept: a, slope: b,
                         interceptStandardError: (s2 * (1 / sumW + mx * mx / sxx)).squareRoot(),
                         slopeStandardError: (s2 / sxx).squareRoot(),
                         covariance: -mx * s2 / sxx, residualVariance: s2,
                         degreesOfFreedom: df, count: n, rSquared: rSquared)
    }
}
