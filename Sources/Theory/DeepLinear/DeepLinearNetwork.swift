import Foundation
import Numerics

/// How the layers of a deep linear network are drawn.
///
/// Hu, Xiao & Pennington, "Provable Benefit of Orthogonal Initialization in Optimizing Deep Linear
/// Networks", ICLR 2020 (arXiv 2001.05992), §3.
public enum DeepLinearInitialisation: String, Sendable, Codable, CaseIterable {
    /// Independent Haar draws scaled so that W_1ᵀW_1 = m·I (m×d_x, needs m ≥ d_x; for m < d_x the
    /// rows are orthonormal instead, W_1W_1ᵀ = m·I, as in the paper's Figure 1), W_iᵀW_i = m·I for
    /// the square layers, and W_LW_Lᵀ = m·I (d_y×m, needs m ≥ d_y).
    case orthogonal
    /// All entries of every W_i i.i.d. N(0, 1).
    case gaussian
}

/// A deep linear network f(x) = α·W_L⋯W_1·x with α = 1/√(m^{L−1}·d_y), stored in normalised form.
///
/// **Normalised form.** The network keeps A_i = W_i/√m instead of W_i (W_1 ∈ R^{m×d_x},
/// W_i ∈ R^{m×m} for 1 < i < L, W_L ∈ R^{d_y×m}). Then
///
///     α·W_{L:1} = α·m^{L/2}·A_{L:1} = √(m/d_y)·A_{L:1},
///
/// so the end-to-end map is a product of O(1)-sized factors times the constant ``outputScale``
/// √(m/d_y): with W_i entries N(0, 1), ‖W_{L:1}‖ ~ m^{L/2} overflows for L ≳ 200 at m = 1000 and α
/// underflows, while A_{L:1} stays O(1). Every quantity of the paper maps exactly:
/// - ∂ℓ/∂W_i = (1/√m)·∂ℓ/∂A_i;
/// - a gradient step W_i ← W_i − η·∂ℓ/∂W_i is the step A_i ← A_i − (η/m)·∂ℓ/∂A_i
///   (divide by √m: A_i − (η/√m)·(1/√m)·∂ℓ/∂A_i);
/// - W_{j:i} = m^{(j−i+1)/2}·A_{j:i}, so singular values of partial products scale by m^{(j−i+1)/2}.
///
/// Layers are indexed 1…L in the documentation and `layers[0]`…`layers[L−1]` in code.
public struct DeepLinearNetwork: Sendable, Hashable {
    /// d_x.
    public let inputDimension: Int
    /// m, the width of the hidden layers.
    public let width: Int
    /// d_y.
    public let outputDimension: Int
    /// A_1 … A_L (normalised: A_i = W_i/√m).
    public var layers: [Matrix]

    /// L, the number of weight matrices (≥ 2).
    public var depth: Int { layers.count }

    /// √(m/d_y): the factor with α·W_{L:1} = √(m/d_y)·A_{L:1}.
    public var outputScale: Double { (Double(width) / Double(outputDimension)).squareRoot() }

    /// ln α = −½((L − 1)·ln m + ln d_y); α itself underflows for deep wide networks.
    public var logAlpha: Double { -0.5 * (Double(depth - 1) * Foundation.log(Double(width)) + Foundation.log(Double(outputDimension))) }

    /// A network from its normalised layers. Shapes must chain: A_1 is m×d_x, A_i m×m, A_L d_y×m.
    public init(layers: [Matrix]) {
        require(layers.count >= 2, "DeepLinearNetwork: needs depth L ≥ 2, got \(layers.count)")
        let m = layers[0].rows
        require(m >= 1 && layers[0].columns >= 1, "DeepLinearNetwork: first layer is \(layers[0].shapeDescription)")
        for i in 1..<(layers.count - 1) {
            require(layers[i].rows == m && layers[i].columns == m,
                    "DeepLinearNetwork: layer \(i + 1) is \(layers[i].shapeDescription), expected \(m)×\(m)")
        }
        require(layers[layers.count - 1].columns == m && layers[layers.count - 1].rows >= 1,
                "DeepLinearNetwork: last layer is \(layers[layers.count - 1].shapeDescription), expected d_y×\(m)")
        self.inputDimension = layers[0].columns
        self.width = m
        self.outputDimension = layers[layers.count - 1].rows
        self.layers = layers
    }

    /// A freshly initialised network (normalised layers: W_i/√m).
    ///
    /// - `.orthogonal`: A_1 Haar semi-orthogonal with A_1ᵀA_1 = I (m ≥ d_x) or A_1A_1ᵀ = I (m < d_x),
    ///   A_i Haar on O(m), A_L with orthonormal rows (requires m ≥ d_y). Hence W_1ᵀW_1 = mI, etc.,
    ///   up to the orthonormality of Householder QR (a few ulps·√m).
    /// - `.gaussian`: entries of A_i i.i.d. N(0, 1/m), i.e. entries of W_i i.i.d. N(0, 1).
    ///
    /// Layers are drawn in order 1…L from `stream`.
    public static func initialised(
        _ initialisation: DeepLinearInitialisation, inputDimension dx: Int, width m: Int, outputDimension dy: Int,
        depth: Int, using stream: inout RandomStream
    ) -> DeepLinearNetwork {
        require(dx >= 1 && m >= 1 && dy >= 1 && depth >= 2,
                "DeepLinearNetwork.initialised: d_x=\(dx), m=\(m), d_y=\(dy), L=\(depth) must be positive with L ≥ 2")
        var layers: [Matrix] = []
        layers.reserveCapacity(depth)
        for i in 0..<depth {
            let rows = i == depth - 1 ? dy : m
            let columns = i == 0 ? dx : m
            switch initialisation {
            case .orthogonal:
                require(m >= dy, "DeepLinearNetwork.initialised: orthogonal initialisation needs m=\(m) ≥ d_y=\(dy)")
                layers.append(Matrix.haarOrthogonal(rows: rows, columns: columns, using: &stream))
            case .gaussian:
                layers.append(Matrix.gaussian(rows: rows, columns: columns, standardDeviation: 1 / Double(m).squareRoot(), using: &stream))
            }
        }
        return DeepLinearNetwork(layers: layers)
    }

    /// A_{j:i} = A_j⋯A_i for 1 ≤ i ≤ j ≤ L (1-based, as in the paper); the identity of size
    /// `layers[i−1].columns` when j < i. Multiply by m^{(j−i+1)/2} for W_{j:i}.
    public func partialProduct(from i: Int, through j: Int) -> Matrix {
        require(i >= 1 && i <= depth + 1 && j >= 0 && j <= depth,
                "DeepLinearNetwork.partialProduct(from: \(i), through: \(j)) outside layers 1…\(depth)")
        if j < i { return Matrix.identity(i <= depth ? layers[i - 1].columns : outputDimension) }
        var p = layers[i - 1]
        if j > i { for k in i..<j { p = layers[k] * p } }
        return p
    }

    /// α·W_{L:1} = √(m/d_y)·A_{L:1}, the d_y×d_x end-to-end matrix.
    public var endToEnd: Matrix { outputScale * partialProduct(from: 1, through: depth) }

    /// f(X) = α·W_{L:1}·X for the columns of X (d_x×n), one GEMM per layer.
    public func output(_ x: Matrix) -> Matrix {
        require(x.rows == inputDimension, "DeepLinearNetwork.output: X is \(x.shapeDescription), needs \(inputDimension) rows")
        var h = x
        for a in layers { h = a * h }
        return outputScale * h
    }

    /// ℓ = ½‖α·W_{L:1}X − Y‖_F².
    public func loss(x: Matrix, y: Matrix) -> Double {
        require(y.rows == outputDimension && y.columns == x.columns,
                "DeepLinearNetwork.loss: Y is \(y.shapeDescription), expected \(outputDimension)×\(x.columns)")
        let r = output(x) - y
        return 0.5 * r.frobeniusNorm * r.frobeniusNorm
    }
}
