import PropertyCheck
import PropertyCheckTesting
import Testing
import Theory

/// The NTK claims of the catalogue (THEORY.md §2), each through the harness with its negative controls.
@Suite struct NTKClaimTests {
    @Test(arguments: NTKClaims.all.map(\.id))
    func claimHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        for report in claim.check(CheckSettings.current) {
            // The fitted exponents and intervals belong in the test output, passing or not.
            if let evidence = report.statistics { print("\(report.name): \(evidence)") }
            report.expectPassed()
        }
    }
}
