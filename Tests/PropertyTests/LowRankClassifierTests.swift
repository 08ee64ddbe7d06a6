import Foundation
import Numerics
import Testing
@testable import Theory

/// The factorised ReLU classifier of the low-rank training experiments against independent
/// truths: central finite differences of its loss, the full-rank identity U·V = W, and descent.
@Suite struct LowRankClassifierTests {
    static func instance(seed: UInt64, n: Int = 6, d: Int = 5, k: Int = 7, r: Int = 2, c: Int = 3)
        -> (LowRankClassifier, Matrix, [Int]) {
        var s = RandomStream(seed: seed, stream: 21)
        let factors = LowRankFactors(u: Matrix.gaussian(rows: k, columns: r, using: &s), v: Matrix.gaussian(rows: r, columns: d, using: &s))
        let model = LowRankClassifier(factors: factors, outputWeights: Matrix.gaussian(rows: c, columns: k, using: &s),
                                      outputBias: s.normalVector(c))
        let x = Matrix.gaussian(rows: n, columns: d, using: &s)
        let labels = (0..<n).map { _ in s.integer(in: 0...(c - 1)) }
        return (model, x, labels)
    }

    /// Largest |central difference − gradient| over every parameter, relative to the largest
    /// gradient entry. With h = 1e-6 the truncation error h²/6·|ℓ‴| is ≲ 1e-12 and rounding
    /// ≈ u·ℓ/h ≈ 1e-10 — except at a ReLU kink, which a random instance meets with probability
    /// ~ h·(density) ≈ 1e-6 per entry. A correct gradient stays below 1e-6; a missing ReLU mask
    /// or a transposed factor is off by O(1).
    static func finiteDifferenceError(_ model: LowRankClassifier, _ x: Matrix, _ labels: [Int],
                                      _ gradients: LowRankClassifier.Gradients) -> Double {
        let h = 1e-6
        var worst = 0.0, scale = 0.0
        func probe(_ analytic: Double, _ perturb: (inout LowRankClassifier, Double) -> Void) {
            var plus = model, minus = model
            perturb(&plus, h); perturb(&minus, -h)
            let numeric = (plus.evaluate(x, labels: labels).loss - minus.evaluate(x, labels: labels).loss) / (2 * h)
            worst = max(worst, abs(numeric - analytic)); scale = max(scale, abs(analytic))
        }
        for i in 0..<model.u.rows { for j in 0..<model.u.columns { probe(gradients.u[i, j]) { $0.u[i, j] += $1 } } }
        for i in 0..<model.v.rows { for j in 0..<model.v.columns { probe(gradients.v[i, j]) { $0.v[i, j] += $1 } } }
        for i in 0..<model.outputWeights.rows {
            for j in 0..<model.outputWeights.columns { probe(gradients.outputWeights[i, j]) { $0.outputWeights[i, j] += $1 } }
        }
        for j in 0..<model.classes { probe(gradients.outputBias[j]) { $0.outputBias[j] += $1 } }
        return worst / scale
    }

    @Test func gradientsMatchFiniteDifferences() {
        for seed in 0..<10 as Range<UInt64> {
            let (model, x, labels) = Self.instance(seed: seed)
            let error = Self.finiteDifferenceError(model, x, labels, model.gradients(x, labels: labels))
            #expect(error < 1e-6, "seed \(seed): relative error \(error)")
        }
    }

    /// Negative control: the same comparison rejects a gradient without the ReLU mask.
    @Test func gradientWithoutTheReLUMaskIsCaught() {
        let (model, x, labels) = Self.instance(seed: 3)
        var wrong = model.gradients(x, labels: labels)
        // Recompute ∂U and ∂V as if every hidden unit were active.
        let pass = model.forward(x)
        var g = LowRankClassifier.probabilities(pass.logits)
        for i in 0..<x.rows { g[i, labels[i]] -= 1; for j in 0..<model.classes { g[i, j] /= Double(x.rows) } }
        let d = Matrix.product(g, model.outputWeights)
        wrong.u = Matrix.product(d, pass.projected, transposeA: true)
        wrong.v = Matrix.product(Matrix.product(d, model.u), x, transposeA: true)
        #expect(Self.finiteDifferenceError(model, x, labels, wrong) > 1e-2)
    }

    /// With r = min(k, d) and U·V equal to W, the factorised model is the full one: the same
    /// logits as ReLU(X·Wᵀ)·Aᵀ + a computed directly (to rounding).
    @Test func fullRankFactorsAreTheFullModel() throws {
        var s = RandomStream(seed: 5, stream: 21)
        let w = Matrix.gaussian(rows: 7, columns: 5, using: &s)
        let a = Matrix.gaussian(rows: 3, columns: 7, using: &s), bias = s.normalVector(3)
        let x = Matrix.gaussian(rows: 6, columns: 5, using: &s)
        let model = LowRankClassifier(factors: try LowRankReLU.spectral(w, rank: 5), outputWeights: a, outputBias: bias)
        var direct = Matrix.product(Matrix.product(x, w, transposeB: true).map { max(0, $0) }, a, transposeB: true)
        for i in 0..<direct.rows { for j in 0..<3 { direct[i, j] += bias[j] } }
        #expect((model.forward(x).logits - direct).frobeniusNorm <= 1e-12 * (1 + direct.frobeniusNorm))
    }

    /// Labels out of 0..<c, or one too few, stop with a message instead of indexing past the
    /// probabilities inside the back-propagation loop.
    @Test func badLabelsAreAClearError() async {
        await #expect(processExitsWith: .failure) {
            let (model, x, _) = Self.instance(seed: 1)
            _ = model.gradients(x, labels: Array(repeating: 3, count: x.rows))   // c = 3: labels 0…2
        }
        await #expect(processExitsWith: .failure) {
            let (model, x, labels) = Self.instance(seed: 1)
            _ = model.gradients(x, labels: Array(labels.dropLast()))
        }
    }

    /// A small step of gradient descent lowers the loss (first-order decrease ≈ η‖∇ℓ‖²).
    @Test func gradientDescentDescends() throws {
        let (start, x, labels) = Self.instance(seed: 8, n: 40)
        var model = start
        let before = model.evaluate(x, labels: labels).loss
        try model.trainByGradientDescent(x, labels: labels, learningRate: 0.05, steps: 20)
        #expect(model.evaluate(x, labels: labels).loss < before)
        var diverging = start
        #expect(throws: NumericsError.self) { try diverging.trainByGradientDescent(x, labels: labels, learningRate: 1e200, steps: 5) }
    }
}
