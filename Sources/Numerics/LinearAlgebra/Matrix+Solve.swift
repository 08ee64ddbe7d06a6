import Foundation

extension Matrix {
    /// Solves A·X = B for square A (this matrix) by LU with partial pivoting.
    ///
    /// Backward stable in practice: the computed X satisfies (A + ΔA)X = B column by column with
    /// |ΔA| ≤ γ_{3n}Pᵀ|L̂||Û| (Higham, ASNA Thm. 9.4), so ‖B − AX‖ ≲ 3n·u·‖|L̂||Û|‖·‖X‖; the relative
    /// forward error is then at most about κ(A) times that.
    /// - Throws: ``NumericsError/singular(operation:pivot:)`` when elimination meets an exactly zero
    ///   pivot; ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞ in A or B.
    public func solve(_ b: Matrix) throws(NumericsError) -> Matrix {
        require(isSquare && b.rows == rows, "Matrix.solve: A is \(shapeDescription), B is \(b.shapeDescription); need square A with A.rows == B.rows")
        try b.validateFinite("Matrix.solve (right-hand side)")
        let f = try lu()
        if let k = f.firstZeroPivot { throw .singular(operation: "Matrix.solve", pivot: k) }
        return try f.solve(b)
    }

    /// The inverse A⁻¹ of a square matrix, by LU with partial pivoting (solving A·X = I).
    /// Prefer ``solve(_:)`` when the inverse is only multiplied by something.
    /// - Throws: ``NumericsError/singular(operation:pivot:)`` for an exactly zero pivot;
    ///   ``NumericsError/nonFiniteInput(operation:row:column:value:)``.
    public func inverse() throws(NumericsError) -> Matrix {
        require(isSquare, "Matrix.inverse: matrix is \(shapeDescription), not square")
        let f = try lu()
        if let k = f.firstZeroPivot { throw .singular(operation: "Matrix.inverse", pivot: k) }
        return try f.solve(.identity(rows))
    }

    /// log|det A| and sign(det A) of a square matrix, from its LU factorisation: the sum of
    /// log|U_kk| (no overflow or underflow however large or small det A is) and the product of
    /// the pivots' signs and of the interchanges' (−1)s. A matrix whose elimination meets an exactly
    /// zero pivot gives (−∞, 0). The empty matrix has determinant 1: (0, 1).
    /// - Throws: ``NumericsError/nonFiniteInput(operation:row:column:value:)``.
    public func logDeterminant() throws(NumericsError) -> (logAbsoluteValue: Double, sign: Double) {
        require(isSquare, "Matrix.logDeterminant: matrix is \(shapeDescription), not square")
        return try lu().logDeterminant
    }

    /// A least-squares solution X of min ‖A·X − B‖_F (A = self, m×n; B m×p), of minimum Frobenius
    /// norm among all minimisers: X = A⁺B restricted to the numerical rank.
    ///
    /// Method: column-pivoted QR A·P = Q·R; the numerical rank r is the number of |R_jj| above
    /// `relativeTolerance`·|R_00| (default max(m, n)·ε, ε = 2⁻⁵², see
    /// ``ColumnPivotedQR/numericalRank(relativeTolerance:)``); with C = QᵀB,
    /// - r = n (full column rank, e.g. tall well-conditioned A): X = P·R⁻¹C[0..<n] — the unique
    ///   minimiser;
    /// - r < n (wide or rank-deficient A): a complete orthogonal decomposition. R's first r rows
    ///   T (r×n) are factored Tᵀ = Z·S (Householder QR), so A·P ≈ Q[:, 0..<r]·Sᵀ·Zᵀ and the
    ///   minimum-norm solution is X = P·Z·S⁻ᵀ·C[0..<r]; the trailing rows of R (all entries
    ///   ≲ tolerance·|R_00|) are treated as zero.
    ///
    /// Accuracy: backward stable for full-rank problems; the forward error is governed by κ(A) (and
    /// κ(A)² when the residual is large), with κ the ratio of the extreme retained singular values.
    /// - Throws: ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞;
    ///   ``NumericsError/domain(operation:detail:)`` if the solution overflows.
    public func leastSquares(_ b: Matrix, relativeTolerance: Double? = nil) throws(NumericsError) -> Matrix {
        require(b.rows == rows, "Matrix.leastSquares: A is \(shapeDescription), B is \(b.shapeDescription); need A.rows == B.rows")
        if let t = relativeTolerance { require(t >= 0 && t.isFinite, "Matrix.leastSquares: relativeTolerance \(t) must be finite and ≥ 0") }
        try validateFinite("Matrix.leastSquares")
        try b.validateFinite("Matrix.leastSquares (right-hand side)")
        let m = rows, n = columns, p = b.columns
        var x = Matrix(rows: n, columns: p)
        if m == 0 || n == 0 || p == 0 { return x }
        let f = try qrWithColumnPivoting()
        let rank = f.numericalRank(relativeTolerance: relativeTolerance)
        if rank == 0 { return x }
        var c = b
        f.applyQTransposed(to: &c)
        let cTop = c[rows: 0..<rank, columns: 0..<p]
        let r = f.r
        let y: Matrix
        if rank == n {
            y = r[rows: 0..<n, columns: 0..<n].solveUpperTriangular(cTop)
        } else {
            let t = r[rows: 0..<rank, columns: 0..<n]
            let z = try t.transposed.qr()
            let w = z.r.transposed.solveLowerTriangular(cTop)
            var padded = Matrix(rows: n, columns: p)
            padded[rows: 0..<rank, columns: 0..<p] = w
            z.applyQ(to: &padded)
            y = padded
        }
        for (j, original) in f.columnPermutation.enumerated() {
            for c in 0..<p { x[original, c] = y[j, c] }
        }
        if !x.isFinite {
            throw .domain(operation: "Matrix.leastSquares", detail: "the solution overflows; rescale A or raise relativeTolerance")
        }
        return x
    }

    /// Solves U·X = B for an upper-triangular square U (entries below the diagonal are ignored)
    /// by back substitution; each entry of X is exact up to the usual backward-stable bound
    /// |ΔU| ≤ γ_n|U| (Higham, ASNA Thm. 8.5). A zero diagonal entry gives ±∞/NaN: callers check.
    public func solveUpperTriangular(_ b: Matrix) -> Matrix {
        require(isSquare && b.rows == rows, "Matrix.solveUpperTriangular: U is \(shapeDescription), B is \(b.shapeDescription)")
        let n = rows, p = b.columns
        var x = b
        if n == 0 || p == 0 { return x }
        _storage.withUnsafeBufferPointer { u in
            x._storage.withUnsafeMutableBufferPointer { xb in
                let xp = xb.baseAddress!
                for k in stride(from: n - 1, through: 0, by: -1) {
                    let d = u[k * n + k]
                    for j in 0..<p { xp[k * p + j] /= d }
                    for i in 0..<k where u[i * n + k] != 0 {
                        VectorKernels.axpy(-u[i * n + k], xp + k * p, xp + i * p, p)
                    }
                }
            }
        }
        return x
    }

    /// Solves L·X = B for a lower-triangular square L (entries above the diagonal are ignored) by
    /// forward substitution, with the same backward-error bound as ``solveUpperTriangular(_:)``.
    public func solveLowerTriangular(_ b: Matrix) -> Matrix {
        require(isSquare && b.rows == rows, "Matrix.solveLowerTriangular: L is \(shapeDescription), B is \(b.shapeDescription)")
        let n = rows, p = b.columns
        var x = b
        if n == 0 || p == 0 { return x }
        _storage.withUnsafeBufferPointer { l in
            x._storage.withUnsafeMutableBufferPointer { xb in
                let xp = xb.baseAddress!
                for k in 0..<n {
                    let d = l[k * n + k]
                    for j in 0..<p { xp[k * p + j] /= d }
                    for i in (k + 1)..<Swift.max(k + 1, n) where l[i * n + k] != 0 {
                        VectorKernels.axpy(-l[i * n + k], xp + k * p, xp + i * p, p)
                    }
                }
            }
        }
        return x
    }
}
