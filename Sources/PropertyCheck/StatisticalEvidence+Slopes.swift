import Foundation
import PropertyCheckStatistics

/// The axes a slope is fitted on.
public enum SlopeAxes: String, Sendable, Hashable, Codable {
    /// ln y = a + b ln x: b is the exponent of a power law y ∝ x^b (every x and y must be > 0).
    case logLog = "log–log"
    /// y = a + b x: b is a rate per unit of x (e.g. growth per layer).
    case linear
}

extension StatisticalEvidence {
    /// "The slope of y against x satisfies every one of `assertions`": least squares over all
    /// (x, y) pairs, decided on the slope's 1 − α Student t interval by
    /// ``ScalingEvidence/Assertion/holds(lower:upper:)``, the same decision as
    /// ``PropertyCheck/scalingLaw(_:quantity:sweep:repeats:assertion:mustReject:settings:measure:)``.
    ///
    /// Use this form inside ``PropertyCheck/statistical(_:settings:falsifiers:evidence:)`` when the
    /// check needs statistical negative controls (a wrong model whose slope must come out
    /// inconsistent).
    ///
    /// The t interval assumes independent, homoscedastic, roughly normal residuals on the fitted
    /// axes (for a power law of per-seed errors, the log of each measurement is close to normal).
    /// A non-finite y, or a y ≤ 0 on log axes (e.g. a diverged run), makes the evidence
    /// inconsistent rather than fitted: it is not the claimed law.
    public static func slope(
        _ claim: String, x: [Double], y: [Double], axes: SlopeAxes = .logLog,
        assertions: [ScalingEvidence.Assertion], alpha: Double, detail: String = ""
    ) throws -> StatisticalEvidence {
        require(x.count == y.count && !assertions.isEmpty,
                "StatisticalEvidence.slope('\(claim)'): \(x.count) x for \(y.count) y, \(assertions.count) assertions")
        let rule = assertions.map(\.description).joined(separator: " and ")
        let usable = { (v: Double) in v.isFinite && (axes == .linear || v > 0) }
        if let bad = y.first(where: { !usable($0) }) ?? x.first(where: { !usable($0) }) {
            return StatisticalEvidence(claim: "\(claim): \(rule)",
                                       method: "\(axes.rawValue) least squares (not fitted: a measurement was \(bad))",
                                       sampleSize: y.count, estimate: .nan, alpha: alpha, consistent: false)
        }
        let transform: (Double) -> Double = axes == .logLog ? { Foundation.log($0) } : { $0 }
        let fit = try Statistics.linearRegression(x: x.map(transform), y: y.map(transform))
        let interval = fit.slopeInterval(confidence: 1 - alpha)
        let distinct = Array(Set(x)).sorted()
        let points = "x ∈ \(formatNumber(distinct.first!))…\(formatNumber(distinct.last!)) (\(distinct.count) points, \(y.count) measurements)"
        let method = "\(axes.rawValue) least squares, t interval; \(points), residual sd \(String(format: "%.3f", fit.residualVariance.squareRoot()))"
            + (detail.isEmpty ? "" : "; \(detail)")
        var evidence = StatisticalEvidence(claim: "\(claim): \(rule)", method: method, sampleSize: y.count, estimate: fit.slope,
                                   lower: interval.lower, upper: interval.upper, claimed: assertions[0].exponent, alpha: alpha,
                                   consistent: assertions.allSatisfy { $0.holds(lower: interval.lower, upper: interval.upper) },
                                   resolution: .ofSlope(fit, interval: interval, assertions: assertions, alpha: alpha,
                                                        scale: axes == .logLog ? .exponent : .absolute))
        // The first assertion is the claim the table shows: its relation and allowance.
        switch assertions[0] {
        case let .consistentWith(_, tolerance): evidence.allowance = tolerance > 0 ? tolerance : nil
        case .atMost: evidence.claimedRelation = "≤"
        case .excludes: evidence.claimedRelation = "≠"
        case .below: evidence.claimedRelation = "<"
        }
        return evidence
    }
}
