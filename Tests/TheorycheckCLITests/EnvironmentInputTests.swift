import Foundation
import Testing

/// The environment is an input like the flags: malformed values stop the tool before any work,
/// with status 2 and a message naming the variable.
@Suite("tool: environment variables")
struct EnvironmentInputTests {
    @Test(arguments: [
        ("THEORYCHECK_SEED", "12x"),
        ("THEORYCHECK_PROFILE", "nightly"),
        ("THEORYCHECK_THREADS", "many"),
        ("THEORYCHECK_THREADS", "0"),
        ("THEORYCHECK_REPLAY", "no-at-sign"),
        ("THEORYCHECK_RECORD", "no-such-fixture"),
        ("THEORYCHECK_RECORD", ""),
    ])
    func malformedVariableIsAUsageError(variable: String, value: String) throws {
        let directory = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // `check --report` would run every claim and write files: nothing may happen.
        let result = try ToolProcess.run(["check", "--report", "out"], environment: [variable: value], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(variable)='\(value)'"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(ToolProcess.files(in: directory).isEmpty)
    }

    @Test func validVariablesAreAccepted() throws {
        let result = try ToolProcess.run(["list"], environment: ["THEORYCHECK_SEED": "0x2a", "THEORYCHECK_PROFILE": "quick",
                                                                  "THEORYCHECK_THREADS": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("NTK-LINEAR-REGIME"))
    }
}

/// `replay` runs exactly the case a token names, or refuses.
@Suite("tool: replay")
struct ReplayToolTests {
    @Test(arguments: ["NUM-GEMM@ff/0/", "NUM-GEMM@ff/0/AA==", "NUM-GEMM@ff/0/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "NUM-GEMM@ff/1/6Ac"])
    func malformedOrForeignChoicesAreRefused(token: String) throws {
        let result = try ToolProcess.run(["replay", token, "--profile", "quick"])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("malformed replay token") || result.stderr.contains("replay refused"), "\(result.stderr)")
        #expect(!result.stdout.contains("passes now"), "\(result.stdout)")
    }
}
