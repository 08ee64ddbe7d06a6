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
}
