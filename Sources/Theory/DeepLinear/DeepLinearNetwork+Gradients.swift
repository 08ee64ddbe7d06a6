import Numerics

extension DeepLinearNetwork {
    /// The loss and its exact gradients by hand-written backpropagation.
    ///
    /// With H_0 = X, H_i = A_i·H_{i−1} = m^{−i/2}·X_{(i+1)} (the paper's X_{(i)} = W_{i−1:1}X, normalised), the
    /// residual R = √(m/d_y)·H_L − Y and G_L = √(m/d_y)·R, G_{i−1} = A_iᵀ·G_i:
    ///
    ///     ∂ℓ/∂A_i = G_i·H_{i−1}ᵀ,    ∂ℓ/∂W_i = (1/√m)·∂ℓ/∂A_i = α·W_{L:i+1}ᵀ·R·X_{(i)}ᵀ,
    ///
    /// the paper's formula (Hu et al. 2020, eq. (3)) in normalised form. Cost: 3 GEMMs per layer
    /// (forward, backward, gradient), each batched over the n columns of X.
    ///
    /// Accuracy: each entry is a sum of products computed by GEMM (error ≤ γ_k per product, see
    /// ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``); through L layers the
    /// relative error of a gradient grows at most like 3L·γ_max(m, d_x, n) times the product of the
    /// layers' norms.
    ///
    /// - Returns: ℓ, the residual R (d_y×n), and `weightGradients[i−1]` = ∂ℓ/∂W_i (the paper's
    ///   scale). Multiply by √m for ∂ℓ/∂A_i.
    public func gradients(x: Matrix, y: Matrix) -> (loss: Double, residual: Matrix, weightGradients: [Matrix]) {
        require(x.rows == inputDimension && y.rows == outputDimension && y.columns == x.columns,
                "DeepLinearNetwork.gradients: X is \(x.shapeDescription), Y is \(y.shapeDescription), network \(inputDimension)→\(outputDimension)")
        let activations = forwardActivations(x)
        let r = outputScale * activations[depth] - y
        let perA = backpropagate(outputGradient: outputScale * r, activations: activations)
        let invRootM = 1 / Double(width).squareRoot()
        let loss = 0.5 * r.frobeniusNorm * r.frobeniusNorm
        return (loss, r, perA.map { invRootM * $0 })
    }

    /// H_0 = X, H_i = A_i·H_{i−1} for i = 1…L (L + 1 matrices).
    func forwardActivations(_ x: Matrix) -> [Matrix] {
        var h = [x]
        h.reserveCapacity(depth + 1)
        for a in layers { h.append(a * h[h.count - 1]) }
        return h
    }

    /// ∂/∂A_i of a loss whose gradient with respect to H_L is `outputGradient`.
    func backpropagate(outputGradient: Matrix, activations: [Matrix]) -> [Matrix] {
        var grads = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: depth)
        var g = outputGradient
        for i in stride(from: depth - 1, through: 0, by: -1) {
            grads[i] = Matrix.product(g, activations[i], transposeB: true)
            if i > 0 { g = Matrix.product(layers[i], g, transposeA: true) }
        }
        return grads
    }

    /// The paper's dynamics operator applied to a d_y×n matrix M (Hu et al. 2020, eq. (7)):
    ///
    ///     P(M) = α²·Σ_i W_{L:i+1}W_{L:i+1}ᵀ · M · X_{(i)}ᵀX_{(i)}
    ///          = (1/d_y)·Σ_i A_{L:i+1}A_{L:i+1}ᵀ · M · H_{i−1}ᵀH_{i−1}   (normalised form),
    ///
    /// the first-order change of the output α·W_{L:1}X per unit step when every layer moves along
    /// −∂ℓ/∂W_i with residual M. Computed as Σ_i α·W_{L:i+1}·Ĝ_i·X_{(i)} where Ĝ_i is the
    /// backpropagated gradient for residual M, i.e. by the same backpropagation as ``gradients(x:y:)``
    /// followed by one forward pass per layer's gradient — not from the closed form it is compared with.
    public func dynamicsOperator(applyTo m: Matrix, x: Matrix) -> Matrix {
        require(m.rows == outputDimension && m.columns == x.columns && x.rows == inputDimension,
                "DeepLinearNetwork.dynamicsOperator: M is \(m.shapeDescription), X is \(x.shapeDescription)")
        let activations = forwardActivations(x)
        let perA = backpropagate(outputGradient: outputScale * m, activations: activations)
        // Output change for a step −(1/m)·∂/∂A_i (i.e. −1·∂/∂W_i): √(m/d_y)·A_{L:i+1}·(∂/∂A_i)/m·H_{i−1}.
        var total = Matrix(rows: outputDimension, columns: x.columns)
        for i in 0..<depth {
            var v = perA[i] * activations[i]
            for k in (i + 1)..<depth { v = layers[k] * v }
            total.add(v, scaledBy: outputScale / Double(width))
        }
        return total
    }
}
