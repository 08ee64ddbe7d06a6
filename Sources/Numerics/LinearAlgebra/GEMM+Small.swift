/// C ← β·C for the cases where the product term vanishes (k = 0 or α = 0); C ← 0 when β = 0, so
/// a C holding NaN is overwritten, as `gemm` documents.
func gemmScale(m: Int, n: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 {
            row.update(repeating: 0, count: n)
        } else if beta != 1 {
            for j in 0..<n { row[j] = beta * row[j] }
        }
    }
}

/// Unpacked, single-threaded C ← α·op(A)·op(B) + β·C for small products (m·n·k below
/// `GEMMBlocking.smallProductLimit`), where packing and thread start-up would dominate.
///
/// Row i of the product is accumulated in a scratch row as Σ_p op(A)[i,p]·op(B)[p,·] (fused
/// multiply-adds, p ascending), then written as α·acc + β·C (C not read when β = 0).
func gemmSmall(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { scratch in
        let acc = scratch.baseAddress!
        for i in 0..<m {
            acc.update(repeating: 0, count: n)
            for p in 0..<k {
                let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                if transposeB {
                    for j in 0..<n { acc[j] = acc[j].addingProduct(aip, b[j * ldb + p]) }
                } else {
                    let row = b + p * ldb
                    for j in 0..<n { acc[j] = acc[j].addingProduct(aip, row[j]) }
                }
            }
            let row = c + i * ldc
            if beta == 0 {
                for j in 0..<n { row[j] = alpha * acc[j] }
            } else {
                for j in 0..<n { row[j] = alpha * acc[j] + beta * row[j] }
            }
        }
    }
}
