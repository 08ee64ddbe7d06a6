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

            Lists the experiments `theorycheck sweep` runs, with their grid size at each profile.
            """,
        valueOptions: [])

    static let command = Command(spec: spec) { _ in
        for e in ExperimentRegistry.all {
            let sizes = Profile.allCases.map { "\($0.rawValue) \(e.grid($0).count)" }.joined(separator: ", ")
            print("\(e.name)  [cells: \(sizes)]\n    \(e.summary)")
        }
        return 0
    }
}
