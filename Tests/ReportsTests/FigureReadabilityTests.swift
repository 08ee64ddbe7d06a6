import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Theory
@testable import Reports

/// What a reader of a figure needs: axes fitted to the data, and every series visible.
@Suite("Figure readability")
struct FigureReadabilityTests {
    /// A drawn point as the SVG shows it: centre, extent, and whether it is filled.
    struct DrawnPoint { var series: String; var x: Double; var y: Double; var radius: Double; var filled: Bool }

    static func points(_ svg: String) throws -> [DrawnPoint] {
        let parsed = try #require(SVGElementCollector.parse(svg))
        return try parsed.elements.filter { $0.attributes["class"] == "point" }.map { e in
            let a = e.attributes
            let series = a["data-series"] ?? ""
            let filled = (a["fill"] ?? "none") != "none"
            func number(_ key: String) throws -> Double { try #require(Double(a[key] ?? ""), "\(e.name) without \(key)") }
            switch e.name {
            case "circle": return DrawnPoint(series: series, x: try number("cx"), y: try number("cy"), radius: try number("r"), filled: filled)
            case "rect":
                let w = try number("width")
                return DrawnPoint(series: series, x: try number("x") + w / 2, y: try number("y") + w / 2, radius: w / 2, filled: filled)
            default:
                // A cross: "M x0,y0 L x1,y1 …", centred between its first two corners.
                let numbers = (a["d"] ?? "").split(whereSeparator: { "ML,".contains($0) }).compactMap { Double($0) }
                try #require(numbers.count >= 4)
                return DrawnPoint(series: series, x: (numbers[0] + numbers[2]) / 2, y: (numbers[1] + numbers[3]) / 2,
                                  radius: abs(numbers[2] - numbers[0]) / 2, filled: false)
            }
        }
    }

    /// Series none of whose points and lines can be seen: every point lies under a later, filled
    /// point at least as large, and every line is retraced by a later line of the same pattern.
    static func hiddenSeries(_ svg: String) throws -> [String] {
        let drawn = try points(svg)
        let parsed = try #require(SVGElementCollector.parse(svg))
        let lines = parsed.elements.filter { $0.attributes["class"] == "line" }.map {
            (series: $0.attributes["data-series"] ?? "", points: $0.attributes["points"] ?? "", dash: $0.attributes["stroke-dasharray"])
        }
        var hidden: [String] = []
        for name in Set(drawn.map(\.series) + lines.map(\.series)) {
            let mine = drawn.enumerated().filter { $0.element.series == name }
            let pointsHidden = mine.allSatisfy { k, p in
                drawn[(k + 1)...].contains { q in
                    q.series != name && q.filled && q.radius >= p.radius && abs(q.x - p.x) < 1 && abs(q.y - p.y) < 1
                }
            }
            let myLines = lines.enumerated().filter { $0.element.series == name }
            let linesHidden = myLines.allSatisfy { k, l in
                lines[(k + 1)...].contains { $0.series != name && $0.points == l.points && $0.dash == l.dash }
            }
            if pointsHidden && linesHidden { hidden.append(name) }
        }
        return hidden.sorted()
    }

    /// Every figure of every experiment (quick profile): each axis spans at most 3× its data, and
    /// no series is fully hidden under others.
    @Test(arguments: ExperimentRegistry.all.map(\.name))
    func figuresFitTheirDataAndShowEverySeries(name: String) throws {
        let experiment = try #require(ExperimentRegistry.experiment(named: name))
        let result = experiment.run(profile: .quick, baseSeed: 11)
        for figure in experiment.figures(result) {
            let frame = PlotFrame(for: figure.plot)
            for (range, data, scale, axis) in [(frame.xRange, frame.xData, frame.xScale, "x"), (frame.yRange, frame.yData, frame.yScale, "y")] {
                let t = data.map { scale == .log ? log10($0) : $0 }
                guard let lo = t.min(), let hi = t.max(), hi > lo else { continue }
                let ratio = (range.upperBound - range.lowerBound) / (hi - lo)
                #expect(ratio <= 3, "\(figure.name): the \(axis) axis spans \(ratio)× its data (\(range) vs \(lo)…\(hi))")
            }
            #expect(try Self.hiddenSeries(SVGWriter.render(figure.plot)).isEmpty, "\(figure.name)")
        }
    }

    /// The detector itself: two equal series of filled circles hide the first unless the writer
    /// draws the second hollow; a retraced solid line hides the first unless it is dashed.
    @Test func coincidingSeriesStayVisible() throws {
        let points: [(x: Double, y: Double)] = [(1, 1), (2, 4), (3, 9)]
        let plot = Plot(title: "t", x: .init("x"), y: .init("y"),
                        series: [Plot.Series("a", points: points), Plot.Series("b", points: points)])
        let svg = SVGWriter.render(plot)
        #expect(try Self.hiddenSeries(svg).isEmpty)
        // Planted: the writer's hollow marker and dash replaced by the plain ones hides "a".
        let plain = svg.replacingOccurrences(of: ##"r="6.30" fill="none" stroke="#D55E00" stroke-width="1.5""##, with: ##"r="3.50" fill="#D55E00""##)
            .replacingOccurrences(of: #" stroke-dasharray="2,4""#, with: "")
        #expect(plain != svg)
        #expect(try Self.hiddenSeries(plain) == ["a"])
        #expect(svg.contains("hollow markers"))
    }

    /// Log axes over less than two decades are fitted to the data and ticked at it.
    @Test func narrowLogAxesTickAtTheData() {
        let plot = Plot(title: "t", x: .init("width", scale: .log), y: .init("error", scale: .log),
                        series: [Plot.Series("s", points: [(32, 0.011), (64, 0.008), (128, 0.0055)])])
        let frame = PlotFrame(for: plot)
        #expect(frame.xTicks() == [32, 64, 128])
        #expect(frame.xRange.lowerBound > log10(29) && frame.xRange.upperBound < log10(140))
        #expect(frame.yTicks().allSatisfy { frame.yRange.contains(log10($0)) } && frame.yTicks().count >= 2)
        let svg = SVGWriter.render(plot)
        #expect(svg.contains(">32</text>") && svg.contains(">128</text>"))
    }

    @Test func underscoresBecomeSubscripts() throws {
        let text = SVGWriter.richText("‖Θ̂_T − Θ̂₀‖_F / ‖W‖_{F}² & d_x_")
        #expect(!text.contains("_T") && !text.contains("_F") && !text.contains("_{"))
        #expect(text.contains(#"font-size="smaller">F</tspan>"#) && text.contains("&amp;") && text.hasSuffix("_</tspan>"))
        let svg = SVGWriter.render(Plot(title: "‖W‖_F² of σ_max", x: .init("x"), y: .init("y"), series: []))
        let parsed = try #require(SVGElementCollector.parse(svg))
        #expect(parsed.text.contains("‖W‖F² of σmax"))
    }
}
