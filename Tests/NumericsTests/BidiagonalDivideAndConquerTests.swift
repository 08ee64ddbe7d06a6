import Foundation
import Testing
@testable import Numerics

/// Bound for ‖B − U·Σ·Vᵀ‖_F/‖B‖_F, ‖UᵀU − I‖_F and ‖VᵀV − I‖_F. Divide and conquer is backward
/// stable with error c·n·ε (each merge adds a deflation perturbation ≤ 8ε·‖B‖ per dropped term and
/// a few ε of rounding per product entry); 1e-13·n ≈ 450·n·ε leaves room for the constant, while
/// the broken variants below miss it by orders of magnitude.
private func bdcTolerance(_ n: Int) -> Double { 1e-13 * Double(max(n, 1)) }

/// An upper bidiagonal test matrix.
private struct Bidiagonal {
    var d: [Double]
    var e: [Double]
    var n: Int { d.count }

    var frobenius: Double {
        (d.reduce(0) { $0 + $1 * $1 } + e.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }

    /// Relative residual ‖B·V − U·Σ‖_F/‖B‖_F (two terms per entry of B·V) and the orthogonality
    /// losses of U and V, by plain loops (independent of gemm).
    func errors(values: [Double], u: [Double], v: [Double]) -> (residual: Double, orthU: Double, orthV: Double) {
        var r2 = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var bv = d[i] * v[i * n + j]
                if i < n - 1 { bv += e[i] * v[(i + 1) * n + j] }
                let x = bv - u[i * n + j] * values[j]
                r2 += x * x
            }
        }
        let norm = frobenius
        return (norm == 0 ? r2.squareRoot() : r2.squareRoot() / norm, loss(u), loss(v))
    }

    private func loss(_ w: [Double]) -> Double {
        var o2 = 0.0
        var column = [Double](repeating: 0, count: n)
        for a in 0..<n {
            for i in 0..<n { column[i] = w[i * n + a] }
            for b in a..<n {
                var s = 0.0
                for i in 0..<n { s += column[i] * w[i * n + b] }
                let x = s - (a == b ? 1 : 0)
                o2 += a == b ? x * x : 2 * x * x
            }
        }
        return o2.squareRoot()
    }

    func solve(leafSize: Int = 32, recomputeWeights: Bool = true) throws -> (values: [Double], u: [Double], v: [Double]) {
        var values = d
        let (u, v) = try bidiagonalDivideAndConquer(diagonal: &values, superdiagonal: e, leafSize: leafSize,
                                                    recomputeWeights: recomputeWeights)
        return (values, u, v)
    }

    /// Singular values by the bidiagonal QR iteration (the reference solver), ascending.
    func qrValues() throws -> [Double] {
        var dd = d, ee = e
        var l = RotationSweeps(), r = RotationSweeps()
        try bidiagonalQRIteration(diagonal: &dd, superdiagonal: &ee, left: &l, right: &r, record: false)
        return dd.map { abs($0) }.sorted()
    }

    static func random(_ n: Int, seed: UInt64) -> Bidiagonal {
        var rng = RandomStream(seed: seed, stream: 31)
        let g = (0..<(2 * n - 1)).map { _ in rng.normal() }
        return Bidiagonal(d: Array(g[0..<n]), e: Array(g[n...]))
    }

    /// `copies` copies of one random 20×20 block glued by superdiagonal entries `glue`: the
    /// singular values form tight clusters of `copies` members.
    static func glued(copies: Int, glue: Double) -> Bidiagonal {
        let block = random(20, seed: 5)
        var d: [Double] = [], e: [Double] = []
        for c in 0..<copies {
            d += block.d
            e += block.e
            if c < copies - 1 { e.append(glue) }
        }
        return Bidiagonal(d: d, e: e)
    }
}

@Suite struct BidiagonalDivideAndConquerTests {
    @discardableResult
    private func expectAccurate(_ b: Bidiagonal, leafSize: Int = 32, _ label: String) throws -> [Double] {
        let (values, u, v) = try b.solve(leafSize: leafSize)
        for j in 1..<max(b.n, 1) { #expect(values[j - 1] <= values[j], "\(label): not ascending at \(j)") }
        for x in values { #expect(x >= 0, "\(label): negative singular value \(x)") }
        let (res, ou, ov) = b.errors(values: values, u: u, v: v)
        #expect(res <= bdcTolerance(b.n), "\(label): residual \(res)")
        #expect(ou <= bdcTolerance(b.n), "\(label): U orthogonality loss \(ou)")
        #expect(ov <= bdcTolerance(b.n), "\(label): V orthogonality loss \(ov)")
        // Agreement with the QR iteration: both within c·n·ε·‖B‖₂ of the exact values.
        let reference = try b.qrValues()
        let scale = max(b.frobenius, Double.leastNormalMagnitude)
        for j in 0..<b.n {
            #expect(abs(values[j] - reference[j]) <= bdcTolerance(b.n) * scale, "\(label): σ\(j) vs QR")
        }
        return values
    }

    @Test func randomBidiagonalAcrossLeafSizes() throws {
        for (n, leaf) in [(1, 4), (2, 3), (3, 3), (4, 3), (17, 4), (64, 8), (151, 8), (200, 32), (257, 16)] {
            try expectAccurate(.random(n, seed: UInt64(n)), leafSize: leaf, "random n=\(n) leaf=\(leaf)")
        }
    }

    @Test func clusteredSingularValues() throws {
        try expectAccurate(.glued(copies: 8, glue: 1e-4), leafSize: 16, "glued 1e-4")
        try expectAccurate(.glued(copies: 8, glue: 1e-8), leafSize: 8, "glued 1e-8")
        try expectAccurate(.glued(copies: 6, glue: 1e-14), leafSize: 16, "glued 1e-14")
    }

    /// Repeated and zero singular values: few distinct diagonal entries with tiny couplings (nearly
    /// everything deflates), exact zeros on the diagonal (rank deficient), the zero matrix, and the
    /// identity with one coupling (singular values 1 repeated, and (1 ± ... ) from the 2×2 block).
    @Test func repeatedZeroAndRankDeficient() throws {
        let n = 120
        var b = Bidiagonal(d: (0..<n).map { Double($0 % 3) }, e: [Double](repeating: 0, count: n - 1))
        b.e[40] = 1e-300
        b.e[60] = 1e-9
        try expectAccurate(b, leafSize: 8, "three values incl. 0")
        var r = Bidiagonal.random(150, seed: 11)
        for i in stride(from: 0, to: 150, by: 7) { r.d[i] = 0 }
        let values = try expectAccurate(r, leafSize: 8, "random with zero diagonal entries")
        // Every zero on the diagonal of a square bidiagonal matrix makes it singular: at least one
        // zero singular value (to c·n·ε·‖B‖).
        #expect(values[0] <= bdcTolerance(150) * r.frobenius)
        try expectAccurate(Bidiagonal(d: [Double](repeating: 0, count: 70), e: [Double](repeating: 0, count: 69)),
                           leafSize: 8, "zero")
        var ones = Bidiagonal(d: [Double](repeating: 1, count: 90), e: [Double](repeating: 0, count: 89))
        ones.e[44] = 0.5
        let v = try expectAccurate(ones, leafSize: 8, "identity plus coupling")
        // Exact: 1 (88 times) and the singular values of [[1, 0.5], [0, 1]]: (√17 ± 1)/4.
        #expect(abs(v[0] - (17.0.squareRoot() - 1) / 4) <= 1e-15 && abs(v[89] - (17.0.squareRoot() + 1) / 4) <= 1e-15)
        for j in 1..<89 { #expect(abs(v[j] - 1) <= 1e-15) }
    }

    /// The bidiagonal matrix with dᵢ = 1, eᵢ = 1 has BᵀB = tridiag(−…) with known spectrum:
    /// σₖ = 2·cos(kπ/(2n+1)), k = 1…n.
    @Test func closedForm() throws {
        let n = 160
        let b = Bidiagonal(d: [Double](repeating: 1, count: n), e: [Double](repeating: 1, count: n - 1))
        let values = try expectAccurate(b, leafSize: 16, "ones")
        let exact = (1...n).map { 2 * cos(Double($0) * Double.pi / Double(2 * n + 1)) }.sorted()
        for k in 0..<n { #expect(abs(values[k] - exact[k]) <= bdcTolerance(n) * 2, "σ\(k)") }
    }

    /// Graded entries over 40 orders of magnitude: normwise accuracy only (divide and conquer is
    /// not relatively accurate for tiny singular values).
    @Test func gradedMatrix() throws {
        let n = 100
        let d = (0..<n).map { pow(10.0, -Double($0) * 0.4) }
        let e = (0..<(n - 1)).map { 0.5 * (d[$0] * d[$0 + 1]).squareRoot() }
        try expectAccurate(Bidiagonal(d: d, e: e), leafSize: 8, "graded")
        try expectAccurate(Bidiagonal(d: d.reversed(), e: e.reversed()), leafSize: 8, "graded reversed")
    }

    /// Negative controls: the checker rejects (a) vectors formed from z instead of ẑ where merges
    /// meet close but undeflated poles, and (b) one vector entry or one singular value off by 1e-8.
    @Test func checkerRejectsBrokenSolvers() throws {
        let b = Bidiagonal.glued(copies: 8, glue: 1e-4)
        let (values, u, v) = try b.solve(leafSize: 16, recomputeWeights: false)
        let (_, ou, ov) = b.errors(values: values, u: u, v: v)
        #expect(max(ou, ov) > 100 * bdcTolerance(b.n), "without ẑ the loss is only \(ou), \(ov)")

        let r = Bidiagonal.random(80, seed: 3)
        var (s2, u2, v2) = try r.solve(leafSize: 8)
        u2[5 * 80 + 79] += 1e-8
        let (res, orth, _) = r.errors(values: s2, u: u2, v: v2)
        #expect(res > 10 * bdcTolerance(80) && orth > 10 * bdcTolerance(80))
        let clean = try r.solve(leafSize: 8)
        s2[3] += 1e-8
        #expect(r.errors(values: s2, u: clean.u, v: clean.v).residual > 10 * bdcTolerance(80))
    }

    @Test func deterministicAcrossThreadCounts() throws {
        let b = Bidiagonal.random(300, seed: 8)
        let one = try Parallel.withThreadCount(1) { try b.solve() }
        let two = try Parallel.withThreadCount(2) { try b.solve() }
        #expect(one.values == two.values && one.u == two.u && one.v == two.v)
    }

    /// Large sizes (deep profile only).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep"))
    func largeSizes() throws {
        try expectAccurate(.random(1200, seed: 77), "random 1200")
        try expectAccurate(.glued(copies: 50, glue: 1e-6), "glued 1000")
    }
}
