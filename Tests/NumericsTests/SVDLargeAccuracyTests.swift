import Foundation
import Testing
@testable import Numerics

/// Backward error and orthogonality of the symmetric eigensolver and the SVD at n = 256 … 4096,
/// where the two-thread and blocked paths run (THEORYCHECK_PROFILE=deep only). Their speed is
/// measured by the `numerics-bench` executable, not here.
@Suite struct SVDLargeAccuracyTests {
    @Test(.enabled(if: DecompositionCheck.deep))
    func largeDecompositionsMeetTheAccuracyTarget() throws {
        var rng = RandomStream(seed: 0, stream: 9)
        for n in [256, 512, 1024, 2048, 4096] {
            let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
            let s = g + g.transposed
            let e = try s.symmetricEigen()
            let d = try g.svd(full: true)
            let vl = Matrix(rows: n, columns: n) { i, j in e.vectors[i, j] * e.values[j] }
            let eigRes = (s - Matrix.product(vl, e.vectors, transposeB: true)).frobeniusNorm / s.frobeniusNorm
            let eigOrth = (Matrix.product(e.vectors, e.vectors, transposeA: true) - .identity(n)).frobeniusNorm
            let us = Matrix(rows: n, columns: n) { i, j in d.u[i, j] * d.singularValues[j] }
            let svdRes = (g - us * d.vt).frobeniusNorm / g.frobeniusNorm
            let uOrth = (Matrix.product(d.u, d.u, transposeA: true) - .identity(n)).frobeniusNorm
            let vOrth = (Matrix.product(d.vt, d.vt, transposeB: true) - .identity(n)).frobeniusNorm
            let tol = 1e-13 * Double(n) // the accuracy target, ~450·n·u
            #expect(eigRes <= tol && eigOrth <= tol && svdRes <= tol && uOrth <= tol && vOrth <= tol,
                    "n=\(n): eigen \(eigRes), \(eigOrth); svd \(svdRes), \(uOrth), \(vOrth)")
        }
    }

    /// The hard spectra at orders where the blocked reductions run (from 1024): graded (1 … 1e-14),
    /// rank 5 (then zeros), two values repeated n/2 times each, and a cluster within 1e-12·n of 1,
    /// as Q·diag(λ)·Qᵀ and Q₁·diag(σ)·Q₂ᵀ with Haar factors. Same backward-error and orthogonality
    /// target as above, and the computed spectrum within that target (times the largest value) of
    /// the prescribed one (Weyl).
    @Test(.enabled(if: DecompositionCheck.deep))
    func hardSpectraThroughTheBlockedReductions() throws {
        var rng = RandomStream(seed: 3, stream: 9)
        for n in [1024, 2048] {
            let spectra: [(String, [Double])] = [
                ("graded", (0..<n).map { pow(10, -14 * Double($0) / Double(n - 1)) }),
                ("rank 5", [9, 4, 3, 2, 1] + [Double](repeating: 0, count: n - 5)),
                ("repeated", [Double](repeating: 3, count: n / 2) + [Double](repeating: 1, count: n - n / 2)),
                ("clustered", (0..<n).map { 1 + 1e-12 * Double($0) }),
            ]
            let tol = 1e-13 * Double(n)
            for (label, values) in spectra {
                let q1 = Matrix.haarOrthogonal(rows: n, columns: n, using: &rng)
                let q2 = Matrix.haarOrthogonal(rows: n, columns: n, using: &rng)
                let scaled1 = Matrix(rows: n, columns: n) { i, j in q1[i, j] * values[j] }
                let a = Matrix.product(scaled1, q2, transposeB: true)
                var s = Matrix.product(scaled1, q1, transposeB: true)
                s = Matrix(rows: n, columns: n) { i, j in 0.5 * (s[i, j] + s[j, i]) }
                let e = try s.symmetricEigen()
                let vl = Matrix(rows: n, columns: n) { i, j in e.vectors[i, j] * e.values[j] }
                let eigRes = (s - Matrix.product(vl, e.vectors, transposeB: true)).frobeniusNorm / s.frobeniusNorm
                let eigOrth = (Matrix.product(e.vectors, e.vectors, transposeA: true) - .identity(n)).frobeniusNorm
                let d = try a.svd()
                let us = Matrix(rows: n, columns: n) { i, j in d.u[i, j] * d.singularValues[j] }
                let svdRes = (a - us * d.vt).frobeniusNorm / a.frobeniusNorm
                let uOrth = (Matrix.product(d.u, d.u, transposeA: true) - .identity(n)).frobeniusNorm
                let vOrth = (Matrix.product(d.vt, d.vt, transposeB: true) - .identity(n)).frobeniusNorm
                #expect(eigRes <= tol && eigOrth <= tol && svdRes <= tol && uOrth <= tol && vOrth <= tol,
                        "n=\(n) \(label): eigen \(eigRes), \(eigOrth); svd \(svdRes), \(uOrth), \(vOrth)")
                let top = values.max()!
                let ascending = values.sorted(), descending = values.sorted(by: >)
                let eigWorst = zip(e.values, ascending).map { abs($0 - $1) }.max()!
                let svdWorst = zip(d.singularValues, descending).map { abs($0 - $1) }.max()!
                #expect(eigWorst <= tol * top && svdWorst <= tol * top, "n=\(n) \(label): values off by \(eigWorst), \(svdWorst)")
            }
        }
    }
}
