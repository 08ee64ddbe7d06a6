import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension NTKClaims {
    /// NTK-CNN-CONSTANT: during full-batch gradient descent at η = 1/λ_max(Θ̂₀) (below the stability
    /// limit 2/λ_max) the empirical NTK of a convolutional network stays constant as the channel
    /// count C grows, for Gaussian and orthogonal filters (Huang, Du & Xu, arXiv 2004.05867, Thm 2,
    /// stated for CNNs too; Lee et al., NeurIPS 2019, Thm 2.1 for the Gaussian case). Checked on
    /// ``NTKConvolutionalExperiment/Sizes`` as (1, 2) ‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F ∝ C^b with b ≤ −½ not
    /// ruled out and b < 0 shown, per initialisation, after T steps; (3) the same law for the
    /// distance max_t ‖f_t − f_t^lin‖/‖f₀ − y‖ to the linearised dynamics (both initialisations).
    /// Negative control: η = 7/λ_max (``largeStepFactor``, beyond the stability limit), where the
    /// kernel moves by O(1) at every C (measured ≈ 0.87 from C = 16 to 128), so the fitted exponent is
    /// ≈ 0 and b < 0 cannot be shown.
    ///
    /// Resolution against the standing ±0.15 exponent target (not reached at ci, reached at deep):
    /// the fits resolve about ±0.54 to ±0.59 at ci (training runs are the costliest measurement of
    /// the suite), so ±0.15 needs about 13–15× the runs per channel count, beyond the ci minute; an
    /// exponent of 0 (a kernel that moves by O(1)) is still rejected. At deep each fit plans its
    /// seeds from a pilot (``NTKConvolutionalExperiment/Sizes/fitSeeds``) towards ±0.05 on the 1-D
    /// experiment, within 9,000 per channel count and initialisation, and reaches it: ±0.040,
    /// ±0.039 and ±0.040 at the default seed (9,000, 9,000 and 2 × 3,185 runs per channel count;
    /// 738 s on two idle cores). The 2-D experiment, whose training changes spread more, resolved
    /// ±0.82–0.86 with 32 seeds; ±0.05 there would take about 290× those runs, a day or more on two cores.
    public static let cnnConstant = Claim(
        id: "NTK-CNN-CONSTANT", family: family, theorySection: "§2b",
        citation: "Huang, Du & Xu, IJCAI 2021 (arXiv 2004.05867), Thm 2 (CNN case); Lee et al., NeurIPS 2019, Thm 2.1",
        statement: "CNN, GD at η = 1/λ_max: relative NTK change and distance to the linearised dynamics fall like C^−½ (or faster) for Gaussian and orthogonal filters",
        kind: .scalingLaw, keyNumberSeeds: [0x434e_4e43],
        keyNumbers: {
            let e = NTKConvolutionalExperiment.oneDimensional
            var stream = RandomStream(seed: 0x434e_4e43, stream: 0)
            let g = try e.trainingRun(channels: 32, initialisation: .gaussian, stepFactor: smallStepFactor, steps: 20, using: &stream)
            let o = try e.trainingRun(channels: 32, initialisation: .orthogonal, stepFactor: smallStepFactor, steps: 20, using: &stream)
            return [
                .vector("Gaussian, C = 32, 20 steps at η = 1/λ_max: kernel change, linearisation gap, loss ratio",
                        [g.relativeKernelChange, g.linearisationGap, g.lossRatio],
                        .relative(1e-8), reason: "20 GD steps amplify GEMM/QR rounding (≈ 1e-13) mildly; a changed update or kernel moves them by O(1)"),
                .vector("orthogonal, C = 32, 20 steps at η = 1/λ_max: kernel change, linearisation gap, loss ratio",
                        [o.relativeKernelChange, o.linearisationGap, o.lossRatio],
                        .relative(1e-8), reason: "as above"),
            ]
        }
    ) { settings in cnnConstantChecks(settings) }

    static func cnnConstantChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sizes = NTKConvolutionalExperiment.Sizes(ResolvedSettings(name: "NTK-CNN-CONSTANT", settings: settings).profile)

        let e = sizes.trainingExperiment

        /// `seeds` training runs per channel count of each of `initialisations`: run k of the fit uses
        /// stream k of the context (initialisation-major, then channel count), on both cores.
        @Sendable func runs(_ initialisations: [ConvolutionalNetwork.Initialisation], stepFactor: Double, seeds: Int,
                            _ context: StatisticalContext) throws -> [(channels: Double, run: NTKExperiment.TrainingMeasurement)] {
            let cells = initialisations.flatMap { i in sizes.trainingChannels.flatMap { c in Array(repeating: (i, c), count: seeds) } }
            let results = try measurementsInParallel(cells.count, context) { k, stream in
                try e.trainingRun(channels: cells[k].1, initialisation: cells[k].0, stepFactor: stepFactor, steps: sizes.steps, using: &stream)
            }
            return zip(cells, results).map { (Double($0.0.1), $0.1) }
        }
        /// The seeds of one training fit: fixed at quick and ci, planned at deep (``NTKConvolutionalExperiment/Sizes/fitSeeds``).
        func plannedSeeds(_ name: String, _ initialisations: [ConvolutionalNetwork.Initialisation], fixed: Int,
                          _ measurement: @escaping @Sendable (NTKExperiment.TrainingMeasurement) -> Double) throws -> (seeds: Int, note: String) {
            try sizes.fitSeeds(name, settings: settings, channels: sizes.trainingChannels, fixed: fixed,
                               maximum: sizes.maximumTrainingSeeds) { c, stream in
                try initialisations.map {
                    measurement(try e.trainingRun(channels: c, initialisation: $0, stepFactor: smallStepFactor, steps: sizes.steps, using: &stream))
                }
            }
        }
        @Sendable func kernelChangeLaw(_ initialisation: ConvolutionalNetwork.Initialisation, stepFactor: Double,
                                       seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            let data = try runs([initialisation], stepFactor: stepFactor, seeds: seeds.seeds, context)
            return try StatisticalEvidence.slope(
                "‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F ∝ C^b (\(initialisation), \(sizes.steps) steps at η = \(stepFactor)/λ_max)",
                x: data.map(\.channels), y: data.map(\.run.relativeKernelChange), assertions: constantAssertions,
                alpha: context.alpha, detail: "\(seeds.seeds) seeds per channel count" + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        let control = "η = \(Int(largeStepFactor))/λ_max (beyond the 2/λ_max stability limit)"
        // The large-step controls run at the plan's floor (``PlannedFitSeeds/negativeControlSeeds``).
        let controlSeeds = PlannedFitSeeds.negativeControlSeeds("NTK-CNN-CONSTANT", settings: settings, fixed: sizes.trainingSeeds)
        let pooledControlSeeds = PlannedFitSeeds.negativeControlSeeds("NTK-CNN-CONSTANT", settings: settings,
                                                                      fixed: (sizes.trainingSeeds + 1) / 2)
        let gaussianSeeds = Result { try plannedSeeds("NTK-CNN-CONSTANT/gaussian", [.gaussian], fixed: sizes.trainingSeeds) { $0.relativeKernelChange } }
        let gaussian = PropertyCheck.statistical(
            "NTK-CNN-CONSTANT/gaussian", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) {
                try kernelChangeLaw(.gaussian, stepFactor: largeStepFactor, seeds: controlSeeds, $0)
            }]
        ) { try kernelChangeLaw(.gaussian, stepFactor: smallStepFactor, seeds: try gaussianSeeds.get(), $0) }
        let orthogonalSeeds = Result { try plannedSeeds("NTK-CNN-CONSTANT/orthogonal", [.orthogonal], fixed: sizes.trainingSeeds) { $0.relativeKernelChange } }
        let orthogonal = PropertyCheck.statistical(
            "NTK-CNN-CONSTANT/orthogonal", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) {
                try kernelChangeLaw(.orthogonal, stepFactor: largeStepFactor, seeds: controlSeeds, $0)
            }]
        ) { try kernelChangeLaw(.orthogonal, stepFactor: smallStepFactor, seeds: try orthogonalSeeds.get(), $0) }

        @Sendable func linearised(stepFactor: Double, seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            // The same number of seeds from each initialisation.
            let data = try runs([.gaussian, .orthogonal], stepFactor: stepFactor, seeds: seeds.seeds, context)
            return try StatisticalEvidence.slope(
                "max_t ‖f_t − f_t^lin‖/‖f₀ − y‖ ∝ C^b (both inits, η = \(stepFactor)/λ_max)",
                x: data.map(\.channels), y: data.map(\.run.linearisationGap), assertions: constantAssertions,
                alpha: context.alpha, detail: "\(2 * seeds.seeds) seeds per channel count, half from each initialisation"
                    + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        // Half the seeds from each initialisation: the pooled fit has as many runs per C as the others.
        let linearisedSeeds = Result { try plannedSeeds("NTK-CNN-CONSTANT/linearised", [.gaussian, .orthogonal],
                                                      fixed: (sizes.trainingSeeds + 1) / 2) { $0.linearisationGap } }
        let tracking = PropertyCheck.statistical(
            "NTK-CNN-CONSTANT/linearised", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) {
                try linearised(stepFactor: largeStepFactor, seeds: pooledControlSeeds, $0)
            }]
        ) { try linearised(stepFactor: smallStepFactor, seeds: try linearisedSeeds.get(), $0) }
        return [gaussian, orthogonal, tracking]
    }
}
