import Foundation
import PropertyCheck
import Theory

/// theorycheck: runs the claim catalogue and prints a verdict table.
///
///     theorycheck [check] [ids…] [--profile quick|ci|deep] [--seed S]
///     theorycheck list
///     theorycheck --help
///
/// Exit status: 0 when every check passed, 1 when one failed, 2 on a usage error.

let usage = """
    usage: theorycheck [check] [ID…] [--profile quick|ci|deep] [--seed S]
           theorycheck list
           theorycheck --help

    check    run the claims (all, or the given ids) and print a verdict table (default command)
    list     list every claim: id, family, kind, citation and statement

    --profile P   quick (local edits), ci (default) or deep (long sweeps)
    --seed S      base seed (decimal or 0x-hex); case k of a check uses stream k of its run seed
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("theorycheck: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var command = "check"
if let first = arguments.first, !first.hasPrefix("-") || first == "--help" || first == "-h" {
    if ["check", "list"].contains(first) { command = first; arguments.removeFirst() }
    else if first == "--help" || first == "-h" || first == "help" { print(usage); exit(0) }
}

var settings = CheckSettings()
var ids: [String] = []
var index = 0
while index < arguments.count {
    let a = arguments[index]
    switch a {
    case "--help", "-h":
        print(usage); exit(0)
    case "--profile":
        guard index + 1 < arguments.count, let p = Profile(rawValue: arguments[index + 1]) else {
            fail("--profile needs one of: quick, ci, deep")
        }
        settings.profile = p
        index += 1
    case "--seed":
        guard index + 1 < arguments.count, let s = CheckSettings.parseSeed(arguments[index + 1]) else {
            fail("--seed needs an unsigned integer (decimal or 0x-hex)")
        }
        settings.seed = s
        index += 1
    default:
        if a.hasPrefix("-") { fail("unknown option '\(a)'") }
        ids.append(a)
    }
    index += 1
}

switch command {
case "list":
    if !ids.isEmpty { fail("list takes no ids") }
    for claim in ClaimCatalog.all {
        print("\(claim.id)  [\(claim.family); \(claim.kind.rawValue)]  \(claim.citation)\n    \(claim.statement)")
    }
default:
    var claims: [Claim] = []
    for id in ids {
        guard let c = ClaimCatalog.claim(id: id) else {
            fail("unknown claim '\(id)'; `theorycheck list` shows the ids")
        }
        claims.append(c)
    }
    if claims.isEmpty { claims = ClaimCatalog.all }
    let interactive = isatty(STDOUT_FILENO) != 0
    var reports: [CheckReport] = []
    let start = Date()
    for (k, claim) in claims.enumerated() {
        if interactive { FileHandle.standardOutput.write(Data("[\(k + 1)/\(claims.count)] \(claim.id) …\r".utf8)) }
        let claimReports = claim.check(settings)
        reports += claimReports
        if !interactive { print("\(claim.id): \(claimReports.allSatisfy(\.passed) ? "passed" : "FAILED")") }
    }
    print("\n" + CheckReport.table(reports))
    let failed = reports.filter { !$0.passed }
    for r in failed { print("\n" + r.description) }
    print(String(format: "\n%d check(s), %d failed, %.1f s (profile %@)", reports.count, failed.count,
                 Date().timeIntervalSince(start), (settings.profile ?? reports.first?.profile ?? .ci).rawValue))
    exit(failed.isEmpty ? 0 : 1)
}
