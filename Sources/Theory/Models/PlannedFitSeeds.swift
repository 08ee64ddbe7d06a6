import Foundation
import Numerics
import PropertyCheck

/// The seeds per sweep point of a fitted exponent: fixed at quick and ci, planned from a pilot at
/// deep. Shared by the fully-connected and convolutional NTK fits.
///
/// At quick and ci the profile's fixed count: the ci budget cannot reach the ±0.15 exponent target
/// for these fits (their claim files say by how much), so a plan would always stop at its ceiling.
/// At deep a ``SlopePlan`` from a pilot of ``pilotRepeats`` seeds per point (its own seed, so it
/// never enters the decision; a fit whose planned size is large may ask for a larger pilot) aims at
/// the deep target ±0.05 within `maximum` seeds and never plans fewer than `fixed`, the size at
/// which the check's negative controls were shown to be rejected.
enum PlannedFitSeeds {
    /// The seed of the deep profile's pilots: fixed, so every run of a check at deep (and its
    /// calibrated control) plans the same number of seeds, and never one of a run's own streams.
    static let pilotSeed: UInt64 = 0x434e_4e50_494c_4f54
    /// Pilot seeds per sweep point. With 4–6 points the pilot fit has ν ≈ 94–142 residual degrees of
    /// freedom, so its 0.999 upper bound on σ² over-plans by a factor of only ≈ 1.4–1.6 (a pilot of
    /// 8 per point would over-plan by ≈ 2.3–2.6).
    static let pilotRepeats = 24
    /// A larger pilot for fits that plan thousands of seeds per point: with 120 per point over five
    /// points (ν = 598) the 0.999 bound on σ² over-plans by ≈ 1.20 instead of ≈ 1.55 at 24
    /// (ν = 118), which saves far more networks than the pilot's 600 cost.
    static let largePilotRepeats = 120

    /// The seeds per point (and per initialisation) of the fit `name` over `points`, with a note for
    /// the report. `measure` returns the fit's measurements of one seed at one point (one per
    /// initialisation the fit pools); `pointName` names a point in the note ("width").
    static func seeds(_ name: String, settings: CheckSettings, points: [Int], pointName: String, fixed: Int, maximum: Int,
                      tolerance: Double = 0, pilotRepeats: Int = PlannedFitSeeds.pilotRepeats,
                      measure: @Sendable (_ point: Int, _ stream: inout RandomStream) throws -> [Double]) rethrows -> (seeds: Int, note: String) {
        let resolved = ResolvedSettings(name: name, settings: settings)
        guard resolved.profile == .deep else { return (fixed, "") }
        let runSeed = CheckSettings.runSeed(baseSeed: pilotSeed, checkName: name)
        let count = points.count * pilotRepeats
        let pilot = try independentRunsInParallel(count) { index -> Result<[Double], Error> in
            var stream = RandomStream(seed: runSeed, stream: UInt64(index))
            return Result { try measure(points[index / pilotRepeats], &stream) }
        }.map { try $0.get() }
        let pooled = pilot.first?.count ?? 1
        // A diverged pilot run (no finite positive measurement) cannot be fitted on log axes: take the
        // ceiling rather than guess the spread.
        guard pilot.allSatisfy({ $0.allSatisfy { $0.isFinite && $0 > 0 } }) else {
            return (maximum, "\(maximum) seeds per \(pointName): a pilot measurement was not finite and positive, so no plan")
        }
        let x = (0..<count).flatMap { index in Array(repeating: Double(points[index / pilotRepeats]), count: pooled) }
        let plan = SlopePlan(pilotX: x, pilotY: pilot.flatMap { $0 }, points: points.map(Double.init), tolerance: tolerance,
                             target: Resolution.standardTarget(for: .exponent, profile: .deep) ?? 0.05, alpha: resolved.alpha,
                             minimum: fixed * pooled, maximum: maximum * pooled)
        let seeds = (plan.repeatsPerPoint + pooled - 1) / pooled
        return (seeds, plan.description + (pooled > 1 ? " (\(pooled) initialisations per seed)" : ""))
    }

    /// The seeds per point of a planned fit's gross negative controls: the plan's floor `fixed` at
    /// every profile, with a note at deep. Each such control is a wrong model far from the claimed
    /// exponent (a mis-scaled kernel, a step beyond the stability limit, filters with another
    /// limit), shown rejected at the floor — which is why the plan never goes below it — so at a
    /// plan's thousands it would only repeat a foregone rejection at the cost of a whole fit. The
    /// calibrated control keeps the planned size: it tests the resolution the plan bought.
    static func negativeControlSeeds(_ name: String, settings: CheckSettings, fixed: Int) -> (seeds: Int, note: String) {
        (fixed, ResolvedSettings(name: name, settings: settings).profile == .deep ? "negative control at the plan's floor" : "")
    }
}
