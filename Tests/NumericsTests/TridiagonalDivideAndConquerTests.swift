import Foundation
import Testing
@testable import Numerics

/// Bound for ‖T·W − W·Λ‖_F/‖T‖_F and ‖WᵀW − I‖_F. Divide and conquer is backward stable with error
/// c·n·ε (each of the log₂(n/leaf) merges adds a deflation perturbation ≤ 8ε·‖T‖ per dropped term
/// and rounding of a few ε per product entry); observed values are 1–10·sqrt(n)·ε. As in
/// SymmetricEigenTests, 1e-13·n ≈ 450·n·ε leaves two orders of magnitude for the constant, while
/// the broken variants below miss it by orders of magnitude.
private func dcTolerance(_ n: Int) -> Double { 1e-13 * Double(max(n, 1)) }

/// A symmetric tridiagonal test matrix.
private struct Tridiagonal {
    var d: [Double]
    var e: [Double]
    var n: Int { d.count }

    /// ‖T‖_F.
    var frobenius: Double {
        (d.reduce(0) { $0 + $1 * $1 } + 2 * e.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }

    /// (T·x)ᵢ for column j of the row-major n×n matrix w.
    func apply(_ w: [Double], column j: Int, row i: Int) -> Double {
        var s = d[i] * w[i * n + j]
        if i > 0 { s += e[i - 1] * w[(i - 1) * n + j] }
        if i < n - 1 { s += e[i] * w[(i + 1) * n + j] }
        return s
    }

    /// Relative residual ‖T·W − W·Λ‖_F/‖T‖_F (O(n²), exact enough: three terms per entry) and
    /// orthogonality loss ‖WᵀW − I‖_F by a plain triple loop (independent of gemm).
    func errors(values: [Double], vectors w: [Double]) -> (residual: Double, orthogonality: Double) {
        var r2 = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let x = apply(w, column: j, row: i) - w[i * n + j] * values[j]
                r2 += x * x
            }
        }
        var o2 = 0.0
        w.withUnsafeBufferPointer { p in
            var column = [Double](repeating: 0, count: n)
            for a in 0..<n {
                for i in 0..<n { column[i] = p[i * n + a] }
                for b in a..<n {
                    var s = 0.0
                    for i in 0..<n { s += column[i] * p[i * n + b] }
                    let x = s - (a == b ? 1 : 0)
                    o2 += a == b ? x * x : 2 * x * x
                }
            }
        }
        let norm = frobenius
        return (norm == 0 ? r2.squareRoot() : r2.squareRoot() / norm, o2.squareRoot())
    }

    func solve(leafSize: Int = 32, recomputeWeights: Bool = true) throws -> (values: [Double], vectors: [Double]) {
        var values = d
        let w = try tridiagonalDivideAndConquer(diagonal: &values, offDiagonal: e, leafSize: leafSize,
                                                recomputeWeights: recomputeWeights)
        return (values, w)
    }

    /// Eigenvalues by the QR iteration (the reference solver), ascending.
    func qrValues() throws -> [Double] {
        var dd = d, ee = e
        var unused = RotationSweeps()
        try tridiagonalQRIteration(diagonal: &dd, offDiagonal: &ee, rotations: &unused, record: false)
        return dd.sorted()
    }

    static func random(_ n: Int, seed: UInt64) -> Tridiagonal {
        var rng = RandomStream(seed: seed, stream: 21)
        let g = (0..<(2 * n - 1)).map { _ in rng.normal() }
        return Tridiagonal(d: Array(g[0..<n]), e: Array(g[n...]))
    }

    /// Wilkinson's W⁺ of order 2m+1: dᵢ = |m − i|, eᵢ = 1. Its largest eigenvalues come in pairs
    /// that agree to many digits (the classic hard case for eigenvector orthogonality).
    static func wilkinson(_ m: Int) -> Tridiagonal {
        Tridiagonal(d: (0...(2 * m)).map { Double(abs(m - $0)) }, e: [Double](repeating: 1, count: 2 * m))
    }

    /// `copies` Wilkinson matrices W⁺₂₁ on the diagonal, glued by off-diagonal entries `glue`: the
    /// eigenvalues form tight clusters of `copies` members.
    static func gluedWilkinson(copies: Int, glue: Double) -> Tridiagonal {
        let w = wilkinson(10)
        var d: [Double] = [], e: [Double] = []
        for c in 0..<copies {
            d += w.d
            e += w.e
            if c < copies - 1 { e.append(glue) }
        }
        return Tridiagonal(d: d, e: e)
    }
}

@Suite struct TridiagonalDivideAndConquerTests {
    private func expectAccurate(_ t: Tridiagonal, leafSize: Int = 32, _ label: String) throws -> [Double] {
        let (values, w) = try t.solve(leafSize: leafSize)
        for j in 1..<max(t.n, 1) { #expect(values[j - 1] <= values[j], "\(label): not ascending at \(j)") }
        let (res, orth) = t.errors(values: values, vectors: w)
        #expect(res <= dcTolerance(t.n), "\(label): residual \(res)")
        #expect(orth <= dcTolerance(t.n), "\(label): orthogonality loss \(orth)")
        // Agreement with the QR iteration: both are within c·n·ε·‖T‖₂ ≤ c·n·ε·‖T‖_F of the exact values.
        let reference = try t.qrValues()
        let scale = max(t.frobenius, Double.leastNormalMagnitude)
        for j in 0..<t.n {
            #expect(abs(values[j] - reference[j]) <= dcTolerance(t.n) * scale, "\(label): λ\(j) vs QR")
        }
        return values
    }

    @Test func randomTridiagonalAcrossLeafSizes() throws {
        for (n, leaf) in [(1, 4), (2, 1), (3, 2), (17, 4), (64, 8), (150, 8), (200, 32), (257, 16)] {
            _ = try expectAccurate(.random(n, seed: UInt64(n)), leafSize: leaf, "random n=\(n) leaf=\(leaf)")
        }
    }

    @Test func wilkinsonAndGluedWilkinson() throws {
        _ = try expectAccurate(.wilkinson(50), leafSize: 8, "W⁺101")
        _ = try expectAccurate(.gluedWilkinson(copies: 8, glue: 1e-4), leafSize: 16, "glued 1e-4")
        _ = try expectAccurate(.gluedWilkinson(copies: 8, glue: 1e-8), leafSize: 8, "glued 1e-8")
        _ = try expectAccurate(.gluedWilkinson(copies: 6, glue: 1e-14), leafSize: 16, "glued 1e-14")
    }

    /// Repeated eigenvalues: a diagonal matrix with few distinct entries and a few tiny couplings
    /// (almost everything deflates), the zero matrix, and an identity with one coupling.
    @Test func repeatedEigenvaluesAndHeavyDeflation() throws {
        let n = 120
        var t = Tridiagonal(d: (0..<n).map { Double($0 % 3) }, e: [Double](repeating: 0, count: n - 1))
        t.e[40] = 1e-300
        t.e[60] = 1e-9
        _ = try expectAccurate(t, leafSize: 8, "three values")
        _ = try expectAccurate(Tridiagonal(d: [Double](repeating: 0, count: 70), e: [Double](repeating: 0, count: 69)),
                               leafSize: 8, "zero")
        var ones = Tridiagonal(d: [Double](repeating: 1, count: 90), e: [Double](repeating: 0, count: 89))
        ones.e[44] = 0.5
        let values = try expectAccurate(ones, leafSize: 8, "identity plus coupling")
        // Exact spectrum: 1 (88 times), 1 ± 0.5.
        #expect(abs(values[0] - 0.5) <= 1e-15 && abs(values[89] - 1.5) <= 1e-15)
        for j in 1..<89 { #expect(abs(values[j] - 1) <= 1e-15) }
    }

    /// The (−1, 2, −1) matrix has eigenvalues 2 − 2cos(kπ/(n+1)), k = 1…n.
    @Test func toeplitzClosedForm() throws {
        let n = 160
        let t = Tridiagonal(d: [Double](repeating: 2, count: n), e: [Double](repeating: -1, count: n - 1))
        let values = try expectAccurate(t, leafSize: 16, "toeplitz")
        for k in 1...n {
            let exact = 2 - 2 * cos(Double(k) * Double.pi / Double(n + 1))
            // ‖T‖₂ ≤ 4; the bound is the tolerance times that.
            #expect(abs(values[k - 1] - exact) <= dcTolerance(n) * 4, "λ\(k)")
        }
    }

    /// Graded entries over 40 orders of magnitude: normwise accuracy (D&C is not relatively
    /// accurate for tiny eigenvalues, only to c·n·ε·‖T‖).
    @Test func gradedMatrix() throws {
        let n = 100
        let d = (0..<n).map { pow(10.0, -Double($0) * 0.4) }
        let e = (0..<(n - 1)).map { 0.5 * (d[$0] * d[$0 + 1]).squareRoot() }
        _ = try expectAccurate(Tridiagonal(d: d, e: e), leafSize: 8, "graded")
        _ = try expectAccurate(Tridiagonal(d: d.reversed(), e: e.reversed()), leafSize: 8, "graded reversed")
    }

    /// Negative controls: the checker must reject (a) eigenvectors formed from z instead of ẑ on
    /// Wilkinson matrices glued by 1e-4, where merges meet close but undeflated poles (the vector
    /// entries zⱼ/(δⱼ − λ) then carry relative errors ε/gap; measured loss ≈ 4e-6, 2·10⁵ times
    /// the bound, while the ẑ version passes the same case above), and (b) one eigenvector entry
    /// or one eigenvalue perturbed by 1e-8.
    @Test func checkerRejectsBrokenSolvers() throws {
        let t = Tridiagonal.gluedWilkinson(copies: 8, glue: 1e-4)
        let (values, broken) = try t.solve(leafSize: 16, recomputeWeights: false)
        let (_, orth) = t.errors(values: values, vectors: broken)
        #expect(orth > 100 * dcTolerance(t.n), "without ẑ the loss is only \(orth)")

        let r = Tridiagonal.random(80, seed: 3)
        var (v2, w2) = try r.solve(leafSize: 8)
        w2[5 * 80 + 7] += 1e-8
        let (res, orth2) = r.errors(values: v2, vectors: w2)
        #expect(res > 10 * dcTolerance(80) && orth2 > 10 * dcTolerance(80))
        v2[3] += 1e-8
        #expect(r.errors(values: v2, vectors: try r.solve(leafSize: 8).vectors).residual > 10 * dcTolerance(80))
    }

    /// Same input, same bits, whatever the thread count (the secular roots are solved in parallel
    /// and the merge products use gemm, whose results do not depend on it).
    @Test func deterministicAcrossThreadCounts() throws {
        let t = Tridiagonal.random(300, seed: 8)
        let one = try Parallel.withThreadCount(1) { try t.solve() }
        let two = try Parallel.withThreadCount(2) { try t.solve() }
        #expect(one.values == two.values && one.vectors == two.vectors)
    }

    /// Large sizes (deep profile only): random and glued Wilkinson of order ~1000.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep"))
    func largeSizes() throws {
        _ = try expectAccurate(.random(1000, seed: 77), "random 1000")
        _ = try expectAccurate(.gluedWilkinson(copies: 48, glue: 1e-10), "glued 1008")
        _ = try expectAccurate(.wilkinson(500), "W⁺1001")
    }
}

/// Both divide-and-conquer solvers split sub-problems of 128 rows or more between two threads;
/// the results must not depend on that: one thread and the default give the same bits, for the
/// tridiagonal and the bidiagonal solver, at an order with two levels of parallel halves.
@Suite struct DivideAndConquerThreadIndependenceTests {
    @Test func oneThreadAndTheDefaultGiveIdenticalResults() throws {
        let n = 300
        var rng = RandomStream(seed: 77, stream: 3)
        let d = (0..<n).map { _ in rng.normal() }
        let e = (0..<(n - 1)).map { _ in rng.normal() }
        func tridiagonal() throws -> ([Double], [Double]) {
            var values = d
            let vectors = try tridiagonalDivideAndConquer(diagonal: &values, offDiagonal: e)
            return (values, vectors)
        }
        func bidiagonal() throws -> ([Double], [Double], [Double]) {
            var values = d
            let (u, v) = try bidiagonalDivideAndConquer(diagonal: &values, superdiagonal: e)
            return (values, u, v)
        }
        #expect(Parallel.threadCount >= 2 || ProcessInfo.processInfo.activeProcessorCount < 2)
        let (t, tSerial) = (try tridiagonal(), try Parallel.withThreadCount(1) { try tridiagonal() })
        let (b, bSerial) = (try bidiagonal(), try Parallel.withThreadCount(1) { try bidiagonal() })
        #expect(t.0 == tSerial.0 && t.1 == tSerial.1, "tridiagonal")
        #expect(b.0 == bSerial.0 && b.1 == bSerial.1 && b.2 == bSerial.2, "bidiagonal")
    }
}
