import PropertyCheckStatistics

/// Statistical checks: claims that hold in probability, decided at a stated false-failure
/// probability α (the check's share of the run's ``ErrorBudget``).
extension PropertyCheck {
    /// Runs `evidence` once and passes when it is consistent with the claim.
    ///
    /// α: the check's α from the settings (by default the Bonferroni share of the family budget)
    /// is split equally between the main decision and each negative control whose stated power is
    /// below 1 (those controls are themselves random). The main decision and every falsifier run at
    /// α_decision = α / (1 + stochastic controls); a control fails when its rejection count is
    /// implausibly low at level α_decision (see ``Falsifier``). So a true claim with correctly
    /// stated powers fails with probability ≤ α.
    ///
    /// When `THEORYCHECK_REPLAY` names this check, the run uses the token's run seed.
    public static func statistical(
        _ name: String, settings: CheckSettings = CheckSettings(),
        falsifiers: [StatisticalFalsifier] = [],
        evidence: @escaping (StatisticalContext) throws -> StatisticalEvidence
    ) -> CheckReport {
        let clock = ContinuousClock()
        let start = clock.now
        let resolved = ResolvedSettings(name: name, settings: settings)
        var report = CheckReport(name: name, kind: .statistical, settings: resolved)
        let stochasticControls = falsifiers.filter { $0.minimumPower < 1 }.count
        let alpha = resolved.alpha / Double(1 + stochasticControls)
        report.alphaSource = resolved.alphaSource
            + (stochasticControls > 0 ? "; split over the decision and \(stochasticControls) random negative control(s): α = \(formatProbability(alpha)) each" : "")
        if let note = ErrorBudgetLedger.note(afterRecording: name, settings: resolved) { report.notes.append(note) }
        let runSeed = resolved.replay?.runSeed ?? resolved.runSeed
        report.runSeed = runSeed
        if let token = resolved.replay { report.notes.append("replayed run seed of \(token) (THEORYCHECK_REPLAY)") }
        if let token = resolved.replay, token.caseIndex != nil {
            report.verdict = .failed
            report.notes.append(ReplayToken.refusal("a statistical check replays a whole run: its token is <check>@<run seed> without a case part, not \(token)"))
            report.seconds = (clock.now - start).seconds
            return report
        }

        let context = StatisticalContext(alpha: alpha, runSeed: runSeed, settings: resolved)
        do {
            var result = try evidence(context)
            result.resolution = result.resolution?.withStandardTarget(profile: resolved.profile)
            report.statistics = result
            report.casesRun = result.sampleSize
            if !result.consistent { report.verdict = .failed }
        } catch {
            report.verdict = .failed
            report.notes.append("the evidence could not be computed: \(error)")
        }
        if resolved.replay == nil {
            for (index, falsifier) in falsifiers.enumerated() {
                let control = NegativeControlResult.evaluate(
                    name: falsifier.name, minimumPower: falsifier.minimumPower,
                    replicates: falsifier.replicates, alpha: alpha
                ) { r in
                    let seed = NegativeControlResult.replicateSeed(runSeed: runSeed, falsifier: index, replicate: r)
                    do {
                        let e = try falsifier.evidence(StatisticalContext(alpha: alpha, runSeed: seed, settings: resolved))
                        return (!e.consistent, e.description)
                    } catch {
                        // An evidence function that cannot even run has not shown the check can reject.
                        return (false, "could not be computed: \(error)")
                    }
                }
                report.negativeControls.append(control)
                if !control.passed { report.verdict = .failed }
            }
            if report.passed, let main = report.statistics {
                calibrate(&report, plan: CalibratedControl.plan(for: main), runSeed: runSeed) { plan, seed in
                    CalibratedControl.judge(plan, fresh: try evidence(StatisticalContext(alpha: alpha, runSeed: seed, settings: resolved)),
                                            freshSeed: seed)
                }
            }
        }
        if !report.passed {
            report.setReplay(ReplayToken(checkName: name, runSeed: runSeed), testFilter: resolved.testFilter)
        }
        report.seconds = (clock.now - start).seconds
        return report
    }

    /// Adds the ``CalibratedControl`` to a passing report: `judgeFreshRun(seed)` reruns the check
    /// on the fresh seed and judges the plan against it (the report notes why a check has none).
    static func calibrate(_ report: inout CheckReport, plan: CalibratedControl.Plan, runSeed: UInt64,
                          judgeFreshRun: (CalibratedControl.Plan, UInt64) throws -> NegativeControlResult?) {
        if case let .notApplicable(reason) = plan {
            report.notes.append("no calibrated control: \(reason)")
            return
        }
        let seed = CalibratedControl.freshSeed(runSeed: runSeed)
        let control: NegativeControlResult
        do {
            control = try judgeFreshRun(plan, seed)
                ?? CalibratedControl.result(replicates: 1, rejections: 0, detail: "no judgement for this plan")
        } catch {
            control = CalibratedControl.result(replicates: 1, rejections: 0, detail: "the fresh run could not be computed: \(error)")
        }
        report.negativeControls.append(control)
        if !control.passed { report.verdict = .failed }
    }

    /// "E[X] = μ" for X drawn from `sampler`, from `samples` draws (scaled by the profile).
    /// Each falsifier is a wrong sampler whose mean is not μ, with its stated power.
    public static func mean(
        _ name: String, of sampler: Gen<Double>, equals mu: Double, samples: Int,
        method: MeanMethod = .studentT, settings: CheckSettings = CheckSettings(),
        falsifiers: [(name: String, sampler: Gen<Double>, minimumPower: Double)] = []
    ) -> CheckReport {
        @Sendable func decide(_ gen: Gen<Double>, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let n = context.scaled(samples)
            return try StatisticalEvidence.mean(try context.draw(gen, count: n), equals: mu, method: method,
                                                alpha: context.alpha)
        }
        return statistical(name, settings: settings, falsifiers: falsifiers.map { f in
            StatisticalFalsifier(f.name, minimumPower: f.minimumPower) { try decide(f.sampler, $0) }
        }) { try decide(sampler, $0) }
    }

    /// "P(event) = p" for events drawn from `sampler`.
    public static func proportion(
        _ name: String, of sampler: Gen<Bool>, equals p: Double, samples: Int,
        method: ProportionMethod = .clopperPearson, settings: CheckSettings = CheckSettings(),
        falsifiers: [(name: String, sampler: Gen<Bool>, minimumPower: Double)] = []
    ) -> CheckReport {
        @Sendable func decide(_ gen: Gen<Bool>, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let n = context.scaled(samples)
            let successes = try context.draw(gen, count: n).filter { $0 }.count
            return StatisticalEvidence.proportion(successes: successes, trials: n, equals: p, method: method,
                                                  alpha: context.alpha)
        }
        return statistical(name, settings: settings, falsifiers: falsifiers.map { f in
            StatisticalFalsifier(f.name, minimumPower: f.minimumPower) { try decide(f.sampler, $0) }
        }) { try decide(sampler, $0) }
    }

    /// "X and Y have the same distribution" (two-sample Kolmogorov–Smirnov), `samples` draws of each.
    public static func sameDistribution(
        _ name: String, _ x: Gen<Double>, _ y: Gen<Double>, samples: Int,
        settings: CheckSettings = CheckSettings(),
        falsifiers: [(name: String, y: Gen<Double>, minimumPower: Double)] = []
    ) -> CheckReport {
        @Sendable func decide(_ y: Gen<Double>, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let n = context.scaled(samples)
            return try StatisticalEvidence.sameDistribution(try context.draw(x, count: n), try context.draw(y, count: n),
                                                            alpha: context.alpha)
        }
        return statistical(name, settings: settings, falsifiers: falsifiers.map { f in
            StatisticalFalsifier(f.name, minimumPower: f.minimumPower) { try decide(f.y, $0) }
        }) { try decide(y, $0) }
    }

    /// "X has the CDF F" (one-sample Kolmogorov–Smirnov), `samples` draws (scaled by the profile).
    /// Each falsifier is a wrong sampler, judged against the same F.
    public static func distribution(
        _ name: String, of sampler: Gen<Double>, cdf: @escaping @Sendable (Double) -> Double, named distributionName: String,
        samples: Int, settings: CheckSettings = CheckSettings(),
        falsifiers: [(name: String, sampler: Gen<Double>, minimumPower: Double)] = []
    ) -> CheckReport {
        @Sendable func decide(_ gen: Gen<Double>, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let n = context.scaled(samples)
            return try StatisticalEvidence.distribution(try context.draw(gen, count: n), matches: cdf, named: distributionName,
                                                        alpha: context.alpha)
        }
        return statistical(name, settings: settings, falsifiers: falsifiers.map { f in
            StatisticalFalsifier(f.name, minimumPower: f.minimumPower) { try decide(f.sampler, $0) }
        }) { try decide(sampler, $0) }
    }
}
