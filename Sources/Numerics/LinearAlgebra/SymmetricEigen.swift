/// The eigendecomposition A = V·diag(values)·Vᵀ of a real symmetric matrix.
///
/// `values` are ascending; column j of `vectors` is a unit eigenvector for `values[j]`, and the
/// columns are orthonormal (also within a cluster of equal or nearly equal eigenvalues, where the
/// individual vectors are not determined, only the subspace they span).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Orthonormal eigenvectors as columns; column j belongs to `values[j]`.
    public let vectors: Matrix

    public init(values: [Double], vectors: Matrix) {
        require(vectors.rows == values.count && vectors.columns == values.count,
                "SymmetricEigen: \(values.count) values but vectors are \(vectors.shapeDescription)")
        self.values = values
        self.vectors = vectors
    }
}
