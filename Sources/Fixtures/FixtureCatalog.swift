/// Every fixture the regression suite recomputes. To pin something new, add one definition to the
/// list of its area (e.g. `NumericsFixtures.all`) and record it:
/// `THEORYCHECK_RECORD=<id> swift test --filter Regression`, then review and commit the new file.
public enum FixtureCatalog {
    public static var all: [FixtureDefinition] { NumericsFixtures.all }

    public static func definition(_ id: String) -> FixtureDefinition? { all.first { $0.id == id } }
}
