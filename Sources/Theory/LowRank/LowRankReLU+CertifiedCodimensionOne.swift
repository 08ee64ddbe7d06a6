import Foundation
import Numerics

extension LowRankReLU {
    /// The certified global minimum of E(M) over M of rank ≤ d − 1, for small d (2 ≤ d ≤ 6): with
    /// d = 3 the rank-2 case.
    ///
    /// Reduction: the rows of M lie in a hyperplane S = n⊥ (n a unit normal, n ~ −n), and with the
    /// closed-form rows (LR-ROW-OPTIMUM) min E = min over n of F(n) = Σᵢ ‖wᵢ‖²(1/2 − 2φ(xᵢ)),
    /// xᵢ = n·ŵᵢ, φ(x) = k(√(1 − x²))², since the cosine between wᵢ and S is √(1 − xᵢ²) = sin βᵢ
    /// with βᵢ ∈ [0, π/2] the angle between n and the line of wᵢ. The normals are searched by
    /// ``minimiseOverDirections(dimension:tolerance:maxBoxes:operation:bounds:)`` with two bounds
    /// on a cap of angular radius δ around n⁰, the larger kept:
    ///
    /// - first order: the angle between n and the line of wᵢ is at most βᵢ + δ, sin is increasing
    ///   on [0, π/2] and k is increasing, so F(n) ≥ Σᵢ ‖wᵢ‖²(1/2 − 2k(sin(min(π/2, βᵢ + δ)))²);
    /// - second order: φ is concave on (−1, 1). In t = arcsin|x| (so c = cos t), 2π·k(c) = sin t +
    ///   (π − t)cos t =: 2πg, and with a = π − t, s = sin t: (2π)²(g·g″ + g′²)·cos³t = s²c − a·s³ −
    ///   a²·c³ < 0, because s²c ≤ (2s³ + c³)/3 (AM–GM) while a ≥ π/2 > 2/3 and a² > 1/3; so
    ///   φ″ = 2(g·g″ + g′²) < 0 on (0, 1), φ is even with φ′(0) = 0, hence concave. Then
    ///   φ(xᵢ) ≤ φ(xᵢ⁰) + φ′(xᵢ⁰)(xᵢ − xᵢ⁰), so F(n) ≥ F(n⁰) − 2·q·(n − n⁰) with q = Σᵢ ‖wᵢ‖²φ′(xᵢ⁰)ŵᵢ,
    ///   and over the cap q·(n − n⁰) ≤ |q⊥|·sin δ + max(0, −q·n⁰)(1 − cos δ) (q⊥ the part of q
    ///   orthogonal to n⁰). Near a minimum q⊥ → 0 (it is the gradient of F on the sphere up to a
    ///   factor), so the slack is second order in δ. φ′(x) = −2k(c)·(π/2 + β)·x/(2π·c) with c = √(1 − x²)
    ///   = sin β grows without bound as c → 0, so this bound is used only when every cᵢ ≥ 1e-6.
    ///
    /// Both bounds are lowered by 4(d + 20)ε·(‖W‖_F² + Σᵢ‖wᵢ‖²|φ′(xᵢ⁰)|) to cover rounding.
    ///
    /// Requires 2 ≤ d ≤ 6, k ≥ 1, tolerance > 0. Throws ``NumericsError/noConvergence`` if
    /// `maxBoxes` boxes do not reach the tolerance, and for non-finite W.
    public static func certifiedCodimensionOneOptimum(_ w: Matrix, tolerance: Double, maxBoxes: Int = 2_000_000) throws(NumericsError) -> RankOneCertificate {
        let d = w.columns
        require(d >= 2 && d <= 6 && w.rows >= 1, "LowRankReLU.certifiedCodimensionOneOptimum: needs 2 ≤ d ≤ 6 and k ≥ 1, got \(w.shapeDescription)")
        require(tolerance > 0, "LowRankReLU.certifiedCodimensionOneOptimum: tolerance \(tolerance) must be > 0")
        try w.validateFinite("LowRankReLU.certifiedCodimensionOneOptimum")
        let k = w.rows
        let rowNorms2 = (0..<k).map { i -> Double in let n = euclideanNorm(w.row(i)); return n * n }
        let units: [[Double]] = (0..<k).map { i in
            let row = w.row(i), n = euclideanNorm(row)
            return n > 0 ? row.map { $0 / n } : row
        }
        let unitRounding = 4 * Double(d + 20) * Double.ulpOfOne
        let total = rowNorms2.reduce(0, +)

        let search = try minimiseOverDirections(dimension: d, tolerance: tolerance, maxBoxes: maxBoxes,
                                                operation: "LowRankReLU.certifiedCodimensionOneOptimum") { y0, n0, radius in
            var value = 0.0, capBound = 0.0, slopeMass = 0.0
            var q = [Double](repeating: 0, count: d)
            var tangentUsable = radius < Double.pi / 2
            for i in 0..<k where rowNorms2[i] > 0 {
                let t = y0.withUnsafeBufferPointer { yb in units[i].withUnsafeBufferPointer { ub in ReLUArcCosineKernel.angle(yb, ub) } }
                let beta = Swift.min(t, Double.pi - t)            // angle between n⁰ and the line of wᵢ
                let c = sin(beta)
                let kv = ReLUArcCosineKernel.value(c)
                value += rowNorms2[i] * (0.5 - 2 * kv * kv)
                let kb = ReLUArcCosineKernel.value(sin(Swift.min(Double.pi / 2, beta + radius)))
                capBound += rowNorms2[i] * (0.5 - 2 * kb * kb)
                if c < 1e-6 { tangentUsable = false; continue }
                let x = zip(units[i], n0).reduce(0) { $0 + $1.0 * $1.1 }
                let slope = -2 * kv * (Double.pi / 2 + beta) * x / (2 * Double.pi * c)   // φ′(xᵢ⁰)
                slopeMass += rowNorms2[i] * Swift.abs(slope)
                for j in 0..<d { q[j] += rowNorms2[i] * slope * units[i][j] }
            }
            let allowance = unitRounding * (total + slopeMass)
            var bound = capBound
            if tangentUsable {
                let along = zip(q, n0).reduce(0) { $0 + $1.0 * $1.1 }
                let across = Swift.max(0, zip(q, q).reduce(0) { $0 + $1.0 * $1.1 } - along * along).squareRoot()
                bound = Swift.max(bound, value - 2 * (across * sin(radius) + Swift.max(0, -along) * (1 - cos(radius))))
            }
            return (value: value, bound: bound - allowance)
        }
        let basis = orthonormalComplement(of: search.best.direction)
        let v = Matrix(rows: d - 1, columns: d, rowMajor: basis.flatMap { $0 })
        return RankOneCertificate(lowerBound: search.lowerBound, upperBound: search.best.value,
                                  factors: rowOptimalFactors(target: w, subspace: v),
                                  boxesEvaluated: search.boxesEvaluated, certified: true)
    }
}
