import Foundation

/// The pointwise nonlinearity φ of a fully connected network (THEORY.md §2).
///
/// `relu`, `erf` and `identity` have closed-form Gaussian expectations and therefore analytic
/// kernels (``AnalyticKernels``); `tanh` is used by finite networks only (the linear-regime
/// experiment of Huang, Du & Xu, arXiv 2004.05867, §5).
public enum NTKActivation: String, Sendable, Codable, CaseIterable {
    case relu, erf, identity, tanh

    /// φ(x). Exact for relu and identity; libm accuracy (≤ 1 ulp typical) for erf and tanh.
    @inlinable
    public func value(_ x: Double) -> Double {
        switch self {
        case .relu: return x > 0 ? x : 0
        case .erf: return Foundation.erf(x)
        case .identity: return x
        case .tanh: return Foundation.tanh(x)
        }
    }

    /// φ′(x). For relu the derivative at 0 is taken as 0 (a null set under any continuous law).
    @inlinable
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .relu: return x > 0 ? 1 : 0
        case .erf: return 2 / Double.pi.squareRoot() * Foundation.exp(-x * x)
        case .identity: return 1
        case .tanh:
            let t = Foundation.tanh(x)
            return 1 - t * t
        }
    }

    /// Whether ``AnalyticKernels`` has closed-form expectations for this activation.
    public var hasAnalyticKernel: Bool { self != .tanh }
}
