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

    /// Aligned plain text (column widths counted in characters). With `maxWidth`, a table wider
    /// than that narrows its widest columns and wraps their cells at spaces onto continuation
    /// lines, so a terminal or a CI log shows it unbroken. Words are not split (up to
    /// ``longestUnsplitWord`` characters), so a very narrow width can still be exceeded.
    public static func text(_ outcomes: [ClaimOutcome], maxWidth: Int? = nil) -> String {
        let all = [header] + rows(outcomes)
        var widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        if let maxWidth {
            let floors = header.indices.map { c in
                min(widths[c], max(header[c].count, all.flatMap { $0[c].split(separator: " ").map { min($0.count, longestUnsplitWord) } }.max() ?? 0))
            }
            widths = fitted(widths, floors: floors, within: maxWidth)
        }
        func lines(_ row: [String]) -> [String] {
            let cells = row.enumerated().map { c, cell in wrap(cell, width: widths[c]) }
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { k in
                cells.enumerated().map { c, parts in (k < parts.count ? parts[k] : "").padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
        }
        return (lines(header) + [widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + all.dropFirst().flatMap(lines)).joined(separator: "\n")
    }

    /// Words longer than this are split when a column is narrowed.
    public static let longestUnsplitWord = 32

    /// `widths` narrowed, always the currently widest column, until the line (columns joined by two spaces) fits
    /// `maxWidth` or every column is at its floor.
    static func fitted(_ widths: [Int], floors: [Int], within maxWidth: Int) -> [Int] {
        var widths = widths
        func total() -> Int { widths.reduce(0, +) + 2 * (widths.count - 1) }
        while total() > maxWidth {
            guard let c = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1   // one at a time: the widest columns end up about equally narrowed
        }
        return widths
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            let candidate = line.isEmpty ? word : line + " " + word
            if candidate.count <= width { line = candidate; continue }
            if !line.isEmpty { lines.append(line); line = "" }
            while word.count > width { lines.append(String(word.prefix(width))); word = String(word.dropFirst(width)) }
            line = word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
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
