import Foundation
import Numerics

/// A point (σ_w, σ_b) on the criticality line of a fully connected network (docs/THEORY.md §3; Sokol &
/// Park, arXiv 1810.03785, §2; the mean-field recursion of Poole et al. 2016 and Schoenholz et al. 2017).
///
/// With pre-activations h ∼ N(0, q) in the wide limit, the length map is
/// q ↦ σ_w² E[φ(√q z)²] + σ_b² and the slope of the correlation map at its fixed point is
/// χ = σ_w² E[φ′(√q* z)²] (z ∼ N(0, 1)). Choosing the fixed point q* first makes both conditions
/// explicit:
///
///     σ_w² = 1 / E[φ′(√q* z)²],   σ_b² = q* − σ_w² E[φ(√q* z)²],
///
/// so no root finding is needed; a critical point exists at q* iff σ_b² ≥ 0.
public struct CriticalInitialisation: Sendable, Equatable, Codable {
    public let activation: NTKActivation
    /// The fixed point q* of the length map.
    public let fixedPoint: Double
    public let sigmaW: Double
    public let sigmaB: Double
    /// E[φ′(√q* z)²] and E[φ(√q* z)²] as used.
    public let derivativeMoment: Double
    public let activationMoment: Double

    /// Why not Gauss–Hermite: the n-point Hermite rule in z converges only like exp(−c·√n·d) with
    /// d = π/(2√q*) the distance of tanh's poles from the real axis (scaled to z), which is slow
    /// for q* ≳ 1 (measured: the 80- and 120-node rules disagree on χ by 1.6e-8 at q* = 1 and by
    /// 1e-3 at q* = 4). The
    /// trapezoid rule on the whole line in x = √q* z instead converges like exp(−2π d_x/h) with
    /// d_x = π/2 fixed, so a step h ≤ 0.05 already gives exp(−197); see ``gaussianExpectation(variance:stepScale:_:)``.
    ///
    /// Solves for the critical (σ_w, σ_b) at the fixed point `fixedPoint`.
    ///
    /// Moments: relu and identity use their closed forms (E[relu′²] = 1/2, E[relu(√q z)²] = q/2;
    /// identity 1 and q), which are exact (Gauss–Hermite is poor at a kink); tanh and erf use the
    /// trapezoid rule of ``gaussianExpectation(variance:stepScale:_:)`` (erf is tested against its closed forms
    /// E[erf′(√q z)²] = (4/π)/√(1 + 4q), E[erf(√q z)²] = (2/π) arcsin(2q/(1 + 2q))).
    /// For relu and identity the solution is σ_w² = 2 resp. 1 and σ_b = 0 for every q*.
    ///
    /// - Precondition: q* > 0 and finite.
    /// - Throws: `NumericsError.domain` when σ_b² < 0 (no critical point at this q*).
    public init(activation: NTKActivation, fixedPoint q: Double) throws(NumericsError) {
        require(q > 0 && q.isFinite, "CriticalInitialisation: fixed point q* = \(q) must be positive and finite")
        let (d, a) = Self.moments(activation, q: q)
        let sw2 = 1 / d
        var sb2 = q - sw2 * a
        // The identity and relu lines have σ_b² = 0 exactly; a rounding-sized negative value
        // (|sb2| ≤ 4u·q from the two products) is zero.
        if sb2 < 0 && -sb2 <= 4 * Double.ulpOfOne * q { sb2 = 0 }
        guard sb2 >= 0 else {
            throw .domain(operation: "CriticalInitialisation", detail: "σ_b² = \(sb2) < 0 at q* = \(q) for \(activation)")
        }
        self.activation = activation; self.fixedPoint = q
        self.sigmaW = sw2.squareRoot(); self.sigmaB = sb2.squareRoot()
        self.derivativeMoment = d; self.activationMoment = a
    }

    /// (E[φ′(√q z)²], E[φ(√q z)²]) for z ∼ N(0, 1): closed forms for relu and identity, the
    /// trapezoid rule of ``gaussianExpectation(variance:stepScale:_:)`` otherwise.
    public static func moments(_ activation: NTKActivation, q: Double, stepScale: Double = 1) -> (derivative: Double, activation: Double) {
        switch activation {
        case .identity: return (1, q)
        case .relu: return (0.5, q / 2)
        case .tanh, .erf:
            let d = gaussianExpectation(variance: q, stepScale: stepScale) { x in let v = activation.derivative(x); return v * v }
            let a = gaussianExpectation(variance: q, stepScale: stepScale) { x in let v = activation.value(x); return v * v }
            return (d, a)
        }
    }

    /// E[f(X)], X ∼ N(0, q), by the trapezoid rule on the real line with step
    /// h = stepScale·min(0.05, √q/4), truncated at |x| ≤ 9.5√q (the Gaussian tail beyond is
    /// < 1e-20 of the mass), with compensated summation.
    ///
    /// Accuracy: for f analytic in the strip |Im x| < d and bounded there by M (after the Gaussian
    /// factor), the trapezoid error is ≤ 2M/(e^{2πd/h} − 1). For tanh and tanh′² (poles at ±iπ/2)
    /// with h = 0.05 that is ~e^{−197}; for entire f of at most Gaussian growth (erf) take d ∝ √q:
    /// with h = √q/4 and d = 25√q the bound is e^{−316}. What remains is rounding: a few ulps per
    /// term from libm, and compensated summation, so a few ulps of the result. Cost ≤ 2·9.5·√q/h + 1
    /// evaluations (≤ 1200 for q ≤ 10).
    public static func gaussianExpectation(variance q: Double, stepScale: Double = 1, _ f: (Double) -> Double) -> Double {
        require(q > 0 && q.isFinite && stepScale > 0, "CriticalInitialisation.gaussianExpectation: variance \(q), step scale \(stepScale)")
        let sigma = q.squareRoot()
        let h = stepScale * Swift.min(0.05, sigma / 4)
        let count = Int((9.5 * sigma / h).rounded(.up))
        let norm = h / (2 * Double.pi * q).squareRoot()
        var sum = 0.0, compensation = 0.0
        for k in -count...count {
            let x = Double(k) * h
            let term = f(x) * Foundation.exp(-0.5 * x * x / q) * norm - compensation
            let t = sum + term
            compensation = (t - sum) - term
            sum = t
        }
        return sum
    }

    /// χ = σ_w² E[φ′(√q* z)²] with the moments recomputed at step scale `stepScale` (1 at criticality).
    public func chi(stepScale: Double = 1) -> Double {
        sigmaW * sigmaW * Self.moments(activation, q: fixedPoint, stepScale: stepScale).derivative
    }

    /// The length map q ↦ σ_w² E[φ(√q z)²] + σ_b² (q* is its fixed point).
    public func lengthMap(_ q: Double, stepScale: Double = 1) -> Double {
        sigmaW * sigmaW * Self.moments(activation, q: q, stepScale: stepScale).activation + sigmaB * sigmaB
    }

    /// A randomly initialised network at this critical point (Gaussian: effective weights
    /// N(0, σ_w²/n); orthogonal: σ_w × Haar for square layers).
    public func network(widths: [Int], initialisation: FullyConnectedNetwork.Initialisation,
                        using stream: inout RandomStream) -> FullyConnectedNetwork {
        FullyConnectedNetwork(widths: widths, activation: activation, sigmaW: sigmaW, sigmaB: sigmaB,
                              initialisation: initialisation, using: &stream)
    }
}
