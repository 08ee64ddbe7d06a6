import Foundation
import Numerics
import PropertyCheck
import Testing
@testable import Theory

/// The experiment behind NTK-CNN-EQUAL and NTK-CNN-CONSTANT (docs/THEORY.md §2b): its premises
/// (positive kernels, distinct limits), the readout kernel, determinism, and the sizes it shares
/// with the `ntk-cnn-error-vs-channels` sweep.
@Suite struct NTKConvolutionalExperimentTests {
    /// The claims divide by Θ_ij and use the distance between the full-filter and delta-orthogonal
    /// limits as a negative control: every entry must be positive, and the limits at least 0.3
    /// apart (relative, Frobenius) in both Θ and Σ, in the 1-D and the 2-D setting.
    @Test(arguments: [NTKConvolutionalExperiment.oneDimensional, .twoDimensional])
    func kernelsArePositiveAndTheLimitsDiffer(experiment: NTKConvolutionalExperiment) {
        let full = experiment.analyticKernels(.fullFilter), delta = experiment.analyticKernels(.deltaOrthogonal)
        #expect(full.ntk.storage.allSatisfy { $0 > 0.5 }, "Θ entries \(full.ntk.storage)")
        #expect(delta.ntk.storage.allSatisfy { $0 > 0.5 })
        let ntkGap = (full.ntk - delta.ntk).frobeniusNorm / full.ntk.frobeniusNorm
        let nngpGap = (full.nngp - delta.nngp).frobeniusNorm / full.nngp.frobeniusNorm
        #expect(ntkGap > 0.3 && nngpGap > 0.3, "limits differ by \(ntkGap) (Θ) and \(nngpGap) (Σ)")
        // The wrong-power recursion is far from the right one (the other negative control).
        let wrong = experiment.analyticKernels(.sigmaWFirstPower)
        #expect((wrong.ntk - full.ntk).frobeniusNorm / full.ntk.frobeniusNorm > 0.3)
    }

    /// The readout kernel is (σ_w²/D) z·z′ + σ_b², summed here entry by entry from the pooled
    /// features; and it is the readout weights' share of Θ̂ (Θ̂ minus every convolutional term),
    /// so Θ̂ − readout kernel must equal the NTK's convolutional part, which is positive on the diagonal.
    @Test func readoutKernelMatchesItsDefinition() {
        let e = NTKConvolutionalExperiment.oneDimensional
        var stream = RandomStream(seed: 0xC1_1001, stream: 0)
        let net = e.network(channels: 12, initialisation: .orthogonal, using: &stream)
        let pass = net.forward(e.inputs)
        let k = net.readoutKernel(pass)
        let z = pass.readoutFeatures
        let scale = net.sigmaW * net.sigmaW / Double(net.readoutDimension)
        for i in 0..<e.inputs.count {
            for j in 0..<e.inputs.count {
                var s = 0.0
                for c in 0..<z.columns { s += z[i, c] * z[j, c] }
                let expected = scale * s + net.sigmaB * net.sigmaB
                #expect(abs(k[i, j] - expected) <= 1e-13 * abs(expected), "entry (\(i), \(j)): \(k[i, j]) vs \(expected)")
            }
        }
        #expect(k == k.transposed)
        let theta = net.empiricalNTK(e.inputs)
        for i in 0..<e.inputs.count { #expect(theta[i, i] > k[i, i]) }
    }

    /// Same seed, same bits: a measurement and a training run repeated from equal streams.
    @Test func measurementsAreDeterministic() throws {
        let e = NTKConvolutionalExperiment.oneDimensional
        let reference = e.analyticKernels()
        for initialisation in ConvolutionalNetwork.Initialisation.allCases {
            var s1 = RandomStream(seed: 0xC1_1002, stream: 3), s2 = RandomStream(seed: 0xC1_1002, stream: 3)
            let a = e.measureInitialisation(channels: 16, initialisation: initialisation, reference: reference, using: &s1)
            let b = e.measureInitialisation(channels: 16, initialisation: initialisation, reference: reference, using: &s2)
            #expect(a == b)
            var s3 = RandomStream(seed: 0xC1_1003, stream: 1), s4 = RandomStream(seed: 0xC1_1003, stream: 1)
            let r1 = try e.trainingRun(channels: 16, initialisation: initialisation, stepFactor: 1, steps: 3, using: &s3)
            let r2 = try e.trainingRun(channels: 16, initialisation: initialisation, stepFactor: 1, steps: 3, using: &s4)
            #expect(r1 == r2)
        }
        // A different stream gives a different network (the comparison above is not vacuous).
        var s5 = RandomStream(seed: 0xC1_1002, stream: 4), s6 = RandomStream(seed: 0xC1_1002, stream: 3)
        #expect(e.measureInitialisation(channels: 16, initialisation: .gaussian, reference: reference, using: &s5)
                != e.measureInitialisation(channels: 16, initialisation: .gaussian, reference: reference, using: &s6))
    }

    /// The sizes are well formed at every profile, and `deep`'s figure reaches C ≥ 1024 on 2-D
    /// inputs (the figure and the claims read the same struct; at ci they share one grid).
    @Test func sizesAreWellFormed() {
        for profile in Profile.allCases {
            let sizes = NTKConvolutionalExperiment.Sizes(profile)
            #expect(sizes.channels == sizes.channels.sorted() && Set(sizes.channels).count >= 3 && sizes.channels.first! >= 1)
            #expect(sizes.trainingChannels == sizes.trainingChannels.sorted() && Set(sizes.trainingChannels).count >= 3)
            #expect(sizes.seeds >= 2 && sizes.meanSeeds >= 2 && sizes.trainingSeeds >= 2 && sizes.steps >= 1)
            #expect(sizes.maximumSeeds >= sizes.seeds && sizes.maximumTrainingSeeds >= sizes.trainingSeeds)
            // The training fits stay on the 1-D experiment at every profile (see `Sizes.init`).
            #expect(sizes.trainingExperiment.geometry.spatialShape.count == 1)
        }
        let deep = NTKConvolutionalExperiment.Sizes(.deep)
        #expect(deep.experiment.geometry.spatialShape.count == 2 && deep.figureChannels.last! >= 1024)
        let ci = NTKConvolutionalExperiment.Sizes(.ci)
        #expect(ci.figureChannels == ci.channels && ci.figureSeeds == ci.seeds)
        #expect(NTKConvolutionalExperiments.grid(.ci).count == 3 * ci.channels.count * ci.seeds)
        #expect(NTKConvolutionalExperiments.grid(.deep).count == 3 * deep.figureChannels.count * deep.figureSeeds)
    }

    /// The fits' seeds: the fixed count at ci (no pilot), a plan from the pilot at deep, between the
    /// fixed count and the ceiling, the same on every call (its own pilot seed), counted per
    /// initialisation when a fit pools two; the ceiling when a pilot run is not finite.
    @Test func deepFitsArePlanned() {
        let channels = [16, 32, 64, 128]
        @Sendable func law(_ c: Int, _ stream: inout RandomStream, spread: Double) -> Double {
            3 * Foundation.pow(Double(c), -0.5) * Foundation.exp(spread * stream.normal())
        }
        let ci = NTKConvolutionalExperiment.Sizes(.ci).fitSeeds("planned-fit", settings: CheckSettings(profile: .ci), channels: channels,
                                                               fixed: 48, maximum: 700) { c, s in [law(c, &s, spread: 0.7)] }
        #expect(ci.seeds == 48 && ci.note.isEmpty)

        let deep = NTKConvolutionalExperiment.Sizes(.deep), settings = CheckSettings(profile: .deep)
        let planned = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 100_000) { c, s in
            [law(c, &s, spread: 0.7)]
        }
        #expect(planned.note.contains("planned") && planned.note.contains("96-measurement pilot"), "\(planned.note)")
        // Residual sd 0.7 on four octaves at α = 1e-8: ±0.05 needs ≈ 5,300 per point for the true σ; the
        // 0.999 upper bound from ν = 94 scales that by σ_U²/σ² = 1.64·s²/σ² ∈ [0.74, 3.04] (χ²₉₄ at 10⁻⁶
        // and 1 − 10⁻⁶, scipy).
        #expect(planned.seeds > 3_900 && planned.seeds < 16_500, "\(planned)")
        let again = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 100_000) { c, s in
            [law(c, &s, spread: 0.7)]
        }
        #expect(again.seeds == planned.seeds)
        // Two initialisations per seed: about half the seeds each.
        let pooled = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 100_000) { c, s in
            [law(c, &s, spread: 0.7), law(c, &s, spread: 0.7)]
        }
        #expect(pooled.seeds > planned.seeds / 4 && pooled.seeds < planned.seeds && pooled.note.contains("2 initialisations"))
        // Clamped to [fixed, maximum].
        let capped = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 700) { c, s in
            [law(c, &s, spread: 0.7)]
        }
        #expect(capped.seeds == 700 && capped.note.contains("cannot reach"))
        let tight = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 700) { c, s in
            [law(c, &s, spread: 1e-3)]
        }
        #expect(tight.seeds == 48)
        let diverged = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 700) { c, s in
            [c == 64 ? .infinity : law(c, &s, spread: 0.7)]
        }
        #expect(diverged.seeds == 700 && diverged.note.contains("no plan"))
        // A larger pilot (120 per point, ν = 478) bounds σ more tightly: σ_U²/σ² = 1.23·s²/σ² lies in
        // [0.889, 1.648] with probability 1 − 2·10⁻⁶ (χ²₄₇₈, scipy), so the plan falls within
        // 5,301 × that = 4,714 … 8,736 per point (5,301: the exact need at σ = 0.7).
        let largePilot = deep.fitSeeds("planned-fit", settings: settings, channels: channels, fixed: 48, maximum: 100_000,
                                       pilotRepeats: PlannedFitSeeds.largePilotRepeats) { c, s in [law(c, &s, spread: 0.7)] }
        #expect(largePilot.note.contains("480-measurement pilot") && largePilot.seeds >= 4_714 && largePilot.seeds <= 8_736,
                "\(largePilot)")
    }

    /// NTK-CNN-EQUAL's deep rate fits plan from the large pilot up to a ceiling that their planned
    /// sizes (≈ 4,300–5,100 per channel count at the fixed pilot seed) do not reach.
    @Test func deepRateFitsUseTheLargePilot() {
        let deep = NTKConvolutionalExperiment.Sizes(.deep), ci = NTKConvolutionalExperiment.Sizes(.ci)
        #expect(deep.ratePilotRepeats == PlannedFitSeeds.largePilotRepeats && deep.maximumSeeds >= 6_000)
        #expect(ci.ratePilotRepeats == PlannedFitSeeds.pilotRepeats && ci.maximumSeeds == ci.seeds)
    }

    /// Gross negative controls run at the plan's floor at every profile; only deep says so.
    @Test func negativeControlsRunAtThePlansFloor() {
        let deep = PlannedFitSeeds.negativeControlSeeds("control", settings: CheckSettings(profile: .deep), fixed: 96)
        let ci = PlannedFitSeeds.negativeControlSeeds("control", settings: CheckSettings(profile: .ci), fixed: 48)
        #expect(deep.seeds == 96 && deep.note.contains("plan's floor"))
        #expect(ci.seeds == 48 && ci.note.isEmpty)
    }

    /// The fully-connected NTK fits share the planner: at ci their ceiling is their fixed count (no
    /// pilot runs, so the ci verdicts are those of fixed sizes), at deep they plan between the fixed
    /// count and a ceiling over their widths, and the report names widths.
    @Test func fullyConnectedFitsArePlannedOverWidths() {
        let ci = NTKClaims.Sizes.forProfile(.ci), deep = NTKClaims.Sizes.forProfile(.deep)
        #expect(ci.maximumSeeds == ci.seeds && ci.maximumTrainingSeeds == ci.trainingSeeds)
        #expect(deep.maximumSeeds > deep.seeds && deep.maximumTrainingSeeds > deep.trainingSeeds)
        @Sendable func law(_ n: Int, _ stream: inout RandomStream) -> Double {
            Foundation.pow(Double(n), -0.5) * Foundation.exp(0.4 * stream.normal())
        }
        let settings = CheckSettings(profile: .deep)
        let planned = PlannedFitSeeds.seeds("planned-width-fit", settings: settings, points: deep.widths, pointName: "width",
                                            fixed: deep.seeds, maximum: 100_000) { n, s in [law(n, &s)] }
        // Residual sd 0.4 at five widths an octave apart, α = 1e-8: ±0.05 needs 869 per width for the
        // true σ; the pilot's 0.999 upper bound (ν = 118) scales σ² by 1.55·s²/σ², which lies in
        // [0.50, 1.74] with probability 1 − 2·10⁻⁶ (χ²₁₁₈, scipy): 671 … 2,342 per width.
        #expect(planned.seeds >= 671 && planned.seeds <= 2_342 && planned.note.contains("120-measurement pilot"), "\(planned)")
        let diverged = PlannedFitSeeds.seeds("planned-width-fit", settings: settings, points: deep.widths, pointName: "width",
                                             fixed: deep.seeds, maximum: deep.maximumSeeds) { n, s in [n == 256 ? .nan : law(n, &s)] }
        #expect(diverged.seeds == deep.maximumSeeds && diverged.note.contains("seeds per width"), "\(diverged)")
    }
}
