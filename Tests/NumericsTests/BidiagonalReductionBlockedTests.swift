import Foundation
import Testing
@testable import Numerics

/// The blocked bidiagonal reduction against the identity A = U_B·B·V_Bᵀ (the factors formed from
/// the stored reflectors, products by plain loops), the orthogonality of U_B and V_B, and B's
/// singular values against those of the unblocked reduction's B (both by the QR iteration).
/// Bound 1e-13·n as for the SVD (backward stable with c·n·ε).
@Suite struct BidiagonalReductionBlockedTests {
    private func errors(_ a: Matrix, _ r: BidiagonalReduction) -> (residual: Double, left: Double, right: Double) {
        let m = a.rows, n = a.columns
        // Rows of the buffers are columns of U_B (first n) and V_B.
        let u = DecompositionCheck.transpose(Matrix(rows: n, columns: m, rowMajor: r.leftFactorTransposed(columns: n)))
        let v = DecompositionCheck.transpose(Matrix(rows: n, columns: n, rowMajor: r.rightFactorTransposed()))
        // B·V_Bᵀ: row i is d[i]·(column i of V_B)ᵀ + e[i]·(column i+1 of V_B)ᵀ.
        let bvt = Matrix(rows: n, columns: n) { i, j in
            r.diagonal[i] * v[j, i] + (i < n - 1 ? r.superdiagonal[i] * v[j, i + 1] : 0)
        }
        let recon = DecompositionCheck.multiply(u, bvt)
        return (DecompositionCheck.relativeDifference(a, recon),
                DecompositionCheck.orthogonalityLoss(columnsOf: u), DecompositionCheck.orthogonalityLoss(columnsOf: v))
    }

    private func singularValues(_ r: BidiagonalReduction) throws -> [Double] {
        var d = r.diagonal, e = r.superdiagonal
        var left = RotationSweeps(), right = RotationSweeps()
        try bidiagonalQRIteration(diagonal: &d, superdiagonal: &e, left: &left, right: &right, record: false)
        return d.map(abs).sorted()
    }

    /// Square and tall shapes, panels that end exactly and with a remainder before the unblocked
    /// tail, and the default block and tail sizes.
    @Test func identityOrthogonalityAndAgreementWithUnblocked() throws {
        for (m, n, nb, last) in [(150, 150, 8, 16), (230, 203, 16, 40), (400, 300, 32, 128), (331, 331, 32, 128)] {
            var rng = RandomStream(seed: UInt64(m * n), stream: 21)
            let a = Matrix.gaussian(rows: m, columns: n, using: &rng)
            let blocked = BidiagonalReduction(blockedEntries: a.storage, rows: m, columns: n, blockSize: nb, finalSize: last)
            let (res, left, right) = errors(a, blocked)
            let tol = 1e-13 * Double(n)
            #expect(res <= tol, "\(m)×\(n) nb=\(nb): ‖A − U·B·Vᵀ‖/‖A‖ = \(res)")
            #expect(left <= tol && right <= tol, "\(m)×\(n) nb=\(nb): orthogonality \(left), \(right)")
            let plain = BidiagonalReduction(entries: a.storage, rows: m, columns: n)
            let (sb, sp) = (try singularValues(blocked), try singularValues(plain))
            let scale = a.frobeniusNorm
            for j in 0..<n { #expect(abs(sb[j] - sp[j]) <= tol * scale, "\(m)×\(n): σ\(j) \(sb[j]) vs \(sp[j])") }
        }
    }

    /// Graded (entries over 20 orders of magnitude), rank-deficient (rank 3), and already upper
    /// bidiagonal (every reflector has τ = 0, so the z/(x₀ − β) step is skipped throughout).
    @Test func gradedRankDeficientAndAlreadyBidiagonal() throws {
        let m = 200, n = 180
        let graded = Matrix(rows: m, columns: n) { i, j in
            pow(10, -10 * Double(i + j) / Double(n)) * (i == j ? 2 : 1 / Double(1 + abs(i - j)))
        }
        var rng = RandomStream(seed: 5, stream: 8)
        let lowRank = Matrix.gaussian(rows: m, columns: 3, using: &rng) * Matrix.gaussian(rows: 3, columns: n, using: &rng)
        let g = Matrix.gaussian(rows: m, columns: n, using: &rng)
        let bidiagonal = Matrix(rows: m, columns: n) { i, j in j == i || j == i + 1 ? g[i, j] : 0 }
        for (label, a) in [("graded", graded), ("rank 3", lowRank), ("bidiagonal", bidiagonal)] {
            let r = BidiagonalReduction(blockedEntries: a.storage, rows: m, columns: n, blockSize: 16, finalSize: 32)
            let (res, left, right) = errors(a, r)
            let tol = 1e-13 * Double(n)
            #expect(res <= tol && left <= tol && right <= tol, "\(label): \(res), \(left), \(right)")
        }
    }

    /// The whole SVD with the blocked reduction (the crossover lowered to 100 so that small orders
    /// take it): A = U·Σ·Vᵀ, orthogonal factors, and singular values equal to those of the
    /// unblocked path, with vectors (divide and conquer) and without (QR iteration on values).
    @Test func svdThroughTheBlockedReduction() throws {
        for (m, n) in [(240, 240), (310, 205)] {
            var rng = RandomStream(seed: UInt64(m + n), stream: 22)
            let a = Matrix.gaussian(rows: m, columns: n, using: &rng)
            let blocked = try svdCore(entries: a.storage, rows: m, columns: n, wantVectors: true, fullLeft: false,
                                      blockedReductionFrom: 100)
            let u = DecompositionCheck.transpose(Matrix(rows: n, columns: m, rowMajor: blocked.leftRows))
            let vt = Matrix(rows: n, columns: n, rowMajor: blocked.rightRows)
            let us = Matrix(rows: m, columns: n) { i, j in u[i, j] * blocked.values[j] }
            let tol = 1e-13 * Double(m)
            let residual = DecompositionCheck.relativeDifference(a, DecompositionCheck.multiply(us, vt))
            #expect(residual <= tol, "\(m)×\(n): ‖A − UΣVᵀ‖/‖A‖ = \(residual)")
            #expect(DecompositionCheck.orthogonalityLoss(columnsOf: u) <= tol && DecompositionCheck.orthogonalityLoss(rowsOf: vt) <= tol)
            let valuesOnly = try svdCore(entries: a.storage, rows: m, columns: n, wantVectors: false, fullLeft: false,
                                         blockedReductionFrom: 100).values
            let plain = try svdCore(entries: a.storage, rows: m, columns: n, wantVectors: false, fullLeft: false,
                                    blockedReductionFrom: .max).values
            for j in 0..<n {
                #expect(abs(blocked.values[j] - plain[j]) <= tol * plain[0] && abs(valuesOnly[j] - plain[j]) <= tol * plain[0],
                        "\(m)×\(n): σ\(j)")
            }
        }
    }

    /// Negative control: without the panel's correction of Âᵀu the identity fails by far.
    @Test func checkerRejectsMissingPanelCorrection() {
        let n = 150
        var rng = RandomStream(seed: 7, stream: 2)
        let a = Matrix.gaussian(rows: n, columns: n, using: &rng)
        let broken = BidiagonalReduction(blockedEntries: a.storage, rows: n, columns: n, blockSize: 8, finalSize: 16,
                                         omitPanelCorrection: true)
        #expect(errors(a, broken).residual > 1e3 * 1e-13 * Double(n))
    }
}
