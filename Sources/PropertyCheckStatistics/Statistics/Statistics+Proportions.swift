extension Statistics {
    /// Wilson's score interval for a binomial proportion: the set of p for which the score test
    /// |p̂ − p|/√(p(1−p)/n) ≤ z, z = z_{1−α/2}, i.e.
    /// (p̂ + z²/(2n))/(1 + z²/n) ± z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/(4n²)).
    ///
    /// Coverage is approximately `confidence` (asymptotic in n, good already for np ≳ 5; it
    /// oscillates and can dip a few percent below the nominal level for some p). Use
    /// ``clopperPearsonInterval(successes:trials:confidence:)`` when coverage must be guaranteed.
    public static func wilsonInterval(successes: Int, trials: Int, confidence: Double) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.wilsonInterval")
        require(trials >= 1 && successes >= 0 && successes <= trials,
                "Statistics.wilsonInterval(successes: \(successes), trials: \(trials)): need 0 ≤ k ≤ n, n ≥ 1")
        let n = Double(trials), phat = Double(successes) / n
        let z = NormalDistribution.standard.inverseSurvival(0.5 * (1 - confidence))
        let z2n = z * z / n
        let center = (phat + 0.5 * z2n) / (1 + z2n)
        let half = z / (1 + z2n) * (phat * (1 - phat) / n + 0.25 * z2n / n).squareRoot()
        return ConfidenceInterval(lower: Swift.max(0, center - half), upper: Swift.min(1, center + half),
                                  confidence: confidence, method: "Wilson score, \(successes)/\(trials)")
    }

    /// The Clopper–Pearson "exact" interval for a binomial proportion, by inverting the two
    /// one-sided binomial tests: lower = Beta quantile B⁻¹(α/2; k, n − k + 1) (0 if k = 0),
    /// upper = B⁻¹(1 − α/2; k + 1, n − k) (1 if k = n).
    ///
    /// Guarantee: coverage ≥ `confidence` for every p and n (conservative).
    public static func clopperPearsonInterval(successes: Int, trials: Int, confidence: Double) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.clopperPearsonInterval")
        require(trials >= 1 && successes >= 0 && successes <= trials,
                "Statistics.clopperPearsonInterval(successes: \(successes), trials: \(trials)): need 0 ≤ k ≤ n, n ≥ 1")
        let k = Double(successes), n = Double(trials), halfAlpha = 0.5 * (1 - confidence)
        let lower = successes == 0 ? 0 : BetaDistribution(alpha: k, beta: n - k + 1).quantile(halfAlpha)
        let upper = successes == trials ? 1 : BetaDistribution(alpha: k + 1, beta: n - k).inverseSurvival(halfAlpha)
        return ConfidenceInterval(lower: lower, upper: upper, confidence: confidence,
                                  method: "Clopper–Pearson, \(successes)/\(trials)")
    }
}
