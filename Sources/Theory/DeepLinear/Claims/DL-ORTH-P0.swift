import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
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
