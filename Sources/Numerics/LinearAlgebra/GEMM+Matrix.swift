extension Matrix {
    /// In-place update `self ← alpha·op(a)·op(b) + beta·self`, where op transposes when asked.
    ///
    /// `self` must be m×n with op(a) m×k and op(b) k×n. With `beta == 0` the old entries of
    /// `self` are not read (NaN in them does not propagate). Accuracy and thread-count
    /// independence as for ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
    /// `a` and `b` may be slices (read in place through their row stride, never copied).
    public mutating func addProduct(
        _ a: MatrixSlice, _ b: MatrixSlice, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 1
    ) {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        require(ka == kb && m == rows && n == columns,
                "Matrix.addProduct: op(A) is \(m)×\(ka), op(B) is \(kb)×\(n), C is \(shapeDescription)")
        if m == 0 || n == 0 { return }
        let cols = columns
        a.withUnsafeStridedPointer { pa, lda in
            b.withUnsafeStridedPointer { pb, ldb in
                _storage.withUnsafeMutableBufferPointer { pc in
                    // A stride of 0 only occurs for empty operands, where gemm reads nothing.
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: alpha,
                         a: pa, lda: max(lda, transposeA ? m : ka, 1), b: pb, ldb: max(ldb, transposeB ? ka : n, 1),
                         beta: beta, c: pc.baseAddress!, ldc: cols)
                }
            }
        }
    }

    /// In-place update `self ← alpha·op(a)·op(b) + beta·self` for whole matrices; see
    /// the `MatrixSlice` overload.
    public mutating func addProduct(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 1
    ) {
        addProduct(a.slice(rows: 0..<a.rows), b.slice(rows: 0..<b.rows),
                   transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
    }

    /// op(a)·op(b) for slices, read in place; see ``product(_:_:transposeA:transposeB:alpha:)``.
    public static func product(
        _ a: MatrixSlice, _ b: MatrixSlice, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
    ) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        let (ka, kb) = (transposeA ? a.rows : a.columns, transposeB ? b.columns : b.rows)
        require(ka == kb, "Matrix.product: op(A) is \(m)×\(ka), op(B) is \(kb)×\(n)")
        if m == 0 || n == 0 || ka == 0 { return Matrix(rows: m, columns: n) }
        // β = 0 makes gemm write every entry of C without reading it, so C starts uninitialised.
        return Matrix(rows: m, columns: n) { pc in
            a.withUnsafeStridedPointer { pa, lda in
                b.withUnsafeStridedPointer { pb, ldb in
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: alpha,
                         a: pa, lda: max(lda, transposeA ? m : ka, 1), b: pb, ldb: max(ldb, transposeB ? ka : n, 1),
                         beta: 0, c: pc, ldc: n)
                }
            }
        }
    }
}
