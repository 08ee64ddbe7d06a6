import Fixtures
import PropertyCheck
import Theory

/// The `THEORYCHECK_*` variables the tool (or the harness it runs) reads, checked before any work.
enum EnvironmentCheck {
    /// One message per malformed variable: the harness's variables (``HarnessEnvironment``) and
    /// `THEORYCHECK_RECORD`, which must name fixtures of the catalogue.
    static func problems(_ environment: [String: String]) -> [String] {
        var messages = HarnessEnvironment.problems(in: environment).map(\.description)
        do { _ = try FixtureStore.idsToRecord(environment: environment, catalog: FixtureCatalog.all) } catch {
            messages.append(error.description)
        }
        return messages
    }
}
