import MatrixGenerators
import Numerics
import PropertyCheck

extension NumericsOracles {
    /// Haar measure: for Q Haar on O(n), the entry Q₁₁ has the law of the first coordinate of a
    /// uniform unit vector (the first column of Q is uniform on the sphere), which for n = 3 is
    /// exactly uniform on [−1, 1] (Archimedes: a slab of the sphere of height dz has area 2π dz).
    /// One-sample KS against that CDF at the harness's α, with enough samples (56,000 at ci) to
    /// detect a sup distance of 0.02 with power 0.99. Without the sign correction of QR the law of
    /// Q₁₁ is not that one (Householder QR makes R₁₁ of fixed sign, so Q₁₁ takes the sign of −G₁₁
    /// and its law depends on the sign convention), which the negative control must detect.
    public static let haar = Claim(
        id: "NUM-HAAR", family: family, theorySection: theorySection, citation: "Mezzadri, How to generate random matrices from the classical compact groups (2007)",
        statement: "Q from QR of a Gaussian with the sign fix is Haar: Q₁₁ of a 3×3 Haar matrix is uniform on [−1, 1]", kind: .statistical,
        keyNumberSeeds: [CheckSettings.defaultSeed],
        keyNumbers: {
            let report = haarCheck(CheckSettings(seed: CheckSettings.defaultSeed, profile: .ci))
            let ks = report.statistics
            return [.vector("KS statistic and p-value (ci profile, default seed)", [ks?.statistic ?? .nan, ks?.pValue ?? .nan],
                            .relative(1e-12), reason: "a KS statistic against a closed-form CDF is exact up to one rounding of the CDF; the p-value is accurate to ~1e-15 but uses libm; a changed sampler or seed derivation moves both")]
        }
    ) { settings in [haarCheck(settings)] }

    static func haarCheck(_ settings: CheckSettings) -> CheckReport {
        let n = 3
        let haar = Gen.haarOrthogonal(size: .constant(n)).map { $0[0, 0] }
        let signless = Gen<RandomStream>.stream.map { s -> Double in
            var stream = s
            return Matrix.haarOrthogonalWithoutSignCorrection(rows: n, columns: n, using: &stream)[0, 0]
        }
        return PropertyCheck.distribution("NUM-HAAR", of: haar, cdf: { Swift.min(1, Swift.max(0, ($0 + 1) / 2)) },
                                          named: "U[−1, 1]", samples: 56_000, settings: settings,
                                          falsifiers: [(name: "QR without the sign correction", sampler: signless, minimumPower: 1)])
    }
}
