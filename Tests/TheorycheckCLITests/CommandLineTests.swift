import Foundation
import Testing

/// Small behaviours of the command line: help, claim and check ids, the fitted table.
@Suite("tool: command line")
struct CommandLineTests {
    @Test func helpHelpShowsTheOverview() throws {
        let result = try ToolProcess.run(["help", "help"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("help [<command>]"))
    }

    /// Help paragraphs are wrapped evenly: no line over 100 columns (the synopsis aside), and no
    /// line of a paragraph ends far short of the width while the paragraph goes on.
    @Test(arguments: ["check", "list", "replay", "sweep", "merge", "experiments"])
    func helpIsWrappedEvenly(command: String) throws {
        let result = try ToolProcess.run(["help", command])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (k, line) in lines.enumerated() where !line.hasPrefix("usage:") {
            #expect(line.count <= 100, "\(command): \(line)")
            // Prose lines (not options, not indented) followed by more prose of the same paragraph.
            let next = k + 1 < lines.count ? lines[k + 1] : ""
            if !line.hasPrefix(" ") && !next.isEmpty && !next.hasPrefix(" ") && !line.isEmpty {
                let nextWord = next.split(separator: " ").first.map(String.init) ?? ""
                #expect(line.count + 1 + nextWord.count > 80, "\(command): '\(line)' is broken early before '\(nextWord)'")
            }
        }
    }

    @Test func aClaimNamedTwiceRunsOnce() throws {
        let result = try ToolProcess.run(["check", "NUM-GEMM", "NUM-GEMM", "--profile", "quick"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("NUM-GEMM ") }
        #expect(rows.count == 1, "\(result.stdout)")
        #expect(result.stdout.contains("\n1 claim, 0 failed, "), "\(result.stdout)")
    }

    /// A check id as the table prints it runs its claim (as `replay` accepts it).
    @Test func aCheckIdRunsItsClaim() throws {
        let result = try ToolProcess.run(["check", "LR-KERNEL-MC-RANDOM", "--profile", "quick"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("LR-KERNEL-MC-RANDOM is a check of claim LR-KERNEL"), "\(result.stderr)")
        #expect(result.stdout.contains("LR-KERNEL  LR-KERNEL-MC-RANDOM"), "\(result.stdout)")
        let unknown = try ToolProcess.run(["check", "NO-SUCH-CLAIM"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown claim 'NO-SUCH-CLAIM'"))
    }

    /// The table narrows to the terminal. Its nine columns cannot go below their longest unbroken
    /// word (e.g. "LR-KERNEL-MC-RESCALED") plus two spaces between columns: 98 characters for
    /// LR-KERNEL, so 100 is the narrowest width asked for here.
    @Test func theTableFitsColumns() throws {
        for columns in [100, 120] {
            let result = try ToolProcess.run(["check", "LR-KERNEL", "--profile", "quick"], environment: ["COLUMNS": "\(columns)"])
            #expect(result.status == 0, "\(result.stderr)")
            let table = result.stdout.split(separator: "\n").drop { !$0.hasPrefix("claim ") }.prefix { !$0.isEmpty }
            #expect(table.count >= 6, "\(result.stdout)")
            #expect(table.allSatisfy { $0.count <= columns }, "\(table.joined(separator: "\n"))")
        }
    }
}

@Suite("tool: check --format json")
struct CheckJSONTests {
    @Test func standardOutputIsOnlyTheVerdictsAsJSON() throws {
        let result = try ToolProcess.run(["check", "FIM-JACOBIAN-BOUND", "NUM-GEMM", "--profile", "quick", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "theorycheck.check/1")
        #expect(object["passed"] as? Bool == true && object["profile"] as? String == "quick")
        let claims = try #require(object["claims"] as? [[String: Any]])
        #expect(claims.map { $0["id"] as? String } == ["FIM-JACOBIAN-BOUND", "NUM-GEMM"])
        let checks = try #require(claims[0]["checks"] as? [[String: Any]])
        let correlation = try #require(checks.first { $0["name"] as? String == "FIM-JACOBIAN-BOUND/correlation" })
        let statistics = try #require(correlation["statistics"] as? [String: Any])
        #expect(statistics["relation"] as? String == ">" && statistics["lower"] is Double && statistics["upper"] is Double)
        #expect(correlation["verdict"] as? String == "passed")
        // What each check resolves: a statistical check's resolution, an exact check's worst margin.
        let resolution = try #require(correlation["resolution"] as? [String: Any])
        #expect(resolution["value"] is Double && resolution["power"] as? Double == 0.99 && resolution["scale"] as? String == "absolute")
        let exact = try #require(checks.first { $0["name"] as? String == "FIM-JACOBIAN-BOUND" })
        #expect(exact["worstMargin"] is Double && (exact["resolves"] as? String)?.hasSuffix("of bound") == true, "\(exact)")
        // Progress and the footer go to standard error.
        #expect(result.stderr.contains("2 claims, 0 failed"), "\(result.stderr)")
        let bad = try ToolProcess.run(["check", "NUM-GEMM", "--format", "yaml"])
        #expect(bad.status == 2 && bad.stderr.contains("--format must be text or json"))
    }
}
