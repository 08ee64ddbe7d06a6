import Fixtures
import Foundation
import Numerics
import PropertyCheck

/// Claims of Huang, Du & Xu, "On the Neural Tangent Kernel of Deep Networks with Orthogonal
/// Initialization" (IJCAI 2021, arXiv 2004.05867), with the background of Jacot, Gabriel & Hongler
/// (NeurIPS 2018) and Lee et al. (NeurIPS 2019); THEORY.md §2.
public enum NTKClaims {
    public static let family = "Neural tangent kernels with orthogonal initialisation (Huang, Du & Xu 2021)"

    public static var all: [Claim] { [equal, constant, linearRegime] }

    /// The experiment every claim uses (ReLU, σ_w = √2, σ_b = 0.1, L = 3, four inputs in R⁴).
    public static let experiment = NTKExperiment()

    /// Sample sizes per profile. The `ci` profile stays at widths ≤ 512 (seconds on two cores);
    /// `deep` goes to width 2048 with more seeds.
    public struct Sweep: Sendable {
        /// Widths and seeds per width of the convergence-rate fits.
        public var widths: [Int]
        public var seeds: Int
        /// Width and seeds (per initialisation, not scaled further) of the mean and two-sample checks.
        public var meanWidth: Int
        public var meanSeeds: Int
        /// Widths, seeds per width and steps of the training checks.
        public var trainingWidths: [Int]
        public var trainingSeeds: Int
        public var steps: Int

        public static func forProfile(_ profile: Profile) -> Sweep {
            switch profile {
            case .quick, .ci:
                // `quick` uses the ci sizes: with fewer seeds the fits cannot exclude exponent 0 at α = 1e-8.
                // Training fits need 48 seeds per width: the log kernel change has residual sd up to
                // 0.7, so with 16 seeds the 1 − 1e-8 slope interval is ±0.51 wide and its upper end
                // crossed 0 for one base seed in three tried (estimate −0.43); with 48 it is ±0.30
                // around estimates of −0.55 to −0.65, leaving ~6 standard errors of margin.
                return Sweep(widths: [32, 64, 128, 256, 512], seeds: 16, meanWidth: 256, meanSeeds: 32,
                             trainingWidths: [32, 64, 128, 256, 512], trainingSeeds: 48, steps: 20)
            case .deep:
                // Widths to 2048 here (a Haar layer of 4096 costs a ~10–17 s QR on this machine, so 16
                // seeds × 2 layers would take ~10 minutes); the width-4096 run is timed separately.
                return Sweep(widths: [64, 128, 256, 512, 1024, 2048], seeds: 16, meanWidth: 512, meanSeeds: 320,
                             trainingWidths: [32, 64, 128, 256, 512, 1024], trainingSeeds: 48, steps: 20)
            }
        }
    }

    static let upperTriangle: [(Int, Int)] = {
        let p = experiment.inputs.rows
        return (0..<p).flatMap { i in (i..<p).map { (i, $0) } }
    }()

    /// Θ̂_ij/Θ_ij − 1 over the upper triangle (every Θ_ij of the experiment is ≥ 1.37 > 0).
    static func relativeEntryDeviations(_ empirical: Matrix, _ theta: Matrix) -> [Double] {
        upperTriangle.map { empirical[$0.0, $0.1] / theta[$0.0, $0.1] - 1 }
    }

    /// The O(1/n) allowance for the finite-width bias of E[Θ̂] (relative, per entry): c/n with
    /// c = 6. The bias is O(1/n) (Hanin & Nica, ICLR 2020; Dyer & Gur-Ari, ICLR 2020) with a
    /// constant that depends on depth and inputs; for this experiment we measured it with 1000
    /// seeds per width (n = 32, 64, 128, both initialisations): the largest |n·(E[Θ̂_ij]/Θ_ij − 1)|
    /// was 3.7 with a standard error of 1.4, so c = 6 covers it by 1.6 standard errors.
    public static func biasAllowance(width: Int) -> Double { 6 / Double(width) }

    // MARK: NTK-EQUAL

    /// NTK-EQUAL: the empirical NTK of orthogonally initialised networks converges to the same
    /// analytic kernel as that of Gaussian ones (Huang, Du & Xu, arXiv 2004.05867, Thm 1 and
    /// Fig. 1; Jacot et al. 2018 Thm 1 for the Gaussian case). Checked as (1) the relative error
    /// ‖Θ̂ − Θ‖_F/‖Θ‖_F falling like n^{−1/2} for each initialisation (fluctuations of a sum of n
    /// weakly dependent terms), (2) the seed-mean of every entry Θ̂_ij matching Θ_ij within its
    /// confidence interval plus the O(1/n) allowance, and (3) the two initialisations' means
    /// agreeing (Welch, allowance twice that). Negative controls: the orthogonal init without its
    /// √max(n_in, n_out) factor, and an analytic kernel with σ_w in place of σ_w².
    public static let equal = Claim(
        id: "NTK-EQUAL", family: family,
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

    static func equalChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sweep = Sweep.forProfile(ResolvedSettings(name: "NTK-EQUAL", settings: settings).profile)
        let e = experiment
        let theta = e.analyticNTK()
        let wrongTheta = e.analyticNTK(variant: .sigmaWFirstPower)

        @Sendable func rate(_ initialisation: FullyConnectedNetwork.Initialisation, reference: Matrix,
                            _ context: StatisticalContext) throws -> StatisticalEvidence {
            var xs: [Double] = [], ys: [Double] = []
            for width in sweep.widths {
                for _ in 0..<sweep.seeds {
                    var stream = context.nextStream()
                    xs.append(Double(width))
                    ys.append(e.relativeKernelError(width: width, initialisation: initialisation, reference: reference, using: &stream))
                }
            }
            return try NTKEvidence.powerLaw("‖Θ̂ − Θ‖_F/‖Θ‖_F ∝ n^b, b = −½ (\(initialisation))", xs: xs, ys: ys,
                                            seedsPerPoint: sweep.seeds, assertion: .consistentWith(-0.5), alpha: context.alpha)
        }
        let gaussianRate = PropertyCheck.statistical(
            "NTK-EQUAL/gaussian-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("analytic kernel with σ_w instead of σ_w²", minimumPower: 1) {
                try rate(.gaussian, reference: wrongTheta, $0)
            }]) { try rate(.gaussian, reference: theta, $0) }
        let orthogonalRate = PropertyCheck.statistical(
            "NTK-EQUAL/orthogonal-rate", settings: settings,
            falsifiers: [StatisticalFalsifier("orthogonal layers without the √max(n_in, n_out) factor", minimumPower: 1) {
                try rate(.orthogonalWithoutScale, reference: theta, $0)
            }]) { try rate(.orthogonal, reference: theta, $0) }

        let labels = upperTriangle.map { "Θ(x\($0.0 + 1), x\($0.1 + 1))" }
        @Sendable func deviations(_ initialisation: FullyConnectedNetwork.Initialisation, reference: Matrix,
                                  _ context: StatisticalContext) -> [[Double]] {
            (0..<sweep.meanSeeds).map { _ in
                var stream = context.nextStream()
                let empirical = e.network(width: sweep.meanWidth, initialisation: initialisation, using: &stream).empiricalNTK(e.inputs)
                return relativeEntryDeviations(empirical, reference)
            }
        }
        @Sendable func meanMatches(_ gaussian: FullyConnectedNetwork.Initialisation, _ orthogonal: FullyConnectedNetwork.Initialisation,
                                   reference: Matrix, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let g = deviations(gaussian, reference: reference, context), o = deviations(orthogonal, reference: reference, context)
            return try NTKEvidence.meansWithinAllowance(
                "E[Θ̂_ij]/Θ_ij − 1 = 0 ± c/n at n = \(sweep.meanWidth), Gaussian and orthogonal",
                samples: zip(g, o).map { $0 + $1 }, labels: labels.map { "\($0) Gaussian" } + labels.map { "\($0) orthogonal" },
                allowance: biasAllowance(width: sweep.meanWidth), alpha: context.alpha)
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
            ]) { try meanMatches(.gaussian, .orthogonal, reference: theta, $0) }

        @Sendable func twoSample(_ other: FullyConnectedNetwork.Initialisation, _ context: StatisticalContext) throws -> StatisticalEvidence {
            try NTKEvidence.meansAgreeWithinAllowance(
                "E[Θ̂_ij] equal for orthogonal and Gaussian init ± 2c/n at n = \(sweep.meanWidth) (relative to Θ_ij)",
                deviations(other, reference: theta, context), deviations(.gaussian, reference: theta, context), labels: labels,
                allowance: 2 * biasAllowance(width: sweep.meanWidth), alpha: context.alpha)
        }
        let agree = PropertyCheck.statistical(
            "NTK-EQUAL/two-sample", settings: settings,
            falsifiers: [StatisticalFalsifier("orthogonal layers without the √max(n_in, n_out) factor", minimumPower: 1) {
                try twoSample(.orthogonalWithoutScale, $0)
            }]) { try twoSample(.orthogonal, $0) }
        return [gaussianRate, orthogonalRate, mean, agree]
    }

    // MARK: NTK-CONSTANT

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
    public static let constant = Claim(
        id: "NTK-CONSTANT", family: family,
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

    static func constantChecks(_ settings: CheckSettings) -> [CheckReport] {
        let sweep = Sweep.forProfile(ResolvedSettings(name: "NTK-CONSTANT", settings: settings).profile)
        let e = experiment

        @Sendable func runs(_ initialisation: FullyConnectedNetwork.Initialisation, stepFactor: Double,
                            _ context: StatisticalContext) throws -> [(width: Double, run: NTKExperiment.TrainingMeasurement)] {
            var out: [(Double, NTKExperiment.TrainingMeasurement)] = []
            for width in sweep.trainingWidths {
                for _ in 0..<sweep.trainingSeeds {
                    var stream = context.nextStream()
                    out.append((Double(width), try e.trainingRun(width: width, initialisation: initialisation, stepFactor: stepFactor,
                                                                 steps: sweep.steps, using: &stream)))
                }
            }
            return out
        }
        @Sendable func kernelChangeLaw(_ initialisation: FullyConnectedNetwork.Initialisation, stepFactor: Double,
                                       _ context: StatisticalContext) throws -> StatisticalEvidence {
            let data = try runs(initialisation, stepFactor: stepFactor, context)
            return try NTKEvidence.powerLaw(
                "‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F ∝ n^b, b ≤ −½ (\(initialisation), \(sweep.steps) steps at η = \(stepFactor)/λ_max)",
                xs: data.map(\.width), ys: data.map(\.run.relativeKernelChange), seedsPerPoint: sweep.trainingSeeds,
                assertion: .atMost(-0.5), alpha: context.alpha)
        }
        let control = "η = \(Int(largeStepFactor))/λ_max (beyond the 2/λ_max stability limit)"
        let gaussian = PropertyCheck.statistical(
            "NTK-CONSTANT/gaussian", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) { try kernelChangeLaw(.gaussian, stepFactor: largeStepFactor, $0) }]
        ) { try kernelChangeLaw(.gaussian, stepFactor: smallStepFactor, $0) }
        let orthogonal = PropertyCheck.statistical(
            "NTK-CONSTANT/orthogonal", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) { try kernelChangeLaw(.orthogonal, stepFactor: largeStepFactor, $0) }]
        ) { try kernelChangeLaw(.orthogonal, stepFactor: smallStepFactor, $0) }

        @Sendable func linearised(stepFactor: Double, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let data = try runs(.gaussian, stepFactor: stepFactor, context) + runs(.orthogonal, stepFactor: stepFactor, context)
            return try NTKEvidence.powerLaw(
                "max_t ‖f_t − f_t^lin‖/‖f₀ − y‖ ∝ n^b, b ≤ −½ (both inits, η = \(stepFactor)/λ_max)",
                xs: data.map(\.width), ys: data.map(\.run.linearisationGap), seedsPerPoint: 2 * sweep.trainingSeeds,
                assertion: .atMost(-0.5), alpha: context.alpha)
        }
        let tracking = PropertyCheck.statistical(
            "NTK-CONSTANT/linearised", settings: settings,
            falsifiers: [StatisticalFalsifier(control, minimumPower: 1) { try linearised(stepFactor: largeStepFactor, $0) }]
        ) { try linearised(stepFactor: smallStepFactor, $0) }

        // "Same order": the orthogonal/Gaussian ratio of kernel changes within a factor 4 at every width.
        let ratio = PropertyCheck.statistical("NTK-CONSTANT/ratio", settings: settings) { context in
            let g = try runs(.gaussian, stepFactor: smallStepFactor, context)
            let o = try runs(.orthogonal, stepFactor: smallStepFactor, context)
            let perWidth = { (data: [(width: Double, run: NTKExperiment.TrainingMeasurement)]) -> [[Double]] in
                (0..<sweep.trainingSeeds).map { s in
                    sweep.trainingWidths.indices.map { w in Foundation.log(data[w * sweep.trainingSeeds + s].run.relativeKernelChange) }
                }
            }
            return try NTKEvidence.meansAgreeWithinAllowance(
                "ln(orthogonal/Gaussian kernel change) = 0 ± ln 4", perWidth(o), perWidth(g),
                labels: sweep.trainingWidths.map { "n = \($0)" }, allowance: Foundation.log(4.0), alpha: context.alpha)
        }
        return [gaussian, orthogonal, tracking, ratio]
    }
}
