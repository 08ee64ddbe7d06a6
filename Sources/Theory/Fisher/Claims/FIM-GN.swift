import Foundation
import Numerics
import PropertyCheck

extension FisherClaims {
    /// FIM-GN: for a softmax output, Σ_y p_y s_y s_yᵀ = J_θᵀ(diag p − ppᵀ)J_θ. A second check pins
    /// the J_θ everything rests on against central finite differences.
    public static let gaussNewton = Claim(
        id: "FIM-GN", family: family,
        citation: "Sokol & Park, arXiv 1810.03785, §3 (Fisher of a canonical-link model = Gauss–Newton matrix)",
        statement: "For softmax outputs the score outer product Σ_y p_y s_y s_yᵀ equals J_θᵀ(diag p − ppᵀ)J_θ exactly",
        kind: .exact
    ) { settings in
        // Both sides are sums over the same products of J entries with coefficients of magnitude
        // ≤ 1 (|√p_y(e_y − p)_i| ≤ 1, |H_ij| ≤ 1); every entry is a sum of ≤ 2k² + N products,
        // formed by GEMMs, so |F − G|_ij ≤ 2γ_{2k+2}·k²·max|J|² per example, and the mean keeps that
        // scale. We allow 4(2k + 2)k²u·max_n‖J_n‖²_max (a factor 2 for the symmetrisation).
        func property(centred: Bool) -> @Sendable (FisherCase, CaseContext) throws -> Void {
            { c, context in
                let fisher = FisherInformation(network: c.network, inputs: c.inputs, link: .softmax)
                let g = fisher.gaussNewton
                let f = centred ? fisher.scoreOuterProduct : uncentredScoreOuterProduct(fisher)
                let k = Double(c.network.widths.last!)
                let scale = fisher.examples.map { $0.parameters.maxAbs * $0.parameters.maxAbs }.max() ?? 0
                context.classify(k == 1, "k = 1 (G = 0)")
                try context.expect(f.maxAbsDifference(g), .lessOrEqual, 4 * (2 * k + 2) * k * k * u * scale + .leastNormalMagnitude,
                                   "max |Σ p_y s_y s_yᵀ − Jᵀ(diag p − ppᵀ)J|")
            }
        }
        let jacobian = PropertyCheck.check(
            "FIM-GN/parameter-jacobian", FisherCase.generator(links: [.softmax]), settings: settings,
            falsifiers: [Falsifier("back-propagation without φ′", property: jacobianProperty(includeDerivative: false))],
            property: jacobianProperty(includeDerivative: true))
        let identity = PropertyCheck.check(
            "FIM-GN", FisherCase.generator(links: [.softmax]), settings: settings,
            falsifiers: [Falsifier("scores J_θᵀe_y without the −p (uncentred)", property: property(centred: false))],
            property: property(centred: true))
        return [identity, jacobian]
    }

    /// The planted error of FIM-GN's control: s_y = J_θᵀ e_y (the mean score not subtracted).
    static func uncentredScoreOuterProduct(_ fisher: FisherInformation) -> Matrix {
        let p = fisher.network.parameterCount
        var f = Matrix(rows: p, columns: p)
        for e in fisher.examples {
            let probabilities = OutputLink.softmaxProbabilities(e.output)
            let s = Matrix.diagonal(probabilities.map { $0.squareRoot() }) * e.parameters
            f.add(Matrix.product(s, s, transposeA: true), scaledBy: 1 / Double(fisher.exampleCount))
        }
        return f
    }

    /// J_θ against central differences of the output in θ with step h = 1e-5. Truncation error
    /// h²/6·|∂³f| ≈ 1e-11 for these unit-scale nets (third derivatives O(1)–O(10)) and rounding
    /// ≈ u|f|/h ≈ 1e-11; we allow 1e-7·(1 + max|J|), four orders above both, while a missing φ′
    /// changes entries by O(0.1). ReLU cases with a pre-activation within 1e-4 of the kink are
    /// discarded (there the difference quotient straddles the kink).
    static func jacobianProperty(includeDerivative: Bool) -> @Sendable (FisherCase, CaseContext) throws -> Void {
        { c, context in
            // Use σ_b = 0.5 whatever the critical σ_b (0 for relu/identity) so the bias map is invertible.
            let net = FullyConnectedNetwork(widths: c.network.widths, activation: c.network.activation, sigmaW: c.network.sigmaW,
                                            sigmaB: 0.5, weights: c.network.weights, biases: c.network.biases)
            let x = c.inputs.row(0)
            let exact = net.jacobians(at: x)
            if net.activation == .relu {
                try context.assume(exact.preactivations.dropLast().allSatisfy { $0.allSatisfy { Swift.abs($0) > 1e-4 } }, "away from the ReLU kink")
            }
            let j = includeDerivative ? exact.parameters : net.jacobians(at: x, includeActivationDerivative: false).parameters
            let theta = net.effectiveParameters, h = 1e-5
            var worst = 0.0
            for p in 0..<theta.count {
                var plus = theta, minus = theta
                plus[p] += h; minus[p] -= h
                let fp = net.withEffectiveParameters(plus).output(at: x), fm = net.withEffectiveParameters(minus).output(at: x)
                for r in 0..<fp.count { worst = Swift.max(worst, Swift.abs((fp[r] - fm[r]) / (2 * h) - j[r, p])) }
            }
            context.classify(net.activation == .identity, "identity (φ′ = 1)")
            try context.expect(worst, .lessOrEqual, 1e-7 * (1 + exact.parameters.maxAbs), "max |J_θ − central difference|")
        }
    }
}
