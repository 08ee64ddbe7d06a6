import Foundation
import PropertyCheck

extension ClaimCatalog {
    /// The `swift test --filter` that selects the suite running every claim of the catalogue
    /// (`Tests/PropertyTests/ClaimCatalogTests.swift`). Replay lines of claim checks use it.
    public static let testFilter = "ClaimCatalogTests"

    /// The claim whose checks include `checkName`. A claim's checks are named by its id, alone or
    /// followed by a separator and a part name (`DL-PHASE/gaussian`, `LR-KERNEL-MC-RANDOM`); the
    /// longest matching id wins, so a check belongs to the most specific claim whose id prefixes it.
    public static func owner(ofCheck checkName: String) -> Claim? {
        all.filter { claim in
            guard checkName.hasPrefix(claim.id) else { return false }
            guard let next = checkName.dropFirst(claim.id.count).first else { return true }
            return !next.isLetter && !next.isNumber
        }
        .max { $0.id.count < $1.id.count }
    }

    /// Why a selection of claims could not be made.
    public struct SelectionError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The claims a test run should check, from the environment:
    /// - `THEORYCHECK_REPLAY=<token>`: only the claim owning the token's check (none when another
    ///   test owns it, so a replay of a harness test does not run the whole catalogue);
    /// - `THEORYCHECK_CLAIMS=<id>[,<id>…]`: those claims, in catalogue order;
    /// - neither: every claim.
    /// A malformed token, an unknown id, or both variables at once is an error, never an empty or
    /// silently different selection.
    public static func selection(environment: [String: String]) -> Result<[Claim], SelectionError> {
        let replay = environment["THEORYCHECK_REPLAY"]
        let ids = environment["THEORYCHECK_CLAIMS"]
        if replay != nil && ids != nil {
            return .failure(SelectionError(description: "set THEORYCHECK_REPLAY or THEORYCHECK_CLAIMS, not both"))
        }
        if let replay {
            switch ReplayToken.parse(replay) {
            case .failure(let error):
                return .failure(SelectionError(description: "THEORYCHECK_REPLAY='\(replay)': \(error)"))
            case .success(let token):
                return .success(owner(ofCheck: token.checkName).map { [$0] } ?? [])
            }
        }
        guard let ids else { return .success(all) }
        let wanted = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if wanted.isEmpty {
            return .failure(SelectionError(description: "THEORYCHECK_CLAIMS is empty; give claim ids, e.g. THEORYCHECK_CLAIMS=NTK-EQUAL"))
        }
        let unknown = wanted.filter { claim(id: $0) == nil }
        if !unknown.isEmpty {
            return .failure(SelectionError(description:
                "THEORYCHECK_CLAIMS names unknown claim(s) \(unknown.joined(separator: ", ")); known: \(all.map(\.id).joined(separator: ", "))"))
        }
        return .success(all.filter { wanted.contains($0.id) })
    }
}
