import Foundation

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
            : binomialLowerTail(successes: rejections, trials: replicates, probability: minimumPower)
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

/// P(X ≤ k) for X ~ Binomial(n, p), summing the probability mass function in log space
/// (exact up to rounding: each term is exp(log C(n, j) + j log p + (n − j) log(1 − p))).
func binomialLowerTail(successes k: Int, trials n: Int, probability p: Double) -> Double {
    if k >= n { return 1 }
    if k < 0 { return 0 }
    if p <= 0 { return 1 }
    if p >= 1 { return 0 }
    let logP = Foundation.log(p), logQ = Foundation.log1p(-p)
    let lgamma = logGammaPositive
    let logNFactorial = lgamma(Double(n) + 1)
    var total = 0.0
    for j in 0...k {
        let logTerm = logNFactorial - lgamma(Double(j) + 1) - lgamma(Double(n - j) + 1)
            + Double(j) * logP + Double(n - j) * logQ
        total += Foundation.exp(logTerm)
    }
    return min(1, total)
}

/// log Γ(x) for x > 0: shift x up to at least 10 with Γ(x) = Γ(x + 1)/x, then Stirling's series
/// with four correction terms, whose truncation error is below the next term 1/(1188 x⁹) < 1e-12.
/// Used only for binomial coefficients.
func logGammaPositive(_ x: Double) -> Double {
    var x = x, shift = 0.0
    while x < 10 { shift -= Foundation.log(x); x += 1 }
    let inv = 1 / x, inv2 = inv * inv
    let series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)))
    return shift + (x - 0.5) * Foundation.log(x) - x + 0.5 * Foundation.log(2 * Double.pi) + series
}
