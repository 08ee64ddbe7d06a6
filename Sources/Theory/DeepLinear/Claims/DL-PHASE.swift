import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
    /// The phase-diagram configuration for a profile: ``DeepLinearPhaseConfiguration/deep`` in
    /// `deep`, ``DeepLinearPhaseConfiguration/ci`` otherwise.
    public static func phaseConfiguration(for settings: CheckSettings) -> DeepLinearPhaseConfiguration {
        ResolvedSettings(name: "DL-PHASE", settings: settings).profile == .deep ? .deep : .ci
    }

    /// The finite-size allowance τ on the Gaussian exponent. The Gaussian boundary is
    /// m*(L) ≈ a + b·L (the end-to-end fluctuation is governed by L/m, Lemma 5.3, plus a width
    /// floor of order d_x below which no depth trains), whose local log–log slope over [L_0, L_1]
    /// is bL/(a + bL) ∈ [bL_0/(a + bL_0), 1]. With the calibration's m* ≈ 12 at L = 8 and the floor
    /// a ≲ d_x = 8 the slope over the ci depths can be as low as ≈ 0.6 at the small end; averaged
    /// over the fit range we allow τ = 0.3 below 1 (and the same above, for bisection noise).
    static let gaussianExponentTolerance = 0.3

    /// The pinned seed of the phase-diagram key numbers.
    static let phaseKeySeed: UInt64 = 20_200_105

    /// Runs the critical-width measurements of one initialisation as a scaling law in L. The
    /// measurements are computed in parallel first (same streams as the harness would use: sweep
    /// point i, repeat r ↦ stream i·repeats + r of the run seed), together with those of the
    /// calibrated control's fresh run, and handed to the harness in order.
    static func phaseLaw(_ name: String, _ initialisation: DeepLinearInitialisation, settings: CheckSettings,
                         assertion: ScalingEvidence.Assertion, mustReject: [Double]) -> CheckReport {
        let started = Date()
        let c = phaseConfiguration(for: settings)
        let resolved = ResolvedSettings(name: name, settings: settings)
        let runSeed = resolved.replay?.runSeed ?? resolved.runSeed
        let repeats = c.seeds
        let count = c.depths.count * repeats
        // The second half is the calibrated control's fresh run. It is computed before the harness
        // knows whether the control applies (not for the orthogonal fit's zero residual, nor after a
        // failed run): wasted work then (≈ 1 s for the orthogonal fit at ci), but the passing Gaussian
        // run, the costly one, gets both halves on both cores.
        let both = independentRunsInParallel(2 * count) { index -> (UInt64, Int) in
            let seedOfRun = index < count ? runSeed : CalibratedControl.freshSeed(runSeed: runSeed)
            var stream = RandomStream(seed: seedOfRun, stream: UInt64(index % count))
            let seed = stream.next()
            return (seed, c.criticalWidth(initialisation, depth: c.depths[(index % count) / repeats], seed: seed))
        }
        let precomputed = Array(both[..<count])
        let lookup = Dictionary(both.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        var report = PropertyCheck.scalingLaw(name, quantity: "critical width m*(L) of \(initialisation) nets", sweep: c.depths.map(Double.init),
                                              repeats: repeats, assertion: assertion, mustReject: mustReject, settings: settings) { depth, stream in
            let seed = stream.next()
            return Double(lookup[seed] ?? c.criticalWidth(initialisation, depth: Int(depth), seed: seed))
        }
        // The measurements ran before the harness saw them: the check's time includes them.
        report.seconds = Date().timeIntervalSince(started)
        let censored = precomputed.filter { $0.1 > c.widths[c.widths.count - 1] }.count
        report.notes.append("critical widths by depth \(c.depths): \(stride(from: 0, to: precomputed.count, by: repeats).map { i in precomputed[i..<(i + repeats)].map(\.1) })"
                            + (censored > 0 ? "; \(censored) seed(s) censored at 2× the largest width" : ""))
        return report
    }

    /// **DL-PHASE** (Hu et al. 2020, Figure 1). The critical width m*(L) (criterion
    /// ℓ(T) ≤ ε·ℓ(0), see ``DeepLinearPhaseConfiguration``) grows linearly in L for Gaussian
    /// initialisation and does not depend on L for orthogonal initialisation.
    ///
    /// Two scaling-law checks on log m* against log L (every seed's critical width is one
    /// measurement; t interval at the harness's α):
    /// - `DL-PHASE/gaussian`: exponent consistent with 1 within τ = 0.3
    ///   (``gaussianExponentTolerance``); negative control: the exponent 0 of a flat boundary must be
    ///   excluded.
    /// - `DL-PHASE/orthogonal`: exponent consistent with 0; negative control: the Gaussian exponent 1
    ///   must be excluded.
    /// Default profile: the calibrated grid ``DeepLinearPhaseConfiguration/ci``; deep profile:
    /// ``DeepLinearPhaseConfiguration/deep``. The full grid of loss ratios is
    /// ``DeepLinearPhaseDiagram/measure(_:baseSeed:)``.
    ///
    /// Resolution against the standing ±0.15 exponent target: reached neither at ci nor at deep, and
    /// more networks cannot change that. A check with an allowance resolves no better than the
    /// allowance, and this claim's τ = 0.3 (the finite-size bend of m* = a + bL on log–log axes, see
    /// ``gaussianExponentTolerance``) is twice the target. At ci the fit resolves about ±0.60: τ plus
    /// 0.30 of sampling over 25 points (5 depths × 5 seeds, each a bisection over trained networks).
    /// The reported resolution also leaves out the width grid: a critical width is only known to lie
    /// between two neighbouring grid widths, which can tilt the fitted slope by up to
    /// q = ½·ln g·Σ|x − x̄|/Σ(x − x̄)² (g the largest ratio of neighbouring widths, x = ln L): 0.175 on
    /// the ci grid (g = 1.5, L = 4 … 64) and 0.30 on the deep grid (g = 2, L = 16 … 256). (When the
    /// boundary is exactly ∝ L and both grids double, as the deep run found, the tilt is 0; a fit
    /// cannot know that.) A sharper claim would be needed for ±0.15: on the deep depths a floor
    /// a ≤ 16 (the orthogonal critical width) still bends the slope to 0.87, so even a grid of ratio
    /// 2^¼ (q = 0.075) leaves an allowance of about 0.2. The sharp estimator of the sweep
    /// `dl-phase-boundary` (``DeepLinearPhaseBoundary``: half-trainable widths from 2,800 single
    /// networks per width, L = 8 … 64, 39 minutes on two cores) finds that sharper claim: the
    /// log–log slope bends to 0.93, but m½ = a + b·L^p has p = 1.024 ± 0.006. A check of p = 1 would
    /// resolve ±0.048 from sampling and ±0.14 once the probit shape's misfit is allowed for, so
    /// ±0.05 needs a shape-free estimator (docs/THEORY.md, DL-PHASE).
    /// The depth-independent orthogonal widths are exact (resolution 0).
    public static let phaseDiagram = Claim(
        id: "DL-PHASE", family: family, theorySection: theorySection, citation: paper + ", Figure 1",
        statement: "Critical width m*(L) ∝ L for Gaussian init (exponent ≈ 1, ≠ 0) and independent of L for orthogonal init",
        kind: .scalingLaw,
        keyNumberSeeds: [phaseKeySeed],
        keyNumbers: {
            let c = DeepLinearPhaseConfiguration.ci
            let cells = [(DeepLinearInitialisation.gaussian, 8), (.gaussian, 24), (.orthogonal, 8), (.orthogonal, 24)]
            return [.vector("ℓ(T)/ℓ(0) at L = 16 (ci grid, seed \(phaseKeySeed)) for (Gaussian, m = 8), (Gaussian, 24), (orthogonal, 8), (orthogonal, 24)",
                            cells.map { c.lossRatio($0.0, width: $0.1, depth: 16, seed: phaseKeySeed) }, .relative(1e-6),
                            reason: "400 GD steps (or fewer: training stops at ε) through 16 layers; GEMM rounding changes (a new kernel's summation order) move the ratio by ≲ 1e-10 relative, a changed model or step size by O(1)")]
        }
    ) { settings in
        [phaseLaw("DL-PHASE/gaussian", .gaussian, settings: settings,
                  assertion: .consistentWith(exponent: 1, tolerance: gaussianExponentTolerance), mustReject: [0]),
         phaseLaw("DL-PHASE/orthogonal", .orthogonal, settings: settings,
                  assertion: .consistentWith(exponent: 0, tolerance: 0), mustReject: [1])]
    }
}
