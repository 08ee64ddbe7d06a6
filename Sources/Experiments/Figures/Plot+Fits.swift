import Foundation
import Numerics

extension Plot.Series {
    /// The mean of each x's values (arithmetic, or geometric for data spanning decades), as one series.
    public static func means(_ name: String, _ groups: [(x: Double, ys: [Double])], geometric: Bool = false,
                             style: Style = .lineAndMarkers, marker: Marker = .circle, color: Int? = nil) -> Plot.Series {
        let points = groups.compactMap { g -> (x: Double, y: Double)? in
            let ys = geometric ? g.ys.filter { $0 > 0 } : g.ys
            guard !ys.isEmpty else { return nil }
            let mean = geometric ? exp(ys.map { log($0) }.reduce(0, +) / Double(ys.count))
                                 : ys.reduce(0, +) / Double(ys.count)
            return (g.x, mean)
        }
        return Plot.Series(name, points: points, style: style, marker: marker, color: color)
    }

    /// Every measurement as a marker (to show the spread behind a mean).
    public static func scatter(_ name: String, _ groups: [(x: Double, ys: [Double])], marker: Marker = .cross, color: Int? = nil) -> Plot.Series {
        Plot.Series(name, points: groups.flatMap { g in g.ys.map { (g.x, $0) } }, style: .markers, marker: marker, color: color)
    }
}

/// A power law y = c·x^b fitted by least squares on (log x, log y), with the 95% interval of b
/// (``confidence``).
public struct PowerLawFit: Sendable, Equatable {
    public var exponent: Double
    public var exponentHalfWidth: Double
    public var logPrefactor: Double

    /// Fits the positive points; nil with fewer than three distinct x (no interval then).
    public init?(_ points: [(x: Double, y: Double)]) {
        let usable = points.filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }
        guard Set(usable.map(\.x)).count >= 3,
              let fit = try? Statistics.linearRegression(x: usable.map { log($0.x) }, y: usable.map { log($0.y) })
        else { return nil }
        exponent = fit.slope
        let interval = fit.slopeInterval(confidence: Self.confidence)
        exponentHalfWidth = (interval.upper - interval.lower) / 2
        logPrefactor = fit.intercept
    }

    /// The fitted line over [lo, hi] as a dashed series.
    public func series(_ name: String, over xs: [Double], color: Int? = nil) -> Plot.Series {
        let lo = xs.min() ?? 1, hi = xs.max() ?? 1
        return Plot.Series(name, points: [lo, hi].map { ($0, exp(logPrefactor) * pow($0, exponent)) },
                           style: .line, dashed: true, color: color)
    }

    /// The confidence level of ``exponentHalfWidth``.
    public static let confidence = 0.95

    /// "0.98 ± 0.07 (95% CI)": the exponent with the half-width of its interval and the interval's level.
    public var text: String {
        String(format: "%.2f ± %.2f (%g%% CI)", exponent, exponentHalfWidth, Self.confidence * 100)
    }
}
