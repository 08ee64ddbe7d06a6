/// The level-1 kernels the factorisations share (QR, LU, Cholesky, the eigen and SVD reductions):
/// SIMD4 loops with a summation order fixed by `count` alone, so results are reproducible; the
/// error of `dot` is the usual bound for a sum of `count` products, count·u·Σ|xᵢyᵢ|.
enum VectorKernels {
    /// Σ x[i]·y[i] for i < count, with four independent vector accumulators (the order of summation
    /// is fixed by `count`, so results are reproducible).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        while i + 16 <= count {
            let o = i * 8
            a0.addProduct(rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self),
                          ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self))
            a1.addProduct(rx.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self),
                          ry.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self))
            a2.addProduct(rx.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self),
                          ry.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self))
            a3.addProduct(rx.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self),
                          ry.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self))
            i += 16
        }
        while i + 4 <= count {
            a0.addProduct(rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self),
                          ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self))
            i += 4
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < count { s += x[i] * y[i]; i += 1 }
        return s
    }

    /// y[i] += a·x[i] for i < count.
    @inline(__always)
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        let av = SIMD4<Double>(repeating: a)
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        while i + 4 <= count {
            var v = ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            v.addProduct(av, rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self))
            ry.storeBytes(of: v, toByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        while i < count { y[i] += a * x[i]; i += 1 }
    }
}
