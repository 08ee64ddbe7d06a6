import Foundation
import Testing
@testable import Numerics

/// LU, solve, inverse and log-determinant against rigorous componentwise bounds and closed forms.
@Suite struct SolveTests {
    /// γ_k = k·u/(1 − k·u) (Higham's notation).
    static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * QRCheck.unitRoundoff
        return ku / (1 - ku)
    }

    static func abs(_ a: Matrix) -> Matrix { a.map { Swift.abs($0) } }

    /// Largest ratio |lhs_ij| / bound_ij (0/0 counts as 0); ≤ 1 means the bound holds.
    static func worstRatio(_ lhs: Matrix, _ bound: Matrix) -> Double {
        var worst = 0.0
        for i in 0..<lhs.rows {
            for j in 0..<lhs.columns {
                let v = Swift.abs(lhs[i, j])
                if v == 0 { continue }
                worst = max(worst, bound[i, j] == 0 ? .infinity : v / bound[i, j])
            }
        }
        return worst
    }

    /// The residual check for a computed solution X of A·X = B from factors L, U.
    ///
    /// Derivation: (A + ΔA)x̂ = b with |ΔA| ≤ γ_{3n}Pᵀ|L̂||Û| (Higham, ASNA Thm. 9.4), so the exact
    /// residual b − Ax̂ = ΔA·x̂ is bounded by γ_{3n}Pᵀ|L̂||Û||x̂|; evaluating the residual in floating
    /// point adds at most γ_{n+1}(|b| + |A||x̂|) (inner products of length n + 1, Thm. 3.5).
    /// The bound's own evaluation (products of absolute values, plain loops) is accurate to a relative
    /// γ_{2n} ≪ 0.01, so callers accept a ratio ≤ 1.01.
    static func residualRatio(_ a: Matrix, _ x: Matrix, _ b: Matrix, _ f: LUDecomposition) -> Double {
        let n = a.rows
        let residual = b - QRCheck.referenceProduct(a, x)
        var luAbs = QRCheck.referenceProduct(abs(f.lower), abs(f.upper))
        // Undo the row permutation: Pᵀ|L||U|.
        let perm = f.rowPermutation
        var unpermuted = luAbs
        for i in 0..<n { for j in 0..<n { unpermuted[perm[i], j] = luAbs[i, j] } }
        luAbs = unpermuted
        let bound = gamma(3 * n) * QRCheck.referenceProduct(luAbs, abs(x))
            + gamma(n + 1) * (abs(b) + QRCheck.referenceProduct(abs(a), abs(x)))
        return worstRatio(residual, bound)
    }

    @Test func luFactorsSatisfyTheComponentwiseBound() throws {
        var stream = RandomStream(seed: 20261123, stream: 200)
        // Sizes around the LU panel width (32) and not multiples of it.
        for n in [1, 2, 5, 31, 32, 33, 64, 70, 100] {
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let f = try a.lu()
            #expect(f.firstZeroPivot == nil)
            // P·A = L·U with |P·A − L·U| ≤ γ_n |L||U| (Higham Thm. 9.3), checked entrywise.
            let perm = f.rowPermutation
            let pa = Matrix(rows: n, columns: n) { i, j in a[perm[i], j] }
            let lu = QRCheck.referenceProduct(f.lower, f.upper)
            let bound = Self.gamma(n) * QRCheck.referenceProduct(Self.abs(f.lower), Self.abs(f.upper))
            // Factor 1.01 absorbs the rounding of the bound's own evaluation (relative ≤ γ_n ≪ 0.01).
            #expect(Self.worstRatio(pa - lu, bound) <= 1.01, "n=\(n)")
            #expect(f.lower.maxAbs <= 1, "partial pivoting keeps |L| ≤ 1")
            #expect(QRCheck.belowDiagonalMax(f.upper) == 0)
        }
    }

    @Test func solveMeetsTheBackwardErrorBound() throws {
        var stream = RandomStream(seed: 20261123, stream: 201)
        var worst = 0.0
        // (64, 8), (100, 16) and (130, 40) take the blocked substitution (n ≥ 64, p ≥ 8); 130 is not a
        // multiple of its block size 32.
        for (n, p) in [(1, 1), (3, 2), (33, 1), (65, 4), (100, 3), (64, 8), (100, 16), (130, 40)] {
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let b = Matrix.gaussian(rows: n, columns: p, using: &stream)
            let x = try a.solve(b)
            let ratio = Self.residualRatio(a, x, b, try a.lu())
            worst = max(worst, ratio)
            #expect(ratio <= 1.01, "n=\(n): residual exceeds the backward-error bound by \(ratio)")
        }
        print("SolveTests: worst residual / componentwise bound = \(worst)")
    }

    /// Negative control: Gaussian elimination without pivoting on a matrix with a tiny leading pivot
    /// violates the same bound (the growth |L||U| is huge, but the residual is larger still,
    /// because the bound is evaluated with the pivoted factors the correct algorithm produces).
    @Test func checkerRejectsEliminationWithoutPivoting() throws {
        let a = Matrix([[1e-20, 1], [1, 1]])
        let b = Matrix.column([1, 2])
        // Without pivoting: l = 1e20, u22 = 1 − 1e20 → x2 = (2 − 1e20)/(1 − 1e20) = 1, x1 = (1 − 1)/1e-20 = 0.
        let l = 1 / 1e-20
        let u22 = 1 - l
        let x2 = (2 - l) / u22
        let x1 = (1 - x2) / 1e-20
        let wrong = Matrix.column([x1, x2])
        let f = try a.lu()
        #expect(Self.residualRatio(a, wrong, b, f) > 1e10)
        // The pivoted solve gives x ≈ (1, 1) (exact solution (1/(1 − 1e-20), (1 − 2e-20)/(1 − 1e-20))).
        let x = try a.solve(b)
        #expect(Swift.abs(x[0, 0] - 1) <= 2 * QRCheck.unitRoundoff && Swift.abs(x[1, 0] - 1) <= 2 * QRCheck.unitRoundoff)
        #expect(Self.residualRatio(a, x, b, f) <= 1.01)
    }

    @Test func inverseOfKnownMatrices() throws {
        // 2×2: [[a, b], [c, d]]⁻¹ = [[d, −b], [−c, a]]/(ad − bc).
        let a2 = Matrix([[4, 7], [2, 6]]) // det 10
        let inv2 = try a2.inverse()
        let expected2 = Matrix([[0.6, -0.7], [-0.2, 0.4]])
        #expect(inv2.maxAbsDifference(expected2) <= 8 * QRCheck.unitRoundoff)
        // Hilbert matrix H_ij = 1/(i + j + 1), n = 4: its inverse has the integer entries below
        // (classical closed form); κ∞(H₄) ≈ 2.8e4, so the relative error is ≲ κ·n·u·growth ≈ 1e-10.
        let h = Matrix(rows: 4, columns: 4) { i, j in 1 / Double(i + j + 1) }
        let hInverse = Matrix([[16, -120, 240, -140], [-120, 1200, -2700, 1680],
                               [240, -2700, 6480, -4200], [-140, 1680, -4200, 2800]])
        let got = try h.inverse()
        let relative = got.maxAbsDifference(hInverse) / hInverse.maxAbs
        #expect(relative <= 2.8e4 * 4 * 10 * QRCheck.unitRoundoff, "Hilbert inverse relative error \(relative)")
        // A·A⁻¹ = I residual bound: each column is a solve with b = e_j.
        var stream = RandomStream(seed: 20261123, stream: 202)
        for n in [50, 97] {
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let inv = try a.inverse()
            #expect(Self.residualRatio(a, inv, .identity(n), try a.lu()) <= 1.01, "n=\(n)")
        }
    }

    @Test func singularSystemsThrow() throws {
        let rankOne = Matrix([[1, 2], [2, 4]]) // pivot row [2, 4], l = 0.5, then 2 − 0.5·4 = 0 exactly
        #expect(throws: NumericsError.singular(operation: "Matrix.solve", pivot: 1)) { try rankOne.solve(.column([1, 1])) }
        #expect(throws: NumericsError.singular(operation: "Matrix.inverse", pivot: 1)) { try rankOne.inverse() }
        var zeroColumn = Matrix.identity(40)
        zeroColumn[7, 7] = 0
        #expect(throws: NumericsError.self) { try zeroColumn.solve(.identity(40)) }
        let ld = try zeroColumn.logDeterminant()
        #expect(ld.logAbsoluteValue == -.infinity && ld.sign == 0)
        // A tiny nonzero pivot whose solution overflows is singular to working precision.
        let tiny = Matrix([[1e-300, 0], [0, 1]])
        #expect(throws: NumericsError.singular(operation: "LUDecomposition.solve", pivot: 0)) {
            try tiny.solve(.column([1e10, 1]))
        }
        // Element growth beyond the Double range: 1e308 + 1e308 overflows in the elimination.
        #expect(throws: NumericsError.self) { try Matrix([[1e308, 1e308], [-1e308, 1e308]]).lu() }
        var bad = Matrix.identity(3)
        bad[1, 2] = .nan
        #expect(throws: NumericsError.self) { try bad.solve(.identity(3)) }
        #expect(throws: NumericsError.self) { try Matrix.identity(3).solve(Matrix.column([1, .infinity, 0])) }
    }

    @Test func logDeterminantClosedForms() throws {
        // Upper triangular: no row interchanges, U = A exactly, det = Π diag; each log is correctly
        // rounded-ish (libm, ≤ 1 ulp) and the sum of n terms adds ≤ n ulps of the running sum.
        let diag = [2.0, -3.0, 0.5, -7.0, 11.0]
        var t = Matrix.diagonal(diag)
        t[0, 3] = 5; t[1, 4] = -2; t[2, 3] = 100
        let ld = try t.logDeterminant()
        let expected = diag.map { log(Swift.abs($0)) }.reduce(0, +)
        #expect(Swift.abs(ld.logAbsoluteValue - expected) <= 16 * QRCheck.unitRoundoff * 8)
        #expect(ld.sign == 1) // two negative diagonal entries
        // A permutation (one transposition) has det −1.
        let swap = Matrix([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
        let ls = try swap.logDeterminant()
        #expect(ls.logAbsoluteValue == 0 && ls.sign == -1)
        // Empty matrix: det = 1.
        let le = try Matrix(rows: 0, columns: 0).logDeterminant()
        #expect(le.logAbsoluteValue == 0 && le.sign == 1)

        var stream = RandomStream(seed: 20261123, stream: 203)
        for n in [3, 8, 40, 70] {
            // Orthogonal: |det| = 1; the sign-less Householder Q has det = (−1)^(n−1) exactly
            // (a product of n − 1 reflections), a sign known in closed form.
            let q = Matrix.haarOrthogonalWithoutSignCorrection(rows: n, columns: n, using: &stream)
            let lq = try q.logDeterminant()
            // |log|det(Q + E)|| ≤ ‖Q⁻¹E‖_* ≲ n·‖E‖ with ‖E‖ ≲ orthogonality loss + LU backward error.
            #expect(Swift.abs(lq.logAbsoluteValue) <= Double(n) * QRCheck.tolerance(rows: n, columns: n))
            #expect(lq.sign == (n % 2 == 1 ? 1 : -1))
            // det(cA) = cⁿ det A: log|det| shifts by n·log|c|, the sign by sign(c)ⁿ. Scaling by a power of
            // two is exact, so the LU of cA is c times that of A and the identity holds to rounding of the sum.
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let base = try a.logDeterminant()
            let c = -0.25
            let scaled = try (c * a).logDeterminant()
            #expect(Swift.abs(scaled.logAbsoluteValue - (base.logAbsoluteValue + Double(n) * log(0.25)))
                    <= 4 * Double(n) * QRCheck.unitRoundoff * (Swift.abs(base.logAbsoluteValue) + Double(n) * 1.4))
            #expect(scaled.sign == base.sign * (n % 2 == 0 ? 1 : -1))
        }
        // Huge determinant: 200×200 with entries ~1e3 has |det| far beyond Double's range; the log is finite.
        let big = 1e3 * Matrix.gaussian(rows: 200, columns: 200, using: &stream)
        let lb = try big.logDeterminant()
        #expect(lb.logAbsoluteValue.isFinite && lb.logAbsoluteValue > 1000)
    }

    /// log det of an SPD matrix two independent ways: LU and 2·Σ log L_ii from Cholesky.
    @Test func logDeterminantAgreesWithCholesky() throws {
        var stream = RandomStream(seed: 20261123, stream: 204)
        for n in [4, 33, 80] {
            let g = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let spd = Matrix.product(g, g, transposeA: true) + Matrix.identity(n)
            let l = try spd.cholesky()
            let viaCholesky = 2 * l.diagonalEntries.map { log($0) }.reduce(0, +)
            let viaLU = try spd.logDeterminant()
            #expect(viaLU.sign == 1)
            // Both are backward stable with relative perturbations ≲ c·n·u·κ-free in log|det|
            // (d log det = tr(A⁻¹ΔA) ≤ n·‖A⁻¹ΔA‖ ≤ n·κ(A)·‖ΔA‖/‖A‖): bound n·κ·γ_{3n} with κ ≤ ‖A‖_F‖A⁻¹‖_F.
            let kappa = spd.frobeniusNorm * (try spd.inverse()).frobeniusNorm
            #expect(Swift.abs(viaLU.logAbsoluteValue - viaCholesky) <= Double(n) * kappa * Self.gamma(3 * n))
        }
    }
}
