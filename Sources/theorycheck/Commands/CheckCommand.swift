import Foundation
import PropertyCheck
import Reports
import Theory

enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        synopsis: "theorycheck [check] [ID…] [--profile P] [--seed S] [--format text|json] [--report DIR [--no-sweeps]]",
        help: """
            usage: theorycheck [check] [ID…] [--profile P] [--seed S] [--format text|json] [--report DIR [--no-sweeps]]

            Runs the claims (all of them, or the given ids; see `theorycheck list`; a check id such as
            LR-KERNEL-MC-RANDOM runs its claim; a claim named twice runs once) and prints the verdict
            table: per check its verdict, cases, the key measured number beside the claimed one (a
            fitted exponent with the half-width of its 1 − α interval, α = 1e-8 by default; an estimate
            with its interval against the claimed value or the relation a one-sided claim tests; a
            statistic against its critical value), negative controls rejected, and seconds. The table
            is fitted to COLUMNS, else the terminal's width, else 120 columns, wrapping long cells at spaces.
            Failures are printed in full with the replay token (`theorycheck replay <token>`).

              --profile P    quick (while editing), ci (default; every push), deep (long runs)
              --seed S       base seed, decimal or 0x-hex (default: THEORYCHECK_SEED or the fixed seed)
              --format F     text (default): the table; json: only the verdicts as JSON on standard
                             output (schema theorycheck.check/1, see the README), progress on
                             standard error
              --report DIR   also write DIR/report.md (verdicts, citations, evidence) and run every sweep
                             experiment at the same profile, writing its CSV, result JSON and SVG figures
              --no-sweeps    with --report: claims only

            Exit status: 0 all passed, 1 a check failed, 2 usage error.
            """,
        valueOptions: ["--profile", "--seed", "--report", "--format"], flags: ["--no-sweeps"],
        positionals: 0...Int.max, positionalName: "claim id")

    static let command = Command(spec: spec) { (arguments: ParsedArguments) throws(UsageError) -> Int32 in
        var settings = CheckSettings()
        settings.profile = try arguments.profile(spec)
        settings.seed = try arguments.seed(spec)
        var claims: [Claim] = []
        for id in arguments.positionals {
            let claim: Claim
            if let known = ClaimCatalog.claim(id: id) ?? ClaimCatalog.all.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) {
                claim = known
            } else if let owner = ClaimCatalog.owner(ofCheck: id) {
                // A check id as the table shows it (LR-KERNEL-MC-RANDOM): run its claim.
                FileHandle.standardError.write(Data("theorycheck: \(id) is a check of claim \(owner.id); running the claim\n".utf8))
                claim = owner
            } else {
                let close = ClaimCatalog.all.map(\.id).filter { $0.localizedCaseInsensitiveContains(id) }
                throw UsageError(message: "unknown claim '\(id)'" + (close.isEmpty ? "; `theorycheck list` shows the ids" : "; did you mean \(close.joined(separator: ", "))?"), command: spec)
            }
            // Named twice (or as two of its checks), a claim still runs once.
            if !claims.contains(where: { $0.id == claim.id }) { claims.append(claim) }
        }
        if claims.isEmpty { claims = ClaimCatalog.all }
        if arguments.flags.contains("--no-sweeps") && arguments.value("--report") == nil {
            throw UsageError(message: "--no-sweeps only makes sense with --report", command: spec)
        }
        let json: Bool
        switch arguments.value("--format") ?? "text" {
        case "text": json = false
        case "json": json = true
        case let other: throw UsageError(message: "--format must be text or json (got '\(other)')", command: spec)
        }
        // Last of the checks, as it creates the directory when missing.
        if let directory = arguments.value("--report") {
            try OutputPaths.requireDirectory(directory, option: "--report", spec: spec)
        }
        // With JSON on standard output, everything else goes to standard error.
        let messages = json ? STDERR_FILENO : STDOUT_FILENO
        let profile = settings.profile ?? Defaults.profile
        let seed = settings.seed ?? Defaults.seed
        settings.profile = profile

        let start = Date()
        let outcomes = runClaims(claims, settings: settings, messages: messages)
        if !json {
            print("\n" + VerdictTable.text(outcomes, maxWidth: TerminalWidth.columns()))
            for report in outcomes.flatMap(\.reports) where !report.passed {
                print("\n" + report.description)
                if let token = report.replay { print("  rerun: theorycheck replay '\(token)' --profile \(report.profile.rawValue)") }
            }
        }
        let failed = outcomes.filter { !$0.passed }
        var status: Int32 = failed.isEmpty ? 0 : 1
        // One clock: the footer states the same wall time as report.md (claims and sweeps).
        var seconds = Date().timeIntervalSince(start)
        if let directory = arguments.value("--report") {
            let experiments = arguments.flags.contains("--no-sweeps") ? [] : ExperimentRegistry.all
            let written = ReportWriter.write(directory: directory, outcomes: outcomes, experiments: experiments,
                                             profile: profile, seed: seed, started: start, messages: messages)
            if !written.ok { status = 1 }
            seconds = written.seconds
        }
        let footer = String(format: "%@, %d failed, %.1f s (profile %@, seed 0x%@)", Plural.count(outcomes.count, "claim"),
                            failed.count, seconds, profile.rawValue, String(seed, radix: 16))
        if json {
            let run = VerdictJSON.run(outcomes, profile: profile.rawValue, seed: seed, seconds: seconds)
            guard let data = try? VerdictJSON.encoded(run) else { return 1 }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
            FileHandle.standardError.write(Data((footer + "\n").utf8))
        } else {
            print("\n" + footer)
        }
        return status
    }

    /// Runs each claim under `settings`, with progress, and times it.
    static func runClaims(_ claims: [Claim], settings: CheckSettings, messages: Int32 = STDOUT_FILENO) -> [ClaimOutcome] {
        let progress = Progress(stream: messages)
        var outcomes: [ClaimOutcome] = []
        for (k, claim) in claims.enumerated() {
            progress.started(k + 1, of: claims.count, claim.id)
            let outcome = ClaimOutcome(run: claim.run(settings))
            let reports = outcome.reports
            progress.finished(k + 1, of: claims.count,
                              "\(outcome.passed ? "✓" : "✗") \(claim.id) \(outcome.verdict) "
                              + "(\(Plural.count(reports.count, "check")), \(String(format: "%.1f", outcome.seconds)) s)")
            outcomes.append(outcome)
        }
        progress.clear()
        return outcomes
    }
}
