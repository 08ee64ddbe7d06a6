/// Vector norms and the dot product, used by the random streams (unit vectors) and by Numerics.

/// Euclidean norm of a vector, overflow- and underflow-safe (scaled sum of squares, one pass).
/// Accuracy: a few ulps relative. Any NaN entry gives NaN; otherwise any infinite entry gives +∞.
@inlinable @inline(__always)
public func euclideanNorm(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { euclideanNorm($0) }
}

/// Euclidean norm of a buffer; see ``euclideanNorm(_:)-([Double])``.
@inlinable @inline(__always)
public func euclideanNorm(_ x: UnsafeBufferPointer<Double>) -> Double {
    // Fast path: plain sum of squares, valid when it neither overflows nor underflows badly.
    var s = 0.0
    var m = 0.0
    for v in x { s += v * v; m = Swift.max(m, Swift.abs(v)) }
    // `max` skips NaN, so m alone would call a vector of NaN zero; the sum of squares does not.
    if s.isNaN { return .nan }
    if m == 0 { return 0 }
    if !m.isFinite { return m.isNaN ? .nan : .infinity }
    if s.isFinite && s > 1e-280 && m < 1e150 { return s.squareRoot() }
    var scaled = 0.0
    for v in x { let t = v / m; scaled += t * t }
    return m * scaled.squareRoot()
}

/// Dot product of two equal-length vectors.
@inlinable @inline(__always)
public func dot(_ x: [Double], _ y: [Double]) -> Double {
    require(x.count == y.count, "dot: lengths differ: \(x.count) vs \(y.count)")
    var s = 0.0
    for i in 0..<x.count { s += x[i] * y[i] }
    return s
}
