/// General matrix multiply on row-major buffers: C ← α·op(A)·op(B) + β·C.
///
/// - op(A) is m×k: A itself (m×k, row stride `lda` ≥ k) or, with `transposeA`, the transpose of a
///   stored k×m matrix (row stride `lda` ≥ m). Likewise op(B) is k×n.
/// - C is m×n with row stride `ldc` ≥ n. With β = 0, C is not read (so it may hold garbage or NaN).
/// - When k = 0 or α = 0 the product term is zero by definition and A and B are not read:
///   C ← β·C (C ← 0 when β = 0).
/// - Accuracy: each entry is computed as fl(Σ_p op(A)[i,p]·op(B)[p,j]) by fused multiply-adds in
///   blocks of at most 256 terms, so |computed − exact| ≤ γ_k·Σ_p |op(A)[i,p]|·|op(B)[p,j]|
///   (γ_k = k·u/(1 − k·u), u = 2⁻⁵³) before the final scaling by α and β (one rounding each).
/// - Exactness: each entry is a sum of k products accumulated in an order fixed by the blocking,
///   independent of the number of threads (threads split C into disjoint row or column blocks),
///   so results are bit-identical run to run and across thread counts. The register tile is
///   chosen once per process (``GEMMKernel/selected``: 6×16 in 512-bit vectors where the processor
///   reports AVX-512F, else 6×8 in 256-bit ones); both compute every entry by the same operations,
///   so the choice does not change results either.
/// - Threads: up to ``Parallel/threadCount`` (see ``Parallel``). Products with fewer than about
///   32³ multiply-adds run on the calling thread without packing. Products whose C has at most
///   8 columns (or 8 rows) stream the large factor without packing it (``gemmThin``), and those
///   of depth k ≤ 16 stream C once (``gemmShallow``), both with the blocked path's results bit
///   for bit.
///
/// C must not overlap A or B.
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    require(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    require(ldc >= n, "gemm: ldc=\(ldc) < n=\(n)")
    require(lda >= (transposeA ? m : k), "gemm: lda=\(lda) too small for op(A) \(m)×\(k) (transposeA: \(transposeA))")
    require(ldb >= (transposeB ? k : n), "gemm: ldb=\(ldb) too small for op(B) \(k)×\(n) (transposeB: \(transposeB))")
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 {
        gemmScale(m: m, n: n, beta: beta, c: c, ldc: ldc)
        return
    }
    if m * n * k < GEMMBlocking.smallProductLimit {
        gemmSmall(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                  a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    if n <= gemmThinColumnLimit {
        gemmThin(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: Parallel.threadCount)
        return
    }
    if m <= gemmThinColumnLimit {   // few rows: Cᵀ = op(B)ᵀ·op(A)ᵀ is thin
        gemmThin(transposeA: !transposeB, transposeB: !transposeA, m: n, n: m, k: k, alpha: alpha,
                 a: b, lda: ldb, b: a, ldb: lda, beta: beta, c: c, ldc: ldc, transposeC: true, threads: Parallel.threadCount)
        return
    }
    if k <= gemmShallowDepthLimit {   // rank-k update: stream C once
        gemmShallow(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                    a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: Parallel.threadCount)
        return
    }
    gemmBlocked(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
                threads: Parallel.threadCount)
}

extension Matrix {
    /// op(a)·op(b) scaled by `alpha`, where op transposes when asked. Shapes are checked.
    /// Computed by ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` (same accuracy).
    public static func product(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
    ) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        require(ka == kb, "Matrix.product: inner dimensions differ: op(A) is \(m)×\(ka), op(B) is \(kb)×\(n)")
        if m == 0 || n == 0 || ka == 0 { return Matrix(rows: m, columns: n) }
        // β = 0 makes gemm write every entry of C without reading it, so C starts uninitialised.
        return Matrix(rows: m, columns: n) { pc in
            a._storage.withUnsafeBufferPointer { pa in
                b._storage.withUnsafeBufferPointer { pb in
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: alpha,
                         a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                         beta: 0, c: pc, ldc: n)
                }
            }
        }
    }

    /// Matrix product. Shapes must agree (lhs.columns == rhs.rows).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }
}
