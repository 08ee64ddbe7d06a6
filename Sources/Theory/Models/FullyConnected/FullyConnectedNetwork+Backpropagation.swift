import Numerics

/// The per-layer quantities of one forward pass over a batch (rows = examples).
public struct ForwardPass: Sendable {
    /// x^0 … x^L (index l): the input and the post-activations of the hidden layers, batch × n_l.
    public var activations: [Matrix]
    /// h^1 … h^{L+1} (index l − 1): pre-activations, batch × n_l.
    public var preactivations: [Matrix]
    /// h^{L+1}: the network's outputs, batch × n_{L+1}.
    public var outputs: Matrix { preactivations[preactivations.count - 1] }
}

extension FullyConnectedNetwork {
    /// Forward pass over the rows of `inputs` (batch × n₀), keeping every layer's pre- and
    /// post-activations for ``backward(_:outputGradients:)``.
    ///
    /// Each layer is one GEMM, H = (σ_w/√n_{l−1}) X Wᵀ + σ_b 1bᵀ; rounding is that of the GEMM
    /// (entrywise ≤ γ_n |X||W|) plus one rounding per scale and bias add.
    public func forward(_ inputs: Matrix) -> ForwardPass {
        require(inputs.columns == widths[0],
                "FullyConnectedNetwork.forward: inputs \(inputs.shapeDescription) need \(widths[0]) columns")
        var activations = [inputs], preactivations: [Matrix] = []
        activations.reserveCapacity(widths.count - 1); preactivations.reserveCapacity(widths.count - 1)
        var x = inputs
        for l in 1..<widths.count {
            var h = Matrix.product(x, weights[l - 1], transposeB: true, alpha: sigmaW / Double(widths[l - 1]).squareRoot())
            let bias = biases[l - 1], width = widths[l], sb = sigmaB
            h.withUnsafeMutableBufferPointer { p in
                for r in 0..<inputs.rows {
                    for j in 0..<width { p[r * width + j] += sb * bias[j] }
                }
            }
            preactivations.append(h)
            if l == widths.count - 1 { break }
            let phi = activation
            x = h.map { phi.value($0) }
            activations.append(x)
        }
        return ForwardPass(activations: activations, preactivations: preactivations)
    }

    /// Outputs f(x) for the rows of `inputs` (first output coordinate).
    public func outputs(_ inputs: Matrix) -> [Double] { forward(inputs).outputs.column(0) }

    /// Back-propagation: given ∂ℓ/∂h^{L+1} for every example (`outputGradients`, batch × n_{L+1}),
    /// returns g^l = ∂ℓ/∂h^l for l = 1 … L + 1 (index l − 1), each batch × n_l, using
    /// g^l = ((σ_w/√n_l) g^{l+1} W^{l+1}) ∘ φ′(h^l). With `outputGradients` all ones and a scalar
    /// output, row i of g^l is ∂f(x_i)/∂h^l.
    public func backward(_ pass: ForwardPass, outputGradients: Matrix) -> [Matrix] {
        let last = widths.count - 1
        require(outputGradients.rows == pass.outputs.rows && outputGradients.columns == widths[last],
                "FullyConnectedNetwork.backward: output gradients \(outputGradients.shapeDescription), expected \(pass.outputs.rows)×\(widths[last])")
        var gradients = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: last)
        gradients[last - 1] = outputGradients
        var l = last - 1
        while l >= 1 {
            var g = Matrix.product(gradients[l], weights[l], alpha: sigmaW / Double(widths[l]).squareRoot())
            let h = pass.preactivations[l - 1], phi = activation
            g.withUnsafeMutableBufferPointer { gp in
                h.withUnsafeBufferPointer { hp in
                    for i in 0..<gp.count { gp[i] *= phi.derivative(hp[i]) }
                }
            }
            gradients[l - 1] = g
            l -= 1
        }
        return gradients
    }

    /// g^l = ∂f(x_i)/∂h^l for a scalar-output network (row i for example i), l = 1 … L + 1.
    public func outputGradients(_ pass: ForwardPass) -> [Matrix] {
        require(widths[widths.count - 1] == 1, "FullyConnectedNetwork.outputGradients: needs a scalar output, widths \(widths)")
        return backward(pass, outputGradients: Matrix(rows: pass.outputs.rows, columns: 1, repeating: 1))
    }

    /// Gradient of Σ_i ℓ_i with respect to the parameters, given back-propagated g^l = ∂ℓ_i/∂h^l:
    /// ∂/∂W^l = (σ_w/√n_{l−1}) (g^l)ᵀ x^{l−1}, ∂/∂b^l = σ_b Σ_i g^l_i. Same layout as the parameters.
    public func parameterGradients(_ pass: ForwardPass, backpropagated gradients: [Matrix]) -> (weights: [Matrix], biases: [[Double]]) {
        var dW: [Matrix] = [], db: [[Double]] = []
        for l in 1..<widths.count {
            let g = gradients[l - 1]
            dW.append(Matrix.product(g, pass.activations[l - 1], transposeA: true, alpha: sigmaW / Double(widths[l - 1]).squareRoot()))
            var sums = [Double](repeating: 0, count: widths[l])
            for r in 0..<g.rows { for j in 0..<g.columns { sums[j] += g[r, j] } }
            db.append(sums.map { sigmaB * $0 })
        }
        return (dW, db)
    }
}

extension FullyConnectedNetwork {
    /// One gradient step θ ← θ − η ∂/∂θ Σ_i ℓ_i in place, given g^l = ∂ℓ_i/∂h^l: each weight update
    /// is a rank-batch GEMM into W^l itself (W^l ← W^l − η(σ_w/√n_{l−1})(g^l)ᵀx^{l−1}), so no
    /// n_l × n_{l−1} gradient is ever allocated (it would dominate a wide run's memory traffic).
    /// Same arithmetic as subtracting ``parameterGradients(_:backpropagated:)`` up to the GEMM's rounding.
    public mutating func applyGradientStep(_ pass: ForwardPass, backpropagated gradients: [Matrix], learningRate: Double) {
        for l in 1..<widths.count {
            let g = gradients[l - 1]
            weights[l - 1].addProduct(g, pass.activations[l - 1], transposeA: true,
                                      alpha: -learningRate * sigmaW / Double(widths[l - 1]).squareRoot(), beta: 1)
            let step = learningRate * sigmaB, width = widths[l]
            g.withUnsafeBufferPointer { gp in
                for r in 0..<g.rows { for j in 0..<width { biases[l - 1][j] -= step * gp[r * width + j] } }
            }
        }
    }
}
