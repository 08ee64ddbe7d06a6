import Numerics

/// The extreme eigenvalues of a Fisher matrix and the extreme singular values of the input–output
/// Jacobians (docs/THEORY.md §3: the quantities Sokol & Park compare, arXiv 1810.03785, §3 and Fig. 2).
public struct FisherSpectrum: Sendable, Codable, Equatable {
    /// The non-zero eigenvalues of G in descending order (those of the dual Gram matrix above
    /// `rankThreshold`).
    public var nonzeroEigenvalues: [Double]
    /// λ_max(G).
    public var largestEigenvalue: Double { nonzeroEigenvalues.first ?? 0 }
    /// The smallest non-zero eigenvalue λ_r(G).
    public var smallestNonzeroEigenvalue: Double { nonzeroEigenvalues.last ?? 0 }
    /// λ_max/λ_r over the non-zero spectrum.
    public var conditionNumber: Double { largestEigenvalue / smallestNonzeroEigenvalue }
    /// mean_n σ_max(∂h^g/∂x⁰ at x_n)² and mean_n σ_min(…)² (σ_min over min(k, n₀) values).
    public var meanInputOutputSigmaMaxSquared: Double
    public var meanInputOutputSigmaMinSquared: Double
}

extension FisherInformation {
    /// J̃ = blockdiag(H_n^{1/2}) J_all ((N·k) × P), so that G = (1/N) J̃ᵀJ̃. H_n^{1/2} comes from the
    /// eigendecomposition of the k × k output Hessian (eigenvalues clamped at 0: H is positive
    /// semidefinite and a negative value is rounding of size ≤ 1e-13·k); for the identity link
    /// J̃ = J_all.
    public func whitenedStackedJacobian() throws(NumericsError) -> Matrix {
        if link == .identity { return stackedParameterJacobian }
        let k = network.widths[network.widths.count - 1], p = network.parameterCount
        var all = Matrix(rows: examples.count * k, columns: p)
        for (n, (e, h)) in zip(examples, outputHessians).enumerated() {
            let eig = try h.symmetricEigen()
            let root = eig.vectors * Matrix.diagonal(eig.values.map { Swift.max($0, 0).squareRoot() }) * eig.vectors.transposed
            let block = Matrix.product(root, e.parameters)
            for r in 0..<k { for c in 0..<p { all[n * k + r, c] = block[r, c] } }
        }
        return all
    }

    /// The spectrum of G through the smaller of G and its dual (1/N) J̃J̃ᵀ, which share their
    /// non-zero eigenvalues (FIM-NTK-SPECTRUM); eigenvalues at or below
    /// `rankThreshold`·λ_max count as zero. The default threshold 1e-12·max(P, Nk) is ~10× the
    /// eigensolver's accuracy target (1e-13·dimension relative to the norm), so a computed zero
    /// of an exactly singular G is not counted.
    public func spectrum(rankThreshold: Double? = nil) throws(NumericsError) -> FisherSpectrum {
        let j = try whitenedStackedJacobian()
        let n = Double(examples.count)
        let gram = j.rows <= j.columns ? Matrix.product(j, j, transposeB: true, alpha: 1 / n) : Matrix.product(j, j, transposeA: true, alpha: 1 / n)
        let values = try ((gram + gram.transposed) * 0.5).symmetricEigenvalues().reversed().map { $0 }
        let threshold = (rankThreshold ?? 1e-12 * Double(Swift.max(j.rows, j.columns))) * Swift.max(values.first ?? 0, 0)
        var sigmaMax = 0.0, sigmaMin = 0.0
        for e in examples {
            let s = try e.inputOutput.svd().singularValues
            sigmaMax += (s.first ?? 0) * (s.first ?? 0) / n
            sigmaMin += (s.last ?? 0) * (s.last ?? 0) / n
        }
        return FisherSpectrum(nonzeroEigenvalues: values.filter { $0 > threshold },
                              meanInputOutputSigmaMaxSquared: sigmaMax, meanInputOutputSigmaMinSquared: sigmaMin)
    }
}
