/// The result of a chi-square goodness-of-fit test.
public struct ChiSquaredTestResult: Sendable, Hashable, CustomStringConvertible {
    /// X² = Σ (Oᵢ − Eᵢ)²/Eᵢ.
    public let statistic: Double
    /// k − 1 − (number of estimated parameters).
    public let degreesOfFreedom: Int
    /// P(χ²_ν ≥ X²), from the accurate upper tail of the chi-square distribution.
    public let pValue: Double
    /// The smallest expected count Eᵢ (the χ² approximation wants it ≳ 5).
    public let smallestExpectedCount: Double

    /// "X² = … (ν = …), p = …".
    public var description: String { "X² = \(statistic) (ν = \(degreesOfFreedom)), p = \(pValue)" }
}

extension Statistics {
    /// Pearson's chi-square goodness-of-fit test of H₀: the counts are multinomial with cell
    /// probabilities `expectedProbabilities` (normalised to sum to 1 here).
    ///
    /// X² = Σ (Oᵢ − Eᵢ)²/Eᵢ with Eᵢ = N·pᵢ is referred to χ² with k − 1 − `estimatedParameters`
    /// degrees of freedom. The level is asymptotic (N → ∞); the usual rule of thumb is every
    /// Eᵢ ≥ 5 (reported as `smallestExpectedCount` so that callers can enforce it). Requires k ≥ 2
    /// cells, non-negative counts with N > 0, positive finite probabilities and a positive number
    /// of degrees of freedom.
    public static func chiSquaredGoodnessOfFit(
        observed: [Int], expectedProbabilities: [Double], estimatedParameters: Int = 0
    ) -> ChiSquaredTestResult {
        let k = observed.count
        require(k >= 2 && expectedProbabilities.count == k,
                "Statistics.chiSquaredGoodnessOfFit: need k ≥ 2 cells and one probability per cell (have \(k) and \(expectedProbabilities.count))")
        require(observed.allSatisfy { $0 >= 0 } && observed.contains { $0 > 0 },
                "Statistics.chiSquaredGoodnessOfFit: counts must be ≥ 0 with a positive total")
        require(expectedProbabilities.allSatisfy { $0 > 0 && $0.isFinite },
                "Statistics.chiSquaredGoodnessOfFit: probabilities must be finite and positive")
        let df = k - 1 - estimatedParameters
        require(estimatedParameters >= 0 && df >= 1,
                "Statistics.chiSquaredGoodnessOfFit: \(estimatedParameters) estimated parameters leave no degrees of freedom for \(k) cells")
        let total = Double(observed.reduce(0, +))
        let probabilitySum = compensatedSum(expectedProbabilities)
        var statistic = 0.0, smallest = Double.infinity
        for i in 0..<k {
            let expected = total * expectedProbabilities[i] / probabilitySum
            let difference = Double(observed[i]) - expected
            statistic += difference * difference / expected
            smallest = Swift.min(smallest, expected)
        }
        let p = ChiSquaredDistribution(degreesOfFreedom: Double(df)).survival(statistic)
        return ChiSquaredTestResult(statistic: statistic, degreesOfFreedom: df, pValue: p, smallestExpectedCount: smallest)
    }
}
