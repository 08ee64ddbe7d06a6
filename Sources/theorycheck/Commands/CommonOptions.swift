import Experiments
import Foundation
import PropertyCheck
import Reports

/// Reading the options several commands share.
extension ParsedArguments {
    func profile(_ spec: CommandSpec) throws(UsageError) -> Profile? {
        guard let text = value("--profile") else { return nil }
        guard let p = Profile(rawValue: text.lowercased()) else {
            throw UsageError(message: "--profile must be one of quick, ci, deep (got '\(text)')", command: spec)
        }
        return p
    }

    func seed(_ spec: CommandSpec) throws(UsageError) -> UInt64? {
        guard let text = value("--seed") else { return nil }
        guard let s = CheckSettings.parseSeed(text) else {
            throw UsageError(message: "--seed needs an unsigned 64-bit integer, decimal or 0x-hex (got '\(text)')", command: spec)
        }
        return s
    }

    func shard(_ spec: CommandSpec) throws(UsageError) -> Shard {
        guard let text = value("--shard") else { return .all }
        guard let s = Shard.parse(text) else {
            throw UsageError(message: "--shard needs i/n with 1 ≤ i ≤ n (got '\(text)')", command: spec)
        }
        return s
    }
}

/// The profile and base seed in effect when the command line does not set them: the environment
/// (`THEORYCHECK_PROFILE`, `THEORYCHECK_SEED`) as the harness reads it, then ci and the default seed.
enum Defaults {
    static var profile: Profile {
        ResolvedSettings(name: "theorycheck").profile
    }
    static var seed: UInt64 {
        ResolvedSettings(name: "theorycheck").baseSeed
    }
}
