import Foundation

/// The first-order arc-cosine kernel of a ReLU under standard Gaussian inputs.
///
/// For x ∼ N(0, I) and vectors a, b at angle t,
/// E[ReLU(a·x)·ReLU(b·x)] = ‖a‖‖b‖·k(cos t) with
/// k(c) = (√(1 − c²) + (π − arccos c)·c)/(2π)
/// (Cho & Saul 2009; the oracle LR-KERNEL of docs/THEORY.md §4, used by Vodrahalli et al.,
/// arXiv 2202.00834, §3). Normalisation: k(1) = 1/2 (E[ReLU(z)²] = 1/2 for z ∼ N(0, 1)),
/// k(0) = 1/(2π) (E[ReLU(z)]² with independent factors), k(−1) = 0.
public enum ReLUArcCosineKernel {
    /// k(c) for c ∈ [−1, 1] (inputs are clamped to that interval, so a cosine that rounding pushed
    /// to 1 + ε is accepted).
    ///
    /// Accuracy: a few ulps of 1/2 in absolute terms. 1 − c² is formed as (1 − c)(1 + c) (exact
    /// subtraction near ±1) and the angle as atan2(√(1 − c²), c), so neither square root nor arccos
    /// loses digits near c = ±1 (arccos(1 − δ) computed directly would be accurate only to √ε).
    @inlinable
    public static func value(_ cosine: Double) -> Double {
        let c = Swift.min(1, Swift.max(-1, cosine))
        let s = ((1 - c) * (1 + c)).squareRoot()
        let t = atan2(s, c)
        return (s + (Double.pi - t) * c) / (2 * Double.pi)
    }

    /// k(t) written in the angle t ∈ [0, π]: (sin t + (π − t) cos t)/(2π).
    @inlinable
    public static func value(angle t: Double) -> Double {
        (sin(t) + (Double.pi - t) * cos(t)) / (2 * Double.pi)
    }

    /// k′(c) = (π − arccos c)/(2π) ∈ [0, 1/2]: k is increasing and convex on [−1, 1].
    @inlinable
    public static func derivative(_ cosine: Double) -> Double {
        let c = Swift.min(1, Swift.max(-1, cosine))
        let t = atan2(((1 - c) * (1 + c)).squareRoot(), c)
        return (Double.pi - t) / (2 * Double.pi)
    }

    /// h(c) = k(c) − c/2 = (√(1 − c²) − c·arccos c)/(2π) for c ∈ [0, 1]: the per-row excess of the
    /// optimal row length over the spectral one (LR-ROW-OPTIMUM). Non-negative and decreasing on
    /// [0, 1] (dh/dt = t·sin t/(2π) ≥ 0 in the angle t = arccos c), h(0) = 1/(2π), h(1) = 0.
    /// Evaluated in the angle so that it keeps relative accuracy near c = 1 where h ≈ t³/(6π).
    @inlinable
    public static func rescalingExcess(_ cosine: Double) -> Double {
        let c = Swift.min(1, Swift.max(0, cosine))
        let s = ((1 - c) * (1 + c)).squareRoot()
        let t = atan2(s, c)
        return (s - c * t) / (2 * Double.pi)
    }

    /// The angle between two non-zero vectors, accurate for all angles:
    /// t = 2·atan2(‖â − b̂‖, ‖â + b̂‖) (Kahan), unlike arccos of the normalised dot product.
    /// Returns π/2 when either vector is zero (a convention used only where the kernel term is
    /// multiplied by that zero norm).
    public static func angle(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        var na = 0.0, nb = 0.0
        for j in 0..<a.count { na += a[j] * a[j]; nb += b[j] * b[j] }
        na = na.squareRoot(); nb = nb.squareRoot()
        guard na > 0, nb > 0 else { return Double.pi / 2 }
        var minus = 0.0, plus = 0.0
        for j in 0..<a.count {
            let x = a[j] / na, y = b[j] / nb
            minus += (x - y) * (x - y); plus += (x + y) * (x + y)
        }
        return 2 * atan2(minus.squareRoot(), plus.squareRoot())
    }
}
