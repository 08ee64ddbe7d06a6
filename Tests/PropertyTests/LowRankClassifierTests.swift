import Foundation
import Numerics
import Testing
@testable import Theory

/// The factorised ReLU classifier of the low-rank training experiments against independent
/// truths: central finite differences of its loss, the full-rank identity U·V = W, and descent.
@Suite struct LowRankClassifierTests {
    static func instance(seed: UInt64, n: Int = 6, d: Int = 5, k: Int = 7, r: Int = 2, c: Int = 3, layers: Int = 1)
        -> (LowRankClassifier, Matrix, [Int]) {
        var s = RandomStream(seed: seed, stream: 21)
        var factors = [LowRankFactors(u: Matrix.gaussian(rows: k, columns: r, using: &s), v: Matrix.gaussian(rows: r, columns: d, using: &s))]
        let outputWeights = Matrix.gaussian(rows: c, columns: k, using: &s), outputBias = s.normalVector(c)
        for _ in 1..<layers {
            // Entries of variance 1/r keep the deeper pre-activations of order one.
            factors.append(LowRankFactors(u: Matrix.gaussian(rows: k, columns: r, using: &s),
                                          v: Matrix.gaussian(rows: r, columns: k, using: &s) * (1 / Double(r)).squareRoot()))
        }
        let model = LowRankClassifier(layers: factors, outputWeights: outputWeights, outputBias: outputBias)
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
        for l in model.layers.indices {
            let (u, v) = (model.layers[l].u, model.layers[l].v)
            for i in 0..<u.rows { for j in 0..<u.columns { probe(gradients.layers[l].u[i, j]) { $0.layers[l].u[i, j] += $1 } } }
            for i in 0..<v.rows { for j in 0..<v.columns { probe(gradients.layers[l].v[i, j]) { $0.layers[l].v[i, j] += $1 } } }
        }
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

    /// The same comparison for two and three hidden layers (every factor of every layer probed).
    @Test func deepGradientsMatchFiniteDifferences() {
        for layers in [2, 3] {
            for seed in 0..<6 as Range<UInt64> {
                let (model, x, labels) = Self.instance(seed: seed, layers: layers)
                let error = Self.finiteDifferenceError(model, x, labels, model.gradients(x, labels: labels))
                #expect(error < 1e-6, "L = \(layers), seed \(seed): relative error \(error)")
            }
        }
    }

    /// Negative control for the deep path: back-propagating into the first layer without the first
    /// layer's ReLU mask (∂U₁, ∂V₁ recomputed from the unmasked signal) is caught.
    @Test func deepGradientWithoutTheInnerMaskIsCaught() {
        let (model, x, labels) = Self.instance(seed: 4, layers: 2)
        var wrong = model.gradients(x, labels: labels)
        let pass = model.forward(x)
        var g = LowRankClassifier.probabilities(pass.logits)
        for i in 0..<x.rows { g[i, labels[i]] -= 1; for j in 0..<model.classes { g[i, j] /= Double(x.rows) } }
        var d = Matrix.product(g, model.outputWeights)
        for i in 0..<d.rows { for j in 0..<d.columns where pass.preActivations[1][i, j] <= 0 { d[i, j] = 0 } }
        // The first layer's mask (on pre-activations 0) is omitted here.
        let inner = Matrix.product(Matrix.product(d, model.layers[1].u), model.layers[1].v)
        wrong.layers[0].u = Matrix.product(inner, pass.projected[0], transposeA: true)
        wrong.layers[0].v = Matrix.product(Matrix.product(inner, model.layers[0].u), x, transposeA: true)
        #expect(Self.finiteDifferenceError(model, x, labels, wrong) > 1e-2)
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
        wrong.layers[0].u = Matrix.product(d, pass.projected[0], transposeA: true)
        wrong.layers[0].v = Matrix.product(Matrix.product(d, model.layers[0].u), x, transposeA: true)
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

        // Two layers: ReLU(ReLU(X·W₁ᵀ)·W₂ᵀ)·Aᵀ + a with W₂ (7×7) factorised at full rank.
        let w2 = Matrix.gaussian(rows: 7, columns: 7, using: &s)
        let deep = LowRankClassifier(layers: [try LowRankReLU.spectral(w, rank: 5), try LowRankReLU.spectral(w2, rank: 7)],
                                     outputWeights: a, outputBias: bias)
        let h1 = Matrix.product(x, w, transposeB: true).map { max(0, $0) }
        var deepDirect = Matrix.product(Matrix.product(h1, w2, transposeB: true).map { max(0, $0) }, a, transposeB: true)
        for i in 0..<deepDirect.rows { for j in 0..<3 { deepDirect[i, j] += bias[j] } }
        #expect((deep.forward(x).logits - deepDirect).frobeniusNorm <= 1e-12 * (1 + deepDirect.frobeniusNorm))
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
