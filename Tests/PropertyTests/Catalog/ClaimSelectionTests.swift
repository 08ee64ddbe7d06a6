import PropertyCheck
import Testing
import Theory

/// How a test run picks its claims and how a check name finds its claim.
@Suite struct ClaimSelectionTests {
    @Test func everyCheckNameFindsTheMostSpecificClaim() throws {
        #expect(ClaimCatalog.owner(ofCheck: "NTK-CONSTANT/ratio")?.id == "NTK-CONSTANT")
        #expect(ClaimCatalog.owner(ofCheck: "LR-KERNEL-MC-RANDOM")?.id == "LR-KERNEL")
        #expect(ClaimCatalog.owner(ofCheck: "NUM-QR")?.id == "NUM-QR")
        // A longer word is not a part name: NTK-EQUALS is no check of NTK-EQUAL.
        #expect(ClaimCatalog.owner(ofCheck: "NTK-EQUALS") == nil)
        #expect(ClaimCatalog.owner(ofCheck: "LA-FROBENIUS") == nil)
        for claim in ClaimCatalog.all { #expect(ClaimCatalog.owner(ofCheck: claim.id)?.id == claim.id) }
    }

    @Test func selectionFromTheEnvironment() throws {
        #expect(try ClaimCatalog.selection(environment: [:]).get().map(\.id) == ClaimCatalog.all.map(\.id))
        #expect(try ClaimCatalog.selection(environment: ["THEORYCHECK_CLAIMS": "NUM-SVD, NUM-QR"]).get().map(\.id)
                == ["NUM-QR", "NUM-SVD"])
        #expect(try ClaimCatalog.selection(environment: ["THEORYCHECK_REPLAY": "NTK-CONSTANT/ratio@1f"]).get().map(\.id)
                == ["NTK-CONSTANT"])
        // A replay of a check no claim owns runs no claim (another test owns it).
        #expect(try ClaimCatalog.selection(environment: ["THEORYCHECK_REPLAY": "LA-FROBENIUS@1f/0"]).get().isEmpty)
    }

    @Test(arguments: [
        ["THEORYCHECK_CLAIMS": "NTK-EQUAL,NO-SUCH-CLAIM"],
        ["THEORYCHECK_CLAIMS": " , "],
        ["THEORYCHECK_REPLAY": "NUM-QR-without-a-seed"],
        ["THEORYCHECK_REPLAY": "NUM-QR@1f/x"],
        ["THEORYCHECK_REPLAY": "NUM-QR@1f", "THEORYCHECK_CLAIMS": "NUM-QR"],
    ])
    func invalidSelectionsAreErrors(environment: [String: String]) {
        guard case .failure(let error) = ClaimCatalog.selection(environment: environment) else {
            Issue.record("\(environment) was accepted"); return
        }
        #expect(!error.description.isEmpty)
    }

    /// Claim checks print replay lines for the catalogue's suite, whose selection reruns that claim.
    @Test func replayLinesOfClaimChecksNameTheCatalogueSuite() throws {
        let token = ReplayToken(checkName: "NUM-QR", runSeed: 0x1f, caseIndex: 3)
        let line = token.commandLine(testFilter: ClaimCatalog.testFilter, profile: .ci)
        #expect(line == "THEORYCHECK_PROFILE=ci THEORYCHECK_REPLAY='NUM-QR@1f/3' swift test --filter 'ClaimCatalogTests'")
        let environment = ReplayToken.environment(fromCommandLine: line)
        #expect(try ClaimCatalog.selection(environment: environment).get().map(\.id) == ["NUM-QR"])
    }
}
