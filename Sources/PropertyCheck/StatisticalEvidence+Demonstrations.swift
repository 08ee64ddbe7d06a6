import PropertyCheckStatistics

/// Demonstrations: claims that something *is* so ("orthogonal wins more than half the time"), which
/// pass only when a confidence bound clears a threshold. For these, α bounds the probability of
/// passing a false claim, while the probability of failing a true one is 1 − power, which α does not
/// control: it must be made small by the sample size. The decision here plans that size from a
/// pilot.
extension StatisticalEvidence {
    /// "P(trial succeeds) > threshold", shown by a one-sided Clopper–Pearson lower bound at level
    /// 1 − α, with the number of trials planned so that a true effect as large as the pilot's is
    /// demonstrated except with probability at most `falseFailureTarget`.
    ///
    /// Two stages. The pilot runs `pilotTrials` trials and takes p_L, the one-sided Clopper–Pearson
    /// lower bound of p at `planningConfidence` (1 − γ). The plan is the smallest n in
    /// [pilotTrials, maximumTrials] whose decision fails, at p_L, with probability ≤
    /// `falseFailureTarget` (exact binomial); if none does, n = maximumTrials and the evidence says
    /// so. The decision then runs n *fresh* trials: the pilot's data do not enter it, so its level
    /// is exactly that of a fixed-n test (P(pass | p ≤ threshold) ≤ α), whatever the pilot saw.
    ///
    /// The plan's P(fail at n | p_L) + γ bounds the probability that a true effect of the pilot's
    /// size goes unshown (p ≥ p_L except with probability γ); it is printed in the method. (Planning
    /// at the pilot's point estimate instead is optimistic: simulated at p = 0.8 with a 20-trial
    /// pilot it failed 7.8% of the time against a planned 1.9%.) ``falseFailureProbability`` is the
    /// plug-in value at the final estimate: how often this design would fail to show an effect as
    /// large as the one measured.
    public static func proportionExceeds(
        _ claim: String, threshold: Double, pilotTrials: Int, maximumTrials: Int, alpha: Double,
        falseFailureTarget: Double, planningConfidence: Double = 0.999, trial: () throws -> Bool
    ) throws -> StatisticalEvidence {
        try proportionExceeds(claim, threshold: threshold, pilotTrials: pilotTrials, maximumTrials: maximumTrials, alpha: alpha,
                              falseFailureTarget: falseFailureTarget, planningConfidence: planningConfidence,
                              trials: { count in try (0..<count).map { _ in try trial() } })
    }

    /// The same decision with the trials run in batches: `trials(n)` runs the next n trials and
    /// returns their outcomes in order. It is called twice, for the pilot and for the planned fresh
    /// trials, so a caller can run each batch on several threads; as long as trial i sees the same
    /// randomness as the i-th call of a one-at-a-time `trial`, the evidence is the same.
    public static func proportionExceeds(
        _ claim: String, threshold: Double, pilotTrials: Int, maximumTrials: Int, alpha: Double,
        falseFailureTarget: Double, planningConfidence: Double = 0.999, trials: (_ count: Int) throws -> [Bool]
    ) throws -> StatisticalEvidence {
        require(pilotTrials >= 1 && maximumTrials >= pilotTrials && threshold > 0 && threshold < 1
                && falseFailureTarget > 0 && falseFailureTarget < 1,
                "proportionExceeds('\(claim)'): pilot \(pilotTrials), maximum \(maximumTrials), threshold \(threshold), target \(falseFailureTarget)")
        func wonCount(_ count: Int) throws -> Int {
            let outcomes = try trials(count)
            require(outcomes.count == count, "proportionExceeds('\(claim)'): asked for \(count) trials, got \(outcomes.count)")
            return outcomes.filter { $0 }.count
        }
        let pilotWins = try wonCount(pilotTrials)
        let gamma = 1 - planningConfidence
        let planned = Statistics.clopperPearsonInterval(successes: pilotWins, trials: pilotTrials, confidence: 1 - 2 * gamma).lower
        let plan = planTrials(threshold: threshold, p: planned, alpha: alpha, from: pilotTrials, to: maximumTrials,
                              falseFailureTarget: falseFailureTarget)
        let wins = try wonCount(plan.trials)
        let interval = Statistics.clopperPearsonInterval(successes: wins, trials: plan.trials, confidence: 1 - 2 * alpha)
        let reached = plan.falseFailure <= falseFailureTarget
        let method = "sign test, Clopper–Pearson one-sided; two-stage: pilot \(pilotWins)/\(pilotTrials) → p_L = \(formatNumber(planned)) "
            + "(one-sided, confidence \(formatNumber(planningConfidence))), \(plan.trials) fresh trials planned for P(fail | p_L) ≤ \(formatProbability(falseFailureTarget))"
            + (reached ? "" : " (NOT REACHED within \(maximumTrials) trials: \(formatProbability(plan.falseFailure)))")
            + "; planned P(false failure) ≤ \(formatProbability(Swift.min(1, plan.falseFailure + gamma)))"
        var evidence = StatisticalEvidence(
            claim: claim, method: method, sampleSize: plan.trials, estimate: Double(wins) / Double(plan.trials),
            lower: interval.lower, upper: 1, claimed: threshold, alpha: alpha, consistent: interval.lower > threshold,
            claimedRelation: ">",
            resolution: intervalResolution(estimate: Double(wins) / Double(plan.trials), lower: interval.lower, upper: nil,
                                           alpha: alpha, standardError: proportionStandardError(wins, plan.trials),
                                           scale: .absolute))
        evidence.falseFailureProbability = failureProbability(trials: plan.trials, threshold: threshold,
                                                              p: Double(wins) / Double(plan.trials), alpha: alpha)
        return evidence
    }

    /// The smallest n in `from...to` for which the one-sided Clopper–Pearson decision "lower bound >
    /// threshold" fails with probability ≤ `falseFailureTarget` when the success probability is `p`;
    /// `to` and its failure probability when none reaches the target.
    public static func planTrials(threshold: Double, p: Double, alpha: Double, from: Int, to: Int,
                                  falseFailureTarget: Double) -> (trials: Int, falseFailure: Double) {
        // Steps of about 5% in n: the failure probability falls roughly geometrically in n (with
        // small saw-teeth from the discreteness), so the plan overshoots the smallest n by ≤ 5%.
        var n = from
        while true {
            let failure = failureProbability(trials: n, threshold: threshold, p: p, alpha: alpha)
            if failure <= falseFailureTarget || n == to { return (n, failure) }
            n = Swift.min(to, n + Swift.max(1, n / 20))
        }
    }

    /// P(the n-trial decision fails | success probability p) = P(Binomial(n, p) < k*), with k* the
    /// fewest wins whose one-sided 1 − α Clopper–Pearson lower bound exceeds the threshold.
    public static func failureProbability(trials n: Int, threshold: Double, p: Double, alpha: Double) -> Double {
        // The lower bound increases with the number of wins: bisect for the fewest that clear it.
        func clears(_ k: Int) -> Bool {
            Statistics.clopperPearsonInterval(successes: k, trials: n, confidence: 1 - 2 * alpha).lower > threshold
        }
        guard clears(n) else { return 1 }
        var low = -1, high = n   // clears(high) holds; clears(low) does not (low = −1: none)
        while high - low > 1 {
            let mid = (low + high) / 2
            if mid >= 0 && clears(mid) { high = mid } else { low = mid }
        }
        return high == 0 ? 0 : BinomialDistribution(trials: n, probability: p).cdf(high - 1)
    }
}
