import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
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
    /// The bound is one-sided: a run at a larger step than the theorem's (or with a mis-scaled
    /// gradient) can still lie under it. So each case also checks, at L = 2 and L = 128, that the
    /// first step taken is the theorem's step along the true gradient
    /// (``stepIdentityError(_:problem:assumedStepSize:takenStepSize:)``).
    ///
    /// Negative controls: Gaussian initialisation at the same width and depth L = 128 — the bound
    /// must be broken in a majority (≥ 3) of 5 seeds on an instance; and gradient descent run at
    /// twice the theorem's step, which the step identity must reject.
    public static let orthogonalRate = Claim(
        id: "DL-ORTH-RATE", family: family, theorySection: theorySection, citation: paper + ", Theorem 4.1",
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
            let ratios = independentRunsInParallel(rateDepths.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let net = DeepLinearNetwork.initialised(.orthogonal, inputDimension: dx, width: m, outputDimension: dy,
                                                       depth: rateDepths[i], using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            context.note("κ = \(deepLinearFormat(problem.conditionNumber)), ℓ* = \(deepLinearFormat(problem.optimalLoss)), ratios by depth \(rateDepths): \(ratios.map(deepLinearFormat))")
            for (depth, ratio) in zip(rateDepths, ratios) {
                try context.expect(ratio, .lessOrEqual, 1, "L = \(depth): max_t (ℓ(t) − ℓ*)/(ρᵗ(ℓ(0) − ℓ*) + slack)")
            }
            try expectTheoremFirstStep(.orthogonal, depths: [rateDepths.first!, rateDepths.last!], width: { _ in m },
                                       problem: problem, seeds: [seeds.first!, seeds.last!], stepFactor: 1, context)
        }
        let doubleStep = Falsifier<(Bool, RandomStream)>("gradient descent at twice the theorem's step") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = rateDepths.map { _ in stream.next() }
            try expectTheoremFirstStep(.orthogonal, depths: [rateDepths.first!, rateDepths.last!], width: { _ in m },
                                       problem: problem, seeds: [seeds.first!, seeds.last!], stepFactor: 2, context)
        }
        let gaussian = Falsifier<(Bool, RandomStream)>("Gaussian initialisation, L = 128, same width (majority of 5 seeds)") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = (0..<5).map { _ in stream.next() }
            let ratios = independentRunsInParallel(seeds.count) { i -> Double in
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
        return [PropertyCheck.check("DL-ORTH-RATE", cases, settings: local, falsifiers: [gaussian, doubleStep], property: property)]
    }

    /// Relative tolerance of the step identity. The central difference along the step with
    /// ε = 10⁻² has truncation error ε²/6·|ℓ‴| ≲ ε²·(L·δ)²·|ℓ′|/6 (ℓ is a product of L layers, each
    /// moved by a relative δ in one step) and a rounding error ≲ L·K·u·ℓ/ε ≈ 10⁻⁹·ℓ; observed
    /// worst 1.7·10⁻⁶ over L = 2, 8, 128 (`DeepLinearStepIdentityTests`). 10⁻³ covers both with
    /// room, while a step off by a factor c moves the identity by |1 − 1/c| (½ at twice the step).
    static let stepIdentityTolerance = 1e-3

    /// How far the first GD step is from the theorem's update ΔA = −(η/m)·∇_Aℓ: the directional
    /// derivative of ℓ along the step actually taken, by central differences
    /// [ℓ(A + εΔA) − ℓ(A − εΔA)]/(2ε), must equal ⟨∇_Aℓ, ΔA⟩ = −(m/η)‖ΔA‖²_F. Returns the relative
    /// difference. A step c·η instead of η gives |1 − 1/c| (½ at twice the step, 1 at half of it);
    /// a gradient off in direction or scale
    /// breaks the identity as well (equality needs ΔA parallel to ∇ℓ with exactly that length).
    /// `takenStepSize` ≠ `assumedStepSize` only in the negative control.
    static func stepIdentityError(_ net: DeepLinearNetwork, problem: DeepLinearProblem, assumedStepSize eta: Double,
                                  takenStepSize: Double) throws -> Double {
        var stepped = net
        try stepped.trainByGradientDescent(x: problem.x, y: problem.y, stepSize: takenStepSize, steps: 1)
        let delta = zip(stepped.layers, net.layers).map { $0 - $1 }
        let squared = delta.reduce(0) { $0 + $1.frobeniusNorm * $1.frobeniusNorm }
        let epsilon = 1e-2
        var plus = net, minus = net
        for i in 0..<net.depth {
            plus.layers[i] = net.layers[i] + epsilon * delta[i]
            minus.layers[i] = net.layers[i] - epsilon * delta[i]
        }
        let derivative = (plus.loss(x: problem.x, y: problem.y) - minus.loss(x: problem.x, y: problem.y)) / (2 * epsilon)
        let expected = -Double(net.width) / eta * squared
        return Swift.abs(derivative - expected) / Swift.abs(expected)
    }

    /// The rate claims' step sub-check: at each depth (network drawn from its seed), the first GD
    /// step taken at `stepFactor` × the theorem's η must satisfy the step identity for η
    /// (`stepFactor` ≠ 1 only in negative controls).
    static func expectTheoremFirstStep(_ initialisation: DeepLinearInitialisation, depths: [Int], width: (Int) -> Int,
                                       problem: DeepLinearProblem, seeds: [UInt64], stepFactor: Double,
                                       _ context: CaseContext) throws {
        let (dx, dy, _) = rateShape
        for (depth, seed) in zip(depths, seeds) {
            var s = RandomStream(seed: seed)
            let net = DeepLinearNetwork.initialised(initialisation, inputDimension: dx, width: width(depth), outputDimension: dy,
                                                   depth: depth, using: &s)
            let eta = problem.theoremStepSize(depth: depth)
            let error = try stepIdentityError(net, problem: problem, assumedStepSize: eta, takenStepSize: stepFactor * eta)
            try context.expect(error, .lessOrEqual, stepIdentityTolerance,
                               "L = \(depth): |ℓ′ along the first step + (m/η)‖ΔA‖²| / ((m/η)‖ΔA‖²)")
        }
    }

    /// Cases for checks that train networks: `ci` cases in the ci profile, a quarter in quick, 10× in deep.
    static func casesForTraining(_ settings: CheckSettings, ci: Int) -> Int {
        let profile = ResolvedSettings(name: "DL", settings: settings).profile
        return max(2, Int((Double(ci) * profile.sampleScale).rounded()))
    }
}
