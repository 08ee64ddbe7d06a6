import Numerics
import PropertyCheck

extension NumericsOracles {
    /// GEMM against the definition. Entrywise bound for a k-term dot product:
    /// |fl(AB) − AB|_ij ≤ γ_k (|A||B|)_ij with γ_k = ku/(1 − ku).
    public static let gemm = Claim(
        id: "NUM-GEMM", family: family, citation: "Higham, Accuracy and Stability of Numerical Algorithms, §3.5",
        statement: "C = op(A)·op(B) entrywise within γ_k(|A||B|) for every transpose combination", kind: .exact
    ) { settings in
        let cases = zip(shapes, Gen.bool, Gen.bool, Gen<RandomStream>.stream)
        func property(dropLastInnerTerm: Bool) -> @Sendable (((Int, Int, Int), Bool, Bool, RandomStream), CaseContext) throws -> Void {
            { value, context in
                let ((m, n, k), ta, tb, seedStream) = value
                var stream = seedStream
                let a = ta ? Matrix.gaussian(rows: k, columns: m, using: &stream) : Matrix.gaussian(rows: m, columns: k, using: &stream)
                let b = tb ? Matrix.gaussian(rows: n, columns: k, using: &stream) : Matrix.gaussian(rows: k, columns: n, using: &stream)
                var used = a
                if dropLastInnerTerm { // a planted off-by-one: the inner sum stops one term early
                    for i in 0..<m { if ta { used[k - 1, i] = 0 } else { used[i, k - 1] = 0 } }
                }
                let c = Matrix.product(used, b, transposeA: ta, transposeB: tb)
                let gamma = RoundingModel.gamma(k)
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<n {
                        var exact = 0.0, magnitude = 0.0
                        for p in 0..<k {
                            let x = ta ? a[p, i] : a[i, p]
                            let y = tb ? b[j, p] : b[p, j]
                            exact += x * y; magnitude += Swift.abs(x * y)
                        }
                        // The reference loop has the same bound, so allow 2γ_k|A||B| (+ tiny for 0·0).
                        worst = Swift.max(worst, Swift.abs(c[i, j] - exact) / (2 * gamma * magnitude + .leastNormalMagnitude))
                    }
                }
                context.classify(ta, "Aᵀ"); context.classify(tb, "Bᵀ")
                try context.expect(worst, .lessOrEqual, 1, "max |C − AB| / (2γ_k |A||B|)")
            }
        }
        return [PropertyCheck.check("NUM-GEMM", cases, settings: settings,
                                    falsifiers: [Falsifier("inner sum stops one term early", property: property(dropLastInnerTerm: true))],
                                    property: property(dropLastInnerTerm: false))]
    }
}
