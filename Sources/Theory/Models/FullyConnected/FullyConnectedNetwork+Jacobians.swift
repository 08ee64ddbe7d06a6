import Numerics

/// The Jacobians of one example through a ``FullyConnectedNetwork`` (THEORY.md §3; Sokol & Park,
/// arXiv 1810.03785, §3), with respect to the *effective* parameters of the standard
/// parameterisation used by the paper:
///
///     W̃^α = (σ_w/√n_{α−1}) W^α,   b̃^α = σ_b b^α,   h^α = W̃^α x^{α−1} + b̃^α.
///
/// θ is ordered layer by layer as (vec W̃^1, b̃^1, vec W̃^2, b̃^2, …) with vec row-major
/// (entry (i, j) of W̃^α at offset i·n_{α−1} + j of its block). With J_α = ∂h^{L+1}/∂h^α
/// (k × n_α, k = n_{L+1}) the blocks of J_θ are ∂h^{L+1}/∂vec W̃^α = J_α ((x^{α−1})ᵀ ⊗ I) — in
/// the row-major layout column i·n_{α−1} + j is J_α[:, i]·x^{α−1}_j — and ∂h^{L+1}/∂b̃^α = J_α.
public struct ExampleJacobians: Sendable {
    /// x^0 … x^L (index α − 1 is the input of layer α).
    public var layerInputs: [[Double]]
    /// h^1 … h^{L+1} (index α − 1).
    public var preactivations: [[Double]]
    /// J_α = ∂h^{L+1}/∂h^α for α = 1 … L + 1 (index α − 1), each k × n_α; J_{L+1} = I.
    public var layerJacobians: [Matrix]
    /// ∂h^{L+1}/∂x^0 = J_1 W̃^1, k × n₀.
    public var inputOutput: Matrix
    /// J_θ, k × P (P = ``FullyConnectedNetwork/parameterCount``).
    public var parameters: Matrix
    /// The network output h^{L+1}.
    public var output: [Double] { preactivations[preactivations.count - 1] }
}

extension FullyConnectedNetwork {
    /// W̃^α = (σ_w/√n_{α−1}) W^α, the weight the layer actually applies (index α − 1).
    public func effectiveWeight(_ layer: Int) -> Matrix {
        require(layer >= 1 && layer < widths.count, "FullyConnectedNetwork.effectiveWeight: layer \(layer) outside 1…\(widths.count - 1)")
        return weights[layer - 1] * (sigmaW / Double(widths[layer - 1]).squareRoot())
    }

    /// The parameter ranges of θ in the layout of ``ExampleJacobians``: for each layer α its weight
    /// block (n_α·n_{α−1} entries) then its bias block (n_α entries).
    public var parameterBlocks: [(name: String, range: Range<Int>)] {
        var blocks: [(String, Range<Int>)] = [], start = 0
        for l in 1..<widths.count {
            let w = widths[l] * widths[l - 1]
            blocks.append(("W\(l)", start..<(start + w))); start += w
            blocks.append(("b\(l)", start..<(start + widths[l]))); start += widths[l]
        }
        return blocks
    }

    /// Every Jacobian of one example `input` (n₀ entries): a forward pass, then the backward
    /// recursion J_α = (J_{α+1} W̃^{α+1}) diag φ′(h^α) with J_{L+1} = I.
    ///
    /// Cost O(k·Σ n_α n_{α−1}) for the layer Jacobians plus O(k·P) to fill J_θ. Rounding: each
    /// entry of J_α is a sum of products along the network, accurate to a few ulps per layer
    /// relative to the same sum of absolute values; J_θ entries are one further product.
    public func jacobians(at input: [Double]) -> ExampleJacobians {
        jacobians(at: input, includeActivationDerivative: true)
    }

    /// The same with φ′ optionally left out of the backward recursion — the **deliberately wrong**
    /// Jacobian used as a negative control (it equals the true one only for linear networks).
    func jacobians(at input: [Double], includeActivationDerivative: Bool) -> ExampleJacobians {
        require(input.count == widths[0], "FullyConnectedNetwork.jacobians: input has \(input.count) entries, expected \(widths[0])")
        let pass = forward(Matrix(rows: 1, columns: widths[0], rowMajor: input))
        let inputs = pass.activations.map { $0.row(0) }
        let pre = pass.preactivations.map { $0.row(0) }
        let last = widths.count - 1, k = widths[last]
        var layerJacobians = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: last)
        layerJacobians[last - 1] = .identity(k)
        var l = last - 1
        while l >= 1 {
            var j = Matrix.product(layerJacobians[l], weights[l], alpha: sigmaW / Double(widths[l]).squareRoot())
            if includeActivationDerivative {
                let h = pre[l - 1], n = widths[l], phi = activation
                j.withUnsafeMutableBufferPointer { p in
                    for r in 0..<k { for c in 0..<n { p[r * n + c] *= phi.derivative(h[c]) } }
                }
            }
            layerJacobians[l - 1] = j
            l -= 1
        }
        let inputOutput = Matrix.product(layerJacobians[0], weights[0], alpha: sigmaW / Double(widths[0]).squareRoot())
        var theta = Matrix(rows: k, columns: parameterCount)
        let blocks = parameterBlocks
        theta.withUnsafeMutableBufferPointer { t in
            let p = parameterCount
            for alpha in 1...last {
                let ja = layerJacobians[alpha - 1], x = inputs[alpha - 1]
                let (nOut, nIn) = (widths[alpha], widths[alpha - 1])
                let wStart = blocks[2 * (alpha - 1)].range.lowerBound, bStart = blocks[2 * (alpha - 1) + 1].range.lowerBound
                for r in 0..<k {
                    for i in 0..<nOut {
                        let g = ja[r, i]
                        for jj in 0..<nIn { t[r * p + wStart + i * nIn + jj] = g * x[jj] }
                        t[r * p + bStart + i] = g
                    }
                }
            }
        }
        return ExampleJacobians(layerInputs: inputs, preactivations: pre, layerJacobians: layerJacobians,
                                inputOutput: inputOutput, parameters: theta)
    }

    /// θ in the layout of ``ExampleJacobians`` (effective parameters).
    public var effectiveParameters: [Double] {
        var theta: [Double] = []
        theta.reserveCapacity(parameterCount)
        for l in 1..<widths.count {
            theta += effectiveWeight(l).storage
            theta += biases[l - 1].map { sigmaB * $0 }
        }
        return theta
    }

    /// The network with effective parameters θ (inverse of ``effectiveParameters``; requires
    /// σ_w ≠ 0, and σ_b ≠ 0 unless every bias entry of θ is 0).
    public func withEffectiveParameters(_ theta: [Double]) -> FullyConnectedNetwork {
        require(theta.count == parameterCount, "FullyConnectedNetwork.withEffectiveParameters: \(theta.count) values for \(parameterCount) parameters")
        require(sigmaW != 0, "FullyConnectedNetwork.withEffectiveParameters: σ_w = 0 has no inverse")
        var copy = self, offset = 0
        for l in 1..<widths.count {
            let (nOut, nIn) = (widths[l], widths[l - 1])
            let scale = Double(nIn).squareRoot() / sigmaW
            copy.weights[l - 1] = Matrix(rows: nOut, columns: nIn, rowMajor: Array(theta[offset..<(offset + nOut * nIn)])) * scale
            offset += nOut * nIn
            let b = Array(theta[offset..<(offset + nOut)])
            require(sigmaB != 0 || b.allSatisfy { $0 == 0 }, "FullyConnectedNetwork.withEffectiveParameters: σ_b = 0 but a bias is non-zero")
            copy.biases[l - 1] = sigmaB == 0 ? b : b.map { $0 / sigmaB }
            offset += nOut
        }
        return copy
    }

    /// The output h^{L+1} for one input.
    public func output(at input: [Double]) -> [Double] {
        require(input.count == widths[0], "FullyConnectedNetwork.output(at:): input has \(input.count) entries, expected \(widths[0])")
        return forward(Matrix(rows: 1, columns: widths[0], rowMajor: input)).outputs.row(0)
    }
}
