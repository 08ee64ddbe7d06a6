extension Matrix {
    /// The Cholesky factor of a symmetric positive-definite matrix: the lower-triangular L with
    /// positive diagonal such that A = L·Lᵀ.
    ///
    /// Only the lower triangle (diagonal included) of `self` is read; the upper triangle is assumed
    /// to mirror it. Row-oriented (Cholesky–Banachiewicz) algorithm: L_ij = (A_ij − Σ_{k<j} L_ik L_jk)/L_jj,
    /// each sum a unit-stride dot product of two rows of L; n³/3 flops.
    ///
    /// **Accuracy** (Higham, ASNA 2nd ed., Thm. 10.3): L̂·L̂ᵀ = A + ΔA with |ΔA| ≤ γ_{n+1}|L̂||L̂ᵀ|
    /// entrywise, and ‖|L̂||L̂ᵀ|‖₂ ≤ n‖A + ΔA‖₂, so ‖ΔA‖₂ ≤ n·γ_{n+1}·‖A‖₂ to first order: backward
    /// stable without pivoting.
    /// Entries above the diagonal of the result are exactly 0.
    ///
    /// - Throws: ``NumericsError/notPositiveDefinite(operation:pivot:)`` at the first step j whose
    ///   pivot A_jj − Σ L_jk² is not positive (the leading j+1 × j+1 block is not positive definite
    ///   to working precision); ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞.
    public func cholesky() throws(NumericsError) -> Matrix {
        require(isSquare, "Matrix.cholesky: matrix is \(shapeDescription), not square")
        try validateFinite("Matrix.cholesky")
        let n = rows
        var l = Matrix(rows: n, columns: n)
        var failedPivot: Int? = nil
        _storage.withUnsafeBufferPointer { a in
            l._storage.withUnsafeMutableBufferPointer { lb in
                guard let lp = lb.baseAddress else { return }
                for i in 0..<n {
                    let rowI = lp + i * n
                    for j in 0..<i {
                        let rowJ = lp + j * n
                        let s = a[i * n + j] - Householder.dot(rowI, rowJ, j)
                        rowI[j] = s / rowJ[j]
                    }
                    let d = a[i * n + i] - Householder.dot(rowI, rowI, i)
                    if !(d > 0) || !d.isFinite { failedPivot = i; return }
                    rowI[i] = d.squareRoot()
                }
            }
        }
        if let k = failedPivot { throw .notPositiveDefinite(operation: "Matrix.cholesky", pivot: k) }
        return l
    }
}
