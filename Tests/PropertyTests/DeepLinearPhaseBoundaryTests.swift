import Experiments
import Foundation
import Numerics
import PropertyCheck
import Testing
@testable import Theory

/// The sharp boundary estimator behind DL-PHASE's exponent discussion: the probit fit against
/// known boundaries, its standard error by simulation, the two scaling fits against exact curves,
/// and clear errors on data that cannot give an answer.
@Suite struct DeepLinearPhaseBoundaryTests {
    typealias Boundary = DeepLinearPhaseBoundary

    /// The widths and truth of the simulations: the measured L = 32 transition (m½ ≈ 20, s ≈ 0.22).
    static let widths = Array(stride(from: 16, through: 28, by: 2))
    static let truth = (mu: log(20.0), scale: 0.22)

    static func probability(_ width: Int, mu: Double = truth.mu, scale: Double = truth.scale) -> Double {
        NormalDistribution.standard.cdf((log(Double(width)) - mu) / scale)
    }

    /// Counts equal to their expectation (10⁶ networks, rounded): the fit returns the truth up to
    /// the rounding, |Δ fraction| ≤ 5·10⁻⁷, which moves μ and s by ≲ 10⁻⁵.
    @Test func recoversAnExactProbitBoundary() throws {
        let n = 1_000_000
        let cells = Self.widths.map { w in Boundary.Cell(width: w, networks: n, trained: Int((Double(n) * Self.probability(w)).rounded())) }
        let fit = try Boundary.halfTrainableWidth(depth: 32, cells: cells)
        #expect(abs(log(fit.width) - Self.truth.mu) < 1e-4)
        #expect(abs(fit.scale - Self.truth.scale) < 1e-4)
        #expect(fit.deviance < 1e-3 && fit.degreesOfFreedom == cells.filter { Boundary.fittedFractions.contains($0.fraction) }.count - 2)
        // A boundary 2 % wider is told apart at this n.
        let wider = Self.widths.map { w in
            Boundary.Cell(width: w, networks: n, trained: Int((Double(n) * Self.probability(w, mu: Self.truth.mu + log(1.02))).rounded()))
        }
        #expect(abs(log(try Boundary.halfTrainableWidth(depth: 32, cells: wider).width) - Self.truth.mu - log(1.02)) < 1e-4)
    }

    /// Measured counts (L = 64, 400 networks per width, default seed) against an independent
    /// fit: scipy's Nelder–Mead on the same probit likelihood (tolerance 10⁻¹³) gives
    /// μ = 3.690700984, s = 0.2357824, se(μ) = 0.006010200 (expected information) and deviance
    /// 9.479256 over the seven cells (all have trained fractions in [0.1, 0.9]). The optimiser's own
    /// accuracy (≈ 10⁻⁸ in μ) sets the tolerances.
    @Test func matchesAnIndependentFitOfMeasuredCounts() throws {
        let counts = [(32, 59), (35, 107), (38, 178), (41, 229), (44, 262), (47, 305), (50, 316)]
        let fit = try Boundary.halfTrainableWidth(depth: 64, cells: counts.map { Boundary.Cell(width: $0.0, networks: 400, trained: $0.1) })
        #expect(abs(log(fit.width) - 3.690_700_984) < 1e-7)
        #expect(abs(fit.scale / 0.235_782_41 - 1) < 1e-6)
        #expect(abs(fit.logStandardError / 0.006_010_200 - 1) < 1e-6)
        #expect(abs(fit.deviance - 9.479_256) < 1e-5 && fit.degreesOfFreedom == 5)
    }

    /// The standard error is honest: over 1,000 simulated experiments (200 binomial networks per
    /// width) the 95 % Wald interval μ̂ ± 1.96·se covers the true μ in 95 % ± 3.4 % of them
    /// (five binomial standard deviations of a 1,000-draw proportion: false failure ≲ 10⁻⁶, plus
    /// the asymptotic approximation's few tenths of a percent). Negative control: an interval half as
    /// wide covers far less than 95 %, so the test sees a standard error off by a factor 2.
    @Test func standardErrorCoversAtItsLevel() throws {
        var stream = RandomStream(seed: 2026_1207, stream: 0)
        var covered = 0, coveredByHalf = 0
        let replicates = 1000
        for _ in 0..<replicates {
            let cells = Self.widths.map { w -> Boundary.Cell in
                let p = Self.probability(w)
                return Boundary.Cell(width: w, networks: 200, trained: (0..<200).reduce(0) { k, _ in k + (stream.bernoulli(p) ? 1 : 0) })
            }
            let fit = try Boundary.halfTrainableWidth(depth: 32, cells: cells)
            let z = abs(log(fit.width) - Self.truth.mu) / fit.logStandardError
            if z <= 1.96 { covered += 1 }
            if z <= 0.98 { coveredByHalf += 1 }
        }
        let coverage = Double(covered) / Double(replicates)
        #expect(abs(coverage - 0.95) <= 0.034, "coverage \(coverage)")
        #expect(Double(coveredByHalf) / Double(replicates) < 0.8, "a halved standard error would have gone unnoticed")
    }

    /// A pure power law m½ = 3·L^0.8 has log–log slope and local slopes 0.8; the offset–power fit of
    /// a + b·L^p data returns (a, b, p) with χ² ≈ 0, while its log–log slope shows the bend below p.
    @Test func scalingFitsRecoverExactCurves() throws {
        let depths = [8, 16, 32, 64]
        let power = depths.map { Boundary.HalfTrainableWidth(depth: $0, width: 3 * pow(Double($0), 0.8), logStandardError: 0.01,
                                                              scale: 0.2, deviance: 0, degreesOfFreedom: 3) }
        let s = try Boundary.scaling(power)
        #expect(abs(s.logLogSlope - 0.8) < 1e-12 && s.localSlopes.allSatisfy { abs($0 - 0.8) < 1e-12 })
        // se = 1/√Σw(x − x̄)² with w = 10⁴ and x = ln 8 … ln 64: Σ(x − x̄)² = 5·(ln 2)².
        #expect(abs(s.logLogStandardError - 0.01 / (5.0.squareRoot() * log(2))) < 1e-12)
        let affine = depths.map { Boundary.HalfTrainableWidth(depth: $0, width: 1.5 + 0.49 * pow(Double($0), 1.05), logStandardError: 0.01,
                                                               scale: 0.2, deviance: 0, degreesOfFreedom: 3) }
        let fit = try #require(try Boundary.scaling(affine).offsetPower)
        #expect(abs(fit.offset - 1.5) < 1e-6 && abs(fit.coefficient - 0.49) < 1e-6 && abs(fit.exponent - 1.05) < 1e-6)
        #expect(fit.chiSquare < 1e-12)
        #expect(try Boundary.scaling(affine).logLogSlope < 1.0, "an offset bends the log–log slope below p")
        // Misfit widening: deviance/dof ≤ 1 leaves the fit alone; deviance/dof = 4 at every depth
        // scales every σ by 2, which leaves (a, b, p) and doubles their standard errors.
        #expect(try Boundary.scaling(affine).offsetPowerMisfitWidened == fit)
        let misfit = affine.map { var w = $0; w.deviance = 12; return w }
        let widened = try #require(try Boundary.scaling(misfit).offsetPowerMisfitWidened)
        #expect(abs(widened.exponent - 1.05) < 1e-6 && zip(widened.standardErrors, fit.standardErrors).allSatisfy { abs($0 / $1 - 2) < 1e-6 })
        #expect(try Boundary.scaling(misfit).offsetPower == fit)
        // The standard error of p matches the linearised covariance computed independently here.
        let sigma = affine.map { $0.width * 0.01 }
        var jtj = [[Double]](repeating: [0, 0, 0], count: 3)
        for (i, d) in depths.enumerated() {
            let lp = pow(Double(d), 1.05)
            let row = [1 / sigma[i], lp / sigma[i], 0.49 * lp * log(Double(d)) / sigma[i]]
            for j in 0..<3 { for k in 0..<3 { jtj[j][k] += row[j] * row[k] } }
        }
        let inverse = try Matrix(rows: 3, columns: 3) { jtj[$0][$1] }.inverse()
        let covariance = (0..<3).map { j in (0..<3).map { k in inverse[j, k] } }
        #expect(abs(fit.standardErrors[2] - covariance[2][2].squareRoot()) < 1e-6 * covariance[2][2].squareRoot())
        // The covariance is the inverse of JᵀJ.
        for j in 0..<3 {
            for k in 0..<3 {
                let product = (0..<3).map { jtj[j][$0] * covariance[$0][k] }.reduce(0, +)
                #expect(abs(product - (j == k ? 1 : 0)) < 1e-9)
            }
        }
    }

    /// Data that cannot give a boundary get an error that says why, not a number.
    @Test func unusableDataIsRejectedWithAReason() {
        let allTrained = Self.widths.map { Boundary.Cell(width: $0, networks: 50, trained: 50) }
        #expect { try Boundary.halfTrainableWidth(depth: 8, cells: allTrained) } throws: { error in
            "\(error)".contains("do not bracket the boundary")
        }
        #expect(throws: NumericsError.self) {
            try Boundary.halfTrainableWidth(depth: 8, cells: [Boundary.Cell(width: 5, networks: 10, trained: 11)])
        }
        let falling = [Boundary.Cell(width: 10, networks: 100, trained: 80), Boundary.Cell(width: 12, networks: 100, trained: 30)]
        #expect { try Boundary.halfTrainableWidth(depth: 8, cells: falling) } throws: { error in
            "\(error)".contains("falls with width")
        }
        let one = [Boundary.HalfTrainableWidth(depth: 8, width: 6, logStandardError: 0.01, scale: 0.2, deviance: 0, degreesOfFreedom: 1)]
        #expect(throws: NumericsError.self) { try Boundary.scaling(one) }
    }

    /// The registered experiment measures what its figures summarise: at the quick profile every
    /// depth's cells come out sorted by width with all networks counted.
    @Test func experimentCountsEveryNetwork() throws {
        let result = DeepLinearExperiments.phaseBoundary.run(profile: .quick, baseSeed: 3)
        let cells = DeepLinearExperiments.boundaryCells(result)
        let plan = DeepLinearExperiments.boundaryPlan(.quick)
        #expect(cells.keys.sorted() == plan.depths)
        for (depth, row) in cells {
            #expect(row.map(\.width) == DeepLinearExperiments.boundaryWidths[depth])
            #expect(row.allSatisfy { $0.networks == plan.networks })
        }
        // Narrow nets fail and wide ones mostly train: the widths bracket the boundary.
        #expect(cells[8]!.first!.fraction < 0.2 && cells[8]!.last!.fraction > 0.7)
    }

    /// The probit likelihood treats every network as independent, so no two cells of the grid may
    /// share a seed (with one teacher instance per network shared across widths, two deep runs'
    /// m½ at L = 64 differed by 4.4 of the fit's standard errors).
    @Test func everyNetworkHasItsOwnSeed() {
        for profile in [Profile.quick, .ci, .deep] {
            let cells = DeepLinearExperiments.phaseBoundary.cells(profile: profile, baseSeed: CheckSettings.defaultSeed)
            #expect(Set(cells.map(\.seed)).count == cells.count, "\(profile): cells share seeds")
        }
        // The detector sees sharing: seeding by (depth, network) alone repeats seeds across widths.
        var shared = DeepLinearExperiments.phaseBoundary
        shared.seedCoordinates = ["depth", "network"]
        let cells = shared.cells(profile: .quick, baseSeed: CheckSettings.defaultSeed)
        #expect(Set(cells.map(\.seed)).count < cells.count)
    }
}
