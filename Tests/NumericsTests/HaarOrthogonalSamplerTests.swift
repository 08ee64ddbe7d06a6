import Foundation
import Testing
@testable import Numerics

/// The workspace sampler against `Matrix.haarOrthogonal` (the same stream gives the same matrix up
/// to rounding, since both compute the unique Q with positive R diagonal), the exact-law battery of
/// HaarTests (its own family at level 1e-6), and the sign-less variant as a negative control.
@Suite struct HaarOrthogonalSamplerTests {
    static let workspace: HaarTests.Sampler = { r, c, s in
        var sampler = HaarOrthogonalSampler(rows: r, columns: c)
        var q = Matrix(rows: r, columns: c)
        sampler.sample(into: &q, using: &s)
        return q
    }
    static let workspaceSignless: HaarTests.Sampler = { r, c, s in
        var sampler = HaarOrthogonalSampler(rows: r, columns: c, signCorrection: false)
        var q = Matrix(rows: r, columns: c)
        sampler.sample(into: &q, using: &s)
        return q
    }

    /// Consecutive draws into one reused matrix equal haarOrthogonal's consecutive draws from the
    /// same stream (to 1e-12), the streams end in the same state, and QᵀQ = I (or QQᵀ) to 1e-13·n.
    @Test func agreesWithHaarOrthogonalDrawByDraw() {
        for (r, c) in [(1, 1), (5, 5), (7, 3), (3, 7), (64, 64), (100, 40), (40, 100), (130, 130), (300, 140), (140, 300)] {
            var s1 = RandomStream(seed: 99, stream: UInt64(r * 1000 + c))
            var s2 = s1
            var sampler = HaarOrthogonalSampler(rows: r, columns: c)
            var q = Matrix(rows: r, columns: c)
            for draw in 0..<3 {
                sampler.sample(into: &q, using: &s1)
                let reference = Matrix.haarOrthogonal(rows: r, columns: c, using: &s2)
                var diff = 0.0
                for k in 0..<(r * c) { diff = max(diff, abs(q.storage[k] - reference.storage[k])) }
                #expect(diff <= 1e-12, "\(r)×\(c) draw \(draw): differs from haarOrthogonal by \(diff)")
                let loss = r >= c ? DecompositionCheck.orthogonalityLoss(columnsOf: q)
                                  : DecompositionCheck.orthogonalityLoss(rowsOf: q)
                #expect(loss <= 1e-13 * Double(max(r, c)), "\(r)×\(c): orthogonality loss \(loss)")
            }
            #expect(s1.normal() == s2.normal(), "\(r)×\(c): streams diverged")
        }
    }

    @Test func passesTheExactLawBattery() {
        let v = HaarTests.battery(Self.workspace, seed: 20261205)
        #expect(v.worstKS <= HaarTests.ksThreshold)
        #expect(v.worstCountDeviation <= HaarTests.countThreshold)
    }

    /// Negative control: without the sign correction the battery rejects it and Q₁₁ ≤ 0 always.
    @Test func signlessVariantIsRejected() {
        let v = HaarTests.battery(Self.workspaceSignless, seed: 20261205)
        #expect(v.worstKS > HaarTests.ksThreshold && v.worstCountDeviation > HaarTests.countThreshold)
        var stream = RandomStream(seed: 3, stream: 3)
        for _ in 0..<50 { #expect(Self.workspaceSignless(4, 4, &stream)[0, 0] <= 0) }
        // The blocked path (min size ≥ HaarOrthogonalSampler.blockedThreshold) drops the signs too.
        let n = HaarOrthogonalSampler.blockedThreshold + 2
        for _ in 0..<20 { #expect(Self.workspaceSignless(n, n, &stream)[0, 0] <= 0) }  // a sign-corrected Q₁₁ is ≤ 0 with probability ½
    }

    @Test func emptyShapesAndShapeMismatch() async {
        var stream = RandomStream(seed: 1, stream: 1)
        for (r, c) in [(0, 0), (0, 3), (3, 0)] {
            var sampler = HaarOrthogonalSampler(rows: r, columns: c)
            var q = Matrix(rows: r, columns: c)
            sampler.sample(into: &q, using: &stream)
            #expect(q.rows == r && q.columns == c)
        }
        await #expect(processExitsWith: .failure) {
            var sampler = HaarOrthogonalSampler(rows: 3, columns: 2)
            var q = Matrix(rows: 2, columns: 3)
            var s = RandomStream(seed: 1, stream: 1)
            sampler.sample(into: &q, using: &s)
        }
        await #expect(processExitsWith: .failure) { _ = HaarOrthogonalSampler(rows: -1, columns: 2) }
    }
}
