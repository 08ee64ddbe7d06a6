/// A univariate continuous probability distribution.
///
/// Contract for conforming types:
/// - `cdf(x)` = P(X ≤ x) and `survival(x)` = P(X > x) are each computed *directly* in their small
///   tail, so both keep relative accuracy down to ~1e−300 (never formed as 1 − something small).
/// - `quantile(p)` inverts `cdf`, `inverseSurvival(q)` inverts `survival`; use `inverseSurvival`
///   for upper critical values (e.g. `inverseSurvival(α/2)`), since `quantile(1 − α/2)` would
///   first round 1 − α/2.
/// - Arguments that are NaN, or probabilities outside [0, 1], are programmer errors (`require`).
///   Quantiles at 0 and 1 return the ends of the support (possibly ±∞).
public protocol ContinuousDistribution: Sendable {
    /// The probability density at x (0 outside the support).
    func density(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x) = 1 − cdf(x), accurate in the upper tail.
    func survival(_ x: Double) -> Double
    /// The x with cdf(x) = p, for p ∈ [0, 1].
    func quantile(_ p: Double) -> Double
    /// The x with survival(x) = q, for q ∈ [0, 1].
    func inverseSurvival(_ q: Double) -> Double
    /// E[X]; NaN only where the mean does not exist (documented per type).
    var mean: Double { get }
    /// Var[X]; +∞ where it diverges, NaN where it does not exist (documented per type).
    var variance: Double { get }
}

extension ContinuousDistribution {
    /// √Var[X].
    public var standardDeviation: Double { variance.squareRoot() }

    /// The equal-tailed interval [quantile(α/2), inverseSurvival(α/2)] holding probability
    /// `probability` = 1 − α.
    public func centralInterval(probability: Double) -> ClosedRange<Double> {
        require(probability > 0 && probability < 1,
                "centralInterval(probability: \(probability)): probability must be in (0, 1)")
        let halfAlpha = 0.5 * (1 - probability)
        return quantile(halfAlpha)...inverseSurvival(halfAlpha)
    }
}

/// Checks a probability argument of a quantile function.
@inline(__always)
func requireProbability(_ p: Double, _ operation: @autoclosure () -> String) {
    require(p >= 0 && p <= 1, operation() + ": probability must be in [0, 1]")
}

/// Checks an argument of a cdf/density.
@inline(__always)
func requireNotNaN(_ x: Double, _ operation: @autoclosure () -> String) {
    require(!x.isNaN, operation() + ": argument is NaN")
}
