import Experiments
import Foundation
import PropertyCheck
import Reports

/// Writes a report directory: report.md, and per sweep its result JSON, CSV and SVG figures.
enum ReportWriter {
    /// Runs `experiments` (whole grids) and writes everything with the claims' outcomes. Returns
    /// whether everything was written and every sweep cell succeeded, and the wall time since
    /// `started` that report.md states (callers print the same number).
    static func write(directory: String, outcomes: [ClaimOutcome], experiments: [Experiment],
                      profile: Profile, seed: UInt64, started: Date,
                      messages: Int32 = STDOUT_FILENO) -> (ok: Bool, seconds: Double) {
        var ok = true
        var entries: [MarkdownReport.SweepEntry] = []
        let progress = Progress(stream: messages)
        for (k, experiment) in experiments.enumerated() {
            progress.started(k + 1, of: experiments.count, "sweep \(experiment.name)")
            let t0 = Date()
            var failures = 0
            let result = experiment.run(profile: profile, baseSeed: seed, progress: { done, total in
                progress.status("[\(k + 1)/\(experiments.count)] sweep \(experiment.name): cell \(done)/\(total)")
            }, onError: { cell, error in
                failures += 1
                FileHandle.standardError.write(Data("theorycheck: \(experiment.name) cell \(cell.index) (\(cell.key)): \(error)\n".utf8))
            })
            if failures > 0 { ok = false }
            progress.finished(k + 1, of: experiments.count, "sweep \(experiment.name): \(result.results.count) cells"
                              + String(format: ", %.1f s", Date().timeIntervalSince(t0)))
            guard let entry = writeSweep(result, experiment: experiment, directory: directory) else {
                return (false, Date().timeIntervalSince(started))
            }
            entries.append(entry)
        }
        progress.clear()
        let seconds = Date().timeIntervalSince(started)
        let markdown = MarkdownReport.render(outcomes: outcomes, sweeps: entries, profile: profile.rawValue, seed: seed,
                                             totalSeconds: seconds)
        let saved = save(markdown, to: directory, "report.md")
        if saved { progress.output.write(Data("report: \(ReportWriter.path(directory, "report.md"))\n".utf8)) }
        return (ok && saved, seconds)
    }

    /// Writes `<experiment>.json`, `<experiment>.csv` and the figures of a complete result.
    static func writeSweep(_ result: SweepResult, experiment: Experiment, directory: String) -> MarkdownReport.SweepEntry? {
        let csv = "\(experiment.name).csv"
        guard let json = try? result.encoded(),
              save(json, to: directory, "\(experiment.name).json"),
              save(CSVWriter.render(result), to: directory, csv) else { return nil }
        var files: [String] = []
        var notes: [String] = []
        for figure in experiment.figures(result) {
            let file = "\(figure.name).svg"
            guard save(SVGWriter.render(figure.plot), to: directory, file) else { return nil }
            files.append(file)
            notes += figure.plot.notes.map { "\(figure.plot.title): \($0)" }
        }
        return MarkdownReport.SweepEntry(experiment: experiment.name, summary: experiment.summary, csvFile: csv,
                                         figureFiles: files, notes: notes)
    }

    /// `file` inside `directory`, as printed and written.
    static func path(_ directory: String, _ file: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(file).relativePath
    }

    static func save(_ text: String, to directory: String, _ file: String) -> Bool {
        save(Data(text.utf8), to: directory, file)
    }

    static func save(_ data: Data, to directory: String, _ file: String) -> Bool {
        save(data, path: URL(fileURLWithPath: directory).appendingPathComponent(file).path)
    }

    /// Writes `data` at `path`, creating missing parent directories.
    static func save(_ data: Data, path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            return true
        } catch {
            FileHandle.standardError.write(Data("theorycheck: cannot write \(path): \(error.localizedDescription)\n".utf8))
            return false
        }
    }
}
