import Foundation
import Numerics

/// A one-hidden-layer ReLU classifier whose hidden weight matrix is factorised at rank r — the
/// model of Vodrahalli et al.'s low-rank training experiments in its smallest form:
///
///   f(x) = A·ReLU(U·V·x) + a,   U: k×r, V: r×d, A: c×k, a ∈ R^c,
///
/// trained with the softmax cross-entropy ℓ = −(1/n)Σ_i log softmax(f(x_i))_{y_i}. Rows of a batch
/// are examples (X is n×d). The hidden layer has no bias, as in the papers' ReLU(Wx).
public struct LowRankClassifier: Sendable {
    public var u: Matrix
    public var v: Matrix
    public var outputWeights: Matrix
    public var outputBias: [Double]

    /// - Precondition: the factors chain (U k×r, V r×d, A c×k, a of length c).
    public init(factors: LowRankFactors, outputWeights: Matrix, outputBias: [Double]) {
        require(outputWeights.columns == factors.u.rows && outputBias.count == outputWeights.rows,
                "LowRankClassifier: A \(outputWeights.shapeDescription) and a (\(outputBias.count)) do not fit U \(factors.u.shapeDescription)")
        u = factors.u; v = factors.v; self.outputWeights = outputWeights; self.outputBias = outputBias
    }

    public var rank: Int { u.columns }
    public var classes: Int { outputWeights.rows }

    /// Intermediate values of a forward pass over a batch.
    public struct Pass: Sendable {
        /// X·Vᵀ (n×r), the pre-activations X·Vᵀ·Uᵀ (n×k), the hidden activations (n×k), logits (n×c).
        public var projected: Matrix, preActivations: Matrix, hidden: Matrix, logits: Matrix
    }

    public func forward(_ x: Matrix) -> Pass {
        require(x.columns == v.columns, "LowRankClassifier.forward: inputs have \(x.columns) features, V expects \(v.columns)")
        let projected = Matrix.product(x, v, transposeB: true)
        let pre = Matrix.product(projected, u, transposeB: true)
        let hidden = pre.map { Swift.max(0, $0) }
        var logits = Matrix.product(hidden, outputWeights, transposeB: true)
        for i in 0..<logits.rows { for j in 0..<classes { logits[i, j] += outputBias[j] } }
        return Pass(projected: projected, preActivations: pre, hidden: hidden, logits: logits)
    }

    /// Row-wise softmax probabilities (max subtracted first, so no overflow).
    public static func probabilities(_ logits: Matrix) -> Matrix {
        var p = logits
        for i in 0..<p.rows {
            var top = -Double.infinity
            for j in 0..<p.columns { top = Swift.max(top, p[i, j]) }
            var sum = 0.0
            for j in 0..<p.columns { p[i, j] = Foundation.exp(p[i, j] - top); sum += p[i, j] }
            for j in 0..<p.columns { p[i, j] /= sum }
        }
        return p
    }

    /// Mean cross-entropy and accuracy of the batch (labels 0..<c).
    public func evaluate(_ x: Matrix, labels: [Int]) -> (loss: Double, accuracy: Double) {
        requireLabels(labels, for: x, "evaluate")
        let logits = forward(x).logits
        var loss = 0.0, correct = 0
        for i in 0..<x.rows {
            var top = -Double.infinity, best = 0
            for j in 0..<classes where logits[i, j] > top { top = logits[i, j]; best = j }
            var sum = 0.0
            for j in 0..<classes { sum += Foundation.exp(logits[i, j] - top) }
            loss += top + Foundation.log(sum) - logits[i, labels[i]]
            if best == labels[i] { correct += 1 }
        }
        return (loss / Double(x.rows), Double(correct) / Double(x.rows))
    }

    /// One label per input row, each in 0..<c: checked before any loop indexes by it.
    func requireLabels(_ labels: [Int], for x: Matrix, _ operation: String) {
        require(labels.count == x.rows && labels.allSatisfy { $0 >= 0 && $0 < classes },
                "LowRankClassifier.\(operation): need \(x.rows) labels in 0..<\(classes), got \(labels.count) "
                    + "(range \(labels.min().map(String.init) ?? "-")…\(labels.max().map(String.init) ?? "-"))")
    }

    /// Gradients of the mean cross-entropy with respect to U, V, A and a.
    public struct Gradients: Sendable {
        public var u: Matrix, v: Matrix, outputWeights: Matrix, outputBias: [Double]
    }

    /// Back-propagation: with P the softmax probabilities and Y the one-hot labels,
    /// G = (P − Y)/n; ∂A = Gᵀ·H, ∂a = column sums of G; D = (G·A) ⊙ 1[pre > 0];
    /// ∂U = Dᵀ·(X·Vᵀ), ∂V = (D·U)ᵀ·X.
    public func gradients(_ x: Matrix, labels: [Int]) -> Gradients {
        requireLabels(labels, for: x, "gradients")
        let pass = forward(x)
        let n = Double(x.rows)
        var g = Self.probabilities(pass.logits)
        for i in 0..<x.rows {
            g[i, labels[i]] -= 1
            for j in 0..<classes { g[i, j] /= n }
        }
        let dA = Matrix.product(g, pass.hidden, transposeA: true)
        let da = (0..<classes).map { j in (0..<x.rows).reduce(0.0) { $0 + g[$1, j] } }
        var d = Matrix.product(g, outputWeights)
        for i in 0..<d.rows { for j in 0..<d.columns where pass.preActivations[i, j] <= 0 { d[i, j] = 0 } }
        let dU = Matrix.product(d, pass.projected, transposeA: true)
        let dV = Matrix.product(Matrix.product(d, u), x, transposeA: true)
        return Gradients(u: dU, v: dV, outputWeights: dA, outputBias: da)
    }

    /// `steps` of full-batch gradient descent at `learningRate` on every parameter.
    ///
    /// - Throws: `NumericsError.domain` when the loss stops being finite.
    public mutating func trainByGradientDescent(_ x: Matrix, labels: [Int], learningRate: Double, steps: Int) throws(NumericsError) {
        require(learningRate > 0 && learningRate.isFinite && steps >= 0,
                "LowRankClassifier.trainByGradientDescent: η = \(learningRate), steps = \(steps)")
        for step in 0..<steps {
            let g = gradients(x, labels: labels)
            u = u - learningRate * g.u
            v = v - learningRate * g.v
            outputWeights = outputWeights - learningRate * g.outputWeights
            for j in 0..<classes { outputBias[j] -= learningRate * g.outputBias[j] }
            if !(u.isFinite && v.isFinite && outputWeights.isFinite && outputBias.allSatisfy(\.isFinite)) {
                throw .domain(operation: "LowRankClassifier.trainByGradientDescent", detail: "parameters diverged at step \(step + 1) (η = \(learningRate))")
            }
        }
    }
}
