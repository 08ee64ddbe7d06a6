import Foundation

/// A computable fixture: what it pins and how to recompute its fields. The catalog
/// (`FixtureCatalog.all`) lists every definition; `fixtures/<id>.json` holds the recorded values.
public struct FixtureDefinition: Sendable {
    public var id: String
    public var description: String
    public var pins: String
    public var source: String
    public var seeds: [UInt64]
    public var parameters: [String: String]
    public var compute: @Sendable () throws -> [FixtureField]

    public init(id: String, description: String, pins: String, source: String, seeds: [UInt64] = [],
                parameters: [String: String] = [:], compute: @escaping @Sendable () throws -> [FixtureField]) {
        self.id = id; self.description = description; self.pins = pins; self.source = source
        self.seeds = seeds; self.parameters = parameters; self.compute = compute
    }
}

/// The folder of fixture files, with reading, comparison and atomic recording.
public struct FixtureStore: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `fixtures/` at the package root, found from a source file's path (tests pass `#filePath`).
    public static func packageFixtures(from sourceFile: String) -> FixtureStore {
        var url = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return FixtureStore(directory: url.appendingPathComponent("fixtures"))
            }
            url.deleteLastPathComponent()
        }
        return FixtureStore(directory: URL(fileURLWithPath: "fixtures"))
    }

    public func url(for id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    /// Reads and validates a recorded fixture.
    public func load(_ id: String) throws(FixtureError) -> Fixture {
        let u = url(for: id)
        let text: String
        do { text = try String(contentsOf: u, encoding: .utf8) } catch {
            throw .unreadable(file: u.path, detail: FileManager.default.fileExists(atPath: u.path)
                ? "\(error.localizedDescription)"
                : "no such file; record it with THEORYCHECK_RECORD=\(id) swift test --filter Regression")
        }
        let fixture = try Fixture(jsonText: text, file: u.path)
        guard fixture.id == id else {
            throw .invalidValue(file: u.path, path: "id", detail: "file holds fixture '\(fixture.id)', expected '\(id)'")
        }
        return fixture
    }

    /// Recomputes `definition` and compares it with its recorded file.
    public func check(_ definition: FixtureDefinition) throws -> FixtureComparison {
        let recorded = try load(definition.id)
        return FixtureComparison(recorded: recorded, computed: try definition.compute(), file: url(for: definition.id).path)
    }

    /// Recomputes and writes `definition`'s file atomically (a temporary file renamed over the old
    /// one, so an interrupted run never leaves half a file). Returns a summary of what changed.
    @discardableResult
    public func record(_ definition: FixtureDefinition, recordedWith: String? = nil,
                       date: Date = Date()) throws -> String {
        let recordedWith = recordedWith ?? packageVersionDescription()
        let fields = try definition.compute()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        let fixture = Fixture(
            id: definition.id, description: definition.description,
            provenance: Provenance(
                pins: definition.pins, source: definition.source, seeds: definition.seeds,
                parameters: definition.parameters, recordedWith: recordedWith,
                recordedOn: day.string(from: date),
                rerecord: "THEORYCHECK_RECORD=\(definition.id) swift test --filter Regression"),
            fields: fields)
        let text = try fixture.jsonText()
        let summary: String
        if let old = try? load(definition.id) {
            let cmp = FixtureComparison(recorded: old, computed: fields, file: url(for: definition.id).path)
            summary = cmp.passed ? "fixture \(definition.id): re-recorded, values unchanged within tolerance"
                                 : "fixture \(definition.id): re-recorded; changes:\n" + cmp.report(limit: 50)
        } else {
            summary = "fixture \(definition.id): recorded \(fields.count) field(s) (new file)"
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(for: definition.id), options: .atomic)
        return summary
    }

    /// Ids named by `THEORYCHECK_RECORD` (comma-separated, or `all`), or none. Recording is never
    /// implicit: without the variable a test run only compares. A value naming no fixture of
    /// `catalog` (a misspelt id, an empty list) is an error, not a run that silently records nothing.
    public static func idsToRecord(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   catalog: [FixtureDefinition]) throws(RecordSelectionError) -> Set<String> {
        guard let raw = environment["THEORYCHECK_RECORD"] else { return [] }
        let ids = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = catalog.map(\.id)
        guard !ids.isEmpty else {
            throw RecordSelectionError(description: "THEORYCHECK_RECORD='\(raw)' names no fixture; give fixture ids (comma-separated) or all")
        }
        if ids.contains("all") { return Set(known) }
        let unknown = ids.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw RecordSelectionError(description: "THEORYCHECK_RECORD='\(raw)' names unknown fixture(s) "
                + unknown.joined(separator: ", ") + "; known: all, " + known.joined(separator: ", "))
        }
        return Set(ids)
    }

    /// "theorycheck <version> (<source>, <arch>, <os>)": what a recording was made from, with
    /// <source> as ``sourceDescription(of:)`` gives it for the package holding this store.
    public func packageVersionDescription() -> String {
        Self.packageVersionDescription(source: Self.sourceDescription(of: directory.deletingLastPathComponent()))
    }

    /// The version line for `source` (nil: unknown, e.g. not a git checkout).
    public static func packageVersionDescription(source: String?) -> String {
        var detail: [String] = []
        if let source { detail.append(source) }
        #if arch(x86_64)
        detail.append("x86_64")
        #elseif arch(arm64)
        detail.append("arm64")
        #endif
        #if os(Linux)
        detail.append("linux")
        #elseif os(macOS)
        detail.append("macos")
        #endif
        return "theorycheck \(theorycheckVersion)" + (detail.isEmpty ? "" : " (" + detail.joined(separator: ", ") + ")")
    }

    /// Exactly what the package at `root` is: "commit <hash>" for a clean checkout; with
    /// uncommitted changes to tracked files outside `fixtures/`, "commit <hash> + uncommitted
    /// changes, diff <hash of `git diff HEAD`>" — the diff's git object hash, so the recording names
    /// the exact source it ran (`git diff HEAD -- . ':!fixtures' | git hash-object --stdin`
    /// reproduces it; a bare "-dirty" would not say which changes). nil outside a git checkout.
    public static func sourceDescription(of root: URL) -> String? {
        guard let commit = git(["rev-parse", "--short=10", "HEAD"], in: root) else { return nil }
        let outsideFixtures = ["--", ".", ":(exclude)fixtures"]
        guard let diff = git(["diff", "HEAD", "--binary"] + outsideFixtures, in: root, trimmed: false), !diff.isEmpty else {
            return "commit \(commit)"
        }
        let hash = git(["hash-object", "--stdin"], in: root, input: Data(diff.utf8)).map { String($0.prefix(10)) } ?? "unknown"
        return "commit \(commit) + uncommitted changes, diff \(hash)"
    }

    /// The standard output of `git arguments…` run in `directory` (trimmed unless `trimmed` is
    /// false); nil when git fails.
    static func git(_ arguments: [String], in directory: URL, input: Data? = nil, trimmed: Bool = true) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        p.currentDirectoryURL = directory
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        let inPipe = Pipe()
        p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        do { try p.run() } catch { return nil }
        if let input {
            inPipe.fileHandleForWriting.write(input)
            try? inPipe.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return trimmed ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
    }
}

/// Why `THEORYCHECK_RECORD` selects no fixtures.
public struct RecordSelectionError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
}

/// The package version, recorded in fixtures' provenance.
public let theorycheckVersion = "0.1.0"
