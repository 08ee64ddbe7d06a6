import Foundation
import Numerics

/// The output model of a network with a canonical link (docs/THEORY.md §3; Sokol & Park,
/// arXiv 1810.03785, §3): the Hessian H_g of −log p(y | h) in the output h.
public enum OutputLink: String, Sendable, Codable, CaseIterable {
    /// Gaussian regression y ∼ N(h, I): H_g = I.
    case identity
    /// Categorical y ∼ softmax(h): H_g = diag(p) − ppᵀ.
    case softmax

    /// p = softmax(h), computed as exp(h − max h)/Σ exp(h − max h) (no overflow; each p_i to a few ulps).
    public static func softmaxProbabilities(_ h: [Double]) -> [Double] {
        let m = h.max() ?? 0
        let e = h.map { Foundation.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// H_g at the output `h` (k × k, symmetric positive semidefinite).
    public func hessian(at h: [Double]) -> Matrix {
        switch self {
        case .identity: return .identity(h.count)
        case .softmax:
            let p = Self.softmaxProbabilities(h)
            return Matrix(rows: h.count, columns: h.count) { i, j in (i == j ? p[i] : 0) - p[i] * p[j] }
        }
    }
}

/// The Fisher information of a network over a finite set of inputs, in its Gauss–Newton form
/// G = (1/N) Σ_n J_{θ,n}ᵀ H_g(h_n) J_{θ,n} (docs/THEORY.md §3; Sokol & Park, arXiv 1810.03785, eq. for
/// the Fisher of canonical-link models), with J_θ the Jacobian in the effective parameters of
/// ``ExampleJacobians``.
public struct FisherInformation: Sendable {
    public let network: FullyConnectedNetwork
    public let link: OutputLink
    /// The per-example Jacobians (row n of the inputs).
    public let examples: [ExampleJacobians]
    /// H_g at each example's output.
    public let outputHessians: [Matrix]

    /// Jacobians and output Hessians at every row of `inputs` (N × n₀, N ≥ 1).
    public init(network: FullyConnectedNetwork, inputs: Matrix, link: OutputLink) {
        require(inputs.rows >= 1 && inputs.columns == network.widths[0],
                "FisherInformation: inputs \(inputs.shapeDescription) need ≥ 1 row of \(network.widths[0]) entries")
        self.init(network: network, link: link, examples: (0..<inputs.rows).map { network.jacobians(at: inputs.row($0)) })
    }

    init(network: FullyConnectedNetwork, link: OutputLink, examples: [ExampleJacobians]) {
        self.network = network; self.link = link; self.examples = examples
        self.outputHessians = examples.map { link.hessian(at: $0.output) }
    }

    public var exampleCount: Int { examples.count }

    /// G = (1/N) Σ_n J_nᵀ H_n J_n (P × P). Each term is two GEMMs (entrywise error ≤ γ_{2k}
    /// relative to |J|ᵀ|H||J|); the result is symmetrised exactly.
    public var gaussNewton: Matrix {
        let p = network.parameterCount
        var g = Matrix(rows: p, columns: p)
        for (e, h) in zip(examples, outputHessians) {
            let hj = Matrix.product(h, e.parameters)
            g.add(Matrix.product(e.parameters, hj, transposeA: true), scaledBy: 1 / Double(examples.count))
        }
        return (g + g.transposed) * 0.5
    }

    /// The Fisher as the expected outer product of scores, summed exactly over the categorical
    /// output: (1/N) Σ_n Σ_y p_y s_y s_yᵀ with s_y = ∇_θ log p(y | x_n) = J_nᵀ(e_y − p_n).
    /// Only for `softmax` (the expectation for the Gaussian output is an integral, not a finite sum).
    public var scoreOuterProduct: Matrix {
        require(link == .softmax, "FisherInformation.scoreOuterProduct: needs the softmax link")
        let p = network.parameterCount
        var f = Matrix(rows: p, columns: p)
        for e in examples {
            let probabilities = OutputLink.softmaxProbabilities(e.output), k = probabilities.count
            // Row y of R is √p_y (e_y − p)ᵀ, so S = R J has rows √p_y s_yᵀ and SᵀS = Σ_y p_y s_y s_yᵀ.
            let r = Matrix(rows: k, columns: k) { y, i in probabilities[y].squareRoot() * ((y == i ? 1 : 0) - probabilities[i]) }
            let s = Matrix.product(r, e.parameters)
            f.add(Matrix.product(s, s, transposeA: true), scaledBy: 1 / Double(examples.count))
        }
        return (f + f.transposed) * 0.5
    }

    /// J_all: the per-example Jacobians stacked, (N·k) × P.
    public var stackedParameterJacobian: Matrix {
        let k = network.widths[network.widths.count - 1], p = network.parameterCount
        var all = Matrix(rows: examples.count * k, columns: p)
        all.withUnsafeMutableBufferPointer { a in
            for (n, e) in examples.enumerated() {
                e.parameters.withUnsafeBufferPointer { j in
                    for i in 0..<(k * p) { a[n * k * p + i] = j[i] }
                }
            }
        }
        return all
    }

    /// The empirical NTK of the outputs, (1/N) J_all J_allᵀ ((N·k) × (N·k)), in the effective
    /// parameters; for the identity link its non-zero eigenvalues are those of G (FIM-NTK-SPECTRUM).
    public var empiricalNTK: Matrix {
        let j = stackedParameterJacobian
        let k = Matrix.product(j, j, transposeB: true, alpha: 1 / Double(examples.count))
        return (k + k.transposed) * 0.5
    }

    /// The block G_{ab} of a P × P matrix for parameter blocks a and b of ``FullyConnectedNetwork/parameterBlocks``.
    public static func block(_ g: Matrix, _ a: Range<Int>, _ b: Range<Int>) -> Matrix {
        g[rows: a, columns: b]
    }
}
