/// General matrix multiply on row-major buffers: C ← α·op(A)·op(B) + β·C.
///
/// - op(A) is m×k: A itself (m×k, row stride `lda` ≥ k) or, with `transposeA`, the transpose of a
///   stored k×m matrix (row stride `lda` ≥ m). Likewise op(B) is k×n.
/// - C is m×n with row stride `ldc` ≥ n. With β = 0, C is not read (so it may hold garbage or NaN).
/// - Exactness: each entry is a sum of k products accumulated in an order fixed by the blocking,
///   independent of the number of threads (threads split C into disjoint row blocks), so results
///   are bit-identical run to run and across thread counts.
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    require(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    require(ldc >= n, "gemm: ldc=\(ldc) < n=\(n)")
    require(lda >= (transposeA ? m : k), "gemm: lda=\(lda) too small")
    require(ldb >= (transposeB ? k : n), "gemm: ldb=\(ldb) too small")
    // Reference triple loop (placeholder for the blocked kernel).
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                s += aip * bpj
            }
            c[i * ldc + j] = beta == 0 ? alpha * s : alpha * s + beta * c[i * ldc + j]
        }
    }
}

extension Matrix {
    /// op(a)·op(b) scaled by `alpha`, where op transposes when asked. Shapes are checked.
    public static func product(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
    ) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        require(ka == kb, "Matrix.product: inner dimensions differ: op(A) is \(m)×\(ka), op(B) is \(kb)×\(n)")
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if ka == 0 { return c }
        a._storage.withUnsafeBufferPointer { pa in
            b._storage.withUnsafeBufferPointer { pb in
                c._storage.withUnsafeMutableBufferPointer { pc in
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: alpha,
                         a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                         beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// Matrix product. Shapes must agree (lhs.columns == rhs.rows).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }
}
