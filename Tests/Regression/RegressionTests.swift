import Foundation
import Testing
import Fixtures
import Theory

/// Recomputes every fixture in the catalog and compares it, field by field, with `fixtures/<id>.json`.
/// With `THEORYCHECK_RECORD=<id>[,<id>…|all]` the named fixtures are re-recorded first (atomically)
/// and the change is printed; without it nothing is ever written.
@Suite struct RegressionTests {
    static let store = FixtureStore.packageFixtures(from: #filePath)
    /// The fixtures `THEORYCHECK_RECORD` names; none when it is invalid (``recordSelectionIsValid()``
    /// then fails with the reason).
    static let idsToRecord = (try? FixtureStore.idsToRecord(catalog: FixtureCatalog.all)) ?? []

    /// A `THEORYCHECK_RECORD` naming no fixture fails the run instead of recording nothing.
    @Test func recordSelectionIsValid() {
        do { _ = try FixtureStore.idsToRecord(catalog: FixtureCatalog.all) } catch {
            Issue.record(Comment(rawValue: error.description))
        }
    }

    @Test(arguments: FixtureCatalog.all.map(\.id))
    func fixtureReproduces(id: String) throws {
        let definition = try #require(FixtureCatalog.definition(id))
        if Self.idsToRecord.contains(id) {
            print(try Self.store.record(definition))
        }
        let comparison = try Self.store.check(definition)
        if !comparison.passed { Issue.record("\(comparison.report())") }
    }

    @Test func catalogIdsAreUniqueAndEveryFileIsKnown() throws {
        let ids = FixtureCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate fixture ids in the catalog")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.store.directory.path)
            .filter { $0.hasSuffix(".json") }
        for f in files {
            #expect(ids.contains(String(f.dropLast(5))), "fixtures/\(f) has no definition in FixtureCatalog (stale file?)")
        }
    }
}
