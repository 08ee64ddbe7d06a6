import Numerics

/// A deliberately wrong variant of a property: the check must reject it, which shows the check can
/// fail at all. `minimumPower` is the stated probability that one run of the check rejects the
/// variant.
///
/// The harness runs the variant `replicates` times on independent seeds (replicate r of falsifier
/// f uses run seed mix(runSeed ⊕ (f + 1)·0x9E3779B97F4A7C15 ⊕ r)) and counts rejections R. The
/// control *fails* — and with it the check — when:
/// - `minimumPower == 1`: any replicate is not rejected (a deterministic claim of the check's power);
/// - otherwise: P(Binomial(replicates, minimumPower) ≤ R) < α_control, i.e. so few rejections are
///   implausible if the stated power were true. α_control is a share of the check's α, so a
///   correct check with a correctly stated power fails through its controls with probability at
///   most α_control.
public struct Falsifier<Value>: Sendable {
    public var name: String
    public var minimumPower: Double
    public var replicates: Int
    /// The wrong variant of the property.
    public var property: @Sendable (Value, CaseContext) throws -> Void

    public init(_ name: String, minimumPower: Double = 1, replicates: Int = 1,
                property: @escaping @Sendable (Value, CaseContext) throws -> Void) {
        requireArgument(minimumPower > 0 && minimumPower <= 1,
                        "Falsifier('\(name)'): minimumPower \(minimumPower) must lie in (0, 1]")
        requireArgument(replicates >= 1, "Falsifier('\(name)'): replicates \(replicates) must be ≥ 1")
        self.name = name; self.minimumPower = minimumPower; self.replicates = replicates
        self.property = property
    }
}

/// What a negative control observed.
public struct NegativeControlResult: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var replicates: Int
    public var rejections: Int
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
