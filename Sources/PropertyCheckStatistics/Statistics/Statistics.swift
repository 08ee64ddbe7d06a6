/// Statistical intervals, tests and fits for deciding numerical claims with a stated error rate.
///
/// Conventions:
/// - Levels are given as `confidence` = 1 − α; a returned ``ConfidenceInterval`` covers the true
///   value with probability ≥ `confidence` *under the assumptions stated on each function* (exactly,
///   or asymptotically where said so).
/// - p-values are two-sided unless the name says otherwise, and are computed from the accurate
///   tail functions of the distributions (relative accuracy kept down to ~1e−300), so comparing a
///   p-value with a tiny α is meaningful.
/// - Sample sizes below a function's minimum and levels outside (0, 1) are programmer errors
///   (`require`); non-finite data and degenerate data (e.g. all x equal in a regression) throw
///   ``NumericsError``.
///
/// Which tool for which claim (each guarantees its false-rejection rate α only under the stated
/// assumptions; "exact" means for every n, "asymptotic" means as n → ∞):
///
/// | Claim about i.i.d. draws                 | Tool                                                          | Level |
/// |------------------------------------------|---------------------------------------------------------------|-------|
/// | mean = μ₀ (roughly normal data)          | ``oneSampleTTest(_:hypothesizedMean:confidence:)``, ``meanInterval(_:confidence:)`` | exact if normal |
/// | mean = μ₀, values bounded in [a, b]      | ``empiricalBernsteinMeanInterval(_:bounds:confidence:)``, ``hoeffdingMeanInterval(_:bounds:confidence:)`` | exact (conservative) |
/// | variance = σ₀² (normal data)             | ``varianceInterval(_:confidence:)``                           | exact if normal |
/// | two means equal                          | ``welchTTest(_:_:confidence:)``                               | approximate |
/// | probability of an event = p₀             | ``binomialTest(successes:trials:probability:confidence:)``, ``clopperPearsonInterval(successes:trials:confidence:)`` | exact (conservative) |
/// | a count of successes is plausible        | ``BinomialDistribution/acceptanceRegion(alpha:)``             | exact |
/// | a quantile/median = ξ₀ (any law)         | ``quantileInterval(_:probability:confidence:)``               | exact (conservative) |
/// | sample follows a continuous CDF F        | ``kolmogorovSmirnovTest(_:cdf:)``                             | exact (n ≲ 3000) |
/// | two samples have the same law            | ``kolmogorovSmirnovTest(_:_:)``                               | exact (nm ≤ 2.5e7) |
/// | binned counts follow probabilities       | ``chiSquaredGoodnessOfFit(observed:expectedProbabilities:estimatedParameters:)`` | asymptotic |
/// | correlation is zero / in a range         | ``pearsonCorrelation(_:_:confidence:)``, ``spearmanCorrelation(_:_:confidence:)`` | exact test if normal / approximate |
/// | y ∝ x^k (scaling law)                    | ``linearRegression(x:y:weights:)`` on (ln x, ln y), then ``LinearFit/slopeInterval(confidence:)`` | exact if log-normal errors |
/// | several claims at once                   | ``holmAdjusted(_:)``, ``bonferroniAdjusted(_:)``              | any dependence |
public enum Statistics {}

extension Statistics {
    /// Throws ``NumericsError/nonFiniteInput(operation:row:column:value:)`` naming the first
    /// non-finite entry (its index as the row).
    static func validateFinite(_ values: [Double], _ operation: String) throws(NumericsError) {
        for (index, value) in values.enumerated() where !value.isFinite {
            throw .nonFiniteInput(operation: operation, row: index, column: 0, value: value)
        }
    }

    /// Checks a confidence level.
    static func requireConfidence(_ confidence: Double, _ operation: String) {
        require(confidence > 0 && confidence < 1, "\(operation): confidence \(confidence) must be in (0, 1)")
    }

    /// Σ values with Neumaier's compensated summation (error ≲ 2ε·Σ|values|, independent of n).
    static func compensatedSum(_ values: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for v in values {
            let t = sum + v
            if Swift.abs(sum) >= Swift.abs(v) { compensation += (sum - t) + v } else { compensation += (v - t) + sum }
            sum = t
        }
        return sum + compensation
    }
}
