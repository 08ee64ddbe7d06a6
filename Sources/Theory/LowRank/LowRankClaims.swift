import Fixtures
import Foundation
import Numerics
import PropertyCheck

/// The claims of docs/THEORY.md §4 about rank-r replacements of ReLU layers: Vodrahalli, Shivanna,
/// Sathiamoorthy, Jain, Chi, "Nonlinear Initialization Methods for Low-Rank Neural Networks",
/// arXiv 2202.00834 (2022). The paper's claims (abstract, §3–4): approximating the layer's function
/// beats approximating its weights (spectral initialisation), with a gap that grows as the rank
/// decreases and as the input dimension grows; a practical algorithm costs about one SVD. The
/// predicates below are exact consequences of the Gaussian-input setting (our derivations), so
/// they are checked on every instance where they are theorems and statistically where they hold
/// only in expectation.
public enum LowRankClaims {
    public static let family = "Low-rank ReLU layers (Vodrahalli et al. 2022)"
    /// Where docs/THEORY.md states these claims.
    public static let theorySection = "§4"
    static let paper = "Vodrahalli, Shivanna, Sathiamoorthy, Jain, Chi, Nonlinear Initialization Methods for Low-Rank Neural Networks, arXiv 2202.00834"

    public static var all: [Claim] { [kernel, rowOptimum, gapRank, gapDimension, worstCase, ordering, training] }

    // MARK: - Shared pieces

    /// ε = 2u = 2⁻⁵² (``RoundingModel``).
    static let eps = 2 * RoundingModel.unitRoundoff

    /// Rounding allowance for comparing two population errors of a k×d target at rank r.
    ///
    /// Derivation: every error is Σᵢ ‖wᵢ‖²·φ(cᵢ) (+ rounding of the row formula, ≤ 2(d + r + 20)ε per
    /// unit ‖wᵢ‖², norms/angles/dot products of length d and r), with |dφ/dc| ≤ 3 for both the
    /// spectral and the rescaled φ; the cosines inherit the SVD's orthonormality error
    /// η ≤ 1e-13·max(k, d) (the accuracy NUM-SVD checks). So each computed error is within
    /// (3η + 2(d + r + 20)ε)·‖W‖_F² of its exact value; a comparison of two gets twice that.
    static func allowance(_ w: Matrix, rank r: Int) -> Double {
        let eta = RoundingModel.factorisationDefect(Swift.max(w.rows, w.columns))
        let f = w.frobeniusNorm
        return 2 * (3 * eta + 2 * Double(w.columns + r + 20) * eps) * f * f
    }

    /// A Gaussian k×d target with a rank r in `minRank`...min(k, d).
    static func instances(rows: ClosedRange<Int>, columns: ClosedRange<Int>, minRank: Int = 1,
                          maxRank: Int = .max) -> Gen<(w: Matrix, rank: Int)> {
        zip(Gen.dimension(in: rows), Gen.dimension(in: columns)).flatMap { k, d in
            zip(Gen.int(in: minRank...Swift.max(minRank, Swift.min(k, d, maxRank))), Gen<RandomStream>.stream).map { r, s in
                var stream = s
                return (Matrix.gaussian(rows: k, columns: d, using: &stream), r)
            }
        }
    }

    /// The kernel with the wrong normalisation 1/π instead of 1/(2π) (forgets that a ReLU is zero on
    /// half the space): k(1) = 1 instead of 1/2. A negative control.
    static let wronglyNormalisedKernel: LowRankReLU.Kernel = { 2 * ReLUArcCosineKernel.value($0) }

    /// A "function" method that silently returns the spectral solution. A negative control.
    static func spectralInDisguise(_ w: Matrix, rank r: Int) throws -> LowRankFactors { try LowRankReLU.spectral(w, rank: r) }

    /// A "function" method: target and rank to factors.
    typealias Method = @Sendable (Matrix, Int) throws -> LowRankFactors

    static let rescaledMethod: Method = { w, r in try LowRankReLU.rescaled(w, rank: r) }
    static let disguisedMethod: Method = { w, r in try spectralInDisguise(w, rank: r) }
}

extension LowRankGapCurves {
    /// The seed ``LowRankReLU/gapCurves(rows:dimension:dimensions:rank:widthFactor:instances:seed:)`` uses by default.
    public static let defaultSeed: UInt64 = 0x10A4_2202_0083_4000
}
