import Foundation
import Numerics

/// Mean-field signal propagation in deep tanh networks (Poole et al. 2016; Pennington, Schoenholz
/// & Ganguli 2017), the measure behind Huang, Du & Xu's "linear" and "nonlinear" regimes.
///
/// With weights of variance σ_w²/n and biases of variance σ_b², the pre-activation variance of a
/// wide network obeys q_l = σ_w²·E[tanh(√q_{l−1}·Z)²] + σ_b² (Z ~ N(0, 1)), which settles at a
/// fixed point q*. q* sets the regime: at small q* tanh works on its linear part, at q* ≳ 1 a third
/// or more of the pre-activations lie beyond |h| = 1, where tanh saturates. The slope of the
/// correlation map at the fixed point, χ = σ_w²·E[tanh′(√q*·Z)²], separates order (χ < 1) from
/// chaos (χ > 1); the *critical line* χ = 1 is where gradients neither vanish nor explode with
/// depth, and where the papers compare initialisations.
///
/// Expectations use the trapezoidal rule on z ∈ [−12, 12] with step h = 0.05 against the normal
/// density. The integrands are analytic in a strip |Im z| < π/(2√q) (tanh and sech have poles at
/// iπ/2), where the rule's error falls like exp(−2π·(π/(2√q))/h): below 1e-21 for q ≤ 16, and the
/// cut tails weigh e^{−72}. (An 80-point Gauss–Hermite rule, which suits entire integrands, is off
/// by 1e-8 here at q = 1 because of those poles.)
public enum TanhMeanField {
    static let step = 0.05, halfRange = 240

    static func expectation(_ q: Double, _ f: (Double) -> Double) -> Double {
        let s = q.squareRoot(), norm = step / (2 * Double.pi).squareRoot()
        var sum = 0.0
        for k in -halfRange...halfRange {
            let z = Double(k) * step
            sum += f(s * z) * Foundation.exp(-0.5 * z * z)
        }
        return sum * norm
    }

    /// The fixed point q* of q ↦ σ_w²·E[tanh(√q·Z)²] + σ_b², by iteration from q = 1 until the
    /// step is below 1e-15·q (the map is increasing and bounded by σ_w² + σ_b², so the iteration is
    /// monotone). For σ_b = 0 and σ_w ≤ 1 the fixed point is 0, approached only like 1/l; the
    /// iteration then stops after 10⁶ steps at the small value reached.
    /// - Precondition: σ_w > 0, σ_b ≥ 0, both finite.
    public static func fixedPoint(sigmaW: Double, sigmaB: Double) -> Double {
        require(sigmaW > 0 && sigmaB >= 0 && sigmaW.isFinite && sigmaB.isFinite,
                "TanhMeanField.fixedPoint: σ_w = \(sigmaW), σ_b = \(sigmaB)")
        var q = 1.0
        for _ in 0..<1_000_000 {
            let next = sigmaW * sigmaW * expectation(q) { tanh($0) * tanh($0) } + sigmaB * sigmaB
            if abs(next - q) <= 1e-15 * Swift.max(q, 1e-300) { return next }
            q = next
        }
        return q
    }

    /// χ = σ_w²·E[sech⁴(√q·Z)] at the variance q (use q*).
    public static func chi(sigmaW: Double, q: Double) -> Double {
        sigmaW * sigmaW * expectation(q) { let c = 1 / cosh($0); return c * c * c * c }
    }

    /// The share of pre-activations beyond |h| = 1 at variance q: P(|√q·Z| > 1) = erfc(1/√(2q)).
    public static func saturatedFraction(q: Double) -> Double { erfc(1 / (2 * q).squareRoot()) }

    /// The point of the critical line χ = 1 whose fixed point is q: σ_w² = 1/E[sech⁴(√q·Z)] and
    /// σ_b² = q − σ_w²·E[tanh²(√q·Z)] (≥ 0 for every q > 0).
    /// - Precondition: 0 < q ≤ 16.
    public static func criticalPoint(q: Double) -> (sigmaW: Double, sigmaB: Double) {
        require(q > 0 && q <= 16, "TanhMeanField.criticalPoint: q* = \(q) must be in (0, 16]")
        let w2 = 1 / expectation(q) { let c = 1 / cosh($0); return c * c * c * c }
        let b2 = q - w2 * expectation(q) { tanh($0) * tanh($0) }
        return (w2.squareRoot(), Swift.max(0, b2).squareRoot())
    }
}
