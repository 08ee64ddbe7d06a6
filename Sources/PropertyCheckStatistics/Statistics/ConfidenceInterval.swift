/// A two-sided (or, with an infinite end, one-sided) confidence interval [lower, upper].
public struct ConfidenceInterval: Sendable, Hashable, CustomStringConvertible {
    /// The lower end (may be −∞).
    public let lower: Double
    /// The upper end (may be +∞).
    public let upper: Double
    /// The nominal coverage probability 1 − α.
    public let confidence: Double
    /// How the interval was computed, e.g. "Student t, n = 30".
    public let method: String

    /// Requires lower ≤ upper (neither NaN) and confidence in (0, 1), checked with `require`.
    public init(lower: Double, upper: Double, confidence: Double, method: String) {
        require(!lower.isNaN && !upper.isNaN && lower <= upper,
                "ConfidenceInterval(lower: \(lower), upper: \(upper)): need lower ≤ upper, neither NaN")
        require(confidence > 0 && confidence < 1, "ConfidenceInterval: confidence \(confidence) must be in (0, 1)")
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.method = method
    }

    /// α = 1 − confidence, the probability of non-coverage the interval allows.
    public var alpha: Double { 1 - confidence }
    /// upper − lower.
    public var width: Double { upper - lower }
    /// (upper − lower)/2.
    public var halfWidth: Double { 0.5 * (upper - lower) }
    /// (lower + upper)/2 (not necessarily the point estimate: Wilson and Fisher-z intervals are
    /// asymmetric about it).
    public var midpoint: Double { 0.5 * (lower + upper) }

    /// Whether lower ≤ value ≤ upper.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// "[lower, upper] (95% method)".
    public var description: String {
        let percent = (confidence * 100 * 1e6).rounded() / 1e6
        return "[\(lower), \(upper)] (\(percent)% \(method))"
    }
}
