import MatrixGenerators
import Numerics
import PropertyCheck

extension NumericsOracles {
    /// Symmetric eigendecomposition: A = VΛVᵀ with orthonormal V (backward stable: residual
    /// O(n·u·‖A‖); target 1e-13·n), eigenvalues ascending.
    public static let symmetricEigen = Claim(
        id: "NUM-EIGEN", family: family, theorySection: theorySection, citation: "Householder tridiagonalisation + implicit QR; Golub & Van Loan §8.3",
        statement: "‖A − VΛVᵀ‖_F/‖A‖_F and ‖VᵀV − I‖_F below 1e-13·n; eigenvalues ascending", kind: .exact
    ) { settings in
        let cases = Gen.gaussianMatrix(size: .dimension(in: 1...60)).map { $0 + $0.transposed }
        func property(_ swapVectors: Bool) -> @Sendable (Matrix, CaseContext) throws -> Void {
            { a, context in
                let e = try a.symmetricEigen()
                var v = e.vectors
                let n = a.rows
                if swapVectors, n > 1 { // a planted bug: the first two eigenvectors exchanged
                    for i in 0..<n { let t = v[i, 0]; v[i, 0] = v[i, 1]; v[i, 1] = t }
                }
                let scale = RoundingModel.factorisationDefect(n)
                let norm = Swift.max(a.frobeniusNorm, .leastNormalMagnitude)
                let reconstructed = v * .diagonal(e.values) * v.transposed
                try context.expect((a - reconstructed).frobeniusNorm / norm, .lessOrEqual, scale, "‖A − VΛVᵀ‖/‖A‖")
                try context.expect((Matrix.product(v, v, transposeA: true) - .identity(n)).frobeniusNorm, .lessOrEqual, scale, "‖VᵀV − I‖")
                for k in 1..<Swift.max(n, 1) { try context.require(e.values[k - 1] <= e.values[k], "eigenvalues not ascending at \(k)") }
            }
        }
        return [PropertyCheck.check("NUM-EIGEN", cases, settings: settings,
                                    falsifiers: [Falsifier("first two eigenvectors exchanged", property: property(true))],
                                    property: property(false))]
    }
}
