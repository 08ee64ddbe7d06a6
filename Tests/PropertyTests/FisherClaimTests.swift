import PropertyCheck
import PropertyCheckTesting
import Testing
import Theory

/// The Fisher-information claims of the catalogue (THEORY.md §3), each through the harness with its
/// negative controls.
@Suite struct FisherClaimTests {
    @Test(arguments: FisherClaims.all.map(\.id))
    func claimHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        for report in claim.check(CheckSettings.current) {
            if let evidence = report.statistics { print("\(report.name): \(evidence)") }
            for control in report.negativeControls { print("\(report.name) control: \(control)") }
            report.expectPassed()
        }
    }
}
