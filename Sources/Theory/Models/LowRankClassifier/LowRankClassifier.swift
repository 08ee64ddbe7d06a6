import Foundation
import Numerics

/// A ReLU classifier whose hidden weight matrices are each factorised at rank r — the model of
/// Vodrahalli et al.'s low-rank training experiments in its smallest forms:
///
///   h₀ = x,  h_l = ReLU(U_l·V_l·h_{l−1}) (l = 1…L),  f(x) = A·h_L + a,
///
/// with U_l: k_l×r_l, V_l: r_l×k_{l−1}, A: c×k_L, trained with the softmax cross-entropy
/// ℓ = −(1/n)Σ_i log softmax(f(x_i))_{y_i}. Rows of a batch are examples (X is n×d). Hidden layers
/// have no bias, as in the papers' ReLU(Wx).
public struct LowRankClassifier: Sendable {
    /// The hidden layers' factors, input side first.
    public var layers: [LowRankFactors]
    public var outputWeights: Matrix
    public var outputBias: [Double]

    /// - Precondition: at least one hidden layer, and the shapes chain (V_{l+1} takes U_l's rows,
    ///   A takes the last U's rows, a has A's row count).
    public init(layers: [LowRankFactors], outputWeights: Matrix, outputBias: [Double]) {
        require(!layers.isEmpty, "LowRankClassifier: needs at least one hidden layer")
        for (lower, upper) in zip(layers, layers.dropFirst()) {
            require(upper.v.columns == lower.u.rows,
                    "LowRankClassifier: V \(upper.v.shapeDescription) does not take the \(lower.u.rows) units of the layer below")
        }
        require(outputWeights.columns == layers.last!.u.rows && outputBias.count == outputWeights.rows,
                "LowRankClassifier: A \(outputWeights.shapeDescription) and a (\(outputBias.count)) do not fit U \(layers.last!.u.shapeDescription)")
        self.layers = layers; self.outputWeights = outputWeights; self.outputBias = outputBias
    }

    /// One hidden layer.
    public init(factors: LowRankFactors, outputWeights: Matrix, outputBias: [Double]) {
        self.init(layers: [factors], outputWeights: outputWeights, outputBias: outputBias)
    }

    public var classes: Int { outputWeights.rows }
    public var inputDimension: Int { layers[0].v.columns }

    /// Intermediate values of a forward pass over a batch, per hidden layer l (input side first).
    public struct Pass: Sendable {
        /// h_{l−1}·V_lᵀ (n×r_l), the pre-activations h_{l−1}·V_lᵀ·U_lᵀ (n×k_l), the activations h_l, logits (n×c).
        public var projected: [Matrix], preActivations: [Matrix], hidden: [Matrix], logits: Matrix
    }

    public func forward(_ x: Matrix) -> Pass {
        require(x.columns == inputDimension, "LowRankClassifier.forward: inputs have \(x.columns) features, V₁ expects \(inputDimension)")
        var pass = Pass(projected: [], preActivations: [], hidden: [], logits: x)
        var h = x
        for layer in layers {
            let projected = Matrix.product(h, layer.v, transposeB: true)
            let pre = Matrix.product(projected, layer.u, transposeB: true)
            h = pre.map { Swift.max(0, $0) }
            pass.projected.append(projected); pass.preActivations.append(pre); pass.hidden.append(h)
        }
        var logits = Matrix.product(h, outputWeights, transposeB: true)
        let (rows, c) = (logits.rows, classes)
        outputBias.withUnsafeBufferPointer { bias in
            logits.withUnsafeMutableBufferPointer { z in
                for i in 0..<rows { for j in 0..<c { z[i * c + j] += bias[j] } }
            }
        }
        pass.logits = logits
        return pass
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

    /// Gradients of the mean cross-entropy with respect to every U_l, V_l (as factors), A and a.
    public struct Gradients: Sendable {
        public var layers: [LowRankFactors], outputWeights: Matrix, outputBias: [Double]
    }

    /// Back-propagation: with P the softmax probabilities and Y the one-hot labels, G = (P − Y)/n;
    /// ∂A = Gᵀ·h_L, ∂a = column sums of G; D_L = (G·A) ⊙ 1[pre_L > 0]; then for l = L…1:
    /// ∂U_l = D_lᵀ·(h_{l−1}·V_lᵀ), ∂V_l = (D_l·U_l)ᵀ·h_{l−1}, D_{l−1} = (D_l·U_l·V_l) ⊙ 1[pre_{l−1} > 0].
    public func gradients(_ x: Matrix, labels: [Int]) -> Gradients {
        requireLabels(labels, for: x, "gradients")
        let pass = forward(x)
        let n = Double(x.rows), c = classes
        var g = Self.probabilities(pass.logits)
        // The entry loops below run on raw buffers (the labels were checked above): they are as long
        // as the products, and indexed access with its range check per entry cost as much as the GEMMs.
        var da = [Double](repeating: 0, count: c)
        g.withUnsafeMutableBufferPointer { p in
            for i in 0..<x.rows {
                p[i * c + labels[i]] -= 1
                for j in 0..<c { p[i * c + j] /= n }
            }
            // Column sums, each in row order from 0.
            for i in 0..<x.rows { for j in 0..<c { da[j] += p[i * c + j] } }
        }
        let dA = Matrix.product(g, pass.hidden.last!, transposeA: true)
        var d = Matrix.product(g, outputWeights)
        var result = [LowRankFactors]()
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            pass.preActivations[l].withUnsafeBufferPointer { pre in
                d.withUnsafeMutableBufferPointer { p in
                    for k in 0..<p.count where pre[k] <= 0 { p[k] = 0 }
                }
            }
            let below = l == 0 ? x : pass.hidden[l - 1]
            let du = Matrix.product(d, layers[l].u)
            result.append(LowRankFactors(u: Matrix.product(d, pass.projected[l], transposeA: true),
                                         v: Matrix.product(du, below, transposeA: true)))
            if l > 0 { d = Matrix.product(du, layers[l].v) }
        }
        return Gradients(layers: result.reversed(), outputWeights: dA, outputBias: da)
    }

    /// `steps` of full-batch gradient descent at `learningRate` on every parameter.
    ///
    /// - Throws: `NumericsError.domain` when the loss stops being finite.
    public mutating func trainByGradientDescent(_ x: Matrix, labels: [Int], learningRate: Double, steps: Int) throws(NumericsError) {
        require(learningRate > 0 && learningRate.isFinite && steps >= 0,
                "LowRankClassifier.trainByGradientDescent: η = \(learningRate), steps = \(steps)")
        for step in 0..<steps {
            let g = gradients(x, labels: labels)
            // u + (−η)·g rounds exactly as u − η·g, without two temporaries per matrix.
            for l in layers.indices {
                layers[l].u.add(g.layers[l].u, scaledBy: -learningRate)
                layers[l].v.add(g.layers[l].v, scaledBy: -learningRate)
            }
            outputWeights.add(g.outputWeights, scaledBy: -learningRate)
            for j in 0..<classes { outputBias[j] -= learningRate * g.outputBias[j] }
            if !(layers.allSatisfy({ $0.u.isFinite && $0.v.isFinite }) && outputWeights.isFinite && outputBias.allSatisfy(\.isFinite)) {
                throw .domain(operation: "LowRankClassifier.trainByGradientDescent", detail: "parameters diverged at step \(step + 1) (η = \(learningRate))")
            }
        }
    }
}
