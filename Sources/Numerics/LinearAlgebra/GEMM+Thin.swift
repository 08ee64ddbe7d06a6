/// C ← α·op(A)·op(B) + β·C for thin products: C has at most ``gemmThinColumnLimit`` columns
/// (a weight matrix times a small batch of vectors, as in training a network on a few inputs).
/// With `transposeC` the product is written to the transpose of the m×n C: entry (i, j) at
/// c[j·ldc + i]. `gemm` uses this for C with few *rows*, as Cᵀ = op(B)ᵀ·op(A)ᵀ: the products
/// b·a equal a·b exactly and are summed in the same order, so the bits are still the blocked
/// path's.
///
/// The blocked path would pack all of op(A) — as much memory traffic as the product itself — and
/// run a register tile at least 8 columns wide, so for n = 4 most of its multiply-adds fall on
/// padding. Here op(B) is copied once into a zero-padded k×w scratch (w = 2, 4 or 8) and op(A)
/// is streamed straight from memory: four rows at a time (four independent fma chains), or, when
/// transposed, four of its rows per visit of a block of accumulators. Measured on
/// `theorycheck check NTK-CONSTANT` at ci (gradient descent on 4 inputs, widths 32–512, whose
/// forward and backward products are 4×n by n×n): 69 → 50 s of CPU against the blocked path,
/// then 61 → 46 s with the narrower vectors and the four-row visits; identical results.
///
/// Same results as the blocked path, bit for bit: every entry is summed in the blocked path's
/// order — depth blocks of `GEMMBlocking.kc` terms, each a fused-multiply-add chain over p
/// ascending from 0, written as α·acc + β·c for the first block and α·acc + c for the others (two
/// roundings, no fusion) — so choosing this path never changes a result (`GEMMThinTests` compares
/// the two bitwise). Rows of C are split among threads; each entry's operations do not depend on
/// the split.
///
/// The rows of B and the accumulators are as wide as the product needs — two, four or eight
/// lanes — so a product with n ≤ 4 columns does not spend half its multiply-adds on padding.
/// Lane j's operations are the same at every width, so the width never changes a result.
func gemmThin(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
    transposeC: Bool = false, threads: Int
) {
    precondition(n >= 1 && n <= gemmThinColumnLimit && m >= 1 && k >= 1)
    if n <= 2 {
        gemmThin(SIMD2<Double>.self, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, transposeC: transposeC, threads: threads)
    } else if n <= 4 {
        gemmThin(SIMD4<Double>.self, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, transposeC: transposeC, threads: threads)
    } else {
        gemmThin(SIMD8<Double>.self, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, transposeC: transposeC, threads: threads)
    }
}

/// ``gemmThin`` with rows of B held in vectors of type `V` (at least n lanes).
@inline(__always)
private func gemmThin<V: SIMD>(
    _ vector: V.Type, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
    transposeC: Bool, threads: Int
) where V.Scalar == Double {
    precondition(n <= V.scalarCount)
    let packed = UnsafeMutablePointer<V>.allocate(capacity: k)
    defer { packed.deallocate() }
    for p in 0..<k {
        var row = V()
        for j in 0..<n { row[j] = transposeB ? b[j * ldb + p] : b[p * ldb + j] }
        packed[p] = row
    }
    let bRows = UnsafePointer(packed)
    let kc = GEMMBlocking.kc

    // Entry (i, j) of the product lives at c[i·ldc + j], or at c[j·ldc + i] when C is stored transposed.
    let rowStep = transposeC ? 1 : ldc, columnStep = transposeC ? ldc : 1
    /// Writes row i of the product from the accumulator of a depth block (the first applies β).
    @inline(__always) func store(_ acc: V, row i: Int, first: Bool) {
        let q = c + i * rowStep
        for j in 0..<n {
            let entry = q + j * columnStep
            if first {
                entry.pointee = beta == 0 ? alpha * acc[j] : alpha * acc[j] + beta * entry.pointee
            } else {
                entry.pointee = alpha * acc[j] + entry.pointee
            }
        }
    }

    // Row blocks: 64 rows each (the accumulators of a transposed block fit in 4 KiB).
    let blockRows = 64
    let blocks = (m + blockRows - 1) / blockRows
    let work = m * k * n
    let useThreads = work >= gemmThinParallelWork ? threads : 1
    Parallel.forEach(count: blocks, threads: useThreads) { block in
        let i0 = block * blockRows, i1 = Swift.min(m, i0 + blockRows)
        if !transposeA {
            // Four rows at a time: four independent fma chains (one chain alone waits on the
            // fma latency every step) sharing each loaded row of B.
            var i = i0
            while i + 4 <= i1 {
                let r0 = a + i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda
                var p0 = 0
                while p0 < k {
                    let p1 = Swift.min(k, p0 + kc)
                    var acc0 = V(), acc1 = V(), acc2 = V(), acc3 = V()
                    for p in p0..<p1 {
                        let bp = bRows[p]
                        acc0.addProduct(V(repeating: r0[p]), bp)
                        acc1.addProduct(V(repeating: r1[p]), bp)
                        acc2.addProduct(V(repeating: r2[p]), bp)
                        acc3.addProduct(V(repeating: r3[p]), bp)
                    }
                    store(acc0, row: i, first: p0 == 0); store(acc1, row: i + 1, first: p0 == 0)
                    store(acc2, row: i + 2, first: p0 == 0); store(acc3, row: i + 3, first: p0 == 0)
                    p0 = p1
                }
                i += 4
            }
            while i < i1 {
                let rowA = a + i * lda
                var p0 = 0
                while p0 < k {
                    let p1 = Swift.min(k, p0 + kc)
                    var acc = V()
                    for p in p0..<p1 { acc.addProduct(V(repeating: rowA[p]), bRows[p]) }
                    store(acc, row: i, first: p0 == 0)
                    p0 = p1
                }
                i += 1
            }
        } else {
            withUnsafeTemporaryAllocation(of: V.self, capacity: blockRows) { scratch in
                let acc = scratch.baseAddress!
                var p0 = 0
                while p0 < k {
                    let p1 = Swift.min(k, p0 + kc)
                    for r in 0..<(i1 - i0) { acc[r] = V() }
                    // Four terms per visit of an accumulator, still in p order: a quarter of the
                    // accumulator loads and stores, which otherwise bound this loop.
                    var p = p0
                    while p + 4 <= p1 {
                        let b0 = bRows[p], b1 = bRows[p + 1], b2 = bRows[p + 2], b3 = bRows[p + 3]
                        let r0 = a + p * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda
                        for i in i0..<i1 {
                            var x = acc[i - i0]
                            x.addProduct(V(repeating: r0[i]), b0)
                            x.addProduct(V(repeating: r1[i]), b1)
                            x.addProduct(V(repeating: r2[i]), b2)
                            x.addProduct(V(repeating: r3[i]), b3)
                            acc[i - i0] = x
                        }
                        p += 4
                    }
                    while p < p1 {
                        let bp = bRows[p]
                        let column = a + p * lda
                        for i in i0..<i1 { acc[i - i0].addProduct(V(repeating: column[i]), bp) }
                        p += 1
                    }
                    for i in i0..<i1 { store(acc[i - i0], row: i, first: p0 == 0) }
                    p0 = p1
                }
            }
        }
    }
}

/// Products whose C has at most this many columns take ``gemmThin``.
let gemmThinColumnLimit = 8
/// Below this many multiply-adds a thin product runs on the calling thread (waking a helper
/// costs 50–300 µs on this machine, about 10⁶ multiply-adds).
let gemmThinParallelWork = 1 << 21
