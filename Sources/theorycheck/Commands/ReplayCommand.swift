import Foundation
import PropertyCheck
import Reports
import Theory

enum ReplayCommand {
    static let spec = CommandSpec(
        name: "replay",
        synopsis: "theorycheck replay <token | replay line> [--profile P]",
        help: """
            usage: theorycheck replay <token | replay line> [--profile P]

            Reruns one failing case: the token is what a failure printed after `replay:` or `rerun:`
            (<check>@<run seed hex>[/<case>[/<choices>]]); the whole printed line
            `THEORYCHECK_PROFILE=… THEORYCHECK_REPLAY='…' swift test --filter …` is accepted too. Only
            the claim owning that check runs, with the token in force (THEORYCHECK_REPLAY), and its
            full report is printed.

              --profile P    the profile the failure ran at (sizes depend on it; default: the line's,
                             else THEORYCHECK_PROFILE, else ci)

            Exit status: 0 the case passes now, 1 it still fails, 2 usage error (malformed token,
            unknown check, or choices the check's generator would not make: replaying those would
            run a different case).
            """,
        valueOptions: ["--profile"],
        positionals: 1...Int.max, positionalName: "token")

    static let command = Command(spec: spec) { (arguments: ParsedArguments) throws(UsageError) -> Int32 in
        let text = arguments.positionals.joined(separator: " ")
        let line = ReplayToken.environment(fromCommandLine: text)
        let tokenText = line["THEORYCHECK_REPLAY"] ?? text
        let token: ReplayToken
        switch ReplayToken.parse(tokenText) {
        case .success(let t): token = t
        case .failure(let error): throw UsageError(message: "\(error)", command: spec)
        }
        var profile = try arguments.profile(spec)
        if profile == nil, let p = line["THEORYCHECK_PROFILE"] {
            guard let parsed = Profile(rawValue: p) else { throw UsageError(message: "the line's THEORYCHECK_PROFILE=\(p) is not quick, ci or deep", command: spec) }
            profile = parsed
        }
        guard let claim = ClaimCatalog.owner(ofCheck: token.checkName) else {
            throw UsageError(message: "no claim owns the check '\(token.checkName)'; `theorycheck list` shows the ids", command: spec)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["THEORYCHECK_REPLAY"] = token.description
        var settings = CheckSettings()
        settings.profile = profile ?? Defaults.profile
        print("replaying \(token) (claim \(claim.id), profile \(settings.profile!.rawValue))")
        let run = CheckSettings.$environment.withValue(environment) { claim.run(settings) }
        let reports = run.reports
        let replayed = reports.filter { $0.name == token.checkName }
        if let refusal = replayed.flatMap(\.notes).first(where: ReplayToken.isRefusal) {
            throw UsageError(message: "\(token): \(refusal)", command: spec)
        }
        let shown = replayed.isEmpty ? reports : replayed
        for report in shown { print("\n" + report.description) }
        if replayed.isEmpty {
            print("\nnote: the claim ran no check named '\(token.checkName)'; showing all of its checks")
        }
        return shown.allSatisfy(\.passed) ? 0 : 1
    }
}
