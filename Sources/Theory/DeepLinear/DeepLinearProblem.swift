import Foundation
import Numerics

/// A least-squares regression instance for deep linear networks: data X ∈ R^{d_x×n} (columns are
/// examples) and targets Y ∈ R^{d_y×n}, with the quantities Theorem 4.1 of Hu, Xiao & Pennington
/// (ICLR 2020, arXiv 2001.05992) is stated in.
public struct DeepLinearProblem: Sendable {
    public let x: Matrix
    public let y: Matrix
    /// W* = Y·X⁺, the minimum-norm least-squares solution of min_W ‖WX − Y‖_F (d_y×d_x).
    public let optimum: Matrix
    /// ℓ* = ½‖W*X − Y‖_F², the smallest loss any network can reach.
    public let optimalLoss: Double
    /// λ_max(XᵀX) = ‖X‖².
    public let largestEigenvalue: Double
    /// λ_r(XᵀX), the smallest non-zero eigenvalue (r = rank X).
    public let smallestNonzeroEigenvalue: Double
    /// r = rank X (numerical: eigenvalues of the smaller Gram matrix above max(d_x, n)·ε·λ_max).
    public let rank: Int

    /// κ = λ_max(XᵀX)/λ_r(XᵀX).
    public var conditionNumber: Double { largestEigenvalue / smallestNonzeroEigenvalue }

    /// Computes W* by a column-pivoted QR least-squares solve of Xᵀ·W*ᵀ = Yᵀ (minimum norm, backward
    /// stable) and the spectrum of the smaller of XXᵀ, XᵀX (same non-zero eigenvalues).
    /// - Throws: ``NumericsError`` for non-finite data or a zero X.
    public init(x: Matrix, y: Matrix) throws(NumericsError) {
        require(x.columns == y.columns && x.rows >= 1 && x.columns >= 1 && y.rows >= 1,
                "DeepLinearProblem: X is \(x.shapeDescription), Y is \(y.shapeDescription); need the same number of columns")
        try x.validateFinite("DeepLinearProblem X")
        try y.validateFinite("DeepLinearProblem Y")
        self.x = x; self.y = y
        optimum = try x.transposed.leastSquares(y.transposed).transposed
        let r = optimum * x - y
        optimalLoss = 0.5 * r.frobeniusNorm * r.frobeniusNorm
        let gram = x.rows <= x.columns ? Matrix.product(x, x, transposeB: true) : Matrix.product(x, x, transposeA: true)
        let eigenvalues = try gram.symmetricEigenvalues()
        let top = eigenvalues.max() ?? 0
        guard top > 0 else { throw NumericsError.domain(operation: "DeepLinearProblem", detail: "X is zero") }
        let threshold = Double(max(x.rows, x.columns)) * Double.ulpOfOne * top * 16
        let nonzero = eigenvalues.filter { $0 > threshold }
        largestEigenvalue = top
        smallestNonzeroEigenvalue = nonzero.min() ?? top
        rank = nonzero.count
    }

    /// Theorem 4.1's largest step size for depth L: η = d_y/(2L‖X‖²) (on the unnormalised W_i).
    public func theoremStepSize(depth: Int) -> Double {
        Double(y.rows) / (2 * Double(depth) * largestEigenvalue)
    }

    /// Theorem 4.1's per-step contraction factor ρ = 1 − ½·η·L·λ_r(XᵀX)/d_y; ℓ(t) − ℓ* ≤ ρᵗ(ℓ(0) − ℓ*).
    /// At η = ``theoremStepSize(depth:)`` it is 1 − 1/(4κ).
    public func theoremContraction(depth: Int, stepSize: Double) -> Double {
        1 - 0.5 * stepSize * Double(depth) * smallestNonzeroEigenvalue / Double(y.rows)
    }

    /// The paper's Figure 1 instance: X with i.i.d. N(0, 1) entries rescaled to ‖X‖_F = 1, a
    /// teacher W with i.i.d. N(0, 1) entries, Y = W·X (so ℓ* = 0) rescaled with the same factor.
    ///
    /// With `wellConditioned` (needs n ≤ d_x) X is instead a Haar semi-orthogonal d_x×n matrix
    /// divided by √n: ‖X‖_F = 1 and κ = 1.
    public static func teacher(inputDimension dx: Int, examples n: Int, outputDimension dy: Int, wellConditioned: Bool = false,
                               using stream: inout RandomStream) throws(NumericsError) -> DeepLinearProblem {
        require(!wellConditioned || n <= dx, "DeepLinearProblem.teacher: well-conditioned X needs n=\(n) ≤ d_x=\(dx)")
        let g = wellConditioned ? Matrix.haarOrthogonal(rows: dx, columns: n, using: &stream) : Matrix.gaussian(rows: dx, columns: n, using: &stream)
        let x = (1 / g.frobeniusNorm) * g
        let w = Matrix.gaussian(rows: dy, columns: dx, using: &stream)
        let y = w * x
        return try DeepLinearProblem(x: x, y: (1 / y.frobeniusNorm) * y)
    }

    /// Gaussian X (d_x×n, N(0, 1/n) entries) and Gaussian Y (d_y×n, N(0, 1/n)): when n > d_x the
    /// targets are not realisable and ℓ* > 0.
    public static func random(inputDimension dx: Int, examples n: Int, outputDimension dy: Int,
                              using stream: inout RandomStream) throws(NumericsError) -> DeepLinearProblem {
        let s = 1 / Double(n).squareRoot()
        let x = Matrix.gaussian(rows: dx, columns: n, standardDeviation: s, using: &stream)
        let y = Matrix.gaussian(rows: dy, columns: n, standardDeviation: s, using: &stream)
        return try DeepLinearProblem(x: x, y: y)
    }
}
