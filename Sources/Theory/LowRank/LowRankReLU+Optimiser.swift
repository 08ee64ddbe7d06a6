import Foundation
import Numerics

/// The result of ``LowRankReLU/optimised(_:rank:maxIterations:relativeTolerance:)``.
public struct LowRankOptimisation: Sendable {
    /// The factors: V with orthonormal rows, U its closed-form optimal rows.
    public var factors: LowRankFactors
    /// The profiled error min_U E(UV) after each step, starting with the rescaled start (index 0);
    /// non-increasing.
    public var errors: [Double]
    /// Majorise–minimise steps taken.
    public var iterations: Int
    /// Estimated flops of one SVD of W (4·p·q² + 8·q³ for p = max(k, d), q = min(k, d): Golub–Kahan
    /// bidiagonalisation plus accumulation of the right singular vectors; Golub & Van Loan,
    /// Matrix Computations, 4th ed., Fig. 8.6.1).
    public var svdFlops: Double
    /// Estimated flops of one step: 4kdr (two GEMMs with W) + 16dr² + 8r³ (polar factor of a d×r
    /// matrix; for r = 1 it is a normalisation) + 80k (per row one atan2 and one square root,
    /// counted as 40 flops each).
    public var stepFlops: Double
    /// Why it stopped: "converged", "budget", "no decrease" or "rank 0".
    public var stopReason: String

    /// Estimated cost of the iterations relative to one SVD (the start (2) costs one SVD on top).
    public var costRelativeToSVD: Double { Double(iterations) * stepFlops / svdFlops }
}

extension LowRankReLU {
    /// Algorithm (3): minimises the exact objective E(UV) over the subspace, started from the
    /// rescaled solution (2), with the rows always at their closed-form optimum.
    ///
    /// Objective: the profiled error F(V) = min_U E(UV) = C − 2Σᵢ ‖wᵢ‖²ψ(cᵢ(V)) over V with
    /// orthonormal rows, ψ(c) = k(c)² and cᵢ = ‖Vwᵢ‖/‖wᵢ‖ (LR-ROW-OPTIMUM).
    ///
    /// Method (majorise–minimise, our derivation): ψ is convex and increasing on [0, 1] (k is
    /// non-negative, increasing and convex), so ψ(c) ≥ ψ(c⁰) + ψ′(c⁰)(c − c⁰); and
    /// cᵢ(V) ≥ (Vwᵢ)·uᵢ/‖wᵢ‖ with uᵢ = V⁰wᵢ/‖V⁰wᵢ‖ (Cauchy–Schwarz; uᵢ = 0 when V⁰wᵢ = 0). Both
    /// bounds are tight at V⁰, so F(V) ≤ const − 2·tr(V·B) with B = Σᵢ ‖wᵢ‖ψ′(cᵢ⁰)wᵢuᵢᵀ
    /// = Wᵀ·diag(‖wᵢ‖ψ′(cᵢ⁰)/‖V⁰wᵢ‖)·(WV⁰ᵀ) (d×r), whose exact minimiser over orthonormal rows is the
    /// polar factor V¹ = QPᵀ of B = PΣQᵀ. Hence F(V¹) ≤ F(V⁰): every step is a descent step, and a
    /// fixed point satisfies the first-order condition (the Riemannian gradient −4·V·WᵀDW(I − VᵀV)
    /// vanishes). It is a reweighted subspace iteration: one step costs two products with W
    /// (4kdr flops) and the SVD of a d×r matrix. A step is accepted only if the *computed* F does
    /// not increase, so the returned error is never above the start's (the ordering (3) ≤ (2)
    /// holds exactly, not just up to rounding).
    ///
    /// Cost: the default budget `maxIterations = nil` allows ⌊svdFlops/stepFlops⌋ steps (at least 1),
    /// so the whole method costs at most about two SVDs of W (one for the start, one's worth of
    /// steps) — the paper's requirement that the practical algorithm cost about one SVD, up to a
    /// factor 2. Stops earlier when a step lowers F by less than `relativeTolerance`·F.
    /// Requires 0 ≤ r ≤ min(k, d); throws for non-finite W or if an SVD fails.
    public static func optimised(_ w: Matrix, rank r: Int, maxIterations: Int? = nil,
                                 relativeTolerance: Double = 1e-12) throws(NumericsError) -> LowRankOptimisation {
        require(r >= 0 && r <= Swift.min(w.rows, w.columns),
                "LowRankReLU.optimised: rank \(r) outside 0...\(Swift.min(w.rows, w.columns)) for \(w.shapeDescription)")
        require(maxIterations.map { $0 >= 0 } ?? true, "LowRankReLU.optimised: maxIterations must be ≥ 0")
        let k = Double(w.rows), d = Double(w.columns), rr = Double(r)
        let p = Swift.max(k, d), q = Swift.min(k, d)
        let svdFlops = 4 * p * q * q + 8 * q * q * q
        // Transcendental functions (one atan2 and one square root per row) counted as 40 flops each.
        let stepFlops = 4 * k * d * rr + 16 * d * rr * rr + 8 * rr * rr * rr + 80 * k
        var v = try singularSubspace(of: w, rank: r)
        var current = profiledError(target: w, subspace: v)
        var errors = [current]
        guard r > 0 else {
            return LowRankOptimisation(factors: rowOptimalFactors(target: w, subspace: v), errors: errors, iterations: 0,
                                       svdFlops: svdFlops, stepFlops: stepFlops, stopReason: "rank 0")
        }
        let budget = maxIterations ?? Swift.max(1, Int(svdFlops / stepFlops))
        var reason = "budget"
        var iterations = 0
        let rowNorms = (0..<w.rows).map { euclideanNorm(w.row($0)) }
        var a = Matrix.product(w, v, transposeB: true) // k×r: the coefficients V wᵢ
        var (value, weights) = profiledValueAndWeights(a, rowNorms: rowNorms)
        // Evaluate F the same way at every iterate (the start's closed form may differ in the last bits).
        current = value; errors = [current]
        while iterations < budget {
            var scaled = a
            scaled.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<w.rows { for j in 0..<r { buffer[i * r + j] *= weights[i] } }
            }
            let b = Matrix.product(w, scaled, transposeA: true) // d×r
            let normB = b.frobeniusNorm
            guard normB > 0 else { reason = "converged"; break }
            let candidate: Matrix
            if r == 1 {
                candidate = b.transposed / normB
            } else {
                let polar = try b.svd()
                candidate = Matrix.product(polar.vt, polar.u, transposeA: true, transposeB: true) // QPᵀ, r×d
            }
            let nextA = Matrix.product(w, candidate, transposeB: true)
            let (next, nextWeights) = profiledValueAndWeights(nextA, rowNorms: rowNorms)
            if next > current { reason = "no decrease"; break }
            iterations += 1
            let decrease = current - next
            v = candidate; a = nextA; weights = nextWeights; current = next; errors.append(next)
            if decrease <= relativeTolerance * Swift.max(current, .leastNormalMagnitude) { reason = "converged"; break }
        }
        return LowRankOptimisation(factors: rowOptimalFactors(target: w, subspace: v), errors: errors,
                                   iterations: iterations, svdFlops: svdFlops, stepFlops: stepFlops, stopReason: reason)
    }

    /// F(V) = Σᵢ ‖wᵢ‖²(1/2 − 2k(cᵢ)²) from the coefficients A = W·Vᵀ, and the majoriser weights
    /// ‖wᵢ‖ψ′(cᵢ)/‖Vwᵢ‖ (ψ′ = 2kk′; weight 0 for a row with Vwᵢ = 0 or wᵢ = 0), in one pass with one
    /// angle per row.
    static func profiledValueAndWeights(_ a: Matrix, rowNorms: [Double]) -> (Double, [Double]) {
        let r = a.columns
        var weights = [Double](repeating: 0, count: a.rows)
        var total = 0.0
        a.withUnsafeBufferPointer { buffer in
            for i in 0..<a.rows {
                let nw = rowNorms[i]
                guard nw > 0 else { continue }
                var s2 = 0.0
                for j in 0..<r { s2 += buffer[i * r + j] * buffer[i * r + j] }
                let na = s2.squareRoot()
                let c = Swift.min(1, na / nw)
                let sine = ((1 - c) * (1 + c)).squareRoot()
                let t = atan2(sine, c)
                let kv = (sine + (Double.pi - t) * c) / (2 * Double.pi)
                let kPrime = (Double.pi - t) / (2 * Double.pi)
                total += nw * nw * (0.5 - 2 * kv * kv)
                if na > 0 { weights[i] = nw * 2 * kv * kPrime / na }
            }
        }
        return (total, weights)
    }
}
