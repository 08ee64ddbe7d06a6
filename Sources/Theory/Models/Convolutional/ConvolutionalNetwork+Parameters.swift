import Numerics

extension ConvolutionalNetwork {
    /// All parameters as one vector: for l = 1 … L the stacked filters row-major then b^l, then the
    /// readout weights v and the readout bias c. Setting it replaces every parameter (exact copies).
    public var parameters: [Double] {
        get {
            var out: [Double] = []
            out.reserveCapacity(parameterCount)
            for l in 0..<filters.count { out += filters[l].storage; out += biases[l] }
            out += readoutWeights
            out.append(readoutBias)
            return out
        }
        set {
            require(newValue.count == parameterCount,
                    "ConvolutionalNetwork.parameters: \(newValue.count) values for \(parameterCount) parameters")
            var k = 0
            for l in 0..<filters.count {
                let count = filters[l].rows * filters[l].columns
                filters[l] = Matrix(rows: filters[l].rows, columns: filters[l].columns, rowMajor: Array(newValue[k..<(k + count)]))
                k += count
                biases[l] = Array(newValue[k..<(k + biases[l].count)])
                k += biases[l].count
            }
            readoutWeights = Array(newValue[k..<(k + readoutWeights.count)])
            readoutBias = newValue[k + readoutWeights.count]
        }
    }

    /// ∂/∂θ Σ_b r_b f(x_b) in the order of ``parameters``, given `outputGradients` r and the
    /// back-propagated g^l = ``backward(_:outputGradients:)`` for the same r:
    /// ∂/∂W_stacked^l = (σ_w/√(C_{l−1}|F|)) patches^{l−1}ᵀ g^l, ∂/∂b^l = σ_b Σ_rows g^l,
    /// ∂/∂v = (σ_w/√D) Σ_b r_b z_b, ∂/∂c = σ_b Σ_b r_b. With r = ∂ℓ/∂f this is ∇_θ ℓ.
    public func parameterGradient(_ pass: ConvolutionalForwardPass, outputGradients r: [Double],
                                  backpropagated gradients: [Matrix]) -> [Double] {
        require(r.count == pass.batch && gradients.count == depth,
                "ConvolutionalNetwork.parameterGradient: \(r.count) output gradients for \(pass.batch) examples, \(gradients.count) layers for \(depth)")
        var out: [Double] = []
        out.reserveCapacity(parameterCount)
        for l in stride(from: 1, through: depth, by: 1) {
            let g = gradients[l - 1]
            out += Matrix.product(pass.patches[l - 1], g, transposeA: true, alpha: convolutionScale(layer: l)).storage
            out += Self.columnSums(g).map { sigmaB * $0 }
        }
        let z = pass.readoutFeatures, scale = readoutScale
        out += Matrix.product(Matrix(rows: 1, columns: r.count, rowMajor: r), z, alpha: scale).storage
        out.append(sigmaB * r.reduce(0, +))
        return out
    }

    /// One gradient step θ ← θ − η ∂/∂θ Σ_b r_b f(x_b) in place (r = ∂ℓ/∂f): each filter update is
    /// one GEMM into the stacked filter itself, so no gradient copy of the filters is made. Same
    /// arithmetic as subtracting ``parameterGradient(_:outputGradients:backpropagated:)`` up to the
    /// GEMM's rounding.
    public mutating func applyGradientStep(_ pass: ConvolutionalForwardPass, outputGradients r: [Double],
                                           backpropagated gradients: [Matrix], learningRate: Double) {
        require(r.count == pass.batch && gradients.count == depth,
                "ConvolutionalNetwork.applyGradientStep: \(r.count) output gradients for \(pass.batch) examples, \(gradients.count) layers for \(depth)")
        // Every gradient was taken at the old θ (the back-propagated g already used the old v), so
        // the order of the updates below does not matter.
        let z = pass.readoutFeatures, scale = readoutScale
        for b in 0..<pass.batch {
            let step = learningRate * scale * r[b]
            for j in 0..<readoutWeights.count { readoutWeights[j] -= step * z[b, j] }
        }
        readoutBias -= learningRate * sigmaB * r.reduce(0, +)
        for l in stride(from: 1, through: depth, by: 1) {
            let g = gradients[l - 1]
            filters[l - 1].addProduct(pass.patches[l - 1], g, transposeA: true,
                                      alpha: -learningRate * convolutionScale(layer: l), beta: 1)
            let sums = Self.columnSums(g)
            for j in 0..<sums.count { biases[l - 1][j] -= learningRate * sigmaB * sums[j] }
        }
    }

    static func columnSums(_ m: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: m.columns)
        m.withUnsafeBufferPointer { p in
            for r in 0..<m.rows { for j in 0..<m.columns { sums[j] += p[r * m.columns + j] } }
        }
        return sums
    }
}
