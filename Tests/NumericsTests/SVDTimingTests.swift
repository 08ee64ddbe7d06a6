import Dispatch
import Foundation
import Testing
@testable import Numerics

/// Timings of the symmetric eigensolver and the SVD at n = 256, 512, 1024 (THEORYCHECK_PROFILE=deep
/// only; compare with `python3 numpy_baseline.py --threads 2` run in the same hour). Also checks
/// the backward error and orthogonality at these sizes, using the package's GEMM for the products.
@Suite struct SVDTimingTests {
    private static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// The fastest repeat: the one least disturbed by other load on the shared machine.
    private static func fastest(_ x: [Double]) -> Double { x.min()! }

    @Test(.enabled(if: DecompositionCheck.deep))
    func timingsAgainstReference() throws {
        var rng = RandomStream(seed: 0, stream: 9)
        var report = "n, eigh_s, eigvals_s, svd_full_s, svd_thin_s, svdvals_s, eig_residual, eig_orth, svd_residual, svd_u_orth, svd_v_orth\n"
        for n in [256, 512, 1024] {
            let g = Matrix.gaussian(rows: n, columns: n, using: &rng)
            let s = g + g.transposed
            let reps = n >= 1024 ? 3 : 5
            var eig: SymmetricEigen? = nil
            var svd: SVD? = nil
            let te = Self.fastest(try (0..<reps).map { _ in try Self.seconds { eig = try s.symmetricEigen() } })
            let tev = Self.fastest(try (0..<reps).map { _ in try Self.seconds { _ = try s.symmetricEigenvalues() } })
            let tf = Self.fastest(try (0..<reps).map { _ in try Self.seconds { svd = try g.svd(full: true) } })
            let tt = Self.fastest(try (0..<reps).map { _ in try Self.seconds { _ = try g.svd() } })
            let tv = Self.fastest(try (0..<reps).map { _ in try Self.seconds { _ = try g.singularValues() } })
            let e = eig!, d = svd!
            let vl = Matrix(rows: n, columns: n) { i, j in e.vectors[i, j] * e.values[j] }
            let eigRes = (s - Matrix.product(vl, e.vectors, transposeB: true)).frobeniusNorm / s.frobeniusNorm
            let eigOrth = (Matrix.product(e.vectors, e.vectors, transposeA: true) - .identity(n)).frobeniusNorm
            let us = Matrix(rows: n, columns: n) { i, j in d.u[i, j] * d.singularValues[j] }
            let svdRes = (g - us * d.vt).frobeniusNorm / g.frobeniusNorm
            let uOrth = (Matrix.product(d.u, d.u, transposeA: true) - .identity(n)).frobeniusNorm
            let vOrth = (Matrix.product(d.vt, d.vt, transposeB: true) - .identity(n)).frobeniusNorm
            report += "\(n), \(te), \(tev), \(tf), \(tt), \(tv), \(eigRes), \(eigOrth), \(svdRes), \(uOrth), \(vOrth)\n"
            let tol = 1e-13 * Double(n)
            #expect(eigRes <= tol && eigOrth <= tol && svdRes <= tol && uOrth <= tol && vOrth <= tol, "n=\(n)")
        }
        print(report)
    }
}
