/// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit counter advanced by the golden-ratio increment
/// 0x9E3779B97F4A7C15 and passed through a bijective mixing function (the MurmurHash3 finaliser
/// variant "Mix13"). It is used here only to *derive seeds*: to expand one 64-bit key into the 256-bit
/// state of a ``RandomStream`` and to hash (seed, stream index) pairs into independent keys.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The counter; each next() adds the golden-ratio increment to it, so equal states give equal outputs.
    public var state: UInt64

    /// A generator starting at `state` (any value, including 0).
    @inlinable @inline(__always)
    public init(state: UInt64) { self.state = state }

    /// The mixing function alone: a bijection on UInt64 with good avalanche.
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Advances the counter and returns its mix: deterministic, period 2⁶⁴, every 64-bit value once per period.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
}
