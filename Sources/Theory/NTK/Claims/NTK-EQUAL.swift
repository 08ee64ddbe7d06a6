import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension NTKClaims {
    /// NTK-EQUAL: the empirical NTK of orthogonally initialised networks converges to the same
    /// analytic kernel as that of Gaussian ones (Huang, Du & Xu, arXiv 2004.05867, Thm 1 and
    /// Fig. 1; Jacot et al. 2018 Thm 1 for the Gaussian case). Checked as (1) the relative error
    /// ‖Θ̂ − Θ‖_F/‖Θ‖_F falling like n^{−1/2} for each initialisation (fluctuations of a sum of n
    /// weakly dependent terms), (2) the seed-mean of every entry Θ̂_ij matching Θ_ij within its
    /// confidence interval plus the O(1/n) allowance, and (3) the two initialisations' means
    /// agreeing (Welch, allowance twice that). Negative controls: the orthogonal init without its
    /// √max(n_in, n_out) factor, an analytic kernel with σ_w in place of σ_w², and (mean check)
    /// networks one hidden layer deeper or shallower than the kernel assumes — entries move by
    /// 20–57%, which the rate fits cannot see at these widths and the mean check resolves (±23%
    /// with 128 networks per initialisation; it was ±59% with 32).
    ///
    /// Resolution against the standing ±0.15 exponent target (not reached at ci): the two rate fits
    /// resolve about ±0.42 (16 networks at each of 5 widths; the 1 − 10⁻⁸ interval narrows as
    /// 1/√networks), so ±0.15 needs about (0.42/0.15)² ≈ 8× the networks — some 20 s more per run,
    /// beyond the ci minute. The deep profile plans its networks per width from a pilot
    /// (``PlannedFitSeeds``) towards ±0.05 and reaches it: at the default seed 1,282 (Gaussian) and
    /// 1,740 (orthogonal) networks at each of 64–1024 resolve ±0.040 and ±0.035, in 1,337 s on two
    /// cores (shared with builds for about 9 minutes). Wrong exponents of 0 (no convergence) and a mis-scaled kernel are rejected at
    /// ci; an exponent off by less than ±0.42 is not.
    public static let equal = Claim(
        id: "NTK-EQUAL", family: family, theorySection: theorySection,
        citation: "Huang, Du & Xu, IJCAI 2021 (arXiv 2004.05867), Thm 1 & Fig. 1; Jacot, Gabriel & Hongler, NeurIPS 2018, Thm 1",
        statement: "Θ̂ → Θ for Gaussian and orthogonal init: relative error ∝ n^−½, seed-mean of Θ̂ = Θ + O(1/n), both inits agree",
        kind: .scalingLaw, keyNumberSeeds: [0x4e54_4b45],
        keyNumbers: {
            let theta = experiment.analyticNTK()
            var stream = RandomStream(seed: 0x4e54_4b45, stream: 0)
            let gaussian = experiment.network(width: 64, initialisation: .gaussian, using: &stream).empiricalNTK(experiment.inputs)
            let orthogonal = experiment.network(width: 64, initialisation: .orthogonal, using: &stream).empiricalNTK(experiment.inputs)
            return [
                .vector("analytic Θ, upper triangle (ReLU, σ_w = √2, σ_b = 0.1, L = 3)", upperTriangle.map { theta[$0.0, $0.1] },
                        .relative(1e-12), reason: "closed-form recursion, a few roundings per layer (≈ 1e-15); a changed recursion moves it by O(1)"),
                .vector("empirical Θ̂, Gaussian, width 64, upper triangle", upperTriangle.map { gaussian[$0.0, $0.1] },
                        .relative(1e-9), reason: "GEMM rounding (≈ 1e-14) may change with the GEMM kernel; a changed sampler or formula moves it by O(n^−½)"),
                .vector("empirical Θ̂, orthogonal, width 64, upper triangle", upperTriangle.map { orthogonal[$0.0, $0.1] },
                        .relative(1e-9), reason: "QR and GEMM rounding (≈ 1e-13); a changed sampler or scaling moves it by O(n^−½)"),
            ]
        }
    ) { settings in equalChecks(settings) }

    /// The exponent decision of the two rate checks: b = −½ is not ruled out by the 1 − α
    /// interval, and b < 0 is shown (its upper end lies below 0), so a kernel error that does not
    /// fall with width fails even when its interval is too wide to exclude −½.
    static let equalRateAssertions: [ScalingEvidence.Assertion] = [.consistentWith(exponent: -0.5, tolerance: 0), .below(exponent: 0)]

    static func equalChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sizes = Sizes.forProfile(ResolvedSettings(name: "NTK-EQUAL", settings: settings).profile)
        let e = experiment
        let theta = e.analyticNTK()
        let wrongTheta = e.analyticNTK(variant: .sigmaWFirstPower)

        @Sendable func rate(_ initialisation: FullyConnectedNetwork.Initialisation, reference: Matrix,
                            seeds: (seeds: Int, note: String), _ context: StatisticalContext) throws -> StatisticalEvidence {
            let widths = sizes.widths.flatMap { Array(repeating: $0, count: seeds.seeds) }
            let ys = try measurementsInParallel(widths.count, context) { k, stream in
                e.relativeKernelError(width: widths[k], initialisation: initialisation, reference: reference, using: &stream)
            }
            return try StatisticalEvidence.slope("‖Θ̂ − Θ‖_F/‖Θ‖_F ∝ n^b (\(initialisation))", x: widths.map(Double.init), y: ys,
                                                 assertions: equalRateAssertions, alpha: context.alpha,
                                                 detail: "\(seeds.seeds) seeds per width" + (seeds.note.isEmpty ? "" : "; \(seeds.note)"))
        }
        /// The seeds per width of one rate check: fixed at quick and ci, planned at deep (``PlannedFitSeeds``).
        func plannedSeeds(_ name: String, _ initialisation: FullyConnectedNetwork.Initialisation) -> (seeds: Int, note: String) {
            PlannedFitSeeds.seeds(name, settings: settings, points: sizes.widths, pointName: "width", fixed: sizes.seeds,
                                  maximum: sizes.maximumSeeds) { width, stream in
                [e.relativeKernelError(width: width, initialisation: initialisation, reference: theta, using: &stream)]
            }
        }
        // The two gross controls (a mis-scaled kernel, unscaled orthogonal layers) run at the plan's floor.
        let controlSeeds = PlannedFitSeeds.negativeControlSeeds("NTK-EQUAL", settings: settings, fixed: sizes.seeds)
        let gaussianSeeds = plannedSeeds("NTK-EQUAL/gaussian-rate", .gaussian)
        let gaussianRate = PropertyCheck.statistical(
            "NTK-EQUAL/gaussian-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("analytic kernel with σ_w instead of σ_w²", minimumPower: 1) {
                try rate(.gaussian, reference: wrongTheta, seeds: controlSeeds, $0)
            }]) { try rate(.gaussian, reference: theta, seeds: gaussianSeeds, $0) }
        let orthogonalSeeds = plannedSeeds("NTK-EQUAL/orthogonal-rate", .orthogonal)
        let orthogonalRate = PropertyCheck.statistical(
            "NTK-EQUAL/orthogonal-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("orthogonal layers without the √max(n_in, n_out) factor", minimumPower: 1) {
                try rate(.orthogonalWithoutScale, reference: theta, seeds: controlSeeds, $0)
            }]) { try rate(.orthogonal, reference: theta, seeds: orthogonalSeeds, $0) }

        let labels = upperTriangle.map { "Θ(x\($0.0 + 1), x\($0.1 + 1))" }
        /// `depthOffset` ≠ 0 builds networks with that many hidden layers more than the analytic
        /// kernel assumes (negative controls only).
        @Sendable func deviations(_ initialisation: FullyConnectedNetwork.Initialisation, reference: Matrix,
                                  _ context: StatisticalContext, depthOffset: Int = 0) throws -> [[Double]] {
            var built = e
            built.depth += depthOffset
            return try measurementsInParallel(sizes.meanSeeds, context) { [built] _, stream in
                let empirical = built.network(width: sizes.meanWidth, initialisation: initialisation, using: &stream).empiricalNTK(e.inputs)
                return relativeEntryDeviations(empirical, reference)
            }
        }
        @Sendable func meanMatches(_ gaussian: FullyConnectedNetwork.Initialisation, _ orthogonal: FullyConnectedNetwork.Initialisation,
                                   reference: Matrix, _ context: StatisticalContext, depthOffset: Int = 0) throws -> StatisticalEvidence {
            let g = try deviations(gaussian, reference: reference, context, depthOffset: depthOffset)
            let o = try deviations(orthogonal, reference: reference, context, depthOffset: depthOffset)
            return try StatisticalEvidence.meansWithinAllowance(
                "E[Θ̂_ij]/Θ_ij − 1 = 0 ± c/n at n = \(sizes.meanWidth), Gaussian and orthogonal",
                samples: zip(g, o).map { $0 + $1 }, labels: labels.map { "\($0) Gaussian" } + labels.map { "\($0) orthogonal" },
                allowance: biasAllowance(width: sizes.meanWidth), alpha: context.alpha)
        }
        let mean = PropertyCheck.statistical(
            "NTK-EQUAL/mean", settings: settings,
            falsifiers: [
                StatisticalFalsifier("analytic kernel with σ_w instead of σ_w²", minimumPower: 1) {
                    try meanMatches(.gaussian, .orthogonal, reference: wrongTheta, $0)
                },
                StatisticalFalsifier("orthogonal layers without the √max(n_in, n_out) factor", minimumPower: 1) {
                    try meanMatches(.gaussian, .orthogonalWithoutScale, reference: theta, $0)
                },
                StatisticalFalsifier("networks one hidden layer deeper than the analytic kernel", minimumPower: 1) {
                    try meanMatches(.gaussian, .orthogonal, reference: theta, $0, depthOffset: 1)
                },
                StatisticalFalsifier("networks one hidden layer shallower than the analytic kernel", minimumPower: 1) {
                    try meanMatches(.gaussian, .orthogonal, reference: theta, $0, depthOffset: -1)
                },
            ]) { try meanMatches(.gaussian, .orthogonal, reference: theta, $0) }

        @Sendable func twoSample(_ other: FullyConnectedNetwork.Initialisation, _ context: StatisticalContext) throws -> StatisticalEvidence {
            try StatisticalEvidence.meansAgreeWithinAllowance(
                "E[Θ̂_ij] equal for orthogonal and Gaussian init ± 2c/n at n = \(sizes.meanWidth) (relative to Θ_ij)",
                try deviations(other, reference: theta, context), try deviations(.gaussian, reference: theta, context), labels: labels,
                allowance: 2 * biasAllowance(width: sizes.meanWidth), alpha: context.alpha)
        }
        let agree = PropertyCheck.statistical(
            "NTK-EQUAL/two-sample", settings: settings,
            falsifiers: [StatisticalFalsifier("orthogonal layers without the √max(n_in, n_out) factor", minimumPower: 1) {
                try twoSample(.orthogonalWithoutScale, $0)
            }]) { try twoSample(.orthogonal, $0) }
        return [gaussianRate, orthogonalRate, mean, agree]
    }
}
