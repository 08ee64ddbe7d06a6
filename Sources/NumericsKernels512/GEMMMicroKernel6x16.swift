import CPUHints

/// The 512-bit register-tile kernel of the blocked GEMM, for processors with AVX-512F.
///
/// This module is compiled for a 512-bit target CPU, so it must only be entered after a run-time
/// check that the processor has AVX-512F (see `GEMMKernel.selected` in Numerics). It holds nothing
/// else: no globals or initialisers that could run on a processor without it.
///
/// It multiplies one packed micro-panel of op(A) (6 rows × kc, stored as kc columns of 6
/// consecutive values) by one packed micro-panel of op(B) (kc × 16, stored as kc rows of 16
/// consecutive values) into a 6×16 tile held in twelve `SIMD8<Double>` accumulators (of the 32
/// ZMM registers: 12 accumulators, 2 for the row of B, 1 broadcast of A).
///
/// Arithmetic contract (identical, entry for entry, to the 6×8 AVX2 kernel): each accumulator
/// entry is the fused-multiply-add chain acc ← fma(a_p, b_p, acc) over p = 0, 1, …, kc−1 starting
/// from 0; the tile is then written as `c ← alpha·acc + beta·c` (two roundings, no fusion), or
/// `c ← alpha·acc` when `beta == 0`, in which case `c` is not read. An entry therefore depends
/// only on its own row of A and column of B, and equals what the 6×8 kernel computes for it.
///
/// It mirrors the 6×8 kernel's loop on purpose: the two must be compiled for different target
/// CPUs, so they cannot share a generic body across the module boundary without the 512-bit code
/// leaking into the AVX2 module.
///
/// `c` points at the tile's first entry; rows are `ldc` apart and each row's 16 entries are
/// contiguous. `a` and `b` need no particular alignment.
@inline(never)
public func gemmMicroKernel6x16(
    kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    typealias V = SIMD8<Double>
    // A row of 16 doubles spans two or three cache lines; prefetch its first and last entry
    // (and the middle one) so the final update of C does not stall on memory.
    var row = c
    for _ in 0..<6 {
        cpu_prefetch_for_write(row)
        cpu_prefetch_for_write(row + 8)
        cpu_prefetch_for_write(row + 15)
        row += ldc
    }
    var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
    var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
    var pa = a, pb = b
    var p = kc
    while p > 0 {
        let b0 = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        let b1 = UnsafeRawPointer(pb + 8).loadUnaligned(as: V.self)
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
        pb += 16
        p -= 1
    }
    let va = V(repeating: alpha)
    @inline(__always) func store(_ row: Int, _ lo: V, _ hi: V) {
        let q = c + row * ldc
        if beta == 0 {
            UnsafeMutableRawPointer(q).storeBytes(of: va * lo, as: V.self)
            UnsafeMutableRawPointer(q + 8).storeBytes(of: va * hi, as: V.self)
        } else {
            let vb = V(repeating: beta)
            let old0 = UnsafeRawPointer(q).loadUnaligned(as: V.self)
            let old1 = UnsafeRawPointer(q + 8).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(q).storeBytes(of: va * lo + vb * old0, as: V.self)
            UnsafeMutableRawPointer(q + 8).storeBytes(of: va * hi + vb * old1, as: V.self)
        }
    }
    store(0, c00, c01); store(1, c10, c11); store(2, c20, c21)
    store(3, c30, c31); store(4, c40, c41); store(5, c50, c51)
}
