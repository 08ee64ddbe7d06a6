import Foundation
import Testing
@testable import Numerics

/// Tolerance for backward error and orthogonality: the Householder + QR eigensolver is backward
/// stable with ‖E‖_F ≤ c·n·ε·‖A‖_F for a modest constant c (Golub & Van Loan §8.3); observed values
/// are around 1–10·sqrt(n)·ε. We allow 1e-13·n ≈ 450·n·ε: two orders of magnitude of headroom for
/// the constant, while every planted bug below produces errors of order 1e-3 or more.
private func eigenTolerance(_ n: Int) -> Double { 1e-13 * Double(max(n, 1)) }

/// Residual and orthogonality of a decomposition, with the eigenvalue ordering checked.
private func eigenErrors(_ a: Matrix, _ eig: SymmetricEigen) -> (residual: Double, orthogonality: Double) {
    let recon = DecompositionCheck.rotated(diagonal: eig.values, by: eig.vectors)
    return (DecompositionCheck.relativeDifference(a, recon),
            DecompositionCheck.orthogonalityLoss(columnsOf: eig.vectors))
}

private func expectGoodEigen(_ a: Matrix, _ label: String) throws -> SymmetricEigen {
    let eig = try a.symmetricEigen()
    let n = a.rows
    #expect(eig.values.count == n && eig.vectors.rows == n && eig.vectors.columns == n, "\(label)")
    for j in 1..<max(n, 1) { #expect(eig.values[j - 1] <= eig.values[j], "\(label): not ascending at \(j)") }
    let (res, orth) = eigenErrors(a, eig)
    #expect(res <= eigenTolerance(n), "\(label): residual \(res)")
    #expect(orth <= eigenTolerance(n), "\(label): orthogonality loss \(orth)")
    return eig
}

@Suite struct SymmetricEigenTests {
    @Test func knownSpectrumRotatedByRandomOrthogonal() throws {
        var rng = RandomStream(seed: 2024, stream: 1)
        for n in [1, 2, 3, 7, 16, 33, 64] {
            let lambda = (0..<n).map { _ in rng.normal() * 3 }
            let q = DecompositionCheck.randomOrthogonal(n, using: &rng)
            let a = DecompositionCheck.rotated(diagonal: lambda, by: q)
            let eig = try expectGoodEigen(a, "n=\(n)")
            // Eigenvalues are perturbed by at most ‖E‖₂ (Weyl), with E the rounding in forming A and
            // the backward error: both ≤ tolerance·‖A‖.
            let sorted = lambda.sorted()
            let scale = sorted.map(abs).max()!
            for j in 0..<n {
                #expect(abs(eig.values[j] - sorted[j]) <= eigenTolerance(n) * scale, "n=\(n) λ\(j)")
            }
        }
    }

    @Test func randomSymmetricShapes() throws {
        var rng = RandomStream(seed: 7, stream: 2)
        let sizes = DecompositionCheck.deep ? [5, 50, 100, 200, 300] : [4, 5, 31, 90]
        for n in sizes {
            let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
            let a = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
            _ = try expectGoodEigen(a, "gaussian n=\(n)")
        }
    }

    /// Large enough for the two-thread paths of the reduction, the factor formation and the
    /// rotation application.
    @Test func twoThreadPathsAtModerateSize() throws {
        var rng = RandomStream(seed: 8, stream: 7)
        let n = 210
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        _ = try expectGoodEigen(g + g.transposed, "n=\(n)")
    }

    /// Strongly graded tridiagonal matrices, large end at the top and at the bottom: the QR steps
    /// chase from the top in both cases, so this checks convergence and accuracy either way.
    @Test func gradedTridiagonalBothOrientations() throws {
        let n = 40
        for flip in [false, true] {
            let t = Matrix(rows: n, columns: n) { i, j in
                let k = flip ? n - 1 - min(i, j) : min(i, j)
                if i == j { return pow(10, -0.3 * Double(k)) }
                return abs(i - j) == 1 ? 0.5 * pow(10, -0.3 * Double(k) - 0.15) : 0
            }
            _ = try expectGoodEigen(t, "graded flip=\(flip)")
        }
    }

    @Test func tridiagonalToeplitzClosedForm() throws {
        // tridiag(b, a, b) has eigenvalues a + 2b·cos(kπ/(n+1)), k = 1…n.
        let n = 40, a = 0.5, b = -1.25
        let t = Matrix(rows: n, columns: n) { i, j in i == j ? a : (abs(i - j) == 1 ? b : 0) }
        let eig = try expectGoodEigen(t, "toeplitz")
        let exact = (1...n).map { a + 2 * b * cos(Double($0) * Double.pi / Double(n + 1)) }.sorted()
        // ‖T‖₂ ≤ |a| + 2|b| = 3; the bound is tolerance·‖T‖.
        for j in 0..<n { #expect(abs(eig.values[j] - exact[j]) <= eigenTolerance(n) * 3, "λ\(j)") }
    }

    @Test func twoByTwoClosedForm() throws {
        // [[p, q], [q, r]]: λ = (p+r)/2 ∓ sqrt(((p−r)/2)² + q²).
        let (p, q, r) = (2.0, -3.0, 0.25)
        let eig = try expectGoodEigen(Matrix([[p, q], [q, r]]), "2x2")
        let mid: Double = (p + r) / 2
        let half: Double = (p - r) / 2
        let rad: Double = (half * half + q * q).squareRoot()
        // A few roundings each in the closed form and in the solver, relative to ‖A‖₂ < 4.
        let tol: Double = 16 * DecompositionCheck.eps * 4
        #expect(abs(eig.values[0] - (mid - rad)) <= tol)
        #expect(abs(eig.values[1] - (mid + rad)) <= tol)
    }

    @Test func repeatedAndClusteredEigenvalues() throws {
        var rng = RandomStream(seed: 99, stream: 3)
        _ = try expectGoodEigen(Matrix.identity(12), "identity")
        _ = try expectGoodEigen(Matrix(rows: 9, columns: 9), "zero")
        let n = 30
        let q = DecompositionCheck.randomOrthogonal(n, using: &rng)
        var lambda = [Double](repeating: -2, count: n)
        for j in 0..<10 { lambda[j] = 1 }
        for j in 10..<25 { lambda[j] = 1 + 1e-13 * Double(j) }
        let a = DecompositionCheck.rotated(diagonal: lambda, by: q)
        let eig = try expectGoodEigen(a, "clustered")
        let sorted = lambda.sorted()
        let tol = eigenTolerance(n) * 2   // ‖A‖₂ = 2
        for j in 0..<n { #expect(abs(eig.values[j] - sorted[j]) <= tol) }
    }

    @Test func rankOneAndZeroRows() throws {
        // u·uᵀ has eigenvalues ‖u‖² (once) and 0 (n−1 times).
        let u: [Double] = [1, -2, 0, 3, 0.5, 0, 4]
        let n = u.count
        let a = Matrix(rows: n, columns: n) { i, j in u[i] * u[j] }
        let eig = try expectGoodEigen(a, "rank one")
        let norm2 = u.reduce(0) { $0 + $1 * $1 }
        #expect(abs(eig.values[n - 1] - norm2) <= eigenTolerance(n) * norm2)
        for j in 0..<(n - 1) { #expect(abs(eig.values[j]) <= eigenTolerance(n) * norm2) }
    }

    @Test func extremeScalingNeitherOverflowsNorUnderflows() throws {
        var rng = RandomStream(seed: 5, stream: 4)
        let n = 20
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let base = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        let reference = try base.symmetricEigen().values
        for s in [1e-150, 1e150, 1e-300, 1e300, 0x1p-1030] {   // the last is subnormal
            let eig = try expectGoodEigen(base * s, "scale \(s)")
            // Scaling by s is exact up to rounding of the product, and the algorithm scales back to
            // unit size by a power of two, so eigenvalues scale by s to within the tolerance.
            for (x, y) in zip(eig.values, reference) {
                #expect(abs(x / s - y) <= eigenTolerance(n) * 10, "scale \(s)")
            }
        }
    }

    /// Only the lower triangle is read: perturbing the strict upper triangle (within the symmetry
    /// tolerance) must give bit-identical results, while the same perturbation of the lower
    /// triangle must not.
    @Test func readsOnlyTheLowerTriangle() throws {
        var rng = RandomStream(seed: 13, stream: 8)
        let n = 25
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let a = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        let upperPerturbed = Matrix(rows: n, columns: n) { i, j in j > i ? a[i, j] * (1 + 1e-12) : a[i, j] }
        let lowerPerturbed = Matrix(rows: n, columns: n) { i, j in j < i ? a[i, j] * (1 + 1e-12) : a[i, j] }
        #expect(try upperPerturbed.symmetricEigenvalues() == a.symmetricEigenvalues())
        #expect(try lowerPerturbed.symmetricEigenvalues() != a.symmetricEigenvalues())
    }

    @Test func valuesOnlyAgreesWithFullDecomposition() throws {
        var rng = RandomStream(seed: 11, stream: 5)
        let n = 37
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let a = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        // Same reduction and same QR steps: identical results.
        #expect(try a.symmetricEigenvalues() == a.symmetricEigen().values)
    }

    /// Above ``Matrix/divideAndConquerCrossover`` the vectors come from divide and conquer while
    /// the values-only path keeps the QR iteration: both are within c·n·ε·‖A‖ of the exact values
    /// (Weyl), so they agree to the tolerance times ‖A‖_F (‖A‖₂ ≤ ‖A‖_F).
    @Test func valuesOnlyAgreesAboveTheCrossover() throws {
        var rng = RandomStream(seed: 12, stream: 5)
        let n = Matrix.divideAndConquerCrossover + 53
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let a = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        let full = try a.symmetricEigen().values, only = try a.symmetricEigenvalues()
        let scale = DecompositionCheck.frobenius(a)
        for j in 0..<n { #expect(abs(full[j] - only[j]) <= eigenTolerance(n) * scale, "λ\(j)") }
    }

    /// Divide-and-conquer hard cases through the public API (n above the crossover): identity plus
    /// a rank-2 term (an eigenvalue of multiplicity n − 2, everything deflates), a rank-deficient
    /// Gram matrix, a tight cluster, and a matrix graded over 30 orders of magnitude.
    @Test func repeatedRankDeficientAndGradedAboveTheCrossover() throws {
        var rng = RandomStream(seed: 31, stream: 9)
        let n = Matrix.divideAndConquerCrossover + 30
        let u = rng.normalVector(n), v = rng.normalVector(n)
        let lowRank = Matrix(rows: n, columns: n) { (i: Int, j: Int) -> Double in
            let diagonal: Double = i == j ? 1 : 0
            return diagonal + u[i] * u[j] - 0.5 * v[i] * v[j]
        }
        let eig = try expectGoodEigen(lowRank, "identity plus rank 2")
        // Exactly n − 2 eigenvalues equal 1; the other two are where the rank-2 term acts.
        let ones = eig.values.filter { abs($0 - 1) <= eigenTolerance(n) * DecompositionCheck.frobenius(lowRank) }
        #expect(ones.count == n - 2)

        let x = Matrix.gaussian(rows: n, columns: 20, using: &rng)
        let gram = DecompositionCheck.multiply(x, DecompositionCheck.transpose(x))
        let symmetricGram = Matrix(rows: n, columns: n) { i, j in gram[max(i, j), min(i, j)] }
        let g = try expectGoodEigen(symmetricGram, "rank 20")
        let norm = g.values.last!
        #expect(g.values.prefix(n - 20).allSatisfy { abs($0) <= eigenTolerance(n) * norm })

        let q = DecompositionCheck.randomOrthogonal(n, using: &rng)
        let cluster: [Double] = (0..<n).map { (j: Int) -> Double in j < 150 ? 1 + 1e-12 * Double(j) : -1 - Double(j) }
        _ = try expectGoodEigen(DecompositionCheck.rotated(diagonal: cluster, by: q), "cluster")

        let graded = Matrix(rows: n, columns: n) { (i: Int, j: Int) -> Double in
            let k = min(i, j)
            if i == j { return pow(10, -0.13 * Double(k)) }
            return abs(i - j) == 1 ? 0.5 * pow(10, -0.13 * Double(k) - 0.1) : 0
        }
        _ = try expectGoodEigen(graded, "graded")
    }

    /// From ``Matrix/blockedReductionCrossover`` the reduction to tridiagonal form is the blocked
    /// one: residual and orthogonality through the public API just above it (products through the
    /// package's gemm, so the test stays fast), on a Gaussian symmetric matrix and on a known
    /// spectrum with a cluster of 200 eigenvalues 10⁻¹² apart and a 100-fold repeated one; the
    /// values of the latter against the exact ones (Weyl: within tolerance·‖A‖₂).
    @Test func blockedReductionAboveItsCrossover() throws {
        var rng = RandomStream(seed: 17, stream: 6)
        let n = Matrix.blockedReductionCrossover + 37
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let gaussian = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        var lambda = [Double](repeating: -0.5, count: n)   // entries 200..<300: repeated
        for j in 0..<200 { lambda[j] = 2 + 1e-12 * Double(j) }
        for j in 300..<n { lambda[j] = Double(j) / Double(n) - 3 }
        let q = Matrix.haarOrthogonal(rows: n, columns: n, using: &rng)
        let rotated = Matrix.product(Matrix(rows: n, columns: n) { i, j in q[i, j] * lambda[j] }, q, transposeB: true)
        let known = Matrix(rows: n, columns: n) { i, j in rotated[max(i, j), min(i, j)] }
        for (label, a) in [("Gaussian", gaussian), ("cluster and repeated", known)] {
            let e = try a.symmetricEigen()
            let scaled = Matrix(rows: n, columns: n) { i, j in e.vectors[i, j] * e.values[j] }
            let residual = (a - Matrix.product(scaled, e.vectors, transposeB: true)).frobeniusNorm / a.frobeniusNorm
            let orthogonality = (Matrix.product(e.vectors, e.vectors, transposeA: true) - .identity(n)).frobeniusNorm
            #expect(residual <= eigenTolerance(n), "\(label): residual \(residual)")
            #expect(orthogonality <= eigenTolerance(n), "\(label): orthogonality loss \(orthogonality)")
            if label != "Gaussian" {
                let exact = lambda.sorted()
                for j in 0..<n { #expect(abs(e.values[j] - exact[j]) <= eigenTolerance(n) * 3, "λ\(j)") }
            }
        }
    }

    @Test func rejectsBadData() {
        #expect(throws: NumericsError.self) { try Matrix([[1, .nan], [.nan, 1]]).symmetricEigen() }
        #expect(throws: NumericsError.self) { try Matrix([[1, .infinity], [.infinity, 1]]).symmetricEigenvalues() }
        #expect(throws: NumericsError.self) { try Matrix([[1, 2], [0, 1]]).symmetricEigen() }
        // Asymmetry at rounding level is accepted (lower triangle used).
        #expect(throws: Never.self) { try Matrix([[1, 2 * (1 + 1e-15)], [2, 1]]).symmetricEigen() }
        #expect((try? Matrix(rows: 0, columns: 0).symmetricEigen().values) == [])
    }

    /// The checker used above must reject typical bugs: a transposed eigenvector matrix, a sign
    /// error in one eigenvalue, and a deflation that drops one off-diagonal coupling.
    @Test func checkerCatchesPlantedBugs() throws {
        var rng = RandomStream(seed: 3, stream: 6)
        let n = 12
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let a = Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
        let eig = try a.symmetricEigen()
        let transposed = SymmetricEigen(values: eig.values, vectors: DecompositionCheck.transpose(eig.vectors))
        #expect(eigenErrors(a, transposed).residual > 1e3 * eigenTolerance(n))
        var flipped = eig.values
        flipped[n - 1] = -flipped[n - 1]
        #expect(eigenErrors(a, SymmetricEigen(values: flipped, vectors: eig.vectors)).residual > 1e3 * eigenTolerance(n))
        var decoupled = a
        decoupled[5, 4] = 0
        decoupled[4, 5] = 0
        let wrong = try decoupled.symmetricEigen()
        #expect(eigenErrors(a, wrong).residual > 1e3 * eigenTolerance(n))
    }
}
