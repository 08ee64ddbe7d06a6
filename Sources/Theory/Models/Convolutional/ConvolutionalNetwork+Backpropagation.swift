import Numerics

/// The per-layer quantities of one forward pass of a ``ConvolutionalNetwork`` over a batch.
public struct ConvolutionalForwardPass: Sendable {
    /// Number of examples.
    public var batch: Int
    /// x⁰ … x^L (index l): the inputs and the post-activations, each (batch·P) × C_l (row b·P + α).
    public var activations: [Matrix]
    /// The patch matrices of x⁰ … x^{L−1} (index l − 1), each (batch·P) × (|F|·C_{l−1}).
    public var patches: [Matrix]
    /// h¹ … h^L (index l − 1), each (batch·P) × C_l.
    public var preactivations: [Matrix]
    /// z(x^L): batch × D, the input of the final dense layer.
    public var readoutFeatures: Matrix
    /// f(x_b), one per example.
    public var outputs: [Double]
}

extension ConvolutionalNetwork {
    /// Stacks examples (each P × C₀) into the (batch·P) × C₀ layout of ``ConvolutionalForwardPass``.
    public func stackedInputs(_ inputs: [Matrix]) -> Matrix {
        let p = geometry.positionCount, c0 = channels[0]
        for (b, x) in inputs.enumerated() {
            require(x.rows == p && x.columns == c0,
                    "ConvolutionalNetwork: input \(b) is \(x.shapeDescription), expected \(p)×\(c0) (positions × channels)")
        }
        return Matrix(rows: inputs.count * p, columns: c0, rowMajor: inputs.flatMap(\.storage))
    }

    /// The fan-in factor σ_w/√(C_{l−1}·|F|) of conv layer l.
    func convolutionScale(layer l: Int) -> Double {
        sigmaW / (Double(channels[l - 1]) * Double(geometry.offsetCount)).squareRoot()
    }

    /// The factor σ_w/√D of the final dense layer.
    var readoutScale: Double { sigmaW / Double(readoutDimension).squareRoot() }

    /// Forward pass over `inputs` (each P × C₀), keeping what back-propagation needs.
    ///
    /// Each conv layer is one GEMM, H = (σ_w/√(C·|F|)) · patches(X) · W_stacked + σ_b 1bᵀ: rounding
    /// is the GEMM's (entrywise ≤ γ_{|F|C} Σ|patch||W|) plus one rounding per scale and bias add.
    public func forward(_ inputs: [Matrix]) -> ConvolutionalForwardPass {
        require(!inputs.isEmpty, "ConvolutionalNetwork.forward: needs ≥ 1 input")
        let batch = inputs.count, p = geometry.positionCount
        var x = stackedInputs(inputs)
        var activations = [x], patches: [Matrix] = [], preactivations: [Matrix] = []
        for l in stride(from: 1, through: depth, by: 1) {
            let patch = geometry.patches(of: x, batch: batch)
            var h = Matrix.product(patch, filters[l - 1], alpha: convolutionScale(layer: l))
            let bias = biases[l - 1].map { sigmaB * $0 }, width = channels[l]
            h.withUnsafeMutableBufferPointer { hp in
                for r in 0..<(batch * p) { for j in 0..<width { hp[r * width + j] += bias[j] } }
            }
            let phi = activation
            x = h.map { phi.value($0) }
            patches.append(patch); preactivations.append(h); activations.append(x)
        }
        let z = readoutFeatures(x, batch: batch)
        let scale = readoutScale, v = readoutWeights, c = sigmaB * readoutBias
        let outputs = (0..<batch).map { b in
            z.withUnsafeBufferPointer { zp in
                var s = 0.0
                for j in 0..<v.count { s += zp[b * v.count + j] * v[j] }
                return scale * s + c
            }
        }
        return ConvolutionalForwardPass(batch: batch, activations: activations, patches: patches,
                                        preactivations: preactivations, readoutFeatures: z, outputs: outputs)
    }

    /// f(x) for each input.
    public func outputs(_ inputs: [Matrix]) -> [Double] { forward(inputs).outputs }

    /// GAP: the position mean of each example's channels; flatten: each example's P × C_L block as one row.
    private func readoutFeatures(_ x: Matrix, batch: Int) -> Matrix {
        let p = geometry.positionCount, c = x.columns
        switch readout {
        case .flatten:
            return Matrix(rows: batch, columns: p * c, rowMajor: x.storage)
        case .globalAveragePooling:
            var z = Matrix(rows: batch, columns: c)
            x.withUnsafeBufferPointer { xp in
                z.withUnsafeMutableBufferPointer { zp in
                    for b in 0..<batch {
                        for alpha in 0..<p { for j in 0..<c { zp[b * c + j] += xp[(b * p + alpha) * c + j] } }
                        for j in 0..<c { zp[b * c + j] /= Double(p) }
                    }
                }
            }
            return z
        }
    }

    /// Back-propagation: given ∂ℓ/∂f(x_b) for every example (`outputGradients`), returns
    /// g^l = ∂ℓ/∂h^l for l = 1 … L (index l − 1), each (batch·P) × C_l:
    /// g^L = (∂z/∂x^L)ᵀ (σ_w/√D) v r ∘ φ′(h^L), g^{l−1} = fold((σ_w/√(C_{l−1}|F|)) g^l W_stackedᵀ) ∘ φ′(h^{l−1}),
    /// where fold is ``ConvolutionGeometry/foldPatches(_:batch:)``. With all-ones `outputGradients`
    /// the rows of example b are ∂f(x_b)/∂h^l (examples do not interact).
    public func backward(_ pass: ConvolutionalForwardPass, outputGradients: [Double]) -> [Matrix] {
        require(outputGradients.count == pass.batch,
                "ConvolutionalNetwork.backward: \(outputGradients.count) output gradients for \(pass.batch) examples")
        if depth == 0 { return [] }
        let batch = pass.batch, p = geometry.positionCount, cl = channels[depth]
        var g = Matrix(rows: batch * p, columns: cl)
        let scale = readoutScale, v = readoutWeights
        g.withUnsafeMutableBufferPointer { gp in
            for b in 0..<batch {
                let r = outputGradients[b] * scale
                for alpha in 0..<p {
                    let row = (b * p + alpha) * cl
                    switch readout {
                    case .globalAveragePooling:
                        for j in 0..<cl { gp[row + j] = r * v[j] / Double(p) }
                    case .flatten:
                        for j in 0..<cl { gp[row + j] = r * v[alpha * cl + j] }
                    }
                }
            }
        }
        var gradients = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: depth)
        var l = depth
        while true {
            multiplyByDerivative(&g, at: pass.preactivations[l - 1])
            gradients[l - 1] = g
            if l == 1 { break }
            let patchGradient = Matrix.product(g, filters[l - 1], transposeB: true, alpha: convolutionScale(layer: l))
            g = geometry.foldPatches(patchGradient, batch: batch)
            l -= 1
        }
        return gradients
    }

    /// g^l = ∂f(x_b)/∂h^l (rows of example b), l = 1 … L.
    public func outputGradients(_ pass: ConvolutionalForwardPass) -> [Matrix] {
        backward(pass, outputGradients: [Double](repeating: 1, count: pass.batch))
    }

    private func multiplyByDerivative(_ g: inout Matrix, at h: Matrix) {
        let phi = activation
        g.withUnsafeMutableBufferPointer { gp in
            h.withUnsafeBufferPointer { hp in
                for i in 0..<gp.count { gp[i] *= phi.derivative(hp[i]) }
            }
        }
    }
}
