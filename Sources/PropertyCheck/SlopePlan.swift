import Foundation
import PropertyCheckStatistics

/// A number of measurements per sweep point, planned from a pilot fit so that a slope decision
/// (``StatisticalEvidence/slope(_:x:y:axes:assertions:alpha:detail:)``) reaches a target resolution
/// (see ``Resolution``), within a budget. The slope counterpart of ``SamplePlan``.
///
/// With n measurements at each of the k sweep points x₁ … x_k (on the fitted axes, so ln x for a
/// power law), least squares estimates the slope with standard error σ/√(n·S), S = Σ(x_i − x̄)²,
/// on ν = nk − 2 degrees of freedom, and its 1 − α t interval resolves
/// δ(n) = τ + (t_{ν, 1−α/2} + z₀.₉₉·√(1 + t²/(2ν)))·σ/√(n·S), τ the claim's allowance — the rule
/// ``Resolution/ofSlope(_:interval:assertions:alpha:scale:)`` applies to the fitted run. σ is the
/// pilot fit's residual standard deviation s replaced by its one-sided upper confidence bound
/// s·√(ν_p/χ²_{ν_p}(γ)) (ν_p = pilot size − 2, γ = 10⁻³, as ``SamplePlan``), and n is the smallest
/// count with δ(n) ≤ target, clamped to [minimum, maximum]; when `maximum` misses the target the
/// plan says so.
///
/// **α accounting.** As for ``SamplePlan``: the pilot's measurements never enter the decision (they
/// come from their own seed), so conditionally on n the decision is a fixed-size test at α
/// (`SlopePlanTests` checks the false-failure rate and the reached resolution by simulation).
public struct SlopePlan: Sendable, Hashable, CustomStringConvertible {
    /// The planned number of measurements at every sweep point.
    public var repeatsPerPoint: Int
    /// The resolution planned for (in the slope's units).
    public var target: Double
    /// The resolution the plan expects at `repeatsPerPoint` with the pilot's upper bound on σ.
    public var expectedResolution: Double
    /// The pilot's number of measurements.
    public var pilotSize: Int
    /// σ_U: the one-sided 1 − 10⁻³ upper confidence bound on the residual standard deviation.
    public var residualStandardDeviationBound: Double
    /// False when `maximum` repeats per point cannot reach the target.
    public var reachable: Bool

    /// Plans from a pilot fit of `pilotY` against `pilotX` (at least 3 distinct x, 12 measurements,
    /// all usable on `axes`) for a decision on the sweep `points` (raw x values, as the check will
    /// measure them) at `alpha` with allowance `tolerance`, using between `minimum` and `maximum`
    /// measurements per point.
    public init(pilotX: [Double], pilotY: [Double], axes: SlopeAxes = .logLog, points: [Double], tolerance: Double = 0,
                target: Double, alpha: Double, minimum: Int = 2, maximum: Int) {
        let usable = { (v: Double) in v.isFinite && (axes == .linear || v > 0) }
        require(pilotX.count == pilotY.count && pilotY.count >= 12 && Set(pilotX).count >= 3
                    && pilotX.allSatisfy(usable) && pilotY.allSatisfy(usable),
                "SlopePlan: the pilot needs ≥ 12 usable measurements at ≥ 3 distinct x, got \(pilotY.count) at \(Set(pilotX).count)")
        require(points.count >= 2 && Set(points).count == points.count && points.allSatisfy(usable),
                "SlopePlan: the sweep needs ≥ 2 distinct usable points, got \(points)")
        require(target > 0 && target.isFinite && tolerance >= 0 && alpha > 0 && alpha < 1 && minimum >= 1 && maximum >= minimum,
                "SlopePlan: target \(target), tolerance \(tolerance), α \(alpha), minimum \(minimum), maximum \(maximum)")
        let transform: (Double) -> Double = axes == .logLog ? { Foundation.log($0) } : { $0 }
        // The fit cannot fail: x has ≥ 3 distinct finite values.
        let fit = try! Statistics.linearRegression(x: pilotX.map(transform), y: pilotY.map(transform))
        let nu = Double(fit.degreesOfFreedom)
        let chi = ChiSquaredDistribution(degreesOfFreedom: nu).quantile(1 - SamplePlan.planningConfidence)
        let sigma = fit.residualVariance.squareRoot() * (nu / chi).squareRoot()
        let x = points.map(transform)
        let spread = { let m = x.reduce(0, +) / Double(x.count); return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } }()
        func resolution(_ n: Int) -> Double {
            Self.resolution(repeatsPerPoint: n, points: x.count, spread: spread, residualStandardDeviation: sigma,
                            tolerance: tolerance, alpha: alpha)
        }
        // At least two points' worth of measurements, so the decision has ν ≥ 1.
        let floor = Swift.max(minimum, x.count > 2 ? 1 : 2)
        repeatsPerPoint = SamplePlan.smallestSize(reaching: target, minimum: floor, maximum: Swift.max(maximum, floor),
                                                  resolution: resolution)
        self.target = target
        expectedResolution = resolution(repeatsPerPoint)
        pilotSize = pilotY.count
        residualStandardDeviationBound = sigma
        reachable = expectedResolution <= target
    }

    /// δ(n) of the slope decision (see the type) with n measurements at each of `points` sweep
    /// points whose fitted-axis values have Σ(x_i − x̄)² = `spread`.
    public static func resolution(repeatsPerPoint n: Int, points k: Int, spread: Double, residualStandardDeviation sigma: Double,
                                  tolerance tau: Double = 0, alpha: Double) -> Double {
        let nu = Double(n * k - 2)
        let t = StudentTDistribution(degreesOfFreedom: nu).inverseSurvival(alpha / 2)
        let z = NormalDistribution().quantile(Resolution.standardPower)
        let se = sigma / (Double(n) * spread).squareRoot()
        return tau + (t + z * (1 + t * t / (2 * nu)).squareRoot()) * se
    }

    /// "planned 310 per point from a 60-measurement pilot (residual σ ≤ 0.71 at confidence 0.999)
    /// for resolution ≤ 0.15 (expected 0.149)".
    public var description: String {
        "planned \(repeatsPerPoint) per point from a \(pilotSize)-measurement pilot (residual σ ≤ "
            + "\(formatNumber(residualStandardDeviationBound)) at confidence \(formatNumber(SamplePlan.planningConfidence))) "
            + "for resolution ≤ \(formatNumber(target)) (expected \(formatNumber(expectedResolution)))"
            + (reachable ? "" : "; the budget cannot reach the target")
    }
}
