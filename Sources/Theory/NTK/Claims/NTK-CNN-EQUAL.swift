import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension NTKClaims {
    /// The O(1/C) allowance for the finite-channel bias of E[Θ̂] (relative, per entry): c/C with
    /// c = 3. Derivation: the 1/n expansion of the NTK at initialisation (Hanin & Nica, ICLR 2020;
    /// Dyer & Gur-Ari, ICLR 2020) holds for any architecture whose layers are sums over a growing
    /// number of independent units, and a convolution layer's output at each position is a sum over
    /// C_{l−1}·|F| such terms, so E[Θ̂] − Θ = O(1/C) with a constant fixed by the architecture and
    /// inputs, which we measured: on the 1-D experiment with 1000 seeds per point (C = 16, 32, 64;
    /// Gaussian and orthogonal), the largest |C·(E[Θ̂_ij]/Θ_ij − 1)| over the 10 entries was 1.24 with
    /// a standard error of 0.42, and the largest |C·(difference of the two initialisations' means)|
    /// was 0.99 (standard error ≈ 0.85); on the 2-D experiment (300 seeds, C = 32 and 64) the
    /// largest was 0.83 (standard error 0.84). c = 3 covers the 1-D value by 4 standard errors.
    public static func convolutionalBiasAllowance(channels: Int) -> Double { 3 / Double(channels) }

    /// NTK-CNN-EQUAL: the empirical NTK of a convolutional network with Gaussian or orthogonal
    /// filters converges, as the channel count C grows, to the same analytic CNN kernel (Huang, Du &
    /// Xu, arXiv 2004.05867, stated for CNNs beside Thm 1; Arora et al., NeurIPS 2019, for the
    /// Gaussian CNTK). Checked on ``NTKConvolutionalExperiment/Sizes`` as
    /// (1, 2) ‖Θ̂ − Θ‖_F/‖Θ‖_F ∝ C^b with b = −½ not ruled out and b < 0 shown, per initialisation;
    /// (3) the same law for the readout kernel against the NNGP Σ (both initialisations);
    /// (4) delta-orthogonal filters converge at the same rate to their own limit
    /// ``ConvolutionalKernels/deltaOrthogonalLimit(inputs:geometry:readout:activation:depth:sigmaW:sigmaB:)``;
    /// (5) the seed-mean of every Θ̂_ij/Θ_ij − 1 lies within c/C of 0 (``convolutionalBiasAllowance(channels:)``);
    /// (6) the two initialisations' means agree within 2c/C (Welch). Negative controls, each of which
    /// must be rejected: for (1) and (5) the kernel recursion with σ_w in place of σ_w²; for (2), (3)
    /// and (4) delta-orthogonal filters measured against the full-filter kernel (under SAME padding
    /// their limit differs from it by 0.54 relative in Θ and 0.60 in Σ, so the error levels off);
    /// for (5) and (6) delta-orthogonal in place of orthogonal filters. (The unit-filter NTK, the
    /// other candidate limit of delta-orthogonal filters, is 0.25 relative from the delta limit
    /// here: an error levelling off at 0.25 still falls between C = 16 and 128 as the fluctuations
    /// fade, so a fit over that range does not reject it reliably; the model tests separate the two
    /// at C = 256.)
    ///
    /// Resolution against the standing ±0.15 exponent target (not reached at ci, reached at deep): the
    /// rate fits resolve ±0.29 to ±0.43 at ci, so ±0.15 needs about 4–8× the networks per channel
    /// count (the interval narrows as 1/√networks), beyond the ci minute. At deep each fit plans its
    /// seeds from a 120-seed pilot (``NTKConvolutionalExperiment/Sizes/fitSeeds``) towards ±0.05 on the
    /// 2-D experiment (C = 16 … 256, residual s.d. 0.80–0.88) and reaches it: 4,274 to 5,083 networks
    /// per channel count resolve ±0.044 to ±0.048 at the default seed (2,864 s on two cores; the
    /// ceiling of 600 used before resolved ±0.086 to ±0.13).
    ///
    /// Not seen at ci: a network one convolutional layer deeper (entries move by 7–21%) or
    /// shallower (12–33%) than the kernel. The mean check resolves ±0.46 with 64 networks per
    /// initialisation and the bias allowance takes 0.047 of the shift, so certainty would need
    /// about 850 networks per initialisation (≈ 20 s more per run); the key-number fixture pins
    /// the depth (docs/THEORY.md §2b, NTK-CNN-EQUAL).
    public static let cnnEqual = Claim(
        id: "NTK-CNN-EQUAL", family: family, theorySection: "§2b",
        citation: "Huang, Du & Xu, IJCAI 2021 (arXiv 2004.05867), Thm 1 (CNN case); Arora et al., NeurIPS 2019 (CNTK)",
        statement: "CNN: Θ̂ → Θ_CNN as channels C → ∞ for Gaussian and orthogonal filters: relative error ∝ C^−½, seed-means = Θ + O(1/C) and agree",
        kind: .scalingLaw, keyNumberSeeds: [0x434e_4e45],
        keyNumbers: {
            let e = NTKConvolutionalExperiment.oneDimensional
            let upper = { (m: Matrix) -> [Double] in (0..<m.rows).flatMap { i in (i..<m.columns).map { m[i, $0] } } }
            var stream = RandomStream(seed: 0x434e_4e45, stream: 0)
            let gaussian = e.empiricalKernels(channels: 32, initialisation: .gaussian, using: &stream)
            let orthogonal = e.empiricalKernels(channels: 32, initialisation: .orthogonal, using: &stream)
            return [
                .vector("analytic Θ_CNN, upper triangle (1-D, P = 8, f = 5, SAME, GAP, ReLU, L = 3)", upper(e.analyticKernels().ntk),
                        .relative(1e-12), reason: "closed-form recursion, ≈ 10(L + 1)|F|u per entry; a changed recursion moves it by O(1)"),
                .vector("analytic delta-orthogonal limit of Θ, upper triangle", upper(e.analyticKernels(.deltaOrthogonal).ntk),
                        .relative(1e-12), reason: "as above"),
                .vector("empirical Θ̂, Gaussian, C = 32, upper triangle", upper(gaussian.ntk),
                        .relative(1e-9), reason: "GEMM rounding (≈ 1e-14) may change with the GEMM kernel; a changed sampler or formula moves it by O(C^−½)"),
                .vector("empirical Θ̂, orthogonal, C = 32, upper triangle", upper(orthogonal.ntk),
                        .relative(1e-9), reason: "QR and GEMM rounding (≈ 1e-13); a changed sampler or scaling moves it by O(C^−½)"),
            ]
        }
    ) { settings in cnnEqualChecks(settings) }

    static func cnnEqualChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sizes = NTKConvolutionalExperiment.Sizes(ResolvedSettings(name: "NTK-CNN-EQUAL", settings: settings).profile)
        let e = sizes.experiment
        let full = e.analyticKernels(.fullFilter), delta = e.analyticKernels(.deltaOrthogonal)
        let wrong = e.analyticKernels(.sigmaWFirstPower)

        /// One fresh network's relative NTK (or NNGP) error against `reference`.
        @Sendable func error(_ initialisation: ConvolutionalNetwork.Initialisation, channels: Int, reference: AnalyticKernels.Result,
                             nngp: Bool, using stream: inout RandomStream) -> Double {
            let m = e.measureInitialisation(channels: channels, initialisation: initialisation, reference: reference, using: &stream)
            return nngp ? m.relativeNNGPError : m.relativeNTKError
        }
        /// Fits the NTK (or NNGP) error of fresh networks against C over `initialisations` (pooled),
        /// `seeds` networks per channel count and initialisation. Network k of the fit uses stream k of
        /// the context (initialisation-major, then channel count), on both cores.
        @Sendable func rate(_ initialisations: [ConvolutionalNetwork.Initialisation], reference: AnalyticKernels.Result,
                            nngp: Bool = false, seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            let cells = initialisations.flatMap { i in sizes.channels.flatMap { c in Array(repeating: (i, c), count: seeds.seeds) } }
            let ys = try measurementsInParallel(cells.count, context) { k, stream in
                error(cells[k].0, channels: cells[k].1, reference: reference, nngp: nngp, using: &stream)
            }
            let names = initialisations.map(\.rawValue).joined(separator: " + ")
            return try StatisticalEvidence.slope(
                nngp ? "‖Σ̂ − Σ‖_F/‖Σ‖_F ∝ C^b (readout kernel, \(names))" : "‖Θ̂ − Θ‖_F/‖Θ‖_F ∝ C^b (\(names))",
                x: cells.map { Double($0.1) }, y: ys, assertions: equalRateAssertions, alpha: context.alpha,
                detail: "\(seeds.seeds) seeds per channel count and initialisation" + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        /// The seeds of one rate check: fixed at quick and ci, planned at deep (``NTKConvolutionalExperiment/Sizes/fitSeeds``).
        func plannedSeeds(_ name: String, _ initialisations: [ConvolutionalNetwork.Initialisation], reference: AnalyticKernels.Result,
                          nngp: Bool = false) -> (seeds: Int, note: String) {
            sizes.fitSeeds(name, settings: settings, channels: sizes.channels, fixed: sizes.seeds, maximum: sizes.maximumSeeds,
                           pilotRepeats: sizes.ratePilotRepeats) { c, stream in
                initialisations.map { error($0, channels: c, reference: reference, nngp: nngp, using: &stream) }
            }
        }
        // The negative controls run at the plan's floor (``PlannedFitSeeds/negativeControlSeeds``):
        // their fitted slopes lie ≥ 0.5 from −½ (measured at deep with 96 seeds: +0.06 … +0.15, each
        // ± ≈ 0.22), and at the planned size they would take four of the claim's fourteen fit-runs.
        let controlSeeds = PlannedFitSeeds.negativeControlSeeds("NTK-CNN-EQUAL", settings: settings, fixed: sizes.seeds)
        let deltaAgainstFull = "delta-orthogonal filters against the full-filter kernel"
        let gaussianSeeds = plannedSeeds("NTK-CNN-EQUAL/gaussian-rate", [.gaussian], reference: full)
        let gaussianRate = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/gaussian-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("analytic kernel with σ_w instead of σ_w² in the convolutions", minimumPower: 1) {
                try rate([.gaussian], reference: wrong, seeds: controlSeeds, $0)
            }]) { try rate([.gaussian], reference: full, seeds: gaussianSeeds, $0) }
        let orthogonalSeeds = plannedSeeds("NTK-CNN-EQUAL/orthogonal-rate", [.orthogonal], reference: full)
        let orthogonalRate = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/orthogonal-rate", settings: settings,
            falsifiers: [StatisticalFalsifier(deltaAgainstFull, minimumPower: 1) {
                try rate([.deltaOrthogonal], reference: full, seeds: controlSeeds, $0)
            }]) { try rate([.orthogonal], reference: full, seeds: orthogonalSeeds, $0) }
        let nngpSeeds = plannedSeeds("NTK-CNN-EQUAL/nngp-rate", [.gaussian, .orthogonal], reference: full, nngp: true)
        let nngpRate = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/nngp-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("delta-orthogonal filters against the full-filter NNGP", minimumPower: 1) {
                try rate([.deltaOrthogonal], reference: full, nngp: true, seeds: controlSeeds, $0)
            }]) { try rate([.gaussian, .orthogonal], reference: full, nngp: true, seeds: nngpSeeds, $0) }
        let deltaSeeds = plannedSeeds("NTK-CNN-EQUAL/delta-orthogonal-rate", [.deltaOrthogonal], reference: delta)
        let deltaRate = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/delta-orthogonal-rate", settings: settings,
            falsifiers: [StatisticalFalsifier(deltaAgainstFull, minimumPower: 1) {
                try rate([.deltaOrthogonal], reference: full, seeds: controlSeeds, $0)
            }]) { try rate([.deltaOrthogonal], reference: delta, seeds: deltaSeeds, $0) }

        let labels = e.upperTriangleLabels
        @Sendable func deviations(_ initialisation: ConvolutionalNetwork.Initialisation, reference: AnalyticKernels.Result,
                                  _ context: StatisticalContext) throws -> [[Double]] {
            try measurementsInParallel(sizes.meanSeeds, context) { _, stream in
                e.measureInitialisation(channels: sizes.meanChannels, initialisation: initialisation, reference: reference,
                                        using: &stream).relativeEntryDeviations
            }
        }
        @Sendable func meanMatches(_ second: ConvolutionalNetwork.Initialisation, reference: AnalyticKernels.Result,
                                   _ context: StatisticalContext) throws -> StatisticalEvidence {
            let g = try deviations(.gaussian, reference: reference, context), o = try deviations(second, reference: reference, context)
            return try StatisticalEvidence.meansWithinAllowance(
                "E[Θ̂_ij]/Θ_ij − 1 = 0 ± c/C at C = \(sizes.meanChannels), Gaussian and \(second)",
                samples: zip(g, o).map { $0 + $1 }, labels: labels.map { "\($0) Gaussian" } + labels.map { "\($0) \(second)" },
                allowance: convolutionalBiasAllowance(channels: sizes.meanChannels), alpha: context.alpha)
        }
        let mean = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/mean", settings: settings,
            falsifiers: [
                StatisticalFalsifier("analytic kernel with σ_w instead of σ_w² in the convolutions", minimumPower: 1) {
                    try meanMatches(.orthogonal, reference: wrong, $0)
                },
                StatisticalFalsifier("delta-orthogonal in place of orthogonal filters", minimumPower: 1) {
                    try meanMatches(.deltaOrthogonal, reference: full, $0)
                },
            ]) { try meanMatches(.orthogonal, reference: full, $0) }

        @Sendable func twoSample(_ other: ConvolutionalNetwork.Initialisation, _ context: StatisticalContext) throws -> StatisticalEvidence {
            try StatisticalEvidence.meansAgreeWithinAllowance(
                "E[Θ̂_ij] equal for \(other) and Gaussian filters ± 2c/C at C = \(sizes.meanChannels) (relative to Θ_ij)",
                try deviations(other, reference: full, context), try deviations(.gaussian, reference: full, context), labels: labels,
                allowance: 2 * convolutionalBiasAllowance(channels: sizes.meanChannels), alpha: context.alpha)
        }
        let agree = PropertyCheck.statistical(
            "NTK-CNN-EQUAL/two-sample", settings: settings,
            falsifiers: [StatisticalFalsifier("delta-orthogonal in place of orthogonal filters", minimumPower: 1) {
                try twoSample(.deltaOrthogonal, $0)
            }]) { try twoSample(.orthogonal, $0) }
        return [gaussianRate, orthogonalRate, nngpRate, deltaRate, mean, agree]
    }
}
