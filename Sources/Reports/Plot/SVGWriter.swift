import Experiments
import Foundation

/// Draws a ``Plot`` as a standalone SVG document (no plotting dependency).
///
/// What the output guarantees: well-formed XML (every text is escaped); each drawn data point is one
/// element of class `point` carrying `data-series`, `data-x`, `data-y` (the data values) and centred
/// at ``PlotFrame/pixel(x:y:)``; lines join the drawable points of a series in the given order;
/// log axes say "log scale" in their label and tick at decades labelled 10ᵏ (or, over less than two
/// decades, at the data or 1-2-5 values, see ``PlotFrame``); a legend names every series; `_x`
/// in texts is drawn as a subscript; a marker drawn on an earlier one is hollow and a line
/// retracing an earlier one has its own dashes, so no series hides another. Points that cannot be
/// drawn (non-finite, or ≤ 0 on a log axis) are left out and counted in a note, never silently moved.
public enum SVGWriter {
    /// Colour-blind-safe palette (Okabe–Ito).
    static let frameColor = "#444444", gridColor = "#e3e3e3", noteColor = "#333333"
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public static func render(_ plot: Plot) -> String {
        let frame = PlotFrame(for: plot)
        var out: [String] = []
        let w = PlotFrame.canvasWidth, h = PlotFrame.canvasHeight
        out.append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        out.append(#"<svg xmlns="http://www.w3.org/2000/svg" width="\#(f(w))" height="\#(f(h))" viewBox="0 0 \#(f(w)) \#(f(h))" font-family="Helvetica, Arial, sans-serif" font-size="13">"#)
        out.append(#"<rect x="0" y="0" width="\#(f(w))" height="\#(f(h))" fill="white"/>"#)
        out.append(#"<text x="\#(f(w / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\#(richText(plot.title))</text>"#)
        out += axes(plot, frame)
        var dropped = 0
        // Series drawn later cover earlier ones. A marker landing on an earlier marker is drawn
        // hollow and larger, and a line retracing an earlier line gets its own dash pattern, so
        // coinciding series (equal curves, a fit through its data) all stay visible.
        var occupied = Set<PixelKey>()
        var drawnPaths: [String: Int] = [:]
        var hollowMarkers = false
        out.append("<g>")
        for (k, series) in plot.series.enumerated() {
            let color = palette[(series.color ?? k) % palette.count]
            let drawable = series.points.filter { frame.isDrawable(x: $0.x, y: $0.y) }
            dropped += series.points.count - drawable.count
            let pixels = drawable.map { frame.pixel(x: $0.x, y: $0.y) }
            if series.style != .markers, pixels.count >= 2 {
                let path = pixels.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
                let retraced = drawnPaths[path, default: 0]
                drawnPaths[path] = retraced + 1
                let dash = retraced > 0 ? overlapDashes[(retraced - 1) % overlapDashes.count] : series.dashed ? "6,4" : nil
                out.append(#"<polyline class="line" data-series="\#(escape(series.name))" points="\#(path)" fill="none" stroke="\#(color)" stroke-width="2"\#(dash.map { #" stroke-dasharray="\#($0)""# } ?? "")/>"#)
            }
            if series.style != .line {
                var mine = Set<PixelKey>()
                for (point, pixel) in zip(drawable, pixels) {
                    let key = PixelKey(pixel)
                    let hollow = occupied.contains(key)
                    hollowMarkers = hollowMarkers || hollow
                    mine.insert(key)
                    out.append(marker(series.marker, at: pixel, color: color, hollow: hollow,
                                      attributes: #"class="point" data-series="\#(escape(series.name))" data-x="\#(point.x)" data-y="\#(point.y)""#))
                }
                occupied.formUnion(mine)
            }
        }
        out.append("</g>")
        out += legend(plot, droppedPoints: dropped, hollowMarkers: hollowMarkers)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func axes(_ plot: Plot, _ frame: PlotFrame) -> [String] {
        let l = PlotFrame.left, r = PlotFrame.right, t = PlotFrame.top, b = PlotFrame.bottom
        var out = [#"<rect x="\#(f(l))" y="\#(f(t))" width="\#(f(r - l))" height="\#(f(b - t))" fill="none" stroke="\#(frameColor)" stroke-width="1"/>"#]
        for x in frame.xTicks() {
            let px = frame.pixel(x: x, y: frame.yScale == .log ? 1 : 0).x
            out.append(#"<line class="tick" x1="\#(f(px))" y1="\#(f(t))" x2="\#(f(px))" y2="\#(f(b))" stroke="\#(gridColor)"/>"#)
            out.append(#"<text x="\#(f(px))" y="\#(f(b + 18))" text-anchor="middle">\#(tickLabel(x, frame.xScale))</text>"#)
        }
        for y in frame.yTicks() {
            let py = frame.pixel(x: frame.xScale == .log ? 1 : 0, y: y).y
            out.append(#"<line class="tick" x1="\#(f(l))" y1="\#(f(py))" x2="\#(f(r))" y2="\#(f(py))" stroke="\#(gridColor)"/>"#)
            out.append(#"<text x="\#(f(l - 8))" y="\#(f(py + 4))" text-anchor="end">\#(tickLabel(y, frame.yScale))</text>"#)
        }
        out.append(#"<text x="\#(f((l + r) / 2))" y="\#(f(b + 44))" text-anchor="middle">\#(richText(axisLabel(plot.x)))</text>"#)
        out.append(#"<text transform="translate(\#(f(l - 58)),\#(f((t + b) / 2))) rotate(-90)" text-anchor="middle">\#(richText(axisLabel(plot.y)))</text>"#)
        return out
    }

    /// Dash patterns of lines retracing an earlier line (the fit's "6,4" stays the fit's).
    static let overlapDashes = ["2,4", "10,3,2,3"]

    /// A pixel position rounded to whole pixels: markers closer than that coincide on screen.
    struct PixelKey: Hashable {
        var x: Int, y: Int
        init(_ p: (x: Double, y: Double)) { x = Int(p.x.rounded()); y = Int(p.y.rounded()) }
    }

    static func legend(_ plot: Plot, droppedPoints: Int, hollowMarkers: Bool = false) -> [String] {
        var out: [String] = []
        let x0 = PlotFrame.right + 18
        var y = PlotFrame.top + 8
        for (k, series) in plot.series.enumerated() {
            let color = palette[(series.color ?? k) % palette.count]
            if series.style != .markers {
                out.append(#"<line x1="\#(f(x0))" y1="\#(f(y))" x2="\#(f(x0 + 26))" y2="\#(f(y))" stroke="\#(color)" stroke-width="2"\#(series.dashed ? #" stroke-dasharray="6,4""# : "")/>"#)
            }
            if series.style != .line {
                out.append(marker(series.marker, at: (x0 + 13, y), color: color, attributes: #"class="legend-marker""#))
            }
            out.append(#"<text class="legend" x="\#(f(x0 + 34))" y="\#(f(y + 4))">\#(richText(series.name))</text>"#)
            y += 20
        }
        var notes = plot.notes
        if droppedPoints > 0 {
            notes.append("\(droppedPoints) point(s) not drawable (non-finite or ≤ 0 on a log axis)")
        }
        if hollowMarkers { notes.append("hollow markers: points on top of an earlier series' points") }
        y += 8
        for note in notes {
            out.append(#"<text class="note" x="\#(f(x0))" y="\#(f(y))" font-size="11" fill="\#(noteColor)">\#(richText(note))</text>"#)
            y += 16
        }
        return out
    }

    /// A marker centred at `p`; `hollow` draws an outline 1.8 times the size (around an earlier
    /// marker at the same place) instead of a filled shape.
    static func marker(_ kind: Plot.Series.Marker, at p: (x: Double, y: Double), color: String, hollow: Bool = false,
                       attributes: String) -> String {
        let size = hollow ? 1.8 : 1.0
        let paint = hollow ? #"fill="none" stroke="\#(color)" stroke-width="1.5""# : #"fill="\#(color)""#
        switch kind {
        case .circle:
            return #"<circle \#(attributes) cx="\#(f(p.x))" cy="\#(f(p.y))" r="\#(f(3.5 * size))" \#(paint)/>"#
        case .square:
            let h = 3.5 * size
            return #"<rect \#(attributes) x="\#(f(p.x - h))" y="\#(f(p.y - h))" width="\#(f(2 * h))" height="\#(f(2 * h))" \#(paint)/>"#
        case .cross:
            let h = 4 * size
            return #"<path \#(attributes) d="M\#(f(p.x - h)),\#(f(p.y - h))L\#(f(p.x + h)),\#(f(p.y + h))M\#(f(p.x - h)),\#(f(p.y + h))L\#(f(p.x + h)),\#(f(p.y - h))" stroke="\#(color)" stroke-width="1.8" fill="none"/>"#
        }
    }

    /// `text` escaped for XML, with `_x` (letters and digits) and `_{…}` drawn as subscripts:
    /// "‖W‖_F²" shows F lowered and smaller, not a literal underscore.
    public static func richText(_ text: String) -> String {
        var out = "", rest = Substring(text), lowered = false
        func normal(_ piece: Substring) {
            guard !piece.isEmpty else { return }
            out += lowered ? #"<tspan dy="-4">\#(escape(String(piece)))</tspan>"# : escape(String(piece))
            lowered = false
        }
        while let underscore = rest.firstIndex(of: "_") {
            normal(rest[..<underscore])
            let after = rest[rest.index(after: underscore)...]
            var sub: Substring, next: Substring.Index
            if after.first == "{", let close = after.firstIndex(of: "}") {
                sub = after[after.index(after: after.startIndex)..<close]; next = after.index(after: close)
            } else {
                let run = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
                sub = run; next = run.endIndex
            }
            if sub.isEmpty { normal("_"); rest = after; continue }   // a lone underscore stays one
            out += #"<tspan dy="\#(lowered ? 0 : 4)" font-size="smaller">\#(escape(String(sub)))</tspan>"#
            lowered = true
            rest = after[next...]
        }
        normal(rest)
        return out
    }

    static func axisLabel(_ axis: Plot.Axis) -> String {
        axis.scale == .log ? "\(axis.label) (log scale)" : axis.label
    }

    static func tickLabel(_ v: Double, _ scale: Plot.Scale) -> String {
        switch scale {
        case .log:
            let k = Int(log10(v).rounded())
            if abs(v - pow(10, Double(k))) > 1e-9 * v { return escape(Plot.number(v)) }
            if (0...3).contains(k) { return String(Int(pow(10, Double(k)))) }
            return #"10<tspan dy="-6" font-size="10">\#(k)</tspan>"#
        case .linear:
            return escape(String(format: "%g", v))
        }
    }

    /// Two decimals are far below a pixel's resolution yet keep the output short and stable.
    static func f(_ v: Double) -> String { String(format: "%.2f", v) }

    /// Escapes text for XML character data and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
