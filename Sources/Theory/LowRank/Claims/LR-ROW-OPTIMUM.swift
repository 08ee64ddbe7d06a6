import Foundation
import Fixtures
import Numerics
import PropertyCheck

extension LowRankClaims {
    /// LR-ROW-OPTIMUM (our derivation, exact): inside any r-dimensional subspace S,
    /// E_spectral(S) − E_rescaled(S) = Σᵢ 2‖wᵢ‖²(k(cᵢ) − cᵢ/2)², and the rescaled rows are stationary
    /// in S. Checked on random targets with S the SVD subspace or a Haar-random subspace; both
    /// errors are evaluated by the generic closed form E(M) of the factors, independently of the
    /// gap formula. Negative controls: a "function" method returning the spectral rows, and rows
    /// rescaled with the kernel normalised by 1/π.
    public static let rowOptimum = Claim(
        id: "LR-ROW-OPTIMUM", family: family,
        citation: "\(paper), §3–4 (row rescaling in the SVD subspace); exact gap: our derivation (THEORY.md §4)",
        statement: "In any subspace S the best rows are mᵢ = 2‖wᵢ‖k(cᵢ)P_S wᵢ/‖P_S wᵢ‖ and E_spectral − E_rescaled = Σ 2‖wᵢ‖²(k(cᵢ) − cᵢ/2)² ≥ 0",
        kind: .exact,
        keyNumberSeeds: [kernelInstanceSeed],
        keyNumbers: {
            var stream = RandomStream(seed: kernelInstanceSeed, stream: 1)
            let w = Matrix.gaussian(rows: 32, columns: 8, using: &stream)
            let f2 = w.frobeniusNorm * w.frobeniusNorm
            let gaps = try (1...4).map { r in LowRankReLU.rescalingGap(target: w, subspace: try LowRankReLU.singularSubspace(of: w, rank: r)) / f2 }
            return [.vector("rescaling gap / ‖W‖_F², 32×8 Gaussian W, r = 1…4", gaps, .relative(1e-9),
                            reason: "closed form in the SVD subspace; the subspace is accurate to ~1e-13 relative")]
        }
    ) { settings in [rowOptimumCheck(settings)] }

    static func rowOptimumCheck(_ settings: CheckSettings) -> CheckReport {
        let cases = zip(instances(rows: 1...12, columns: 1...10), Gen.bool, Gen<RandomStream>.stream)
        typealias Rows = @Sendable (Matrix, Matrix) -> LowRankFactors
        func property(_ functionRows: @escaping Rows) -> @Sendable (((w: Matrix, rank: Int), Bool, RandomStream), CaseContext) throws -> Void {
            { value, context in
                let ((w, r), randomSubspace, seedStream) = value
                var stream = seedStream
                let v = randomSubspace ? Matrix.haarOrthogonal(rows: w.columns, columns: r, using: &stream).transposed
                                       : try LowRankReLU.singularSubspace(of: w, rank: r)
                context.classify(randomSubspace, "Haar-random subspace")
                context.classify(r < Swift.min(w.rows, w.columns), "r < min(k, d)")
                let tau = allowance(w, rank: r)
                let spectral = try LowRankReLU.populationError(target: w, factors: LowRankReLU.projectedFactors(target: w, subspace: v))
                let function = functionRows(w, v)
                let rescaled = try LowRankReLU.populationError(target: w, factors: function)
                let formula = LowRankReLU.rescalingGap(target: w, subspace: v)
                try context.expectClose(spectral - rescaled, formula, tolerance: tau, "E_spectral − E_rescaled vs Σ 2‖wᵢ‖²(k(cᵢ) − cᵢ/2)²")
                try context.expectClose(rescaled, LowRankReLU.profiledError(target: w, subspace: v), tolerance: tau,
                                        "E_rescaled vs Σ ‖wᵢ‖²(1/2 − 2k(cᵢ)²)")
                // Stationarity in S: (∂E/∂mᵢ)·Vᵀ = 0 for every row. The gradient row is computed with
                // error ≲ (d + 20)ε‖wᵢ‖ plus η‖wᵢ‖ from the basis (η as in `allowance`); allow 4× that.
                let g = try LowRankReLU.gradientWithRespectToReplacement(target: w, replacement: function.product)
                let projected = Matrix.product(g, v, transposeB: true)
                let eta = RoundingModel.factorisationDefect(Swift.max(w.rows, w.columns))
                for i in 0..<w.rows {
                    let nw = euclideanNorm(w.row(i))
                    try context.expect(euclideanNorm(projected.row(i)), .lessOrEqual,
                                       4 * (eta + Double(w.columns + r + 20) * eps) * nw, "‖(∂E/∂m_\(i))·Vᵀ‖ (row optimal in S)")
                }
            }
        }
        let correct: Rows = { w, v in LowRankReLU.rowOptimalFactors(target: w, subspace: v) }
        let disguised: Rows = { w, v in LowRankReLU.projectedFactors(target: w, subspace: v) }
        let wrongKernel: Rows = { w, v in LowRankReLU.rowOptimalFactors(target: w, subspace: v, kernel: wronglyNormalisedKernel) }
        return PropertyCheck.check("LR-ROW-OPTIMUM", cases, settings: settings,
                                   coverage: [CoverageRequirement("Haar-random subspace", atLeast: 0.2)],
                                   falsifiers: [Falsifier("'function' rows that are the spectral rows", property: property(disguised)),
                                                Falsifier("rows rescaled with the kernel normalised by 1/π", property: property(wrongKernel))],
                                   property: property(correct))
    }
}
