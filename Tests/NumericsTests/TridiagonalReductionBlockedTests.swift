import Foundation
import Testing
@testable import Numerics

/// The blocked tridiagonal reduction against the identity A = Q·T·Qᵀ (Q formed by applying the
/// reflectors to I, products by plain loops), the orthogonality of Q, and T's eigenvalues against
/// those of the unblocked reduction's T (both by the QR iteration). Bound 1e-13·n as for the
/// eigensolver (backward stable with c·n·ε).
@Suite struct TridiagonalReductionBlockedTests {
    private func symmetric(_ n: Int, seed: UInt64) -> Matrix {
        var rng = RandomStream(seed: seed, stream: 12)
        let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
        return Matrix(rows: n, columns: n) { i, j in g[max(i, j), min(i, j)] }
    }

    private func errors(_ a: Matrix, _ r: TridiagonalReduction, backTransformBlock: Int = 64)
        -> (residual: Double, orthogonality: Double)
    {
        let n = a.rows
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { q[i * n + i] = 1 }
        q.withUnsafeMutableBufferPointer { r.applyOrthogonalFactor(to: $0.baseAddress!, columns: n, blockSize: backTransformBlock) }
        let qm = Matrix(rows: n, columns: n, rowMajor: q)
        // Q·T by three terms per entry, then (Q·T)·Qᵀ by plain loops.
        let qt = Matrix(rows: n, columns: n) { i, j in
            var s = qm[i, j] * r.diagonal[j]
            if j > 0 { s += qm[i, j - 1] * r.offDiagonal[j - 1] }
            if j < n - 1 { s += qm[i, j + 1] * r.offDiagonal[j] }
            return s
        }
        let recon = DecompositionCheck.multiply(qt, DecompositionCheck.transpose(qm))
        return (DecompositionCheck.relativeDifference(a, recon), DecompositionCheck.orthogonalityLoss(columnsOf: qm))
    }

    private func eigenvalues(_ r: TridiagonalReduction) throws -> [Double] {
        var d = r.diagonal, e = r.offDiagonal
        var unused = RotationSweeps()
        try tridiagonalQRIteration(diagonal: &d, offDiagonal: &e, rotations: &unused, record: false)
        return d.sorted()
    }

    @Test func identityOrthogonalityAndAgreementWithUnblocked() throws {
        for (n, nb, last) in [(150, 8, 16), (203, 16, 40), (300, 32, 128)] {
            let a = symmetric(n, seed: UInt64(n))
            let blocked = TridiagonalReduction(blockedLowerTriangleOf: a.storage, n: n, blockSize: nb, finalSize: last)
            let (res, orth) = errors(a, blocked)
            let tol = 1e-13 * Double(n)
            #expect(res <= tol, "n=\(n) nb=\(nb): ‖A − QTQᵀ‖/‖A‖ = \(res)")
            #expect(orth <= tol, "n=\(n) nb=\(nb): ‖QᵀQ − I‖ = \(orth)")
            // The eigensolver's larger back-transform blocks (128 from n = 2048), here with a
            // partial last block.
            let (res128, orth128) = errors(a, blocked, backTransformBlock: 128)
            #expect(res128 <= tol && orth128 <= tol, "n=\(n), back-transform blocks of 128: \(res128), \(orth128)")
            let plain = TridiagonalReduction(lowerTriangleOf: a.storage, n: n)
            let (lb, lp) = (try eigenvalues(blocked), try eigenvalues(plain))
            let scale = a.frobeniusNorm
            for j in 0..<n { #expect(abs(lb[j] - lp[j]) <= tol * scale, "n=\(n): λ\(j)") }
        }
    }

    /// Graded and rank-deficient inputs (entries over 20 orders of magnitude; rank 3).
    @Test func gradedAndRankDeficient() throws {
        let n = 180
        let graded = Matrix(rows: n, columns: n) { i, j in
            pow(10, -10 * Double(i + j) / Double(n)) * (i == j ? 2 : 1 / Double(1 + abs(i - j)))
        }
        var rng = RandomStream(seed: 5, stream: 3)
        let x = Matrix.gaussian(rows: n, columns: 3, using: &rng)
        let lowRank = x * x.transposed
        for (label, a) in [("graded", graded), ("rank 3", lowRank)] {
            let r = TridiagonalReduction(blockedLowerTriangleOf: a.storage, n: n, blockSize: 16, finalSize: 32)
            let (res, orth) = errors(a, r)
            #expect(res <= 1e-13 * Double(n) && orth <= 1e-13 * Double(n), "\(label): \(res), \(orth)")
        }
    }

    /// Negative control: without the panel's correction terms the identity fails by far.
    @Test func checkerRejectsMissingPanelCorrection() throws {
        let n = 150
        let a = symmetric(n, seed: 7)
        let broken = TridiagonalReduction(blockedLowerTriangleOf: a.storage, n: n, blockSize: 8, finalSize: 16,
                                          omitPanelCorrection: true)
        #expect(errors(a, broken).residual > 1e3 * 1e-13 * Double(n))
    }

    /// The lower-triangle product S·v of the blocked reduction against a plain double loop over the
    /// full symmetric matrix, at orders that leave 0–3 rows after the four-row groups, with and
    /// without the two-thread split (from 192 rows), inside a larger row stride.
    @Test func lowerTriangleProductMatchesPlainLoop() {
        let stride = 450
        var rng = RandomStream(seed: 11, stream: 4)
        var a = [Double](repeating: 0, count: stride * stride)
        for i in 0..<(stride * stride) { a[i] = rng.normal() }
        for count in [1, 2, 3, 4, 5, 7, 8, 13, 191, 192, 193, 195, 401] {
            let v = (0..<stride).map { _ in rng.normal() }
            var plain = [Double](repeating: 0, count: count)
            var scale = [Double](repeating: 0, count: count)
            for i in 0..<count {
                for j in 0..<count {
                    let entry = a[max(i, j) * stride + min(i, j)]   // the lower triangle, mirrored
                    plain[i] += entry * v[j]
                    scale[i] += abs(entry * v[j])
                }
            }
            var vv = v, out = [Double](repeating: .nan, count: count)
            var partial = [Double](repeating: .nan, count: 2 * stride)
            a.withUnsafeMutableBufferPointer { ap in vv.withUnsafeMutableBufferPointer { vp in
                partial.withUnsafeMutableBufferPointer { pp in out.withUnsafeMutableBufferPointer { op in
                    symmetricLowerProduct(block: ap.baseAddress!, n: stride, count: count, v: vp.baseAddress!,
                                          partial: pp.baseAddress!, into: op.baseAddress!)
                }}
            }}
            // Each entry is a sum of `count` products: |error| ≤ γ_count·Σ|terms| (plus the same for
            // the plain loop), far below 1e-13·scale for these orders.
            for i in 0..<count {
                #expect(abs(out[i] - plain[i]) <= 1e-13 * scale[i], "count \(count), row \(i): \(out[i]) vs \(plain[i])")
            }
        }
    }
}
