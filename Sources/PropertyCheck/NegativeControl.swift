import PropertyCheckStatistics

/// What a negative control observed.
public struct NegativeControlResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The falsifier's name.
    public var name: String
    /// Independent runs of the wrong variant.
    public var replicates: Int
    /// Runs in which the check rejected the wrong variant.
    public var rejections: Int
    /// The power the falsifier stated.
    public var minimumPower: Double
    /// P(Binomial(replicates, minimumPower) ≤ rejections); 0 when minimumPower = 1 and a replicate
    /// was not rejected.
    public var lowerTailProbability: Double
    /// The level below which `lowerTailProbability` fails the control (0 for deterministic controls).
    public var alpha: Double
    /// What the first rejection (or the first non-rejection) looked like.
    public var detail: String

    /// True when the wrong variant was rejected as often as its stated power demands.
    public var passed: Bool {
        minimumPower == 1 ? rejections == replicates : lowerTailProbability >= alpha
    }

    /// The counts, the verdict and, for powers below 1, the binomial tail probability against α.
    public var description: String {
        let verdict = passed ? "rejected as required" : "NOT REJECTED — the check cannot tell this wrong variant apart"
        var text = "negative control '\(name)': rejected in \(rejections)/\(replicates) runs "
            + "(stated power ≥ \(minimumPower)) — \(verdict)"
        if minimumPower < 1 {
            text += "; P(Bin(\(replicates), \(minimumPower)) ≤ \(rejections)) = \(formatProbability(lowerTailProbability)) vs α = \(formatProbability(alpha))"
        }
        if !detail.isEmpty { text += "\n      \(detail)" }
        return text
    }

    /// Runs `replicate(r)` (true = rejected) for each replicate and judges the control.
    static func evaluate(name: String, minimumPower: Double, replicates: Int, alpha: Double,
                         replicate: (Int) -> (rejected: Bool, detail: String)) -> NegativeControlResult {
        var rejections = 0
        var firstRejection = "", firstMiss = ""
        for r in 0..<replicates {
            let outcome = replicate(r)
            if outcome.rejected {
                rejections += 1
                if firstRejection.isEmpty { firstRejection = outcome.detail }
            } else if firstMiss.isEmpty {
                firstMiss = outcome.detail
            }
        }
        let tail = minimumPower == 1
            ? (rejections == replicates ? 1 : 0)
            : BinomialDistribution(trials: replicates, probability: minimumPower).cdf(rejections)
        var result = NegativeControlResult(
            name: name, replicates: replicates, rejections: rejections, minimumPower: minimumPower,
            lowerTailProbability: tail, alpha: minimumPower == 1 ? 0 : alpha, detail: "")
        result.detail = result.passed ? firstRejection : (firstMiss.isEmpty ? firstRejection : firstMiss)
        return result
    }

    /// The run seed of replicate `replicate` of falsifier number `index`.
    static func replicateSeed(runSeed: UInt64, falsifier index: Int, replicate: Int) -> UInt64 {
        mixBits(runSeed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(replicate))
    }
}
