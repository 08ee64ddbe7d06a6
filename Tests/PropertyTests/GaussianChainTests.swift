import Foundation
import Numerics
@testable import PropertyCheck
import Testing
@testable import Theory

/// The dedicated Gaussian-chain sampler of DL-GAUSS-LOGNORM against the network it replaces:
/// drawn from the same stream, the two must agree to rounding and leave the stream in the same
/// state, and the parallel draws must be the serial ones whatever the thread count.
@Suite struct GaussianChainTests {
    /// log‖A_{L:1}e₁‖² of the chain vs log‖output(e₁)‖² of `DeepLinearNetwork` built from the same
    /// stream. Both sum L·m products of O(1) terms, so they agree to ~L·m·u relative in ‖·‖² and
    /// far below 1e-10 in the log; a different σ, a transposed layer or a skipped draw moves the
    /// value by O(1) (and the next draw of the stream).
    @Test(arguments: [(1, 2), (2, 24), (3, 7), (4, 24), (5, 3), (16, 8)])
    func chainIsTheNetwork(m: Int, depth: Int) {
        for seed in 0..<20 as Range<UInt64> {
            var chainStream = RandomStream(seed: seed, stream: 3)
            var networkStream = chainStream
            let chain = DeepLinearClaims.gaussianChainLogSquaredNorm(m: m, depth: depth, using: &chainStream)
            let network = Foundation.log(DeepLinearClaims.outputGain(.gaussian, dx: m, m: m, dy: m, depth: depth, using: &networkStream))
            #expect(abs(chain - network) <= 1e-10 * max(1, abs(network)), "m = \(m), L = \(depth), seed \(seed): \(chain) vs \(network)")
            #expect(chainStream.uniform() == networkStream.uniform(), "m = \(m), L = \(depth): the streams diverge")
        }
    }

    /// The checker above can fail: a chain whose layers are un-normalised (σ = 1, i.e. W instead
    /// of A = W/√m) differs from the network by L·ln m in the log.
    @Test func unnormalisedLayersAreNotTheNetwork() {
        var stream = RandomStream(seed: 9, stream: 3)
        var copy = stream
        let normalised = DeepLinearClaims.gaussianChainLogSquaredNorm(m: 4, depth: 6, using: &stream)
        let network = Foundation.log(DeepLinearClaims.outputGain(.gaussian, dx: 4, m: 4, dy: 4, depth: 6, using: &copy))
        #expect(abs(normalised + 6 * Foundation.log(4) - network) > 1)
    }

    /// `parallelDraws` gives draw k from stream k of the reserved block, exactly what `count`
    /// serial `nextStream()` calls give, on 1 and 2 threads; the next sample after the block is
    /// the one after it.
    @Test func parallelDrawsAreTheSerialDraws() {
        let settings = ResolvedSettings(name: "GaussianChainTests", settings: CheckSettings(seed: 5, profile: .ci))
        let count = 5000   // more than two chunks
        let serialContext = StatisticalContext(alpha: 1e-8, runSeed: 77, settings: settings)
        let serial = (0..<count).map { _ -> Double in
            var s = serialContext.nextStream()
            return DeepLinearClaims.gaussianChainLogSquaredNorm(m: 2, depth: 5, using: &s)
        }
        var afterBlock = serialContext.nextStream()
        let expectedNext = afterBlock.next()
        for threads in [1, 2] {
            let context = StatisticalContext(alpha: 1e-8, runSeed: 77, settings: settings)
            let parallel = Parallel.withThreadCount(threads) {
                DeepLinearClaims.parallelDraws(count, context) { DeepLinearClaims.gaussianChainLogSquaredNorm(m: 2, depth: 5, using: &$0) }
            }
            #expect(parallel == serial, "\(threads) threads")
            var next = context.nextStream()
            #expect(next.next() == expectedNext, "\(threads) threads: the sample after the block")
        }
    }
}
