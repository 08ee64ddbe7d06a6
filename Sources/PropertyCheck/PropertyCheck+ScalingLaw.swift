import Foundation
import PropertyCheckStatistics

/// Scaling-law checks: "y ∝ x^b" over a sweep of x.
extension PropertyCheck {
    /// Measures y at every x of `sweep`, `repeats` times each, fits ln y = a + b ln x by least
    /// squares over all (x, y) pairs, and judges the exponent b by its 1 − α t interval.
    ///
    /// The decision is ``ScalingEvidence/Assertion/holds(lower:upper:)`` (see its cases:
    /// consistent with b₀ ± τ, at most b₀, excludes b₀, below b₀).
    /// - `mustReject` lists exponents the data must rule out (each is a deterministic negative
    ///   control on the same fit: the check fails if the interval is consistent with one of them).
    ///
    /// Measurement r at sweep point i uses `RandomStream(seed: runSeed, stream: i·repeats + r)`.
    /// Every y must be finite and positive.
    ///
    /// The interval assumes independent, homoscedastic, roughly normal residuals in log space; with
    /// many repeats the t interval is asymptotically valid for any finite-variance residuals, but at
    /// tiny α its tail relies on that approximation. Measuring y as a root-mean-square over a small
    /// batch makes ln y close to normal.
    public static func scalingLaw(
        _ name: String, quantity: String = "y", sweep: [Double], repeats: Int,
        assertion: ScalingEvidence.Assertion, mustReject: [Double] = [],
        settings: CheckSettings = CheckSettings(),
        measure: (Double, inout RandomStream) throws -> Double
    ) -> CheckReport {
        require(Set(sweep).count >= 2 && sweep.allSatisfy { $0 > 0 && $0.isFinite },
                        "scalingLaw('\(name)'): the sweep needs ≥ 2 distinct finite positive x values")
        require(repeats >= 1 && sweep.count * repeats >= 3,
                        "scalingLaw('\(name)'): needs repeats ≥ 1 and at least 3 measurements")
        let clock = ContinuousClock()
        let start = clock.now
        let resolved = ResolvedSettings(name: name, settings: settings)
        var report = CheckReport(name: name, kind: .scalingLaw, settings: resolved)
        let alpha = resolved.alpha
        report.alphaSource = resolved.alphaSource
        if let note = ErrorBudgetLedger.note(afterRecording: name, settings: resolved) { report.notes.append(note) }
        let runSeed = resolved.replay?.runSeed ?? resolved.runSeed
        report.runSeed = runSeed
        if let token = resolved.replay { report.notes.append("replayed run seed of \(token) (THEORYCHECK_REPLAY)") }
        if let token = resolved.replay, token.caseIndex != nil {
            report.verdict = .failed
            report.notes.append(ReplayToken.refusal("a scaling-law check replays a whole run: its token is <check>@<run seed> without a case part, not \(token)"))
            report.seconds = (clock.now - start).seconds
            return report
        }

        // One sweep on the streams of `seed`: the fit, its interval and the per-x mean of ln y.
        var measured = 0
        func sweepAndFit(seed: UInt64) throws -> (fit: LinearFit, interval: ConfidenceInterval, meanLogY: [Double]) {
            var logX: [Double] = [], logY: [Double] = [], meanLogY: [Double] = []
            for (i, x) in sweep.enumerated() {
                var sum = 0.0
                for r in 0..<repeats {
                    var stream = RandomStream(seed: seed, stream: UInt64(i * repeats + r))
                    let y = try measure(x, &stream)
                    guard y.isFinite && y > 0 else {
                        throw CheckFailure(message: "\(quantity) = \(y) at x = \(x) (repeat \(r)); a power law needs finite positive values")
                    }
                    logX.append(Foundation.log(x)); logY.append(Foundation.log(y)); sum += Foundation.log(y)
                    measured += 1
                }
                meanLogY.append(sum / Double(repeats))
            }
            let fit = try Statistics.linearRegression(x: logX, y: logY)
            return (fit, fit.slopeInterval(confidence: 1 - alpha), meanLogY)
        }

        do {
            let (fit, interval, meanLogY) = try sweepAndFit(seed: runSeed)
            let consistent = assertion.holds(lower: interval.lower, upper: interval.upper)
            report.scaling = ScalingEvidence(
                quantity: quantity, assertion: assertion, exponent: fit.slope, lower: interval.lower,
                upper: interval.upper, intercept: fit.intercept, xs: sweep, meanLogY: meanLogY, repeats: repeats,
                residualStandardDeviation: fit.residualVariance.squareRoot(), alpha: alpha, consistent: consistent,
                resolution: Resolution.ofSlope(fit, interval: interval, assertions: [assertion], alpha: alpha, scale: .exponent)
                    .withStandardTarget(profile: resolved.profile))
            report.casesRun = measured
            if !consistent { report.verdict = .failed }
            for wrong in mustReject {
                let rejected = ScalingEvidence.Assertion.excludes(exponent: wrong).holds(lower: interval.lower, upper: interval.upper)
                report.negativeControls.append(NegativeControlResult(
                    name: "exponent \(formatNumber(wrong))", replicates: 1, rejections: rejected ? 1 : 0,
                    minimumPower: 1, lowerTailProbability: rejected ? 1 : 0, alpha: 0,
                    detail: "interval [\(formatNumber(interval.lower)), \(formatNumber(interval.upper))] \(rejected ? "excludes" : "contains") it"))
                if !rejected { report.verdict = .failed }
            }
            if report.passed, resolved.replay == nil, let scaling = report.scaling {
                calibrate(&report, plan: CalibratedControl.plan(for: CalibratedControl.interval(of: scaling), alpha: alpha), runSeed: runSeed) { plan, seed in
                    let fresh = try sweepAndFit(seed: seed)
                    var interval = CalibratedControl.interval(of: scaling)
                    interval.estimate = fresh.fit.slope
                    interval.lower = fresh.interval.lower; interval.upper = fresh.interval.upper
                    return CalibratedControl.judge(plan, fresh: interval, freshSeed: seed)
                }
            }
        } catch {
            report.verdict = .failed
            report.casesRun = measured
            report.notes.append("the sweep could not be fitted: \(error)")
        }
        if !report.passed {
            report.setReplay(ReplayToken(checkName: name, runSeed: runSeed), testFilter: resolved.testFilter)
        }
        report.seconds = (clock.now - start).seconds
        return report
    }
}
