import Numerics

/// Full-batch gradient descent on the squared loss (1/2N) Σ_n ‖f(x_n) − y_n‖² for a
/// ``FullyConnectedNetwork``, with the square layers either trained freely (`euclidean`) or kept
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
    public let targets: Matrix

    /// - Precondition: inputs N × n₀ and targets N × n_{L+1}, N ≥ 1; τ > 0.
    public init(network: FullyConnectedNetwork, method: Method, stepSize: Double, inputs: Matrix, targets: Matrix) {
        require(inputs.rows >= 1 && inputs.columns == network.widths[0] && targets.rows == inputs.rows
                && targets.columns == network.widths[network.widths.count - 1],
                "StiefelTraining: inputs \(inputs.shapeDescription) and targets \(targets.shapeDescription) do not fit widths \(network.widths)")
        require(stepSize > 0 && stepSize.isFinite, "StiefelTraining: step size \(stepSize) must be positive")
        self.network = network; self.method = method; self.stepSize = stepSize
        self.inputs = inputs; self.targets = targets
    }

    /// The layers (1-based) whose X^l = W^l/√n is constrained under `stiefel`: the square ones.
    public var squareLayers: [Int] { (1..<network.widths.count).filter { network.widths[$0] == network.widths[$0 - 1] } }

    /// (1/2N) Σ_n ‖f(x_n) − y_n‖².
    public var loss: Double {
        let r = network.forward(inputs).outputs - targets
        return 0.5 * r.frobeniusNorm * r.frobeniusNorm / Double(inputs.rows)
    }

    /// max over square layers of max_ij |XᵀX − I|_ij with X = W/√n.
    public var orthogonalityError: Double {
        squareLayers.map { l in StiefelManifold.orthogonalityError(network.weights[l - 1] / Double(network.widths[l]).squareRoot()) }.max() ?? 0
    }

    /// One full-batch step.
    ///
    /// - Throws: `NumericsError` if a Cayley solve breaks down or the loss becomes non-finite.
    public mutating func step() throws(NumericsError) {
        let pass = network.forward(inputs)
        let residual = (pass.outputs - targets) / Double(inputs.rows)
        let g = network.backward(pass, outputGradients: residual)
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
    }
}
