import Foundation
import Testing
import Numerics
@testable import PropertyCheckStatistics

/// The random streams against their published reference outputs and their distributions against
/// exact moments, with acceptance bands that state their false-failure probability.
@Suite struct RandomStreamTests {
    /// SplitMix64 from state 0: the first outputs of the reference C implementation
    /// (state += 0x9e3779b97f4a7c15; mix13 finaliser).
    @Test func splitMixMatchesReferenceOutputs() {
        var g = SplitMix64(state: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    /// xoshiro256** transition and output checked against an independent re-statement of the
    /// algorithm with state words set directly (s = 1, 2, 3, 4 gives first output 11520).
    @Test func xoshiroMatchesReferenceOutputs() {
        var s: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        func reference() -> UInt64 {
            let out = rotl(s.1 &* 5, 7) &* 9
            let t = s.1 << 17
            s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3; s.2 ^= t; s.3 = rotl(s.3, 45)
            return out
        }
        var stream = RandomStream(key: 0)
        stream.s0 = 1; stream.s1 = 2; stream.s2 = 3; stream.s3 = 4
        #expect(stream.next() == 11520)
        _ = reference()
        for _ in 0..<1000 { #expect(stream.next() == reference()) }
    }

    @Test func sameSeedSameBitsDifferentStreamsDiffer() {
        var a = RandomStream(seed: 42, stream: 3)
        var b = RandomStream(seed: 42, stream: 3)
        var c = RandomStream(seed: 42, stream: 4)
        var d = RandomStream(seed: 43, stream: 3)
        var equalC = 0, equalD = 0
        for _ in 0..<1000 {
            let x = a.next()
            #expect(x == b.next())
            if x == c.next() { equalC += 1 }
            if x == d.next() { equalD += 1 }
        }
        #expect(equalC == 0 && equalD == 0)
        #expect(RandomStream(seed: 42, stream: 3).substream(1).key == RandomStream(seed: 42, stream: 3).substream(1).key)
        #expect(RandomStream(seed: 42, stream: 3).substream(1).key != RandomStream(seed: 42, stream: 3).substream(2).key)
    }

    /// Keys of streams 0..<n for one seed are pairwise distinct (the derivation is a bijection in k).
    @Test func streamKeysAreDistinct() {
        let keys = Set((0..<10_000).map { RandomStream(seed: 7, stream: UInt64($0)).key })
        #expect(keys.count == 10_000)
    }

    /// Uniform integers: each of 6 faces in 60,000 rolls has count ~ Binomial(60000, 1/6), sd ≈ 91.3.
    /// Band ±6 sd: two-sided normal tail 2e-9 per face, 1.2e-8 in total.
    @Test func integersAreUniformAndInRange() {
        var s = RandomStream(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let k = s.integer(in: 1...6)
            #expect((1...6).contains(k))
            counts[k - 1] += 1
        }
        let sd = (60_000.0 * (1.0 / 6) * (5.0 / 6)).squareRoot()
        for c in counts { #expect(abs(Double(c) - 10_000) < 6 * sd, "counts \(counts)") }
        #expect(s.integer(in: 5...5) == 5)
        // The full 64-bit range takes the span-overflow path: its draws must not all be equal.
        let full = Set((0..<8).map { _ in s.integer(in: Int.min...Int.max) })
        #expect(full.count > 1)
    }

    /// Normal deviates: sample mean, variance and fourth moment of N = 200,000 draws against the
    /// exact values 0, 1, 3. Standard errors: mean 1/√N; variance √(2/N); E z⁴: √((105 − 9)/N).
    /// Bands of 6 standard errors: false-failure probability < 1e-8 each (normal approximation,
    /// accurate at this N).
    @Test func normalMomentsMatch() {
        var s = RandomStream(seed: 2024)
        let n = 200_000
        let z = s.normalVector(n)
        let mean = z.reduce(0, +) / Double(n)
        let m2 = z.reduce(0) { $0 + $1 * $1 } / Double(n)
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n)
        let N = Double(n)
        #expect(abs(mean) < 6 / N.squareRoot())
        #expect(abs(m2 - 1) < 6 * (2 / N).squareRoot())
        #expect(abs(m4 - 3) < 6 * (96 / N).squareRoot())
        // Tail frequency beyond 2: p = 0.0455002638963584 (= erfc(√2)); binomial sd √(p(1−p)/N).
        let p = erfc(2.0.squareRoot())
        let tail = Double(z.filter { abs($0) > 2 }.count) / N
        #expect(abs(tail - p) < 6 * (p * (1 - p) / N).squareRoot())
    }

    /// A deliberately wrong sampler (uniform variates scaled to unit variance) has the right mean and
    /// variance but fourth moment 9/5: the moment check above must reject it.
    @Test func momentCheckRejectsWrongSampler() {
        var s = RandomStream(seed: 2024)
        let n = 200_000
        let wrong = (0..<n).map { _ in (s.uniform() - 0.5) * 12.0.squareRoot() }
        let m4 = wrong.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n)
        #expect(abs(m4 - 3) > 6 * (96 / Double(n)).squareRoot())
    }

    @Test func fillNormalEqualsRepeatedNormal() {
        var a = RandomStream(seed: 5), b = RandomStream(seed: 5)
        var buf = [Double](repeating: 0, count: 7)
        buf.withUnsafeMutableBufferPointer { a.fillNormal($0) }
        let single = (0..<7).map { _ in b.normal() }
        #expect(buf == single)
        #expect(a.normal() == b.normal())
    }

    /// Unit vectors: unit length; E[x₁²] = 1/n exactly for the uniform law on S^{n−1}.
    /// x₁² ∈ [0, 1], so Hoeffding gives P(|mean − 1/n| ≥ t) ≤ 2exp(−2Nt²); t = 0.02, N = 40,000: 2e-14.
    @Test func unitVectorsAreUniformOnTheSphere() {
        var s = RandomStream(seed: 9)
        let n = 5, N = 40_000
        var sum = 0.0
        for _ in 0..<N {
            let v = s.unitVector(n)
            #expect(abs(euclideanNorm(v) - 1) < 4e-16 * Double(n))
            sum += v[0] * v[0]
        }
        #expect(abs(sum / Double(N) - 1 / Double(n)) < 0.02)
    }

    @Test func uniformIsInRange() {
        var s = RandomStream(seed: 3)
        for _ in 0..<10_000 {
            let u = s.uniform(); #expect(u >= 0 && u < 1)
            let v = s.uniformPositive(); #expect(v > 0 && v <= 1)
        }
    }

    @Test func gaussianMatrixUsesTheStreamInRowMajorOrder() {
        var a = RandomStream(seed: 8), b = RandomStream(seed: 8)
        let m = Matrix.gaussian(rows: 3, columns: 4, standardDeviation: 2, using: &a)
        let v = b.normalVector(12, standardDeviation: 2)
        #expect(m.storage == v)
    }
}
