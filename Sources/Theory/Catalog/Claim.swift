import Fixtures
import PropertyCheck

/// A checkable claim: what is claimed, where it comes from, and how to check it.
///
/// A claim is data, not a test function: tests, the command-line tool and fixtures all read the same
/// catalogue (``ClaimCatalog``), so adding a claim is one definition beside the model it is about.
/// `check` runs the claim's checks through the PropertyCheck harness under the settings it is given
/// (profile, seed) and returns their reports — evidence with numbers on both sides, negative
/// controls included — rather than a bare pass/fail.
public struct Claim: Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An identity or bound that holds on every instance up to a derived rounding tolerance.
        case exact
        /// A statement in probability, decided at a stated false-failure probability α.
        case statistical
        /// A fitted exponent with a confidence interval.
        case scalingLaw = "scaling law"
    }

    /// Stable identifier, e.g. `DL-ORTH-PARTIAL`; also the name of its checks.
    public var id: String
    /// The group it belongs to (a paper, or the numerics core).
    public var family: String
    /// Paper and theorem/figure (or the mathematical source of an oracle).
    public var citation: String
    /// The section of docs/THEORY.md that states the claim's model and predicate, e.g. "§2"; the
    /// claim's own entry there is headed by its id.
    public var theorySection: String
    /// One-line statement.
    public var statement: String
    public var kind: Kind
    /// Runs the claim's checks.
    public var check: @Sendable (CheckSettings) -> [CheckReport]
    /// The claim's key numbers at pinned seeds, recorded as the regression fixture `claim-<id>`
    /// (see ``FixtureCatalog``); nil when the claim pins nothing of its own.
    public var keyNumbers: (@Sendable () throws -> [FixtureField])?
    /// The seeds `keyNumbers` uses, for the fixture's provenance.
    public var keyNumberSeeds: [UInt64]

    public init(id: String, family: String, theorySection: String, citation: String, statement: String, kind: Kind,
                keyNumberSeeds: [UInt64] = [], keyNumbers: (@Sendable () throws -> [FixtureField])? = nil,
                check: @escaping @Sendable (CheckSettings) -> [CheckReport]) {
        self.id = id; self.family = family; self.theorySection = theorySection; self.citation = citation; self.statement = statement
        self.kind = kind; self.keyNumberSeeds = keyNumberSeeds; self.keyNumbers = keyNumbers; self.check = check
    }
}

extension Claim {
    /// Where this repository states the claim: "docs/THEORY.md §2, NTK-EQUAL".
    public var theoryReference: String { "\(ClaimCatalog.theoryDocument) \(theorySection), \(id)" }
}

/// Every claim theorycheck knows, in presentation order.
public enum ClaimCatalog {
    public static var all: [Claim] {
        NumericsOracles.all + DeepLinearClaims.all + NTKClaims.all + FisherClaims.all + LowRankClaims.all
    }
}

extension ClaimCatalog {
    /// The repository's theory text, relative to the package root.
    public static let theoryDocument = "docs/THEORY.md"

    public static func claim(id: String) -> Claim? { all.first { $0.id == id } }
}
