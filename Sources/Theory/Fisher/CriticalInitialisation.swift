import Foundation
import Numerics

/// A point (σ_w, σ_b) on the criticality line of a fully connected network (THEORY.md §3; Sokol &
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

    /// Gauss–Hermite nodes used for the smooth activations (tanh, erf).
    ///
    /// tanh′(√q z)² is analytic in a strip of half-width π/(2√q) around the real axis, so the
    /// n-point rule converges geometrically; at n = 120 and q* ≤ 10 the change from n = 80 is below
    /// 1e-15 (tested), i.e. the moments are accurate to a few ulps.
    public static let quadratureNodes = 120

    /// Solves for the critical (σ_w, σ_b) at the fixed point `fixedPoint`.
    ///
    /// Moments: relu and identity use their closed forms (E[relu′²] = 1/2, E[relu(√q z)²] = q/2;
    /// identity 1 and q), which are exact (Gauss–Hermite is poor at a kink); tanh and erf use the
    /// `quadratureNodes`-point Gauss–Hermite rule (erf is tested against its closed forms
    /// E[erf′(√q z)²] = (4/π)/√(1 + 4q), E[erf(√q z)²] = (2/π) arcsin(2q/(1 + 2q))).
    /// For relu and identity the solution is σ_w² = 2 resp. 1 and σ_b = 0 for every q*.
    ///
    /// - Precondition: q* > 0 and finite.
    /// - Throws: `NumericsError.domain` when σ_b² < 0 (no critical point at this q*).
    public init(activation: NTKActivation, fixedPoint q: Double) throws(NumericsError) {
        require(q > 0 && q.isFinite, "CriticalInitialisation: fixed point q* = \(q) must be positive and finite")
        let (d, a) = Self.moments(activation, q: q, nodes: Self.quadratureNodes)
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
    /// `nodes`-point Gauss–Hermite rule otherwise.
    public static func moments(_ activation: NTKActivation, q: Double, nodes: Int) -> (derivative: Double, activation: Double) {
        switch activation {
        case .identity: return (1, q)
        case .relu: return (0.5, q / 2)
        case .tanh, .erf:
            let s = q.squareRoot()
            let d = Special.standardNormalExpectation(count: nodes) { z in let v = activation.derivative(s * z); return v * v }
            let a = Special.standardNormalExpectation(count: nodes) { z in let v = activation.value(s * z); return v * v }
            return (d, a)
        }
    }

    /// χ = σ_w² E[φ′(√q* z)²] with the moments recomputed at `nodes` points (1 at criticality).
    public func chi(nodes: Int = quadratureNodes) -> Double {
        sigmaW * sigmaW * Self.moments(activation, q: fixedPoint, nodes: nodes).derivative
    }

    /// The length map q ↦ σ_w² E[φ(√q z)²] + σ_b² (q* is its fixed point).
    public func lengthMap(_ q: Double, nodes: Int = quadratureNodes) -> Double {
        sigmaW * sigmaW * Self.moments(activation, q: q, nodes: nodes).activation + sigmaB * sigmaB
    }

    /// A randomly initialised network at this critical point (Gaussian: effective weights
    /// N(0, σ_w²/n); orthogonal: σ_w × Haar for square layers).
    public func network(widths: [Int], initialisation: FullyConnectedNetwork.Initialisation,
                        using stream: inout RandomStream) -> FullyConnectedNetwork {
        FullyConnectedNetwork(widths: widths, activation: activation, sigmaW: sigmaW, sigmaB: sigmaB,
                              initialisation: initialisation, using: &stream)
    }
}
