import Reports

/// A subcommand: its accepted arguments and what it does. `run` returns the exit status.
struct Command: Sendable {
    var spec: CommandSpec
    var run: @Sendable (ParsedArguments) throws(UsageError) -> Int32
}
