import Foundation
import Numerics
import PropertyCheck

extension DeepLinearClaims {
    static let wideGaussianDepths = [2, 4, 8, 16]
    static let wideGaussianFactor = 16

    /// **DL-GAUSS-RATE** (Du & Hu 2019, Theorem 4.1 for Gaussian initialisation). With
    /// m ≥ C·L·r·κ³·d_y (up to logarithms) GD from Gaussian initialisation converges at the rate of
    /// DL-ORTH-RATE.
    ///
    /// Checkable form: on the DL-ORTH-RATE instances, Gaussian nets of width m = 16·L for
    /// L ∈ {2, 4, 8, 16} keep the whole 60-step curve under the same bound. Negative control: a
    /// width that does not grow with L, m = 8 = d_x at L = 32, breaks it in a majority (≥ 3) of 5
    /// seeds on an instance. As in DL-ORTH-RATE, the first step at L = 2 and 16 must be the
    /// theorem's update (step identity), and a run at twice the step is a control it must reject.
    public static let gaussianRate = Claim(
        id: "DL-GAUSS-RATE", family: family, theorySection: theorySection, citation: "Du & Hu, ICML 2019 (arXiv 1901.08572), Theorem 4.1",
        statement: "Gaussian init with width m ∝ L converges at the rate (1 − 1/(4κ))ᵗ",
        kind: .exact
    ) { settings in
        let cases = zip(Gen.bool, Gen<RandomStream>.stream)
        let (dx, dy, _) = rateShape
        // The step identity at the shallowest and deepest net of a case (seeds as in the property).
        @Sendable func firstStep(_ problem: DeepLinearProblem, _ seeds: [UInt64], stepFactor: Double, _ context: CaseContext) throws {
            try expectTheoremFirstStep(.gaussian, depths: [wideGaussianDepths.first!, wideGaussianDepths.last!],
                                       width: { wideGaussianFactor * $0 }, problem: problem,
                                       seeds: [seeds.first!, seeds.last!], stepFactor: stepFactor, context)
        }
        let property: @Sendable ((Bool, RandomStream), CaseContext) throws -> Void = { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = wideGaussianDepths.map { _ in stream.next() }
            let ratios = independentRunsInParallel(wideGaussianDepths.count) { i -> Double in
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
            try firstStep(problem, seeds, stepFactor: 1, context)
        }
        let doubleStep = Falsifier<(Bool, RandomStream)>("gradient descent at twice the theorem's step") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            try firstStep(problem, wideGaussianDepths.map { _ in stream.next() }, stepFactor: 2, context)
        }
        let narrow = Falsifier<(Bool, RandomStream)>("width m = d_x fixed, L = 32 (majority of 5 seeds)") { value, context in
            var stream = value.1
            let problem = try rateProblem(overdetermined: value.0, using: &stream)
            let seeds = (0..<5).map { _ in stream.next() }
            let ratios = independentRunsInParallel(seeds.count) { i -> Double in
                var s = RandomStream(seed: seeds[i])
                let net = DeepLinearNetwork.initialised(.gaussian, inputDimension: dx, width: dx, outputDimension: dy, depth: 32, using: &s)
                return (try? rateBoundRatio(net, problem: problem, steps: rateSteps)) ?? .infinity
            }
            context.note("ratios \(ratios.map(deepLinearFormat))")
            try context.expect(Double(ratios.filter { $0 > 1 }.count), .lessOrEqual, 2, "seeds (of 5) breaking the bound")
        }
        var local = settings
        if local.cases == nil { local.cases = casesForTraining(settings, ci: 6) }
        return [PropertyCheck.check("DL-GAUSS-RATE", cases, settings: local, falsifiers: [narrow, doubleStep], property: property)]
    }
}
