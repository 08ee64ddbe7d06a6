extension Statistics {
    /// Bonferroni-adjusted p-values min(1, m·pᵢ) for m hypotheses.
    ///
    /// Rejecting every hypothesis whose adjusted p-value is ≤ α controls the family-wise error rate
    /// (probability of any false rejection) at α, under any dependence between the tests.
    public static func bonferroniAdjusted(_ pValues: [Double]) -> [Double] {
        requirePValues(pValues, "Statistics.bonferroniAdjusted")
        let m = Double(pValues.count)
        return pValues.map { Swift.min(1, m * $0) }
    }

    /// Holm's step-down adjusted p-values: with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted,
    /// p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎), returned in the input order.
    ///
    /// Controls the family-wise error rate at α under any dependence, like Bonferroni, and is
    /// uniformly more powerful (every adjusted value is ≤ Bonferroni's).
    public static func holmAdjusted(_ pValues: [Double]) -> [Double] {
        requirePValues(pValues, "Statistics.holmAdjusted")
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    static func requirePValues(_ pValues: [Double], _ operation: String) {
        for p in pValues { require(p >= 0 && p <= 1, "\(operation): p-value \(p) is not in [0, 1]") }
    }
}
