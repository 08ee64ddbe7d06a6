/// How much evidence a run buys: `quick` while editing, `ci` (the default) on every push, `deep`
/// for long sweeps. Chosen with `THEORYCHECK_PROFILE=quick|ci|deep`.
public enum Profile: String, Sendable, CaseIterable, Codable {
    /// The three profiles, from least to most evidence (see ``defaultCases`` and ``sampleScale``).
    case quick, ci, deep

    /// Cases a property check runs unless told otherwise.
    public var defaultCases: Int {
        switch self {
        case .quick: return 25
        case .ci: return 100
        case .deep: return 1_000
        }
    }

    /// Wall-clock seconds one check may spend generating cases before it stops early (and says so):
    /// no limit (`infinity`) in every profile. A limit makes the number of cases run — and so what
    /// the verdict rests on — depend on the machine's speed and load, and the same seed must give
    /// the same verdict. `THEORYCHECK_TIME_BUDGET` sets one for exploratory runs.
    public var defaultTimeBudget: Double { .infinity }

    /// Scale factor for sample sizes of statistical checks (quick 1/4, ci 1, deep 10); checks use
    /// ``ResolvedSettings/scaledSamples(_:minimum:)``.
    public var sampleScale: Double {
        switch self {
        case .quick: return 0.25
        case .ci: return 1
        case .deep: return 10
        }
    }
}
