import Foundation
import Numerics
import PropertyCheck
import Testing

/// Planned repeats for slope decisions: the plan's resolution formula is the harness's, the plan
/// reaches its target, the two-stage decision keeps its level, and a budget that cannot reach the
/// target says so.
@Suite struct SlopePlanTests {
    /// The sweep of every test here: a power law y = 3·x^−½ with log-normal scatter of sd 0.7 on
    /// four octaves, the shape of the convolutional rate fits.
    static let points: [Double] = [16, 32, 64, 128]
    static let scatter = 0.7

    static func measurements(repeats: Int, exponent: Double = -0.5, using stream: inout RandomStream) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        for point in points {
            for _ in 0..<repeats {
                x.append(point)
                y.append(3 * Foundation.pow(point, exponent) * Foundation.exp(stream.normal(mean: 0, standardDeviation: scatter)))
            }
        }
        return (x, y)
    }

    /// A pilot of 10 per point on its own streams, then the decision on the planned repeats.
    static func twoStage(seed: UInt64, alpha: Double, target: Double,
                         assertions: [ScalingEvidence.Assertion]) throws -> (plan: SlopePlan, evidence: StatisticalEvidence) {
        var pilotStream = RandomStream(seed: seed, stream: 1 << 40)
        let pilot = measurements(repeats: 10, using: &pilotStream)
        let plan = SlopePlan(pilotX: pilot.x, pilotY: pilot.y, points: points, target: target, alpha: alpha, maximum: 100_000)
        var stream = RandomStream(seed: seed, stream: 0)
        let data = measurements(repeats: plan.repeatsPerPoint, using: &stream)
        return (plan, try StatisticalEvidence.slope("y ∝ x^b", x: data.x, y: data.y, assertions: assertions, alpha: alpha))
    }

    /// The plan's δ(n), evaluated at a fitted run's own residual sd, is the resolution the harness
    /// reports for that run (with an allowance, so τ is counted once).
    @Test func resolutionFormulaIsTheHarnessRule() throws {
        var stream = RandomStream(seed: 7, stream: 0)
        let data = Self.measurements(repeats: 23, using: &stream)
        let evidence = try StatisticalEvidence.slope("y ∝ x^b", x: data.x, y: data.y,
                                                     assertions: [.consistentWith(exponent: -0.5, tolerance: 0.3)], alpha: 1e-8)
        let fit = try Statistics.linearRegression(x: data.x.map { Foundation.log($0) }, y: data.y.map { Foundation.log($0) })
        let logs = Self.points.map { Foundation.log($0) }
        let mean = logs.reduce(0, +) / 4
        let predicted = SlopePlan.resolution(repeatsPerPoint: 23, points: 4, spread: logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) },
                                             residualStandardDeviation: fit.residualVariance.squareRoot(), tolerance: 0.3, alpha: 1e-8)
        let reported = try #require(evidence.resolution?.value)
        // The harness's interval is taken at confidence 1 − α, a double in which α = 1e-8 keeps only
        // ~8 significant digits, so the two t quantiles agree to ~1e-10, not to the last bit.
        #expect(Swift.abs(predicted - reported) <= 1e-9 * reported, "plan \(predicted), harness \(reported)")
        // A wrong spread (the sweep on linear instead of log axes) does not match.
        let linearSpread = SlopePlan.resolution(repeatsPerPoint: 23, points: 4, spread: 8960, residualStandardDeviation: 0.7, alpha: 1e-8)
        #expect(Swift.abs(linearSpread - reported) > 0.1 * reported)
    }

    /// With the residual σ bounded from above at confidence 0.999, the realised resolution exceeds
    /// the target in at most a handful of 300 runs (the decision's own s fluctuates by ≈ 1/√(2ν)).
    @Test func plannedRepeatsReachTheTarget() throws {
        var misses = 0
        var plans: [Int] = []
        for seed in 0..<300 {
            let (plan, evidence) = try Self.twoStage(seed: UInt64(seed), alpha: 1e-3, target: 0.15,
                                                     assertions: [.consistentWith(exponent: -0.5, tolerance: 0)])
            if try #require(evidence.resolution?.value) > plan.target { misses += 1 }
            plans.append(plan.repeatsPerPoint)
            #expect(plan.reachable)
        }
        print("slope plan: \(plans.min()!)…\(plans.max()!) per point planned, target missed in \(misses)/300 runs")
        #expect(misses <= 3)
        // Nor wasteful beyond its stated caution: with ν_p = 38, σ_U² = s²·38/χ²₃₈(0.001) = 2.29·s², and
        // s²/σ² ~ χ²₃₈/38 lies in [0.257, 2.49] in all 300 pilots but with probability 6·10⁻⁴ (its
        // 10⁻⁶ and 1 − 10⁻⁶ quantiles, scipy), so σ_U²/σ² ∈ [0.588, 5.69]: the repeats, about ∝ σ_U²,
        // lie within [0.55, 5.8] × the repeats the true σ needs (t shrinks a little with n; plus
        // one for rounding up).
        let logs = Self.points.map { Foundation.log($0) }
        let mean = logs.reduce(0, +) / 4
        let spread = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        var exact = 1
        while SlopePlan.resolution(repeatsPerPoint: exact, points: 4, spread: spread, residualStandardDeviation: Self.scatter,
                                   alpha: 1e-3) > 0.15 { exact += 1 }
        #expect(plans.allSatisfy { Double($0) <= 5.8 * Double(exact) + 1 && Double($0) >= 0.55 * Double(exact) },
                "plans \(plans.min()!)…\(plans.max()!) against \(exact) for the true σ")
    }

    /// The pilot never enters the decision: over 1,000 seeds at α = 0.05 a true exponent is rejected
    /// at the stated rate (within Binomial(1000, 0.05)'s two-sided 1 − 10⁻⁶ acceptance region).
    @Test func twoStageDecisionKeepsItsLevel() throws {
        var failures = 0
        for seed in 0..<1_000 where try !Self.twoStage(seed: UInt64(seed) + 10_000, alpha: 0.05, target: 0.3,
                                                        assertions: [.consistentWith(exponent: -0.5, tolerance: 0)]).evidence.consistent {
            failures += 1
        }
        let region = BinomialDistribution(trials: 1_000, probability: 0.05).acceptanceRegion(alpha: 1e-6)
        #expect(region.contains(failures), "\(failures) false failures; expected within \(region)")
    }

    @Test func anUnreachableTargetIsReported() {
        var stream = RandomStream(seed: 3, stream: 0)
        let pilot = Self.measurements(repeats: 10, using: &stream)
        let plan = SlopePlan(pilotX: pilot.x, pilotY: pilot.y, points: Self.points, target: 1e-4, alpha: 1e-8, maximum: 500)
        #expect(plan.repeatsPerPoint == 500 && !plan.reachable)
        #expect(plan.description.contains("the budget cannot reach the target"))
        let easy = SlopePlan(pilotX: pilot.x, pilotY: pilot.y, points: Self.points, target: 100, alpha: 1e-8, minimum: 7, maximum: 500)
        #expect(easy.repeatsPerPoint == 7 && easy.reachable)
    }
}
