import Experiments
import Foundation
import Testing
import Theory
@testable import Reports

@Suite struct ExperimentFigureTests {
    /// Every registered experiment at the quick profile: three shards merge to the single run, and
    /// its figures render as SVG (the full well-formedness check is in the SVGWriter suite).
    @Test(arguments: ExperimentRegistry.all.map(\.name))
    func everyExperimentShardsAndMerges(name: String) throws {
        let experiment = try #require(ExperimentRegistry.experiment(named: name))
        let single = experiment.run(profile: .quick, baseSeed: 11)
        let parts = (1...3).map { experiment.run(profile: .quick, baseSeed: 11, shard: Shard(index: $0, count: 3)) }
        #expect(try SweepResult.merge(parts).encoded() == single.encoded())
        #expect(single.results.allSatisfy { $0.values["failed"] == nil }, "a cell failed")
        let figures = experiment.figures(single)
        #expect(!figures.isEmpty)
        for figure in figures { #expect(SVGWriter.render(figure.plot).hasSuffix("</svg>\n")) }
    }
}
