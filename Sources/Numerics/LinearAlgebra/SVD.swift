/// The singular value decomposition A = U·diag(σ)·Vᵀ of a real m×n matrix.
///
/// With p = min(m, n): in the thin form `u` is m×p and `vt` is p×n; in the full form `u` is m×m and
/// `vt` is n×n (the extra columns of U and rows of Vᵀ complete orthonormal bases). The
/// `singularValues` (p of them) are descending and non-negative; column i of `u` and row i of `vt`
/// belong to `singularValues[i]`.
public struct SVD: Sendable {
    /// Left singular vectors as columns (m×p thin, m×m full).
    public let u: Matrix
    /// Singular values, descending, ≥ 0.
    public let singularValues: [Double]
    /// Right singular vectors as rows (p×n thin, n×n full).
    public let vt: Matrix

    public init(u: Matrix, singularValues: [Double], vt: Matrix) {
        let p = singularValues.count
        require(u.columns >= p && vt.rows >= p,
                "SVD: \(p) singular values but u is \(u.shapeDescription) and vt is \(vt.shapeDescription)")
        self.u = u
        self.singularValues = singularValues
        self.vt = vt
    }
}
