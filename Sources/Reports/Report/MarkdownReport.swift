import Foundation
import PropertyCheck

/// `report.md`: the verdict table, then each claim with its citation, statement and evidence, then
/// each sweep with its CSV and figures.
public enum MarkdownReport {
    public struct SweepEntry: Sendable {
        public var experiment: String
        public var summary: String
        public var csvFile: String
        public var figureFiles: [String]
        public var notes: [String]
        public init(experiment: String, summary: String, csvFile: String, figureFiles: [String], notes: [String]) {
            self.experiment = experiment; self.summary = summary; self.csvFile = csvFile
            self.figureFiles = figureFiles; self.notes = notes
        }
    }

    /// `totalSeconds` is the run's wall time; nil when none is known (a merge of shards run
    /// elsewhere), and then the report states none.
    public static func render(outcomes: [ClaimOutcome], sweeps: [SweepEntry], profile: String, seed: UInt64,
                              totalSeconds: Double?) -> String {
        var out = ["# theorycheck report", ""]
        let failed = outcomes.filter { !$0.passed }.count
        var facts: [String] = []
        if !outcomes.isEmpty { facts.append("\(Plural.count(outcomes.count, "claim")), \(failed) failed") }
        if let totalSeconds { facts.append(String(format: "%.1f s", totalSeconds)) }
        out.append("Profile `\(profile)`, base seed `0x\(String(seed, radix: 16))`"
                   + (facts.isEmpty ? "." : ": " + facts.joined(separator: ", ") + "."))
        if !outcomes.isEmpty {
            out += ["", "## Verdicts", "", VerdictTable.markdown(outcomes), "", "## Claims"]
            for o in outcomes {
                out += ["", "### \(o.id) — \(o.verdict)", "", "- family: \(o.family)", "- citation: \(o.citation)"]
                if let theory = o.theoryReference { out.append("- theory: \(theory)") }
                out += ["- kind: \(o.kind)", "- statement: \(o.statement)", "", "```"]
                out += o.reports.map(\.description)
                out.append("```")
            }
        }
        if !sweeps.isEmpty {
            out += ["", "## Sweeps"]
            for s in sweeps {
                out += ["", "### \(s.experiment)", "", s.summary, "", "Data: [\(s.csvFile)](\(s.csvFile))"]
                for note in s.notes { out.append("- \(note)") }
                for figure in s.figureFiles { out += ["", "![\(figure)](\(figure))"] }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
