import Foundation

extension Statistics {
    /// The Student t interval x̄ ± t_{n−1, 1−α/2}·s/√n for the mean.
    ///
    /// Assumptions: independent draws from a normal distribution (then coverage is exactly
    /// `confidence`); for other distributions with finite variance, coverage tends to `confidence`
    /// as n → ∞ (slowly for skewed data — prefer ``hoeffdingMeanInterval(_:bounds:confidence:)``
    /// or ``empiricalBernsteinMeanInterval(_:bounds:confidence:)`` when the data are bounded and a
    /// guaranteed level matters). Requires n ≥ 2.
    public static func meanInterval(_ summary: SampleSummary, confidence: Double) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.meanInterval")
        require(summary.count >= 2, "Statistics.meanInterval: needs n ≥ 2, have \(summary.count)")
        let t = StudentTDistribution(degreesOfFreedom: Double(summary.count - 1)).inverseSurvival(0.5 * (1 - confidence))
        let half = t * summary.standardError
        return ConfidenceInterval(lower: summary.mean - half, upper: summary.mean + half, confidence: confidence,
                                  method: "Student t, n = \(summary.count)")
    }

    /// ``meanInterval(_:confidence:)`` of a sample; throws on non-finite values.
    public static func meanInterval(_ sample: [Double], confidence: Double) throws(NumericsError) -> ConfidenceInterval {
        meanInterval(try SampleSummary(sample), confidence: confidence)
    }

    /// Hoeffding's interval x̄ ± (b − a)·√(ln(2/α)/(2n)) for the mean of independent variables
    /// with values in [a, b].
    ///
    /// Guarantee (non-asymptotic, any distribution on [a, b]): P(|x̄ − μ| ≥ t) ≤ 2·exp(−2nt²/(b−a)²),
    /// so coverage ≥ 1 − α for every n ≥ 1. The interval is clipped to [a, b]. Throws
    /// ``NumericsError/domain(operation:detail:)`` if the sample's range leaves [a, b] (the
    /// assumption is then false).
    public static func hoeffdingMeanInterval(
        _ summary: SampleSummary, bounds: ClosedRange<Double>, confidence: Double
    ) throws(NumericsError) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.hoeffdingMeanInterval")
        require(summary.count >= 1, "Statistics.hoeffdingMeanInterval: needs n ≥ 1")
        try checkBounds(summary, bounds, "Statistics.hoeffdingMeanInterval")
        let range = bounds.upperBound - bounds.lowerBound
        let half = range * (Foundation.log(2 / (1 - confidence)) / (2 * Double(summary.count))).squareRoot()
        return ConfidenceInterval(lower: Swift.max(bounds.lowerBound, summary.mean - half),
                                  upper: Swift.min(bounds.upperBound, summary.mean + half),
                                  confidence: confidence, method: "Hoeffding on \(bounds), n = \(summary.count)")
    }

    /// The empirical Bernstein interval of Maurer & Pontil (2009, Theorem 4) for the mean of
    /// independent variables with values in [a, b]:
    /// x̄ ± [ s·√(2·ln(4/α)/n) + 7(b − a)·ln(4/α)/(3(n − 1)) ], with s² the unbiased sample variance.
    ///
    /// Guarantee (non-asymptotic): each one-sided bound of the theorem holds with probability
    /// ≥ 1 − α/2 (so δ = α/2 and ln(2/δ) = ln(4/α)); a union bound gives coverage ≥ 1 − α for every
    /// n ≥ 2. Much narrower than Hoeffding when the variance is small compared with (b − a)²/4.
    /// Clipped to [a, b]; throws if the sample leaves [a, b].
    public static func empiricalBernsteinMeanInterval(
        _ summary: SampleSummary, bounds: ClosedRange<Double>, confidence: Double
    ) throws(NumericsError) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.empiricalBernsteinMeanInterval")
        require(summary.count >= 2, "Statistics.empiricalBernsteinMeanInterval: needs n ≥ 2, have \(summary.count)")
        try checkBounds(summary, bounds, "Statistics.empiricalBernsteinMeanInterval")
        let n = Double(summary.count), range = bounds.upperBound - bounds.lowerBound
        let logTerm = Foundation.log(4 / (1 - confidence))
        let half = summary.standardDeviation * (2 * logTerm / n).squareRoot() + 7 * range * logTerm / (3 * (n - 1))
        return ConfidenceInterval(lower: Swift.max(bounds.lowerBound, summary.mean - half),
                                  upper: Swift.min(bounds.upperBound, summary.mean + half),
                                  confidence: confidence, method: "empirical Bernstein on \(bounds), n = \(summary.count)")
    }

    /// The chi-square interval [(n−1)s²/χ²_{n−1, 1−α/2}, (n−1)s²/χ²_{n−1, α/2}] for the variance.
    ///
    /// Assumptions: independent normal draws (coverage exactly `confidence`). Not robust: for
    /// non-normal data the coverage is wrong even as n → ∞ (it depends on the kurtosis).
    /// Requires n ≥ 2.
    public static func varianceInterval(_ summary: SampleSummary, confidence: Double) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.varianceInterval")
        require(summary.count >= 2, "Statistics.varianceInterval: needs n ≥ 2, have \(summary.count)")
        let chi = ChiSquaredDistribution(degreesOfFreedom: Double(summary.count - 1))
        let halfAlpha = 0.5 * (1 - confidence)
        let ss = summary.sumOfSquaredDeviations
        return ConfidenceInterval(lower: ss / chi.inverseSurvival(halfAlpha), upper: ss / chi.quantile(halfAlpha),
                                  confidence: confidence, method: "chi-square variance, n = \(summary.count)")
    }

    static func checkBounds(_ summary: SampleSummary, _ bounds: ClosedRange<Double>, _ operation: String) throws(NumericsError) {
        require(bounds.lowerBound.isFinite && bounds.upperBound.isFinite && bounds.lowerBound < bounds.upperBound,
                "\(operation): bounds \(bounds) must be finite with lower < upper")
        if summary.minimum < bounds.lowerBound || summary.maximum > bounds.upperBound {
            throw .domain(operation: operation,
                          detail: "sample range [\(summary.minimum), \(summary.maximum)] leaves the assumed bounds \(bounds)")
        }
    }
}
