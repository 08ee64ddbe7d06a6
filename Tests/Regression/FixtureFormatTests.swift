import Foundation
import Testing
@testable import Fixtures
import Theory
import Numerics

/// The fixture format and workflow: exact round trips, clear errors on corrupt files, readable diffs
/// on changed values, explicit and atomic recording.
@Suite struct FixtureFormatTests {
    static func sample(values: [Double] = [1.2757265071793458, -0.1, .leastNonzeroMagnitude, 1e300]) -> Fixture {
        Fixture(id: "sample", description: "a sample",
                provenance: Provenance(pins: "Numerics.test", source: "tests", seeds: [7, UInt64.max],
                                       parameters: ["n": "4", "a": "x\"y"], recordedWith: "v",
                                       recordedOn: "2026-11-23", rerecord: "cmd"),
                fields: [.vector("v", values, .exact, reason: "r"),
                         FixtureField(name: "m", shape: [2, 2], values: [1, 2, 3, 4], tolerance: .init(absolute: 1e-12, relative: 1e-9), reason: "r2"),
                         .scalar("s", -0.0, .relative(1e-15), reason: "r3")])
    }

    /// Shortest round-trip decimals read back to the same bits, for random doubles across the whole
    /// exponent range including subnormals (Foundation's JSON parser fails this on Linux).
    @Test func roundTripIsBitExact() throws {
        var s = RandomStream(seed: 99)
        var values: [Double] = [0.1, 1 / 3, .leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0]
        for _ in 0..<2000 {
            let bits = s.next() & ~(UInt64(0x7FF) << 52) | (UInt64(s.integer(in: 0...2046)) << 52)
            values.append(Double(bitPattern: bits))
        }
        let f = Self.sample(values: values)
        let back = try Fixture(jsonText: try f.jsonText(), file: "mem")
        let read = back.fields[0].values
        let differing = (0..<values.count).filter { read[$0].bitPattern != values[$0].bitPattern }
        #expect(differing.isEmpty, "\(differing.count) values changed, first: \(differing.prefix(3).map { (values[$0], read[$0]) })")
        #expect(back == f)
    }

    @Test func textIsStable() throws {
        let a = try Self.sample().jsonText()
        #expect(a == (try Fixture(jsonText: a, file: "mem").jsonText()))
        #expect(a.contains("\"parameters\": {\"a\": \"x\\\"y\", \"n\": \"4\"}")) // sorted keys, escaped
    }

    func expectError(_ text: String, contains fragments: [String]) {
        do {
            _ = try Fixture(jsonText: text, file: "fixtures/bad.json")
            Issue.record("corrupt fixture was accepted: \(text.prefix(60))")
        } catch {
            for f in fragments { #expect(error.description.contains(f), "message '\(error)' lacks '\(f)'") }
            #expect(error.description.hasPrefix("fixtures/bad.json"))
        }
    }

    @Test func corruptFilesGiveErrorsNamingFileAndField() throws {
        let good = try Self.sample().jsonText()
        expectError("{\"schemaVersion\": 1,", contains: ["malformed JSON", "line 1"])
        expectError(good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 9"),
                    contains: ["schemaVersion 9 is not supported"])
        expectError(good.replacingOccurrences(of: "\"reason\": \"r2\",", with: ""),
                    contains: ["fields[1] (m).reason", "missing"])
        expectError(good.replacingOccurrences(of: "1.2757265071793458", with: "NaN"),
                    contains: ["malformed JSON", "NaN", "line 20"])
        expectError(good.replacingOccurrences(of: "1.2757265071793458", with: "null"),
                    contains: ["fields[0] (v).values[0]", "finite number"])
        expectError(good.replacingOccurrences(of: "1.2757265071793458", with: "1e999"),
                    contains: ["fields[0] (v).values[0]", "infinity"])
        expectError(good.replacingOccurrences(of: "\"shape\": [2, 2]", with: "\"shape\": [2, 3]"),
                    contains: ["fields[1] (m)", "needs 6 values, found 4"])
        expectError(good.replacingOccurrences(of: "\"tolerance\": \"exact\"", with: "\"tolerance\": \"loose\""),
                    contains: ["fields[0] (v).tolerance", "unknown tolerance"])
        expectError(good.replacingOccurrences(of: "\"pins\": \"Numerics.test\"", with: "\"pins\": 3"),
                    contains: ["provenance.pins", "must be a string"])
        expectError("[1, 2]", contains: ["(root)", "an object"])
    }

    @Test func nonFiniteValuesCannotBeRecorded() {
        #expect(throws: FixtureError.self) { try Self.sample(values: [1, .nan]).jsonText() }
    }

    /// A deliberate change of a value is caught and shown as a table row with both numbers.
    @Test func changedValuesProduceAReadableDiff() {
        let recorded = Self.sample()
        var computed = recorded.fields
        computed[0].values[1] = -0.1000000001
        computed[1].values[3] = 4 + 1e-10 // within abs 1e-12 + rel 1e-9·4
        let cmp = FixtureComparison(recorded: recorded, computed: computed, file: "fixtures/sample.json")
        #expect(!cmp.passed)
        #expect(cmp.mismatches.count == 1)
        let report = cmp.report()
        #expect(report.contains("v[1]") && report.contains("-0.10000000000000001") && report.contains("-0.1000000001"))
        #expect(report.contains("field") && report.contains("recorded") && report.contains("tolerance"))
        #expect(report.contains("THEORYCHECK_RECORD=sample"))
        computed[1].values[3] = 4 + 1e-8 // outside abs 1e-12 + rel 1e-9·4
        #expect(FixtureComparison(recorded: recorded, computed: computed, file: "f").mismatches.count == 2)
    }

    @Test func structuralChangesAreReported() {
        let recorded = Self.sample()
        var computed = recorded.fields
        computed[2].tolerance = .relative(1e-10)
        computed.append(.scalar("new", 1, .exact, reason: "r"))
        computed.remove(at: 0)
        let problems = FixtureComparison(recorded: recorded, computed: computed, file: "f").structuralProblems
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("'new' is computed but not recorded") })
        #expect(problems.contains { $0.contains("'v' is recorded but no longer computed") })
        #expect(problems.contains { $0.contains("'s': tolerance in code") })
    }

    @Test func exactMeansSameBits() {
        #expect(Tolerance.exact.accepts(recorded: 1, now: 1))
        #expect(!Tolerance.exact.accepts(recorded: 1, now: 1.0000000000000002))
        #expect(!Tolerance.exact.accepts(recorded: 0, now: -0.0))
        #expect(!Tolerance.relative(1).accepts(recorded: 1, now: .nan))
    }

    /// Recording writes a complete file atomically, reports what changed, and the store then checks
    /// against it; a different computation afterwards fails the check.
    @Test func recordThenCheckInATemporaryFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("theorycheck-fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = FixtureStore(directory: dir)
        let def = FixtureDefinition(id: "tmp", description: "d", pins: "p", source: "s") {
            [.vector("x", [1, 2, 3], .exact, reason: "r")]
        }
        #expect(throws: FixtureError.self) { try store.check(def) } // not recorded yet: clear error
        let first = try store.record(def, recordedWith: "test")
        #expect(first.contains("new file"))
        #expect(try store.check(def).passed)
        let changed = FixtureDefinition(id: "tmp", description: "d", pins: "p", source: "s") {
            [.vector("x", [1, 2, 3.5], .exact, reason: "r")]
        }
        #expect(!(try store.check(changed).passed))
        let second = try store.record(changed, recordedWith: "test")
        #expect(second.contains("x[2]"))
        #expect(try store.check(changed).passed)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers == ["tmp.json"]) // no temporary files left behind
    }

    @Test func recordingIsOnlyOnRequest() throws {
        let catalog = FixtureCatalog.all
        let (a, b) = (catalog[0].id, catalog[1].id)
        #expect(try FixtureStore.idsToRecord(environment: [:], catalog: catalog).isEmpty)
        #expect(try FixtureStore.idsToRecord(environment: ["THEORYCHECK_RECORD": "\(a), \(b)"], catalog: catalog) == [a, b])
        #expect(try FixtureStore.idsToRecord(environment: ["THEORYCHECK_RECORD": "all"], catalog: catalog).count == catalog.count)
    }

    @Test(arguments: ["", " , ", "no-such-fixture", "all-of-them"])
    func recordingNamingNoFixtureIsAnError(value: String) {
        #expect {
            try FixtureStore.idsToRecord(environment: ["THEORYCHECK_RECORD": value], catalog: FixtureCatalog.all)
        } throws: { error in
            "\(error)".contains("THEORYCHECK_RECORD='\(value)'")
        }
    }

    /// A recording names exactly the source it ran: the commit, and for uncommitted changes to
    /// tracked files outside fixtures/ the git hash of their diff (never a bare "-dirty").
    @Test func provenanceNamesTheExactSource() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        func git(_ arguments: String...) throws -> String {
            try #require(FixtureStore.git(["-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments, in: root),
                         "git \(arguments) failed")
        }
        _ = try git("init", "-q")
        try Data("let x = 1\n".utf8).write(to: root.appendingPathComponent("Source.swift"))
        try Data("{}\n".utf8).write(to: root.appendingPathComponent("fixtures/a.json"))
        _ = try git("add", ".")
        _ = try git("commit", "-qm", "first")
        let head = try git("rev-parse", "--short=10", "HEAD")
        #expect(FixtureStore.sourceDescription(of: root) == "commit \(head)")
        // Changes to fixtures/ alone (what recording writes) leave the source clean.
        try Data("{ }\n".utf8).write(to: root.appendingPathComponent("fixtures/a.json"))
        #expect(FixtureStore.sourceDescription(of: root) == "commit \(head)")
        try Data("let x = 2\n".utf8).write(to: root.appendingPathComponent("Source.swift"))
        let dirty = try #require(FixtureStore.sourceDescription(of: root))
        let diff = try #require(FixtureStore.git(["diff", "HEAD", "--binary", "--", ".", ":(exclude)fixtures"], in: root, trimmed: false))
        let hash = try #require(FixtureStore.git(["hash-object", "--stdin"], in: root, input: Data(diff.utf8)))
        #expect(dirty == "commit \(head) + uncommitted changes, diff \(hash.prefix(10))")
        #expect(!dirty.contains("dirty"))
        let store = FixtureStore(directory: root.appendingPathComponent("fixtures"))
        #expect(store.packageVersionDescription().contains(dirty))
        #expect(FixtureStore.sourceDescription(of: FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir-\(UUID())")) == nil)
    }
}
