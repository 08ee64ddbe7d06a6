/// A seeded, splittable stream of random bits: xoshiro256** (Blackman & Vigna 2018).
///
/// **Algorithm.** State: four 64-bit words (never all zero). Output: rotl(s1 · 5, 7) · 9. Transition:
/// t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45). Period 2²⁵⁶ − 1;
/// passes BigCrush. The same (seed, stream) gives the same bits on every run and machine, since
/// only integer arithmetic is involved.
///
/// **Streams.** `RandomStream(seed: s, stream: k)` derives a 64-bit key
/// `key = mix(s ⊕ mix(k + 0x632BE59BD9B4E019))` (mix = SplitMix64's finaliser, a bijection) and
/// expands it into the 256-bit state with four SplitMix64 outputs. Distinct stream indices give
/// distinct keys for a fixed seed (the map k ↦ key is a bijection), so case k of a check owns
/// stream k and can be replayed alone. ``substream(_:)`` derives child streams the same way from
/// this stream's key, so nested components (a generator inside a case) get their own streams too.
///
/// Never seed a check from the system generator: a check must be replayable from its printed seed.
public struct RandomStream: RandomNumberGenerator, Sendable {
    /// The key this stream was expanded from (identifies the stream; used for child streams).
    public let key: UInt64
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second normal deviate of the last Box–Muller pair, if not yet used.
    @usableFromInline var spareNormal: Double?

    /// Stream `stream` of run seed `seed`.
    @inlinable @inline(__always)
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.init(key: SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019)))
    }

    /// A stream expanded from a raw 64-bit key.
    @inlinable @inline(__always)
    public init(key: UInt64) {
        self.key = key
        var sm = SplitMix64(state: key)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        // SplitMix64 outputs are a bijection of distinct counters, so at most one of the four is 0;
        // the state is never all zero.
        spareNormal = nil
    }

    /// Child stream `index` of this stream, independent of this stream's position.
    @inlinable @inline(__always)
    public func substream(_ index: UInt64) -> RandomStream {
        RandomStream(seed: key, stream: index)
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// Next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }
}
