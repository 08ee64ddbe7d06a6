import Foundation
import Numerics
import PropertyCheck

/// The claims of Hu, Xiao & Pennington, "Provable Benefit of Orthogonal Initialization in
/// Optimizing Deep Linear Networks", ICLR 2020 (arXiv 2001.05992), with Du & Hu, "Width Provably
/// Matters in Optimization for Deep Linear Neural Networks", ICML 2019 (arXiv 1901.08572); ids and
/// statements as in docs/THEORY.md §1. All computations use the normalised form of
/// ``DeepLinearNetwork`` (A_i = W_i/√m).
public enum DeepLinearClaims {
    public static let family = "Deep linear networks (Hu, Xiao & Pennington 2020; Du & Hu 2019)"
    /// Where docs/THEORY.md states these claims.
    public static let theorySection = "§1"
    static let paper = "Hu, Xiao & Pennington, ICLR 2020 (arXiv 2001.05992)"

    public static var all: [Claim] {
        [orthogonalPartialProducts, orthogonalDynamicsOperator, orthogonalOutputLaw, gaussianLogNorm,
         orthogonalRate, gaussianStall, phaseDiagram, gaussianSpread, gaussianRate]
    }

    /// Unit roundoff, the inner-product factor γ_k and the Haar-factor defect δ(k) of
    /// ``RoundingModel`` (δ is what NUM-QR verifies for Householder QR of size k).
    static let u = RoundingModel.unitRoundoff
    static func haarDefect(_ k: Int) -> Double { RoundingModel.factorisationDefect(k) }
    static func gamma(_ k: Int) -> Double { RoundingModel.gamma(k) }

    /// Orthogonal network shapes: d_x, d_y ∈ 1…6, m = max(d_x, d_y) + extra (extra ∈ 0…8), L ∈ 2…10.
    static let orthogonalShapes = zip(Gen.dimension(in: 1...6), Gen.dimension(in: 1...6), Gen.int(in: 0...8),
                                      Gen.int(in: 2...10))

    /// ‖A_{L:1}·e_1‖² for a fresh network (the input direction does not matter: both laws are
    /// rotation invariant), times √(m/d_y)² — i.e. ‖f(x)‖²/‖x‖² for unit x.
    static func outputGain(_ initialisation: DeepLinearInitialisation, dx: Int, m: Int, dy: Int, depth: Int,
                           using stream: inout RandomStream) -> Double {
        let net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: m, outputDimension: dy,
                                               depth: depth, using: &stream)
        var e1 = Matrix(rows: dx, columns: 1)
        e1[0, 0] = 1
        let f = net.output(e1)
        return f.frobeniusNorm * f.frobeniusNorm
    }

    /// The whole loss curve of GD at η = d_y/(2L‖X‖²) against Theorem 4.1's bound
    /// ℓ(t) − ℓ* ≤ ρᵗ(ℓ(0) − ℓ*), ρ = 1 − 1/(4κ): returns max_{t ≥ 1} (ℓ(t) − ℓ*)/(ρᵗ(ℓ(0) − ℓ*) + s),
    /// which is ≤ 1 when the curve lies under the bound (up to the rounding slack s). Step 0 is left
    /// out: there the bound is the loss itself, so its ratio is 1 − s/(ℓ(0) − ℓ* + s) on every run
    /// and would be reported as the check's worst margin, saying nothing about the steps.
    ///
    /// Slack s: ℓ is evaluated through L GEMMs of O(1) factors, so the output carries a relative
    /// error ≲ L·γ_K (K = max(m, d_x, n)) and ℓ an absolute error ≲ √(2ℓ)·L·γ_K·(‖Y‖_F + √(2ℓ));
    /// ℓ* (a backward-stable least-squares solve) is accurate to ≲ κ(X)·K·u·‖Y‖_F². We take
    /// s = 4·L·K·u·(ℓ(0) + ‖Y‖_F²) + 4·κ·K·u·‖Y‖_F², which covers both with a factor ≥ 2. The
    /// curve stops being compared once the bound falls below s (it is then trivially met).
    static func rateBoundRatio(_ net: DeepLinearNetwork, problem: DeepLinearProblem, steps: Int) throws -> Double {
        var trained = net
        let depth = net.depth
        let eta = problem.theoremStepSize(depth: depth)
        let rho = problem.theoremContraction(depth: depth, stepSize: eta)
        let k = Double(max(net.width, problem.x.rows, problem.x.columns))
        let y2 = problem.y.frobeniusNorm * problem.y.frobeniusNorm
        let star = problem.optimalLoss
        // Stop once the bound is far below the rounding floor.
        let curve = try trained.trainByGradientDescent(x: problem.x, y: problem.y, stepSize: eta, steps: steps)
        let slack = 4 * Double(depth) * k * u * (curve[0] + y2) + 4 * problem.conditionNumber * k * u * y2
        var worst = 0.0
        var bound = (curve[0] - star) * rho
        for loss in curve.dropFirst() {
            if bound < slack * 1e-3 { break }
            worst = max(worst, (loss - star) / (bound + slack))
            bound *= rho
        }
        return worst
    }
}
