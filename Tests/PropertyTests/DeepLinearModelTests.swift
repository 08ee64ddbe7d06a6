import Foundation
import Numerics
import Testing
@testable import Theory

/// The deep linear network model against independent truths: finite differences, the layer
/// rotation invariance, the unnormalised definition of gradient descent, and the normal equations.
@Suite struct DeepLinearModelTests {
    static let u = Double.ulpOfOne / 2

    /// A small network and data; `initialisation` orthogonal needs m ≥ d_x, d_y.
    static func instance(_ initialisation: DeepLinearInitialisation, seed: UInt64, dx: Int = 3, m: Int = 4, dy: Int = 2,
                         depth: Int = 4, n: Int = 5) -> (DeepLinearNetwork, Matrix, Matrix) {
        var s = RandomStream(seed: seed, stream: 7)
        let net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: m, outputDimension: dy, depth: depth, using: &s)
        let x = Matrix.gaussian(rows: dx, columns: n, using: &s)
        let y = Matrix.gaussian(rows: dy, columns: n, using: &s)
        return (net, x, y)
    }

    /// Largest |finite difference − gradient| over all entries, relative to max |gradient|.
    /// Central differences on W_i (A_i moved by h/√m): truncation error h²/6·|∂³ℓ| and rounding
    /// ≈ 2u·ℓ/h·(condition); with h = 1e-5 and O(1) data both are ≲ 1e-8 relative, so a correct
    /// gradient stays below 1e-6 while any wrong factor or transpose is off by O(1).
    static func finiteDifferenceError(_ net: DeepLinearNetwork, x: Matrix, y: Matrix, gradients: [Matrix]) -> Double {
        let h = 1e-5
        let rootM = Double(net.width).squareRoot()
        var worst = 0.0, scale = 0.0
        for (i, layer) in net.layers.enumerated() {
            for r in 0..<layer.rows {
                for c in 0..<layer.columns {
                    var plus = net, minus = net
                    plus.layers[i][r, c] += h / rootM
                    minus.layers[i][r, c] -= h / rootM
                    let fd = (plus.loss(x: x, y: y) - minus.loss(x: x, y: y)) / (2 * h)
                    worst = max(worst, abs(fd - gradients[i][r, c]))
                    scale = max(scale, abs(gradients[i][r, c]))
                }
            }
        }
        return worst / scale
    }

    @Test(arguments: DeepLinearInitialisation.allCases)
    func gradientsMatchFiniteDifferences(initialisation: DeepLinearInitialisation) {
        for seed: UInt64 in 1...3 {
            let (net, x, y) = Self.instance(initialisation, seed: seed)
            let g = net.gradients(x: x, y: y)
            #expect(abs(g.loss - net.loss(x: x, y: y)) <= 1e-13 * g.loss)
            #expect(Self.finiteDifferenceError(net, x: x, y: y, gradients: g.weightGradients) < 1e-6)
            // Planted bugs the same check must catch: the ∂ℓ/∂A_i scale (missing 1/√m) and a
            // transposed inner layer.
            let unscaled = g.weightGradients.map { Double(net.width).squareRoot() * $0 }
            #expect(Self.finiteDifferenceError(net, x: x, y: y, gradients: unscaled) > 0.1)
            var transposed = g.weightGradients
            transposed[1] = transposed[1].transposed
            #expect(Self.finiteDifferenceError(net, x: x, y: y, gradients: transposed) > 1e-3)
        }
    }

    /// (A_{i+1}, A_i) ↦ (A_{i+1}Q, QᵀA_i) leaves the product, hence ℓ, unchanged, and by the chain
    /// rule maps the gradients to (∂_{i+1}·Q, Qᵀ·∂_i), all others unchanged. Tolerance: every
    /// quantity is a product of ≤ L + 2 GEMMs of O(1) matrices, so agreement to ~(L + 2)·m·u·‖·‖;
    /// 1e-12 relative leaves a factor ≥ 50 of headroom at these sizes.
    @Test func gradientsFollowTheRotationInvariance() throws {
        for seed: UInt64 in 1...3 {
            let (net, x, y) = Self.instance(.gaussian, seed: seed, depth: 5)
            var s = RandomStream(seed: seed, stream: 99)
            let q = Matrix.haarOrthogonal(rows: net.width, columns: net.width, using: &s)
            let i = 2 // rotate between layers 2 and 3 (0-based 1 and 2)
            var rotated = net
            rotated.layers[i] = rotated.layers[i] * q
            rotated.layers[i - 1] = Matrix.product(q, rotated.layers[i - 1], transposeA: true)
            let g = net.gradients(x: x, y: y), gr = rotated.gradients(x: x, y: y)
            #expect(abs(g.loss - gr.loss) <= 1e-12 * g.loss)
            let scale = g.weightGradients.map(\.maxAbs).max()!
            for k in 0..<net.depth {
                let expected: Matrix
                if k == i { expected = g.weightGradients[k] * q } else if k == i - 1 {
                    expected = Matrix.product(q, g.weightGradients[k], transposeA: true)
                } else { expected = g.weightGradients[k] }
                #expect(gr.weightGradients[k].maxAbsDifference(expected) <= 1e-12 * scale, "layer \(k + 1)")
            }
            // Negative control: without transforming, the rotated layers' gradients differ.
            #expect(gr.weightGradients[i].maxAbsDifference(g.weightGradients[i]) > 1e-3 * scale)
        }
    }

    /// Gradient descent in normalised form equals gradient descent on W_i = √m·A_i by the paper's
    /// definition: ∂ℓ/∂W_i = α·W_{L:i+1}ᵀ·R·X_{(i)}ᵀ with α = 1/√(m^{L−1}d_y), computed here from the
    /// unnormalised matrices directly (small L, m so nothing overflows). Tolerance: 5 steps of
    /// O(L) GEMMs on O(√m)-sized entries: relative agreement ~1e-14; 1e-11 allows the condition of
    /// the trajectory.
    @Test func normalisedGradientDescentIsGradientDescentOnW() throws {
        let (net, x, y) = Self.instance(.gaussian, seed: 11, depth: 3)
        let m = Double(net.width), L = net.depth, dy = Double(net.outputDimension)
        let eta = 0.05
        var trained = net
        let curve = try trained.trainByGradientDescent(x: x, y: y, stepSize: eta, steps: 5)
        #expect(curve.count == 6)
        var w = net.layers.map { m.squareRoot() * $0 }
        let alpha = 1 / (pow(m, Double(L - 1)) * dy).squareRoot()
        func product(_ from: Int, _ to: Int, _ w: [Matrix]) -> Matrix { // W_{to:from}, 0-based inclusive
            var p = Matrix.identity(from == 0 ? net.inputDimension : net.width)
            if to >= from { for k in from...to { p = w[k] * p } } else if from == L { p = .identity(net.outputDimension) }
            return p
        }
        for t in 0..<5 {
            let r = alpha * product(0, L - 1, w) * x - y
            #expect(abs(0.5 * r.frobeniusNorm * r.frobeniusNorm - curve[t]) <= 1e-11 * curve[t])
            var next = w
            for i in 0..<L {
                let above = i == L - 1 ? Matrix.identity(net.outputDimension) : product(i + 1, L - 1, w)
                let below = i == 0 ? x : product(0, i - 1, w) * x
                let grad = alpha * Matrix.product(above, r, transposeA: true) * below.transposed
                next[i] = w[i] - eta * grad
            }
            w = next
        }
        for i in 0..<L {
            let expected = (1 / m.squareRoot()) * w[i]
            #expect(trained.layers[i].maxAbsDifference(expected) <= 1e-11 * expected.maxAbs, "layer \(i + 1)")
        }
        // The step in normalised form is η/m; using η (a planted bug) gives a different iterate.
        var wrong = net
        _ = try wrong.trainByGradientDescent(x: x, y: y, stepSize: eta * m, steps: 1)
        var right = net
        _ = try right.trainByGradientDescent(x: x, y: y, stepSize: eta, steps: 1)
        #expect(wrong.layers[0].maxAbsDifference(right.layers[0]) > 1e-3)
    }

    /// The dynamics operator is the output's first-order velocity: for a small step along the
    /// residual's gradients the output moves by −η·P(R) + O(η²).
    @Test func dynamicsOperatorIsTheOutputVelocity() throws {
        let (net, x, y) = Self.instance(.gaussian, seed: 5, depth: 4)
        let g = net.gradients(x: x, y: y)
        let p = net.dynamicsOperator(applyTo: g.residual, x: x)
        let eta = 1e-6
        var stepped = net
        try stepped.trainByGradientDescent(x: x, y: y, stepSize: eta, steps: 1)
        let velocity = (1 / eta) * (net.output(x) - stepped.output(x))
        // O(η) curvature and u/η rounding: both ≲ 1e-6 relative here.
        #expect(velocity.maxAbsDifference(p) <= 1e-4 * p.maxAbs)
    }

    /// ℓ*: W* satisfies the normal equations (W*X − Y)Xᵀ = 0, and equals Y·Xᵀ(XXᵀ)⁻¹ for full row
    /// rank X (n > d_x); for n < d_x, ℓ* = 0.
    @Test func leastSquaresOptimum() throws {
        var s = RandomStream(seed: 3, stream: 0)
        let tall = try DeepLinearProblem.random(inputDimension: 4, examples: 9, outputDimension: 3, using: &s)
        let normal = (tall.optimum * tall.x - tall.y) * tall.x.transposed
        #expect(normal.maxAbs <= 1e-13)
        let explicit = tall.y * tall.x.transposed * (try (tall.x * tall.x.transposed).solve(Matrix.identity(4)))
        #expect(tall.optimum.maxAbsDifference(explicit) <= 1e-12 * explicit.maxAbs)
        #expect(tall.optimalLoss > 0.01 && tall.rank == 4)
        let wide = try DeepLinearProblem.random(inputDimension: 6, examples: 3, outputDimension: 2, using: &s)
        #expect(wide.optimalLoss <= 1e-28 && wide.rank == 3)
        #expect(abs(wide.theoremContraction(depth: 7, stepSize: wide.theoremStepSize(depth: 7)) - (1 - 1 / (4 * wide.conditionNumber))) <= 1e-15)
    }
}

/// The step identity DL-ORTH-RATE uses to see the step size: exact up to its stated tolerance at
/// the theorem's step, and off by |1 − 1/c| at c times that step.
@Suite struct DeepLinearStepIdentityTests {
    @Test func theoremStepSatisfiesTheIdentityAndTwiceTheStepDoesNot() throws {
        var stream = RandomStream(seed: 0x5354_4550, stream: 0)
        var worst = 0.0
        for depth in [2, 8, 128] {
            let problem = try DeepLinearClaims.rateProblem(overdetermined: depth != 8, using: &stream)
            let net = DeepLinearNetwork.initialised(.orthogonal, inputDimension: 8, width: 32, outputDimension: 2,
                                                   depth: depth, using: &stream)
            let eta = problem.theoremStepSize(depth: depth)
            let exact = try DeepLinearClaims.stepIdentityError(net, problem: problem, assumedStepSize: eta, takenStepSize: eta)
            let doubled = try DeepLinearClaims.stepIdentityError(net, problem: problem, assumedStepSize: eta, takenStepSize: 2 * eta)
            let halved = try DeepLinearClaims.stepIdentityError(net, problem: problem, assumedStepSize: eta, takenStepSize: 0.5 * eta)
            worst = max(worst, exact)
            #expect(exact <= DeepLinearClaims.stepIdentityTolerance / 10, "L = \(depth): \(exact)")
            #expect(abs(doubled - 0.5) <= 0.01 && abs(halved - 1) <= 0.01, "L = \(depth): \(doubled), \(halved)")
        }
        print("step identity: worst relative error \(worst) at the theorem's step (tolerance \(DeepLinearClaims.stepIdentityTolerance))")
    }
}

/// The rate claims' curve-against-bound ratio reports how close the steps come to the bound:
/// step 0, where the bound equals the loss (ratio 1 − s/(ℓ(0) − ℓ* + s) on every run), is left
/// out, so on these orthogonal runs the ratio lies clearly below 1 (counting step 0 it would be
/// 1 to about 12 digits).
@Suite struct DeepLinearRateRatioTests {
    @Test func ratioLeavesOutTheTrivialStepZero() throws {
        var stream = RandomStream(seed: 0x5241_5445, stream: 0)
        for depth in [2, 8, 128] {
            let problem = try DeepLinearClaims.rateProblem(overdetermined: depth == 8, using: &stream)
            let net = DeepLinearNetwork.initialised(.orthogonal, inputDimension: 8, width: 32, outputDimension: 2,
                                                   depth: depth, using: &stream)
            let ratio = try DeepLinearClaims.rateBoundRatio(net, problem: problem, steps: DeepLinearClaims.rateSteps)
            #expect(ratio > 0 && ratio <= 0.95, "L = \(depth): max over t ≥ 1 of the ratio = \(ratio)")
        }
    }
}
