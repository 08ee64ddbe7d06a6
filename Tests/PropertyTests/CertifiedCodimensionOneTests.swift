import Foundation
import Numerics
import Testing
@testable import Theory

/// The certified minimum over rank d − 1 (rank 2 at d = 3) against independent truths: a dense
/// grid of hyperplane normals, the rank-1 certificate where the two problems coincide (d = 2), and
/// the methods it must lie below.
@Suite struct CertifiedCodimensionOneTests {
    /// The profiled error of the hyperplane with unit normal n (closed-form rows).
    static func error(_ w: Matrix, normal n: [Double]) -> Double {
        let basis = LowRankReLU.orthonormalComplement(of: n)
        return LowRankReLU.profiledError(target: w, subspace: Matrix(rows: n.count - 1, columns: n.count, rowMajor: basis.flatMap { $0 }))
    }

    /// 20,000 normals spread over the sphere S² (Fibonacci lattice, spacing ≈ 0.025 rad).
    static let sphere: [[Double]] = (0..<20_000).map { i in
        let z = 1 - (2 * Double(i) + 1) / 20_000, r = (1 - z * z).squareRoot(), phi = Double(i) * Double.pi * (3 - 5.0.squareRoot())
        return [r * cos(phi), r * sin(phi), z]
    }

    static func instance(_ seed: UInt64, rows: Int, columns: Int) -> Matrix {
        var s = RandomStream(seed: seed, stream: 31)
        return Matrix.gaussian(rows: rows, columns: columns, using: &s)
    }

    /// d = 3, r = 2: the certificate's lower bound is below the error of every grid normal, its
    /// upper bound is attained (within tolerance of the certified enclosure) and within the grid's
    /// resolution of the grid minimum; the rescaled and optimised rank-2 methods lie above the lower
    /// bound, and how far the optimiser stops from the optimum is measured.
    @Test(arguments: [(2 as UInt64, 2), (3, 3), (5, 4), (7, 6), (11, 8)])
    func rankTwoEnclosesTheGridMinimum(seed: UInt64, rows: Int) throws {
        let w = Self.instance(seed, rows: rows, columns: 3)
        let scale = w.frobeniusNorm * w.frobeniusNorm
        let certificate = try LowRankReLU.certifiedCodimensionOneOptimum(w, tolerance: 1e-7 * scale)
        #expect(certificate.certified && certificate.upperBound - certificate.lowerBound <= 1e-7 * scale)
        #expect(certificate.factors.v.rows == 2)
        let attained = try LowRankReLU.populationError(target: w, factors: certificate.factors)
        #expect(abs(attained - certificate.upperBound) <= 1e-12 * scale)
        let grid = Self.sphere.map { Self.error(w, normal: $0) }.min()!
        #expect(certificate.lowerBound <= grid + 1e-13 * scale)
        // The grid spacing is ~0.025 rad and F is smooth at its minimum: the grid is within
        // ~|F″|·0.025²/2 ≈ 1e-3‖W‖² of the optimum.
        #expect(grid - certificate.upperBound <= 2e-3 * scale && grid - certificate.upperBound >= -1e-7 * scale)
        let rescaled = try LowRankReLU.populationError(target: w, factors: LowRankReLU.rescaled(w, rank: 2))
        let optimised = try LowRankReLU.populationError(target: w, factors: LowRankReLU.optimised(w, rank: 2).factors)
        #expect(certificate.lowerBound <= optimised + 1e-12 * scale && optimised <= rescaled + 1e-12 * scale)
        print("rank 2, k = \(rows): optimiser above the certified optimum by \((optimised - certificate.upperBound) / scale) ‖W‖², \(certificate.boxesEvaluated) boxes")
    }

    /// At d = 2 a hyperplane is a line, so rank d − 1 is rank 1: both certificates enclose the same
    /// minimum (each lower bound below the other's attained value).
    @Test func agreesWithTheRankOneCertificateInTwoDimensions() throws {
        for seed in 0..<6 as Range<UInt64> {
            let w = Self.instance(seed, rows: 2 + Int(seed), columns: 2)
            let tolerance = 1e-9 * w.frobeniusNorm * w.frobeniusNorm
            let a = try LowRankReLU.certifiedCodimensionOneOptimum(w, tolerance: tolerance)
            let b = try LowRankReLU.certifiedRankOneOptimum(w, tolerance: tolerance)
            #expect(a.lowerBound <= b.upperBound && b.lowerBound <= a.upperBound, "seed \(seed)")
        }
    }

    /// Negative control for the grid check itself: a certificate computed for 1.1·W claims a
    /// lower bound about 21% too high for W, and the grid comparison rejects it.
    @Test func gridCatchesACertificateOfTheWrongTarget() throws {
        let w = Self.instance(3, rows: 3, columns: 3)
        let wrong = try LowRankReLU.certifiedCodimensionOneOptimum(1.1 * w, tolerance: 1e-7)
        let grid = Self.sphere.map { Self.error(w, normal: $0) }.min()!
        #expect(wrong.lowerBound > grid + 0.1 * grid)
    }
}
