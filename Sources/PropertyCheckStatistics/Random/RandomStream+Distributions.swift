import Foundation

/// Draws from standard distributions. Every algorithm is stated so that a draw can be reproduced
/// from the stream's bits alone; the transcendental functions are the platform's `libm`, so results
/// are bit-identical run to run on one machine (and may differ in the last ulp across C libraries).
extension RandomStream {
    /// Uniform on [0, 1): the top 53 bits of `next()` times 2⁻⁵³. Every multiple of 2⁻⁵³ in
    /// [0, 1) has probability exactly 2⁻⁵³.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform on (0, 1]: (top 53 bits + 1)·2⁻⁵³; never 0, so safe inside `log`.
    @inlinable @inline(__always)
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53
    }

    /// Uniform on [lower, upper).
    @inlinable @inline(__always)
    public mutating func uniform(in range: Range<Double>) -> Double {
        require(range.lowerBound.isFinite && range.upperBound.isFinite,
                "RandomStream.uniform(in: \(range)): bounds must be finite")
        return range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// An integer uniform on `range`, exactly (Lemire's nearly-divisionless rejection method:
    /// multiply a 64-bit draw by the range size, keep the high word, reject the biased low band).
    @inlinable @inline(__always)
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) } // the full 64-bit range
        var m = next().multipliedFullWidth(by: span)
        if m.low < span {
            let threshold = (0 &- span) % span
            while m.low < threshold { m = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound &+ Int(bitPattern: UInt(m.high))
    }

    /// `true` with probability p.
    @inlinable @inline(__always)
    public mutating func bernoulli(_ p: Double) -> Bool {
        require(p >= 0 && p <= 1, "RandomStream.bernoulli(\(p)): p must be in [0, 1]")
        return uniform() < p
    }

    /// A standard normal deviate, by the Box–Muller transform: with u₁ uniform on (0, 1] and u₂
    /// uniform on [0, 1), r = sqrt(−2 ln u₁), z₀ = r cos(2πu₂), z₁ = r sin(2πu₂) are independent
    /// N(0, 1). z₀ is returned and z₁ kept for the next call. The transform is exact in real
    /// arithmetic; the 53-bit u₁ truncates the tail at |z| ≤ sqrt(2·53·ln 2) ≈ 8.57 (probability
    /// mass beyond: ~1e−17, irrelevant at any sample size used here).
    @inlinable @inline(__always)
    public mutating func normal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        let (z0, z1) = boxMullerPair()
        spareNormal = z1
        return z0
    }

    /// A normal deviate with the given mean and standard deviation.
    @inlinable @inline(__always)
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        require(standardDeviation >= 0 && standardDeviation.isFinite && mean.isFinite,
                "RandomStream.normal(mean: \(mean), standardDeviation: \(standardDeviation)): need finite mean and σ ≥ 0")
        return mean + standardDeviation * normal()
    }

    @inlinable @inline(__always)
    mutating func boxMullerPair() -> (Double, Double) {
        let u1 = uniformPositive()
        let u2 = uniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (r * Foundation.cos(angle), r * Foundation.sin(angle))
    }

    /// Fills `buffer` with independent N(0, σ²) deviates, in pairs (z₀, z₁) of the Box–Muller transform.
    /// Equivalent to calling `normal()` `buffer.count` times from a fresh pair boundary.
    @inlinable @inline(__always)
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>, standardDeviation sigma: Double = 1) {
        var k = 0
        let n = buffer.count
        if let z = spareNormal, n > 0 { buffer[0] = sigma * z; spareNormal = nil; k = 1 }
        while k + 1 < n {
            let (z0, z1) = boxMullerPair()
            buffer[k] = sigma * z0
            buffer[k + 1] = sigma * z1
            k += 2
        }
        if k < n { buffer[k] = sigma * normal() }
    }

    /// A vector of n independent N(0, σ²) deviates.
    @inlinable @inline(__always)
    public mutating func normalVector(_ n: Int, standardDeviation sigma: Double = 1) -> [Double] {
        require(n >= 0, "RandomStream.normalVector(\(n)): length must be non-negative")
        var v = [Double](repeating: 0, count: n)
        v.withUnsafeMutableBufferPointer { fillNormal($0, standardDeviation: sigma) }
        return v
    }

    /// A vector uniformly distributed on the unit sphere S^{n−1}: a standard normal vector divided by
    /// its norm (rotation invariance of the Gaussian makes the direction uniform). n ≥ 1.
    @inlinable @inline(__always)
    public mutating func unitVector(_ n: Int) -> [Double] {
        require(n >= 1, "RandomStream.unitVector(\(n)): dimension must be at least 1")
        while true {
            let v = normalVector(n)
            let r = euclideanNorm(v)
            if r > 0 { return v.map { $0 / r } } // r = 0 has probability 0; retry keeps it exact
        }
    }
}
