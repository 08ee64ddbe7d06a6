import Foundation
/// A two-dimensional figure described as data: axes, series and notes. ``SVGWriter`` draws it.
///
/// The model is deliberately small — lines and markers on linear or logarithmic axes — which is all
/// the paper figures need (curves against width or rank, a phase diagram as boundary lines over a
/// grid of markers).
public struct Plot: Sendable, Equatable {
    public enum Scale: String, Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; only positive values are drawn (others are counted as dropped).
        case log
    }

    public struct Axis: Sendable, Equatable {
        public var label: String
        public var scale: Scale
        /// Fixed range in data units; nil derives it from the data (whole decades on a log axis).
        public var range: ClosedRange<Double>?

        public init(_ label: String, scale: Scale = .linear, range: ClosedRange<Double>? = nil) {
            self.label = label; self.scale = scale; self.range = range
        }
    }

    public struct Series: Sendable, Equatable {
        public enum Style: String, Sendable, Equatable {
            case line, markers, lineAndMarkers
        }
        public enum Marker: String, Sendable, Equatable {
            case circle, square, cross
        }
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var style: Style
        public var marker: Marker
        public var dashed: Bool
        /// Palette index; nil picks the series' position.
        public var color: Int?

        public init(_ name: String, points: [(x: Double, y: Double)], style: Style = .lineAndMarkers,
                    marker: Marker = .circle, dashed: Bool = false, color: Int? = nil) {
            self.name = name; self.points = points; self.style = style; self.marker = marker
            self.dashed = dashed; self.color = color
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.style == b.style && a.marker == b.marker && a.dashed == b.dashed
                && a.color == b.color && a.points.count == b.points.count
                && zip(a.points, b.points).allSatisfy { $0.x == $1.x && $0.y == $1.y }
        }
    }

    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [Series]
    /// Short lines printed under the legend (fitted slopes, sample sizes).
    public var notes: [String]

    public init(title: String, x: Axis, y: Axis, series: [Series], notes: [String] = []) {
        self.title = title; self.x = x; self.y = y; self.series = series; self.notes = notes
    }

    /// A number as figures and tables print it: four significant digits, exponent form outside
    /// [1e-3, 1e5), and "NaN", "∞", "−∞" spelled out.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "−∞") }
        if v == 0 { return "0" }
        let a = abs(v)
        return a >= 1e-3 && a < 1e5 ? String(format: "%.4g", v) : String(format: "%.3e", v)
    }
}
