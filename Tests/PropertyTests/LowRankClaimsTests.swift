import PropertyCheck
import PropertyCheckTesting
import Testing
import Theory

/// The low-rank ReLU claims (THEORY.md §4), each through the harness with its negative controls.
@Suite struct LowRankClaimsTests {
    @Test(arguments: LowRankClaims.all.map(\.id))
    func claimHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        for report in claim.check(CheckSettings.current) { report.expectPassed() }
    }
}
