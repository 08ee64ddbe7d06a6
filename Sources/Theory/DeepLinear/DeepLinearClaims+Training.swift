import Foundation
import Numerics
import PropertyCheck

/// The optimisation claims of THEORY.md §1: the depth-independent rate from orthogonal
/// initialisation, the stall of narrow deep Gaussian networks, and the rate of wide Gaussian ones.
extension DeepLinearClaims {
    /// The whole loss curve of GD at η = d_y/(2L‖X‖²) against Theorem 4.1's bound
    /// ℓ(t) − ℓ* ≤ ρᵗ(ℓ(0) − ℓ*), ρ = 1 − 1/(4κ): returns max_t (ℓ(t) − ℓ*)/(ρᵗ(ℓ(0) − ℓ*) + s),
    /// which is ≤ 1 when the curve lies under the bound (up to the rounding slack s).
    ///
    /// Slack s: ℓ is evaluated through L GEMMs of O(1) factors, so the output carries a relative
    /// error ≲ L·γ_K (K = max(m, d_x, n)) and ℓ an absolute error ≲ √(2ℓ)·L·γ_K·(‖Y‖_F + √(2ℓ));
    /// ℓ* (a backward-stable least-squares solve) is accurate to ≲ κ(X)·K·u·‖Y‖_F². We take
    /// s = 4·L·K·u·(ℓ(0) + ‖Y‖_F²) + 4·κ·K·u·‖Y‖_F², which covers both with a factor ≥ 2. The
    /// curve stops being compared once the bound falls below s (it is then trivially met).
    static func rateBoundRatio(_ net: DeepLinearNetwork, problem: DeepLinearProblem, steps: Int) throws -> Double {
        var trained = net
        let depth = net.depth
        let eta = problem.theoremStepSize(depth: depth)
        let rho = problem.theoremContraction(depth: depth, stepSize: eta)
        let k = Double(max(net.width, problem.x.rows, problem.x.columns))
        let y2 = problem.y.frobeniusNorm * problem.y.frobeniusNorm
        let star = problem.optimalLoss
        // Stop once the bound is far below the rounding floor.
        let curve = try trained.trainByGradientDescent(x: problem.x, y: problem.y, stepSize: eta, steps: steps)
        let slack = 4 * Double(depth) * k * u * (curve[0] + y2) + 4 * problem.conditionNumber * k * u * y2
        var worst = 0.0
        var bound = curve[0] - star
        for loss in curve {
            if bound < slack * 1e-3 { break }
            worst = max(worst, (loss - star) / (bound + slack))
            bound *= rho
        }
        return worst
    }

    // MARK: DL-ORTH-RATE

    /// Instance sizes for the rate claims: d_x = 8, d_y = 2, n = 4 (rank 4, ℓ* = 0) or n = 16
    /// (rank 8, ℓ* > 0 for random Y); width m = 4·d_x at every depth.
    static let rateShape = (dx: 8, dy: 2, width: 32)
    static let rateDepths = [2, 8, 32, 128]
    static let rateSteps = 60

    static func rateProblem(overdetermined: Bool, using stream: inout RandomStream) throws -> DeepLinearProblem {
        try DeepLinearProblem.random(inputDimension: rateShape.dx, examples: overdetermined ? 16 : 4,
                                     outputDimension: rateShape.dy, using: &stream)
    }

    /// **DL-ORTH-RATE** (Hu et al. 2020, Theorem 4.1). From orthogonal initialisation with
    /// m ≥ C·r̃κ²(d_y(1 + ‖W*‖²) + log(r/δ)) (no dependence on L) and η = d_y/(2L‖X‖²), with
    /// probability ≥ 1 − δ the whole curve satisfies ℓ(t) − ℓ* ≤ (1 − 1/(4κ))ᵗ(ℓ(0) − ℓ*).
    ///
    /// Checkable form (C is not given by the paper): on random instances (Gaussian X and Y, d_x = 8,
    /// d_y = 2, n ∈ {4, 16}, so both ℓ* = 0 and ℓ* > 0 occur) at the fixed width m = 32 = 4·d_x, every
    /// depth L ∈ {2, 8, 32, 128} keeps the first 60 steps of GD under the bound (see
    /// ``rateBoundRatio(_:problem:steps:)`` for the rounding slack). Each case trains the four
    /// depths on the same instance.
    ///
    /// Negative control: Gaussian initialisation at the same width and depth L = 128 — the bound
    /// must be broken in a majority (≥ 3) of 5 seeds on an instance.
    public static let orthogonalRate = Claim(
        id: "DL-ORTH-RATE", family: family, citation: paper + ", Theorem 4.1",
        statement: "From orthogonal init at a depth-independent width, ℓ(t) − ℓ* ≤ (1 − 1/(4κ))ᵗ(ℓ(0) − ℓ*) at η = d_y/(2L‖X‖²)",
        kind: .exact
    ) { settings in
        let cases = zip(Gen.bool, Gen<RandomStream>.stream)
        let (dx, dy, m) = rateShape
        let property: @Sendable ((Bool, RandomStream), CaseContext) throws -> Void = { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            context.classify(problem.optimalLoss > 1e-12 * problem.y.frobeniusNorm * problem.y.frobeniusNorm, "ℓ* > 0")
            let seeds = rateDepths.map { _ in stream.next() }
            let ratios = deepLinearParallelMap(rateDepths.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let net = DeepLinearNetwork.initialised(.orthogonal, inputDimension: dx, width: m, outputDimension: dy,
                                                       depth: rateDepths[i], using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            context.note("κ = \(deepLinearFormat(problem.conditionNumber)), ℓ* = \(deepLinearFormat(problem.optimalLoss)), ratios by depth \(rateDepths): \(ratios.map(deepLinearFormat))")
            for (depth, ratio) in zip(rateDepths, ratios) {
                try context.expect(ratio, .lessOrEqual, 1, "L = \(depth): max_t (ℓ(t) − ℓ*)/(ρᵗ(ℓ(0) − ℓ*) + slack)")
            }
        }
        let gaussian = Falsifier<(Bool, RandomStream)>("Gaussian initialisation, L = 128, same width (majority of 5 seeds)") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = (0..<5).map { _ in stream.next() }
            let ratios = deepLinearParallelMap(seeds.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let net = DeepLinearNetwork.initialised(.gaussian, inputDimension: dx, width: m, outputDimension: dy, depth: 128, using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            let broken = ratios.filter { $0 > 1 }.count
            context.note("ratios \(ratios.map(deepLinearFormat))")
            try context.expect(Double(broken), .lessOrEqual, 2, "seeds (of 5) breaking the bound")
        }
        var local = settings
        if local.cases == nil { local.cases = casesForTraining(settings, ci: 8) }
        return [PropertyCheck.check("DL-ORTH-RATE", cases, settings: local, falsifiers: [gaussian], property: property)]
    }

    /// Cases for checks that train networks: `ci` cases in the ci profile, a quarter in quick, 10× in deep.
    static func casesForTraining(_ settings: CheckSettings, ci: Int) -> Int {
        let profile = ResolvedSettings(name: "DL", settings: settings).profile
        return max(2, Int((Double(ci) * profile.sampleScale).rounded()))
    }

    // MARK: DL-GAUSS-STALL

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
        id: "DL-GAUSS-STALL", family: family, citation: paper + ", Theorem 5.1",
        statement: "Narrow deep Gaussian nets (m ≤ 8, L ≥ 100) keep ℓ(T)/ℓ(0) > 0.9 with probability ≥ 0.9; orthogonal nets train",
        kind: .statistical
    ) { settings in
        @Sendable func evidence(_ initialisation: DeepLinearInitialisation, _ context: StatisticalContext) throws -> StatisticalEvidence {
            let count = context.scaled(16, minimum: 16)
            let streams = (0..<count).map { _ in context.nextStream() }
            let ratios = deepLinearParallelMap(count) { i -> Double in
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

    // MARK: DL-GAUSS-RATE

    static let wideGaussianDepths = [2, 4, 8, 16]
    static let wideGaussianFactor = 16

    /// **DL-GAUSS-RATE** (Du & Hu 2019, Theorem 4.1 for Gaussian initialisation). With
    /// m ≥ C·L·r·κ³·d_y (up to logarithms) GD from Gaussian initialisation converges at the rate of
    /// DL-ORTH-RATE.
    ///
    /// Checkable form: on the DL-ORTH-RATE instances, Gaussian nets of width m = 16·L for
    /// L ∈ {2, 4, 8, 16} keep the whole 60-step curve under the same bound. Negative control: a
    /// width that does not grow with L, m = 8 = d_x at L = 32, breaks it in a majority (≥ 3) of 5
    /// seeds on an instance.
    public static let gaussianRate = Claim(
        id: "DL-GAUSS-RATE", family: family, citation: "Du & Hu, ICML 2019 (arXiv 1901.08572), Theorem 4.1",
        statement: "Gaussian init with width m ∝ L converges at the rate (1 − 1/(4κ))ᵗ",
        kind: .exact
    ) { settings in
        let cases = zip(Gen.bool, Gen<RandomStream>.stream)
        let (dx, dy, _) = rateShape
        let property: @Sendable ((Bool, RandomStream), CaseContext) throws -> Void = { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = wideGaussianDepths.map { _ in stream.next() }
            let ratios = deepLinearParallelMap(wideGaussianDepths.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let depth = wideGaussianDepths[i]
                let net = DeepLinearNetwork.initialised(.gaussian, inputDimension: dx, width: wideGaussianFactor * depth,
                                                       outputDimension: dy, depth: depth, using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            context.note("ratios by depth \(wideGaussianDepths): \(ratios.map(deepLinearFormat))")
            for (depth, ratio) in zip(wideGaussianDepths, ratios) {
                try context.expect(ratio, .lessOrEqual, 1, "L = \(depth), m = \(wideGaussianFactor * depth): max_t (ℓ(t) − ℓ*)/(ρᵗ(ℓ(0) − ℓ*) + slack)")
            }
        }
        let narrow = Falsifier<(Bool, RandomStream)>("width m = d_x fixed, L = 32 (majority of 5 seeds)") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = (0..<5).map { _ in stream.next() }
            let ratios = deepLinearParallelMap(seeds.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let net = DeepLinearNetwork.initialised(.gaussian, inputDimension: dx, width: dx, outputDimension: dy, depth: 32, using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            context.note("ratios \(ratios.map(deepLinearFormat))")
            try context.expect(Double(ratios.filter { $0 > 1 }.count), .lessOrEqual, 2, "seeds (of 5) breaking the bound")
        }
        var local = settings
        if local.cases == nil { local.cases = casesForTraining(settings, ci: 6) }
        return [PropertyCheck.check("DL-GAUSS-RATE", cases, settings: local, falsifiers: [narrow], property: property)]
    }
}
