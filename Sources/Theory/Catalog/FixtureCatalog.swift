import Fixtures

/// Every fixture the regression suite recomputes: the numerics fixtures, plus one per claim that
/// declares ``Claim/keyNumbers``. To pin a new claim's key numbers, give its definition a
/// `keyNumbers` closure (one line in the claim) and record it:
/// `THEORYCHECK_RECORD=claim-<ID> swift test --filter Regression`, then review and commit the file.
public enum FixtureCatalog {
    public static var all: [FixtureDefinition] {
        NumericsFixtures.all + ClaimCatalog.all.compactMap(\.fixtureDefinition)
    }

    public static func definition(_ id: String) -> FixtureDefinition? { all.first { $0.id == id } }
}

extension Claim {
    /// The fixture `claim-<id>` pinning this claim's key numbers, if it declares any.
    public var fixtureDefinition: FixtureDefinition? {
        guard let keyNumbers else { return nil }
        return FixtureDefinition(
            id: "claim-\(id)", description: "Key numbers of \(id) at pinned seeds: \(statement)",
            pins: id, source: citation, seeds: keyNumberSeeds, parameters: [:], compute: keyNumbers)
    }
}
