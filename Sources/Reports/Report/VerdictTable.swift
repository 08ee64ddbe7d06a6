import Foundation
import PropertyCheck

/// The verdict table: one row per check (a claim with several checks gets several rows, its id on
/// the first), with the key measured number beside the claimed one and what the check would have
/// caught: its resolution against its target (statistical and scaling-law checks) or its worst
/// margin (exact checks).
public enum VerdictTable {
    public static let header = ["claim", "check", "verdict", "cases", "measured", "claimed", "resolves", "controls", "seconds"]

    /// "1.2% (target 1%: not reached)", "±0.08 (target ±0.15)", "0.31 of bound".
    public static func resolutionCell(_ r: CheckReport) -> String {
        if let resolution = r.resolution {
            guard let target = resolution.target, let meets = resolution.meetsTarget else { return resolution.valueText }
            return "\(resolution.valueText) (target \(Resolution.text(target, resolution.scale))\(meets ? "" : ": not reached"))"
        }
        if let margin = r.worstMargin { return "\(KeyNumber.format(margin.fraction)) of bound" }
        return "—"
    }

    public static func rows(_ outcomes: [ClaimOutcome]) -> [[String]] {
        outcomes.flatMap { o -> [[String]] in
            if o.reports.isEmpty { return [[o.id, "—", o.verdict, "0", "", "", "", "", String(format: "%.2f", o.seconds)]] }
            return o.reports.enumerated().map { k, r in
                let key = KeyNumber(r)
                let controls = r.negativeControls.isEmpty ? "—"
                    : "\(r.negativeControls.filter(\.passed).count)/\(r.negativeControls.count) rejected"
                return [k == 0 ? o.id : "", r.name, r.verdict.rawValue, "\(r.casesRun)", key.measured, key.claimed,
                        resolutionCell(r), controls, String(format: "%.2f", r.seconds)]
            }
        }
    }

    /// Aligned plain text (column widths counted in characters).
    public static func text(_ outcomes: [ClaimOutcome]) -> String {
        let all = [header] + rows(outcomes)
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + all.dropFirst().map(line)).joined(separator: "\n")
    }

    /// A GitHub-flavoured markdown table (pipes in cells escaped).
    public static func markdown(_ outcomes: [ClaimOutcome]) -> String {
        func line(_ row: [String]) -> String {
            "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows(outcomes).map(line)).joined(separator: "\n")
    }
}
