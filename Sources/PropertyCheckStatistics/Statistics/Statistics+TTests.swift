/// The result of a t test: the statistic, its degrees of freedom, p-values and an interval for
/// the estimated quantity (a mean, or a difference of means).
public struct TTestResult: Sendable, Hashable, CustomStringConvertible {
    /// The estimate (x̄ for one sample, x̄ − ȳ for two samples).
    public let estimate: Double
    /// Its estimated standard error.
    public let standardError: Double
    /// t = (estimate − hypothesized)/standardError.
    public let statistic: Double
    /// Degrees of freedom (n − 1, or Welch–Satterthwaite's non-integer value).
    public let degreesOfFreedom: Double
    /// Two-sided p-value P(|T| ≥ |t|).
    public let pValue: Double
    /// One-sided p-value for the alternative "true value > hypothesized": P(T ≥ t).
    public let pValueGreater: Double
    /// One-sided p-value for the alternative "true value < hypothesized": P(T ≤ t).
    public let pValueLess: Double
    /// The t interval estimate ± t_{ν, 1−α/2}·standardError.
    public let interval: ConfidenceInterval

    init(estimate: Double, hypothesized: Double, standardError: Double, degreesOfFreedom: Double, confidence: Double, method: String) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        let distribution = StudentTDistribution(degreesOfFreedom: degreesOfFreedom)
        let t = (estimate - hypothesized) / standardError
        statistic = t
        pValueGreater = distribution.survival(t)
        pValueLess = distribution.cdf(t)
        pValue = Swift.min(1, 2 * distribution.survival(Swift.abs(t)))
        let half = distribution.inverseSurvival(0.5 * (1 - confidence)) * standardError
        interval = ConfidenceInterval(lower: estimate - half, upper: estimate + half, confidence: confidence, method: method)
    }

    /// "t = … (ν = …), p = …, estimate … ± se, [interval]".
    public var description: String {
        "t = \(statistic) (ν = \(degreesOfFreedom)), p = \(pValue), estimate \(estimate) ± \(standardError), \(interval)"
    }
}

extension Statistics {
    /// One-sample t test of H₀: μ = `hypothesizedMean`, with the Student t interval for μ.
    ///
    /// Assumptions as ``meanInterval(_:confidence:)`` (normal data for exact levels). Requires
    /// n ≥ 2; throws ``NumericsError/domain(operation:detail:)`` if the sample variance is 0 (t is
    /// then undefined).
    public static func oneSampleTTest(
        _ summary: SampleSummary, hypothesizedMean: Double = 0, confidence: Double = 0.95
    ) throws(NumericsError) -> TTestResult {
        requireConfidence(confidence, "Statistics.oneSampleTTest")
        require(summary.count >= 2, "Statistics.oneSampleTTest: needs n ≥ 2, have \(summary.count)")
        require(hypothesizedMean.isFinite, "Statistics.oneSampleTTest: hypothesized mean must be finite")
        let se = summary.standardError
        guard se > 0 else { throw .domain(operation: "Statistics.oneSampleTTest", detail: "sample variance is 0") }
        return TTestResult(estimate: summary.mean, hypothesized: hypothesizedMean, standardError: se,
                           degreesOfFreedom: Double(summary.count - 1), confidence: confidence,
                           method: "Student t, n = \(summary.count)")
    }

    /// Welch's two-sample t test of H₀: μₓ = μᵧ without assuming equal variances, with the
    /// interval for μₓ − μᵧ.
    ///
    /// t = (x̄ − ȳ)/√(sₓ²/nₓ + sᵧ²/nᵧ), referred to Student t with the Welch–Satterthwaite degrees of
    /// freedom ν = (sₓ²/nₓ + sᵧ²/nᵧ)²/[(sₓ²/nₓ)²/(nₓ−1) + (sᵧ²/nᵧ)²/(nᵧ−1)]. Assumptions:
    /// independent normal samples; the level is then approximate (error typically < 0.01 in the
    /// p-value for nₓ, nᵧ ≥ 5), and asymptotically exact for any finite-variance data. Requires
    /// both n ≥ 2; throws if both sample variances are 0.
    public static func welchTTest(
        _ x: SampleSummary, _ y: SampleSummary, confidence: Double = 0.95
    ) throws(NumericsError) -> TTestResult {
        requireConfidence(confidence, "Statistics.welchTTest")
        require(x.count >= 2 && y.count >= 2, "Statistics.welchTTest: needs n ≥ 2 in both samples, have \(x.count) and \(y.count)")
        let vx = x.variance / Double(x.count), vy = y.variance / Double(y.count)
        let v = vx + vy
        guard v > 0 else { throw .domain(operation: "Statistics.welchTTest", detail: "both sample variances are 0") }
        let nu = v * v / (vx * vx / Double(x.count - 1) + vy * vy / Double(y.count - 1))
        return TTestResult(estimate: x.mean - y.mean, hypothesized: 0, standardError: v.squareRoot(),
                           degreesOfFreedom: nu, confidence: confidence,
                           method: "Welch t, n = \(x.count) and \(y.count)")
    }
}
