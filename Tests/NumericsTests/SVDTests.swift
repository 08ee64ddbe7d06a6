import Foundation
import Testing
@testable import Numerics

/// Tolerance for backward error and orthogonality: Householder bidiagonalisation + bidiagonal QR
/// is backward stable with ‖E‖_F ≤ c·max(m,n)·ε·‖A‖_F for a modest constant c (Golub & Van Loan
/// §8.6); observed values are a few sqrt(max(m,n))·ε. We allow 1e-13·max(m,n) ≈ 450·max(m,n)·ε:
/// two orders of magnitude of headroom for the constant, while each planted bug below produces an
/// error of order 1e-2 or more.
private func svdTolerance(_ m: Int, _ n: Int) -> Double { 1e-13 * Double(max(m, n, 1)) }

private func svdErrors(_ a: Matrix, _ s: SVD) -> (residual: Double, uLoss: Double, vLoss: Double) {
    let p = s.singularValues.count
    // U·diag(σ)·Vᵀ over the first p columns/rows (the rest multiply zero blocks).
    let us = Matrix(rows: a.rows, columns: p) { i, j in s.u[i, j] * s.singularValues[j] }
    let vtp = Matrix(rows: p, columns: a.columns) { i, j in s.vt[i, j] }
    let recon = p == 0 ? Matrix(rows: a.rows, columns: a.columns) : DecompositionCheck.multiply(us, vtp)
    return (DecompositionCheck.relativeDifference(a, recon),
            DecompositionCheck.orthogonalityLoss(columnsOf: s.u),
            DecompositionCheck.orthogonalityLoss(rowsOf: s.vt))
}

@discardableResult
private func expectGoodSVD(_ a: Matrix, full: Bool = false, _ label: String) throws -> SVD {
    let s = try a.svd(full: full)
    let (m, n) = (a.rows, a.columns)
    let p = min(m, n)
    #expect(s.singularValues.count == p, "\(label)")
    #expect(s.u.rows == m && s.u.columns == (full ? m : p), "\(label): u is \(s.u.shapeDescription)")
    #expect(s.vt.rows == (full ? n : p) && s.vt.columns == n, "\(label): vt is \(s.vt.shapeDescription)")
    for (i, x) in s.singularValues.enumerated() {
        #expect(x >= 0, "\(label): σ\(i) = \(x) < 0")
        if i > 0 { #expect(s.singularValues[i - 1] >= x, "\(label): not descending at \(i)") }
    }
    let (res, ul, vl) = svdErrors(a, s)
    let tol = svdTolerance(m, n)
    #expect(res <= tol, "\(label): residual \(res)")
    #expect(ul <= tol, "\(label): ‖UᵀU − I‖ = \(ul)")
    #expect(vl <= tol, "\(label): ‖VᵀV − I‖ = \(vl)")
    return s
}

/// U·diag(σ)·Vᵀ with random orthogonal U (m×m) and V (n×n): a matrix with known singular values.
private func withSingularValues(_ sigma: [Double], rows m: Int, columns n: Int, using rng: inout RandomStream) -> Matrix {
    let u = DecompositionCheck.randomOrthogonal(m, using: &rng)
    let v = DecompositionCheck.randomOrthogonal(n, using: &rng)
    let us = Matrix(rows: m, columns: n) { i, j in j < sigma.count ? u[i, j] * sigma[j] : 0 }
    return DecompositionCheck.multiply(us, DecompositionCheck.transpose(v))
}

@Suite struct SVDTests {
    @Test func randomShapesThinAndFull() throws {
        var rng = RandomStream(seed: 17, stream: 1)
        var shapes = [(1, 1), (2, 1), (1, 2), (3, 3), (7, 3), (3, 7), (20, 20), (40, 13), (13, 40), (64, 2), (2, 64)]
        if DecompositionCheck.deep { shapes += [(200, 150), (150, 200), (300, 300), (400, 60)] }
        for (m, n) in shapes {
            let a = Matrix.gaussian(rows: m, columns: n, using: &rng)
            try expectGoodSVD(a, "\(m)×\(n) thin")
            try expectGoodSVD(a, full: true, "\(m)×\(n) full")
        }
    }

    @Test func knownSingularValuesIncludingGradedAndRankDeficient() throws {
        var rng = RandomStream(seed: 23, stream: 2)
        let cases: [(String, Int, Int, [Double])] = [
            ("graded 1..1e-12", 30, 20, (0..<20).map { pow(10, -12 * Double($0) / 19) }),
            ("rank 3", 25, 25, [5, 2, 1] + [Double](repeating: 0, count: 22)),
            ("repeated", 18, 24, [Double](repeating: 2, count: 10) + [Double](repeating: 1, count: 8)),
        ]
        for (label, m, n, sigma) in cases {
            let a = withSingularValues(sigma, rows: m, columns: n, using: &rng)
            let s = try expectGoodSVD(a, label)
            // Weyl: each computed σ is within ‖E‖₂ of the exact one, E = rounding in forming A plus
            // the backward error, both ≤ tolerance·σ_max.
            let exact = sigma.sorted(by: >)
            for i in 0..<exact.count {
                #expect(abs(s.singularValues[i] - exact[i]) <= svdTolerance(m, n) * exact[0], "\(label) σ\(i)")
            }
        }
    }

    /// Large enough for the two-thread paths of the reduction, the factor formation and the
    /// rotation application, tall and wide.
    @Test func twoThreadPathsAtModerateSize() throws {
        var rng = RandomStream(seed: 19, stream: 9)
        let a = Matrix.gaussian(rows: 260, columns: 170, using: &rng)
        try expectGoodSVD(a, "260×170")
        try expectGoodSVD(a.transposed, full: true, "170×260 full")
    }

    /// Strongly graded matrices, large end first and last, in both orientations: exercises the
    /// choice of chase direction (top-down and bottom-up sweeps) and the zero-shift sweeps.
    @Test func gradedMatricesBothOrientations() throws {
        let m = 30, n = 22
        for flip in [false, true] {
            let a = Matrix(rows: m, columns: n) { i, j in
                let k = flip ? n - 1 - min(i, n - 1) : min(i, n - 1)
                if i == j { return pow(10, -0.6 * Double(k)) }
                return j == i + 1 ? 0.7 * pow(10, -0.6 * Double(k) - 0.3) : (i > j ? 1e-3 * pow(10, -0.6 * Double(k)) : 0)
            }
            let s = try expectGoodSVD(a, "graded flip=\(flip)")
            try expectGoodSVD(a.transposed, "graded transposed flip=\(flip)")
            #expect(s.singularValues[n - 1] > 0)
        }
    }

    @Test func rankOneClosedForm() throws {
        // x·yᵀ has the single nonzero singular value ‖x‖·‖y‖.
        let x: [Double] = [3, 0, -4, 1, 2], y: [Double] = [1, -1, 0.5, 2]
        let a = Matrix(rows: 5, columns: 4) { i, j in x[i] * y[j] }
        let s = try expectGoodSVD(a, "rank one")
        let nx = x.reduce(0) { $0 + $1 * $1 }.squareRoot(), ny = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(s.singularValues[0] - nx * ny) <= svdTolerance(5, 4) * nx * ny)
        for i in 1..<4 { #expect(s.singularValues[i] <= svdTolerance(5, 4) * nx * ny) }
        #expect(try a.rank() == 1)
    }

    @Test func twoByTwoClosedForm() throws {
        // σ_max ± σ_min = sqrt((a ± d)² + (b ∓ c)²) for [[a, b], [c, d]].
        let (a, b, c, d) = (1.5, -2.0, 0.25, 3.0)
        let s = try expectGoodSVD(Matrix([[a, b], [c, d]]), "2x2")
        let plus = ((a + d) * (a + d) + (b - c) * (b - c)).squareRoot()
        let minus = ((a - d) * (a - d) + (b + c) * (b + c)).squareRoot()
        let tol = 16 * DecompositionCheck.eps * plus
        #expect(abs(s.singularValues[0] - (plus + minus) / 2) <= tol)
        #expect(abs(s.singularValues[1] - (plus - minus) / 2) <= tol)
    }

    @Test func singularValuesAreSquareRootsOfGramEigenvalues() throws {
        // For well-conditioned A, σᵢ² are the eigenvalues of AᵀA (formed by plain loops; the
        // eigenvalue error ≲ c·n·ε·‖A‖² gives |σ − σ′| ≲ c·n·ε·‖A‖²/(2σ_min)).
        var rng = RandomStream(seed: 31, stream: 3)
        let a = Matrix.gaussian(rows: 40, columns: 12, using: &rng)
        let gram = DecompositionCheck.multiply(DecompositionCheck.transpose(a), a)
        let lambda = try gram.symmetricEigenvalues().sorted(by: >)
        let sigma = try a.singularValues()
        let tol = svdTolerance(40, 12) * sigma[0] * sigma[0] / sigma[11]
        for i in 0..<12 { #expect(abs(sigma[i] - lambda[i].squareRoot()) <= tol, "σ\(i)") }
    }

    @Test func transposeInvarianceAndValuesOnly() throws {
        var rng = RandomStream(seed: 37, stream: 4)
        let a = Matrix.gaussian(rows: 23, columns: 9, using: &rng)
        let s1 = try a.singularValues(), s2 = try a.transposed.singularValues()
        let sFull = try a.svd().singularValues
        for i in 0..<9 {
            #expect(abs(s1[i] - s2[i]) <= svdTolerance(23, 9) * s1[0])
            #expect(s1[i] == sFull[i])   // identical computation with and without vectors
        }
    }

    @Test func zeroRowsColumnsEmptyAndZero() throws {
        var rng = RandomStream(seed: 41, stream: 5)
        var a = Matrix.gaussian(rows: 12, columns: 8, using: &rng)
        for j in 0..<8 { a[4, j] = 0 }
        for i in 0..<12 { a[i, 2] = 0; a[i, 7] = 0 }
        let s = try expectGoodSVD(a, "zero rows/cols")
        // Two zero columns: rank ≤ 6; rounding in the reduction can leave σ₆, σ₇ at ε·σ_max level.
        #expect(s.singularValues[6] <= svdTolerance(12, 8) * s.singularValues[0], "σ6 = \(s.singularValues[6])")
        #expect(s.singularValues[7] <= svdTolerance(12, 8) * s.singularValues[0], "σ7 = \(s.singularValues[7])")
        #expect(try a.rank() == 6)
        try expectGoodSVD(a, full: true, "zero rows/cols full")
        try expectGoodSVD(Matrix(rows: 6, columns: 4), full: true, "zero matrix")
        for (m, n) in [(0, 3), (3, 0), (0, 0)] {
            let e = try Matrix(rows: m, columns: n).svd(full: true)
            #expect(e.singularValues.isEmpty && e.u.rows == m && e.u.columns == m && e.vt.rows == n && e.vt.columns == n)
            #expect(e.u == .identity(m) && e.vt == .identity(n))
            let t = try Matrix(rows: m, columns: n).svd()
            #expect(t.u.rows == m && t.u.columns == 0 && t.vt.rows == 0 && t.vt.columns == n)
        }
        #expect(try Matrix(rows: 0, columns: 3).spectralNorm() == 0)
        #expect(try Matrix(rows: 0, columns: 3).rank() == 0)
        #expect(throws: NumericsError.self) { try Matrix(rows: 0, columns: 3).conditionNumber() }
    }

    @Test func extremeScaling() throws {
        var rng = RandomStream(seed: 43, stream: 6)
        let base = Matrix.gaussian(rows: 15, columns: 10, using: &rng)
        let reference = try base.singularValues()
        for scale in [1e-150, 1e150, 1e-300, 1e300, 0x1p-1030] {   // the last is subnormal
            let s = try expectGoodSVD(base * scale, "scale \(scale)")
            for i in 0..<10 {
                #expect(abs(s.singularValues[i] / scale - reference[i]) <= svdTolerance(15, 10) * 10 * reference[0])
            }
        }
    }

    @Test func normsConditionAndRank() throws {
        var rng = RandomStream(seed: 47, stream: 7)
        let a = withSingularValues([4, 2, 1e-3, 1e-20], rows: 6, columns: 4, using: &rng)
        let tol = svdTolerance(6, 4) * 4
        #expect(abs(try a.spectralNorm() - 4) <= tol)
        #expect(try a.rank() == 3)                        // 1e-20 is below 6·ε·4
        #expect(try a.rank(tolerance: 0.01) == 2)
        let b = withSingularValues([8, 2, 0.5], rows: 5, columns: 3, using: &rng)
        // κ = 16; σ_min carries an absolute error ≲ tol·8, so κ a relative error ≲ tol·8/0.5.
        #expect(abs(try b.conditionNumber() - 16) <= 16 * svdTolerance(5, 3) * 16)
        #expect(try Matrix(rows: 3, columns: 3).conditionNumber() == .infinity)
        #expect(throws: NumericsError.self) { try Matrix([[1, .nan]]).svd() }
        #expect(throws: NumericsError.self) { try Matrix([[1, .infinity]]).spectralNorm() }
        #expect(throws: NumericsError.self) { try Matrix([[.nan], [1]]).rank() }
    }

    /// The checker must reject typical bugs: a transposed factor, a lost sign on one singular
    /// vector, and a deflation that drops one superdiagonal coupling (simulated by decomposing a
    /// matrix with one entry of its bidiagonal form removed, i.e. a wrong matrix).
    @Test func checkerCatchesPlantedBugs() throws {
        var rng = RandomStream(seed: 53, stream: 8)
        let a = Matrix.gaussian(rows: 9, columns: 9, using: &rng)
        let s = try a.svd()
        let tol = svdTolerance(9, 9)
        let swapped = SVD(u: DecompositionCheck.transpose(s.u), singularValues: s.singularValues, vt: s.vt)
        #expect(svdErrors(a, swapped).residual > 1e3 * tol)
        var vt = s.vt
        for j in 0..<9 { vt[3, j] = -vt[3, j] }
        #expect(svdErrors(a, SVD(u: s.u, singularValues: s.singularValues, vt: vt)).residual > 1e3 * tol)
        var b = a
        b[4, 5] = 0
        #expect(svdErrors(a, try b.svd()).residual > 1e3 * tol)
        var sigma = s.singularValues
        sigma.swapAt(0, 8)   // unsorted or mismatched values
        #expect(svdErrors(a, SVD(u: s.u, singularValues: sigma, vt: s.vt)).residual > 1e3 * tol)
    }
}
