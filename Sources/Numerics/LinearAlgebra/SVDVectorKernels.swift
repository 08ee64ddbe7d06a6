/// Small pieces shared by the symmetric eigensolver and the SVD: the reflector, exact power-of-two
/// scaling, and running two independent stages side by side. (Their dot and axpy loops are the
/// shared `VectorKernels` in Core.)

/// A Householder reflector H = I − τ·v·vᵀ with v[0] = 1 such that H·x = (β, 0, …, 0)ᵀ.
///
/// On return x[1..<count] holds v[1...] and the result is (β, τ); x[0] is left unchanged. When
/// x[1...] is already zero, τ = 0 and β = x[0] (H = I). |β| = ‖x‖₂, computed without overflow.
/// v is formed by division (not by a reciprocal), so tiny inputs cannot overflow.
func decompositionReflector(_ x: UnsafeMutablePointer<Double>, _ count: Int) -> (beta: Double, tau: Double) {
    if count <= 1 { return (count == 1 ? x[0] : 0, 0) }
    let alpha = x[0]
    let tailNorm = euclideanNorm(UnsafeBufferPointer(start: x + 1, count: count - 1))
    if tailNorm == 0 { return (alpha, 0) }
    let norm = hypotSafe(alpha, tailNorm)
    let beta = alpha >= 0 ? -norm : norm
    let tau = (beta - alpha) / beta
    let divisor = alpha - beta   // |divisor| ≥ |β| > 0, same sign as α: no cancellation
    for i in 1..<count { x[i] = x[i] / divisor }
    return (beta, tau)
}

/// The power of two k such that 2ᵏ·maxAbs lies in [1, 2) (0 when maxAbs is 0). Decompositions
/// scale their input by 2ᵏ, which is exact (barring entries pushed below the normal range, which
/// are far below the ε·‖A‖ error level), so that squares of entries neither overflow nor underflow.
func decompositionScaleExponent(maxAbs: Double) -> Int {
    maxAbs > 0 ? -Int(maxAbs.exponent) : 0
}

/// Multiplies every entry of `x` by 2ᵏ (exactly, up to underflow of entries far below the largest).
func decompositionScale(_ x: inout [Double], byPowerOfTwo k: Int) {
    if k == 0 { return }
    if Swift.abs(k) <= 1000 {
        let f = Double(sign: .plus, exponent: k, significand: 1)
        x.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] *= f } }
    } else {
        for i in 0..<x.count { x[i] = Double(sign: .plus, exponent: k, significand: x[i]) }
    }
}

/// `x` times 2ᵏ (as ``decompositionScale(_:byPowerOfTwo:)``) in a new buffer, for an `x` that is
/// shared, such as a matrix's storage: scaling it in place would first copy it, and this writes the
/// scaled copy in one pass, large ones on huge pages (``LargeBuffer``). `x` itself when k = 0.
func decompositionScaled(_ x: [Double], byPowerOfTwo k: Int) -> [Double] {
    if k == 0 { return x }
    if Swift.abs(k) > 1000 {   // rare: entries near the ends of the exponent range
        var copy = x
        decompositionScale(&copy, byPowerOfTwo: k)
        return copy
    }
    let f = Double(sign: .plus, exponent: k, significand: 1)
    return x.withUnsafeBufferPointer { source in
        LargeBuffer.make(count: source.count) { out in for i in 0..<source.count { out[i] = source[i] * f } }
    }
}

/// The rows of `x` (each `rowLength` long) in a new buffer, row i taken from row `order[i]` for
/// i < order.count and the later rows as they are. One pass of copies into a buffer on huge pages
/// (``LargeBuffer``), where writing the rows into `x` itself would first copy all of it. Used by the
/// eigensolver and the SVD to sort their vectors.
func rowsReordered(_ x: [Double], rowLength: Int, order: [Int]) -> [Double] {
    x.withUnsafeBufferPointer { source in
        LargeBuffer.make(count: source.count) { out in
            let base = source.baseAddress!
            for (newRow, oldRow) in order.enumerated() {
                (out + newRow * rowLength).initialize(from: base + oldRow * rowLength, count: rowLength)
            }
            let done = order.count * rowLength
            (out + done).initialize(from: base + done, count: source.count - done)
        }
    }
}

/// Runs `first` and `second` at the same time (on two threads when available) and returns both
/// results. Used to overlap the serial QR iteration with forming the orthogonal factors, which
/// do not depend on each other. With `parallel` false (small problems, where starting a thread
/// costs more than it saves) they run one after the other.
func decompositionRunPair<A, B>(parallel: Bool, _ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    if !parallel { return (first(), second()) }
    let box = DecompositionPairBox<A, B>()
    Parallel.forEach(count: 2) { task in
        if task == 0 { box.first = first() } else { box.second = second() }
    }
    return (box.first!, box.second!)
}

/// Results of ``decompositionRunPair(_:_:)``. Safety: each field is written by exactly one task
/// and read only after both tasks have finished (`Parallel.forEach` returns after both).
private final class DecompositionPairBox<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
