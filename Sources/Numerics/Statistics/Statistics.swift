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
