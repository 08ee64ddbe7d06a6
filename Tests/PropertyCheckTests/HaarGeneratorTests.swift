import MatrixGenerators
import Numerics
import PropertyCheck
import PropertyCheckTesting
import Testing

@Suite struct HaarGeneratorTests {
    @Test func haarMatricesAreOrthonormalAndShrinkBySize() throws {
        let shapes = Gen.haarOrthogonal(rows: .dimension(in: 1...8), columns: .dimension(in: 1...8))
        let report = PropertyCheck.check("haar-orthonormal", shapes) { q, context in
            let small = min(q.rows, q.columns)
            // Gram matrix of the short side: ‖G − I‖_max ≤ c·n·ε for Householder QR; 1e-13 is
            // ≥ 50× that at n ≤ 8 (ε = 2.2e-16).
            for a in 0..<small {
                for b in 0..<small {
                    var dot = 0.0
                    if q.rows >= q.columns { for i in 0..<q.rows { dot += q[i, a] * q[i, b] } }
                    else { for j in 0..<q.columns { dot += q[a, j] * q[b, j] } }
                    try context.expectClose(dot, a == b ? 1 : 0, tolerance: 1e-13, "Gram entry (\(a), \(b))")
                }
            }
        }
        #expect(report.passed, "\(report)")
        // A planted false property ("no orthogonal matrix has 3 or more rows") shrinks to 3×1.
        let planted = PropertyCheck.check("haar-planted", shapes) { q, context in
            try context.expect(Double(q.rows), .lessThan, 3, "rows")
        }
        #expect(planted.failure?.minimalChoices == [2, 0, 0])
    }
}
