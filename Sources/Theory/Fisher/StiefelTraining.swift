import Foundation
import Numerics

/// Full-batch gradient descent on the negative log-likelihood of a canonical-link output model for a
/// ``FullyConnectedNetwork`` — the squared loss (1/2N) Σ_n ‖f(x_n) − y_n‖² for the identity link,
/// the cross-entropy −(1/N) Σ_n Σ_c y_nc log softmax(f(x_n))_c for the softmax link — with the square layers either trained freely (`euclidean`) or kept
/// on the orthogonal group by Cayley steps (`stiefel`) — the comparison of docs/THEORY.md §3, claim
/// FIM-STIEFEL (Sokol & Park, arXiv 1810.03785, §4 and Fig. 3).
///
/// The square layer l applies (σ_w/√n) W^l; we write W^l = √n X^l so that X^l is orthogonal after
/// orthogonal initialisation, and both methods step in X with the same step size τ:
/// - `euclidean`: X ← X − τ ∂L/∂X (leaves the manifold: the negative control of FIM-STIEFEL);
/// - `stiefel`: X ← ``StiefelManifold/cayleyStep(_:gradient:stepSize:)`` (stays on it).
/// Non-square layers (input and output) and all biases take the Euclidean step in their own
/// unit-scale parameters with step τ in every case.
public struct StiefelTraining: Sendable {
    public enum Method: String, Sendable, Codable, CaseIterable { case euclidean, stiefel }

    public var network: FullyConnectedNetwork
    public let method: Method
    public let stepSize: Double
    public let inputs: Matrix
    /// Targets y_n: regression values (identity link) or class probabilities, usually one-hot
    /// rows (softmax link).
    public let targets: Matrix
    public let link: OutputLink

    /// - Precondition: inputs N × n₀ and targets N × n_{L+1}, N ≥ 1; τ > 0; for the softmax link
    ///   every target row is a probability vector (entries ≥ 0 summing to 1 within 1e-12).
    public init(network: FullyConnectedNetwork, method: Method, stepSize: Double, inputs: Matrix, targets: Matrix,
                link: OutputLink = .identity) {
        require(inputs.rows >= 1 && inputs.columns == network.widths[0] && targets.rows == inputs.rows
                && targets.columns == network.widths[network.widths.count - 1],
                "StiefelTraining: inputs \(inputs.shapeDescription) and targets \(targets.shapeDescription) do not fit widths \(network.widths)")
        require(stepSize > 0 && stepSize.isFinite, "StiefelTraining: step size \(stepSize) must be positive")
        self.network = network; self.method = method; self.stepSize = stepSize
        if link == .softmax {
            for r in 0..<targets.rows {
                let row = targets.row(r)
                require(row.allSatisfy { $0 >= 0 } && Swift.abs(row.reduce(0, +) - 1) <= 1e-12,
                        "StiefelTraining: softmax target row \(r) is not a probability vector")
            }
        }
        self.inputs = inputs; self.targets = targets; self.link = link
    }

    /// The layers (1-based) whose X^l = W^l/√n is constrained under `stiefel`: the square ones.
    public var squareLayers: [Int] { (1..<network.widths.count).filter { network.widths[$0] == network.widths[$0 - 1] } }

    /// (1/2N) Σ_n ‖f(x_n) − y_n‖² (identity link) or −(1/N) Σ_n Σ_c y_nc log p_nc (softmax link,
    /// log p = h − max h − log Σ exp(h − max h), so no overflow at large logits).
    public var loss: Double { loss(outputs: network.forward(inputs).outputs) }

    func loss(outputs: Matrix) -> Double {
        switch link {
        case .identity:
            let r = outputs - targets
            return 0.5 * r.frobeniusNorm * r.frobeniusNorm / Double(inputs.rows)
        case .softmax:
            var total = 0.0
            for n in 0..<outputs.rows {
                let h = outputs.row(n), m = h.max()!
                let logSum = Foundation.log(h.reduce(0) { $0 + Foundation.exp($1 - m) })
                for c in h.indices where targets[n, c] != 0 { total -= targets[n, c] * (h[c] - m - logSum) }
            }
            return total / Double(inputs.rows)
        }
    }

    /// ∂loss/∂h for every example: (μ(h_n) − y_n)/N with μ the identity or softmax — the same form
    /// for both canonical links.
    func outputGradient(_ outputs: Matrix) -> Matrix {
        switch link {
        case .identity: return (outputs - targets) / Double(inputs.rows)
        case .softmax:
            var g = Matrix(rows: outputs.rows, columns: outputs.columns)
            for n in 0..<outputs.rows {
                let p = OutputLink.softmaxProbabilities(outputs.row(n))
                for c in p.indices { g[n, c] = (p[c] - targets[n, c]) / Double(inputs.rows) }
            }
            return g
        }
    }

    /// max over square layers of max_ij |XᵀX − I|_ij with X = W/√n.
    public var orthogonalityError: Double {
        squareLayers.map { l in StiefelManifold.orthogonalityError(network.weights[l - 1] / Double(network.widths[l]).squareRoot()) }.max() ?? 0
    }

    /// One full-batch step; returns the loss *before* it, from the step's own forward pass (equal
    /// to ``loss`` then, bit for bit), so a training loop need not run the forward pass twice.
    ///
    /// - Throws: `NumericsError` if a Cayley solve breaks down or the loss becomes non-finite.
    @discardableResult
    public mutating func step() throws(NumericsError) -> Double {
        let pass = network.forward(inputs)
        let lossBefore = loss(outputs: pass.outputs)
        let g = network.backward(pass, outputGradients: outputGradient(pass.outputs))
        let (dW, db) = network.parameterGradients(pass, backpropagated: g)
        let square = Set(squareLayers)
        for l in 1..<network.widths.count {
            if square.contains(l) {
                let root = Double(network.widths[l]).squareRoot()
                let x = network.weights[l - 1] / root, gx = dW[l - 1] * root
                let next: Matrix
                switch method {
                case .euclidean: next = x - gx * stepSize
                case .stiefel: next = try StiefelManifold.cayleyStep(x, gradient: gx, stepSize: stepSize)
                }
                network.weights[l - 1] = next * root
            } else {
                network.weights[l - 1] = network.weights[l - 1] - dW[l - 1] * stepSize
            }
            network.biases[l - 1] = zip(network.biases[l - 1], db[l - 1]).map { $0 - stepSize * $1 }
        }
        try network.weights.last!.validateFinite("StiefelTraining.step")
        return lossBefore
    }
}
