import Foundation
import Testing

/// Output paths are checked before any work; `sweep --report` writes only into its directory;
/// `merge` reads and verifies its parts and says in words what is wrong.
@Suite("tool: outputs and merge")
struct OutputAndMergeTests {
    /// A fast experiment (quick profile: 9 small cells).
    static let experiment = "lowrank-gap-vs-dimension"

    @Test func reportPathThatIsAFileOrUnderAFileIsRefusedBeforeAnyWork() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
        for path in ["file", "file/sub"] {
            // Every claim would take minutes: a status 2 within the test's time means nothing ran.
            let result = try ToolProcess.run(["check", "--report", path], in: dir)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("--report \(path): "), "\(result.stderr)")
            #expect(!result.stdout.contains("report:"), "\(result.stdout)")
        }
        #expect(ToolProcess.files(in: dir) == ["file"])
    }

    @Test func outThatIsADirectoryIsRefused() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("d"), withIntermediateDirectories: true)
        for arguments in [["sweep", Self.experiment, "--profile", "quick", "--out", "d"], ["merge", "x.json", "--out", "d"]] {
            let result = try ToolProcess.run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("--out d: is a directory"), "\(result.stderr)")
        }
    }

    @Test func sweepWithReportWritesOnlyIntoTheReportDirectory() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ToolProcess.run(["sweep", Self.experiment, "--profile", "quick", "--report", "out/"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ToolProcess.files(in: dir) == ["out"])
        let written = ToolProcess.files(in: dir.appendingPathComponent("out"))
        #expect(written.contains("\(Self.experiment).json") && written.contains("report.md"), "\(written)")
        #expect(result.stdout.contains("→ out/\(Self.experiment).json") && result.stdout.contains("report: out/report.md"), "\(result.stdout)")
    }

    /// Two shards of the fast experiment in `dir`: parts/1.json and parts/2.json.
    static func shards(in dir: URL) throws {
        for i in 1...2 {
            let result = try ToolProcess.run(["sweep", experiment, "--profile", "quick", "--shard", "\(i)/2", "--out", "parts/\(i).json"], in: dir)
            try #require(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func unreadablePartsAreNamedWithWhatIsWrong() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.shards(in: dir)
        let part = dir.appendingPathComponent("parts/2.json")
        let text = try String(contentsOf: part, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"baseSeed\"", with: "\"base\"").utf8).write(to: dir.appendingPathComponent("nokey.json"))
        try Data(text.prefix(40).utf8).write(to: dir.appendingPathComponent("cut.json"))
        let cases = [("missing.json", "missing.json: no such file"),
                     ("nokey.json", "nokey.json: not a complete sweep result: field 'baseSeed' missing"),
                     ("cut.json", "cut.json: not JSON, or truncated")]
        for (file, message) in cases {
            let result = try ToolProcess.run(["merge", "parts/1.json", file, "--out", "m.json"], in: dir)
            #expect(result.status == 1)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!result.stderr.contains("Code=") && !result.stderr.contains("DecodingError"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
    }

    @Test(arguments: [
        ("\"seed\" : ", "seed 0x"),                 // a cell's seed edited
        ("\"dimension\" : ", "has coordinates"),  // a cell's parameter edited
        ("\"profile\" : \"quick\"", "profile 'deep2'"),
    ])
    func editedCellsAreRefused(field: String, message: String) throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.shards(in: dir)
        let part = dir.appendingPathComponent("parts/2.json")
        var text = try String(contentsOf: part, encoding: .utf8)
        let range = try #require(text.range(of: field), "no \(field) in the part")
        if field.hasPrefix("\"profile\"") {
            text.replaceSubrange(range, with: "\"profile\" : \"deep2\"")
        } else {
            // Replace the number by a different, still well-formed one.
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            text.replaceSubrange(range.upperBound..<digits.endIndex, with: digits == "12345" ? "54321" : "12345")
        }
        try Data(text.utf8).write(to: part)
        let result = try ToolProcess.run(["merge", "parts/1.json", "parts/2.json", "--out", "m.json"], in: dir)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stderr.contains("parts/2.json: not a result of this experiment's grid") && result.stderr.contains(message),
                "\(result.stderr)")
    }

    @Test func mergeReportStatesNoTimeAndMatchesTheUnshardedReportWithoutItsTime() throws {
        let dir = try ToolProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.shards(in: dir)
        let merged = try ToolProcess.run(["merge", "parts/1.json", "parts/2.json", "--out", "m.json", "--report", "merged"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("values as recorded"), "\(merged.stdout)")
        let single = try ToolProcess.run(["sweep", Self.experiment, "--profile", "quick", "--report", "single"], in: dir)
        #expect(single.status == 0, "\(single.stderr)")
        let mergedReport = try String(contentsOf: dir.appendingPathComponent("merged/report.md"), encoding: .utf8)
        let singleReport = try String(contentsOf: dir.appendingPathComponent("single/report.md"), encoding: .utf8)
        let line = mergedReport.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(line.hasSuffix("`.") && !line.contains(" s."), "\(line)")
        // The sweep's report differs only by its time, as scripts/recipe-lib.sh compares them.
        let withoutTime = singleReport.replacingOccurrences(of: #"(: |, )[0-9.]+ s\.\n"#, with: ".\n", options: .regularExpression)
        #expect(withoutTime == mergedReport)
        #expect(singleReport != mergedReport)
    }
}
