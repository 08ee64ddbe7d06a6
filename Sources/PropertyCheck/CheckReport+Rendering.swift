import Foundation

extension CheckReport: CustomStringConvertible {
    /// One line: verdict, name, cases, time, seed, and the coverage or statistical summary.
    public var summaryLine: String {
        var line = "\(verdict == .passed ? "✓" : "✗") \(name) [\(kind.rawValue)] \(verdict.rawValue): "
        switch kind {
        case .property:
            line += casesRun == 1 ? "1 case" : "\(casesRun) cases"
            if casesDiscarded > 0 { line += " (+\(casesDiscarded) discarded)" }
        case .statistical, .scalingLaw:
            line += "\(casesRun) samples"
        }
        line += String(format: " in %.3f s, profile %@, seed 0x%@", seconds, profile.rawValue, String(baseSeed, radix: 16))
        if let statistics { line += "; estimate \(formatNumber(statistics.estimate))" }
        if let scaling {
            line += "; exponent \(formatNumber(scaling.exponent)) ∈ \(formatPercentLevel(scaling.alpha)) interval "
                + "[\(formatNumber(scaling.lower)), \(formatNumber(scaling.upper))]"
        }
        if let resolution {
            line += "; resolves \(resolution.valueText)"
            if let target = resolution.target, let meets = resolution.meetsTarget {
                line += " (target \(Resolution.text(target, resolution.scale))\(meets ? "" : ", not reached"))"
            }
        }
        if let worstMargin { line += "; worst \(formatNumber(worstMargin.fraction)) of the bound" }
        if !labels.isEmpty {
            line += "; " + labels.prefix(4).map { "\($0.label) \(percent($0.fraction))" }.joined(separator: ", ")
        }
        if !negativeControls.isEmpty {
            line += "; controls rejected \(negativeControls.filter(\.passed).count)/\(negativeControls.count)"
        }
        return line
    }

    /// The full report: summary, evidence, minimal failing case, negative controls, replay line.
    public var description: String {
        var lines = [summaryLine]
        if let failure {
            if let c = failure.comparison {
                lines.append("  failure: \(c.what): \(c.lhs) \(c.relation.rawValue) \(c.rhs) is violated")
            } else {
                lines.append("  failure: \(failure.message)")
            }
            lines.append("  minimal case: \(indented(failure.minimalCase))")
            if failure.originalCase != failure.minimalCase {
                lines.append("  first failing case\(failure.caseIndex.map { " (case \($0))" } ?? ""): \(indented(failure.originalCase))")
                lines.append("  shrunk in \(failure.shrinkSteps) steps (\(failure.shrinkAttempts) candidates tried)")
            }
            for note in failure.notes { lines.append("    \(note)") }
        }
        if let statistics { lines.append("  evidence: \(statistics)") }
        if let scaling {
            lines.append("  evidence: \(scaling)")
            let points = zip(scaling.xs, scaling.meanLogY).map { "(\(formatNumber($0)), \(formatNumber(Foundation.exp($1))))" }
            lines.append("    geometric-mean y per x: " + points.joined(separator: " "))
        }
        if let alphaSource { lines.append("  false-failure probability: \(alphaSource)") }
        if let worstMargin { lines.append("  margin: \(worstMargin)") }
        if !labels.isEmpty {
            lines.append("  labels: " + labels.map { "\($0.label) \($0.count) (\(percent($0.fraction)))" }.joined(separator: ", "))
        }
        for c in coverage { lines.append("  \(c)") }
        for control in negativeControls { lines.append("  \(control)") }
        for note in notes { lines.append("  note: \(note)") }
        if let replayLine { lines.append("  replay: \(replayLine)") }
        return lines.joined(separator: "\n")
    }

    /// A plain-text table of many reports, one row each, for a command-line summary.
    public static func table(_ reports: [CheckReport]) -> String {
        let header = ["check", "kind", "verdict", "n", "seconds", "evidence", "controls"]
        var rows = [header]
        for r in reports {
            let evidence: String
            if let s = r.statistics {
                if let lo = s.lower {
                    evidence = "\(formatNumber(s.estimate)) ∈ [\(formatNumber(lo)), \(formatNumber(s.upper ?? .nan))]"
                } else if let critical = s.criticalValue {
                    evidence = "\(formatNumber(s.statistic ?? s.estimate)) vs \(formatNumber(critical))"
                } else if let p = s.pValue {
                    evidence = "\(formatNumber(s.statistic ?? s.estimate)), p = \(formatProbability(p)) (α = \(formatProbability(s.alpha)))"
                } else {
                    evidence = formatNumber(s.statistic ?? s.estimate)
                }
            } else if let sc = r.scaling {
                evidence = "b = \(formatNumber(sc.exponent)) ∈ [\(formatNumber(sc.lower)), \(formatNumber(sc.upper))]"
            } else if let f = r.failure {
                evidence = "minimal: " + (f.minimalCase.split(separator: "\n").first.map { String($0.prefix(40)) } ?? "")
            } else {
                evidence = r.coverage.map { "\($0.label) \(percent($0.observed))" }.joined(separator: ", ")
            }
            let controls = r.negativeControls.isEmpty ? "—"
                : "\(r.negativeControls.filter(\.passed).count)/\(r.negativeControls.count)"
            rows.append([r.name, r.kind.rawValue, r.verdict.rawValue, "\(r.casesRun)",
                         String(format: "%.3f", r.seconds), evidence, controls])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return index == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }
}

/// Multi-line text indented under a report heading.
func indented(_ text: String) -> String {
    text.replacingOccurrences(of: "\n", with: "\n      ")
}
