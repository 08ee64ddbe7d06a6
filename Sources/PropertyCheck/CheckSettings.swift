import PropertyCheckStatistics
import Foundation

/// Configuration of a check. Every field is optional; the harness layers them, most specific first:
///
/// 1. per-check environment variables `THEORYCHECK_CASES_<ID>`, `THEORYCHECK_SEED_<ID>` (ID = the
///    check name upper-cased, every character other than A–Z and 0–9 replaced by `_`);
/// 2. the settings passed to the check call;
/// 3. the task-local ``CheckSettings/current`` (set for a test or a scope with
///    ``CheckSettings/withCurrent(_:operation:)``; tests run in parallel, so never a global);
/// 4. the environment: `THEORYCHECK_SEED`, `THEORYCHECK_CASES`, `THEORYCHECK_PROFILE`,
///    `THEORYCHECK_TIME_BUDGET`, `THEORYCHECK_FAMILY_ALPHA`, `THEORYCHECK_STATISTICAL_CHECKS`;
/// 5. the profile's defaults (``Profile``), and the fixed default seed.
public struct CheckSettings: Sendable {
    /// The base seed of the run. Each check runs with its own run seed derived from this and its
    /// name (see ``runSeed(baseSeed:checkName:)``).
    public var seed: UInt64?
    /// Number of cases of a property check.
    public var cases: Int?
    /// The evidence profile.
    public var profile: Profile?
    /// Seconds a check may spend on cases before stopping early.
    public var timeBudget: Double?
    /// Most candidate cases the shrinker may try.
    public var maxShrinkAttempts: Int?
    /// A check gives up after discarding more than this many cases per requested case.
    public var maxDiscardRatio: Int?
    /// Family-wise budget for statistical checks.
    public var errorBudget: ErrorBudget?
    /// α of a statistical check, overriding the share given by ``errorBudget``.
    public var alpha: Double?
    /// The `--filter` expression the replay line should name (the adapter for Swift Testing sets the
    /// current test's name); defaults to the check name.
    public var testFilter: String?

    /// Settings with the given fields set; nil leaves a field to the lower layers.
    public init(
        seed: UInt64? = nil, cases: Int? = nil, profile: Profile? = nil, timeBudget: Double? = nil,
        maxShrinkAttempts: Int? = nil, maxDiscardRatio: Int? = nil, errorBudget: ErrorBudget? = nil,
        alpha: Double? = nil, testFilter: String? = nil
    ) {
        self.seed = seed; self.cases = cases; self.profile = profile; self.timeBudget = timeBudget
        self.maxShrinkAttempts = maxShrinkAttempts; self.maxDiscardRatio = maxDiscardRatio
        self.errorBudget = errorBudget; self.alpha = alpha; self.testFilter = testFilter
    }

    /// These settings with every field that `other` sets replaced by `other`'s.
    public func overridden(by other: CheckSettings) -> CheckSettings {
        CheckSettings(
            seed: other.seed ?? seed, cases: other.cases ?? cases, profile: other.profile ?? profile,
            timeBudget: other.timeBudget ?? timeBudget,
            maxShrinkAttempts: other.maxShrinkAttempts ?? maxShrinkAttempts,
            maxDiscardRatio: other.maxDiscardRatio ?? maxDiscardRatio,
            errorBudget: other.errorBudget ?? errorBudget, alpha: other.alpha ?? alpha,
            testFilter: other.testFilter ?? testFilter)
    }

    /// Settings for the current task and its children (per test, since tests run concurrently).
    @TaskLocal public static var current = CheckSettings()

    /// The environment the harness reads. Defaults to the process environment; tests of the
    /// harness substitute their own per task.
    @TaskLocal public static var environment: [String: String]? = nil

    /// Runs `operation` with `settings` layered over the current task-local settings.
    public static func withCurrent<R>(_ settings: CheckSettings, operation: () throws -> R) rethrows -> R {
        try $current.withValue(current.overridden(by: settings), operation: operation)
    }

    /// The seed used when `THEORYCHECK_SEED` is not set.
    public static let defaultSeed: UInt64 = 0x7E0C_4EC4_2026_1123

    /// The run seed of a check: SplitMix64.mix(baseSeed ⊕ FNV-1a-64(name)). Distinct checks get
    /// unrelated instances from one base seed; case k of the check uses
    /// `RandomStream(seed: runSeed, stream: k)`.
    public static func runSeed(baseSeed: UInt64, checkName: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in checkName.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mixBits(baseSeed ^ hash)
    }

    /// The environment key suffix for per-check overrides of `name`.
    public static func environmentKey(for name: String) -> String {
        String(name.uppercased().unicodeScalars.map {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
        })
    }

    /// Parses a seed written in decimal or as 0x-prefixed hexadecimal.
    public static func parseSeed(_ text: String) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("0x") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }
}

/// SplitMix64's finaliser (a bijection with good avalanche), for deriving seeds.
func mixBits(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Settings with every layer applied, for one named check.
public struct ResolvedSettings: Sendable {
    /// The check's name.
    public var name: String
    /// The base seed in effect (``CheckSettings/defaultSeed`` unless set).
    public var baseSeed: UInt64
    /// The check's run seed: ``CheckSettings/runSeed(baseSeed:checkName:)`` unless overridden per check.
    public var runSeed: UInt64
    /// Number of cases a property check runs.
    public var cases: Int
    /// The evidence profile in effect.
    public var profile: Profile
    /// Seconds the check may spend on cases before stopping early (`infinity`: no limit, the default;
    /// see ``Profile/defaultTimeBudget``). Negative controls are never stopped early.
    public var timeBudget: Double
    /// Most candidate cases the shrinker may try.
    public var maxShrinkAttempts: Int
    /// Discards allowed per requested case before the check gives up.
    public var maxDiscardRatio: Int
    /// The family-wise budget α is shared out of.
    public var errorBudget: ErrorBudget
    /// The false-failure probability of this check's statistical decision, in (0, 1).
    public var alpha: Double
    /// How α was chosen, for reports.
    public var alphaSource: String
    /// Whether α is the budget's Bonferroni share (rather than set for this check).
    public var alphaFromBudget: Bool
    /// The `--filter` expression printed in replay lines.
    public var testFilter: String
    /// The replay request addressed to this check, if any.
    public var replay: ReplayToken?
    /// Problems met while reading the environment (malformed values), shown in the report. They
    /// are errors: the tool refuses to start and the test adapter records an issue
    /// (``HarnessEnvironment``); here they only explain what this check used.
    public var warnings: [String]

    /// Resolves `settings` for the check `name`, layered as described on ``CheckSettings``.
    public init(name: String, settings: CheckSettings = CheckSettings()) {
        let env = CheckSettings.environment ?? ProcessInfo.processInfo.environment
        var warnings: [String] = []
        func int(_ key: String) -> Int? {
            guard let text = env[key] else { return nil }
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)), v >= 0 else {
                warnings.append("\(key)=\(text) is invalid (not a non-negative integer); the default was used here, and the run fails on it"); return nil
            }
            return v
        }
        func double(_ key: String) -> Double? {
            guard let text = env[key] else { return nil }
            guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v > 0, v.isFinite else {
                warnings.append("\(key)=\(text) is invalid (not a positive number); the default was used here, and the run fails on it"); return nil
            }
            return v
        }
        func seed(_ key: String) -> UInt64? {
            guard let text = env[key] else { return nil }
            guard let v = CheckSettings.parseSeed(text) else {
                warnings.append("\(key)=\(text) is invalid (not a decimal or 0x-hex 64-bit seed); the default was used here, and the run fails on it"); return nil
            }
            return v
        }
        var fromEnvironment = CheckSettings()
        fromEnvironment.seed = seed("THEORYCHECK_SEED")
        fromEnvironment.cases = int("THEORYCHECK_CASES")
        fromEnvironment.timeBudget = double("THEORYCHECK_TIME_BUDGET")
        if let p = env["THEORYCHECK_PROFILE"] {
            if let profile = Profile(rawValue: p.lowercased()) { fromEnvironment.profile = profile }
            else { warnings.append("THEORYCHECK_PROFILE=\(p) is invalid (expected quick, ci or deep); the default was used here, and the run fails on it") }
        }
        let familyAlpha = double("THEORYCHECK_FAMILY_ALPHA").flatMap { $0 < 1 ? $0 : nil }
        let declared = int("THEORYCHECK_STATISTICAL_CHECKS").flatMap { $0 >= 1 ? $0 : nil }
        if familyAlpha != nil || declared != nil {
            fromEnvironment.errorBudget = ErrorBudget(total: familyAlpha ?? ErrorBudget.standard.total,
                                                      declaredChecks: declared ?? ErrorBudget.standard.declaredChecks)
        }
        let key = CheckSettings.environmentKey(for: name)
        var perCheck = CheckSettings()
        perCheck.cases = int("THEORYCHECK_CASES_\(key)")
        perCheck.seed = seed("THEORYCHECK_SEED_\(key)")

        let merged = fromEnvironment.overridden(by: CheckSettings.current).overridden(by: settings)
            .overridden(by: perCheck)
        let profile = merged.profile ?? .ci
        self.name = name
        self.profile = profile
        self.baseSeed = merged.seed ?? CheckSettings.defaultSeed
        self.runSeed = CheckSettings.runSeed(baseSeed: baseSeed, checkName: name)
        self.cases = merged.cases ?? profile.defaultCases
        self.timeBudget = merged.timeBudget ?? profile.defaultTimeBudget
        self.maxShrinkAttempts = merged.maxShrinkAttempts ?? 2_000
        self.maxDiscardRatio = merged.maxDiscardRatio ?? 10
        self.errorBudget = merged.errorBudget ?? .standard
        if let alpha = merged.alpha {
            require(alpha > 0 && alpha < 1, "check '\(name)': alpha \(alpha) must lie in (0, 1)")
            self.alpha = alpha
            self.alphaSource = "α = \(formatProbability(alpha)) set for this check"
            self.alphaFromBudget = false
        } else {
            self.alpha = errorBudget.perCheck
            self.alphaSource = errorBudget.description
            self.alphaFromBudget = true
        }
        self.testFilter = merged.testFilter ?? name
        if let text = env["THEORYCHECK_REPLAY"] {
            switch ReplayToken.parse(text) {
            case .success(let token): self.replay = token.checkName == name ? token : nil
            case .failure(let error):
                self.replay = nil
                warnings.append("THEORYCHECK_REPLAY is invalid (\(error)); nothing was replayed, and the run fails on it")
            }
        } else {
            self.replay = nil
        }
        self.warnings = warnings
    }

    /// A sample size scaled by the profile (quick ¼, ci 1, deep 10), at least `minimum`.
    public func scaledSamples(_ ciSamples: Int, minimum: Int = 2) -> Int {
        max(minimum, Int((Double(ciSamples) * profile.sampleScale).rounded()))
    }
}
