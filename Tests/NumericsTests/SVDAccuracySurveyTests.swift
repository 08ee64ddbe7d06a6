import Foundation
import Testing
@testable import Numerics

/// A wider survey of accuracy over random shapes and spectra (THEORYCHECK_PROFILE=deep only): the
/// worst normalised backward error and orthogonality loss, ‖·‖/(max(m,n)·ε), over every case, with
/// the same 1e-13·max(m,n) bound as the default tests. Prints the worst values.
@Suite struct SVDAccuracySurveyTests {
    private static func worst(_ x: inout Double, _ y: Double) { x = max(x, y) }

    @Test(.enabled(if: DecompositionCheck.deep))
    func worstCaseAccuracy() throws {
        let eps = DecompositionCheck.eps
        var rng = RandomStream(seed: 2026, stream: 11)
        var svdRes = 0.0, svdOrth = 0.0, eigRes = 0.0, eigOrth = 0.0
        for trial in 0..<60 {
            let m = rng.integer(in: 1...120), n = rng.integer(in: 1...120)
            let p = min(m, n)
            // Spectrum kind: Gaussian, graded 1..1e-12, rank-deficient, clustered.
            let kind = trial % 4
            let sigma: [Double] = (0..<p).map { i in
                switch kind {
                case 1: return pow(10, -12 * Double(i) / Double(max(p - 1, 1)))
                case 2: return i < p / 3 ? 1 + Double(i) : 0
                case 3: return 1 + 1e-10 * Double(i % 3)
                default: return 0
                }
            }
            var a = kind == 0 ? Matrix.gaussian(rows: m, columns: n, using: &rng) : {
                let u = DecompositionCheck.randomOrthogonal(m, using: &rng)
                let v = DecompositionCheck.randomOrthogonal(n, using: &rng)
                let us = Matrix(rows: m, columns: n) { i, j in j < p ? u[i, j] * sigma[j] : 0 }
                return DecompositionCheck.multiply(us, DecompositionCheck.transpose(v))
            }()
            let scale = [1.0, 1e-150, 1e150][trial % 3]
            a = a * scale
            let full = trial % 2 == 1
            let s = try a.svd(full: full)
            let us = Matrix(rows: m, columns: p) { i, j in s.u[i, j] * s.singularValues[j] }
            let vtp = Matrix(rows: p, columns: n) { i, j in s.vt[i, j] }
            let unit = Double(max(m, n)) * eps
            Self.worst(&svdRes, DecompositionCheck.relativeDifference(a, DecompositionCheck.multiply(us, vtp)) / unit)
            Self.worst(&svdOrth, DecompositionCheck.orthogonalityLoss(columnsOf: s.u) / unit)
            Self.worst(&svdOrth, DecompositionCheck.orthogonalityLoss(rowsOf: s.vt) / unit)

            // Symmetric: the same spectra (signed) rotated, n×n.
            let q = DecompositionCheck.randomOrthogonal(n, using: &rng)
            let lambda: [Double] = (0..<n).map { i in
                let base = kind == 0 ? rng.normal() : (i < sigma.count ? sigma[i] : 0)
                return (i % 2 == 0 ? base : -base) * scale
            }
            let h = DecompositionCheck.rotated(diagonal: lambda, by: q)
            let e = try h.symmetricEigen()
            let unitN = Double(n) * eps
            Self.worst(&eigRes, DecompositionCheck.relativeDifference(h, DecompositionCheck.rotated(diagonal: e.values, by: e.vectors)) / unitN)
            Self.worst(&eigOrth, DecompositionCheck.orthogonalityLoss(columnsOf: e.vectors) / unitN)
        }
        print("worst in units of max(m,n)·ε: svd residual \(svdRes), svd orthogonality \(svdOrth), eig residual \(eigRes), eig orthogonality \(eigOrth)")
        // 1e-13 ≈ 450·ε: the bound used by the default tests.
        #expect(max(svdRes, svdOrth, eigRes, eigOrth) <= 450)
    }
}
