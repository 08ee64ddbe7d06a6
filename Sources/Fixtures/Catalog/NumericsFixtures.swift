import Numerics

/// Fixtures that pin the numerics core: the random streams (so any change to a generator is caught)
/// and the results of the linear-algebra routines on pinned inputs.
public enum NumericsFixtures {
    public static var all: [FixtureDefinition] { [randomStreams, gemmProducts] }

    /// Tolerance reasons shared by several fields.
    static let integerOnly = "integer arithmetic only (xoshiro256**, 53-bit conversion): identical on every platform"
    static let libmReason = "Box–Muller uses libm log/cos/sin, which may differ by an ulp between C libraries; a changed sampler moves values by O(1)"
    static let gemmReason = "GEMM's summation order is fixed by its blocking and does not depend on the thread count, so results are bit-identical on one platform; a changed kernel or blocking moves the last bits and must be reviewed and re-recorded"

    static let randomStreams = FixtureDefinition(
        id: "numerics-random-streams",
        description: "First draws of pinned random streams: uniforms, integers, normals and a unit vector",
        pins: "Numerics.RandomStream", source: "numerics core (xoshiro256**, SplitMix64 seeding, Box–Muller)",
        seeds: [0, 1, 20261123], parameters: ["streams": "0, 1, 1000"]
    ) {
        var fields: [FixtureField] = []
        for seed: UInt64 in [0, 1, 20261123] {
            for stream: UInt64 in [0, 1, 1000] {
                var s = RandomStream(seed: seed, stream: stream)
                fields.append(.vector("uniform.seed\(seed).stream\(stream)", (0..<6).map { _ in s.uniform() }, .exact, reason: integerOnly))
            }
        }
        var s = RandomStream(seed: 0, stream: 0)
        fields.append(.vector("integer1to1000.seed0", (0..<8).map { _ in Double(s.integer(in: 1...1000)) }, .exact, reason: integerOnly))
        s = RandomStream(seed: 0, stream: 0)
        fields.append(.vector("normal.seed0", s.normalVector(8), .relative(1e-15), reason: libmReason))
        s = RandomStream(seed: 0, stream: 0).substream(7)
        fields.append(.vector("unitVector5.seed0.substream7", s.unitVector(5), .relative(1e-15), reason: libmReason))
        return fields
    }

    static let gemmProducts = FixtureDefinition(
        id: "numerics-gemm",
        description: "Products of pinned Gaussian matrices: a small one in full, and summaries of a blocked one",
        pins: "Numerics.gemm", source: "numerics core",
        seeds: [1], parameters: ["small": "5×7 · 7×4", "large": "301×257 · 257×263 and transposed variants"]
    ) {
        var s = RandomStream(seed: 1, stream: 0)
        let a = Matrix.gaussian(rows: 5, columns: 7, using: &s)
        let b = Matrix.gaussian(rows: 7, columns: 4, using: &s)
        let small = a * b
        var t = RandomStream(seed: 1, stream: 1)
        let c = Matrix.gaussian(rows: 301, columns: 257, using: &t)
        let d = Matrix.gaussian(rows: 257, columns: 263, using: &t)
        let big = c * d
        let bigTT = Matrix.product(d, c, transposeA: true, transposeB: true) // = (c·d)ᵀ
        let picks = [(0, 0), (150, 131), (300, 262), (17, 255)]
        return [
            FixtureField(name: "small", shape: [5, 4], values: small.storage, tolerance: .exact, reason: gemmReason),
            .vector("large.entries", picks.map { big[$0.0, $0.1] }, .exact, reason: gemmReason),
            .scalar("large.frobenius", big.frobeniusNorm, .exact, reason: gemmReason),
            .vector("largeTransposed.entries", picks.map { bigTT[$0.1, $0.0] }, .exact, reason: gemmReason),
        ]
    }
}
