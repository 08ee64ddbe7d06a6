import Foundation
import Numerics
import PropertyCheck

/// Claims of Sokol & Park, "Information Geometry of Orthogonal Initializations and Training"
/// (ICLR 2020, arXiv 1810.03785); THEORY.md §3.
public enum FisherClaims {
    public static let family = "Fisher information and the input–output Jacobian (Sokol & Park 2020)"

    public static var all: [Claim] { [gaussNewton, jacobianBound, ntkSpectrum, isometry, stiefel] }

    /// Unit roundoff (``RoundingModel``).
    static let u = RoundingModel.unitRoundoff

    /// λ_max of a symmetric matrix (0 for an empty one).
    static func largestEigenvalue(_ m: Matrix) throws -> Double {
        m.rows == 0 ? 0 : try m.symmetricEigenvalues().last!
    }
}

/// One random critical tanh network of the correlation check of FIM-JACOBIAN-BOUND: depth 8,
/// width 12, n₀ = 12, k = 2 regression outputs, N = 4 inputs N(0, I), Gaussian initialisation at
/// q* ∼ U[0.05, 3]. λ_max(G) is computed as λ_max of the 8 × 8 empirical NTK (FIM-NTK-SPECTRUM);
/// σ_max(J)² is the mean over the inputs of σ_max(∂h^g/∂x⁰)².
public struct CriticalCurvatureSample: Sendable, Codable {
    public var fixedPoint: Double
    public var fisherLambdaMax: Double
    public var jacobianSigmaMaxSquared: Double

    public init(stream: RandomStream) throws {
        var s = stream
        let q = 0.05 + 2.95 * s.uniform()
        let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: q)
        let net = critical.network(widths: [12] + Array(repeating: 12, count: 8) + [2], initialisation: .gaussian, using: &s)
        let fisher = FisherInformation(network: net, inputs: Matrix.gaussian(rows: 4, columns: 12, using: &s), link: .identity)
        fixedPoint = q
        fisherLambdaMax = try FisherClaims.largestEigenvalue(fisher.empiricalNTK)
        jacobianSigmaMaxSquared = try fisher.examples.map { let v = try $0.inputOutput.spectralNorm(); return v * v }.reduce(0, +) / 4
    }
}
