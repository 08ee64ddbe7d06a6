import Foundation
import Reports

/// theorycheck: checks claims of deep-learning initialisation theory and draws the evidence.
///
/// Exit status: 0 when everything checked passed, 1 when a check failed (or a sweep/merge could
/// not complete), 2 on a usage error.

let topLevelUsage = """
    usage: theorycheck [<command>] [options]

    commands:
      check [ID…]                 run claims (all by default) and print the verdict table (default command)
      list                        list every claim: id, family, kind, citation, statement
      replay <token>              rerun one failing case from the replay token a failure printed
      sweep <experiment>          run a paper experiment's grid (or one shard of it) and write its result
      merge FILE… --out FILE      combine shard results into the result a single run gives
      experiments                 list the sweep experiments
      help [<command>]            show help (also: theorycheck <command> --help)

    Run without arguments it checks every claim at the ci profile.
    """

let commands: [String: Command] = Dictionary(uniqueKeysWithValues: [
    CheckCommand.command, ListCommand.command, ReplayCommand.command, SweepCommand.command,
    MergeCommand.command, ExperimentsCommand.command,
].map { ($0.spec.name, $0) })

func printUsageError(_ error: UsageError) -> Never {
    let help = error.command.map { "usage: \($0.synopsis)\n(see `theorycheck \($0.name) --help`)" }
        ?? topLevelUsage
    FileHandle.standardError.write(Data("theorycheck: \(error.message)\n\(help)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var name = "check"
if let first = arguments.first {
    if first == "--help" || first == "-h" { print(topLevelUsage); exit(0) }
    if first == "help" {
        if arguments.count == 1 || arguments[1] == "help" { print(topLevelUsage); exit(0) }
        guard let command = commands[arguments[1]] else {
            printUsageError(UsageError(message: "no command '\(arguments[1])'", command: nil))
        }
        print(command.spec.help); exit(0)
    }
    if !first.hasPrefix("-") {
        if commands[first] != nil { name = first; arguments.removeFirst() }
        else if first.allSatisfy({ $0.isLowercase || $0 == "-" }) {
            // Claim ids are upper case: a lower-case word is a mistyped command.
            printUsageError(UsageError(message: "unknown command '\(first)'", command: nil))
        }
    }
}
let command = commands[name]!
keepFreedMemoryForReuse()
// The environment is an input like the flags: a malformed THEORYCHECK_* value stops the tool before
// any work, as the same value given as a flag would.
let environmentProblems = EnvironmentCheck.problems(ProcessInfo.processInfo.environment)
if !environmentProblems.isEmpty {
    FileHandle.standardError.write(Data(environmentProblems.map { "theorycheck: \($0)\n" }.joined().utf8))
    exit(2)
}
do {
    let parsed = try ArgumentParser.parse(arguments, for: command.spec)
    if parsed.wantsHelp { print(command.spec.help); exit(0) }
    exit(try command.run(parsed))
} catch {
    printUsageError(error)
}
