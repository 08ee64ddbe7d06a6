import MatrixGenerators
import Numerics
import PropertyCheck

extension NumericsOracles {
    /// Haar measure: for Q Haar on O(n), the entry Q₁₁ has the law of the first coordinate of a
    /// uniform unit vector (the first column of Q is uniform on the sphere). Two-sample KS at the
    /// harness's α. Without the sign correction of QR the law of Q₁₁ is not that one (Householder
    /// QR makes R₁₁ of fixed sign, so Q₁₁ takes the sign of −G₁₁ and its law depends on the sign
    /// convention), which the negative control must detect.
    public static let haar = Claim(
        id: "NUM-HAAR", family: family, citation: "Mezzadri, How to generate random matrices from the classical compact groups (2007)",
        statement: "Q from QR of a Gaussian with the sign fix is Haar: Q₁₁ has the law of a uniform unit vector's coordinate", kind: .statistical,
        keyNumberSeeds: [CheckSettings.defaultSeed],
        keyNumbers: {
            let report = haarCheck(CheckSettings(seed: CheckSettings.defaultSeed, profile: .ci))
            let ks = report.statistics
            return [.vector("KS statistic and p-value (ci profile, default seed)", [ks?.statistic ?? .nan, ks?.pValue ?? .nan],
                            .relative(1e-12), reason: "a KS statistic is a multiple of 1/n and exact; the p-value is accurate to ~1e-15 but uses libm; a changed sampler or seed derivation moves both")]
        }
    ) { settings in [haarCheck(settings)] }

    static func haarCheck(_ settings: CheckSettings) -> CheckReport {
        let n = 3
        let haar = Gen.haarOrthogonal(size: .constant(n)).map { $0[0, 0] }
        let sphere = Gen.unitVector(dimension: .constant(n)).map { $0[0] }
        let signless = Gen<RandomStream>.stream.map { s -> Double in
            var stream = s
            return Matrix.haarOrthogonalWithoutSignCorrection(rows: n, columns: n, using: &stream)[0, 0]
        }
        return PropertyCheck.sameDistribution("NUM-HAAR", haar, sphere, samples: 4000, settings: settings,
                                              falsifiers: [(name: "QR without the sign correction", y: signless, minimumPower: 1)])
    }
}
