import Numerics

/// The infinite-channel kernels of a ``ConvolutionalNetwork`` in the NTK parameterisation: the NNGP
/// kernel Σ and the neural tangent kernel Θ of the scalar output (THEORY.md §2b; Novak et al.,
/// ICLR 2019; Arora et al., NeurIPS 2019, the CNTK; the conventions of neural-tangents' `stax.Conv`
/// with `parameterization='ntk'`: on 72 small cases, 1-D and 2-D, both paddings and readouts, the
/// values agree with a 40-digit evaluation to 2e-15 relative, and with neural-tangents 0.6.5 to
/// 2e-15 except ReLU's Θ(x, x), where the reference's arccos at correlation 1 costs it up to 3e-9;
/// see ConvolutionalKernelTests).
///
/// Per pair of inputs the kernel is a P × P array over positions; for N inputs we hold one
/// (N·P) × (N·P) array, row i·P + α. Recursion: start K = x_α·x′_α′/C₀, Θ = 0. Each conv layer:
///
///     Σ_{αα′} = (σ_w²/|F|) Σ_β K_{α+β, α′+β} + σ_b²,   Θ_{αα′} ← Σ_{αα′} + (σ_w²/|F|) Σ_β Θ_{α+β, α′+β},
///
/// with the padding of the geometry (terms that fall into the SAME padding are 0). After each conv
/// layer the nonlinearity acts entrywise as in ``AnalyticKernels`` (closed forms for relu, erf and
/// identity), with Σ_{αα}(x, x) and Σ_{α′α′}(x′, x′) as the variances. Then the final dense layer maps
/// every position pair as Σ ← σ_w²K + σ_b², Θ ← Σ + σ_w²Θ, and the readout averages: global average
/// pooling over all P² pairs, flatten over the P diagonal pairs α = α′ (an average of affine maps
/// is the affine map of the average, so the order does not matter).
///
/// Accuracy: a few roundings per entry and layer, plus |F|-term sums of like-signed (NNGP) terms:
/// about 10·(L + 1)·|F|·u relative for well-conditioned angles (see ``AnalyticKernels``).
public enum ConvolutionalKernels {
    /// Deliberately wrong variants (negative controls only).
    enum Variant: Sendable {
        case correct
        /// σ_w instead of σ_w² in the conv recursion (both Σ and Θ); the final dense layer is right.
        case sigmaWFirstPowerInConvolution
    }

    /// Σ and Θ of the scalar output over `inputs` (each P × C₀): N × N, symmetric, positive semi-definite.
    ///
    /// - Precondition: inputs non-empty, all P × C₀ with P = `geometry.positionCount`, C₀ ≥ 1;
    ///   `depth` ≥ 0; σ's finite; `activation.hasAnalyticKernel`.
    /// - Throws: `NumericsError` when an input is not finite.
    public static func compute(inputs: [Matrix], geometry: ConvolutionGeometry, readout: ConvolutionalReadout,
                               activation: NTKActivation, depth: Int, sigmaW: Double, sigmaB: Double) throws -> AnalyticKernels.Result {
        try compute(inputs: inputs, geometry: geometry, readout: readout, activation: activation, depth: depth,
                    sigmaW: sigmaW, sigmaB: sigmaB, variant: .correct)
    }

    /// The kernels of the same network with a 1×…×1 filter (``ConvolutionGeometry/unitFilter``). It
    /// differs from the full-filter kernel whenever f > 1 and P > 1 (except for special inputs).
    /// Delta-orthogonal weights converge to its NNGP, but not to its NTK: see
    /// ``deltaOrthogonalLimit(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``.
    public static func unitFilterLimit(inputs: [Matrix], geometry: ConvolutionGeometry, readout: ConvolutionalReadout,
                                       activation: NTKActivation, depth: Int, sigmaW: Double, sigmaB: Double) throws -> AnalyticKernels.Result {
        try compute(inputs: inputs, geometry: geometry.unitFilter, readout: readout, activation: activation, depth: depth,
                    sigmaW: sigmaW, sigmaB: sigmaB)
    }

    /// The infinite-channel limit of a delta-orthogonally initialised network with the full filter
    /// of `geometry` (our derivation). Its forward map is that of an f = 1 network, so its NNGP is
    /// the unit-filter NNGP; but the zero off-centre taps are still parameters, and their gradients
    /// ∂h^l_α/∂W^l_β = (σ_w/√(C|F|)) x^{l−1}_{α+β} are not zero. So in the NTK recursion the new
    /// layer's own term averages K over all filter offsets while the propagated term does not:
    ///
    ///     Σ = σ_w²K + σ_b²,   Θ ← [(σ_w²/|F|) Σ_β K_{α+β, α′+β} + σ_b²] + σ_w²Θ,
    ///
    /// then the nonlinearity and the readout as in ``compute(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``.
    /// It differs from both the full-filter and the unit-filter NTK when f > 1, P > 1 and L ≥ 1.
    public static func deltaOrthogonalLimit(inputs: [Matrix], geometry: ConvolutionGeometry, readout: ConvolutionalReadout,
                                            activation: NTKActivation, depth: Int, sigmaW: Double, sigmaB: Double) throws -> AnalyticKernels.Result {
        let full = try positionKernels(inputs: inputs, geometry: geometry.unitFilter, parameterGeometry: geometry,
                                       activation: activation, depth: depth, sigmaW: sigmaW, sigmaB: sigmaB, variant: .correct)
        return AnalyticKernels.Result(nngp: read(full.nngp, readout, positions: geometry.positionCount),
                                      ntk: read(full.ntk, readout, positions: geometry.positionCount))
    }

    /// The kernels before the readout averages them: the (N·P) × (N·P) arrays, entry (i·P + α, j·P + α′),
    /// of a dense scalar layer applied at position α of x_i and α′ of x_j (σ_w²K + σ_b² and Σ + σ_w²Θ).
    public static func positionKernels(inputs: [Matrix], geometry: ConvolutionGeometry, activation: NTKActivation,
                                       depth: Int, sigmaW: Double, sigmaB: Double) throws -> AnalyticKernels.Result {
        try positionKernels(inputs: inputs, geometry: geometry, activation: activation, depth: depth,
                            sigmaW: sigmaW, sigmaB: sigmaB, variant: .correct)
    }

    static func compute(inputs: [Matrix], geometry: ConvolutionGeometry, readout: ConvolutionalReadout,
                        activation: NTKActivation, depth: Int, sigmaW: Double, sigmaB: Double,
                        variant: Variant) throws -> AnalyticKernels.Result {
        let full = try positionKernels(inputs: inputs, geometry: geometry, activation: activation, depth: depth,
                                       sigmaW: sigmaW, sigmaB: sigmaB, variant: variant)
        return AnalyticKernels.Result(nngp: read(full.nngp, readout, positions: geometry.positionCount),
                                      ntk: read(full.ntk, readout, positions: geometry.positionCount))
    }

    /// `parameterGeometry` (default: `geometry`) is the filter whose taps are parameters: it sets
    /// the layer's own term of the NTK recursion, while `geometry` propagates Σ and Θ.
    static func positionKernels(inputs: [Matrix], geometry: ConvolutionGeometry, parameterGeometry: ConvolutionGeometry? = nil,
                                activation: NTKActivation, depth: Int,
                                sigmaW: Double, sigmaB: Double, variant: Variant) throws -> AnalyticKernels.Result {
        let p = geometry.positionCount
        require(!inputs.isEmpty, "ConvolutionalKernels: needs ≥ 1 input")
        let c0 = inputs[0].columns
        for (i, x) in inputs.enumerated() {
            require(x.rows == p && x.columns == c0 && c0 >= 1,
                    "ConvolutionalKernels: input \(i) is \(x.shapeDescription), expected \(p)×\(c0) (positions × channels, C₀ ≥ 1)")
            try x.validateFinite("ConvolutionalKernels input \(i)")
        }
        require(depth >= 0, "ConvolutionalKernels: depth \(depth) must be ≥ 0")
        require(parameterGeometry.map { $0.spatialShape == geometry.spatialShape && $0.padding == geometry.padding } ?? true,
                "ConvolutionalKernels: the parameter filter's layout must match \(geometry.spatialShape), \(geometry.padding)")
        require(sigmaW.isFinite && sigmaB.isFinite, "ConvolutionalKernels: σ_w = \(sigmaW), σ_b = \(sigmaB) must be finite")
        require(activation.hasAnalyticKernel, "ConvolutionalKernels: no closed-form kernel for \(activation)")
        let w2 = sigmaW * sigmaW, b2 = sigmaB * sigmaB
        let convolutionPower = variant == .correct ? w2 : sigmaW
        let stacked = Matrix(rows: inputs.count * p, columns: c0, rowMajor: inputs.flatMap(\.storage))
        let gram = Matrix.product(stacked, stacked, transposeB: true, alpha: 1 / Double(c0))
        // Mirrored upper triangle: every later step preserves exact symmetry, so Σ and Θ are symmetric bit for bit.
        var k = Matrix(rows: gram.rows, columns: gram.columns) { r, c in r <= c ? gram[r, c] : gram[c, r] }
        var theta = Matrix(rows: k.rows, columns: k.columns)
        for _ in 0..<depth {
            let sigma = convolve(k, geometry, batch: inputs.count).map { convolutionPower * $0 + b2 }
            let ownTerm = parameterGeometry.map { convolve(k, $0, batch: inputs.count).map { convolutionPower * $0 + b2 } } ?? sigma
            theta = ownTerm + convolutionPower * convolve(theta, geometry, batch: inputs.count)
            (k, theta) = applyNonlinearity(activation, sigma: sigma, theta: theta)
        }
        let sigmaOut = k.map { w2 * $0 + b2 }
        return AnalyticKernels.Result(nngp: sigmaOut, ntk: sigmaOut + w2 * theta)
    }

    /// (1/|F|) Σ_β A_{(i, α+β), (j, α′+β)} for every entry, zero terms for the SAME padding.
    static func convolve(_ a: Matrix, _ geometry: ConvolutionGeometry, batch: Int) -> Matrix {
        let p = geometry.positionCount, taps = geometry.offsetCount, n = batch * p
        let table = geometry.neighbourTable
        var out = Matrix(rows: n, columns: n)
        let inverse = 1 / Double(taps)
        a.withUnsafeBufferPointer { ap in
            out.withUnsafeMutableBufferPointer { op in
                table.withUnsafeBufferPointer { nb in
                    for i in 0..<batch {
                        for alpha in 0..<p {
                            for j in 0..<batch {
                                for alpha2 in 0..<p {
                                    var s = 0.0
                                    for t in 0..<taps {
                                        let u = nb[alpha * taps + t], v = nb[alpha2 * taps + t]
                                        if u < 0 || v < 0 { continue }
                                        s += ap[(i * p + u) * n + j * p + v]
                                    }
                                    op[(i * p + alpha) * n + j * p + alpha2] = s * inverse
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// K ← E[φ(u)φ(v)], Θ ← Θ·E[φ′(u)φ′(v)] entrywise, (u, v) ∼ N(0, Σ restricted to the pair).
    static func applyNonlinearity(_ activation: NTKActivation, sigma: Matrix, theta: Matrix) -> (Matrix, Matrix) {
        let n = sigma.rows
        var k = Matrix(rows: n, columns: n), t = Matrix(rows: n, columns: n)
        for r in 0..<n {
            for c in r..<n {
                let e = AnalyticKernels.gaussianExpectations(activation, sigma[r, r], sigma[c, c], sigma[r, c])
                k[r, c] = e.phiPhi; k[c, r] = e.phiPhi
                let v = theta[r, c] * e.derivativeProduct
                t[r, c] = v; t[c, r] = v
            }
        }
        return (k, t)
    }

    /// The readout average of each P × P block: all entries (GAP) or the diagonal (flatten).
    static func read(_ full: Matrix, _ readout: ConvolutionalReadout, positions p: Int) -> Matrix {
        let batch = full.rows / p
        var out = Matrix(rows: batch, columns: batch)
        for i in 0..<batch {
            for j in i..<batch { // computed once per pair and mirrored, so the result is exactly symmetric
                var s = 0.0
                switch readout {
                case .globalAveragePooling:
                    for a in 0..<p { for b in 0..<p { s += full[i * p + a, j * p + b] } }
                    s /= Double(p * p)
                case .flatten:
                    for a in 0..<p { s += full[i * p + a, j * p + a] }
                    s /= Double(p)
                }
                out[i, j] = s; out[j, i] = s
            }
        }
        return out
    }
}
