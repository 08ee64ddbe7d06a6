import Foundation
import Numerics
import PropertyCheck

extension NTKConvolutionalExperiment.Sizes {
    /// The seed of the deep profile's pilots: fixed, so every run of a check at deep (and its
    /// calibrated control) plans the same number of seeds, and never one of a run's own streams.
    static let pilotSeed: UInt64 = 0x434e_4e50_494c_4f54
    /// Pilot seeds per channel count. With 4–5 channel counts the pilot fit has ν ≈ 94–118 residual
    /// degrees of freedom, so its 0.999 upper bound on σ² over-plans by a factor of only ≈ 1.5–1.6
    /// (a pilot of 8 per count would over-plan by ≈ 2.3–2.6).
    static let pilotRepeats = 24

    /// The seeds per channel count (and per initialisation) of one convergence-rate or training
    /// fit, with a note for the report.
    ///
    /// At quick and ci the profile's fixed count `fixed`: the ci budget cannot reach the ±0.15
    /// exponent target (the claim files say by how much), so a plan would always stop at its
    /// ceiling. At deep a ``SlopePlan`` from a pilot of ``pilotRepeats`` seeds per channel count
    /// (its own seed, so it never enters the decision) aims at the deep target ±0.05 within
    /// `maximum` seeds and never plans fewer than `fixed`, the size at which the check's negative
    /// controls were shown to be rejected. `measure` returns the fit's measurements of one seed
    /// (one per initialisation the fit pools).
    func fitSeeds(_ name: String, settings: CheckSettings, channels: [Int], fixed: Int, maximum: Int, tolerance: Double = 0,
                  measure: @Sendable (_ channels: Int, _ stream: inout RandomStream) throws -> [Double]) rethrows -> (seeds: Int, note: String) {
        let resolved = ResolvedSettings(name: name, settings: settings)
        guard resolved.profile == .deep else { return (fixed, "") }
        let pilotSeed = CheckSettings.runSeed(baseSeed: Self.pilotSeed, checkName: name)
        let count = channels.count * Self.pilotRepeats
        let pilot = try independentRunsInParallel(count) { index -> Result<[Double], Error> in
            var stream = RandomStream(seed: pilotSeed, stream: UInt64(index))
            return Result { try measure(channels[index / Self.pilotRepeats], &stream) }
        }.map { try $0.get() }
        let pooled = pilot.first?.count ?? 1
        // A diverged pilot run (no finite positive measurement) cannot be fitted on log axes: take the
        // ceiling rather than guess the spread.
        guard pilot.allSatisfy({ $0.allSatisfy { $0.isFinite && $0 > 0 } }) else {
            return (maximum, "\(maximum) seeds per channel count: a pilot measurement was not finite and positive, so no plan")
        }
        let x = (0..<count).flatMap { index in Array(repeating: Double(channels[index / Self.pilotRepeats]), count: pooled) }
        let plan = SlopePlan(pilotX: x, pilotY: pilot.flatMap { $0 }, points: channels.map(Double.init), tolerance: tolerance,
                             target: Resolution.standardTarget(for: .exponent, profile: .deep) ?? 0.05, alpha: resolved.alpha,
                             minimum: fixed * pooled, maximum: maximum * pooled)
        let seeds = (plan.repeatsPerPoint + pooled - 1) / pooled
        return (seeds, plan.description + (pooled > 1 ? " (\(pooled) initialisations per seed)" : ""))
    }
}
