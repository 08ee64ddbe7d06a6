import CPUHints

/// The register-tile kernel of the blocked GEMM.
///
/// It multiplies one packed micro-panel of op(A) (`GEMMBlocking.mr` rows × kc, stored as kc
/// columns of `mr` consecutive values) by one packed micro-panel of op(B) (kc × `nr`, stored as kc
/// rows of `nr` consecutive values) into an `mr`×`nr` tile held in twelve `SIMD4<Double>`
/// accumulators (of the 16 YMM registers: 12 accumulators, 2 for the row of B, 1 broadcast of A).
/// Each accumulator entry is the fused-multiply-add chain acc ← fma(a_p, b_p, acc) over
/// p = 0, 1, …, kc−1 starting from 0, so an entry of the tile depends only on its own row of A and
/// column of B, never on where the tile sits or which thread computes it.
///
/// The tile is then written as `c ← alpha·acc + beta·c` (two roundings, no fusion), or
/// `c ← alpha·acc` when `beta == 0`, in which case `c` is not read.
///
/// The kernel first prefetches the tile of C (both cache lines of each row, since a row of eight
/// doubles need not be line-aligned): its kc-step loop then hides the memory latency that the
/// final update of C would otherwise stall on (measured: ~17% of single-thread time at n = 1024).
@inline(__always)
func gemmMicroKernel(
    kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    typealias V = SIMD4<Double>
    var row = c
    for _ in 0..<6 {
        cpu_prefetch_for_write(row)
        cpu_prefetch_for_write(row + 7)
        row += ldc
    }
    var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
    var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
    var pa = a, pb = b
    var p = kc
    while p > 0 {
        let b0 = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        let b1 = UnsafeRawPointer(pb + 4).loadUnaligned(as: V.self)
        var x = V(repeating: pa[0])
        c00.addProduct(x, b0); c01.addProduct(x, b1)
        x = V(repeating: pa[1])
        c10.addProduct(x, b0); c11.addProduct(x, b1)
        x = V(repeating: pa[2])
        c20.addProduct(x, b0); c21.addProduct(x, b1)
        x = V(repeating: pa[3])
        c30.addProduct(x, b0); c31.addProduct(x, b1)
        x = V(repeating: pa[4])
        c40.addProduct(x, b0); c41.addProduct(x, b1)
        x = V(repeating: pa[5])
        c50.addProduct(x, b0); c51.addProduct(x, b1)
        pa += 6
        pb += 8
        p -= 1
    }
    let va = V(repeating: alpha)
    @inline(__always) func store(_ row: Int, _ lo: V, _ hi: V) {
        let q = c + row * ldc
        if beta == 0 {
            UnsafeMutableRawPointer(q).storeBytes(of: va * lo, as: V.self)
            UnsafeMutableRawPointer(q + 4).storeBytes(of: va * hi, as: V.self)
        } else {
            let vb = V(repeating: beta)
            let old0 = UnsafeRawPointer(q).loadUnaligned(as: V.self)
            let old1 = UnsafeRawPointer(q + 4).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(q).storeBytes(of: va * lo + vb * old0, as: V.self)
            UnsafeMutableRawPointer(q + 4).storeBytes(of: va * hi + vb * old1, as: V.self)
        }
    }
    store(0, c00, c01); store(1, c10, c11); store(2, c20, c21)
    store(3, c30, c31); store(4, c40, c41); store(5, c50, c51)
}
