/// The result of one check, as data (Codable, so a tool can also write it as JSON): what was
/// checked, the verdict, the evidence on both sides, the minimal failing case and the line that
/// replays it. Tests turn it into an issue; the command-line tool prints many of them as a table.
public struct CheckReport: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case property, statistical, scalingLaw = "scaling law" }
    public enum Verdict: String, Sendable, Codable {
        /// Every case passed (property), or the evidence is consistent with the claim (statistical).
        case passed
        /// A counterexample, an interval that excludes the claim, unmet coverage, a generator that
        /// rejects too much, or a negative control that was not rejected.
        case failed
        /// Too many cases were discarded by `assume` to conclude anything.
        case gaveUp = "gave up"
    }

    public var name: String
    public var kind: Kind
    public var verdict: Verdict
    /// Cases (property) or samples (statistical) used as evidence.
    public var casesRun: Int
    public var casesDiscarded: Int
    /// Wall-clock seconds, including shrinking and negative controls.
    public var seconds: Double
    public var profile: Profile
    public var baseSeed: UInt64
    public var runSeed: UInt64
    public var labels: [LabelCount]
    public var coverage: [CoverageResult]
    public var failure: FailureDetail?
    public var statistics: StatisticalEvidence?
    public var scaling: ScalingEvidence?
    public var negativeControls: [NegativeControlResult]
    /// The α of a statistical check and how it was derived (nil for property checks).
    public var alphaSource: String?
    /// Reruns the failing case (or the statistical run); nil when passed.
    public var replay: ReplayToken?
    /// The shell line that reruns it.
    public var replayLine: String?
    public var notes: [String]
    /// Exact (property) checks: the tightest comparison that held, as a fraction of its bound.
    public var worstMargin: Margin?

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
    public var shrinkSteps: Int
    /// Notes and labels the property attached to the minimal case.
    public var notes: [String]
}
