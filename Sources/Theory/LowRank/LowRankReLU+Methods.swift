import Foundation
import Numerics

extension LowRankReLU {
    /// Algorithm (1), spectral initialisation: the truncated SVD M = U_r Σ_r V_rᵀ, returned as
    /// U = U_rΣ_r (k×r), V = V_rᵀ (r×d, orthonormal rows). The best rank-r approximation of W in
    /// Frobenius norm (Eckart–Young), i.e. approximating the *weights*. Cost: one SVD.
    /// Requires 0 ≤ r ≤ min(k, d); throws for non-finite W.
    public static func spectral(_ w: Matrix, rank r: Int) throws(NumericsError) -> LowRankFactors {
        require(r >= 0 && r <= Swift.min(w.rows, w.columns),
                "LowRankReLU.spectral: rank \(r) outside 0...\(Swift.min(w.rows, w.columns)) for \(w.shapeDescription)")
        if r == 0 { return LowRankFactors(u: Matrix(rows: w.rows, columns: 0), v: Matrix(rows: 0, columns: w.columns)) }
        let f = try w.svd()
        var u = f.u[rows: 0..<w.rows, columns: 0..<r]
        for i in 0..<w.rows { for j in 0..<r { u[i, j] *= f.singularValues[j] } }
        return LowRankFactors(u: u, v: f.vt[rows: 0..<r, columns: 0..<w.columns])
    }

    /// Algorithm (2), the SVD subspace with closed-form row rescaling: S = the top-r right singular
    /// subspace, each row the best row in S for the ReLU *function* (``rowOptimalFactors(target:subspace:kernel:)``).
    /// Never worse than (1) on any instance (LR-ROW-OPTIMUM). Cost: one SVD plus O(kdr).
    public static func rescaled(_ w: Matrix, rank r: Int) throws(NumericsError) -> LowRankFactors {
        rowOptimalFactors(target: w, subspace: try singularSubspace(of: w, rank: r))
    }
}
