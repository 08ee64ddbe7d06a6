import Foundation
import Testing
@testable import Numerics

@Suite struct SolveCholeskyTests {
    @Test func knownFactor() throws {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
        let l = try Matrix([[4, 2], [2, 3]]).cholesky()
        #expect(l[0, 0] == 2 && l[1, 0] == 1 && l[0, 1] == 0)
        #expect(l[1, 1] == 2.0.squareRoot()) // sqrt is correctly rounded
        #expect(try Matrix(rows: 0, columns: 0).cholesky() == Matrix(rows: 0, columns: 0))
    }

    /// |A − L·Lᵀ| ≤ γ_{n+1}|L||Lᵀ| entrywise (Higham, ASNA Thm. 10.3); exact zeros above the diagonal.
    @Test func componentwiseBackwardError() throws {
        var stream = RandomStream(seed: 20261123, stream: 300)
        // n ≥ 64 takes the blocked path (block width 32); 65, 90 and 130 end in a partial block.
        for n in [1, 3, 17, 40, 63, 64, 65, 90, 130] {
            let g = Matrix.gaussian(rows: n + 3, columns: n, using: &stream)
            let a = Matrix.product(g, g, transposeA: true)
            let l = try a.cholesky()
            var above = 0.0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { above = max(above, Swift.abs(l[i, j])) } }
            #expect(above == 0)
            #expect(l.diagonalEntries.allSatisfy { $0 > 0 })
            let lAbs = SolveTests.abs(l)
            let bound = SolveTests.gamma(n + 1) * QRCheck.referenceProduct(lAbs, lAbs.transposed)
            let residual = a - QRCheck.referenceProduct(l, l.transposed)
            #expect(SolveTests.worstRatio(residual, bound) <= 1.01, "n=\(n)")
        }
    }

    /// Residual of the SPD solve against its componentwise bound: |b − Ax̂| ≤ γ_{3n+1}|L||Lᵀ||x̂|
    /// (Higham, ASNA Thm. 10.4) plus γ_{n+1}(|b| + |A||x̂|) for evaluating the residual.
    @Test func positiveDefiniteSolve() throws {
        var stream = RandomStream(seed: 20261123, stream: 301)
        for (n, p) in [(1, 1), (20, 3), (70, 5)] {
            let g = Matrix.gaussian(rows: n + 2, columns: n, using: &stream)
            let a = Matrix.product(g, g, transposeA: true)
            let b = Matrix.gaussian(rows: n, columns: p, using: &stream)
            let x = try a.solvePositiveDefinite(b)
            let l = try a.cholesky()
            let lAbs = SolveTests.abs(l)
            let bound = SolveTests.gamma(3 * n + 1) * QRCheck.referenceProduct(QRCheck.referenceProduct(lAbs, lAbs.transposed), SolveTests.abs(x))
                + SolveTests.gamma(n + 1) * (SolveTests.abs(b) + QRCheck.referenceProduct(SolveTests.abs(a), SolveTests.abs(x)))
            #expect(SolveTests.worstRatio(b - QRCheck.referenceProduct(a, x), bound) <= 1.01, "n=\(n)")
        }
        #expect(throws: NumericsError.self) { try Matrix([[1, 2], [2, 1]]).solvePositiveDefinite(.column([1, 1])) }
    }

    @Test func notPositiveDefiniteThrowsAtTheFailingPivot() throws {
        #expect(throws: NumericsError.notPositiveDefinite(operation: "Matrix.cholesky", pivot: 1)) {
            try Matrix([[1, 2], [2, 1]]).cholesky() // eigenvalues 3, −1; pivot 1: 1 − 4 < 0
        }
        #expect(throws: NumericsError.notPositiveDefinite(operation: "Matrix.cholesky", pivot: 0)) {
            try Matrix([[-1, 0], [0, 1]]).cholesky()
        }
        #expect(throws: NumericsError.notPositiveDefinite(operation: "Matrix.cholesky", pivot: 2)) {
            try Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 0]]).cholesky() // semidefinite: zero pivot
        }
        #expect(throws: NumericsError.self) { try Matrix([[1, .nan], [.nan, 1]]).cholesky() }
        // A failure inside a later block of the blocked path is reported at its own index.
        var late = Matrix.identity(100)
        late[70, 70] = -1
        #expect(throws: NumericsError.notPositiveDefinite(operation: "Matrix.cholesky", pivot: 70)) { try late.cholesky() }
        // Only the lower triangle is read: garbage above the diagonal does not matter.
        var upperGarbage = Matrix([[4, 2], [2, 3]])
        upperGarbage[0, 1] = 1e300
        #expect(try upperGarbage.cholesky() == Matrix([[4, 2], [2, 3]]).cholesky())
    }
}

/// Least squares, checked against the closed form X = V·Σ⁻¹·Uᵀ·B for matrices built as U·Σ·Vᵀ
/// with Haar U, V (so A⁺ is known exactly), the normal equations Aᵀ(B − AX) = 0 and a hand fit.
@Suite struct SolveLeastSquaresTests {
    @Test func straightLineFit() throws {
        // y = a + b·t through (0, 1), (1, 3), (2, 2), (3, 5): b = Σ(t − t̄)(y − ȳ)/Σ(t − t̄)² = 5.5/5 = 1.1,
        // a = ȳ − b·t̄ = 2.75 − 1.65 = 1.1.
        let a = Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
        let x = try a.leastSquares(.column([1, 3, 2, 5]))
        #expect(Swift.abs(x[0, 0] - 1.1) <= 1e-14 && Swift.abs(x[1, 0] - 1.1) <= 1e-14)
    }

    /// Returns A = U·diag(σ)·Vᵀ (rank = σ.count) and its pseudo-inverse V·diag(1/σ)·Uᵀ.
    static func knownPseudoInverse(rows m: Int, columns n: Int, sigma: [Double],
                                   using stream: inout RandomStream) -> (a: Matrix, pinv: Matrix) {
        let k = sigma.count
        let u = Matrix.haarOrthogonal(rows: m, columns: k, using: &stream)
        let v = Matrix.haarOrthogonal(rows: n, columns: k, using: &stream)
        let a = Matrix.product(u * Matrix.diagonal(sigma), v, transposeB: true)
        let pinv = Matrix.product(v * Matrix.diagonal(sigma.map { 1 / $0 }), u, transposeB: true)
        return (a, pinv)
    }

    /// Tall full rank, wide full rank, and rank-deficient tall/wide/square, all with retained
    /// singular values in [1, 10] (κ = 10).
    ///
    /// Tolerances. Forward error of the minimum-norm solution under a relative perturbation ε of A
    /// (Wedin; Higham ASNA §20.1): ‖ΔX‖/‖X‖ ≲ κ·ε·(2 + κ·‖R‖/(‖A‖‖X‖)) with ε the backward error,
    /// bounded by tol = QRCheck.tolerance (≥ c·m·n·u). With κ = 10 and ‖R‖ ≤ ‖B‖: ≤ 4κ²·tol·(1 + ‖B‖/(‖A‖‖X‖)).
    /// The normal equations: the computed X solves a nearby problem exactly, so
    /// ‖Aᵀ(B − AX)‖ ≤ tol·‖A‖(‖B‖ + 2‖A‖‖X‖) (first order, Frobenius norms), factor 2 slack.
    @Test func matchesTheClosedFormPseudoInverse() throws {
        var stream = RandomStream(seed: 20261123, stream: 400)
        var worst = 0.0
        for (m, n, rank) in [(30, 10, 10), (10, 30, 10), (40, 25, 7), (25, 40, 7), (35, 35, 20), (70, 66, 66), (1, 1, 1), (5, 1, 1), (1, 5, 1)] {
            let sigma = (0..<rank).map { 1 + 9 * Double($0) / Double(max(1, rank - 1)) }
            let (a, pinv) = Self.knownPseudoInverse(rows: m, columns: n, sigma: sigma, using: &stream)
            let b = Matrix.gaussian(rows: m, columns: 3, using: &stream)
            let x = try a.leastSquares(b)
            let exact = pinv * b
            let tol = QRCheck.tolerance(rows: m, columns: n)
            let scale = 1 + b.frobeniusNorm / (a.frobeniusNorm * exact.frobeniusNorm)
            let forward = (x - exact).frobeniusNorm / exact.frobeniusNorm
            worst = max(worst, forward)
            #expect(forward <= 4 * 100 * tol * scale, "\(m)×\(n) rank \(rank): forward error \(forward)")
            let residual = b - a * x
            let normal = Matrix.product(a, residual, transposeA: true).frobeniusNorm
            let normalBound = 2 * tol * a.frobeniusNorm * (b.frobeniusNorm + 2 * a.frobeniusNorm * x.frobeniusNorm)
            #expect(normal <= normalBound, "\(m)×\(n) rank \(rank): ‖Aᵀr‖ = \(normal) > \(normalBound)")
        }
        print("SolveLeastSquaresTests: worst relative distance to A⁺B = \(worst)")
    }

    /// Negative control: a plain (not minimum-norm) solution of a rank-deficient problem satisfies
    /// the normal equations but is rejected by the closed-form check: adding a null-space vector
    /// of A to the computed X leaves A·X unchanged and moves X away from A⁺B.
    @Test func nonMinimumNormSolutionIsRejected() throws {
        var stream = RandomStream(seed: 20261123, stream: 401)
        let (a, pinv) = Self.knownPseudoInverse(rows: 12, columns: 9, sigma: [1, 2, 3, 4], using: &stream)
        let b = Matrix.gaussian(rows: 12, columns: 1, using: &stream)
        let x = try a.leastSquares(b)
        // A null-space direction of A: (I − A⁺A)·g for a Gaussian g (A⁺A projects onto the row space).
        let g = Matrix.gaussian(rows: 9, columns: 1, using: &stream)
        let projected = g - pinv * (a * g)
        let shifted = x + projected
        let exact = pinv * b
        let tol = 4 * 100 * QRCheck.tolerance(rows: 12, columns: 9)
        #expect((shifted - exact).frobeniusNorm / exact.frobeniusNorm > 1e6 * tol)
        #expect((a * shifted - a * x).frobeniusNorm <= 1e-12) // same residual, so LS-optimal too
    }

    @Test func edgeCases() throws {
        #expect(try Matrix(rows: 0, columns: 3).leastSquares(Matrix(rows: 0, columns: 2)) == Matrix(rows: 3, columns: 2))
        #expect(try Matrix(rows: 4, columns: 3).leastSquares(Matrix(rows: 4, columns: 1, repeating: 1)) == Matrix(rows: 3, columns: 1))
        #expect(throws: NumericsError.self) { try Matrix([[1, .nan]]).leastSquares(.column([1])) }
        // Explicit tolerance: σ = (1, 1e-9) is full rank by default but rank 1 at tolerance 1e-6.
        let a = Matrix.diagonal([1, 1e-9], rows: 3, columns: 2)
        let b = Matrix.column([1, 1, 1])
        let full = try a.leastSquares(b)
        #expect(Swift.abs(full[1, 0] - 1e9) <= 1e9 * 1e-14)
        let truncated = try a.leastSquares(b, relativeTolerance: 1e-6)
        #expect(truncated[1, 0] == 0 && truncated[0, 0] == 1)
    }

    @Test func pivotedQRFactorsAndRevealsRank() throws {
        var stream = RandomStream(seed: 20261123, stream: 402)
        for (m, n, rank) in [(20, 15, 15), (15, 20, 15), (30, 30, 6)] {
            let a = Matrix.gaussian(rows: m, columns: rank, using: &stream) * Matrix.gaussian(rows: rank, columns: n, using: &stream)
            let f = try a.qrWithColumnPivoting()
            let ap = Matrix(rows: m, columns: n) { i, j in a[i, f.columnPermutation[j]] }
            let tol = QRCheck.tolerance(rows: m, columns: n)
            #expect(QRCheck.backwardError(ap, q: f.q, r: f.r) <= tol)
            #expect(QRCheck.orthogonalityLoss(f.q) <= tol)
            #expect(QRCheck.belowDiagonalMax(f.r) == 0)
            #expect(f.numericalRank() == rank, "\(m)×\(n): rank \(f.numericalRank()) ≠ \(rank)")
            let d = f.rDiagonal.map { Swift.abs($0) }
            for j in 1..<d.count where j < rank { #expect(d[j] <= d[j - 1] * (1 + 1e-12)) }
        }
    }
}
