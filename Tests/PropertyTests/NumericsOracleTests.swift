import PropertyCheck
import PropertyCheckTesting
import Testing
import Theory

/// The numerics oracles of the claim catalogue, each through the harness with its negative control.
@Suite struct NumericsOracleTests {
    @Test(arguments: NumericsOracles.all.map(\.id))
    func oracleHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        for report in claim.check(CheckSettings.current) { report.expectPassed() }
    }
}
