import Foundation
import Numerics

/// A certified enclosure of the global minimum of E over the replacements of one rank (rank 1, or
/// rank d − 1 for the codimension-one search).
public struct RankOneCertificate: Sendable {
    /// Proven: every M of the rank searched has E(M) ≥ lowerBound.
    public var lowerBound: Double
    /// Attained: E at `factors` (the best subspace found, with closed-form rows).
    public var upperBound: Double
    /// The best factors found (V: the unit direction as 1×d, or an orthonormal basis of the best
    /// hyperplane as (d − 1)×d).
    public var factors: LowRankFactors
    /// Boxes evaluated by the branch and bound.
    public var boxesEvaluated: Int
    /// True when upperBound − lowerBound ≤ the requested tolerance.
    public var certified: Bool
}

extension LowRankReLU {
    /// Algorithm (4): the certified global minimum of E(M) over rank-1 M, for small d (≤ 6).
    ///
    /// Reduction: a rank-1 M = u·vᵀ has rows in span(v), so (LR-ROW-OPTIMUM)
    /// min E = min over unit v of F(v) = Σᵢ ‖wᵢ‖²(1/2 − 2k(cᵢ(v))²), cᵢ = |v·wᵢ|/‖wᵢ‖, and F(v) = F(−v).
    ///
    /// Search space: every line through 0 meets exactly one face {y : y_j = +1, |y_l| ≤ 1} of the
    /// cube (up to the measure-zero shared edges, which belong to both), so the d faces, each a
    /// (d−1)-dimensional box, parametrise all directions v = y/‖y‖.
    ///
    /// Certificate (branch and bound): for a box with centre y⁰ (v⁰ = y⁰/‖y⁰‖) let δ be the largest
    /// angle between y⁰ and a corner. If δ < π/2 the cone {y : ∠(y, y⁰) ≤ δ} is convex, so it holds
    /// the whole box (the convex hull of its corners): every v of the box is within angle δ of v⁰.
    /// By the triangle inequality for angles, the angle between v and the line of wᵢ is at least
    /// βᵢ − δ, βᵢ = that angle for v⁰, so cᵢ(v) ≤ cos(max(0, βᵢ − δ)) =: c̄ᵢ, and since k is increasing
    /// F(v) ≥ Σᵢ ‖wᵢ‖²(1/2 − 2k(c̄ᵢ)²) on the box (when δ ≥ π/2 we use c̄ᵢ = 1, the trivial bound 0).
    /// That first-order bound alone needs ~1/tolerance boxes near the optimum, so we also use a
    /// second-order one and keep the larger: project the cap centrally onto the tangent plane at
    /// v⁰, y = v/(v·v⁰) = v⁰ + z with z ⟂ v⁰, ‖z‖ = tan∠(v, v⁰) ≤ tan δ, so y lies in v⁰ + Q with Q
    /// the cube of half-side tan δ in v⁰⊥. Since ‖y‖ ≥ 1, cᵢ(v) = |ŵᵢ·y|/‖y‖ ≤ |ŵᵢ·y|, hence
    /// F(v) ≥ G(y) = Σᵢ ‖wᵢ‖²(1/2 − 2ψ̃(|ŵᵢ·y|)) with ψ = k² on [0, 1] continued by its tangent
    /// (ψ̃ ≥ ψ(min(1, ·))). ψ is convex and increasing (ψ″ = 2k′² + 2kk″ ≥ 0), so ψ̃(|x|) is convex
    /// and G is concave on R^d: its minimum over the polytope v⁰ + Q is at one of its 2^{d−1}
    /// vertices. Its slack is second order in δ (‖y‖ − 1 = O(δ²); F is smooth at its minima, which
    /// avoid the concave ridges ŵᵢ·v = 0), so the boxes needed near the optimum stay bounded.
    /// We subtract 4(d + 20)·ε·‖W‖_F² from the bound to cover the rounding of its evaluation. F(v⁰) is an
    /// upper bound of the minimum. The box of least lower bound is bisected along its longest side
    /// until best upper bound − least lower bound ≤ `tolerance`: then min F ∈ [lowerBound, upperBound].
    /// Boxes whose lower bound is not below the best upper bound are discarded (they cannot hold a
    /// smaller value).
    ///
    /// Requires 1 ≤ d ≤ 6, k ≥ 1, tolerance > 0. Throws ``NumericsError/noConvergence`` if
    /// `maxBoxes` boxes do not reach the tolerance, and for non-finite W.
    public static func certifiedRankOneOptimum(_ w: Matrix, tolerance: Double, maxBoxes: Int = 2_000_000) throws(NumericsError) -> RankOneCertificate {
        let d = w.columns
        require(d >= 1 && d <= 6 && w.rows >= 1, "LowRankReLU.certifiedRankOneOptimum: needs 1 ≤ d ≤ 6 and k ≥ 1, got \(w.shapeDescription)")
        require(tolerance > 0, "LowRankReLU.certifiedRankOneOptimum: tolerance \(tolerance) must be > 0")
        try w.validateFinite("LowRankReLU.certifiedRankOneOptimum")
        let k = w.rows
        let rowNorms2 = (0..<k).map { i -> Double in let n = euclideanNorm(w.row(i)); return n * n }
        let units: [[Double]] = (0..<k).map { i in
            let row = w.row(i), n = euclideanNorm(row)
            return n > 0 ? row.map { $0 / n } : row
        }
        let rounding = 4 * Double(d + 20) * Double.ulpOfOne * rowNorms2.reduce(0, +)

        func lineAngle(_ a: [Double], _ b: [Double]) -> Double {
            let t = a.withUnsafeBufferPointer { ab in b.withUnsafeBufferPointer { bb in ReLUArcCosineKernel.angle(ab, bb) } }
            return Swift.min(t, Double.pi - t)
        }
        /// ψ̃(x) = k(x)² on [0, 1], continued by its tangent beyond 1 (¼ + (x − 1)/2): convex, increasing.
        func psiExtended(_ x: Double) -> Double {
            if x <= 1 { let kv = ReLUArcCosineKernel.value(x); return kv * kv }
            return 0.25 + 0.5 * (x - 1)
        }
        /// Second-order bound on a cap of angular radius δ around v⁰ (t = tan δ): min over the
        /// vertices of v⁰ + Q of G(y) = Σ‖wᵢ‖²(1/2 − 2ψ̃(|ŵᵢ·y|)), Q the cube of half-side t in v⁰⊥.
        func tangentBound(_ v0: [Double], _ t: Double) -> Double {
            let basis = orthonormalComplement(of: v0)
            var lowest = Double.infinity
            for vertex in 0..<(1 << (d - 1)) {
                var y = v0
                for (l, b) in basis.enumerated() {
                    let sign: Double = (vertex >> l) & 1 == 1 ? 1 : -1
                    for j in 0..<d { y[j] += sign * t * b[j] }
                }
                var g = 0.0
                for i in 0..<k where rowNorms2[i] > 0 {
                    let x = Swift.abs(zip(units[i], y).reduce(0) { $0 + $1.0 * $1.1 })
                    g += rowNorms2[i] * (0.5 - 2 * psiExtended(x))
                }
                lowest = Swift.min(lowest, g)
            }
            return lowest
        }
        let search = try minimiseOverDirections(dimension: d, tolerance: tolerance, maxBoxes: maxBoxes,
                                                operation: "LowRankReLU.certifiedRankOneOptimum") { y0, v0, radius in
            var capBound = 0.0, value = 0.0
            for i in 0..<k where rowNorms2[i] > 0 {
                let beta = lineAngle(units[i], y0)
                let kv = ReLUArcCosineKernel.value(cos(beta))
                value += rowNorms2[i] * (0.5 - 2 * kv * kv)
                let cBar = radius >= Double.pi / 2 ? 1 : cos(Swift.max(0, beta - radius))
                let kb = ReLUArcCosineKernel.value(cBar)
                capBound += rowNorms2[i] * (0.5 - 2 * kb * kb)
            }
            var bound = capBound
            if radius < Double.pi / 2 - 1e-3 { bound = Swift.max(bound, tangentBound(v0, tan(radius))) }
            return (value: value, bound: bound - rounding)
        }
        let (lowerBound, best, evaluated) = (search.lowerBound, search.best, search.boxesEvaluated)
        let v = Matrix(rows: 1, columns: d, rowMajor: best.direction)
        return RankOneCertificate(lowerBound: lowerBound, upperBound: best.value,
                                  factors: rowOptimalFactors(target: w, subspace: v),
                                  boxesEvaluated: evaluated, certified: true)
    }
}
