import PropertyCheckStatistics

/// How a mean is compared with its claim.
public enum MeanMethod: Sendable, Hashable {
    /// Student t interval: exact level for normal data, asymptotic otherwise (finite variance).
    case studentT
    /// Hoeffding interval for variables with values in `bounds`: guaranteed level, any distribution.
    case hoeffding(bounds: ClosedRange<Double>)
    /// Empirical Bernstein interval (Maurer–Pontil) for values in `bounds`: guaranteed level,
    /// much narrower than Hoeffding when the variance is small.
    case bernstein(bounds: ClosedRange<Double>)
}

/// How a proportion is compared with its claim.
public enum ProportionMethod: Sendable, Hashable {
    /// Wilson score interval (approximate level, good for np ≳ 5).
    case wilson
    /// Clopper–Pearson interval (guaranteed level ≥ 1 − α, conservative).
    case clopperPearson
}

/// Decisions: each turns data and α into ``StatisticalEvidence``. They are pure functions over the
/// `Statistics` routines of Numerics (the harness has no second copy of any quantile or test); a
/// statistical check calls one of them on the samples it drew.
extension StatisticalEvidence {
    /// "E[X] = μ": consistent when μ lies in the 1 − α interval for the mean.
    public static func mean(
        _ sample: [Double], equals mu: Double, method: MeanMethod = .studentT, alpha: Double,
        claim: String? = nil
    ) throws -> StatisticalEvidence {
        let interval = try meanInterval(sample, method: method, confidence: 1 - alpha)
        let summary = try SampleSummary(sample)
        return StatisticalEvidence(
            claim: claim ?? "E[X] = \(formatNumber(mu))", method: interval.method, sampleSize: sample.count,
            estimate: summary.mean, lower: interval.lower, upper: interval.upper, claimed: mu,
            alpha: alpha, consistent: interval.contains(mu),
            resolution: intervalResolution(estimate: summary.mean, lower: interval.lower, upper: interval.upper, alpha: alpha,
                                           standardError: summary.standardError,
                                           degreesOfFreedom: method == .studentT ? Double(sample.count - 1) : nil, scale: .relative, reference: mu))
    }

    /// "E[X] ≤ bound": inconsistent only when the one-sided 1 − α lower confidence bound exceeds
    /// `bound` (the two-sided interval at level 1 − 2α has that lower end).
    public static func mean(
        _ sample: [Double], atMost bound: Double, method: MeanMethod = .studentT, alpha: Double,
        claim: String? = nil
    ) throws -> StatisticalEvidence {
        let interval = try meanInterval(sample, method: method, confidence: 1 - 2 * alpha)
        let summary = try SampleSummary(sample)
        return StatisticalEvidence(
            claim: claim ?? "E[X] ≤ \(formatNumber(bound))", method: interval.method + " (one-sided)",
            sampleSize: sample.count, estimate: summary.mean, lower: interval.lower, upper: .infinity,
            claimed: bound, alpha: alpha, consistent: interval.lower <= bound, claimedRelation: "≤",
            resolution: intervalResolution(estimate: summary.mean, lower: interval.lower, upper: nil, alpha: alpha,
                                           standardError: summary.standardError,
                                           degreesOfFreedom: method == .studentT ? Double(sample.count - 1) : nil, scale: .relative, reference: bound))
    }

    /// "E[X] ≥ bound": inconsistent only when the one-sided 1 − α upper confidence bound is below it.
    public static func mean(
        _ sample: [Double], atLeast bound: Double, method: MeanMethod = .studentT, alpha: Double,
        claim: String? = nil
    ) throws -> StatisticalEvidence {
        let interval = try meanInterval(sample, method: method, confidence: 1 - 2 * alpha)
        let summary = try SampleSummary(sample)
        return StatisticalEvidence(
            claim: claim ?? "E[X] ≥ \(formatNumber(bound))", method: interval.method + " (one-sided)",
            sampleSize: sample.count, estimate: summary.mean, lower: -.infinity, upper: interval.upper,
            claimed: bound, alpha: alpha, consistent: interval.upper >= bound, claimedRelation: "≥",
            resolution: intervalResolution(estimate: summary.mean, lower: nil, upper: interval.upper, alpha: alpha,
                                           standardError: summary.standardError,
                                           degreesOfFreedom: method == .studentT ? Double(sample.count - 1) : nil, scale: .relative, reference: bound))
    }

    static func meanInterval(_ sample: [Double], method: MeanMethod, confidence: Double) throws -> ConfidenceInterval {
        let summary = try SampleSummary(sample)
        switch method {
        case .studentT: return Statistics.meanInterval(summary, confidence: confidence)
        case .hoeffding(let bounds):
            return try Statistics.hoeffdingMeanInterval(summary, bounds: bounds, confidence: confidence)
        case .bernstein(let bounds):
            return try Statistics.empiricalBernsteinMeanInterval(summary, bounds: bounds, confidence: confidence)
        }
    }

    /// "P(event) = p": consistent when p lies in the 1 − α interval for the proportion.
    public static func proportion(
        successes: Int, trials: Int, equals p: Double, method: ProportionMethod = .clopperPearson,
        alpha: Double, claim: String? = nil
    ) -> StatisticalEvidence {
        let interval = proportionInterval(successes: successes, trials: trials, method: method, confidence: 1 - alpha)
        return StatisticalEvidence(
            claim: claim ?? "P(event) = \(formatNumber(p))", method: interval.method, sampleSize: trials,
            estimate: Double(successes) / Double(trials), lower: interval.lower, upper: interval.upper,
            claimed: p, alpha: alpha, consistent: interval.contains(p),
            resolution: intervalResolution(estimate: Double(successes) / Double(trials), lower: interval.lower,
                                           upper: interval.upper, alpha: alpha,
                                           standardError: proportionStandardError(successes, trials), scale: .absolute))
    }

    /// "P(event) ≥ p" (e.g. "with probability at least 0.9"): inconsistent only when the one-sided
    /// 1 − α upper bound is below p.
    public static func proportion(
        successes: Int, trials: Int, atLeast p: Double, method: ProportionMethod = .clopperPearson,
        alpha: Double, claim: String? = nil
    ) -> StatisticalEvidence {
        let interval = proportionInterval(successes: successes, trials: trials, method: method, confidence: 1 - 2 * alpha)
        return StatisticalEvidence(
            claim: claim ?? "P(event) ≥ \(formatNumber(p))", method: interval.method + " (one-sided)",
            sampleSize: trials, estimate: Double(successes) / Double(trials), lower: 0, upper: interval.upper,
            claimed: p, alpha: alpha, consistent: interval.upper >= p, claimedRelation: "≥",
            resolution: intervalResolution(estimate: Double(successes) / Double(trials), lower: nil, upper: interval.upper,
                                           alpha: alpha, standardError: proportionStandardError(successes, trials),
                                           scale: .absolute))
    }

    /// "P(event) ≤ p": inconsistent only when the one-sided 1 − α lower bound exceeds p.
    public static func proportion(
        successes: Int, trials: Int, atMost p: Double, method: ProportionMethod = .clopperPearson,
        alpha: Double, claim: String? = nil
    ) -> StatisticalEvidence {
        let interval = proportionInterval(successes: successes, trials: trials, method: method, confidence: 1 - 2 * alpha)
        return StatisticalEvidence(
            claim: claim ?? "P(event) ≤ \(formatNumber(p))", method: interval.method + " (one-sided)",
            sampleSize: trials, estimate: Double(successes) / Double(trials), lower: interval.lower, upper: 1,
            claimed: p, alpha: alpha, consistent: interval.lower <= p, claimedRelation: "≤",
            resolution: intervalResolution(estimate: Double(successes) / Double(trials), lower: interval.lower, upper: nil,
                                           alpha: alpha, standardError: proportionStandardError(successes, trials),
                                           scale: .absolute))
    }

    /// √(p̂(1 − p̂)/n), with p̂(1 − p̂) floored at 1/n so a sample of all successes (or none) does
    /// not claim a zero standard error.
    static func proportionStandardError(_ successes: Int, _ trials: Int) -> Double {
        let n = Double(trials), p = Double(successes) / n
        return (Swift.max(p * (1 - p), 1 / n) / n).squareRoot()
    }

    static func proportionInterval(successes: Int, trials: Int, method: ProportionMethod, confidence: Double) -> ConfidenceInterval {
        switch method {
        case .wilson: return Statistics.wilsonInterval(successes: successes, trials: trials, confidence: confidence)
        case .clopperPearson:
            return Statistics.clopperPearsonInterval(successes: successes, trials: trials, confidence: confidence)
        }
    }

    /// "Var[X] = σ²" for normal data: consistent when σ² lies in the chi-square interval
    /// (exact for normal samples; not robust to other distributions).
    public static func variance(
        _ sample: [Double], equals sigmaSquared: Double, alpha: Double, claim: String? = nil
    ) throws -> StatisticalEvidence {
        let summary = try SampleSummary(sample)
        let interval = Statistics.varianceInterval(summary, confidence: 1 - alpha)
        return StatisticalEvidence(
            claim: claim ?? "Var[X] = \(formatNumber(sigmaSquared))", method: interval.method,
            sampleSize: sample.count, estimate: summary.variance, lower: interval.lower, upper: interval.upper,
            claimed: sigmaSquared, alpha: alpha, consistent: interval.contains(sigmaSquared),
            // For normal data Var[s²] = 2σ⁴/(n − 1).
            resolution: intervalResolution(estimate: summary.variance, lower: interval.lower, upper: interval.upper,
                                           alpha: alpha, standardError: summary.variance * (2 / Double(sample.count - 1)).squareRoot(),
                                           scale: .relative, reference: sigmaSquared))
    }

    /// "E[X] = E[Y]": Welch's t interval for the difference must contain 0.
    public static func meansEqual(
        _ x: [Double], _ y: [Double], alpha: Double, claim: String? = nil
    ) throws -> StatisticalEvidence {
        let sx = try SampleSummary(x), sy = try SampleSummary(y)
        let result = try Statistics.welchTTest(sx, sy, confidence: 1 - alpha)
        return StatisticalEvidence(
            claim: claim ?? "E[X] = E[Y]", method: result.interval.method, sampleSize: x.count + y.count,
            estimate: result.estimate, lower: result.interval.lower, upper: result.interval.upper, claimed: 0,
            pValue: result.pValue, alpha: alpha, consistent: result.interval.contains(0),
            resolution: intervalResolution(estimate: result.estimate, lower: result.interval.lower, upper: result.interval.upper,
                                           alpha: alpha, standardError: (sx.standardError * sx.standardError + sy.standardError * sy.standardError).squareRoot(),
                                           scale: .absolute))
    }

    /// "X and Y have the same distribution": two-sample Kolmogorov–Smirnov, consistent when p ≥ α.
    public static func sameDistribution(
        _ x: [Double], _ y: [Double], alpha: Double, claim: String? = nil
    ) throws -> StatisticalEvidence {
        let result = try Statistics.kolmogorovSmirnovTest(x, y)
        var evidence = StatisticalEvidence(
            claim: claim ?? "X and Y have the same distribution",
            method: "two-sample Kolmogorov–Smirnov (\(result.method.rawValue)), n = \(x.count), m = \(y.count)",
            sampleSize: x.count + y.count, estimate: result.statistic, statistic: result.statistic,
            pValue: result.pValue, alpha: alpha, consistent: result.pValue >= alpha,
            resolution: .kolmogorovSmirnov(effectiveSampleSize: Double(x.count) * Double(y.count) / Double(x.count + y.count),
                                           alpha: alpha))
        evidence.effectiveSampleSize = Double(x.count) * Double(y.count) / Double(x.count + y.count)
        return evidence
    }

    /// "X has CDF F": one-sample Kolmogorov–Smirnov, consistent when p ≥ α.
    public static func distribution(
        _ sample: [Double], matches cdf: (Double) -> Double, named distributionName: String, alpha: Double,
        claim: String? = nil
    ) throws -> StatisticalEvidence {
        let result = try Statistics.kolmogorovSmirnovTest(sample, cdf: cdf)
        var evidence = StatisticalEvidence(
            claim: claim ?? "X ~ \(distributionName)",
            method: "one-sample Kolmogorov–Smirnov (\(result.method.rawValue)), n = \(sample.count)",
            sampleSize: sample.count, estimate: result.statistic, statistic: result.statistic,
            pValue: result.pValue, alpha: alpha, consistent: result.pValue >= alpha,
            resolution: .kolmogorovSmirnov(effectiveSampleSize: Double(sample.count), alpha: alpha))
        evidence.effectiveSampleSize = Double(sample.count)
        return evidence
    }
}
