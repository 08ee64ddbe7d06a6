import Foundation
import Numerics

/// A finite fully connected network in the NTK parameterisation (THEORY.md §2; Jacot et al. 2018):
///
///     h^l = (σ_w/√n_{l−1}) W^l x^{l−1} + σ_b b^l,   x^l = φ(h^l),   l = 1 … L + 1,
///
/// with no nonlinearity after the last layer; the output is h^{L+1}. `widths` = [n₀, n₁, …, n_{L+1}]
/// (L = `depth` hidden layers). The parameters W^l (n_l × n_{l−1}) and b^l have unit-scale
/// entries; the σ's and the 1/√n factor live in the forward map.
///
/// Initialisations (Huang, Du & Xu, arXiv 2004.05867, §3):
/// - `gaussian`: W^l_ij, b^l_i ∼ N(0, 1).
/// - `orthogonal`: W^l = √max(n_{l−1}, n_l)·O^l with O^l Haar (semi-)orthogonal, so the entries
///   have unit variance (a square layer's map (σ_w/√n)W^l is σ_w·O^l); b^l ∼ N(0, 1).
/// - `orthogonalWithoutScale` — **deliberately wrong**, a negative control: W^l = O^l (the
///   √max(n_{l−1}, n_l) factor forgotten), so the signal shrinks by 1/√n per layer.
///
/// Value type; the stored parameters are the only state.
public struct FullyConnectedNetwork: Sendable, Equatable {
    public enum Initialisation: String, Sendable, Codable, CaseIterable {
        case gaussian, orthogonal, orthogonalWithoutScale
    }

    /// [n₀, n₁, …, n_{L+1}].
    public let widths: [Int]
    public let activation: NTKActivation
    public let sigmaW: Double
    public let sigmaB: Double
    /// W^1 … W^{L+1}; W^l is n_l × n_{l−1} (index l − 1).
    public var weights: [Matrix]
    /// b^1 … b^{L+1}; b^l has n_l entries (index l − 1).
    public var biases: [[Double]]

    /// L: the number of nonlinearities (hidden layers).
    public var depth: Int { widths.count - 2 }
    /// Number of trainable parameters Σ_l n_l(n_{l−1} + 1).
    public var parameterCount: Int { (1..<widths.count).reduce(0) { $0 + widths[$1] * (widths[$1 - 1] + 1) } }

    /// A network with the given parameters.
    ///
    /// - Precondition: ≥ 2 widths, all ≥ 1; weights and biases of the shapes above; σ's finite.
    public init(widths: [Int], activation: NTKActivation, sigmaW: Double, sigmaB: Double,
                weights: [Matrix], biases: [[Double]]) {
        require(widths.count >= 2 && widths.allSatisfy { $0 >= 1 },
                "FullyConnectedNetwork: widths \(widths) need ≥ 2 entries, all ≥ 1")
        require(sigmaW.isFinite && sigmaB.isFinite, "FullyConnectedNetwork: σ_w = \(sigmaW), σ_b = \(sigmaB) must be finite")
        require(weights.count == widths.count - 1 && biases.count == widths.count - 1,
                "FullyConnectedNetwork: \(weights.count) weights and \(biases.count) biases for \(widths.count - 1) layers")
        for l in 1..<widths.count {
            require(weights[l - 1].rows == widths[l] && weights[l - 1].columns == widths[l - 1],
                    "FullyConnectedNetwork: W^\(l) is \(weights[l - 1].shapeDescription), expected \(widths[l])×\(widths[l - 1])")
            require(biases[l - 1].count == widths[l], "FullyConnectedNetwork: b^\(l) has \(biases[l - 1].count) entries, expected \(widths[l])")
        }
        self.widths = widths; self.activation = activation; self.sigmaW = sigmaW; self.sigmaB = sigmaB
        self.weights = weights; self.biases = biases
    }

    /// A randomly initialised network (see the type's documentation for the laws).
    ///
    /// Cost: one Householder QR of an n_l × n_{l−1} Gaussian per orthogonal layer (O(n³) for a
    /// square layer), otherwise O(Σ n_l n_{l−1}) normal draws. Reproducible from the stream.
    public init(widths: [Int], activation: NTKActivation, sigmaW: Double, sigmaB: Double,
                initialisation: Initialisation, using stream: inout RandomStream) {
        require(widths.count >= 2 && widths.allSatisfy { $0 >= 1 },
                "FullyConnectedNetwork: widths \(widths) need ≥ 2 entries, all ≥ 1")
        var weights: [Matrix] = [], biases: [[Double]] = []
        for l in 1..<widths.count {
            let (fanOut, fanIn) = (widths[l], widths[l - 1])
            switch initialisation {
            case .gaussian:
                weights.append(Matrix.gaussian(rows: fanOut, columns: fanIn, using: &stream))
            case .orthogonal:
                let gain = Double(Swift.max(fanOut, fanIn)).squareRoot()
                weights.append(Matrix.scaledOrthogonal(rows: fanOut, columns: fanIn, gain: gain, using: &stream))
            case .orthogonalWithoutScale:
                weights.append(Matrix.haarOrthogonal(rows: fanOut, columns: fanIn, using: &stream))
            }
            biases.append(stream.normalVector(fanOut))
        }
        self.init(widths: widths, activation: activation, sigmaW: sigmaW, sigmaB: sigmaB, weights: weights, biases: biases)
    }

    /// The widths [n₀, n, …, n, 1] of a scalar-output network with `depth` hidden layers of width `width`.
    public static func scalarOutputWidths(inputDimension: Int, width: Int, depth: Int) -> [Int] {
        require(inputDimension >= 1 && width >= 1 && depth >= 0,
                "FullyConnectedNetwork.scalarOutputWidths: n₀ = \(inputDimension), width = \(width), depth = \(depth)")
        return [inputDimension] + Array(repeating: width, count: depth) + [1]
    }
}
