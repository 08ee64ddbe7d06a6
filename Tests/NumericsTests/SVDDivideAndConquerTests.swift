import Foundation
import Testing
@testable import Numerics

/// The SVD above ``svdDivideAndConquerCrossover`` (bidiagonal divide and conquer, then the
/// reflectors applied in compact WY blocks): backward error ‖A − UΣVᵀ‖_F/‖A‖_F and orthogonality
/// of U and V below 1e-13·max(m, n) ≈ 450·max(m,n)·ε (as in SVDTests), and singular values within
/// that times σ_max of the bidiagonal QR iteration's (`singularValues()`, the reference solver).
/// Larger sizes (1024, 2048) in THEORYCHECK_PROFILE=deep only.
@Suite struct SVDDivideAndConquerTests {
    private func tolerance(_ m: Int, _ n: Int) -> Double { 1e-13 * Double(max(m, n)) }

    @discardableResult
    private func expectAccurate(_ a: Matrix, full: Bool, _ label: String) throws -> (residual: Double, orthogonality: Double) {
        let (m, n) = (a.rows, a.columns)
        let p = min(m, n)
        let s = try a.svd(full: full)
        let us = Matrix(rows: m, columns: p) { i, j in s.u[i, j] * s.singularValues[j] }
        let vtp = Matrix(rows: p, columns: n) { i, j in s.vt[i, j] }
        let residual = DecompositionCheck.relativeDifference(a, DecompositionCheck.multiply(us, vtp))
        let ul = DecompositionCheck.orthogonalityLoss(columnsOf: s.u)
        let vl = DecompositionCheck.orthogonalityLoss(rowsOf: s.vt)
        let tol = tolerance(m, n)
        #expect(residual <= tol, "\(label): residual \(residual)")
        #expect(ul <= tol && vl <= tol, "\(label): orthogonality U \(ul), V \(vl)")
        let reference = try a.singularValues()
        for i in 0..<p {
            #expect(abs(s.singularValues[i] - reference[i]) <= tol * max(reference[0], .leastNormalMagnitude),
                    "\(label): σ\(i) \(s.singularValues[i]) vs QR iteration \(reference[i])")
            if i > 0 { #expect(s.singularValues[i - 1] >= s.singularValues[i], "\(label): not descending at \(i)") }
        }
        return (residual, max(ul, vl))
    }

    /// Q₁·diag(σ)·Q₂ᵀ with random orthogonal factors: a matrix with prescribed singular values.
    private func withSingularValues(_ sigma: [Double], rows m: Int, columns n: Int, seed: UInt64) -> Matrix {
        var rng = RandomStream(seed: seed, stream: 4)
        let u = Matrix.haarOrthogonal(rows: m, columns: m, using: &rng)
        let v = Matrix.haarOrthogonal(rows: n, columns: n, using: &rng)
        let us = Matrix(rows: m, columns: n) { i, j in j < sigma.count ? u[i, j] * sigma[j] : 0 }
        return us * v.transposed
    }

    @Test func randomShapesAboveTheCrossover() throws {
        #expect(svdDivideAndConquerCrossover < 200)
        var rng = RandomStream(seed: 41, stream: 1)
        for (m, n) in [(240, 240), (300, 200), (200, 300)] {
            let a = Matrix.gaussian(rows: m, columns: n, using: &rng)
            try expectAccurate(a, full: false, "\(m)×\(n) thin")
        }
        try expectAccurate(Matrix.gaussian(rows: 260, columns: 210, using: &rng), full: true, "260×210 full")
    }

    /// Graded (1 … 1e-14), rank deficient (rank 5, then zeros), repeated (two values, 100 each) and
    /// clustered (within 1e-12 of 1) singular values.
    @Test func gradedRankDeficientRepeatedAndClustered() throws {
        let n = 220
        let cases: [(String, [Double])] = [
            ("graded", (0..<n).map { pow(10, -14 * Double($0) / Double(n - 1)) }),
            ("rank 5", [9, 4, 3, 2, 1] + [Double](repeating: 0, count: n - 5)),
            ("repeated", [Double](repeating: 3, count: n / 2) + [Double](repeating: 1, count: n - n / 2)),
            ("clustered", (0..<n).map { 1 + 1e-12 * Double($0) }),
        ]
        for (k, (label, sigma)) in cases.enumerated() {
            let a = withSingularValues(sigma, rows: n, columns: n, seed: UInt64(k + 1))
            try expectAccurate(a, full: false, label)
            // Weyl: the computed values are within the backward error of the prescribed ones.
            let s = try a.singularValues()
            let exact = sigma.sorted(by: >)
            for i in 0..<n { #expect(abs(s[i] - exact[i]) <= tolerance(n, n) * exact[0], "\(label) σ\(i)") }
        }
    }

    /// The checker rejects a decomposition with σ_max off by 1e-6 or one vector entry off by 1e-8.
    @Test func checkerRejectsPerturbedFactors() throws {
        var rng = RandomStream(seed: 43, stream: 1)
        let a = Matrix.gaussian(rows: 210, columns: 210, using: &rng)
        let s = try a.svd()
        var sigma = s.singularValues
        sigma[0] += 1e-6
        let us = Matrix(rows: 210, columns: 210) { i, j in s.u[i, j] * sigma[j] }
        #expect(DecompositionCheck.relativeDifference(a, DecompositionCheck.multiply(us, s.vt)) > 10 * tolerance(210, 210))
        var u = s.u
        u[3, 4] += 1e-8
        #expect(DecompositionCheck.orthogonalityLoss(columnsOf: u) > 10 * tolerance(210, 210))
    }

    @Test(.enabled(if: DecompositionCheck.deep))
    func largeSizes() throws {
        var rng = RandomStream(seed: 47, stream: 1)
        for n in [1024, 2048] {
            let (res, orth) = try expectAccurate(Matrix.gaussian(rows: n, columns: n, using: &rng), full: true, "\(n)")
            print("SVD divide and conquer n=\(n): residual/(nε) = \(res / (Double(n) * .ulpOfOne)), orthogonality/(nε) = \(orth / (Double(n) * .ulpOfOne))")
        }
        let n = 1024
        let graded = withSingularValues((0..<n).map { pow(10, -14 * Double($0) / Double(n - 1)) }, rows: n, columns: n, seed: 9)
        try expectAccurate(graded, full: false, "graded 1024")
        let rank = withSingularValues([Double](repeating: 1, count: 10) + [Double](repeating: 0, count: n - 10), rows: n, columns: n, seed: 10)
        try expectAccurate(rank, full: false, "rank 10 of 1024")
    }
}
