import Foundation
import Numerics

/// The infinite-width kernels of a fully connected network in the NTK parameterisation: the NNGP
/// kernel Σ (covariance of the output at initialisation) and the neural tangent kernel Θ.
///
/// Recursion (Jacot, Gabriel & Hongler, NeurIPS 2018, Thm 1; Lee et al., NeurIPS 2019, eq. 14;
/// the conventions of the neural-tangents `stax` kernels; THEORY.md §2). Start K = x·x′/n₀, Θ = 0.
/// For each of the L + 1 affine layers Σ = σ_w²K + σ_b² and Θ ← Σ + σ_w²Θ; after each of the
/// first L affine layers the nonlinearity maps K ← E[φ(u)φ(v)] and Θ ← Θ·E[φ′(u)φ′(v)] with
/// (u, v) ∼ N(0, Σ restricted to the pair). The returned matrices are Σ and Θ after the last
/// affine layer.
///
/// The Gaussian expectations are closed forms (Cho & Saul 2009 for relu, Williams 1997 for erf),
/// so every entry is computed to a few ulps per layer: the result is accurate to about
/// 10·(L + 1)·u relative for well-conditioned angles. ReLU's arccos is ill-conditioned at
/// correlation ±1; the correlation is clamped into [−1, 1] before it is taken.
public enum AnalyticKernels {
    /// Σ (NNGP) and Θ (NTK) over a set of inputs, both symmetric and positive semi-definite.
    public struct Result: Sendable, Equatable {
        public var nngp: Matrix
        public var ntk: Matrix
    }

    /// Deliberately wrong variants (negative controls only).
    enum Variant: Sendable {
        case correct
        /// Uses σ_w instead of σ_w² in both recursions (a "wrong σ_w power" bug).
        case sigmaWFirstPower
    }

    /// The kernels of a depth-`depth` network (L = `depth` nonlinearities, L + 1 affine layers) on
    /// the rows of `inputs` (points × n₀).
    ///
    /// - Precondition: `depth ≥ 0`, `inputs` has ≥ 1 row and ≥ 1 column, σ_w and σ_b finite,
    ///   and `activation.hasAnalyticKernel`.
    /// - Throws: `NumericsError` when the inputs are not finite.
    public static func compute(inputs: Matrix, activation: NTKActivation, depth: Int,
                               sigmaW: Double, sigmaB: Double) throws -> Result {
        try compute(inputs: inputs, activation: activation, depth: depth, sigmaW: sigmaW, sigmaB: sigmaB,
                    variant: .correct)
    }

    static func compute(inputs: Matrix, activation: NTKActivation, depth: Int, sigmaW: Double,
                        sigmaB: Double, variant: Variant) throws -> Result {
        require(depth >= 0, "AnalyticKernels.compute: depth \(depth) must be ≥ 0")
        require(inputs.rows >= 1 && inputs.columns >= 1,
                "AnalyticKernels.compute: inputs \(inputs.shapeDescription) need ≥ 1 point and ≥ 1 coordinate")
        require(sigmaW.isFinite && sigmaB.isFinite, "AnalyticKernels.compute: σ_w = \(sigmaW), σ_b = \(sigmaB) must be finite")
        require(activation.hasAnalyticKernel, "AnalyticKernels.compute: no closed-form kernel for \(activation)")
        try inputs.validateFinite("AnalyticKernels.compute")
        let p = inputs.rows
        let wPower = variant == .correct ? sigmaW * sigmaW : sigmaW
        let b2 = sigmaB * sigmaB
        var k = Matrix.product(inputs, inputs, transposeB: true) / Double(inputs.columns)
        var theta = Matrix(rows: p, columns: p)
        var sigma = k
        for layer in 0...depth {
            sigma = k.map { wPower * $0 + b2 }
            theta = Matrix(rows: p, columns: p) { i, j in sigma[i, j] + wPower * theta[i, j] }
            if layer == depth { break }
            var nextK = Matrix(rows: p, columns: p)
            var nextTheta = Matrix(rows: p, columns: p)
            for i in 0..<p {
                for j in i..<p {
                    let e = gaussianExpectations(activation, sigma[i, i], sigma[j, j], sigma[i, j])
                    nextK[i, j] = e.phiPhi; nextK[j, i] = e.phiPhi
                    let t = theta[i, j] * e.derivativeProduct
                    nextTheta[i, j] = t; nextTheta[j, i] = t
                }
            }
            k = nextK; theta = nextTheta
        }
        return Result(nngp: sigma, ntk: theta)
    }

    /// E[φ(u)φ(v)] and E[φ′(u)φ′(v)] for (u, v) ∼ N(0, [[s11, s12], [s12, s22]]).
    static func gaussianExpectations(_ activation: NTKActivation, _ s11: Double, _ s22: Double,
                                     _ s12: Double) -> (phiPhi: Double, derivativeProduct: Double) {
        switch activation {
        case .identity:
            return (s12, 1)
        case .relu:
            let norm = (s11 * s22).squareRoot()
            if norm == 0 { return (0, 0) } // a zero-variance pre-activation is 0 a.s.: φ(0) = φ′(0) = 0 (the finite network's convention)
            let cosine = Swift.min(1, Swift.max(-1, s12 / norm))
            let angle = Foundation.acos(cosine)
            let sine = (1 - cosine * cosine).squareRoot()
            return ((norm * sine + (Double.pi - angle) * s12) / (2 * Double.pi), (Double.pi - angle) / (2 * Double.pi))
        case .erf:
            let a = 1 + 2 * s11, b = 1 + 2 * s22
            let phiPhi = 2 / Double.pi * Foundation.asin(Swift.min(1, Swift.max(-1, 2 * s12 / (a * b).squareRoot())))
            let derivativeProduct = 4 / Double.pi / (a * b - 4 * s12 * s12).squareRoot()
            return (phiPhi, derivativeProduct)
        case .tanh:
            fatalError("AnalyticKernels: no closed-form kernel for tanh")
        }
    }
}
