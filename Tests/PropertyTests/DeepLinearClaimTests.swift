import Foundation
import PropertyCheck
import PropertyCheckTesting
import Testing
import Theory

/// Every claim of THEORY.md §1 (deep linear networks) through the harness, negative controls included.
@Suite struct DeepLinearClaimTests {
    @Test(arguments: DeepLinearClaims.all.map(\.id))
    func claimHolds(id: String) throws {
        let claim = try #require(ClaimCatalog.claim(id: id))
        let start = Date()
        for report in claim.check(CheckSettings.current) {
            report.expectPassed()
            if let s = report.scaling {
                print("\(report.name): exponent \(s.exponent), 1 − α interval [\(s.lower), \(s.upper)] (α = \(s.alpha)); geometric-mean m* by depth \(s.xs): \(s.meanLogY.map { exp($0) })")
            }
            for note in report.notes { print("\(report.name): \(note)") }
        }
        print("\(id): \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }
}
