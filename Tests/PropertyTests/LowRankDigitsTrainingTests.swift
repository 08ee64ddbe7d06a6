import Foundation
import Numerics
import Testing
@testable import Theory

/// LR-TRAIN's experiment: the initialisers against their definitions, one seed replayed bit for
/// bit, a repeated initialiser reused rather than retrained, and training that actually learns.
@Suite struct LowRankDigitsTrainingTests {
    static let setup = LowRankDigitsTraining.Setup(hiddenUnits: 16, ranks: [2, 4], steps: 30, learningRate: 0.1, trainingImages: 200)

    static func experiment() throws -> LowRankDigitsTraining {
        LowRankDigitsTraining(data: try CommittedDigits.dataset.get(), setup: setup)
    }

    /// The scale control keeps the spectral direction (U a positive multiple of the spectral U, the
    /// same V) and takes the rescaled factors' Frobenius norm (to 1e-14 relative: one scaling and
    /// two norms of ≤ 240 entries); the function
    /// initialisers keep the SVD subspace, so V·Vᵀ = I for all of them.
    @Test func initialisersMatchTheirDefinitions() throws {
        var stream = RandomStream(seed: 0x5eed_1)
        let w = Matrix.gaussian(rows: 24, columns: 10, using: &stream)
        for r in [1, 3, 6] {
            let spectral = try LowRankInitialiser.spectral.factors(w, r)
            let rescaled = try LowRankInitialiser.rescaled.factors(w, r)
            let control = try LowRankInitialiser.spectralAtRescaledScale.factors(w, r)
            #expect(control.v == spectral.v)
            let factor = control.u.frobeniusNorm / spectral.u.frobeniusNorm
            #expect((control.u - factor * spectral.u).frobeniusNorm <= 1e-14 * control.u.frobeniusNorm)
            #expect(abs(control.u.frobeniusNorm - rescaled.u.frobeniusNorm) <= 1e-14 * rescaled.u.frobeniusNorm)
            // Row i of the rescaled U is 2k(cᵢ)/cᵢ times the projection's, and 2k(c) − c =
            // (sin t − t·cos t)/π > 0 for c = cos t < 1: the control always enlarges the spectral U.
            #expect(factor > 1, "r = \(r): factor \(factor)")
            for f in [spectral, rescaled, try LowRankInitialiser.optimised.factors(w, r)] {
                let gram = Matrix.product(f.v, f.v, transposeB: true)
                #expect((gram - Matrix.identity(r)).frobeniusNorm <= 1e-13)
            }
        }
    }

    /// The same seed gives the same bits; a second arm with a repeated name is the first arm's
    /// outcome, and an arm with another name is trained on its own (different losses).
    @Test func seedReplaysAndRepeatedArmsAreReused() throws {
        let e = try Self.experiment()
        var a = RandomStream(seed: 0x7e57), b = RandomStream(seed: 0x7e57)
        let first = try e.run([.spectral, .rescaled, .spectral], using: &a)
        let second = try e.run([.spectral, .rescaled, .spectral], using: &b)
        #expect(first == second)
        #expect(a.next() == b.next())
        for row in first {
            #expect(row[2] == row[0])
            #expect(row[1].trainingLoss != row[0].trainingLoss)
        }
    }

    /// Thirty steps lower every training loss from its start and lift test accuracy above chance
    /// (0.1) by a wide margin; a network trained for zero steps keeps its initial loss exactly.
    @Test func trainingLearns() throws {
        let e = try Self.experiment()
        var stream = RandomStream(seed: 0x1ea7)
        for row in try e.run([.spectral, .rescaled, .optimised], using: &stream) {
            for outcome in row {
                #expect(outcome.trainingLoss < 0.9 * outcome.initialTrainingLoss, "\(outcome)")
                #expect(outcome.testAccuracy > 0.3, "\(outcome)")
            }
        }
        var idle = Self.setup; idle.steps = 0
        var s = RandomStream(seed: 0x1ea7)
        for row in try LowRankDigitsTraining(data: e.data, setup: idle).run([.spectral], using: &s) {
            #expect(row[0].trainingLoss == row[0].initialTrainingLoss)
        }
    }
}
