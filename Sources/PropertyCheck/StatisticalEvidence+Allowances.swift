import PropertyCheckStatistics

extension StatisticalEvidence {
    /// "E[X_k] = 0 up to ±allowance for every coordinate k": per-coordinate Student t intervals at
    /// level 1 − α/K (Bonferroni over the K coordinates, so the family of K intervals covers with
    /// probability ≥ 1 − α) must each meet [−allowance, allowance]. The allowance is the claim's
    /// stated bias (e.g. an O(1/n) finite-width term), not a tolerance for noise. Reports the
    /// coordinate whose interval lies farthest from the band.
    public static func meansWithinAllowance(
        _ claim: String, samples: [[Double]], labels: [String], allowance: Double, alpha: Double
    ) throws -> StatisticalEvidence {
        let k = labels.count
        require(k > 0 && samples.allSatisfy { $0.count == k } && allowance >= 0,
                "meansWithinAllowance('\(claim)'): every sample needs \(k) > 0 coordinates and the allowance must be ≥ 0")
        var worst: (gap: Double, index: Int, interval: ConfidenceInterval, mean: Double, se: Double)?
        var widest: Resolution?
        for c in 0..<k {
            let summary = try SampleSummary(samples.map { $0[c] })
            let interval = Statistics.meanInterval(summary, confidence: 1 - alpha / Double(k))
            let gap = Swift.max(interval.lower - allowance, -allowance - interval.upper)
            if worst == nil || gap > worst!.gap { worst = (gap, c, interval, summary.mean, summary.standardError) }
            // The check resolves only what its least precise entry resolves.
            let r = intervalResolution(estimate: summary.mean, lower: interval.lower, upper: interval.upper,
                                       alpha: alpha / Double(k), standardError: summary.standardError,
                                       degreesOfFreedom: Double(samples.count - 1), allowance: allowance, scale: .absolute)
            if let r, widest == nil || r.value > widest!.value { widest = r }
        }
        let w = worst!
        var evidence = StatisticalEvidence(
            claim: "\(claim); worst entry \(labels[w.index])",
            method: "Student t per entry, Bonferroni over \(k) entries, allowance ±\(formatNumber(allowance))",
            sampleSize: samples.count, estimate: w.mean, lower: w.interval.lower, upper: w.interval.upper, claimed: 0,
            alpha: alpha, consistent: w.gap <= 0, resolution: widest)
        evidence.allowance = allowance
        return evidence
    }

    /// "E[X_k] = E[Y_k] up to ±allowance for every coordinate k": per-coordinate Welch intervals for
    /// the difference at level 1 − α/K (Bonferroni), each of which must meet [−allowance, allowance].
    public static func meansAgreeWithinAllowance(
        _ claim: String, _ x: [[Double]], _ y: [[Double]], labels: [String], allowance: Double, alpha: Double
    ) throws -> StatisticalEvidence {
        let k = labels.count
        require(k > 0 && (x + y).allSatisfy { $0.count == k } && allowance >= 0,
                "meansAgreeWithinAllowance('\(claim)'): every sample needs \(k) > 0 coordinates and the allowance must be ≥ 0")
        var worst: (gap: Double, index: Int, lower: Double, upper: Double, estimate: Double)?
        var widest: Resolution?
        for c in 0..<k {
            let sx = try SampleSummary(x.map { $0[c] }), sy = try SampleSummary(y.map { $0[c] })
            let r = try Statistics.welchTTest(sx, sy, confidence: 1 - alpha / Double(k))
            let gap = Swift.max(r.interval.lower - allowance, -allowance - r.interval.upper)
            if worst == nil || gap > worst!.gap { worst = (gap, c, r.interval.lower, r.interval.upper, r.estimate) }
            let se = (sx.standardError * sx.standardError + sy.standardError * sy.standardError).squareRoot()
            let resolution = intervalResolution(estimate: r.estimate, lower: r.interval.lower, upper: r.interval.upper,
                                                alpha: alpha / Double(k), standardError: se, allowance: allowance, scale: .absolute)
            if let resolution, widest == nil || resolution.value > widest!.value { widest = resolution }
        }
        let w = worst!
        var evidence = StatisticalEvidence(
            claim: "\(claim); worst entry \(labels[w.index])",
            method: "Welch t per entry, Bonferroni over \(k) entries, allowance ±\(formatNumber(allowance))",
            sampleSize: x.count + y.count, estimate: w.estimate, lower: w.lower, upper: w.upper, claimed: 0,
            alpha: alpha, consistent: w.gap <= 0, resolution: widest)
        evidence.allowance = allowance
        return evidence
    }
}
