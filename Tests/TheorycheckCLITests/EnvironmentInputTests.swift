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

@Suite("tool: listings and timing")
struct ListingTests {
    /// The deep grid of the phase diagram has fewer cells than ci but far larger ones: the listing
    /// shows the sizes, not just a count that reads as "deep is smaller".
    @Test func experimentsListSizesPerProfile() throws {
        let result = try ToolProcess.run(["experiments"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "dl-phase-diagram"))
        let block = lines[start..<min(lines.count, start + 5)].joined(separator: "\n")
        #expect(block.contains("ci: 650 cells") && block.contains("deep: 140 cells"), "\(block)")
        #expect(block.contains("width 16–1024 (7 values)") && block.contains("width 4–256 (13 values)"), "\(block)")
    }

    /// The footer and report.md state one wall time.
    @Test func footerAndReportStateTheSameTime() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ToolProcess.run(["check", "NUM-GEMM", "--profile", "quick", "--report", "out", "--no-sweeps"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let footer = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("1 claim, 0 failed, ") })
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.md"), encoding: .utf8)
        let seconds = try #require(footer.split(separator: ",")[2].split(separator: " ").first)
        #expect(report.contains("1 claim, 0 failed, \(seconds) s."), "\(footer)\n\(report.prefix(200))")
        #expect(result.stdout.contains("(1 check, "), "\(result.stdout)")
    }
}
