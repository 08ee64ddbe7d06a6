/// A plane rotation (c, s) with c² + s² = 1 that maps (f, g) to (r, 0):
///
///     [ c  s] [f]   [r]
///     [-s  c] [g] = [0]
///
/// r carries the sign of f (so c ≥ 0 when f ≠ 0). Accuracy: c, s, r within a few ulps; no overflow
/// or harmful underflow for any finite f, g (the sum of squares is only formed when it is safe).
@inline(__always)
func givensRotation(_ f: Double, _ g: Double) -> (c: Double, s: Double, r: Double) {
    if g == 0 { return (1, 0, f) }
    if f == 0 { return (0, 1, g) }
    let t = f * f + g * g
    // The plain formula is exact to rounding when t is a normal number well inside the range.
    let r0 = (t > 0x1p-1000 && t < 0x1p1000) ? t.squareRoot() : hypotSafe(f, g)
    let r = f < 0 ? -r0 : r0
    return (f / r, g / r, r)
}

/// sqrt(a² + b²) without overflow or underflow (scaled by the larger magnitude).
@inline(__always)
func hypotSafe(_ a: Double, _ b: Double) -> Double {
    let x = Swift.abs(a), y = Swift.abs(b)
    let big = Swift.max(x, y), small = Swift.min(x, y)
    if big == 0 { return 0 }
    let q = small / big
    return big * (1 + q * q).squareRoot()
}

/// Rotation sweeps recorded by an iterative eigen- or singular-value algorithm, to be applied later
/// to the rows of a matrix of vectors.
///
/// Rotation k of a sweep, at row index i, replaces rows (i, i+1) of the target by
/// (c·xᵢ + s·xᵢ₊₁, c·xᵢ₊₁ − s·xᵢ). A *forward* sweep applies its rotations at i = start, start+1, …;
/// a *backward* sweep at i = start + count − 1, …, start. Recording first and applying afterwards
/// lets the application run column block by column block, each block staying in cache for all
/// sweeps, and lets the blocks run on several threads (they are independent).
struct RotationSweeps {
    private(set) var starts: [Int] = []
    private(set) var counts: [Int] = []
    private(set) var forward: [Bool] = []
    /// c and s interleaved, sweep after sweep, in application order.
    private(set) var cosSin: [Double] = []

    var isEmpty: Bool { starts.isEmpty }

    /// Opens a sweep whose rotations will be appended with `append(c:s:)` in application order.
    mutating func beginSweep(start: Int, forward isForward: Bool) {
        starts.append(start)
        counts.append(0)
        forward.append(isForward)
    }

    @inline(__always)
    mutating func append(c: Double, s: Double) {
        cosSin.append(c)
        cosSin.append(s)
        counts[counts.count - 1] += 1
    }

    /// Applies every recorded sweep, in order, to the rows of the row-major `rows`×`columns` matrix
    /// at `target` (row stride `columns`). Rows not touched by any rotation are unchanged.
    ///
    /// Work: 6 flops per rotation and column. Columns are processed in packed blocks of
    /// `blockWidth` that fit in the L2 cache; blocks are shared between two threads when the work
    /// is large. The result does not depend on the number of threads (blocks are independent and
    /// each entry sees the same operations in the same order).
    func apply(to target: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        if starts.isEmpty || rows == 0 || columns == 0 { return }
        let blockWidth = 32
        let blocks = (columns + blockWidth - 1) / blockWidth
        let work = Double(cosSin.count / 2) * Double(columns)
        let threads = (work > 2e6 && blocks > 1) ? 2 : 1
        let shared = RotationTargetPointer(base: target)
        self.cosSin.withUnsafeBufferPointer { cs in
            let csShared = RotationDataPointer(base: cs.baseAddress!)
            let body: @Sendable (Int) -> Void = { t in
                let packed = UnsafeMutablePointer<Double>.allocate(capacity: rows * blockWidth)
                defer { packed.deallocate() }
                var b = t
                while b < blocks {
                    let j0 = b * blockWidth
                    let w = Swift.min(blockWidth, columns - j0)
                    // Pack the column block contiguously (zero padded to the full width).
                    for i in 0..<rows {
                        let src = shared.base + i * columns + j0
                        let dst = packed + i * blockWidth
                        for j in 0..<w { dst[j] = src[j] }
                        for j in w..<blockWidth { dst[j] = 0 }
                    }
                    self.applyToPackedBlock(packed, rows: rows, cosSin: csShared.base)
                    for i in 0..<rows {
                        let dst = shared.base + i * columns + j0
                        let src = packed + i * blockWidth
                        for j in 0..<w { dst[j] = src[j] }
                    }
                    b += threads
                }
            }
            if threads == 1 {
                body(0)
            } else {
                Parallel.forEach(count: threads, body)
            }
        }
    }

    /// All sweeps applied to one packed block of width 32. Within a sweep consecutive rotations
    /// share a row, so that row is carried in registers (4 × SIMD8) from one rotation to the next:
    /// each rotation then loads and stores one row instead of two.
    private func applyToPackedBlock(_ p: UnsafeMutablePointer<Double>, rows: Int, cosSin: UnsafePointer<Double>) {
        typealias V = SIMD8<Double>
        let raw = UnsafeMutableRawPointer(p)
        @inline(__always) func load(_ row: Int) -> (V, V, V, V) {
            let o = row * 256
            return (raw.loadUnaligned(fromByteOffset: o, as: V.self),
                    raw.loadUnaligned(fromByteOffset: o + 64, as: V.self),
                    raw.loadUnaligned(fromByteOffset: o + 128, as: V.self),
                    raw.loadUnaligned(fromByteOffset: o + 192, as: V.self))
        }
        @inline(__always) func store(_ row: Int, _ x: (V, V, V, V)) {
            let o = row * 256
            raw.storeBytes(of: x.0, toByteOffset: o, as: V.self)
            raw.storeBytes(of: x.1, toByteOffset: o + 64, as: V.self)
            raw.storeBytes(of: x.2, toByteOffset: o + 128, as: V.self)
            raw.storeBytes(of: x.3, toByteOffset: o + 192, as: V.self)
        }
        @inline(__always) func rotate(_ c: V, _ s: V, _ x: (V, V, V, V), _ y: (V, V, V, V))
            -> (first: (V, V, V, V), second: (V, V, V, V))
        {
            // Explicit fused multiply-adds: Swift does not contract a·b + c·d by itself.
            let t = -s
            return (((c * x.0).addingProduct(s, y.0), (c * x.1).addingProduct(s, y.1),
                     (c * x.2).addingProduct(s, y.2), (c * x.3).addingProduct(s, y.3)),
                    ((c * y.0).addingProduct(t, x.0), (c * y.1).addingProduct(t, x.1),
                     (c * y.2).addingProduct(t, x.2), (c * y.3).addingProduct(t, x.3)))
        }
        var offset = 0
        var sweep = 0
        while sweep < starts.count {
            let start = starts[sweep], count = counts[sweep]
            let cs = cosSin + offset
            if count == 0 { sweep += 1; continue }
            if forward[sweep] {
                // Rotation k acts on rows (start+k, start+k+1); row start+k+1 is carried.
                var x = load(start)
                for k in 0..<count {
                    let r = rotate(V(repeating: cs[2 * k]), V(repeating: cs[2 * k + 1]), x, load(start + k + 1))
                    store(start + k, r.first)
                    x = r.second
                }
                store(start + count, x)
            } else {
                // Rotation k acts on rows (i, i+1) with i = start+count−1−k; row i is carried.
                var y = load(start + count)
                for k in 0..<count {
                    let i = start + count - 1 - k
                    let r = rotate(V(repeating: cs[2 * k]), V(repeating: cs[2 * k + 1]), load(i), y)
                    store(i + 1, r.second)
                    y = r.first
                }
                store(start, y)
            }
            offset += 2 * count
            sweep += 1
        }
    }
}

/// A raw pointer handed to worker threads. Safety: the threads write disjoint column blocks.
fileprivate struct RotationTargetPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// A read-only raw pointer handed to worker threads; nobody writes through it while they run.
fileprivate struct RotationDataPointer: @unchecked Sendable {
    let base: UnsafePointer<Double>
}
