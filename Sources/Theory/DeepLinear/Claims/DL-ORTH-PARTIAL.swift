import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
    /// **DL-ORTH-PARTIAL** (Hu et al. 2020, Lemma 4.2). At orthogonal initialisation every partial
    /// product W_{j:i}(0), (i, j) ≠ (1, L), has all singular values equal to m^{(j−i+1)/2}.
    ///
    /// Predicate, in normalised form: every A_{j:i} has all singular values 1, i.e. its Gram matrix
    /// on the smaller side equals the identity. Hypotheses: m ≥ max(d_x, d_y), L ≥ 2.
    ///
    /// Tolerance: each Haar factor has singular values in [1 − δ, 1 + δ] with δ = 1e-13·m (the QR
    /// accuracy target, see ``haarDefect(_:)``) and each GEMM of the running product adds a relative
    /// error ≤ γ_m; a product of k factors therefore has singular values in
    /// [(1 − δ − γ_m)^k, (1 + δ + γ_m)^k], and its Gram matrix differs from I by at most
    /// (1 + δ + γ_m)^{2k} − 1 ≤ 3k(δ + γ_m) (for k(δ + γ_m) ≪ 1) entrywise. We allow 4k(δ + γ_m).
    /// Negative control: Gaussian initialisation (entries of A_i N(0, 1/m)), whose Gram matrices
    /// deviate from I by O(1/√m) ≫ the tolerance.
    public static let orthogonalPartialProducts = Claim(
        id: "DL-ORTH-PARTIAL", family: family, citation: paper + ", Lemma 4.2",
        statement: "At orthogonal init every partial product W_{j:i}, (i, j) ≠ (1, L), has all singular values m^{(j−i+1)/2}",
        kind: .exact
    ) { settings in
        func property(_ initialisation: DeepLinearInitialisation) -> @Sendable (((Int, Int, Int, Int), RandomStream), CaseContext) throws -> Void {
            { value, context in
                let ((dx, dy, extra, depth), seedStream) = value
                var stream = seedStream
                let m = max(dx, dy) + extra
                let net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: m, outputDimension: dy,
                                                       depth: depth, using: &stream)
                context.classify(m == dx, "m = d_x"); context.classify(depth >= 8, "L ≥ 8")
                var worst = 0.0, worstRatio = 0.0
                for i in 1...depth {
                    var p = net.layers[i - 1]
                    for j in i...depth {
                        if j > i { p = net.layers[j - 1] * p }
                        if i == 1 && j == depth { continue }
                        let gram = p.rows >= p.columns ? Matrix.product(p, p, transposeA: true) : Matrix.product(p, p, transposeB: true)
                        let deviation = gram.maxAbsDifference(.identity(gram.rows))
                        let tolerance = 4 * Double(j - i + 1) * (haarDefect(m) + gamma(m))
                        if deviation / tolerance > worstRatio { worstRatio = deviation / tolerance; worst = deviation }
                    }
                }
                context.note("largest |Gram(A_{j:i}) − I| = \(worst)")
                try context.expect(worstRatio, .lessOrEqual, 1, "max over (i, j) of |Gram(A_{j:i}) − I| / (4(j−i+1)(δ + γ_m))")
            }
        }
        return [PropertyCheck.check("DL-ORTH-PARTIAL", zip(orthogonalShapes, Gen<RandomStream>.stream), settings: settings,
                                    falsifiers: [Falsifier("Gaussian initialisation", property: property(.gaussian))],
                                    property: property(.orthogonal))]
    }
}
