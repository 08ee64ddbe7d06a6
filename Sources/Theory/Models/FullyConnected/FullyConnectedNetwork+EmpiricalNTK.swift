import Numerics

extension FullyConnectedNetwork {
    /// The empirical NTK Θ̂(x_i, x_j) = Σ_θ ∂f(x_i)/∂θ · ∂f(x_j)/∂θ over the rows of `inputs`,
    /// by the per-layer formula (THEORY.md §2)
    ///
    ///     Θ̂ = Σ_l (G^l G^lᵀ) ∘ ((σ_w²/n_{l−1}) X^{l−1} X^{l−1}ᵀ + σ_b²),
    ///
    /// with G^l the back-propagated ∂f/∂h^l and X^{l−1} the layer's inputs (rows = examples). It
    /// equals J Jᵀ for the parameter Jacobian J (``parameterJacobian(_:)``) up to rounding, at a cost
    /// of O(batch²·Σ n_l) instead of O(batch²·P). Symmetric exactly (each term is computed once per pair).
    ///
    /// - Precondition: scalar output.
    public func empiricalNTK(_ inputs: Matrix) -> Matrix {
        let pass = forward(inputs)
        return empiricalNTK(pass, gradients: outputGradients(pass))
    }

    /// The empirical NTK from an existing forward pass and its output gradients.
    public func empiricalNTK(_ pass: ForwardPass, gradients: [Matrix]) -> Matrix {
        let batch = pass.outputs.rows
        var theta = Matrix(rows: batch, columns: batch)
        for l in 1..<widths.count {
            let gg = Matrix.product(gradients[l - 1], gradients[l - 1], transposeB: true)
            let x = pass.activations[l - 1]
            let xx = Matrix.product(x, x, transposeB: true, alpha: sigmaW * sigmaW / Double(widths[l - 1]))
            let b2 = sigmaB * sigmaB
            for i in 0..<batch {
                for j in i..<batch {
                    let term = gg[i, j] * (xx[i, j] + b2)
                    theta[i, j] += term
                    if j != i { theta[j, i] += term }
                }
            }
        }
        return theta
    }

    /// The parameter Jacobian J (batch × P): J[i, k] = ∂f(x_i)/∂θ_k, in the order of
    /// ``parameters`` (for each layer, W^l row-major, then b^l). For small networks
    /// (O(batch·P) memory); scalar output.
    public func parameterJacobian(_ inputs: Matrix) -> Matrix {
        let pass = forward(inputs)
        let gradients = outputGradients(pass)
        let batch = inputs.rows
        var jacobian = Matrix(rows: batch, columns: parameterCount)
        for i in 0..<batch {
            var k = 0
            for l in 1..<widths.count {
                let scale = sigmaW / Double(widths[l - 1]).squareRoot()
                for r in 0..<widths[l] {
                    let g = gradients[l - 1][i, r]
                    for c in 0..<widths[l - 1] {
                        jacobian[i, k] = g * scale * pass.activations[l - 1][i, c]; k += 1
                    }
                }
                for r in 0..<widths[l] { jacobian[i, k] = sigmaB * gradients[l - 1][i, r]; k += 1 }
            }
        }
        return jacobian
    }

    /// All parameters as one vector: for l = 1 … L + 1, W^l row-major then b^l.
    public var parameters: [Double] {
        get {
            var out: [Double] = []
            out.reserveCapacity(parameterCount)
            for l in 0..<weights.count { out += weights[l].storage; out += biases[l] }
            return out
        }
        set {
            require(newValue.count == parameterCount,
                    "FullyConnectedNetwork.parameters: \(newValue.count) values for \(parameterCount) parameters")
            var k = 0
            for l in 0..<weights.count {
                let count = weights[l].rows * weights[l].columns
                weights[l] = Matrix(rows: weights[l].rows, columns: weights[l].columns, rowMajor: Array(newValue[k..<(k + count)]))
                k += count
                biases[l] = Array(newValue[k..<(k + biases[l].count)])
                k += biases[l].count
            }
        }
    }
}
