import PropertyCheckStatistics

extension Duration {
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}

/// Runs the cases of one property (or one falsifier) and shrinks failures.
struct CaseEngine<Value> {
    let generator: Gen<Value>
    let property: (Value, CaseContext) throws -> Void
    let settings: ResolvedSettings

    enum CaseResult {
        case passed(labels: [String], margin: Margin?)
        case discarded
        case failed(Failure)
        case generatorFailed(GeneratorError)
    }

    struct Failure {
        var message: String
        var comparison: Comparison?
        var value: String
        var notes: [String]
    }

    struct Outcome {
        var casesRun = 0
        var discarded = 0
        var tally = LabelTally()
        var failure: FailureDetail?
        var generatorError: GeneratorError?
        var gaveUp = false
        var stoppedEarly = false
        var worstMargin: Margin?
    }

    /// Generates from `source` and runs the property once.
    func runCase(_ source: inout ChoiceSource, caseIndex: Int?) -> CaseResult {
        let value: Value
        do { value = try generator.generate(&source) } catch let error as GeneratorError {
            return .generatorFailed(error)
        } catch {
            return .generatorFailed(.filterExhausted(description: "generator threw \(error)", attempts: 1))
        }
        let context = CaseContext(caseIndex: caseIndex, settings: settings)
        do {
            try property(value, context)
            return .passed(labels: context.labels, margin: context.worstMargin)
        } catch is CaseDiscarded {
            return .discarded
        } catch let failure as CheckFailure {
            return .failed(Failure(message: failure.message, comparison: failure.comparison,
                                   value: describe(value), notes: context.notes + context.labels.map { "label: \($0)" }))
        } catch {
            return .failed(Failure(message: "threw \(error)", comparison: nil, value: describe(value),
                                   notes: context.notes))
        }
    }

    /// Runs the cases from `runSeed`. With `timeLimited` and a finite ``ResolvedSettings/timeBudget``
    /// the run stops (and says so) once the budget is spent after at least one case; negative
    /// controls pass `false`, since a control cut short by a slow machine would count as not
    /// rejected.
    func run(runSeed: UInt64, shrink: Bool, start: ContinuousClock.Instant, timeLimited: Bool = true) -> Outcome {
        var outcome = Outcome()
        let deadline = timeLimited ? Self.deadline(from: start, budget: settings.timeBudget) : nil
        var k = 0
        while outcome.casesRun < settings.cases {
            if let deadline, ContinuousClock.now >= deadline && outcome.casesRun > 0 { outcome.stoppedEarly = true; break }
            if outcome.discarded > settings.maxDiscardRatio * max(settings.cases, 1) { outcome.gaveUp = true; break }
            var source = ChoiceSource(stream: RandomStream(seed: runSeed, stream: UInt64(k)))
            let result = runCase(&source, caseIndex: k)
            switch result {
            case .passed(let labels, let margin):
                outcome.casesRun += 1
                outcome.tally.add(labels)
                if let margin, outcome.worstMargin == nil || margin.fraction > outcome.worstMargin!.fraction {
                    outcome.worstMargin = margin
                }
            case .discarded:
                outcome.discarded += 1
            case .generatorFailed(let error):
                outcome.generatorError = error
                return outcome
            case .failed(let failure):
                outcome.casesRun += 1
                outcome.failure = shrink
                    ? self.shrink(failure, choices: source.recorded, caseIndex: k)
                    : FailureDetail(message: failure.message, comparison: failure.comparison, caseIndex: k,
                                    originalCase: failure.value, minimalCase: failure.value,
                                    minimalChoices: source.recorded, shrinkAttempts: 0, shrinkSteps: 0,
                                    notes: failure.notes)
                return outcome
            }
            k += 1
        }
        return outcome
    }

    /// `start` + `budget` seconds, or nil (no deadline) for an infinite budget.
    static func deadline(from start: ContinuousClock.Instant, budget: Double) -> ContinuousClock.Instant? {
        budget.isFinite ? start + .seconds(budget) : nil
    }

    func shrink(_ failure: Failure, choices: [UInt64], caseIndex: Int?) -> FailureDetail {
        // Shrinking gets its own time allowance, equal to the check's budget.
        var shrinker = Shrinker(
            best: choices, failure: failure, maxAttempts: settings.maxShrinkAttempts,
            deadline: Self.deadline(from: ContinuousClock.now, budget: settings.timeBudget)
        ) { candidate in
            var source = ChoiceSource(replaying: candidate)
            if case .failed(let f) = self.runCase(&source, caseIndex: nil) { return (source.recorded, f) }
            return nil
        }
        shrinker.shrink()
        let minimal = shrinker.bestFailure
        return FailureDetail(
            message: minimal.message, comparison: minimal.comparison, caseIndex: caseIndex,
            originalCase: failure.value, minimalCase: minimal.value, minimalChoices: shrinker.best,
            shrinkAttempts: shrinker.attempts, shrinkSteps: shrinker.improvements, notes: minimal.notes)
    }

    func record(_ outcome: Outcome, coverage: [CoverageRequirement], into report: inout CheckReport) {
        report.casesRun = outcome.casesRun
        report.casesDiscarded = outcome.discarded
        report.worstMargin = outcome.worstMargin
        report.labels = outcome.tally.distribution(over: outcome.casesRun)
        if outcome.stoppedEarly {
            report.notes.append("stopped after \(outcome.casesRun) of \(settings.cases) cases: time budget of \(formatNumber(settings.timeBudget)) s spent")
        }
        if let error = outcome.generatorError {
            report.verdict = .failed
            report.notes.append("generator failed after \(outcome.casesRun) cases: \(error)")
            return
        }
        if let failure = outcome.failure {
            report.verdict = .failed
            report.failure = failure
            report.setReplay(ReplayToken(checkName: settings.name, runSeed: settings.runSeed,
                                         caseIndex: failure.caseIndex, choices: failure.minimalChoices),
                             testFilter: settings.testFilter)
            return
        }
        if outcome.gaveUp {
            report.verdict = .gaveUp
            report.notes.append("gave up: \(outcome.discarded) cases discarded by assume() against \(outcome.casesRun) run; generate valid cases directly")
            return
        }
        if outcome.casesRun == 0 { report.notes.append("no cases were run (cases = \(settings.cases)): the check is vacuous") }
        report.coverage = outcome.tally.evaluate(coverage, over: outcome.casesRun)
        if report.coverage.contains(where: { !$0.satisfied }) { report.verdict = .failed }
    }

    /// Runs only the case named by `token`: its recorded choices if present, else case k of its seed.
    func replay(_ token: ReplayToken, into report: inout CheckReport) {
        var source: ChoiceSource
        if let choices = token.choices {
            source = ChoiceSource(replaying: choices)
        } else {
            source = ChoiceSource(stream: RandomStream(seed: token.runSeed, stream: UInt64(token.caseIndex ?? 0)))
        }
        report.runSeed = token.runSeed
        report.notes.append("replayed \(token) only (THEORYCHECK_REPLAY)")
        let outcome = runCase(&source, caseIndex: token.choices == nil ? token.caseIndex : nil)
        // A recorded sequence replays exactly when the generator consumes it as recorded: every
        // choice in range, none missing, none left over. Anything else would be a different case.
        if let choices = token.choices, source.recorded != choices {
            report.verdict = .failed
            report.notes.append(ReplayToken.refusal(
                "the token's \(choices.count) choice(s) are not a sequence this check's generator makes "
                + "(it consumed \(source.recorded.count), \(zip(choices, source.recorded).filter { $0 != $1 }.count) differing); "
                + "replaying them would run a different case"))
            return
        }
        switch outcome {
        case .passed(let labels, let margin):
            report.casesRun = 1
            report.worstMargin = margin
            var tally = LabelTally()
            tally.add(labels)
            report.labels = tally.distribution(over: 1)
            report.notes.append("the replayed case passes now")
        case .discarded:
            report.casesDiscarded = 1
            report.notes.append("the replayed case was discarded by assume()")
        case .generatorFailed(let error):
            report.verdict = .failed
            report.notes.append("generator failed on the replayed case: \(error)")
        case .failed(let f):
            report.casesRun = 1
            report.verdict = .failed
            report.failure = FailureDetail(
                message: f.message, comparison: f.comparison, caseIndex: token.caseIndex, originalCase: f.value,
                minimalCase: f.value, minimalChoices: source.recorded, shrinkAttempts: 0, shrinkSteps: 0, notes: f.notes)
            report.setReplay(token, testFilter: settings.testFilter)
        }
    }
}

/// A value as text for a report, cut to a readable length.
func describe<Value>(_ value: Value) -> String {
    let text = String(describing: value)
    let limit = 1_500
    return text.count <= limit ? text : String(text.prefix(limit)) + " … (\(text.count) characters)"
}
