/// Count, mean, variance, extremes of a sample of finite Doubles.
///
/// Built either from an array (two-pass: compensated mean, then the corrected two-pass sum of
/// squared deviations Σ(x − x̄)² − (Σ(x − x̄))²/n, relative error ≲ (n·ε)·ε for the variance) or one
/// value at a time with Welford's update (error ≲ n·ε relative to Σ|x − x̄|², no cancellation
/// against the mean); summaries of disjoint samples combine exactly by ``merge(_:)`` (Chan et al.).
public struct SampleSummary: Sendable, Hashable, CustomStringConvertible {
    /// Number of values n.
    public private(set) var count: Int = 0
    /// The sample mean x̄ (0 for an empty sample).
    public private(set) var mean: Double = 0
    /// Σ(x − x̄)².
    public private(set) var sumOfSquaredDeviations: Double = 0
    /// The smallest value (+∞ for an empty sample).
    public private(set) var minimum: Double = .infinity
    /// The largest value (−∞ for an empty sample).
    public private(set) var maximum: Double = -.infinity

    /// An empty summary.
    public init() {}

    /// The summary of `values`; throws ``NumericsError/nonFiniteInput(operation:row:column:value:)``
    /// if a value is NaN or infinite.
    public init(_ values: [Double]) throws(NumericsError) {
        try Statistics.validateFinite(values, "SampleSummary")
        count = values.count
        guard count > 0 else { return }
        let n = Double(count)
        mean = Statistics.compensatedSum(values) / n
        var squares = 0.0, deviations = 0.0
        for v in values {
            let d = v - mean
            squares += d * d
            deviations += d
            if v < minimum { minimum = v }
            if v > maximum { maximum = v }
        }
        sumOfSquaredDeviations = Swift.max(0, squares - deviations * deviations / n)
    }

    /// A summary from known moments (e.g. computed elsewhere); extremes are unknown (±∞).
    public init(count: Int, mean: Double, variance: Double) {
        require(count >= 2 && mean.isFinite && variance.isFinite && variance >= 0,
                "SampleSummary(count: \(count), mean: \(mean), variance: \(variance)): need n ≥ 2, finite mean, variance ≥ 0")
        self.count = count
        self.mean = mean
        self.sumOfSquaredDeviations = variance * Double(count - 1)
    }

    /// Adds one value (Welford's update); throws if it is not finite.
    public mutating func add(_ value: Double) throws(NumericsError) {
        guard value.isFinite else {
            throw .nonFiniteInput(operation: "SampleSummary.add", row: count, column: 0, value: value)
        }
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
    }

    /// Combines with the summary of a disjoint sample: the result equals the summary of the union.
    public mutating func merge(_ other: SampleSummary) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n1 = Double(count), n2 = Double(other.count), n = n1 + n2
        let delta = other.mean - mean
        mean += delta * (n2 / n)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * (n1 * n2 / n)
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// The unbiased sample variance s² = Σ(x − x̄)²/(n − 1). Requires n ≥ 2.
    public var variance: Double {
        require(count >= 2, "SampleSummary.variance: needs at least 2 values, have \(count)")
        return sumOfSquaredDeviations / Double(count - 1)
    }

    /// The maximum-likelihood (biased) variance Σ(x − x̄)²/n. Requires n ≥ 1.
    public var populationVariance: Double {
        require(count >= 1, "SampleSummary.populationVariance: needs at least 1 value")
        return sumOfSquaredDeviations / Double(count)
    }

    /// s = √s². Requires n ≥ 2.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean s/√n. Requires n ≥ 2.
    public var standardError: Double { (variance / Double(count)).squareRoot() }

    /// "n = …, mean = …, sd = …, range […, …]" (n and mean only when n < 2).
    public var description: String {
        count >= 2 ? "n = \(count), mean = \(mean), sd = \(standardDeviation), range [\(minimum), \(maximum)]"
                   : "n = \(count), mean = \(mean)"
    }
}
