import Numerics
import PropertyCheck

/// The identities every claim's numbers rest on, checked like claims: if one of these fails, no
/// verdict about a paper can be trusted. (The exhaustive tests are in `Tests/NumericsTests`; these
/// are the versions the verdict table reports.)
public enum NumericsOracles {
    public static let family = "Numerics core"

    public static var all: [Claim] { [gemm, qr, symmetricEigen, svd, haar] }

    /// The contract these oracles verify is ``RoundingModel``: γ_k for GEMM, δ(k) for the factorisations.
    static func delta(_ rows: Int, _ columns: Int) -> Double { RoundingModel.factorisationDefect(Swift.max(rows, columns)) }

    static let shapes = zip(Gen.dimension(in: 1...40), Gen.dimension(in: 1...40), Gen.dimension(in: 1...40))
}
