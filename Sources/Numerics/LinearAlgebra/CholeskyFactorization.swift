extension Matrix {
    /// Columns per block of the blocked Cholesky factorisation.
    static let choleskyBlockWidth = 32

    /// The Cholesky factor of a symmetric positive-definite matrix: the lower-triangular L with
    /// positive diagonal such that A = L·Lᵀ.
    ///
    /// Only the lower triangle (diagonal included) of `self` is read; the upper triangle is assumed
    /// to mirror it. Blocked right-looking algorithm: within a block of 32 columns,
    /// L_ij = (A_ij − Σ L_ik L_jk)/L_jj with each sum a unit-stride dot product of two rows of L; the
    /// trailing lower triangle is then updated by `gemm` (n³/3 flops in total, almost all in gemm for
    /// large n). Matrices with n < 64 are done in one block.
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
        // Start from the lower triangle of A; the factor overwrites it block by block.
        var l = Matrix(rows: n, columns: n) { i, j in j <= i ? self._storage[i * n + j] : 0 }
        var failedPivot: Int? = nil
        let nb = n >= 2 * Matrix.choleskyBlockWidth ? Matrix.choleskyBlockWidth : Swift.max(n, 1)
        l._storage.withUnsafeMutableBufferPointer { lb in
            guard let lp = lb.baseAddress else { return }
            for k0 in stride(from: 0, to: n, by: nb) {
                let k1 = Swift.min(k0 + nb, n)
                // Rows k0..<n, columns k0..<k1: L_ij = (A_ij − Σ_{k0≤c<j} L_ic L_jc)/L_jj, the
                // columns before k0 having been subtracted already by the trailing updates.
                for i in k0..<n {
                    let rowI = lp + i * n
                    for j in k0..<Swift.min(i, k1) {
                        let rowJ = lp + j * n
                        rowI[j] = (rowI[j] - VectorKernels.dot(rowI + k0, rowJ + k0, j - k0)) / rowJ[j]
                    }
                    if i < k1 {
                        let d = rowI[i] - VectorKernels.dot(rowI + k0, rowI + k0, i - k0)
                        if !(d > 0) || !d.isFinite { failedPivot = i; return }
                        rowI[i] = d.squareRoot()
                    }
                }
                // Trailing lower triangle −= L21·L21ᵀ, one block column at a time (rows from the
                // block's diagonal down), so only the lower part is computed: n³/3 flops in gemm.
                for j0 in stride(from: k1, to: n, by: nb) {
                    let j1 = Swift.min(j0 + nb, n)
                    gemm(transposeA: false, transposeB: true, m: n - j0, n: j1 - j0, k: k1 - k0, alpha: -1,
                         a: lp + j0 * n + k0, lda: n, b: lp + j0 * n + k0, ldb: n,
                         beta: 1, c: lp + j0 * n + j0, ldc: n)
                }
            }
            // The block updates also touched entries above the diagonal inside diagonal blocks.
            for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) { lp[i * n + j] = 0 } }
        }
        if let k = failedPivot { throw .notPositiveDefinite(operation: "Matrix.cholesky", pivot: k) }
        return l
    }

    /// Solves A·X = B for a symmetric positive-definite A (only its lower triangle is read) by
    /// Cholesky: L·Y = B, then Lᵀ·X = Y. Half the work of ``solve(_:)`` and no pivoting; backward
    /// stable like the factorisation (Higham, ASNA Thm. 10.4: (A + ΔA)x̂ = b with |ΔA| ≤ γ_{3n+1}|L̂||L̂ᵀ|).
    /// - Throws: ``NumericsError/notPositiveDefinite(operation:pivot:)`` as ``cholesky()``;
    ///   ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞ in A or B.
    public func solvePositiveDefinite(_ b: Matrix) throws(NumericsError) -> Matrix {
        require(isSquare && b.rows == rows,
                "Matrix.solvePositiveDefinite: A is \(shapeDescription), B is \(b.shapeDescription); need square A with A.rows == B.rows")
        try b.validateFinite("Matrix.solvePositiveDefinite (right-hand side)")
        let l = try cholesky()
        return l.transposed.solveUpperTriangular(l.solveLowerTriangular(b))
    }
}
