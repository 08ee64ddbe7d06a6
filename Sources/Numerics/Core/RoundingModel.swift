/// The rounding model every tolerance in the package is derived from: one place for the unit
/// roundoff, the inner-product factor γ_k and the accuracy contract δ(k) of the orthogonal
/// factorisations.
///
/// - u = 2⁻⁵³, the unit roundoff of IEEE double (round to nearest): fl(x ∘ y) = (x ∘ y)(1 + ε),
///   |ε| ≤ u.
/// - γ_k = k·u/(1 − k·u) (for k·u < 1): a k-term inner product computed in any order satisfies
///   |fl(xᵀy) − xᵀy| ≤ γ_k·|x|ᵀ|y| (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
///   The package's GEMM obeys this entrywise (`GEMM.swift`), and NUM-GEMM checks it.
/// - δ(k) = 1e-13·k, the backward-error and orthonormality contract of the Householder-based
///   factorisations on well-scaled inputs of size k = max(rows, columns): ‖A − QR‖_F/‖A‖_F,
///   ‖QᵀQ − I‖_F, and the same for the symmetric eigendecomposition and the SVD are ≤ δ(k). It is
///   about 450·k·u, a safety factor over the c·k·u of the classical analyses (the measured worst
///   case is ≈ 1.2·k·u). NUM-QR, NUM-EIGEN and NUM-SVD verify exactly this δ, so a claim whose
///   tolerance uses δ(k) for a Haar factor or a singular basis rests on a checked contract.
public enum RoundingModel {
    /// u = 2⁻⁵³.
    public static let unitRoundoff = Double.ulpOfOne / 2

    /// γ_k = k·u/(1 − k·u). Requires 0 ≤ k and k·u < 1.
    @inlinable
    public static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * unitRoundoff
        require(k >= 0 && ku < 1, "RoundingModel.gamma: k = \(k) must satisfy 0 ≤ k·u < 1")
        return ku / (1 - ku)
    }

    /// δ(k) = 1e-13·k: the backward-error and orthonormality contract of QR, the symmetric
    /// eigendecomposition and the SVD at size k (at least 1).
    @inlinable
    public static func factorisationDefect(_ k: Int) -> Double { 1e-13 * Double(Swift.max(1, k)) }
}
