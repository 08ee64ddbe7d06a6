import Experiments
import Foundation
import Reports
import PropertyCheck
import Theory

enum ListCommand {
    static let spec = CommandSpec(
        name: "list", synopsis: "theorycheck list",
        help: """
            usage: theorycheck list

            Lists every claim: its id (as used by `check`), family, kind (exact, statistical, scaling law),
            citation (paper and theorem/figure), one-line statement, and where the repository's
            theory text states it (docs/THEORY.md section and entry).
            """,
        valueOptions: [])

    static let command = Command(spec: spec) { _ in
        for claim in ClaimCatalog.all {
            print("\(claim.id)  [\(claim.family); \(claim.kind.rawValue)]  \(claim.citation)\n"
                  + "    \(claim.statement)\n    theory: \(claim.theoryReference)")
        }
        return 0
    }

}

enum ExperimentsCommand {
    static let spec = CommandSpec(
        name: "experiments", synopsis: "theorycheck experiments",
        help: """
            usage: theorycheck experiments

            Lists the experiments `theorycheck sweep` runs and, per profile, the number of cells and
            the range of every grid coordinate. A cell's cost grows with its sizes, so a profile
            with fewer cells can still be the longer run (deep grids use paper-scale sizes).
            """,
        valueOptions: [])

    static let command = Command(spec: spec) { _ in
        for e in ExperimentRegistry.all {
            print("\(e.name)\n    \(e.summary)")
            for profile in Profile.allCases { print("    " + gridSummary(e, profile)) }
        }
        return 0
    }
}

extension ExperimentsCommand {
    /// "deep: 140 cells; depth 16–256 (5 values), width 16–1024 (7 values), …": how many cells
    /// and how large, so a smaller but larger-sized grid reads as what it is.
    static func gridSummary(_ experiment: Experiment, _ profile: Profile) -> String {
        let grid = experiment.grid(profile)
        let names: [String] = Set(grid.flatMap { $0.parameters.keys }).sorted()
        let ranges = names.map { name -> String in
            let values = Set(grid.compactMap { $0.parameters[name] }).sorted()
            guard let lo = values.first, let hi = values.last else { return name }
            let span = lo == hi ? Plot.number(lo) : "\(Plot.number(lo))–\(Plot.number(hi))"
            return "\(name) \(span) (\(values.count) value\(values.count == 1 ? "" : "s"))"
        }
        let labelKeys: [String] = Set(grid.flatMap { $0.labels.keys }).sorted()
        let labels = labelKeys.map { key in
            "\(key) " + Set(grid.compactMap { $0.labels[key] }).sorted().joined(separator: "/")
        }
        return "\(profile.rawValue): \(Plural.count(grid.count, "cell"))"
            + (ranges.isEmpty ? "" : "; " + ranges.joined(separator: ", "))
            + (labels.isEmpty ? "" : "; " + labels.joined(separator: ", "))
    }
}
