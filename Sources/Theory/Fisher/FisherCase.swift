import Numerics
import PropertyCheck

/// A small random critical network with inputs, the instance on which the exact claims of
/// docs/THEORY.md §3 are checked.
public struct FisherCase: Sendable, CustomStringConvertible {
    public var critical: CriticalInitialisation
    public var initialisation: FullyConnectedNetwork.Initialisation
    public var network: FullyConnectedNetwork
    /// N × n₀, rows N(0, I).
    public var inputs: Matrix
    public var link: OutputLink

    public var description: String {
        "\(critical.activation) \(initialisation) widths \(network.widths), q* = \(critical.fixedPoint), N = \(inputs.rows), \(link)"
    }

    /// Activations tanh, relu, identity; Gaussian or orthogonal critical initialisation at
    /// q* ∈ [0.1, 3]; n₀ ∈ 1…4, hidden width 1…5, depth 1…3, outputs k ∈ 1…3, N ∈ 1…4 inputs.
    /// Small enough that the P × P Fisher (P ≤ 113) is formed and diagonalised explicitly.
    public static func generator(links: [OutputLink] = OutputLink.allCases) -> Gen<FisherCase> {
        let shape = zip(Gen.int(in: 1...4), Gen.int(in: 1...5), Gen.int(in: 1...3), Gen.int(in: 1...3))
        let choice = zip(Gen.element(of: [NTKActivation.tanh, .relu, .identity]),
                         Gen.element(of: [FullyConnectedNetwork.Initialisation.gaussian, .orthogonal]),
                         Gen.double(in: 0.1...3), Gen.element(of: links))
        return zip(shape, choice, Gen.int(in: 1...4), Gen<RandomStream>.stream).map { shape, choice, count, seed in
            let (n0, width, depth, k) = shape
            let (activation, initialisation, q, link) = choice
            var stream = seed
            let critical = try CriticalInitialisation(activation: activation, fixedPoint: q)
            let widths = [n0] + Array(repeating: width, count: depth) + [k]
            let network = critical.network(widths: widths, initialisation: initialisation, using: &stream)
            return FisherCase(critical: critical, initialisation: initialisation, network: network,
                              inputs: Matrix.gaussian(rows: count, columns: n0, using: &stream), link: link)
        }
    }
}
