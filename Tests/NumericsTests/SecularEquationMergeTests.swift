import Foundation
import Testing
@testable import Numerics

/// The two steps both divide-and-conquer merges share: all roots of the secular equation, and the
/// Gu–Eisenstat weights formed from them.
@Suite struct SecularEquationMergeTests {
    /// Poles δ (strictly increasing, gaps from 1e-3 to 1) and weights w = ρ·z² of a random
    /// rank-one problem of order k.
    private static func problem(_ k: Int, seed: UInt64) -> (poles: [Double], z: [Double], rho: Double) {
        var rng = RandomStream(seed: seed, stream: 5)
        var poles: [Double] = []
        var next = -1.0
        for _ in 0..<k {
            poles.append(next)
            next += 1e-3 + rng.uniform()
        }
        var z = (0..<k).map { _ in rng.normal() }
        let norm = z.reduce(0) { $0 + $1 * $1 }.squareRoot()
        z = z.map { $0 / norm }
        return (poles, z, 0.75)
    }

    /// Independent truth: the weights are an identity of the roots. If every λᵢ is a root of
    /// 1 + Σ ρzⱼ²/(δⱼ − λ), the formula gives back ẑⱼ² = zⱼ² exactly; with roots accurate to a few
    /// ulps each factor carries a relative error of a few ε, so over k = 300 factors the product
    /// stays within about 300·10ε ≈ 7e-13 relative (observed: below 1e-13). Also checks that each
    /// root lies in its interval (δᵢ, δᵢ₊₁), the last one above δ_{K−1}.
    @Test(arguments: [5, 127, 128, 300])
    func weightsReproduceTheRankOneVector(k: Int) {
        let (poles, z, rho) = Self.problem(k, seed: UInt64(k))
        let weights = z.map { rho * $0 * $0 }
        var distances = [Double](repeating: 0, count: k * k)
        let roots = SecularEquation.allRoots(poles: poles, weights: weights, distances: &distances)
        for i in 0..<k {
            #expect(roots[i] > poles[i], "root \(i) below its pole")
            if i < k - 1 { #expect(roots[i] < poles[i + 1], "root \(i) above the next pole") }
        }
        let zhat = SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: distances, rho: rho)
        var worst = 0.0
        for j in 0..<k {
            let exact: Double = z[j] * z[j]
            worst = max(worst, abs(zhat[j] - exact) / exact)
        }
        #expect(worst < 1e-12, "worst relative error of ẑ² against z²: \(worst)")
    }

    /// Negative control: the same identity rejects weights formed with a wrong ρ (the last factor
    /// divides by it, so ρ off by 1% moves every ẑⱼ² by 1%) and roots perturbed by 1e-9 relative.
    @Test func identityRejectsWrongInputs() {
        let k = 200
        let (poles, z, rho) = Self.problem(k, seed: 9)
        let weights = z.map { rho * $0 * $0 }
        var distances = [Double](repeating: 0, count: k * k)
        _ = SecularEquation.allRoots(poles: poles, weights: weights, distances: &distances)
        func worstError(_ zhat: [Double]) -> Double {
            var worst = 0.0
            for j in 0..<k {
                let exact: Double = z[j] * z[j]
                worst = max(worst, abs(zhat[j] - exact) / exact)
            }
            return worst
        }
        #expect(worstError(SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: distances, rho: rho * 1.01)) > 1e-3)
        let shifted = distances.map { $0 * (1 + 1e-9) }
        #expect(worstError(SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: shifted, rho: rho)) > 1e-8)
    }

    /// The chunked parallel loops give the same bits on one thread and on the default, at an
    /// order whose last chunk is partial and whose split points fall inside chunks.
    @Test func identicalBitsOnOneThreadAndTheDefault() {
        let k = 300
        let (poles, z, rho) = Self.problem(k, seed: 11)
        let weights = z.map { rho * $0 * $0 }
        func run() -> ([Double], [Double], [Double]) {
            var distances = [Double](repeating: 0, count: k * k)
            let roots = SecularEquation.allRoots(poles: poles, weights: weights, distances: &distances)
            return (roots, distances, SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: distances, rho: rho))
        }
        let serial = Parallel.withThreadCount(1) { run() }
        let parallel = run()
        #expect(serial.0 == parallel.0 && serial.1 == parallel.1 && serial.2 == parallel.2)
    }
}
