import Foundation

/// A usage error: the message, and the command whose usage to show. Exit status 2.
public struct UsageError: Error, Sendable {
    public var message: String
    public var command: CommandSpec?
    public init(message: String, command: CommandSpec?) { self.message = message; self.command = command }
}

/// What a command accepts: options that take a value, flags, and how many positionals.
public struct CommandSpec: Sendable {
    public var name: String
    public var synopsis: String
    /// The help text shown by `theorycheck <name> --help`.
    public var help: String
    public var valueOptions: Set<String>
    public var flags: Set<String>
    public var positionals: ClosedRange<Int>
    public var positionalName: String

    public init(name: String, synopsis: String, help: String, valueOptions: Set<String>, flags: Set<String> = [],
                positionals: ClosedRange<Int> = 0...0, positionalName: String = "argument") {
        self.name = name; self.synopsis = synopsis; self.help = help; self.valueOptions = valueOptions
        self.flags = flags; self.positionals = positionals; self.positionalName = positionalName
    }
}

/// The parsed command line of one command.
public struct ParsedArguments: Sendable {
    public var positionals: [String] = []
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var wantsHelp = false

    /// The last value given for `option` (a repeated option overrides earlier ones).
    public func value(_ option: String) -> String? { values[option]?.last }
}

/// A small argument parser: `--option value`, `--option=value`, `--flag`, `--` ends options,
/// `-h`/`--help` anywhere asks for help. Unknown options, missing values and a wrong number of
/// positionals are usage errors naming the problem.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], for spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var k = 0
        var optionsEnded = false
        while k < arguments.count {
            let a = arguments[k]
            k += 1
            if optionsEnded || !a.hasPrefix("-") || a == "-" {
                result.positionals.append(a); continue
            }
            if a == "--" { optionsEnded = true; continue }
            if a == "-h" || a == "--help" { result.wantsHelp = true; continue }
            var name = a, inlineValue: String? = nil
            if let eq = a.firstIndex(of: "=") {
                name = String(a[..<eq]); inlineValue = String(a[a.index(after: eq)...])
            }
            if spec.valueOptions.contains(name) {
                let value: String
                if let inlineValue { value = inlineValue }
                else if k < arguments.count, !arguments[k].hasPrefix("--") { value = arguments[k]; k += 1 }
                else { throw UsageError(message: "\(name) needs a value", command: spec) }
                result.values[name, default: []].append(value)
            } else if spec.flags.contains(name) {
                if inlineValue != nil { throw UsageError(message: "\(name) takes no value", command: spec) }
                result.flags.insert(name)
            } else {
                let known = (spec.valueOptions.union(spec.flags)).sorted()
                let hint = known.isEmpty ? "it takes no options" : "options: " + known.joined(separator: ", ")
                throw UsageError(message: "unknown option '\(name)' for '\(spec.name)' (\(hint))", command: spec)
            }
        }
        if !result.wantsHelp && !spec.positionals.contains(result.positionals.count) {
            let range = spec.positionals
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)"
                : range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
            throw UsageError(message: "'\(spec.name)' takes \(expected) \(spec.positionalName)(s), got \(result.positionals.count)", command: spec)
        }
        return result
    }
}
