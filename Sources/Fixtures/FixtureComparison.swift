import Foundation

/// The outcome of recomputing a fixture and comparing it with the recorded file, field by field.
public struct FixtureComparison: Sendable {
    /// One compared number that is out of tolerance.
    public struct Mismatch: Sendable {
        public var field: String
        public var index: String
        public var recorded: Double
        public var now: Double
        public var tolerance: Tolerance
        public var difference: Double { now - recorded }
    }

    public var id: String
    public var file: String
    /// Differences in structure: fields added, removed, reshaped, or a tolerance changed in code.
    public var structuralProblems: [String] = []
    public var mismatches: [Mismatch] = []
    /// Numbers compared (including the ones that matched).
    public var comparedCount = 0

    public var passed: Bool { structuralProblems.isEmpty && mismatches.isEmpty }

    /// Compares `computed` fields against `recorded`, using the *recorded* tolerances (the reviewed
    /// ones). A tolerance that differs between code and file is itself reported, so changing a
    /// tolerance requires re-recording (and so a reviewable diff of the file).
    public init(recorded: Fixture, computed: [FixtureField], file: String) {
        id = recorded.id
        self.file = file
        let computedByName = Dictionary(computed.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let recordedNames = Set(recorded.fields.map(\.name))
        for f in computed where !recordedNames.contains(f.name) {
            structuralProblems.append("field '\(f.name)' is computed but not recorded (re-record to add it)")
        }
        for r in recorded.fields {
            guard let c = computedByName[r.name] else {
                structuralProblems.append("field '\(r.name)' is recorded but no longer computed")
                continue
            }
            guard c.shape == r.shape else {
                structuralProblems.append("field '\(r.name)': shape was \(r.shape), now \(c.shape)")
                continue
            }
            if c.tolerance != r.tolerance {
                structuralProblems.append("field '\(r.name)': tolerance in code (\(c.tolerance)) differs from the recorded one (\(r.tolerance)); re-record to review it")
            }
            for k in 0..<r.values.count {
                comparedCount += 1
                if !r.tolerance.accepts(recorded: r.values[k], now: c.values[k]) {
                    mismatches.append(Mismatch(field: r.name, index: FixtureComparison.indexText(k, shape: r.shape),
                                               recorded: r.values[k], now: c.values[k], tolerance: r.tolerance))
                }
            }
        }
    }

    static func indexText(_ k: Int, shape: [Int]) -> String {
        switch shape.count {
        case 0: return ""
        case 1: return "[\(k)]"
        default:
            var rest = k
            var idx: [Int] = []
            for d in shape.reversed() { idx.append(rest % Swift.max(d, 1)); rest /= Swift.max(d, 1) }
            return "[" + idx.reversed().map(String.init).joined(separator: ", ") + "]"
        }
    }

    /// A readable report: a header line, structural problems, and a table of mismatches
    /// (field, recorded, now, difference, tolerance), at most `limit` rows.
    public func report(limit: Int = 20) -> String {
        if passed { return "fixture \(id): \(comparedCount) numbers reproduce within tolerance" }
        var lines = ["fixture \(id) (\(file)) does not reproduce: \(mismatches.count) of \(comparedCount) numbers out of tolerance, \(structuralProblems.count) structural problem(s)"]
        lines += structuralProblems.map { "  - " + $0 }
        if !mismatches.isEmpty {
            let header = ["field", "recorded", "now", "difference", "tolerance"]
            var rows = mismatches.prefix(limit).map { m in
                [m.field + m.index, fmt(m.recorded), fmt(m.now), fmt(m.difference), m.tolerance.description]
            }
            if mismatches.count > limit { rows.append(["… \(mismatches.count - limit) more", "", "", "", ""]) }
            lines += renderTable(header: header, rows: rows).map { "  " + $0 }
        }
        lines.append("  If the change is intended, re-record: THEORYCHECK_RECORD=\(id) swift test --filter Regression")
        return lines.joined(separator: "\n")
    }
}

func fmt(_ x: Double) -> String { String(format: "%.17g", x) }

/// Left-aligned text table with a rule under the header.
func renderTable(header: [String], rows: [[String]]) -> [String] {
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = Swift.max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
}
