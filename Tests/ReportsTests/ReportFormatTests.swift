import Experiments
import Foundation
import Testing
@testable import Reports

@Suite("Report formats")
struct ReportFormatTests {
    @Test func csvQuotesSpecialFieldsAndPadsShortRows() {
        let csv = CSVWriter.render(header: ["a", "b,c", "d"], rows: [["1", "say \"hi\""], ["x\ny", "2", "3"]])
        #expect(csv == "a,\"b,c\",d\n1,\"say \"\"hi\"\"\",\n\"x\ny\",2,3\n")
    }

    @Test func csvOfASweepHasOneRowPerCellAndEmptyMissingValues() {
        let cells = [SweepCell(index: 0, parameters: ["n": 8], labels: ["init": "gaussian"], seed: 255),
                     SweepCell(index: 1, parameters: ["n": 16], labels: ["init": "orthogonal"], seed: 16)]
        let result = SweepResult(experiment: "e", profile: "ci", baseSeed: 1, totalCells: 2, shard: nil,
                                 results: [CellResult(cell: cells[1], values: ["err": nil]),
                                           CellResult(cell: cells[0], values: ["err": 0.25])])
        #expect(CSVWriter.render(result) == "cell,seed,init,n,err\n0,0xff,gaussian,8,0.25\n1,0x10,orthogonal,16,\n")
    }

    @Test func powerLawFitRecoversAnExactExponent() throws {
        let points = [2.0, 4, 8, 16, 32].map { (x: $0, y: 3 * pow($0, -0.5)) }
        let fit = try #require(PowerLawFit(points))
        #expect(abs(fit.exponent + 0.5) < 1e-12)
        #expect(abs(fit.logPrefactor - log(3)) < 1e-12)
        #expect(PowerLawFit(Array(points.prefix(2))) == nil)
    }

    @Test func keyNumberFormatting() {
        #expect(KeyNumber.format(0.98765) == "0.9877")
        #expect(KeyNumber.format(1.5e-7) == "1.500e-07")
        #expect(KeyNumber.format(0) == "0")
    }
}

@Suite("MarkdownReport")
struct MarkdownReportTests {
    @Test func reportLinksDataAndFiguresOfEverySweep() {
        let entry = MarkdownReport.SweepEntry(experiment: "ntk-error-vs-width", summary: "NTK error vs width",
                                              csvFile: "ntk-error-vs-width.csv", figureFiles: ["ntk-error-vs-width.svg"],
                                              notes: ["Gaussian: slope -0.49 ± 0.1"])
        let text = MarkdownReport.render(outcomes: [], sweeps: [entry], profile: "ci", seed: 0x2a, totalSeconds: 1.25)
        #expect(text.hasPrefix("# theorycheck report\n"))
        #expect(text.contains("Profile `ci`, base seed `0x2a`: 1.2 s.") || text.contains("Profile `ci`, base seed `0x2a`: 1.3 s."))
        #expect(text.contains("### ntk-error-vs-width"))
        #expect(text.contains("[ntk-error-vs-width.csv](ntk-error-vs-width.csv)"))
        #expect(text.contains("![ntk-error-vs-width.svg](ntk-error-vs-width.svg)"))
        #expect(text.contains("- Gaussian: slope -0.49 ± 0.1"))
        #expect(!text.contains("## Verdicts"))
    }
}
