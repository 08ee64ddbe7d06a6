import Numerics

/// Per-feature standardisation fitted on one set and applied to others: x ↦ (x − μ)/σ with μ and σ
/// the column means and population standard deviations of the fitting set. A column that is
/// constant on the fitting set (σ = 0; several corner pixels of the digits are always 0) is only
/// centred, so it maps to 0 there instead of dividing by zero.
///
/// Fitting on the training images alone and applying the same map to the test images keeps the
/// test set out of every choice the model sees.
public struct FeatureStandardisation: Sendable, Equatable {
    public let means: [Double]
    /// σ of each column, or 1 where the column is constant on the fitting set.
    public let scales: [Double]

    /// Fits μ and σ on the rows of `x` (two passes, so no cancellation from Σx² − nμ²).
    /// - Precondition: `x` has at least one row and only finite entries.
    public init(fittedTo x: Matrix) {
        require(x.rows > 0 && x.isFinite, "FeatureStandardisation: need ≥ 1 row of finite values, got \(x.shapeDescription)")
        let n = Double(x.rows)
        var means = [Double](repeating: 0, count: x.columns), scales = means
        for j in 0..<x.columns {
            var sum = 0.0
            for i in 0..<x.rows { sum += x[i, j] }
            let mean = sum / n
            var squares = 0.0
            for i in 0..<x.rows { let d = x[i, j] - mean; squares += d * d }
            let sigma = (squares / n).squareRoot()
            means[j] = mean
            scales[j] = sigma > 0 ? sigma : 1
        }
        self.means = means; self.scales = scales
    }

    /// (x − μ)/σ row by row.
    /// - Precondition: `x` has as many columns as the fitting set.
    public func apply(_ x: Matrix) -> Matrix {
        require(x.columns == means.count, "FeatureStandardisation.apply: \(x.columns) columns, fitted on \(means.count)")
        var y = x
        for i in 0..<x.rows { for j in 0..<x.columns { y[i, j] = (x[i, j] - means[j]) / scales[j] } }
        return y
    }
}
