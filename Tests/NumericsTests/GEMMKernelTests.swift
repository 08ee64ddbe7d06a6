import Foundation
import Testing
@testable import Numerics

/// The 512-bit and AVX2 register tiles promise the same per-entry arithmetic (an fma chain over p
/// in order from 0 per depth block, then alpha·acc + beta·c), so the blocked product must be bit
/// for bit the same whichever kernel runs, on full and edge tiles alike.
@Suite struct GEMMKernelTests {
    @Test func dispatchReportsTheKernelItUses() {
        let selected = GEMMKernel.selected
        #expect(selected.isAvailable)
        #expect(GEMMKernel.avx2x6x8.isAvailable)
        #if arch(x86_64)
        // Whatever the processor, the choice must follow its AVX-512F report.
        #expect((selected == .avx512x6x16) == GEMMKernel.avx512x6x16.isAvailable)
        #else
        #expect(selected == .avx2x6x8)
        #endif
        print("gemm kernel: \(selected.rawValue)")
    }

    /// Skipped, and listed as skipped with the reason, on a processor without the AVX-512 features
    /// the wide kernel needs: there is then only one kernel, and nothing to compare it with.
    @Test(.enabled(if: GEMMKernel.avx512x6x16.isAvailable, "no AVX-512 (F, VL, BW, DQ) on this processor: only one kernel to compare"),
          arguments: [(1, 1, 1), (1, 37, 5), (37, 1, 9), (6, 16, 1), (7, 17, 3), (5, 15, 37), (12, 32, 8),
                      (13, 33, 36), (37, 37, 37), (18, 20, 2), (31, 9, 30), (130, 77, 260), (61, 130, 513)])
    func kernelsAgreeBitForBit(m: Int, n: Int, k: Int) throws {
        var stream = RandomStream(seed: UInt64(m * 10_000 + n * 100 + k), stream: 9)
        for t in GEMMCase.variants(m: m, n: n, k: k, stream: &stream) {
            let narrow = t.runBlocked(kernel: .avx2x6x8, threads: 1)
            for threads in [1, 2] {
                let wide = t.runBlocked(kernel: .avx512x6x16, threads: threads)
                #expect(GEMMCase.sameBits(narrow, wide), "\(t) threads=\(threads)")
            }
            // And both are right: the padding of C is untouched and no NaN survives.
            for i in 0..<m {
                for j in 0..<t.ldc {
                    let v = narrow[i * t.ldc + j]
                    if j >= n { #expect(v == GEMMCase.sentinel) } else { #expect(!v.isNaN) }
                }
            }
        }
    }
}
