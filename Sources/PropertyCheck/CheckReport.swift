/// The result of one check, as data (Codable, so a tool can also write it as JSON): what was
/// checked, the verdict, the evidence on both sides, the minimal failing case and the line that
/// replays it. Tests turn it into an issue; the command-line tool prints many of them as a table.
public struct CheckReport: Sendable, Codable {
    /// Which kind of check produced the report: a property, a statistical check or a scaling law.
    public enum Kind: String, Sendable, Codable { case property, statistical, scalingLaw = "scaling law" }
    /// The outcome of a check.
    public enum Verdict: String, Sendable, Codable {
        /// Every case passed (property), or the evidence is consistent with the claim (statistical).
        case passed
        /// A counterexample, an interval that excludes the claim, unmet coverage, a generator that
        /// rejects too much, or a negative control that was not rejected.
        case failed
        /// Too many cases were discarded by `assume` to conclude anything.
        case gaveUp = "gave up"
    }

    /// The check's name, as passed to the check call (also the key of per-check overrides and replays).
    public var name: String
    /// Which kind of check this was.
    public var kind: Kind
    /// Passed, failed or gave up.
    public var verdict: Verdict
    /// Cases (property) or samples (statistical) used as evidence.
    public var casesRun: Int
    /// Cases discarded by `assume` (not counted in ``casesRun``).
    public var casesDiscarded: Int
    /// Wall-clock seconds, including shrinking and negative controls.
    public var seconds: Double
    /// The evidence profile the check ran under.
    public var profile: Profile
    /// The base seed of the run (from settings, `THEORYCHECK_SEED` or ``CheckSettings/defaultSeed``).
    public var baseSeed: UInt64
    /// The check's own seed (derived from the base seed and the name, or replayed); with the same
    /// profile, case k of this seed is the same value on every run.
    public var runSeed: UInt64
    /// How often each label occurred, most frequent first.
    public var labels: [LabelCount]
    /// Every coverage requirement with the fraction observed.
    public var coverage: [CoverageResult]
    /// The minimal failing case of a property check; nil otherwise.
    public var failure: FailureDetail?
    /// The evidence of a statistical check; nil for other kinds.
    public var statistics: StatisticalEvidence?
    /// The fitted exponent of a scaling-law check; nil for other kinds.
    public var scaling: ScalingEvidence?
    /// What each negative control observed (empty when the check declares none).
    public var negativeControls: [NegativeControlResult]
    /// The α of a statistical check and how it was derived (nil for property checks).
    public var alphaSource: String?
    /// Reruns the failing case (or the statistical run); nil when passed.
    public var replay: ReplayToken?
    /// The shell line that reruns it.
    public var replayLine: String?
    /// Remarks for the reader: settings warnings, early stops, replays, budget notes.
    public var notes: [String]
    /// Exact (property) checks: the tightest comparison that held, as a fraction of its bound.
    public var worstMargin: Margin?

    /// True exactly when ``verdict`` is `.passed`.
    public var passed: Bool { verdict == .passed }

    /// Statistical and scaling-law checks: the smallest deviation the decision detects with
    /// probability ≥ 0.99 at its α, with its target (see ``Resolution``).
    public var resolution: Resolution? { statistics?.resolution ?? scaling?.resolution }

    init(name: String, kind: Kind, settings: ResolvedSettings) {
        self.name = name; self.kind = kind; self.verdict = .passed
        self.casesRun = 0; self.casesDiscarded = 0; self.seconds = 0
        self.profile = settings.profile; self.baseSeed = settings.baseSeed; self.runSeed = settings.runSeed
        self.labels = []; self.coverage = []; self.failure = nil; self.statistics = nil; self.scaling = nil
        self.negativeControls = []; self.alphaSource = nil; self.replay = nil; self.replayLine = nil
        self.worstMargin = nil
        self.notes = settings.warnings
    }

    mutating func setReplay(_ token: ReplayToken, testFilter: String) {
        replay = token
        replayLine = token.commandLine(testFilter: testFilter, profile: profile)
    }
}

/// The failing case of a property check.
public struct FailureDetail: Sendable, Codable {
    /// Why the minimal case fails.
    public var message: String
    /// The violated comparison, with both numbers, when the property used ``CaseContext/expect(_:_:_:_:)``.
    public var comparison: Comparison?
    /// Index of the first failing case in the run (nil when the failure came from a replayed choice sequence).
    public var caseIndex: Int?
    /// The first failing value found.
    public var originalCase: String
    /// The simplest failing value found by shrinking.
    public var minimalCase: String
    /// The recorded choices of the minimal case.
    public var minimalChoices: [UInt64]
    /// Shrink candidates tried and accepted.
    public var shrinkAttempts: Int
    /// Shrink candidates that were accepted (each a strictly simpler failing case).
    public var shrinkSteps: Int
    /// Notes and labels the property attached to the minimal case.
    public var notes: [String]
}
