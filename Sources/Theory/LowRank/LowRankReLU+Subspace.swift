import Foundation
import Numerics

extension LowRankReLU {
    /// The spectral rows inside a subspace: mᵢ = P_S wᵢ, i.e. U = W·Vᵀ for V (r×d) with orthonormal
    /// rows spanning S. With S the top-r right singular subspace this is the truncated SVD.
    public static func projectedFactors(target w: Matrix, subspace v: Matrix) -> LowRankFactors {
        require(v.columns == w.columns, "LowRankReLU.projectedFactors: subspace \(v.shapeDescription) vs target \(w.shapeDescription)")
        if v.rows == 0 { return LowRankFactors(u: Matrix(rows: w.rows, columns: 0), v: v) }
        return LowRankFactors(u: Matrix.product(w, v, transposeB: true), v: v)
    }

    /// The best rows inside a subspace (LR-ROW-OPTIMUM): with cᵢ = ‖P_S wᵢ‖/‖wᵢ‖,
    /// mᵢ = 2‖wᵢ‖k(cᵢ)·P_S wᵢ/‖P_S wᵢ‖, and when P_S wᵢ = 0 the first basis direction of S with
    /// length 2‖wᵢ‖k(0) = ‖wᵢ‖/π (every unit direction of S is then equally good).
    ///
    /// Why it is optimal: for mᵢ = s·u (u a unit vector of S, s ≥ 0) the row error is
    /// ‖wᵢ‖²/2 + s²/2 − 2s‖wᵢ‖k(cos∠(wᵢ, u)); k is increasing, and the largest cosine over unit u in S
    /// is cᵢ (at u ∝ P_S wᵢ); the quadratic in s is minimised at s = 2‖wᵢ‖k(cᵢ), leaving
    /// ‖wᵢ‖²(1/2 − 2k(cᵢ)²). `v` must have orthonormal rows (it is used as the basis of S).
    /// `kernel` exists for negative controls only (a wrongly normalised kernel gives wrong lengths).
    public static func rowOptimalFactors(target w: Matrix, subspace v: Matrix,
                                         kernel: Kernel = { ReLUArcCosineKernel.value($0) }) -> LowRankFactors {
        require(v.columns == w.columns, "LowRankReLU.rowOptimalFactors: subspace \(v.shapeDescription) vs target \(w.shapeDescription)")
        let r = v.rows
        if r == 0 { return LowRankFactors(u: Matrix(rows: w.rows, columns: 0), v: v) }
        var a = Matrix.product(w, v, transposeB: true) // coefficients of P_S wᵢ in the basis
        for i in 0..<w.rows {
            let nw = euclideanNorm(w.row(i))
            let coefficients = a.row(i)
            let na = euclideanNorm(coefficients)
            if nw == 0 {
                for j in 0..<r { a[i, j] = 0 }
            } else if na == 0 {
                a[i, 0] = 2 * nw * kernel(0)
            } else {
                let length = 2 * nw * kernel(Swift.min(1, na / nw))
                for j in 0..<r { a[i, j] = coefficients[j] * (length / na) }
            }
        }
        return LowRankFactors(u: a, v: v)
    }

    /// The cosines cᵢ = ‖P_S wᵢ‖/‖wᵢ‖ ∈ [0, 1] (0 for a zero row) and squared row norms ‖wᵢ‖².
    public static func subspaceCosines(target w: Matrix, subspace v: Matrix) -> (cosines: [Double], rowNormsSquared: [Double]) {
        require(v.columns == w.columns, "LowRankReLU.subspaceCosines: subspace \(v.shapeDescription) vs target \(w.shapeDescription)")
        let a = v.rows == 0 ? Matrix(rows: w.rows, columns: 0) : Matrix.product(w, v, transposeB: true)
        var cosines = [Double](repeating: 0, count: w.rows), norms = cosines
        for i in 0..<w.rows {
            let nw = euclideanNorm(w.row(i))
            norms[i] = nw * nw
            cosines[i] = nw > 0 ? Swift.min(1, euclideanNorm(a.row(i)) / nw) : 0
        }
        return (cosines, norms)
    }

    /// min over rows in S of E: Σᵢ ‖wᵢ‖²(1/2 − 2k(cᵢ)²) (closed form, LR-ROW-OPTIMUM), for r ≥ 1.
    /// For r = 0 (no subspace, M = 0) it is Σᵢ ‖wᵢ‖²/2.
    public static func profiledError(target w: Matrix, subspace v: Matrix) -> Double {
        if v.rows == 0 { return 0.5 * w.frobeniusNorm * w.frobeniusNorm }
        let (c, n2) = subspaceCosines(target: w, subspace: v)
        var total = 0.0
        for i in c.indices {
            let k = ReLUArcCosineKernel.value(c[i])
            total += n2[i] * (0.5 - 2 * k * k)
        }
        return total
    }

    /// The exact gap of LR-ROW-OPTIMUM: E_spectral(S) − E_rescaled(S) = Σᵢ 2‖wᵢ‖²(k(cᵢ) − cᵢ/2)² ≥ 0
    /// (0 for r = 0, where both are M = 0).
    public static func rescalingGap(target w: Matrix, subspace v: Matrix) -> Double {
        if v.rows == 0 { return 0 }
        let (c, n2) = subspaceCosines(target: w, subspace: v)
        var total = 0.0
        for i in c.indices {
            let h = ReLUArcCosineKernel.rescalingExcess(c[i])
            total += 2 * n2[i] * h * h
        }
        return total
    }

    /// The top-r right singular subspace of W as an r×d matrix with orthonormal rows
    /// (r ≤ min(k, d)). Throws what ``Matrix/svd(full:)`` throws.
    public static func singularSubspace(of w: Matrix, rank r: Int) throws(NumericsError) -> Matrix {
        require(r >= 0 && r <= Swift.min(w.rows, w.columns),
                "LowRankReLU.singularSubspace: rank \(r) outside 0...\(Swift.min(w.rows, w.columns)) for \(w.shapeDescription)")
        if r == 0 { return Matrix(rows: 0, columns: w.columns) }
        let f = try w.svd()
        return f.vt[rows: 0..<r, columns: 0..<w.columns]
    }
}
