import MatrixGenerators
import Numerics
import PropertyCheck

extension NumericsOracles {
    /// SVD: A = UΣVᵀ, orthonormal U and V, σ descending and ≥ 0 (target 1e-13·max(m, n)).
    public static let svd = Claim(
        id: "NUM-SVD", family: family, theorySection: theorySection, citation: "Golub–Kahan bidiagonalisation + bidiagonal QR; Demmel & Kahan (1990)",
        statement: "‖A − UΣVᵀ‖_F/‖A‖_F, ‖UᵀU − I‖_F, ‖VVᵀ − I‖_F below 1e-13·max(m, n); σ descending, ≥ 0", kind: .exact
    ) { settings in
        let cases = Gen.gaussianMatrix(rows: .dimension(in: 1...60), columns: .dimension(in: 1...60))
        func property(_ dropSmallest: Bool) -> @Sendable (Matrix, CaseContext) throws -> Void {
            { a, context in
                let f = try a.svd()
                let p = f.singularValues.count
                let scale = delta(a.rows, a.columns)
                var sigma = f.singularValues
                if dropSmallest { sigma[p - 1] = 0 } // a planted truncation bug
                context.classify(a.rows > a.columns, "tall"); context.classify(a.rows < a.columns, "wide")
                let reconstructed = f.u * .diagonal(sigma) * f.vt
                try context.expect((a - reconstructed).frobeniusNorm / a.frobeniusNorm, .lessOrEqual, scale, "‖A − UΣVᵀ‖/‖A‖")
                try context.expect((Matrix.product(f.u, f.u, transposeA: true) - .identity(p)).frobeniusNorm, .lessOrEqual, scale, "‖UᵀU − I‖")
                try context.expect((Matrix.product(f.vt, f.vt, transposeB: true) - .identity(p)).frobeniusNorm, .lessOrEqual, scale, "‖VᵀV − I‖")
                for k in 0..<p {
                    try context.require(f.singularValues[k] >= 0, "σ[\(k)] < 0")
                    if k > 0 { try context.require(f.singularValues[k - 1] >= f.singularValues[k], "σ not descending at \(k)") }
                }
            }
        }
        return [PropertyCheck.check("NUM-SVD", cases, settings: settings,
                                    falsifiers: [Falsifier("smallest singular value dropped", property: property(true))],
                                    property: property(false))]
    }
}
