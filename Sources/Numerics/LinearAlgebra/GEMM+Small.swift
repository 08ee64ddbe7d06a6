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

/// Single-threaded C ← α·op(A)·op(B) + β·C for small products (m·n·k below
/// `GEMMBlocking.smallProductLimit`), where packing into micro-panels and thread start-up would
/// dominate.
///
/// Entry (i, j) is one fused-multiply-add chain acc ← fma(op(A)[i,p], op(B)[p,j], acc) over p
/// ascending from acc = 0 (all k terms, no depth blocks), written as α·acc + β·C[i,j] (two
/// roundings, no fusion; C not read when β = 0). Row i of op(A) is copied to a scratch row and,
/// when B is transposed, op(B) to k contiguous rows, so that sixteen columns of a row are
/// accumulated at once in four SIMD registers. The copies do not change any operation, so the
/// results are those of the plain triple loop bit for bit (`GEMMSmallTests`). The scalar loop it
/// replaced read a transposed B with a stride per term; on `theorycheck check DL-PHASE` (deep
/// linear gradient descent on 8 examples, whose weight gradient G·Hᵀ is such a product) the claim
/// went from 27 to 16 s with the same verdicts (2026-12-07, two cores).
func gemmSmall(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    typealias V = SIMD4<Double>
    withUnsafeTemporaryAllocation(of: Double.self, capacity: k + (transposeB ? k * n : 0)) { scratch in
        let aRow = scratch.baseAddress!
        // op(B)[p, j] is bRows[p * bStride + j].
        let bRows: UnsafePointer<Double>, bStride: Int
        if transposeB {
            let packed = aRow + k
            for p in 0..<k {
                for j in 0..<n { packed[p * n + j] = b[j * ldb + p] }
            }
            bRows = UnsafePointer(packed); bStride = n
        } else {
            bRows = b; bStride = ldb
        }
        let va = V(repeating: alpha), vb = V(repeating: beta)
        @inline(__always) func write(_ acc: V, _ entry: UnsafeMutablePointer<Double>) {
            let raw = UnsafeMutableRawPointer(entry)
            if beta == 0 {
                raw.storeBytes(of: va * acc, as: V.self)
            } else {
                raw.storeBytes(of: va * acc + vb * raw.loadUnaligned(as: V.self), as: V.self)
            }
        }
        @inline(__always) func load(_ p: UnsafePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        for i in 0..<m {
            for p in 0..<k { aRow[p] = transposeA ? a[p * lda + i] : a[i * lda + p] }
            let row = c + i * ldc
            var j = 0
            while j + 16 <= n {
                var s0 = V(), s1 = V(), s2 = V(), s3 = V()
                var bp = bRows + j
                for p in 0..<k {
                    let x = V(repeating: aRow[p])
                    s0.addProduct(x, load(bp)); s1.addProduct(x, load(bp + 4))
                    s2.addProduct(x, load(bp + 8)); s3.addProduct(x, load(bp + 12))
                    bp += bStride
                }
                write(s0, row + j); write(s1, row + j + 4); write(s2, row + j + 8); write(s3, row + j + 12)
                j += 16
            }
            while j + 4 <= n {
                var s = V()
                var bp = bRows + j
                for p in 0..<k {
                    s.addProduct(V(repeating: aRow[p]), load(bp))
                    bp += bStride
                }
                write(s, row + j)
                j += 4
            }
            while j < n {
                var s = 0.0
                for p in 0..<k { s = s.addingProduct(aRow[p], bRows[p * bStride + j]) }
                row[j] = beta == 0 ? alpha * s : alpha * s + beta * row[j]
                j += 1
            }
        }
    }
}

/// Products of depth at most this many terms (rank-k updates, such as a weight gradient over a
/// few examples) take ``gemmShallow``.
let gemmShallowDepthLimit = 16

/// C ← α·op(A)·op(B) + β·C for shallow products (k ≤ ``gemmShallowDepthLimit``) of any size: the
/// small-product kernel on blocks of rows, on several threads when the work is large.
///
/// The blocked path would pack both factors and run its register tile over a depth of only k,
/// with C loaded and stored once per tile either way: for k = 4 (a 512×512 weight update from
/// four examples) most of its time is overhead. Here C is streamed once, sixteen columns at a
/// time. Same results as the blocked path, bit for bit: with k ≤ 256 the blocked path sums each
/// entry in one depth block — the fma chain over p ascending from 0, written as α·acc + β·c —
/// which is exactly ``gemmSmall``'s contract (`GEMMSmallTests` compares the paths bitwise).
func gemmShallow(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
) {
    precondition(k >= 1 && k <= gemmShallowDepthLimit && k <= GEMMBlocking.kc)
    let useThreads = m * n * k >= gemmThinParallelWork && m >= 2 * threads ? threads : 1
    let blocks = Parallel.partition(m, parts: useThreads == 1 ? 1 : 2 * useThreads)
    let sharedA = UnsafeSendablePointer(a), sharedB = UnsafeSendablePointer(b), sharedC = UnsafeSendableMutablePointer(c)
    Parallel.forEach(count: blocks.count, threads: useThreads) { block in
        let rows = blocks[block]
        // Rows i0..<i1 of op(A): columns of the stored A when it is transposed, rows otherwise.
        let aBlock = sharedA.base + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
        gemmSmall(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, alpha: alpha,
                  a: aBlock, lda: lda, b: sharedB.base, ldb: ldb, beta: beta,
                  c: sharedC.base + rows.lowerBound * ldc, ldc: ldc)
    }
}
