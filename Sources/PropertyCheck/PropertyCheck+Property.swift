import PropertyCheckStatistics

/// Property checks: "for all generated values, the property holds".
extension PropertyCheck {
    /// Runs `property` on generated cases and returns the report.
    ///
    /// Case k draws its choices from `RandomStream(seed: runSeed, stream: k)`. The first failing
    /// case is shrunk over its recorded choices to the simplest failing case, and the report carries
    /// a replay line for it. When `THEORYCHECK_REPLAY` names this check, only that case runs.
    /// After the cases, every falsifier (a wrong variant of the property) is run and must be
    /// rejected; otherwise the check fails.
    ///
    /// - Parameters:
    ///   - name: the check's id; also the default `--filter` of the replay line.
    ///   - generator: produces the cases.
    ///   - settings: per-check settings (layered as described on ``CheckSettings``).
    ///   - coverage: label frequencies the cases must reach.
    ///   - falsifiers: negative controls that must fail.
    ///   - property: throws (``CheckFailure`` via the context's assertions, or any error) when the
    ///     case violates the property.
    public static func check<Value>(
        _ name: String, _ generator: Gen<Value>, settings: CheckSettings = CheckSettings(),
        coverage: [CoverageRequirement] = [], falsifiers: [Falsifier<Value>] = [],
        property: @escaping (Value, CaseContext) throws -> Void
    ) -> CheckReport {
        let clock = ContinuousClock()
        let start = clock.now
        let resolved = ResolvedSettings(name: name, settings: settings)
        var report = CheckReport(name: name, kind: .property, settings: resolved)
        let engine = CaseEngine(generator: generator, property: property, settings: resolved)

        if let token = resolved.replay {
            engine.replay(token, into: &report)
        } else {
            let outcome = engine.run(runSeed: resolved.runSeed, shrink: true, start: start)
            engine.record(outcome, coverage: coverage, into: &report)
            for (index, falsifier) in falsifiers.enumerated() {
                let wrong = CaseEngine(generator: generator, property: falsifier.property, settings: resolved)
                let result = NegativeControlResult.evaluate(
                    name: falsifier.name, minimumPower: falsifier.minimumPower,
                    replicates: falsifier.replicates, alpha: resolved.alpha
                ) { r in
                    let seed = NegativeControlResult.replicateSeed(runSeed: resolved.runSeed, falsifier: index, replicate: r)
                    let o = wrong.run(runSeed: seed, shrink: false, start: clock.now, timeLimited: false)
                    if let f = o.failure {
                        return (true, "case \(f.caseIndex.map(String.init) ?? "?"): \(f.minimalCase) — \(f.message)")
                    }
                    if let error = o.generatorError { return (false, "generator failed: \(error)") }
                    return (false, "all \(o.casesRun) cases passed")
                }
                report.negativeControls.append(result)
                if !result.passed { report.verdict = .failed }
            }
        }
        report.seconds = (clock.now - start).seconds
        return report
    }

    /// A property check whose property tests a *subject* (an implementation, a formula); each
    /// falsifier is the same property applied to a deliberately wrong subject.
    public static func check<Value, Subject: Sendable>(
        _ name: String, _ generator: Gen<Value>, subject: Subject,
        falsifiers: [(name: String, subject: Subject)], settings: CheckSettings = CheckSettings(),
        coverage: [CoverageRequirement] = [],
        property: @escaping @Sendable (Value, Subject, CaseContext) throws -> Void
    ) -> CheckReport {
        check(name, generator, settings: settings, coverage: coverage,
              falsifiers: falsifiers.map { wrong in
                  Falsifier(wrong.name) { value, context in try property(value, wrong.subject, context) }
              }) { value, context in try property(value, subject, context) }
    }
}
