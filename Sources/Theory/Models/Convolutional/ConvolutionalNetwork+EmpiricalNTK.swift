import Numerics

extension ConvolutionalNetwork {
    /// How the per-layer contraction of ``empiricalNTK(_:gradients:contraction:)`` is organised.
    /// Both give the same kernel up to rounding; they differ in cost.
    public enum NTKContraction: Sendable, CaseIterable {
        /// Per example, the filter gradient J_b = s·patches_bᵀ g_b ((|F|C_{l−1}) × C_l, one GEMM
        /// of inner size P), then Θ̂_l = J Jᵀ: cost ≈ 2·B·P·|F|C_{l−1}C_l + 2B²|F|C_{l−1}C_l.
        case perExampleGradients
        /// Position Gram matrices: Θ̂_l(i, j) = Σ_{α,α′} (g gᵀ)_{iα, jα′}·(s²(patches patchesᵀ)_{iα, jα′} + σ_b²):
        /// cost ≈ 2(B·P)²(|F|C_{l−1} + C_l). Cheaper when B·P is small next to C_l.
        case positionGram
    }

    /// The empirical NTK Θ̂(x_i, x_j) = Σ_θ ∂f(x_i)/∂θ · ∂f(x_j)/∂θ over `inputs` (each P × C₀), from
    /// per-layer contractions of the back-propagated g^l = ∂f/∂h^l with the layer inputs' patches
    /// (no finite differences):
    ///
    ///     Θ̂ = Σ_l ⟨∂f/∂W^l, ∂f/∂W^l⟩ + σ_b²⟨Σ_α g^l_α, Σ_α g^l_α⟩  +  (σ_w²/D) z·z′ + σ_b²,
    ///     ∂f(x)/∂W_stacked^l = (σ_w/√(C_{l−1}|F|)) patches^{l−1}(x)ᵀ g^l(x).
    ///
    /// It equals J Jᵀ for the parameter Jacobian J (``parameterJacobian(_:)``) up to rounding.
    /// Symmetric exactly (each pair is computed once and mirrored).
    public func empiricalNTK(_ inputs: [Matrix]) -> Matrix {
        let pass = forward(inputs)
        return empiricalNTK(pass, gradients: outputGradients(pass))
    }

    /// The readout kernel (σ_w²/D) z(x_i)·z(x_j) + σ_b² of a forward pass: the covariance of the
    /// outputs over the final dense layer's parameters (v, c ~ N(0, 1)) with the convolutional
    /// layers held fixed. Over random filters it converges to the NNGP kernel Σ as the channel
    /// count grows, so it is the per-network estimate of Σ. Symmetric exactly.
    public func readoutKernel(_ pass: ConvolutionalForwardPass) -> Matrix {
        let gram = Matrix.product(pass.readoutFeatures, pass.readoutFeatures, transposeB: true, alpha: readoutScale * readoutScale)
        let b2 = sigmaB * sigmaB
        return Matrix(rows: pass.batch, columns: pass.batch) { i, j in (i <= j ? gram[i, j] : gram[j, i]) + b2 }
    }

    /// The empirical NTK from an existing forward pass and its output gradients; `contraction`
    /// nil picks the cheaper organisation per layer.
    public func empiricalNTK(_ pass: ConvolutionalForwardPass, gradients: [Matrix],
                             contraction: NTKContraction? = nil) -> Matrix {
        require(gradients.count == depth, "ConvolutionalNetwork.empiricalNTK: \(gradients.count) gradient layers for \(depth)")
        let batch = pass.batch, p = geometry.positionCount
        var theta = Matrix.product(pass.readoutFeatures, pass.readoutFeatures, transposeB: true, alpha: readoutScale * readoutScale)
        let b2 = sigmaB * sigmaB
        for l in stride(from: 1, through: depth, by: 1) {
            let k = geometry.offsetCount * channels[l - 1], c = channels[l]
            let costPerExample = 2.0 * Double(batch) * Double(k * c) * Double(p + batch)
            let costGram = 2.0 * Double(batch * p) * Double(batch * p) * Double(k + c)
            let choice = contraction ?? (costGram < costPerExample ? .positionGram : .perExampleGradients)
            let term: Matrix
            switch choice {
            case .perExampleGradients:
                term = perExampleTerm(pass.patches[l - 1], gradients[l - 1], batch: batch, scale: convolutionScale(layer: l))
            case .positionGram:
                term = positionGramTerm(pass.patches[l - 1], gradients[l - 1], batch: batch, scale: convolutionScale(layer: l))
            }
            theta += term
        }
        for i in 0..<batch {
            for j in i..<batch {
                theta[i, j] += b2
                if j != i { theta[j, i] = theta[i, j] }
            }
        }
        return theta
    }

    /// Θ̂_l from per-example filter gradients, plus the bias term.
    private func perExampleTerm(_ patches: Matrix, _ g: Matrix, batch: Int, scale: Double) -> Matrix {
        let p = geometry.positionCount, k = patches.columns, c = g.columns
        var jacobian = Matrix(rows: batch, columns: k * c)
        patches.withUnsafeBufferPointer { pp in
            g.withUnsafeBufferPointer { gp in
                jacobian.withUnsafeMutableBufferPointer { jp in
                    for b in 0..<batch {
                        gemm(transposeA: true, transposeB: false, m: k, n: c, k: p, alpha: scale,
                             a: pp.baseAddress! + b * p * k, lda: k, b: gp.baseAddress! + b * p * c, ldb: c,
                             beta: 0, c: jp.baseAddress! + b * k * c, ldc: c)
                    }
                }
            }
        }
        var term = Matrix.product(jacobian, jacobian, transposeB: true)
        let sums = exampleSums(g, batch: batch)
        term.addProduct(sums, sums, transposeB: true, alpha: sigmaB * sigmaB, beta: 1)
        return symmetrised(term)
    }

    /// Θ̂_l from the position Gram matrices of patches and gradients, including the bias term.
    private func positionGramTerm(_ patches: Matrix, _ g: Matrix, batch: Int, scale: Double) -> Matrix {
        let p = geometry.positionCount, n = batch * p
        let pp = Matrix.product(patches, patches, transposeB: true, alpha: scale * scale)
        let gg = Matrix.product(g, g, transposeB: true)
        let b2 = sigmaB * sigmaB
        var term = Matrix(rows: batch, columns: batch)
        pp.withUnsafeBufferPointer { ppp in
            gg.withUnsafeBufferPointer { ggp in
                for i in 0..<batch {
                    for j in i..<batch {
                        var s = 0.0
                        for alpha in 0..<p {
                            let row = (i * p + alpha) * n + j * p
                            for beta in 0..<p { s += ggp[row + beta] * (ppp[row + beta] + b2) }
                        }
                        term[i, j] = s; term[j, i] = s
                    }
                }
            }
        }
        return term
    }

    /// Row b: Σ_α g_{b·P+α}, the per-example sums that the bias gradient is made of (batch × C).
    private func exampleSums(_ g: Matrix, batch: Int) -> Matrix {
        let p = geometry.positionCount, c = g.columns
        var out = Matrix(rows: batch, columns: c)
        g.withUnsafeBufferPointer { gp in
            out.withUnsafeMutableBufferPointer { op in
                for b in 0..<batch { for alpha in 0..<p { for j in 0..<c { op[b * c + j] += gp[(b * p + alpha) * c + j] } } }
            }
        }
        return out
    }

    private func symmetrised(_ m: Matrix) -> Matrix {
        Matrix(rows: m.rows, columns: m.columns) { i, j in i <= j ? m[i, j] : m[j, i] }
    }

    /// The parameter Jacobian J (batch × parameterCount), J[b, k] = ∂f(x_b)/∂θ_k in the order of
    /// ``parameters``, assembled entry by entry from its definition (a sum over positions of
    /// patch × back-propagated gradient, no GEMM): an independent route to Θ̂ = J Jᵀ for small
    /// networks. O(batch·parameterCount·P) time and O(batch·parameterCount) memory.
    public func parameterJacobian(_ inputs: [Matrix]) -> Matrix {
        let pass = forward(inputs)
        let gradients = outputGradients(pass)
        let batch = pass.batch, p = geometry.positionCount
        var jacobian = Matrix(rows: batch, columns: parameterCount)
        for b in 0..<batch {
            var k = 0
            for l in stride(from: 1, through: depth, by: 1) {
                let patch = pass.patches[l - 1], g = gradients[l - 1], scale = convolutionScale(layer: l)
                for r in 0..<patch.columns {
                    for o in 0..<channels[l] {
                        var s = 0.0
                        for alpha in 0..<p { s += patch[b * p + alpha, r] * g[b * p + alpha, o] }
                        jacobian[b, k] = scale * s; k += 1
                    }
                }
                for o in 0..<channels[l] {
                    var s = 0.0
                    for alpha in 0..<p { s += g[b * p + alpha, o] }
                    jacobian[b, k] = sigmaB * s; k += 1
                }
            }
            for j in 0..<readoutDimension { jacobian[b, k] = readoutScale * pass.readoutFeatures[b, j]; k += 1 }
            jacobian[b, k] = sigmaB
        }
        return jacobian
    }
}
