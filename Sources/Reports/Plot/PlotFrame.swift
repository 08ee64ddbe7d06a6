import Experiments
import Foundation

/// Where a ``Plot``'s data land on the canvas: the data ranges, their ticks, and the map from data
/// to pixel coordinates (SVG convention: y grows downwards).
///
/// Contract: a value v on an axis with range [lo, hi] (in the axis' own units, log₁₀ v on a log
/// axis) lands at the fraction (t(v) − t(lo)) / (t(hi) − t(lo)) of the plotting area, exactly up to
/// rounding; the tick marks are drawn with the same map, so the two cannot disagree.
public struct PlotFrame: Sendable, Equatable {
    public static let canvasWidth = 900.0
    public static let canvasHeight = 460.0
    /// The plotting area: left, top, right, bottom edges in pixels; the legend sits right of it.
    public static let left = 84.0, top = 48.0, right = 520.0, bottom = 392.0

    /// Axis ranges in transformed units (log₁₀ for log axes).
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let xScale: Plot.Scale
    public let yScale: Plot.Scale
    /// The distinct drawable data values on each axis, sorted (log-axis ticks may sit on them).
    public let xData: [Double]
    public let yData: [Double]

    public init(for plot: Plot) {
        xScale = plot.x.scale; yScale = plot.y.scale
        let points = plot.series.flatMap(\.points)
        xRange = Self.range(values: points.map(\.x), axis: plot.x)
        yRange = Self.range(values: points.map(\.y), axis: plot.y)
        xData = Self.distinct(points.map(\.x), plot.x.scale)
        yData = Self.distinct(points.map(\.y), plot.y.scale)
    }

    static func distinct(_ values: [Double], _ scale: Plot.Scale) -> [Double] {
        Set(values.filter { $0.isFinite && (scale == .linear || $0 > 0) }).sorted()
    }

    /// A log axis whose data span fewer decades than this is fitted to the data (padded by 5%)
    /// and ticked at the data or at 1-2-5 values, instead of at whole decades.
    public static let wholeDecadesFrom = 2.0

    /// Whether a point can be drawn (finite, and positive on log axes).
    public func isDrawable(x: Double, y: Double) -> Bool {
        x.isFinite && y.isFinite && (xScale == .linear || x > 0) && (yScale == .linear || y > 0)
    }

    /// Pixel coordinates of the data point (x, y).
    public func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
        let tx = (Self.transform(x, xScale) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        let ty = (Self.transform(y, yScale) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
        return (Self.left + tx * (Self.right - Self.left), Self.bottom - ty * (Self.bottom - Self.top))
    }

    /// Tick positions in data units.
    public func xTicks() -> [Double] { Self.ticks(xRange, xScale, data: xData) }
    public func yTicks() -> [Double] { Self.ticks(yRange, yScale, data: yData) }

    static func transform(_ v: Double, _ scale: Plot.Scale) -> Double {
        scale == .log ? log10(v) : v
    }

    /// The axis range in transformed units: the fixed range if given, otherwise the data's range
    /// widened to whole decades (log) or to multiples of a 1-2-5 step (linear).
    static func range(values: [Double], axis: Plot.Axis) -> ClosedRange<Double> {
        if let fixed = axis.range {
            let lo = transform(fixed.lowerBound, axis.scale), hi = transform(fixed.upperBound, axis.scale)
            if lo.isFinite, hi.isFinite, hi > lo { return lo...hi }
        }
        let usable = values.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
            .map { transform($0, axis.scale) }
        guard var lo = usable.min(), var hi = usable.max() else { return 0...1 }
        // Rounding residue of an exact zero (e.g. −1e-17) must not open a whole extra tick step.
        if axis.scale == .linear {
            if abs(lo) < 1e-9 * (hi - lo) { lo = 0 }
            if abs(hi) < 1e-9 * (hi - lo) { hi = 0 }
        }
        switch axis.scale {
        case .log:
            if hi - lo < wholeDecadesFrom {
                // Whole decades would dwarf data spanning less than two: fit them, 5% padding.
                let pad = hi > lo ? 0.05 * (hi - lo) : 0.1
                return (lo - pad)...(hi + pad)
            }
            let a = floor(lo), b = ceil(hi)
            return a...(b > a ? b : a + 1)
        case .linear:
            if hi == lo { return (lo - 1)...(hi + 1) }
            let step = niceStep((hi - lo) / 5)
            let a = floor(lo / step) * step, b = ceil(hi / step) * step
            return a...b
        }
    }

    /// The smallest of 1, 2, 5 × 10^k that is at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        let decade = pow(10, floor(log10(rough)))
        for m in [1.0, 2, 5, 10] where m * decade >= rough * (1 - 1e-12) { return m * decade }
        return 10 * decade
    }

    static func ticks(_ range: ClosedRange<Double>, _ scale: Plot.Scale, data: [Double] = []) -> [Double] {
        switch scale {
        case .log where range.upperBound - range.lowerBound < wholeDecadesFrom + 0.5:
            // A narrow log axis: ticks at the data when they are few (widths 32, 64, 128), else at
            // 1-2-5 (or 1…9) multiples of powers of ten inside the range.
            let inside = data.filter { range.contains(log10($0)) }
            if (2...8).contains(inside.count) { return inside }
            for mantissas in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
                var ticks: [Double] = []
                for k in Int(floor(range.lowerBound))...Int(ceil(range.upperBound)) {
                    for m in mantissas {
                        let v = m * pow(10, Double(k))
                        if range.contains(log10(v)) { ticks.append(v) }
                    }
                }
                if ticks.count >= 2 { return ticks.count > 10 ? stride(from: 0, to: ticks.count, by: 2).map { ticks[$0] } : ticks }
            }
            return [pow(10, range.lowerBound), pow(10, range.upperBound)]
        case .log:
            let first = Int(ceil(range.lowerBound - 1e-9)), last = Int(floor(range.upperBound + 1e-9))
            let stride = max(1, (last - first + 7) / 8)
            return Swift.stride(from: first, through: last, by: stride).map { pow(10, Double($0)) }
        case .linear:
            let step = niceStep((range.upperBound - range.lowerBound) / 6)
            var ticks: [Double] = []
            var k = ceil(range.lowerBound / step - 1e-9)
            while k * step <= range.upperBound + step * 1e-9 {
                ticks.append(abs(k * step) < step * 1e-9 ? 0 : k * step); k += 1
            }
            return ticks
        }
    }
}
