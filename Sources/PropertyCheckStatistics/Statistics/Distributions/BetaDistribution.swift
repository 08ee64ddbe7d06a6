import Foundation

/// The beta distribution Beta(α, β) on [0, 1], density x^{α−1}(1−x)^{β−1}/B(α, β).
///
/// `cdf` = I_x(α, β) and `survival` = 1 − I_x(α, β) computed directly in the upper tail (note
/// that an x close to 1 is itself only known to ±1.1e−16, which bounds the attainable accuracy of
/// the upper tail there). Quantiles via ``Special/inverseRegularizedIncompleteBeta(_:_:_:)``.
public struct BetaDistribution: ContinuousDistribution, Hashable, CustomStringConvertible {
    /// The first shape parameter α > 0.
    public let alpha: Double
    /// The second shape parameter β > 0.
    public let beta: Double

    /// Beta(α, β); requires finite α > 0 and β > 0 (`require`).
    public init(alpha: Double, beta: Double) {
        require(alpha > 0 && beta > 0 && alpha.isFinite && beta.isFinite,
                "BetaDistribution(alpha: \(alpha), beta: \(beta)): need finite α, β > 0")
        self.alpha = alpha
        self.beta = beta
    }

    /// α/(α + β).
    public var mean: Double { alpha / (alpha + beta) }
    /// αβ/((α + β)²(α + β + 1)).
    public var variance: Double {
        let s = alpha + beta
        return alpha * beta / (s * s * (s + 1))
    }
    /// "Beta(α = …, β = …)".
    public var description: String { "Beta(α = \(alpha), β = \(beta))" }

    /// The density on [0, 1] (0 outside; +∞ at an end where the exponent is negative). x must not be NaN.
    public func density(_ x: Double) -> Double {
        requireNotNaN(x, "BetaDistribution.density")
        if x < 0 || x > 1 { return 0 }
        if x == 0 { return alpha < 1 ? .infinity : (alpha == 1 ? beta : 0) }
        if x == 1 { return beta < 1 ? .infinity : (beta == 1 ? alpha : 0) }
        return Foundation.exp((alpha - 1) * Foundation.log(x) + (beta - 1) * Foundation.log1p(-x)
                              - Special.logBeta(alpha, beta))
    }

    /// I_x(α, β): 0 for x ≤ 0, 1 for x ≥ 1. x must not be NaN.
    public func cdf(_ x: Double) -> Double {
        requireNotNaN(x, "BetaDistribution.cdf")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return Special.regularizedIncompleteBeta(alpha, beta, x)
    }

    /// 1 − I_x(α, β), computed directly in the upper tail. x must not be NaN.
    public func survival(_ x: Double) -> Double {
        requireNotNaN(x, "BetaDistribution.survival")
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        return Special.regularizedIncompleteBetaComplement(alpha, beta, x)
    }

    /// The x in [0, 1] with I_x(α, β) = p; p must lie in [0, 1].
    public func quantile(_ p: Double) -> Double {
        requireProbability(p, "BetaDistribution.quantile(\(p))")
        return Special.inverseRegularizedIncompleteBeta(alpha, beta, p)
    }

    /// The x in [0, 1] with 1 − I_x(α, β) = q, without forming 1 − q; q must lie in [0, 1].
    public func inverseSurvival(_ q: Double) -> Double {
        requireProbability(q, "BetaDistribution.inverseSurvival(\(q))")
        return Special.inverseRegularizedIncompleteBetaComplement(alpha, beta, q)
    }
}
