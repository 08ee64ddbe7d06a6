import MatrixGenerators
import Numerics
import PropertyCheck

extension NumericsOracles {
    /// Householder QR: backward error and orthogonality (Higham Thm 19.4: ‖A − QR‖_F ≤ c·mn·u‖A‖_F;
    /// we use the accuracy target 1e-13·max(m, n), about 900·max(m, n)·u, i.e. 450·max(m, n)·ε).
    public static let qr = Claim(
        id: "NUM-QR", family: family, theorySection: theorySection, citation: "Householder QR; Higham, Accuracy and Stability, Thm 19.4",
        statement: "‖A − QR‖_F/‖A‖_F and ‖QᵀQ − I‖_F below 1e-13·max(m, n); R upper trapezoidal", kind: .exact
    ) { settings in
        let cases = Gen.gaussianMatrix(rows: .dimension(in: 1...80), columns: .dimension(in: 1...80))
        func property(_ corrupt: Bool) -> @Sendable (Matrix, CaseContext) throws -> Void {
            { a, context in
                let f = try a.qr()
                var q = f.q
                if corrupt, q.columns > 0 { for i in 0..<q.rows { q[i, 0] = -q[i, 0] } } // a sign slip
                let r = f.r
                let scale = delta(a.rows, a.columns)
                context.classify(a.rows > a.columns, "tall"); context.classify(a.rows < a.columns, "wide")
                try context.expect((a - q * r).frobeniusNorm / a.frobeniusNorm, .lessOrEqual, scale, "backward error")
                let p = q.columns
                try context.expect((Matrix.product(q, q, transposeA: true) - .identity(p)).frobeniusNorm, .lessOrEqual, scale, "‖QᵀQ − I‖_F")
                for i in 0..<r.rows { for j in 0..<Swift.min(i, r.columns) { try context.require(r[i, j] == 0, "R[\(i), \(j)] ≠ 0") } }
            }
        }
        return [PropertyCheck.check("NUM-QR", cases, settings: settings,
                                    falsifiers: [Falsifier("Q with its first column negated", property: property(true))],
                                    property: property(false))]
    }
}
