import Experiments
import Foundation
import PropertyCheck
import Reports
import Theory

enum SweepCommand {
    static let spec = CommandSpec(
        name: "sweep",
        synopsis: "theorycheck sweep <experiment|all> [--shard i/n] [--out FILE] [--report DIR] [--profile P] [--seed S]",
        help: """
            usage: theorycheck sweep <experiment|all> [--shard i/n] [--out FILE] [--report DIR] [--profile P] [--seed S]

            Runs a paper experiment over its grid (`theorycheck experiments` lists them; `all` runs every
            one into the --report directory). Every cell has its own seed, derived from the base seed
            and the cell's coordinates, so a cell computes the same numbers whichever shard runs it.

              --shard i/n    compute only cells k with k mod n = i − 1 and write a partial result
                             (combine the parts with `theorycheck merge`)
              --out FILE     result file (JSON); default <experiment>.json, or <experiment>.shard-i-of-n.json
                             (with --report: DIR/<experiment>.json, and FILE only when given)
              --report DIR   for a whole grid: also write DIR/report.md, the CSV and the SVG figures
              --profile P    grid size: quick, ci (default) or deep (paper scale)
              --seed S       base seed, decimal or 0x-hex

            Exit status: 0 done, 1 a cell failed or a file could not be written, 2 usage error.
            """,
        valueOptions: ["--shard", "--out", "--report", "--profile", "--seed"],
        positionals: 1...1, positionalName: "experiment")

    static let command = Command(spec: spec) { (arguments: ParsedArguments) throws(UsageError) -> Int32 in
        let name = arguments.positionals[0]
        if name == "all" { return try runAll(arguments) }
        guard let experiment = ExperimentRegistry.experiment(named: name) else {
            throw UsageError(message: "unknown experiment '\(name)'; known: " + ExperimentRegistry.all.map(\.name).joined(separator: ", "), command: spec)
        }
        let shard = try arguments.shard(spec)
        let profile = try arguments.profile(spec) ?? Defaults.profile
        let seed = try arguments.seed(spec) ?? Defaults.seed
        if arguments.value("--report") != nil && shard != .all {
            throw UsageError(message: "--report needs the whole grid; run the shards, then `theorycheck merge … --report DIR`", command: spec)
        }
        let report = arguments.value("--report")
        // With --report the result JSON is written into DIR (with the CSV and figures); --out adds a
        // copy elsewhere. Without either, the default file name in the current directory.
        let out = arguments.value("--out")
            ?? (report != nil ? nil : shard == .all ? "\(name).json" : "\(name).shard-\(shard.index)-of-\(shard.count).json")
        if let out { try OutputPaths.requireFile(out, option: "--out", spec: spec) }
        if let report { try OutputPaths.requireDirectory(report, option: "--report", spec: spec) }
        let progress = Progress()
        let start = Date()
        var failures = 0
        let result = experiment.run(profile: profile, baseSeed: seed, shard: shard, progress: { done, total in
            progress.status("\(name) [shard \(shard)]: cell \(done)/\(total)")
        }, onError: { cell, error in
            failures += 1
            FileHandle.standardError.write(Data("theorycheck: cell \(cell.index) (\(cell.key)) failed: \(error)\n".utf8))
        })
        progress.clear()
        let seconds = Date().timeIntervalSince(start)
        if let out {
            guard let data = try? result.encoded(), ReportWriter.save(data, path: out) else { return 1 }
        }
        let written = out ?? report.map { ReportWriter.path($0, "\(name).json") } ?? ""
        print(String(format: "%@: %d of %d cells (shard %@, profile %@, seed 0x%@) in %.1f s → %@", name,
                     result.results.count, result.totalCells, shard.description, profile.rawValue,
                     String(seed, radix: 16), seconds, written))
        if let directory = report {
            guard let entry = ReportWriter.writeSweep(result, experiment: experiment, directory: directory) else { return 1 }
            let markdown = MarkdownReport.render(outcomes: [], sweeps: [entry], profile: profile.rawValue, seed: seed,
                                                 totalSeconds: seconds)
            guard ReportWriter.save(markdown, to: directory, "report.md") else { return 1 }
            print("report: \(ReportWriter.path(directory, "report.md"))")
        }
        return failures == 0 ? 0 : 1
    }

    /// `sweep all --report DIR`: every experiment's whole grid, results and figures in DIR.
    static func runAll(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        guard let directory = arguments.value("--report") else {
            throw UsageError(message: "'sweep all' writes into a report directory: add --report DIR", command: spec)
        }
        if arguments.value("--shard") != nil || arguments.value("--out") != nil {
            throw UsageError(message: "'sweep all' takes neither --shard nor --out (shard one experiment at a time)", command: spec)
        }
        let profile = try arguments.profile(spec) ?? Defaults.profile
        let seed = try arguments.seed(spec) ?? Defaults.seed
        try OutputPaths.requireDirectory(directory, option: "--report", spec: spec)
        let written = ReportWriter.write(directory: directory, outcomes: [], experiments: ExperimentRegistry.all,
                                         profile: profile, seed: seed, started: Date())
        return written.ok ? 0 : 1
    }
}

enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge",
        synopsis: "theorycheck merge FILE… --out FILE [--report DIR]",
        help: """
            usage: theorycheck merge FILE… --out FILE [--report DIR]

            Combines partial results of one sweep (from `sweep --shard i/n`) into the complete result,
            byte-identical to what a single unsharded run writes. The parts must come from the same
            experiment, profile and seed; together they must cover every cell (a cell in two parts
            must agree). Every cell is checked against the experiment's grid: its index, parameters,
            labels and seed must be those the grid and the seed rule give, and a part must hold
            exactly its shard's cells. Measured values are taken as recorded (checking them means
            rerunning the cells).

              --out FILE     the merged result (JSON)
              --report DIR   also write DIR/report.md, the CSV and the SVG figures

            Exit status: 0 merged, 1 parts missing/inconsistent or unreadable, 2 usage error.
            """,
        valueOptions: ["--out", "--report"],
        positionals: 1...Int.max, positionalName: "result file")

    static let command = Command(spec: spec) { (arguments: ParsedArguments) throws(UsageError) -> Int32 in
        guard let out = arguments.value("--out") else { throw UsageError(message: "merge needs --out FILE", command: spec) }
        try OutputPaths.requireFile(out, option: "--out", spec: spec)
        if let directory = arguments.value("--report") {
            try OutputPaths.requireDirectory(directory, option: "--report", spec: spec)
        }
        func fail(_ message: String) -> Int32 {
            FileHandle.standardError.write(Data("theorycheck: \(message)\n".utf8))
            return 1
        }
        var parts: [SweepResult] = []
        for file in arguments.positionals {
            let data: Data
            switch ResultFiles.read(file) {
            case .success(let d): data = d
            case .failure(let error): return fail("cannot read sweep result \(error)")
            }
            let part: SweepResult
            do { part = try SweepResult.decode(data) } catch {
                return fail("cannot read sweep result \(file): \(ResultFiles.describe(error))")
            }
            // Every cell must be the one the experiment's grid and seed rule give (values are taken
            // as recorded: recomputing them is rerunning the sweep).
            guard let experiment = ExperimentRegistry.experiment(named: part.experiment) else {
                return fail("\(file): no experiment '\(part.experiment)' (`theorycheck experiments` lists them)")
            }
            do { try experiment.verify(part) } catch { return fail("\(file): \(error)") }
            parts.append(part)
        }
        let merged: SweepResult
        do { merged = try SweepResult.merge(parts) } catch {
            return fail("cannot merge: \(error)")
        }
        guard let data = try? merged.encoded(), ReportWriter.save(data, path: out) else { return 1 }
        print("\(merged.experiment): merged \(parts.count) file(s), \(merged.results.count) cells, every cell's coordinates and seed "
              + "checked against the grid (values as recorded) → \(out)")
        if let directory = arguments.value("--report") {
            let experiment = ExperimentRegistry.experiment(named: merged.experiment)!
            guard let entry = ReportWriter.writeSweep(merged, experiment: experiment, directory: directory) else { return 1 }
            // A merge knows no wall time (the shards ran elsewhere): report.md states none.
            let markdown = MarkdownReport.render(outcomes: [], sweeps: [entry], profile: merged.profile, seed: merged.baseSeed,
                                                 totalSeconds: nil)
            guard ReportWriter.save(markdown, to: directory, "report.md") else { return 1 }
            print("report: \(ReportWriter.path(directory, "report.md"))")
        }
        return 0
    }
}
