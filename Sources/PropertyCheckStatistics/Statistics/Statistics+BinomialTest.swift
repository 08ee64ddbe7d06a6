/// The result of an exact binomial test.
public struct BinomialTestResult: Sendable, Hashable, CustomStringConvertible {
    /// Observed successes k.
    public let successes: Int
    /// Trials n.
    public let trials: Int
    /// Two-sided p-value min(1, 2·min(P(X ≤ k), P(X ≥ k))) under X ~ Binomial(n, p₀).
    public let pValue: Double
    /// P(X ≥ k): evidence that the true probability exceeds p₀.
    public let pValueGreater: Double
    /// P(X ≤ k): evidence that the true probability is below p₀.
    public let pValueLess: Double
    /// The Clopper–Pearson interval for the probability at the requested confidence.
    public let interval: ConfidenceInterval

    /// "k/n, p = …, [interval]".
    public var description: String { "\(successes)/\(trials), p = \(pValue), \(interval)" }
}

extension Statistics {
    /// Exact binomial test of H₀: the success probability is p₀.
    ///
    /// The two-sided p-value doubles the smaller one-sided tail ("central" test), which is the
    /// test the Clopper–Pearson interval inverts: p₀ lies outside the interval at confidence
    /// 1 − α exactly when the p-value is < α. The test is exact and conservative (P(p ≤ α) ≤ α
    /// under H₀ for every n and p₀). Tails come from the incomplete beta function and keep
    /// relative accuracy when tiny. Requires 0 ≤ k ≤ n, n ≥ 1, p₀ ∈ [0, 1].
    public static func binomialTest(
        successes: Int, trials: Int, probability: Double, confidence: Double = 0.95
    ) -> BinomialTestResult {
        require(trials >= 1 && successes >= 0 && successes <= trials && probability >= 0 && probability <= 1,
                "Statistics.binomialTest(successes: \(successes), trials: \(trials), probability: \(probability)): need 0 ≤ k ≤ n, n ≥ 1, p₀ ∈ [0, 1]")
        let distribution = BinomialDistribution(trials: trials, probability: probability)
        let less = distribution.cdf(successes)
        let greater = successes == 0 ? 1 : distribution.survival(successes - 1)
        return BinomialTestResult(successes: successes, trials: trials,
                                  pValue: Swift.min(1, 2 * Swift.min(less, greater)),
                                  pValueGreater: greater, pValueLess: less,
                                  interval: clopperPearsonInterval(successes: successes, trials: trials, confidence: confidence))
    }
}
