import Testing
@testable import Numerics

/// The small-product path (and the shallow one built on it) promises, bit for bit, one fused-multiply-add chain per entry over all k
/// terms (p ascending from 0) written as α·acc + β·c. Its register blocking (sixteen, then four
/// columns at a time, then single ones) and its copies of op(A)'s row and of a transposed op(B)
/// must not change any operation: compared bitwise against the plain chain across transposes,
/// α/β, strides and every column remainder; and the comparison is shown to have teeth.
@Suite struct GEMMSmallTests {
    /// The contract, written as the plainest loop.
    func chain(_ t: GEMMCase, reversed: Bool = false) -> [Double] {
        var out = t.c
        for i in 0..<t.m {
            for j in 0..<t.n {
                var acc = 0.0
                for p in 0..<t.k {
                    let q = reversed ? t.k - 1 - p : p
                    acc = acc.addingProduct(t.opA(i, q), t.opB(q, j))
                }
                let index = i * t.ldc + j
                out[index] = t.beta == 0 ? t.alpha * acc : t.alpha * acc + t.beta * t.c[index]
            }
        }
        return out
    }

    func small(_ t: GEMMCase) -> [Double] {
        t.run { pa, pb, pc in
            gemmSmall(transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k, alpha: t.alpha,
                      a: pa, lda: t.lda, b: pb, ldb: t.ldb, beta: t.beta, c: pc, ldc: t.ldc)
        }
    }

    /// n covers 1–3 (single columns only), 4–15 (SIMD4 and remainders) and 16–37 (the 16-wide
    /// blocks); k includes 1 and k > 256 (one chain, no depth blocks).
    @Test(arguments: [(1, 1, 1), (3, 2, 7), (7, 5, 9), (2, 16, 8), (31, 31, 31), (5, 37, 170), (8, 19, 12), (2, 3, 300)])
    func smallIsThePlainChainBitForBit(m: Int, n: Int, k: Int) {
        var stream = RandomStream(seed: UInt64(m * 10_000 + n * 100 + k), stream: 13)
        #expect(m * n * k < GEMMBlocking.smallProductLimit)
        for t in GEMMCase.variants(m: m, n: n, k: k, stream: &stream) {
            let expected = chain(t)
            #expect(GEMMCase.sameBits(small(t), expected), "\(t)")
            // gemm picks this path below the limit.
            #expect(GEMMCase.sameBits(t.runGEMM(), expected), "\(t) through gemm")
            // β = 0: C held NaN and is not read; the padding is untouched.
            let out = small(t)
            for i in 0..<m {
                for j in 0..<n where t.beta == 0 { #expect(out[i * t.ldc + j].isFinite) }
                for j in n..<t.ldc { #expect(out[i * t.ldc + j] == GEMMCase.sentinel) }
            }
        }
    }

    /// Up to 256 terms the plain chain is also the blocked path's (one depth block), so the two
    /// paths agree exactly where `gemm` switches between them.
    @Test func smallMatchesBlockedWithinOneDepthBlock() {
        var stream = RandomStream(seed: 5, stream: 13)
        for transposeB in [false, true] {
            let t = GEMMCase(m: 20, n: 24, k: 60, transposeA: false, transposeB: transposeB, alpha: 1.5, beta: 0.5,
                             padding: 1, stream: &stream)
            #expect(GEMMCase.sameBits(small(t), t.runBlocked(threads: 1)))
        }
    }

    /// Shallow products above the small limit (rank-k updates, k ≤ 16) go through `gemm`'s shallow
    /// path, on one thread or several (512·512·8 is above the parallel threshold), and give the
    /// blocked path's bits; C's padding is untouched.
    @Test(arguments: [(512, 512, 4), (512, 512, 8), (300, 70, 16), (1000, 33, 1), (9, 250, 16), (64, 64, 9)])
    func shallowProductsThroughGemmAreBlockedBitForBit(m: Int, n: Int, k: Int) {
        var stream = RandomStream(seed: UInt64(m * 10_000 + n * 100 + k), stream: 14)
        #expect(m * n * k >= GEMMBlocking.smallProductLimit && k <= gemmShallowDepthLimit)
        for t in GEMMCase.variants(m: m, n: n, k: k, stream: &stream) {
            let blocked = t.runBlocked(threads: 1)
            for threads in [1, 2] {
                let viaGemm = Parallel.withThreadCount(threads) { t.runGEMM() }
                #expect(GEMMCase.sameBits(viaGemm, blocked), "\(t) threads=\(threads)")
            }
        }
    }

    /// The bitwise comparison can fail: the same products summed in the opposite order are a
    /// correct product to within γ_k, but not the chain's bits.
    @Test func aDifferentSummationOrderIsCaught() {
        var stream = RandomStream(seed: 6, stream: 13)
        let t = GEMMCase(m: 12, n: 20, k: 50, transposeA: false, transposeB: true, alpha: 1, beta: 0, padding: 0, stream: &stream)
        #expect(!GEMMCase.sameBits(chain(t, reversed: true), small(t)))
    }
}
