import Numerics
import PropertyCheck

/// The identities every claim's numbers rest on, checked like claims: if one of these fails, no
/// verdict about a paper can be trusted. (The exhaustive tests are in `Tests/NumericsTests`; these
/// are the versions the verdict table reports.)
public enum NumericsOracles {
    public static let family = "Numerics core"

    public static var all: [Claim] { [gemm, qr, symmetricEigen, svd, haar] }

    /// Unit roundoff u = 2⁻⁵³.
    static let u = Double.ulpOfOne / 2

    static let shapes = zip(Gen.dimension(in: 1...40), Gen.dimension(in: 1...40), Gen.dimension(in: 1...40))

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
                let gamma = Double(k) * u / (1 - Double(k) * u)
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

    /// Householder QR: backward error and orthogonality (Higham Thm 19.4: ‖A − QR‖_F ≤ c·mn·u‖A‖_F;
    /// we use the accuracy target 1e-13·max(m, n), about 450·max(m, n)·u).
    public static let qr = Claim(
        id: "NUM-QR", family: family, citation: "Householder QR; Higham, Accuracy and Stability, Thm 19.4",
        statement: "‖A − QR‖_F/‖A‖_F and ‖QᵀQ − I‖_F below 1e-13·max(m, n); R upper trapezoidal", kind: .exact
    ) { settings in
        let cases = Gen.gaussianMatrix(rows: .dimension(in: 1...80), columns: .dimension(in: 1...80))
        func property(_ corrupt: Bool) -> @Sendable (Matrix, CaseContext) throws -> Void {
            { a, context in
                let f = try a.qr()
                var q = f.q
                if corrupt, q.columns > 0 { for i in 0..<q.rows { q[i, 0] = -q[i, 0] } } // a sign slip
                let r = f.r
                let scale = 1e-13 * Double(Swift.max(a.rows, a.columns))
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

    /// Haar measure: for Q Haar on O(n), the entry Q₁₁ has the law of the first coordinate of a
    /// uniform unit vector (the first column of Q is uniform on the sphere). Two-sample KS at the
    /// harness's α. Without the sign correction of QR the law of Q₁₁ is not that one (Householder
    /// QR makes R₁₁ of fixed sign, so Q₁₁ takes the sign of −G₁₁ and its law depends on the sign
    /// convention), which the negative control must detect.
    public static let haar = Claim(
        id: "NUM-HAAR", family: family, citation: "Mezzadri, How to generate random matrices from the classical compact groups (2007)",
        statement: "Q from QR of a Gaussian with the sign fix is Haar: Q₁₁ has the law of a uniform unit vector's coordinate", kind: .statistical,
        keyNumberSeeds: [CheckSettings.defaultSeed],
        keyNumbers: {
            let report = haarCheck(CheckSettings(seed: CheckSettings.defaultSeed, profile: .ci))
            let ks = report.statistics
            return [.vector("KS statistic and p-value (ci profile, default seed)", [ks?.statistic ?? .nan, ks?.pValue ?? .nan],
                            .relative(1e-12), reason: "a KS statistic is a multiple of 1/n and exact; the p-value is accurate to ~1e-15 but uses libm; a changed sampler or seed derivation moves both")]
        }
    ) { settings in [haarCheck(settings)] }

    static func haarCheck(_ settings: CheckSettings) -> CheckReport {
        let n = 3
        let haar = Gen.haarOrthogonal(size: .constant(n)).map { $0[0, 0] }
        let sphere = Gen.unitVector(dimension: .constant(n)).map { $0[0] }
        let signless = Gen<RandomStream>.stream.map { s -> Double in
            var stream = s
            return Matrix.haarOrthogonalWithoutSignCorrection(rows: n, columns: n, using: &stream)[0, 0]
        }
        return PropertyCheck.sameDistribution("NUM-HAAR", haar, sphere, samples: 4000, settings: settings,
                                              falsifiers: [(name: "QR without the sign correction", y: signless, minimumPower: 1)])
    }

    /// Symmetric eigendecomposition: A = VΛVᵀ with orthonormal V (backward stable: residual
    /// O(n·u·‖A‖); target 1e-13·n), eigenvalues ascending.
    public static let symmetricEigen = Claim(
        id: "NUM-EIGEN", family: family, citation: "Householder tridiagonalisation + implicit QR; Golub & Van Loan §8.3",
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
                let scale = 1e-13 * Double(n)
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

    /// SVD: A = UΣVᵀ, orthonormal U and V, σ descending and ≥ 0 (target 1e-13·max(m, n)).
    public static let svd = Claim(
        id: "NUM-SVD", family: family, citation: "Golub–Kahan bidiagonalisation + bidiagonal QR; Demmel & Kahan (1990)",
        statement: "‖A − UΣVᵀ‖_F/‖A‖_F, ‖UᵀU − I‖_F, ‖VVᵀ − I‖_F below 1e-13·max(m, n); σ descending, ≥ 0", kind: .exact
    ) { settings in
        let cases = Gen.gaussianMatrix(rows: .dimension(in: 1...60), columns: .dimension(in: 1...60))
        func property(_ dropSmallest: Bool) -> @Sendable (Matrix, CaseContext) throws -> Void {
            { a, context in
                let f = try a.svd()
                let p = f.singularValues.count
                let scale = 1e-13 * Double(Swift.max(a.rows, a.columns))
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
