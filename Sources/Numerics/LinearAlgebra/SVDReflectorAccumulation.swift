/// A sequence of Householder reflectors Hₖ = I − τₖ·vₖ·vₖᵀ, each acting on rows
/// rowStart(k)..<rowStart(k)+length(k) of an `order`×`order` identity, and the product
/// P = H₀·H₁·…·H_{K−1} restricted to its first `columns` columns.
///
/// `formTransposed` returns Pᵀ (first `columns` rows) in row-major order: row j is column j of P.
/// The product is accumulated backwards, P·E = H₀(H₁(…(H_{K−1}·E))), on packed column blocks of
/// width 32 that stay in cache while every reflector is applied to them; blocks are independent
/// and shared between two threads. Each column is transformed by the same operations in the same
/// order whatever the threading, so results are deterministic. Backward error: each column of the
/// result is the exact product of reflectors within c·K·ε, i.e. Pᵀ is orthogonal to ~c·K·ε.
struct ReflectorProduct {
    let order: Int
    /// Packed vectors, vector k at `vectorOffsets[k]` with `lengths[k]` entries (first entry 1).
    var vectors: [Double] = []
    var vectorOffsets: [Int] = []
    var rowStarts: [Int] = []
    var lengths: [Int] = []
    var taus: [Double] = []

    init(order: Int) { self.order = order }

    /// Appends reflector k = count (reflectors must be appended in product order H₀, H₁, …).
    mutating func append(rowStart: Int, tau: Double, vector: UnsafePointer<Double>, stride: Int, length: Int) {
        vectorOffsets.append(vectors.count)
        rowStarts.append(rowStart)
        lengths.append(length)
        taus.append(tau)
        vectors.append(1)
        for i in 1..<Swift.max(length, 1) { vectors.append(vector[i * stride]) }
    }

    /// Pᵀ restricted to its first `columns` rows (a `columns`×`order` row-major buffer).
    func formTransposed(columns: Int) -> [Double] {
        let n = order
        var out = LargeBuffer.make(count: columns * n, repeating: 0)
        if columns == 0 || n == 0 { return out }
        let width = 32
        let blocks = (columns + width - 1) / width
        let threads = (n >= 128 && blocks > 1) ? 2 : 1
        out.withUnsafeMutableBufferPointer { ob in
            vectors.withUnsafeBufferPointer { vb in
                let outShared = ReflectorTargetPointer(base: ob.baseAddress!)
                let vecShared = ReflectorVectorPointer(base: vb.baseAddress!)
                let body: @Sendable (Int) -> Void = { t in
                    let packed = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                    defer { packed.deallocate() }
                    var b = t
                    while b < blocks {
                        let j0 = b * width
                        let w = Swift.min(width, columns - j0)
                        packed.initialize(repeating: 0, count: n * width)
                        for j in 0..<w where j0 + j < n { packed[(j0 + j) * width + j] = 1 }
                        self.applyAll(to: packed, firstColumn: j0, vectors: vecShared.base)
                        // Column j0+j of P becomes row j0+j of the output.
                        for j in 0..<w {
                            let dst = outShared.base + (j0 + j) * n
                            for i in 0..<n { dst[i] = packed[i * width + j] }
                        }
                        b += threads
                    }
                }
                Parallel.forEach(count: threads, body)
            }
        }
        return out
    }

    /// Applies H_{K−1}, …, H₀ (in that order) to the packed n×32 block holding columns
    /// firstColumn..<firstColumn+32 of the partial product.
    private func applyAll(to p: UnsafeMutablePointer<Double>, firstColumn: Int, vectors: UnsafePointer<Double>) {
        typealias V = SIMD4<Double>
        let raw = UnsafeMutableRawPointer(p)
        for k in stride(from: taus.count - 1, through: 0, by: -1) {
            let tau = taus[k]
            let r0 = rowStarts[k], len = lengths[k]
            // Columns of the partial product left of r0 are still unit vectors eⱼ with j < r0,
            // which vanish on rows ≥ r0: Hₖ leaves them unchanged, so skip blocks entirely left of r0.
            if tau == 0 || len == 0 || firstColumn + 32 <= r0 { continue }
            let v = vectors + vectorOffsets[k]
            var w0 = V(), w1 = V(), w2 = V(), w3 = V(), w4 = V(), w5 = V(), w6 = V(), w7 = V()
            for i in 0..<len {
                let vi = V(repeating: v[i])
                let o = (r0 + i) * 256
                w0.addProduct(vi, raw.loadUnaligned(fromByteOffset: o, as: V.self))
                w1.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 32, as: V.self))
                w2.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 64, as: V.self))
                w3.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 96, as: V.self))
                w4.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 128, as: V.self))
                w5.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 160, as: V.self))
                w6.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 192, as: V.self))
                w7.addProduct(vi, raw.loadUnaligned(fromByteOffset: o + 224, as: V.self))
            }
            let mt = V(repeating: -tau)
            w0 *= mt; w1 *= mt; w2 *= mt; w3 *= mt; w4 *= mt; w5 *= mt; w6 *= mt; w7 *= mt
            for i in 0..<len {
                let vi = V(repeating: v[i])
                let o = (r0 + i) * 256
                @inline(__always) func upd(_ off: Int, _ w: V) {
                    var x = raw.loadUnaligned(fromByteOffset: o + off, as: V.self)
                    x.addProduct(vi, w)
                    raw.storeBytes(of: x, toByteOffset: o + off, as: V.self)
                }
                upd(0, w0); upd(32, w1); upd(64, w2); upd(96, w3)
                upd(128, w4); upd(160, w5); upd(192, w6); upd(224, w7)
            }
        }
    }
}

/// The output buffer handed to worker threads. Safety: threads write disjoint rows of it.
private struct ReflectorTargetPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// The packed vectors handed to worker threads; read-only while they run.
private struct ReflectorVectorPointer: @unchecked Sendable {
    let base: UnsafePointer<Double>
}
