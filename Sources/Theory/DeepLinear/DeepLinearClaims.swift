import Foundation
import Numerics
import PropertyCheck

/// The claims of Hu, Xiao & Pennington, "Provable Benefit of Orthogonal Initialization in
/// Optimizing Deep Linear Networks", ICLR 2020 (arXiv 2001.05992), with Du & Hu, "Width Provably
/// Matters in Optimization for Deep Linear Neural Networks", ICML 2019 (arXiv 1901.08572); ids and
/// statements as in THEORY.md §1. All computations use the normalised form of
/// ``DeepLinearNetwork`` (A_i = W_i/√m).
public enum DeepLinearClaims {
    public static let family = "Deep linear networks (Hu, Xiao & Pennington 2020; Du & Hu 2019)"
    static let paper = "Hu, Xiao & Pennington, ICLR 2020 (arXiv 2001.05992)"

    public static var all: [Claim] {
        [orthogonalPartialProducts, orthogonalDynamicsOperator, orthogonalOutputLaw, gaussianLogNorm,
         orthogonalRate, gaussianStall, phaseDiagram, gaussianSpread, gaussianRate]
    }

    /// Unit roundoff u = 2⁻⁵³.
    static let u = Double.ulpOfOne / 2

    /// Departure from orthonormality of one Haar factor, δ(k) = 1e-13·k: the accuracy target the
    /// NUM-QR oracle verifies for Householder QR of size k (‖QᵀQ − I‖_F ≤ 1e-13·k).
    static func haarDefect(_ k: Int) -> Double { 1e-13 * Double(k) }

    /// γ_k = k·u/(1 − k·u), the GEMM rounding factor for k-term inner products.
    static func gamma(_ k: Int) -> Double { Double(k) * u / (1 - Double(k) * u) }

    /// Orthogonal network shapes: d_x, d_y ∈ 1…6, m = max(d_x, d_y) + extra (extra ∈ 0…8), L ∈ 2…10.
    static let orthogonalShapes = zip(Gen.dimension(in: 1...6), Gen.dimension(in: 1...6), Gen.int(in: 0...8),
                                      Gen.int(in: 2...10))

    // MARK: DL-ORTH-PARTIAL

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

    // MARK: DL-ORTH-P0

    /// **DL-ORTH-P0** (our derivation from Hu et al. 2020, eq. (7) and Lemma 4.2). At orthogonal
    /// initialisation the dynamics operator is P(0) = (L/d_y)·(XᵀX ⊗ I_{d_y}), i.e.
    /// P(M) = (L/d_y)·M·XᵀX for every d_y×n matrix M; consequently every layer's gradient has
    /// ‖∂ℓ/∂W_i(0)‖_F² = ‖R·Xᵀ‖_F²/d_y.
    ///
    /// Predicate: for a random M, ‖P(M) − (L/d_y)·M·XᵀX‖_max is within tolerance of 0, where P is
    /// evaluated by backpropagation through the layers (``DeepLinearNetwork/dynamicsOperator(applyTo:x:)``),
    /// and each layer's squared gradient norm equals ‖RXᵀ‖_F²/d_y. Hypotheses: m ≥ max(d_x, d_y).
    ///
    /// Tolerance: each term of P is a chain of ≤ 2L + 2 GEMMs through near-orthonormal factors
    /// (singular values within δ + γ of 1, see ``orthogonalPartialProducts``) and the data, so its
    /// relative error is ≤ (2L + 2)(δ + γ_K) with K = max(m, n, d_x); summing L terms, the error
    /// relative to the scale (L/d_y)·‖M‖_F·‖XᵀX‖_F is ≤ 2(2L + 2)(δ + γ_K) — we allow that.
    /// Negative control: Gaussian initialisation, where the factors are not isometries and both
    /// identities fail by O(1/√m).
    public static let orthogonalDynamicsOperator = Claim(
        id: "DL-ORTH-P0", family: family, citation: paper + ", eq. (7) with Lemma 4.2 (our derivation)",
        statement: "At orthogonal init P(0) = (L/d_y)·XᵀX ⊗ I and each layer's ‖∂ℓ/∂W_i‖_F² = ‖RXᵀ‖_F²/d_y",
        kind: .exact
    ) { settings in
        let cases = zip(orthogonalShapes, Gen.dimension(in: 1...8), Gen<RandomStream>.stream)
        func property(_ initialisation: DeepLinearInitialisation) -> @Sendable (((Int, Int, Int, Int), Int, RandomStream), CaseContext) throws -> Void {
            { value, context in
                let ((dx, dy, extra, depth), n, seedStream) = value
                var stream = seedStream
                let m = max(dx, dy) + extra
                let net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: m, outputDimension: dy,
                                                       depth: depth, using: &stream)
                let x = Matrix.gaussian(rows: dx, columns: n, using: &stream)
                let y = Matrix.gaussian(rows: dy, columns: n, using: &stream)
                let probe = Matrix.gaussian(rows: dy, columns: n, using: &stream)
                let gramX = Matrix.product(x, x, transposeA: true)
                let lOverDy = Double(depth) / Double(dy)
                let expected = lOverDy * probe * gramX
                let relative = 2 * Double(2 * depth + 2) * (haarDefect(m) + gamma(max(m, n, dx)))
                let scale = lOverDy * probe.frobeniusNorm * gramX.frobeniusNorm
                try context.expect(net.dynamicsOperator(applyTo: probe, x: x).maxAbsDifference(expected) / scale, .lessOrEqual,
                                   relative, "|P(M) − (L/d_y)·M·XᵀX| / ((L/d_y)‖M‖‖XᵀX‖)")
                let g = net.gradients(x: x, y: y)
                let rx = Matrix.product(g.residual, x, transposeB: true)
                let perLayer = rx.frobeniusNorm * rx.frobeniusNorm / Double(dy)
                for (i, grad) in g.weightGradients.enumerated() {
                    let squared = grad.frobeniusNorm * grad.frobeniusNorm
                    try context.expect(abs(squared - perLayer) / perLayer, .lessOrEqual, relative,
                                       "layer \(i + 1): |‖∂ℓ/∂W_i‖_F² − ‖RXᵀ‖_F²/d_y| / (‖RXᵀ‖_F²/d_y)")
                }
            }
        }
        return [PropertyCheck.check("DL-ORTH-P0", cases, settings: settings,
                                    falsifiers: [Falsifier("Gaussian initialisation", property: property(.gaussian))],
                                    property: property(.orthogonal))]
    }
}
