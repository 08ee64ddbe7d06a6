import Foundation
import Testing
@testable import Numerics

/// The thin-product path (C with at most 8 columns or rows) promises the blocked path's results bit for
/// bit: the same fma chain per depth block of 256 terms and the same α·acc + β·c write. Compared
/// bitwise against `gemmBlocked` across transposes, α/β, strides, depth-block edges and thread
/// counts; and the comparison is shown to have teeth.
@Suite struct GEMMThinTests {
    func thin(_ t: GEMMCase, threads: Int) -> [Double] {
        t.run { pa, pb, pc in
            gemmThin(transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k, alpha: t.alpha,
                     a: pa, lda: t.lda, b: pb, ldb: t.ldb, beta: t.beta, c: pc, ldc: t.ldc, threads: threads)
        }
    }

    /// m spans one and several 64-row blocks; k spans one, exactly one and several depth blocks,
    /// with every remainder of the four-term steps of the transposed-A loop; n takes each vector
    /// width (2 lanes for n ≤ 2, 4 for n ≤ 4, else 8) at its full and partial fill.
    @Test(arguments: [(1, 1, 1), (5, 4, 3), (64, 8, 256), (65, 3, 257), (130, 4, 600), (300, 1, 513), (7, 7, 1024), (200, 5, 40),
                      (33, 2, 262), (9, 6, 7)])
    func thinIsBlockedBitForBit(m: Int, n: Int, k: Int) {
        var stream = RandomStream(seed: UInt64(m * 10_000 + n * 100 + k), stream: 11)
        for t in GEMMCase.variants(m: m, n: n, k: k, stream: &stream) {
            let blocked = t.runBlocked(threads: 1)
            for threads in [1, 2] {
                #expect(GEMMCase.sameBits(thin(t, threads: threads), blocked), "\(t) threads=\(threads)")
            }
            for i in 0..<m {
                for j in n..<t.ldc { #expect(blocked[i * t.ldc + j] == GEMMCase.sentinel) }
            }
        }
    }

    /// `gemm` takes the thin path for n ≤ 8 above the small-product limit, including on two
    /// threads (work above the parallel threshold), and still matches the blocked product.
    @Test func gemmDispatchesThinProductsAndAgrees() {
        var stream = RandomStream(seed: 3, stream: 11)
        let t = GEMMCase(m: 1024, n: 4, k: 700, transposeA: true, transposeB: false, alpha: 1, beta: 0, padding: 0, stream: &stream)
        #expect(t.m * t.n * t.k >= gemmThinParallelWork)
        let viaGemm = Parallel.withThreadCount(2) { t.runGEMM() }
        #expect(GEMMCase.sameBits(viaGemm, t.runBlocked(threads: 1)))
    }

    /// Few rows (m ≤ 8, e.g. a batch of inputs times a weight matrix): `gemm` writes Cᵀ = op(B)ᵀ·op(A)ᵀ
    /// through the thin path; still the blocked path's bits, and C's padding untouched.
    @Test(arguments: [(4, 512, 512), (1, 300, 170), (8, 65, 700), (3, 130, 257)])
    func fewRowsThroughGemmAreBlockedBitForBit(m: Int, n: Int, k: Int) {
        var stream = RandomStream(seed: UInt64(m * 10_000 + n * 100 + k), stream: 12)
        for t in GEMMCase.variants(m: m, n: n, k: k, stream: &stream) {
            #expect(t.m * t.n * t.k >= GEMMBlocking.smallProductLimit)
            for threads in [1, 2] {
                let viaGemm = Parallel.withThreadCount(threads) { t.runGEMM() }
                #expect(GEMMCase.sameBits(viaGemm, t.runBlocked(threads: 1)), "\(t) threads=\(threads)")
            }
        }
    }

    /// The bitwise comparison can fail: one fma chain over all k terms (no depth blocks) is a
    /// correct product to within γ_k, but not the blocked path's bits once k > 256.
    @Test func singleChainSummationIsCaught() {
        var stream = RandomStream(seed: 4, stream: 11)
        let t = GEMMCase(m: 40, n: 4, k: 700, transposeA: false, transposeB: false, alpha: 1, beta: 0, padding: 0, stream: &stream)
        var single = t.c
        for i in 0..<t.m {
            for j in 0..<t.n {
                var acc = 0.0
                for p in 0..<t.k { acc = acc.addingProduct(t.opA(i, p), t.opB(p, j)) }
                single[i * t.ldc + j] = acc
            }
        }
        #expect(!GEMMCase.sameBits(single, thin(t, threads: 1)))
    }
}
