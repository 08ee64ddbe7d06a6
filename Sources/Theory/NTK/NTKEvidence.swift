import Foundation
import Numerics
import PropertyCheck

/// Decisions shared by the NTK claims, built on the Statistics routines of Numerics.
enum NTKEvidence {
    /// How a fitted exponent is judged.
    enum ExponentAssertion {
        /// The 1 − α interval contains b₀ and lies below 0 (the quantity does fall with width).
        case consistentWith(Double)
        /// The interval reaches b₀ or below (b ≤ b₀ is not ruled out) and lies below 0.
        case atMost(Double)
    }

    /// Fits ln y = a + b ln x by least squares over all (x, y) and judges b by its 1 − α t
    /// interval (valid for independent, roughly normal log-residuals; each y here is one seed's
    /// relative error, whose log is close to normal — measured residual sd ≈ 0.4).
    static func powerLaw(_ claim: String, xs: [Double], ys: [Double], seedsPerPoint: Int, assertion: ExponentAssertion,
                         alpha: Double) throws -> StatisticalEvidence {
        guard let bad = ys.first(where: { !($0.isFinite && $0 > 0) }) else {
            let fit = try Statistics.linearRegression(x: xs.map(Foundation.log), y: ys.map(Foundation.log))
            let interval = fit.slopeInterval(confidence: 1 - alpha)
            let consistent: Bool, claimed: Double
            switch assertion {
            case let .consistentWith(b): consistent = interval.contains(b) && interval.upper < 0; claimed = b
            case let .atMost(b): consistent = interval.lower <= b && interval.upper < 0; claimed = b
            }
            let widths = Array(Set(xs)).sorted()
            let method = "log–log least squares, t interval; widths \(Int(widths.first!))…\(Int(widths.last!)) (\(widths.count) points) × \(seedsPerPoint) seeds, residual sd \(String(format: "%.3f", fit.residualVariance.squareRoot()))"
            return StatisticalEvidence(claim: claim, method: method, sampleSize: ys.count, estimate: fit.slope,
                                       lower: interval.lower, upper: interval.upper, claimed: claimed, alpha: alpha,
                                       consistent: consistent)
        }
        // A non-finite or zero measurement (e.g. a diverged run) is not a power law.
        return StatisticalEvidence(claim: claim, method: "log–log least squares (not fitted: a measurement was \(bad))",
                                   sampleSize: ys.count, estimate: .nan, alpha: alpha, consistent: false)
    }

    /// "E[X_k] = 0 up to ±allowance for every k": per-coordinate t intervals at α/K (Bonferroni over
    /// K coordinates) must each meet [−allowance, allowance]. Reports the coordinate whose interval
    /// is farthest from that band.
    static func meansWithinAllowance(_ claim: String, samples: [[Double]], labels: [String], allowance: Double,
                                     alpha: Double) throws -> StatisticalEvidence {
        let k = labels.count
        var worst: (gap: Double, index: Int, interval: ConfidenceInterval, mean: Double)?
        for c in 0..<k {
            let column = samples.map { $0[c] }
            let summary = try SampleSummary(column)
            let interval = Statistics.meanInterval(summary, confidence: 1 - alpha / Double(k))
            let gap = Swift.max(interval.lower - allowance, -allowance - interval.upper)
            if worst == nil || gap > worst!.gap { worst = (gap, c, interval, summary.mean) }
        }
        let w = worst!
        return StatisticalEvidence(
            claim: "\(claim); worst entry \(labels[w.index])",
            method: "Student t per entry, Bonferroni over \(k) entries, allowance ±\(String(format: "%.4g", allowance))",
            sampleSize: samples.count, estimate: w.mean, lower: w.interval.lower, upper: w.interval.upper, claimed: 0,
            alpha: alpha, consistent: w.gap <= 0)
    }

    /// "E[X_k] = E[Y_k] up to ±allowance for every k": per-coordinate Welch intervals at α/K.
    static func meansAgreeWithinAllowance(_ claim: String, _ x: [[Double]], _ y: [[Double]], labels: [String],
                                          allowance: Double, alpha: Double) throws -> StatisticalEvidence {
        let k = labels.count
        var worst: (gap: Double, index: Int, lower: Double, upper: Double, estimate: Double)?
        for c in 0..<k {
            let r = try Statistics.welchTTest(try SampleSummary(x.map { $0[c] }), try SampleSummary(y.map { $0[c] }),
                                              confidence: 1 - alpha / Double(k))
            let gap = Swift.max(r.interval.lower - allowance, -allowance - r.interval.upper)
            if worst == nil || gap > worst!.gap { worst = (gap, c, r.interval.lower, r.interval.upper, r.estimate) }
        }
        let w = worst!
        return StatisticalEvidence(
            claim: "\(claim); worst entry \(labels[w.index])",
            method: "Welch t per entry, Bonferroni over \(k) entries, allowance ±\(String(format: "%.4g", allowance))",
            sampleSize: x.count + y.count, estimate: w.estimate, lower: w.lower, upper: w.upper, claimed: 0,
            alpha: alpha, consistent: w.gap <= 0)
    }
}
