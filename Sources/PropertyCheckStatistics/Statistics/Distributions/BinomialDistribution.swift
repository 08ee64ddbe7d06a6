import Foundation

/// The binomial distribution: the number of successes in n independent trials of probability p.
///
/// Tails through the incomplete beta identity P(X ≤ k) = I_{1−p}(n − k, k + 1) and
/// P(X > k) = I_p(k + 1, n − k), each computed directly (relative accuracy ≲ 1e−13 for
/// n ≤ 1e6, including tails ~1e−300).
public struct BinomialDistribution: Hashable, Sendable, CustomStringConvertible {
    /// The number of trials n ≥ 0.
    public let trials: Int
    /// The success probability p ∈ [0, 1].
    public let probability: Double

    /// Binomial(n, p); requires n ≥ 0 and p ∈ [0, 1] (`require`).
    public init(trials: Int, probability: Double) {
        require(trials >= 0 && probability >= 0 && probability <= 1,
                "BinomialDistribution(trials: \(trials), probability: \(probability)): need n ≥ 0 and p ∈ [0, 1]")
        self.trials = trials
        self.probability = probability
    }

    /// n·p.
    public var mean: Double { Double(trials) * probability }
    /// n·p·(1 − p).
    public var variance: Double { Double(trials) * probability * (1 - probability) }
    /// "Binomial(n = …, p = …)".
    public var description: String { "Binomial(n = \(trials), p = \(probability))" }

    /// P(X = k).
    public func probabilityMass(_ k: Int) -> Double {
        if k < 0 || k > trials { return 0 }
        let n = trials, p = probability
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        let kd = Double(k), nd = Double(n)
        return Foundation.exp(kd * Foundation.log(p) + (nd - kd) * Foundation.log1p(-p)
                              - Foundation.log(nd + 1) - Special.logBeta(kd + 1, nd - kd + 1))
    }

    /// (P(X ≤ k), P(X > k)).
    func pair(_ k: Int) -> (cdf: Double, survival: Double) {
        if k < 0 { return (0, 1) }
        if k >= trials { return (1, 0) }
        if probability == 0 { return (1, 0) }
        if probability == 1 { return (0, 1) }
        let (upper, lower) = Special.incompleteBeta(Double(k + 1), Double(trials - k),
                                                    x: probability, y: 1 - probability,
                                                    operation: "BinomialDistribution.cdf")
        return (lower, upper)
    }

    /// P(X ≤ k).
    public func cdf(_ k: Int) -> Double { pair(k).cdf }
    /// P(X > k), accurate in the upper tail.
    public func survival(_ k: Int) -> Double { pair(k).survival }

    /// The smallest k with P(X ≤ k) ≥ p.
    public func quantile(_ p: Double) -> Int {
        requireProbability(p, "BinomialDistribution.quantile(\(p))")
        return smallestCount { $0.cdf >= p }
    }

    /// The equal-tailed acceptance region [lo, hi] of the count at level α: the largest lo with
    /// P(X < lo) ≤ α/2 and the smallest hi with P(X > hi) ≤ α/2, so that an observation falls
    /// outside it with probability ≤ α (exactly, not asymptotically). Use it to accept an observed
    /// rate with a stated false-failure probability α.
    public func acceptanceRegion(alpha: Double) -> ClosedRange<Int> {
        require(alpha > 0 && alpha < 1, "BinomialDistribution.acceptanceRegion(alpha: \(alpha)): α must be in (0, 1)")
        let half = 0.5 * alpha
        // lo: largest k with P(X ≤ k − 1) ≤ α/2  ⇔  smallest k with P(X ≤ k) > α/2.
        let lo = smallestCount { $0.cdf > half }
        let hi = smallestCount { $0.survival <= half }
        return lo...hi
    }

    /// The smallest k in 0...n satisfying a predicate that is monotone (false…true) in k.
    func smallestCount(_ accept: ((cdf: Double, survival: Double)) -> Bool) -> Int {
        var lo = 0, hi = trials
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if accept(pair(mid)) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
