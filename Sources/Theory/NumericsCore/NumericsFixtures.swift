import Fixtures
import Numerics

/// Fixtures that pin the numerics core: the random streams (so any change to a generator is caught)
/// and the results of the linear-algebra routines on pinned inputs.
public enum NumericsFixtures {
    public static var all: [FixtureDefinition] { [randomStreams, gemmProducts, qrAndSolve, eigenAndSVD, specialFunctions] }

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

    static let backwardStableReason = "backward-stable factorisation of a well-conditioned pinned input: rounding differences across platforms or blockings stay below 1e-13 relative (n·ε·κ with n ≤ 9, κ < 1e2); a changed algorithm or sign convention moves values by O(1)"

    static let qrAndSolve = FixtureDefinition(
        id: "numerics-qr-solve",
        description: "Householder QR, Haar sampling, LU solve and log-determinant of pinned Gaussian inputs",
        pins: "Numerics.qr / haarOrthogonal / solve / logDeterminant", source: "numerics core",
        seeds: [2, 3], parameters: ["qr": "9×6 Gaussian", "haar": "5×5 and 6×3", "solve": "6×6 Gaussian, 6×2 right-hand side"]
    ) {
        var s = RandomStream(seed: 2, stream: 0)
        let a = Matrix.gaussian(rows: 9, columns: 6, using: &s)
        let qr = try a.qr()
        var h = RandomStream(seed: 3, stream: 0)
        let haar = Matrix.haarOrthogonal(rows: 5, columns: 5, using: &h)
        let stiefel = Matrix.haarOrthogonal(rows: 6, columns: 3, using: &h)
        var t = RandomStream(seed: 2, stream: 1)
        let m = Matrix.gaussian(rows: 6, columns: 6, using: &t)
        let b = Matrix.gaussian(rows: 6, columns: 2, using: &t)
        let x = try m.solve(b)
        let logdet = try m.logDeterminant()
        let tol = Tolerance.relative(1e-13)
        return [
            FixtureField(name: "qr.r", shape: [6, 6], values: qr.r.storage, tolerance: .init(absolute: 1e-13, relative: 1e-13), reason: backwardStableReason),
            .vector("qr.q.column0", qr.q.column(0), .init(absolute: 1e-14, relative: 1e-13), reason: backwardStableReason),
            FixtureField(name: "haar5", shape: [5, 5], values: haar.storage, tolerance: .init(absolute: 1e-14, relative: 1e-13), reason: "QR of a Gaussian with the sign correction; " + libmReason),
            FixtureField(name: "stiefel6x3", shape: [6, 3], values: stiefel.storage, tolerance: .init(absolute: 1e-14, relative: 1e-13), reason: "thin QR of a Gaussian with the sign correction; " + libmReason),
            FixtureField(name: "solve.x", shape: [6, 2], values: x.storage, tolerance: tol, reason: backwardStableReason),
            .vector("logDeterminant", [logdet.logAbsoluteValue, logdet.sign], tol, reason: backwardStableReason),
        ]
    }

    static let eigenAndSVD = FixtureDefinition(
        id: "numerics-eigen-svd",
        description: "Symmetric eigendecomposition and SVD of pinned Gaussian inputs",
        pins: "Numerics.symmetricEigen / svd", source: "numerics core",
        seeds: [4], parameters: ["eigen": "7×7, A = G + Gᵀ", "svd": "8×5 Gaussian and 3×6 Gaussian"]
    ) {
        var s = RandomStream(seed: 4, stream: 0)
        let g = Matrix.gaussian(rows: 7, columns: 7, using: &s)
        let sym = g + g.transposed
        let eigen = try sym.symmetricEigen()
        let tall = Matrix.gaussian(rows: 8, columns: 5, using: &s)
        let wide = Matrix.gaussian(rows: 3, columns: 6, using: &s)
        let svd = try tall.svd()
        // Eigen- and singular vectors are defined up to sign: pin their absolute values.
        let reason = "backward-stable: values move by O(n·ε·‖A‖) across platforms; eigenvalue gaps of these inputs exceed 0.1, so vectors move by less than 1e-13; a changed algorithm or ordering moves them by O(1)"
        let tol = Tolerance(absolute: 1e-13, relative: 1e-13)
        return [
            .vector("eigen.values", eigen.values, tol, reason: reason),
            .vector("eigen.vectors.column0.abs", eigen.vectors.column(0).map(Swift.abs), tol, reason: reason),
            .vector("svd.tall.singularValues", svd.singularValues, tol, reason: reason),
            .vector("svd.tall.u.column0.abs", svd.u.column(0).map(Swift.abs), tol, reason: reason),
            .vector("svd.wide.singularValues", try wide.singularValues(), tol, reason: reason),
        ]
    }

    static let specialFunctions = FixtureDefinition(
        id: "numerics-special-functions",
        description: "Special functions and distribution quantiles at pinned arguments",
        pins: "Numerics.Special / distributions", source: "numerics core",
        parameters: ["arguments": "fixed, listed in the field names"]
    ) {
        let reason = "accurate to a few ulps; 1e-14 relative allows libm differences across platforms while a changed formula or constant moves values far more"
        let tol = Tolerance.relative(1e-14)
        let args = [0.1, 0.5, 1, 2.5, 10, 100]
        return [
            .vector("erf(0.1, 0.5, 1, 2.5, 10, 100)", args.map(Special.erf), tol, reason: reason),
            .vector("erfc(0.1, 0.5, 1, 2.5, 10, 100)", args.map(Special.erfc), tol, reason: reason),
            .vector("logGamma(0.1, 0.5, 1, 2.5, 10, 100)", args.map(Special.logGamma), .init(absolute: 1e-15, relative: 1e-14), reason: reason),
            .vector("digamma(0.1, 0.5, 1, 2.5, 10, 100)", args.map(Special.digamma), tol, reason: reason),
            .vector("trigamma(0.1, 0.5, 1, 2.5, 10, 100)", args.map(Special.trigamma), tol, reason: reason),
            .vector("regularizedGammaQ(a=2.5; x=0.1, 0.5, 1, 2.5, 10, 100)", args.map { Special.regularizedGammaQ(2.5, $0) }, tol, reason: reason),
            .vector("normal.quantile(1e-300, 1e-10, 0.025, 0.5, 0.975)", [1e-300, 1e-10, 0.025, 0.5, 0.975].map { NormalDistribution().quantile($0) }, .init(absolute: 1e-15, relative: 1e-14), reason: reason),
            .vector("chiSquared(7).quantile(0.001, 0.5, 0.999)", [0.001, 0.5, 0.999].map { ChiSquaredDistribution(degreesOfFreedom: 7).quantile($0) }, tol, reason: reason),
            .vector("studentT(4).quantile(0.001, 0.9, 0.999)", [0.001, 0.9, 0.999].map { StudentTDistribution(degreesOfFreedom: 4).quantile($0) }, tol, reason: reason),
            .vector("kolmogorov.survival(0.5, 1, 1.36, 2)", [0.5, 1, 1.36, 2].map { KolmogorovDistribution().survival($0) }, tol, reason: reason),
        ]
    }
}
