import Foundation

/// The `THEORYCHECK_*` variables that steer a run, checked before any work.
///
/// A malformed value is an error, never a warning: a misspelt profile or seed that were silently
/// ignored would turn into a run that checked something else than asked. The command-line tool
/// exits with status 2 naming the variable; under `swift test` the adapter in
/// `PropertyCheckTesting` records an issue (see `expectValidHarnessEnvironment`).
///
/// Checked here: `THEORYCHECK_SEED`, `THEORYCHECK_SEED_<ID>`, `THEORYCHECK_CASES`,
/// `THEORYCHECK_CASES_<ID>`, `THEORYCHECK_PROFILE`, `THEORYCHECK_TIME_BUDGET`,
/// `THEORYCHECK_FAMILY_ALPHA`, `THEORYCHECK_STATISTICAL_CHECKS`, `THEORYCHECK_THREADS` (read by
/// `Numerics.Parallel`) and `THEORYCHECK_REPLAY`. Variables owned by other layers are checked
/// where their meaning is known (`THEORYCHECK_RECORD` against the fixture catalogue,
/// `THEORYCHECK_CLAIMS` against the claim catalogue).
public enum HarnessEnvironment {
    /// One malformed variable.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The variable's name, e.g. `THEORYCHECK_SEED`.
        public var variable: String
        /// Its value as set, untrimmed.
        public var value: String
        /// What a usable value looks like, in words.
        public var expected: String
        /// "THEORYCHECK_SEED='zz' is invalid: expected …", the message the tool and tests print.
        public var description: String { "\(variable)='\(value)' is invalid: \(expected)" }
    }

    /// The problems of `environment` (default: the harness's environment, ``CheckSettings/environment``
    /// or the process environment), sorted by variable name; empty when every value is usable.
    public static func problems(in environment: [String: String]? = nil) -> [Problem] {
        let env = environment ?? CheckSettings.environment ?? ProcessInfo.processInfo.environment
        var problems: [Problem] = []
        for (key, text) in env where key.hasPrefix("THEORYCHECK_") {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            func fail(_ expected: String) { problems.append(Problem(variable: key, value: text, expected: expected)) }
            switch key {
            case "THEORYCHECK_SEED":
                if CheckSettings.parseSeed(text) == nil { fail("expected an unsigned 64-bit seed, decimal or 0x-hex") }
            case "THEORYCHECK_CASES":
                if Int(trimmed).map({ $0 >= 0 }) != true { fail("expected a non-negative integer") }
            case "THEORYCHECK_PROFILE":
                if Profile(rawValue: trimmed.lowercased()) == nil { fail("expected quick, ci or deep") }
            case "THEORYCHECK_TIME_BUDGET":
                if Double(trimmed).map({ $0 > 0 && $0.isFinite }) != true { fail("expected a positive number of seconds") }
            case "THEORYCHECK_FAMILY_ALPHA":
                if Double(trimmed).map({ $0 > 0 && $0 < 1 }) != true { fail("expected a probability in (0, 1)") }
            case "THEORYCHECK_STATISTICAL_CHECKS":
                if Int(trimmed).map({ $0 >= 1 }) != true { fail("expected a positive integer") }
            case "THEORYCHECK_THREADS":
                if Int(trimmed).map({ $0 >= 1 }) != true { fail("expected a positive integer (threads)") }
            case "THEORYCHECK_REPLAY":
                if case .failure(let error) = ReplayToken.parse(text) {
                    fail("\(error); expected <check>@<run seed hex>[/<case>[/<choices>]] as a failure printed it")
                }
            case _ where key.hasPrefix("THEORYCHECK_SEED_"):
                if CheckSettings.parseSeed(text) == nil { fail("expected an unsigned 64-bit seed, decimal or 0x-hex") }
            case _ where key.hasPrefix("THEORYCHECK_CASES_"):
                if Int(trimmed).map({ $0 >= 0 }) != true { fail("expected a non-negative integer") }
            default:
                break
            }
        }
        return problems.sorted { $0.variable < $1.variable }
    }
}
