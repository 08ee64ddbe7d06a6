import Experiments
import Foundation

/// Comma-separated values (RFC 4180): fields holding a comma, quote or line break are quoted, with
/// quotes doubled; missing numbers are empty fields.
public enum CSVWriter {
    /// One header line and one line per row; rows shorter than the header are padded with empty fields.
    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows.map { row in row + Array(repeating: "", count: max(0, header.count - row.count)) })
            .map { $0.map(field).joined(separator: ",") }
            .joined(separator: "\n") + "\n"
    }

    /// A sweep as a table: cell index, seed, every label and parameter, then every measured value
    /// (columns sorted by name within each group, so the layout is stable).
    public static func render(_ result: SweepResult) -> String {
        let labels = Set(result.results.flatMap { $0.cell.labels.keys }).sorted()
        let parameters = Set(result.results.flatMap { $0.cell.parameters.keys }).sorted()
        let values = Set(result.results.flatMap { $0.values.keys }).sorted()
        let header = ["cell", "seed"] + labels + parameters + values
        let rows = result.results.map { r in
            ["\(r.cell.index)", "0x" + String(r.cell.seed, radix: 16)]
                + labels.map { r.cell.labels[$0] ?? "" }
                + parameters.map { r.cell.parameters[$0].map(number) ?? "" }
                + values.map { (r.values[$0] ?? nil).map(number) ?? "" }
        }
        return render(header: header, rows: rows)
    }

    /// Shortest text that reads back to the same Double.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
