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
            for control in report.negativeControls {
                print("\(report.name) control: \(control)")
                // The statistical controls state power 0.9 (their decision is approximate), which at
                // one replicate the harness cannot hold against them; at the pinned seeds every
                // control must in fact have been rejected.
                #expect(control.rejections == control.replicates, "\(report.name): control '\(control.name)' was not rejected")
            }
            report.expectPassed()
        }
    }
}
