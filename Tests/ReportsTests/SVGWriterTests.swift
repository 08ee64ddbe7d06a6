import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

/// Collects the elements of an SVG document through Foundation's XMLParser.
///
/// Well-formedness is judged three ways, because on Linux `parse()` returns true for some
/// malformed documents (measured: `<a><b>x</a>` parses "successfully" with `parserError` set, and
/// an unclosed `<a>` with no error at all): `parse()` must succeed, `parserError` must be nil, and
/// the start/end events must nest properly and close every element.
final class SVGElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    var open: [String] = []
    var nestingError = false
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((elementName, attributes))
        open.append(elementName)
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if open.popLast() != elementName { nestingError = true }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    /// Parses `svg`; nil when it is not well-formed XML.
    static func parse(_ svg: String) -> SVGElementCollector? {
        let collector = SVGElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        let ok = parser.parse() && parser.parserError == nil && !collector.nestingError && collector.open.isEmpty
        return ok ? collector : nil
    }
}

@Suite("SVGWriter")
struct SVGWriterTests {
    /// A log–log plot whose data span 1…1000 on x and 10⁻³…10 on y, names with XML specials.
    static let plot = Plot(
        title: "error <vs> width & \"rank\"",
        x: .init("width n", scale: .log), y: .init("relative error", scale: .log),
        series: [Plot.Series("empirical <Θ>", points: [(1, 1e-3), (10, 1e-2), (100, 0.1), (1000, 10)]),
                 Plot.Series("fit & 'line'", points: [(2, 0.5), (500, 0.05)], style: .line, dashed: true),
                 Plot.Series("dropped", points: [(0, 1), (3, -1), (5, .nan), (7, 2)], style: .markers, marker: .square)],
        notes: ["slope 0.98 ± 0.07 < 1.1"])

    @Test func outputIsWellFormedXMLWithEscapedText() throws {
        let svg = SVGWriter.render(Self.plot)
        let parsed = try #require(SVGElementCollector.parse(svg))
        #expect(parsed.elements.first?.name == "svg")
        #expect(parsed.text.contains("error <vs> width & \"rank\""))
        #expect(parsed.text.contains("empirical <Θ>"))
        #expect(parsed.text.contains("fit & 'line'"))
        // Planted bug: the same text unescaped must be rejected by the parser the test relies on.
        #expect(SVGElementCollector.parse(svg.replacingOccurrences(of: "&lt;vs&gt;", with: "<vs>")) == nil)
        #expect(SVGElementCollector.parse(svg.replacingOccurrences(of: "width &amp;", with: "width &")) == nil)
        #expect(SVGElementCollector.parse(svg.replacingOccurrences(of: "</svg>", with: "")) == nil)
    }

    @Test func pointsLandWhereTheDataSay() throws {
        let svg = SVGWriter.render(Self.plot)
        let parsed = try #require(SVGElementCollector.parse(svg))
        let frame = PlotFrame(for: Self.plot)
        // Whole decades: x ∈ [10⁰, 10³], y ∈ [10⁻³, 10¹].
        #expect(frame.xRange == 0...3)
        #expect(frame.yRange == -3...1)
        let circles = parsed.elements.filter { $0.name == "circle" && $0.attributes["class"] == "point" }
        #expect(circles.count == 4)
        for c in circles {
            let x = try #require(Double(c.attributes["data-x"] ?? "")), y = try #require(Double(c.attributes["data-y"] ?? ""))
            let cx = try #require(Double(c.attributes["cx"] ?? "")), cy = try #require(Double(c.attributes["cy"] ?? ""))
            // Independent truth: the linear map of log₁₀ onto the plotting box. Coordinates are
            // written with two decimals, so they agree to within 0.005 px.
            let ex = PlotFrame.left + (log10(x) - 0) / 3 * (PlotFrame.right - PlotFrame.left)
            let ey = PlotFrame.bottom - (log10(y) + 3) / 4 * (PlotFrame.bottom - PlotFrame.top)
            #expect(abs(cx - ex) <= 0.005 && abs(cy - ey) <= 0.005, "point (\(x), \(y)) drawn at (\(cx), \(cy)), expected (\(ex), \(ey))")
        }
        // Corners of the data range land on the corners of the box.
        let lowCorner = frame.pixel(x: 1, y: 1e-3), highCorner = frame.pixel(x: 1000, y: 10)
        #expect(lowCorner.x == PlotFrame.left && lowCorner.y == PlotFrame.bottom)
        #expect(highCorner.x == PlotFrame.right && highCorner.y == PlotFrame.top)
    }

    @Test func undrawablePointsAreLeftOutAndCounted() throws {
        let parsed = try #require(SVGElementCollector.parse(SVGWriter.render(Self.plot)))
        let squares = parsed.elements.filter { $0.name == "rect" && $0.attributes["data-series"] == "dropped" }
        #expect(squares.count == 1) // only (7, 2): 0 and −1 are off a log axis, NaN is not finite
        #expect(parsed.text.contains("3 point(s) not drawable"))
    }

    @Test func logAxesAreMarkedAndTickedAtDecades() throws {
        let parsed = try #require(SVGElementCollector.parse(SVGWriter.render(Self.plot)))
        #expect(parsed.text.contains("width n (log scale)"))
        #expect(parsed.text.contains("relative error (log scale)"))
        let frame = PlotFrame(for: Self.plot)
        #expect(frame.xTicks() == [1, 10, 100, 1000])
        #expect(frame.yTicks().map { log10($0).rounded() } == [-3, -2, -1, 0, 1])
        let legend = parsed.elements.filter { $0.attributes["class"] == "legend" }
        #expect(legend.count == 3)
    }

    @Test func linearAxesUseRoundTicksCoveringTheData() {
        let plot = Plot(title: "t", x: .init("x"), y: .init("y"),
                        series: [Plot.Series("s", points: [(0.3, -2.2), (9.1, 7.5)])])
        let frame = PlotFrame(for: plot)
        #expect(frame.xRange.lowerBound <= 0.3 && frame.xRange.upperBound >= 9.1)
        #expect(frame.yRange.lowerBound <= -2.2 && frame.yRange.upperBound >= 7.5)
        #expect(frame.xRange == 0...10)
        let ticks = frame.yTicks()
        #expect(ticks.first! >= frame.yRange.lowerBound && ticks.last! <= frame.yRange.upperBound)
        #expect(ticks.count >= 4)
        // A linear point: x = 5 sits half-way across [0, 10].
        #expect(abs(frame.pixel(x: 5, y: 0).x - (PlotFrame.left + PlotFrame.right) / 2) < 1e-9)
    }
}
