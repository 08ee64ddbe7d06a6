import Numerics

/// The Fisher information of a wide, deep network through its dual Gram matrix, built one layer at
/// a time without ever forming the k × P parameter Jacobians (docs/THEORY.md §3; Sokol & Park,
/// arXiv 1810.03785, §3). For width 64 and depth 100, P ≈ 4·10⁵, so the route of
/// ``FisherInformation`` (N Jacobians of k × P, then a Gram) would need gigabytes; this one needs
/// (N·k)² numbers.
///
/// In the effective parameters of ``ExampleJacobians`` the rows of J_θ that belong to layer α are
/// J_α[c, i]·x^{α−1}_j (weights) and J_α[c, i] (biases), so the inner product of row (n, c) with
/// row (m, d) restricted to layer α factorises:
///
///     ⟨J_θ,n[c], J_θ,m[d]⟩_α = (⟨x_n^{α−1}, x_m^{α−1}⟩ + 1) · ⟨J_{α,n}[c, :], J_{α,m}[d, :]⟩.
///
/// The J_α of all N examples are back-propagated together as one (N·k) × n_α matrix Z^α, starting
/// from stacked identities (Z^{L+1} = [I; …; I]) through Z^α = (Z^{α+1} W̃^{α+1}) ∘ φ′(h^α), and each
/// layer adds its Hadamard product of two Grams to K = J_all J_allᵀ. The Fisher's non-zero
/// eigenvalues are those of the dual (1/N) S K S with S = blockdiag(H_n^{1/2}) (FIM-NTK-SPECTRUM
/// applied to the whitened Jacobian). Exact identity, so the only difference from the explicit
/// route is rounding: each entry is a sum over layers of GEMM results, accurate to γ_n relative to
/// the same sums of absolute values (the test compares with ``FisherInformation/spectrum(rankThreshold:)``).
///
/// Cost: L + 1 GEMMs of (N·k) × n_α × (N·k) and two of N × n_α × N, plus N·(L + 1) k × k
/// eigenproblems; memory two (N·k)² matrices. The per-layer duals of the blocks G_{W^αW^α} and
/// G_{b^αb^α} (bound (b)) are kept only on request, as they cost 2(L + 1) more (N·k)² matrices.
public struct LayerwiseFisher: Sendable {
    /// N and k.
    public let exampleCount: Int
    public let outputCount: Int
    /// (1/N) S K S, (N·k) × (N·k), symmetric positive semidefinite; its non-zero eigenvalues are
    /// those of G.
    public let dualGram: Matrix
    /// λ_max(H_g(h_n)) for each example.
    public let outputHessianLargestEigenvalues: [Double]
    /// ‖x_n^{α−1}‖² for each example n (outer index) and layer α = 1 … L + 1 (inner index α − 1).
    public let layerInputNormsSquared: [[Double]]
    /// σ_max(J_{α,n})² = σ_max(∂h^{L+1}/∂h^α at x_n)², same indexing.
    public let layerJacobianSigmaMaxSquared: [[Double]]
    /// σ_max(∂h^{L+1}/∂x⁰ at x_n)² for each example.
    public let inputOutputSigmaMaxSquared: [Double]
    /// For each layer α (index α − 1), the duals (1/N) S (P_α ∘ Z^αZ^αᵀ) S of G_{W^αW^α} and
    /// (1/N) S Z^αZ^αᵀ S of G_{b^αb^α} (P_α the expanded Gram of the layer inputs); empty unless
    /// requested.
    public let layerBlockDuals: [(weights: Matrix, biases: Matrix)]

    /// - Parameters:
    ///   - inputs: N × n₀, N ≥ 1.
    ///   - keepBlockDuals: also keep the per-layer block duals (for bound (b)).
    /// - Throws: `NumericsError` if an eigenproblem fails (non-finite network outputs).
    public init(network: FullyConnectedNetwork, inputs: Matrix, link: OutputLink, keepBlockDuals: Bool = false) throws(NumericsError) {
        require(inputs.rows >= 1 && inputs.columns == network.widths[0],
                "LayerwiseFisher: inputs \(inputs.shapeDescription) need ≥ 1 row of \(network.widths[0]) entries")
        let pass = network.forward(inputs)
        try pass.outputs.validateFinite("LayerwiseFisher")
        let last = network.widths.count - 1, k = network.widths[last], n = inputs.rows, rows = n * k
        exampleCount = n; outputCount = k

        // Whitening blocks R_n = H_n^{1/2} and λ_max(H_n).
        var roots: [Matrix] = [], lambdaH: [Double] = []
        for e in 0..<n {
            let h = link.hessian(at: pass.outputs.row(e))
            if link == .identity { roots.append(.identity(k)); lambdaH.append(1); continue }
            let eig = try h.symmetricEigen()
            roots.append(eig.vectors * Matrix.diagonal(eig.values.map { Swift.max($0, 0).squareRoot() }) * eig.vectors.transposed)
            lambdaH.append(Swift.max(eig.values.last ?? 0, 0))
        }
        outputHessianLargestEigenvalues = lambdaH

        // Top-down: Z^{L+1} = stacked identities.
        var z = Matrix(rows: rows, columns: k)
        for e in 0..<n { for c in 0..<k { z[e * k + c, c] = 1 } }
        var kernel = Matrix(rows: rows, columns: rows)
        var jacobianNorms = [[Double]](repeating: [Double](repeating: 0, count: last), count: n)
        var inputNorms = jacobianNorms
        var blocks: [(weights: Matrix, biases: Matrix)] = []
        var inputOutput: [Double] = []
        var alpha = last
        while alpha >= 1 {
            let x = pass.activations[alpha - 1]
            let zGram = Matrix.product(z, z, transposeB: true)
            let xGram = Matrix.product(x, x, transposeB: true)
            for e in 0..<n {
                inputNorms[e][alpha - 1] = xGram[e, e]
                jacobianNorms[e][alpha - 1] = try Self.diagonalBlock(zGram, e, k).symmetricEigenvalues().last.map { Swift.max($0, 0) } ?? 0
            }
            var weightPart = Matrix(rows: rows, columns: rows)
            zGram.withUnsafeBufferPointer { zg in
                xGram.withUnsafeBufferPointer { xg in
                    kernel.withUnsafeMutableBufferPointer { kp in
                        weightPart.withUnsafeMutableBufferPointer { wp in
                            for r in 0..<rows {
                                let nr = r / k
                                for s in 0..<rows {
                                    let w = xg[nr * n + s / k] * zg[r * rows + s]
                                    wp[r * rows + s] = w
                                    kp[r * rows + s] += w + zg[r * rows + s]
                                }
                            }
                        }
                    }
                }
            }
            if keepBlockDuals {
                blocks.append((Self.whitened(weightPart, roots, k, scale: 1 / Double(n)), Self.whitened(zGram, roots, k, scale: 1 / Double(n))))
            }
            if alpha == 1 {
                let io = Matrix.product(z, network.effectiveWeight(1))
                let ioGram = Matrix.product(io, io, transposeB: true)
                inputOutput = try (0..<n).map { e throws(NumericsError) in
                    Swift.max(try Self.diagonalBlock(ioGram, e, k).symmetricEigenvalues().last ?? 0, 0)
                }
                break
            }
            // Z^{α−1} = (Z^α W̃^α) ∘ φ′(h^{α−1}), row (e, c) using example e's pre-activation.
            var next = Matrix.product(z, network.effectiveWeight(alpha))
            let h = pass.preactivations[alpha - 2], width = network.widths[alpha - 1], phi = network.activation
            next.withUnsafeMutableBufferPointer { zp in
                h.withUnsafeBufferPointer { hp in
                    for r in 0..<rows {
                        let e = r / k
                        for j in 0..<width { zp[r * width + j] *= phi.derivative(hp[e * width + j]) }
                    }
                }
            }
            z = next
            alpha -= 1
        }
        inputOutputSigmaMaxSquared = inputOutput
        layerInputNormsSquared = inputNorms
        layerJacobianSigmaMaxSquared = jacobianNorms
        layerBlockDuals = blocks.reversed()
        dualGram = Self.whitened(kernel, roots, k, scale: 1 / Double(n))
    }

    /// λ_max(G) and the condition number over the non-zero spectrum (eigenvalues above
    /// `rankThreshold`·λ_max, default 1e-12·(N·k) as in ``FisherInformation/spectrum(rankThreshold:)``).
    public func spectrum(rankThreshold: Double? = nil) throws(NumericsError) -> (nonzeroEigenvalues: [Double], largest: Double, conditionNumber: Double) {
        let values = Array(try dualGram.symmetricEigenvalues().reversed())
        let largest = Swift.max(values.first ?? 0, 0)
        let threshold = (rankThreshold ?? 1e-12 * Double(dualGram.rows)) * largest
        let nonzero = values.filter { $0 > threshold }
        return (nonzero, largest, largest / (nonzero.last ?? largest))
    }

    /// Right-hand side of bound (a): mean_n λ_max(H_n) Σ_α (1 + ‖x_n^{α−1}‖²) σ_max(J_{α,n})².
    public var boundA: Double {
        var total = 0.0
        for e in 0..<exampleCount {
            let sum = zip(layerInputNormsSquared[e], layerJacobianSigmaMaxSquared[e]).reduce(0) { $0 + (1 + $1.0) * $1.1 }
            total += outputHessianLargestEigenvalues[e] * sum
        }
        return total / Double(exampleCount)
    }

    /// mean_n σ_max(∂h^{L+1}/∂x⁰)².
    public var meanInputOutputSigmaMaxSquared: Double {
        inputOutputSigmaMaxSquared.reduce(0, +) / Double(exampleCount)
    }

    static func diagonalBlock(_ m: Matrix, _ e: Int, _ k: Int) -> Matrix {
        Matrix(rows: k, columns: k) { i, j in m[e * k + i, e * k + j] }
    }

    /// scale · S M S with S = blockdiag(roots), blocks of size k; symmetrised exactly.
    static func whitened(_ m: Matrix, _ roots: [Matrix], _ k: Int, scale: Double) -> Matrix {
        let n = roots.count, rows = n * k
        var out = Matrix(rows: rows, columns: rows)
        for a in 0..<n {
            for b in a..<n {
                let block = Matrix(rows: k, columns: k) { i, j in m[a * k + i, b * k + j] }
                let w = Matrix.product(Matrix.product(roots[a], block), roots[b], alpha: scale)
                for i in 0..<k { for j in 0..<k { out[a * k + i, b * k + j] = w[i, j]; out[b * k + j, a * k + i] = w[i, j] } }
            }
        }
        // The diagonal blocks R_a M_aa R_a are symmetric only to rounding.
        return (out + out.transposed) * 0.5
    }
}
