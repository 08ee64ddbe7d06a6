import Numerics

/// A finite stride-1 convolutional network in the NTK parameterisation (THEORY.md §2b; the
/// conventions of neural-tangents' `stax.Conv`, `GlobalAvgPool`/`Flatten` and `Dense`):
///
///     h^l_α = (σ_w/√(C_{l−1}·|F|)) Σ_{β∈F} W^l_β x^{l−1}_{α+β} + σ_b b^l,   x^l = φ(h^l),   l = 1 … L,
///     f(x) = (σ_w/√D) v·z(x^L) + σ_b c,
///
/// where z is the readout (global average pooling, D = C_L, or flatten, D = P·C_L), x⁰ = x is
/// P × C₀ and `channels` = [C₀, C₁, …, C_L]. All parameters have unit-scale entries; the σ's and
/// the fan-in normalisers live in the forward map. With L = 0 the readout acts on the input.
///
/// Storage: the filters of layer l are one (|F|·C_{l−1}) × C_l matrix whose row k·C_{l−1} + i,
/// column o holds (W^l_{β_k})_{o,i}, so that a layer is a single GEMM of the patch matrix
/// (``ConvolutionGeometry/patches(of:batch:)``) with it.
///
/// Initialisations (Huang, Du & Xu, arXiv 2004.05867; Xiao et al., ICML 2018, for the delta variant):
/// - `gaussian`: every W^l_β, b^l, v, c entry N(0, 1).
/// - `orthogonal`: each W^l_β an independent √max(C_{l−1}, C_l)·Haar (semi-)orthogonal matrix; v
///   is √D times a Haar unit vector; biases N(0, 1).
/// - `deltaOrthogonal`: W^l_β = 0 except the centre offset, which is √|F|·√max(C_{l−1}, C_l)·Haar;
///   the per-layer norm is that of `orthogonal`, but the forward map is exactly an f = 1 network
///   (built from the centre taps), so its NNGP limit is the unit-filter one; its NTK limit is
///   ``ConvolutionalKernels/deltaOrthogonalLimit(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``
///   (the zero taps are parameters too), and neither is the full-filter kernel.
///
/// Value type; the stored parameters are the only state.
public struct ConvolutionalNetwork: Sendable, Equatable {
    public enum Initialisation: String, Sendable, Codable, CaseIterable {
        case gaussian, orthogonal, deltaOrthogonal
    }

    public let geometry: ConvolutionGeometry
    /// [C₀, C₁, …, C_L].
    public let channels: [Int]
    public let readout: ConvolutionalReadout
    public let activation: NTKActivation
    public let sigmaW: Double
    public let sigmaB: Double
    /// Stacked filters of layers 1 … L (index l − 1), each (|F|·C_{l−1}) × C_l (see above).
    public var filters: [Matrix]
    /// b^1 … b^L (index l − 1), C_l entries each.
    public var biases: [[Double]]
    /// v: D entries (GAP: channel c; flatten: α·C_L + c).
    public var readoutWeights: [Double]
    /// c: the scalar output's bias.
    public var readoutBias: Double

    /// L: the number of convolutional layers (each followed by φ).
    public var depth: Int { channels.count - 1 }
    /// D: the input dimension of the final dense layer.
    public var readoutDimension: Int {
        readout == .flatten ? geometry.positionCount * channels[depth] : channels[depth]
    }
    /// Σ_l (|F|·C_{l−1} + 1)·C_l + D + 1.
    public var parameterCount: Int {
        (1..<channels.count).reduce(0) { $0 + (geometry.offsetCount * channels[$1 - 1] + 1) * channels[$1] } + readoutDimension + 1
    }

    /// A network with the given parameters.
    ///
    /// - Precondition: ≥ 1 channel count, all ≥ 1; parameters of the shapes above; σ's finite.
    public init(geometry: ConvolutionGeometry, channels: [Int], readout: ConvolutionalReadout, activation: NTKActivation,
                sigmaW: Double, sigmaB: Double, filters: [Matrix], biases: [[Double]],
                readoutWeights: [Double], readoutBias: Double) {
        Self.validate(channels: channels, sigmaW: sigmaW, sigmaB: sigmaB)
        require(filters.count == channels.count - 1 && biases.count == channels.count - 1,
                "ConvolutionalNetwork: \(filters.count) filters and \(biases.count) biases for \(channels.count - 1) layers")
        for l in 1..<channels.count {
            require(filters[l - 1].rows == geometry.offsetCount * channels[l - 1] && filters[l - 1].columns == channels[l],
                    "ConvolutionalNetwork: filters of layer \(l) are \(filters[l - 1].shapeDescription), expected \(geometry.offsetCount * channels[l - 1])×\(channels[l])")
            require(biases[l - 1].count == channels[l], "ConvolutionalNetwork: b^\(l) has \(biases[l - 1].count) entries, expected \(channels[l])")
        }
        self.geometry = geometry; self.channels = channels; self.readout = readout; self.activation = activation
        self.sigmaW = sigmaW; self.sigmaB = sigmaB; self.filters = filters; self.biases = biases
        self.readoutWeights = []; self.readoutBias = readoutBias
        require(readoutWeights.count == readoutDimension,
                "ConvolutionalNetwork: \(readoutWeights.count) readout weights, expected \(readoutDimension)")
        self.readoutWeights = readoutWeights
    }

    /// A randomly initialised network (laws in the type's documentation).
    ///
    /// Cost: per orthogonal layer |F| Householder QRs of a C_l × C_{l−1} Gaussian (one for delta);
    /// otherwise normal draws only. Reproducible from the stream: the draws are made layer by layer,
    /// offset by offset, then biases, then the readout.
    public init(geometry: ConvolutionGeometry, channels: [Int], readout: ConvolutionalReadout, activation: NTKActivation,
                sigmaW: Double, sigmaB: Double, initialisation: Initialisation, using stream: inout RandomStream) {
        Self.validate(channels: channels, sigmaW: sigmaW, sigmaB: sigmaB)
        let taps = geometry.offsetCount
        var filters: [Matrix] = [], biases: [[Double]] = []
        for l in 1..<channels.count {
            let (fanIn, fanOut) = (channels[l - 1], channels[l])
            var stacked = Matrix(rows: taps * fanIn, columns: fanOut)
            switch initialisation {
            case .gaussian:
                stacked = Matrix.gaussian(rows: taps * fanIn, columns: fanOut, using: &stream)
            case .orthogonal:
                let gain = Double(Swift.max(fanIn, fanOut)).squareRoot()
                for k in 0..<taps {
                    let w = Matrix.scaledOrthogonal(rows: fanOut, columns: fanIn, gain: gain, using: &stream)
                    Self.setTap(&stacked, tap: k, to: w)
                }
            case .deltaOrthogonal:
                let gain = (Double(taps) * Double(Swift.max(fanIn, fanOut))).squareRoot()
                let w = Matrix.scaledOrthogonal(rows: fanOut, columns: fanIn, gain: gain, using: &stream)
                Self.setTap(&stacked, tap: geometry.centreOffset, to: w)
            }
            filters.append(stacked)
            biases.append(stream.normalVector(fanOut))
        }
        let d = readout == .flatten ? geometry.positionCount * channels[channels.count - 1] : channels[channels.count - 1]
        let v: [Double]
        switch initialisation {
        case .gaussian: v = stream.normalVector(d)
        case .orthogonal, .deltaOrthogonal: v = stream.unitVector(d).map { $0 * Double(d).squareRoot() }
        }
        let c = stream.normal()
        self.init(geometry: geometry, channels: channels, readout: readout, activation: activation, sigmaW: sigmaW,
                  sigmaB: sigmaB, filters: filters, biases: biases, readoutWeights: v, readoutBias: c)
    }

    /// [C₀, C, …, C] with `depth` hidden layers of `channels` channels.
    public static func uniformChannels(inputChannels: Int, channels: Int, depth: Int) -> [Int] {
        require(inputChannels >= 1 && channels >= 1 && depth >= 0,
                "ConvolutionalNetwork.uniformChannels: C₀ = \(inputChannels), C = \(channels), L = \(depth)")
        return [inputChannels] + Array(repeating: channels, count: depth)
    }

    /// W^l_β for offset number `offset`: a C_l × C_{l−1} matrix (a copy).
    public func filter(layer: Int, offset: Int) -> Matrix {
        require(layer >= 1 && layer <= depth && offset >= 0 && offset < geometry.offsetCount,
                "ConvolutionalNetwork.filter: layer \(layer), offset \(offset) out of range (L = \(depth), |F| = \(geometry.offsetCount))")
        let fanIn = channels[layer - 1]
        let s = filters[layer - 1]
        return Matrix(rows: channels[layer], columns: fanIn) { o, i in s[offset * fanIn + i, o] }
    }

    private static func setTap(_ stacked: inout Matrix, tap: Int, to w: Matrix) {
        let fanIn = w.columns
        for o in 0..<w.rows { for i in 0..<fanIn { stacked[tap * fanIn + i, o] = w[o, i] } }
    }

    private static func validate(channels: [Int], sigmaW: Double, sigmaB: Double) {
        require(channels.count >= 1 && channels.allSatisfy { $0 >= 1 },
                "ConvolutionalNetwork: channels \(channels) need ≥ 1 entry, all ≥ 1")
        require(sigmaW.isFinite && sigmaB.isFinite, "ConvolutionalNetwork: σ_w = \(sigmaW), σ_b = \(sigmaB) must be finite")
    }
}
