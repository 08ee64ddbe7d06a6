extension Statistics {
    /// The sample p-quantile by linear interpolation between order statistics (Hyndman & Fan
    /// type 7, numpy's default): with sorted x₁ ≤ … ≤ xₙ and h = (n − 1)p, x₍⌊h⌋₊₁₎ + (h − ⌊h⌋)·(x₍⌊h⌋₊₂₎ − x₍⌊h⌋₊₁₎).
    /// Requires n ≥ 1 and p ∈ [0, 1]; throws on non-finite data.
    public static func quantile(_ sample: [Double], probability p: Double) throws(NumericsError) -> Double {
        require(!sample.isEmpty && p >= 0 && p <= 1, "Statistics.quantile: need a non-empty sample and p ∈ [0, 1] (p = \(p))")
        try validateFinite(sample, "Statistics.quantile")
        let sorted = sample.sorted()
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        if below + 1 >= sorted.count { return sorted[sorted.count - 1] }
        return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
    }

    /// A distribution-free confidence interval [x₍ₗ₎, x₍ᵤ₎] for the population p-quantile ξₚ, from
    /// order statistics.
    ///
    /// With K = #{xᵢ ≤ ξₚ} ~ Binomial(n, p) for i.i.d. draws from a continuous law, x₍ₗ₎ ≤ ξₚ ≤ x₍ᵤ₎
    /// ⇔ l ≤ K ≤ u − 1. l and u − 1 are the ends of the equal-tailed binomial acceptance region
    /// (``BinomialDistribution/acceptanceRegion(alpha:)``), so coverage ≥ `confidence` exactly
    /// (conservatively, because K is discrete) for every n and every continuous distribution; with
    /// ties the closed interval still covers with at least that probability. When the sample is
    /// too small for a finite end, that end is ∓∞. Requires n ≥ 1, p ∈ (0, 1); throws on non-finite data.
    public static func quantileInterval(
        _ sample: [Double], probability p: Double, confidence: Double
    ) throws(NumericsError) -> ConfidenceInterval {
        requireConfidence(confidence, "Statistics.quantileInterval")
        require(!sample.isEmpty && p > 0 && p < 1, "Statistics.quantileInterval: need a non-empty sample and p ∈ (0, 1) (p = \(p))")
        try validateFinite(sample, "Statistics.quantileInterval")
        let sorted = sample.sorted()
        let n = sorted.count
        let region = BinomialDistribution(trials: n, probability: p).acceptanceRegion(alpha: 1 - confidence)
        let l = region.lowerBound, u = region.upperBound + 1 // 1-based order statistics
        let lower = l >= 1 ? sorted[l - 1] : -Double.infinity
        let upper = u <= n ? sorted[u - 1] : Double.infinity
        return ConfidenceInterval(lower: lower, upper: upper, confidence: confidence,
                                  method: "order statistics (\(l), \(u)) for the \(p)-quantile, n = \(n)")
    }
}
