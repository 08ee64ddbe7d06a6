import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension NTKClaims {
    /// Step size of the training checks, as a multiple of 1/λ_max(Θ̂₀): below the stability limit 2.
    public static let smallStepFactor = 1.0
    /// The negative control's step: beyond 2/λ_max (the "catapult" range of Lewkowycz et al. 2020),
    /// where the kernel must move by O(1).
    public static let largeStepFactor = 7.0

    /// NTK-CONSTANT: during gradient descent at η < 2/λ_max the NTK stays constant as the width
    /// grows, for both initialisations at comparable rates, and the outputs follow the linearised
    /// dynamics (Huang, Du & Xu, arXiv 2004.05867, Thm 2 and §4; Lee et al., NeurIPS 2019, Thm 2.1
    /// for the Gaussian case). Checked as (1) ‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F ∝ n^b with b ≤ −½ not ruled
    /// out (and b < 0) for each initialisation, (2) max_t ‖f_t − f_t^lin‖/‖f₀ − y‖ with the same
    /// law, (3) orthogonal/Gaussian kernel change within a factor 4 ("same order") at every width
    /// (Welch on log changes). Negative control: η = 7/λ_max, where the kernel moves by O(1) at
    /// every width so the fitted exponent is ≈ 0.
    ///
    /// Resolution against the standing ±0.15 exponent target (not reached at ci): the three fits
    /// resolve about ±0.32, ±0.30 and ±0.25 (48 training runs at each of 5 widths), so ±0.15 needs
    /// about 3–5× the runs — 40–80 s more per run, beyond the ci minute. The deep profile plans its
    /// runs per width from a pilot (``PlannedFitSeeds``) towards ±0.05 and reaches it: at the default
    /// seed 1,823, 1,258 and 2 × 924 runs at each of 32–1024 resolve ±0.037, ±0.045 and ±0.041
    /// (1,935 s on two idle cores). The claim is one-sided (b ≤ −½), and a
    /// kernel that moves by O(1) (exponent 0, the large-step control) is rejected at ci.
    public static let constant = Claim(
        id: "NTK-CONSTANT", family: family, theorySection: theorySection,
        citation: "Huang, Du & Xu, IJCAI 2021 (arXiv 2004.05867), Thm 2 & §4; Lee et al., NeurIPS 2019, Thm 2.1",
        statement: "GD at η < 2/λ_max: relative NTK change and distance to the linearised dynamics fall like n^−½ (or faster) for both inits, at the same order",
        kind: .scalingLaw, keyNumberSeeds: [0x4e54_4b43],
        keyNumbers: {
            var stream = RandomStream(seed: 0x4e54_4b43, stream: 0)
            let g = try experiment.trainingRun(width: 64, initialisation: .gaussian, stepFactor: smallStepFactor, steps: 50, using: &stream)
            let o = try experiment.trainingRun(width: 64, initialisation: .orthogonal, stepFactor: smallStepFactor, steps: 50, using: &stream)
            return [
                .vector("Gaussian, width 64, 50 steps at η = 1/λ_max: kernel change, linearisation gap", [g.relativeKernelChange, g.linearisationGap],
                        .relative(1e-8), reason: "50 GD steps amplify GEMM/QR rounding (≈ 1e-13) mildly; a changed update or kernel moves them by O(1)"),
                .vector("orthogonal, width 64, 50 steps at η = 1/λ_max: kernel change, linearisation gap", [o.relativeKernelChange, o.linearisationGap],
                        .relative(1e-8), reason: "as above"),
            ]
        }
    ) { settings in constantChecks(settings) }

    /// The exponent decision of the kernel-change and linearisation checks: b ≤ −½ is not ruled
    /// out (the quantity falls at least like n^−½) and b < 0 is shown.
    static let constantAssertions: [ScalingEvidence.Assertion] = [.atMost(exponent: -0.5), .below(exponent: 0)]

    static func constantChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sizes = Sizes.forProfile(ResolvedSettings(name: "NTK-CONSTANT", settings: settings).profile)
        let e = experiment

        @Sendable func runs(_ initialisation: FullyConnectedNetwork.Initialisation, stepFactor: Double, seeds: Int,
                            _ context: StatisticalContext) throws -> [(width: Double, run: NTKExperiment.TrainingMeasurement)] {
            let widths = sizes.trainingWidths.flatMap { Array(repeating: $0, count: seeds) }
            let results = try measurementsInParallel(widths.count, context) { k, stream in
                try e.trainingRun(width: widths[k], initialisation: initialisation, stepFactor: stepFactor, steps: sizes.steps, using: &stream)
            }
            return zip(widths, results).map { (Double($0), $1) }
        }
        @Sendable func kernelChangeLaw(_ initialisation: FullyConnectedNetwork.Initialisation, stepFactor: Double,
                                       seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            let data = try runs(initialisation, stepFactor: stepFactor, seeds: seeds.seeds, context)
            return try StatisticalEvidence.slope(
                "‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F ∝ n^b (\(initialisation), \(sizes.steps) steps at η = \(stepFactor)/λ_max)",
                x: data.map(\.width), y: data.map(\.run.relativeKernelChange), assertions: constantAssertions,
                alpha: context.alpha, detail: "\(seeds.seeds) seeds per width" + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        /// The seeds per width of one training fit: fixed at quick and ci, planned at deep
        /// (``PlannedFitSeeds``) from the measurements `measure` takes of one training run per initialisation.
        func plannedSeeds(_ name: String, _ initialisations: [FullyConnectedNetwork.Initialisation],
                          measure: @escaping @Sendable (NTKExperiment.TrainingMeasurement) -> Double) throws -> (seeds: Int, note: String) {
            try PlannedFitSeeds.seeds(name, settings: settings, points: sizes.trainingWidths, pointName: "width", fixed: sizes.trainingSeeds,
                                      maximum: sizes.maximumTrainingSeeds) { width, stream in
                try initialisations.map {
                    measure(try e.trainingRun(width: width, initialisation: $0, stepFactor: smallStepFactor, steps: sizes.steps, using: &stream))
                }
            }
        }
        let control = "η = \(Int(largeStepFactor))/λ_max (beyond the 2/λ_max stability limit)"
        // The large-step controls run at the plan's floor (``PlannedFitSeeds/negativeControlSeeds``).
        let controlSeeds = PlannedFitSeeds.negativeControlSeeds("NTK-CONSTANT", settings: settings, fixed: sizes.trainingSeeds)
        let gaussianSeeds = Result { try plannedSeeds("NTK-CONSTANT/gaussian", [.gaussian]) { $0.relativeKernelChange } }
        let gaussian = PropertyCheck.statistical(
            "NTK-CONSTANT/gaussian", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) {
                try kernelChangeLaw(.gaussian, stepFactor: largeStepFactor, seeds: controlSeeds, $0)
            }]
        ) { try kernelChangeLaw(.gaussian, stepFactor: smallStepFactor, seeds: try gaussianSeeds.get(), $0) }
        let orthogonalSeeds = Result { try plannedSeeds("NTK-CONSTANT/orthogonal", [.orthogonal]) { $0.relativeKernelChange } }
        let orthogonal = PropertyCheck.statistical(
            "NTK-CONSTANT/orthogonal", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) {
                try kernelChangeLaw(.orthogonal, stepFactor: largeStepFactor, seeds: controlSeeds, $0)
            }]
        ) { try kernelChangeLaw(.orthogonal, stepFactor: smallStepFactor, seeds: try orthogonalSeeds.get(), $0) }

        @Sendable func linearised(stepFactor: Double, seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            let data = try runs(.gaussian, stepFactor: stepFactor, seeds: seeds.seeds, context)
                + runs(.orthogonal, stepFactor: stepFactor, seeds: seeds.seeds, context)
            return try StatisticalEvidence.slope(
                "max_t ‖f_t − f_t^lin‖/‖f₀ − y‖ ∝ n^b (both inits, η = \(stepFactor)/λ_max)",
                x: data.map(\.width), y: data.map(\.run.linearisationGap), assertions: constantAssertions,
                alpha: context.alpha, detail: "\(2 * seeds.seeds) seeds per width" + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        let trackingSeeds = Result { try plannedSeeds("NTK-CONSTANT/linearised", [.gaussian, .orthogonal]) { $0.linearisationGap } }
        let tracking = PropertyCheck.statistical(
            "NTK-CONSTANT/linearised", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) { try linearised(stepFactor: largeStepFactor, seeds: controlSeeds, $0) }]
        ) { try linearised(stepFactor: smallStepFactor, seeds: try trackingSeeds.get(), $0) }

        // "Same order": the orthogonal/Gaussian ratio of kernel changes within a factor 4 at every width.
        let ratio = PropertyCheck.statistical("NTK-CONSTANT/ratio", settings: settings) { context in
            let g = try runs(.gaussian, stepFactor: smallStepFactor, seeds: sizes.trainingSeeds, context)
            let o = try runs(.orthogonal, stepFactor: smallStepFactor, seeds: sizes.trainingSeeds, context)
            let perWidth = { (data: [(width: Double, run: NTKExperiment.TrainingMeasurement)]) -> [[Double]] in
                (0..<sizes.trainingSeeds).map { s in
                    sizes.trainingWidths.indices.map { w in Foundation.log(data[w * sizes.trainingSeeds + s].run.relativeKernelChange) }
                }
            }
            return try StatisticalEvidence.meansAgreeWithinAllowance(
                "ln(orthogonal/Gaussian kernel change) = 0 ± ln 4", perWidth(o), perWidth(g),
                labels: sizes.trainingWidths.map { "n = \($0)" }, allowance: Foundation.log(4.0), alpha: context.alpha)
        }
        return [gaussian, orthogonal, tracking, ratio]
    }
}
