import Foundation
import PropertyCheckStatistics

/// A sample size planned from a pilot so that a mean decision reaches a target resolution
/// (see ``Resolution``), within a budget.
///
/// The Student t decision on n draws with standard deviation σ resolves
/// δ(n) = (t_{n−1, 1−α/2} + z₀.₉₉·√(1 + t²/(2(n − 1))))·σ/√n. The pilot's σ is replaced by its
/// one-sided upper confidence bound σ_U = s·√((n_p − 1)/χ²_{n_p−1}(γ)) at confidence 1 − γ
/// (γ = 10⁻³), so the plan is not optimistic when the pilot happens to underestimate the spread;
/// n is the smallest size with δ(n) ≤ target at σ_U (found by doubling and bisection), clamped to
/// [minimum, maximum]. When even `maximum` cannot reach the target, the plan says so, and the check
/// reports its reached resolution against the target ("not reached") instead of passing quietly.
///
/// **α accounting.** The pilot's draws never enter the decision: the decision runs on n fresh draws
/// (other streams), and n depends only on the pilot. Conditionally on n the fresh draws are
/// i.i.d., so the decision's level is that of a fixed-n test, whatever the pilot saw
/// (`SamplePlanTests` checks the false-failure rate over 1,000 seeds and the reached resolution).
public struct SamplePlan: Sendable, Hashable, CustomStringConvertible {
    /// The planned number of draws for the decision.
    public var samples: Int
    /// The resolution planned for (same units as the estimate: relative targets are converted).
    public var target: Double
    /// The resolution the plan expects at `samples` with the pilot's upper bound on σ.
    public var expectedResolution: Double
    /// The pilot's size and its one-sided upper confidence bound on σ.
    public var pilotSize: Int
    /// σ_U: the one-sided 1 − 10⁻³ upper confidence bound on the standard deviation.
    public var standardDeviationBound: Double
    /// False when `maximum` draws cannot reach the target.
    public var reachable: Bool

    /// Confidence of the pilot's upper bound on σ.
    public static let planningConfidence = 0.999

    /// Plans from `pilot` (at least 10 draws, finite) for a decision at `alpha` that should resolve
    /// `target` in the estimate's units, using between `minimum` and `maximum` fresh draws.
    public init(pilot: [Double], target: Double, alpha: Double, minimum: Int = 2, maximum: Int) {
        require(pilot.count >= 10 && pilot.allSatisfy(\.isFinite),
                "SamplePlan: the pilot needs ≥ 10 finite draws, got \(pilot.count)")
        require(target > 0 && target.isFinite && alpha > 0 && alpha < 1 && minimum >= 2 && maximum >= minimum,
                "SamplePlan: target \(target), α \(alpha), minimum \(minimum), maximum \(maximum)")
        let n = Double(pilot.count)
        let mean = pilot.reduce(0, +) / n
        let s = (pilot.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let chi = ChiSquaredDistribution(degreesOfFreedom: n - 1).quantile(1 - Self.planningConfidence)
        let sigma = s * ((n - 1) / chi).squareRoot()
        func resolution(_ size: Int) -> Double { Self.resolution(samples: size, standardDeviation: sigma, alpha: alpha) }
        samples = Self.smallestSize(reaching: target, minimum: minimum, maximum: maximum, resolution: resolution)
        self.target = target
        expectedResolution = resolution(samples)
        pilotSize = pilot.count
        standardDeviationBound = sigma
        reachable = expectedResolution <= target
    }

    /// The smallest n in [minimum, maximum] with resolution(n) ≤ target (by doubling, then
    /// bisection; resolution must fall with n), or `maximum` when even that misses it.
    static func smallestSize(reaching target: Double, minimum: Int, maximum: Int, resolution: (Int) -> Double) -> Int {
        var hi = minimum
        while hi < maximum && resolution(hi) > target { hi = Swift.min(maximum, hi * 2) }
        var lo = Swift.max(minimum, hi / 2)
        if resolution(lo) <= target { hi = lo }
        while hi - lo > 1 {   // resolution(lo) > target ≥ resolution(hi), unless hi = maximum misses it
            let mid = (lo + hi) / 2
            if resolution(mid) <= target { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// δ(n) of a Student t mean decision at α for standard deviation σ (see the type).
    public static func resolution(samples n: Int, standardDeviation sigma: Double, alpha: Double) -> Double {
        let nu = Double(n - 1)
        let t = StudentTDistribution(degreesOfFreedom: nu).inverseSurvival(alpha / 2)
        let z = NormalDistribution().quantile(Resolution.standardPower)
        return (t + z * (1 + t * t / (2 * nu)).squareRoot()) * sigma / Double(n).squareRoot()
    }

    /// "planned 182,000 draws from a 2,000-draw pilot (σ ≤ 4.1) for resolution ≤ 0.16 (expected 0.159)".
    public var description: String {
        "planned \(samples) draws from a \(pilotSize)-draw pilot (σ ≤ \(formatNumber(standardDeviationBound)) at confidence "
            + "\(formatNumber(Self.planningConfidence))) for resolution ≤ \(formatNumber(target)) (expected \(formatNumber(expectedResolution)))"
            + (reachable ? "" : "; the budget cannot reach the target")
    }
}
