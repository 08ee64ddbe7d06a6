import Fixtures
import Foundation
import Numerics
import PropertyCheck

extension NTKClaims {
    /// The sweep reported for NTK-LINEAR-REGIME at a profile: `ci` a small grid (width 32, depths
    /// 4 and 16), `deep` the full grid (width 128, depths 2…64).
    public static func trainingSpeedGrid(profile: Profile) -> NTKTrainingSpeedGrid {
        switch profile {
        case .quick, .ci:
            return NTKTrainingSpeedGrid.run(width: 32, depths: [4, 16], learningRateFactors: [0.5, 1.5, 3], steps: 50, seeds: 4)
        case .deep:
            return NTKTrainingSpeedGrid.run(width: 128, depths: [2, 4, 8, 16, 32, 64], learningRateFactors: [0.25, 0.5, 1, 1.5, 2, 3],
                                            steps: 100, seeds: 8)
        }
    }

    /// The cell where the paper's statement is checked: linear regime, width 32, depth 16,
    /// η = 2/λ_ref (factor 1), 50 steps.
    static let linearRegimeCheckCell = (width: 32, depth: 16, factor: 1.0, steps: 50)

    /// NTK-LINEAR-REGIME: outside the kernel regime, with tanh in the linear regime (σ_w = 1,
    /// σ_b = 0.05), orthogonal initialisation trains faster than Gaussian at large learning rates
    /// and depths (Huang, Du & Xu, arXiv 2004.05867, §5, Figs. 3–4). An experiment: the sweep over
    /// learning rate × depth is ``trainingSpeedGrid(profile:)`` (data for a phase diagram). The part
    /// that is robust in our runs is checked: at depth 16, width 32, η = 2/λ_ref, the orthogonal net
    /// ends 50 steps with the smaller loss than its Gaussian partner in more than half of the seed
    /// pairs (one-sided sign test, Clopper–Pearson, at the check's α). The number of pairs is
    /// planned from a 40-pair pilot so that the false-failure probability (1 − power, which α does
    /// not control) is also ≤ α at the pilot's win rate: a fixed 40 pairs failed at one master seed
    /// in five (36/40 wins; at a true rate of 0.9 a 40-pair test fails with probability 0.58).
    ///
    /// The paper's second half ("alike in the nonlinear regime") is measured and reported, not
    /// gated, because it does not hold here: the regimes are told apart by the mean-field fixed
    /// point q* (``TanhMeanField``, printed for both), the nonlinear one is the critical point with
    /// q* = 2, and "alike" is read as a win rate within ½ ± 0.1 (two-sided Clopper–Pearson at 1 − α
    /// inside that band). At the same depth, width and η, orthogonal still wins about 60–75% of the
    /// pairs there, so the band is not reached; the note says so with the interval.
    /// Negative control: the same test with a second Gaussian network in place of the orthogonal
    /// one (a fair coin) must not find a winner.
    public static let linearRegime = Claim(
        id: "NTK-LINEAR-REGIME", family: family, theorySection: theorySection,
        citation: "Huang, Du & Xu, IJCAI 2021 (arXiv 2004.05867), §5 and Figs. 3–4",
        statement: "tanh in the linear regime (σ_w = 1, small σ_b): at large depth and learning rate, orthogonal init reaches a lower loss than Gaussian",
        kind: .statistical, keyNumberSeeds: [0x4e54_4b4c_5253],
        keyNumbers: {
            let sweep = trainingSpeedGrid(profile: .ci)
            return [
                .vector("orthogonal win fraction per cell (regime, depth, factor in sweep order), ci sweep", sweep.cells.map(\.orthogonalWinFraction),
                        .absolute(0.25), reason: "each entry counts 4 seed pairs; a rounding change can flip one comparison of two converged (rounding-level) losses, moving an entry by ¼; a changed sampler or update moves many"),
                .vector("Gaussian failed-to-train fraction (ℒ_T ≥ ℒ₀) per cell, ci sweep", sweep.cells.map(\.gaussianFailedFraction),
                        .absolute(0.25), reason: "as above: a run at a rate near the stability edge can flip for one seed"),
            ]
        }
    ) { settings in [linearRegimeCheck(settings)] }

    /// Pair s of a run: a Gaussian and an orthogonal (or a second Gaussian) tanh net of the check
    /// cell's shape in `regime`, from the context's next two streams.
    static func regimePair(_ regime: NTKTrainingSpeedGrid.Regime, secondIsGaussian: Bool, _ context: StatisticalContext)
        -> (gaussian: FullyConnectedNetwork, orthogonal: FullyConnectedNetwork) {
        let cell = linearRegimeCheckCell
        let widths = FullyConnectedNetwork.scalarOutputWidths(inputDimension: NTKTrainingSpeedGrid.trainingData.inputs.columns,
                                                               width: cell.width, depth: cell.depth)
        var g = context.nextStream(), o = context.nextStream()
        return (FullyConnectedNetwork(widths: widths, activation: .tanh, sigmaW: regime.sigmaW, sigmaB: regime.sigmaB,
                                      initialisation: .gaussian, using: &g),
                FullyConnectedNetwork(widths: widths, activation: .tanh, sigmaW: regime.sigmaW, sigmaB: regime.sigmaB,
                                      initialisation: secondIsGaussian ? .gaussian : .orthogonal, using: &o))
    }

    /// The regime measure of (σ_w, σ_b): q*, χ and the share of pre-activations beyond |h| = 1.
    static func regimeMeasure(_ regime: NTKTrainingSpeedGrid.Regime) -> String {
        let q = TanhMeanField.fixedPoint(sigmaW: regime.sigmaW, sigmaB: regime.sigmaB)
        return String(format: "%@ regime σ_w = %.4g, σ_b = %.4g: q* = %.4g, χ = %.4g, %.1f%% of pre-activations beyond |h| = 1",
                      regime.name, regime.sigmaW, regime.sigmaB, q, TanhMeanField.chi(sigmaW: regime.sigmaW, q: q),
                      100 * TanhMeanField.saturatedFraction(q: q))
    }

    /// Pairs measured in the nonlinear regime for the reported "alike" comparison, and the
    /// confidence of its interval (a report, not a gate, so not at the check's α).
    static let nonlinearPairs = 128, nonlinearConfidence = 0.99

    /// The nonlinear half, measured on the run's next streams: orthogonal's wins out of
    /// ``nonlinearPairs`` at the check cell's shape and η = 2·factor/λ_ref (λ_ref from these pairs),
    /// with the two-sided Clopper–Pearson interval and its reading against the band ½ ± 0.1: inside
    /// it (alike shown), wholly outside (a difference of more than 0.1 shown), or neither.
    static func nonlinearObservation(_ context: StatisticalContext) -> String {
        let cell = linearRegimeCheckCell, regime = NTKTrainingSpeedGrid.defaultRegimes[1]
        let pairs = (0..<nonlinearPairs).map { _ in regimePair(regime, secondIsGaussian: false, context) }
        let rate = 2 * cell.factor / NTKTrainingSpeedGrid.referenceScale(pairs)
        let data = NTKTrainingSpeedGrid.trainingData
        let won = independentRunsInParallel(pairs.count) { i in
            NTKTrainingSpeedGrid.lossRatio(pairs[i].orthogonal, rate: rate, steps: cell.steps, data: data)
                < NTKTrainingSpeedGrid.lossRatio(pairs[i].gaussian, rate: rate, steps: cell.steps, data: data)
        }
        let wins = won.filter { $0 }.count
        let interval = Statistics.clopperPearsonInterval(successes: wins, trials: pairs.count, confidence: nonlinearConfidence)
        let reading = interval.lower > 0.4 && interval.upper < 0.6 ? "inside ½ ± 0.1: alike"
            : (interval.lower > 0.6 || interval.upper < 0.4 ? "outside ½ ± 0.1: the two do not behave alike" : "overlaps the band ½ ± 0.1: undecided")
        return String(format: "nonlinear half (reported): orthogonal won %d/%d pairs, %.0f%% interval [%.3f, %.3f], ", wins, pairs.count,
                      100 * nonlinearConfidence, interval.lower, interval.upper) + reading
    }

    static func linearRegimeCheck(_ settings: CheckSettings) -> CheckReport {
        let cell = linearRegimeCheckCell
        let regime = NTKTrainingSpeedGrid.defaultRegimes[0]
        @Sendable func signTest(secondIsGaussian: Bool, maximumPairs: Int, _ context: StatisticalContext) throws -> StatisticalEvidence {
            // Pair s: a Gaussian and an orthogonal (or, in the control, a second Gaussian) net from the
            // context's streams; both trained at the same η = 2·factor/λ_ref, with λ_ref the median
            // λ_max(Θ̂₀) of the pilot's networks (fixed before any fresh pair is drawn).
            func pair() -> (gaussian: FullyConnectedNetwork, orthogonal: FullyConnectedNetwork) {
                regimePair(regime, secondIsGaussian: secondIsGaussian, context)
            }
            let pilotPairs = context.scaled(40, minimum: 40)
            let pilot = (0..<pilotPairs).map { _ in pair() }
            let rate = 2 * cell.factor / NTKTrainingSpeedGrid.referenceScale(pilot)
            let data = NTKTrainingSpeedGrid.trainingData
            var drawn = 0
            let second = secondIsGaussian ? "a second Gaussian" : "orthogonal"
            // "P(win) > ½" is established when the one-sided 1 − α lower confidence bound exceeds ½;
            // the number of pairs is planned from the pilot so that a true effect that large fails to
            // be shown with probability ≤ α as well.
            return try StatisticalEvidence.proportionExceeds(
                "P(\(second) net ends with the lower loss) > ½ (tanh, σ_w = 1, σ_b = 0.05, depth \(cell.depth), width \(cell.width), η = 2/λ_ref, \(cell.steps) steps)",
                threshold: 0.5, pilotTrials: pilotPairs, maximumTrials: Swift.max(pilotPairs, maximumPairs), alpha: context.alpha,
                falseFailureTarget: context.alpha
            ) { (count: Int) in
                // The pairs are drawn in order on this thread (the pilot's first, then fresh ones
                // from the next streams), so pair i is the one a trial-at-a-time loop would train;
                // only the training runs on both cores.
                let nets = (0..<count).map { i in drawn + i < pilot.count ? pilot[drawn + i] : pair() }
                drawn += count
                return independentRunsInParallel(count) { i in
                    NTKTrainingSpeedGrid.lossRatio(nets[i].orthogonal, rate: rate, steps: cell.steps, data: data)
                        < NTKTrainingSpeedGrid.lossRatio(nets[i].gaussian, rate: rate, steps: cell.steps, data: data)
                }
            }
        }
        var observations: [String] = []
        var report = PropertyCheck.statistical(
            "NTK-LINEAR-REGIME", settings: settings,
            falsifiers: [StatisticalFalsifier("a second Gaussian net in place of the orthogonal one", minimumPower: 1) {
                // A fair coin: its pilot plans the maximum, kept at the pilot's size to bound the cost.
                try signTest(secondIsGaussian: true, maximumPairs: 40, $0)
            }]) { context in
                let evidence = try signTest(secondIsGaussian: false, maximumPairs: 320, context)
                // Drawn after the decision's pairs, so the decision is the same with or without it.
                observations = NTKTrainingSpeedGrid.defaultRegimes.map(regimeMeasure) + [nonlinearObservation(context)]
                return evidence
            }
        report.notes += observations
        return report
    }
}
