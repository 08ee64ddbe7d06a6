import Foundation
import Numerics
import Testing
@testable import Theory

/// The Fisher family's model against independent truths: closed-form and high-precision Gaussian
/// moments, finite differences, and the identities of the Stiefel manifold.
@Suite struct FisherModelTests {
    static let u = Double.ulpOfOne / 2

    @Test(arguments: [0.1, 0.5, 1.0, 3.0, 10.0])
    func reluAndIdentityLinesAreExact(q: Double) throws {
        let relu = try CriticalInitialisation(activation: .relu, fixedPoint: q)
        #expect(relu.sigmaW == 2.0.squareRoot() && relu.sigmaB == 0)
        let identity = try CriticalInitialisation(activation: .identity, fixedPoint: q)
        #expect(identity.sigmaW == 1 && identity.sigmaB == 0)
    }

    /// Quadrature moments of erf against E[erf′(√q z)²] = (4/π)/√(1 + 4q) and
    /// E[erf(√q z)²] = (2/π) arcsin(2q/(1 + 2q)). Both sides are accurate to a few ulps of values
    /// ≤ 1.28 (the trapezoid error is far below rounding), so 32u.
    @Test(arguments: [0.05, 0.5, 1.0, 2.0, 5.0])
    func erfMomentsMatchClosedForms(q: Double) {
        let (d, a) = CriticalInitialisation.moments(.erf, q: q)
        #expect(Swift.abs(d - 4 / Double.pi / (1 + 4 * q).squareRoot()) <= 32 * Self.u)
        #expect(Swift.abs(a - 2 / Double.pi * Foundation.asin(2 * q / (1 + 2 * q))) <= 32 * Self.u)
    }

    /// tanh against 30-digit values (mpmath quad of the two Gaussian integrals, then
    /// σ_w = E[tanh′²]^{−1/2}, σ_b = (q − σ_w² E[tanh²])^{1/2}). The cancellation in σ_b² costs at
    /// most a factor q/σ_b² ≤ 13 here; 1e-13 covers it with a wide margin.
    @Test func tanhCriticalPointMatchesHighPrecisionValues() throws {
        let known: [(q: Double, sigmaW: Double, sigmaB: Double)] = [
            (0.5, 1.2992209668018505495, 0.19504153688706534948),
            (1.0, 1.4674135916307951496, 0.38854167006712792184),
            (2.0, 1.6914970883800915022, 0.71572686661548275243),
        ]
        for k in known {
            let c = try CriticalInitialisation(activation: .tanh, fixedPoint: k.q)
            #expect(Swift.abs(c.sigmaW - k.sigmaW) <= 1e-13, "σ_w at q* = \(k.q)")
            #expect(Swift.abs(c.sigmaB - k.sigmaB) <= 1e-13, "σ_b at q* = \(k.q)")
        }
    }

    /// At the solution χ = 1 and q* is a fixed point of the length map, also with the moments
    /// recomputed at half the step (the rule has converged: differences of a few ulps). A planted
    /// solver using (E φ′)² in place of E[φ′²] is off the line by far more than that.
    @Test(arguments: [NTKActivation.tanh, .erf], [0.1, 1.0, 4.0])
    func criticalityConditionsHold(activation: NTKActivation, q: Double) throws {
        let c = try CriticalInitialisation(activation: activation, fixedPoint: q)
        #expect(Swift.abs(c.chi(stepScale: 0.5) - 1) <= 64 * Self.u)
        #expect(Swift.abs(c.lengthMap(q, stepScale: 0.5) - q) <= 64 * Self.u * q)
        let s = q.squareRoot()
        let meanDerivative = Special.standardNormalExpectation(count: 120) { activation.derivative(s * $0) }
        let wrongChi = c.derivativeMoment / (meanDerivative * meanDerivative)
        #expect(Swift.abs(wrongChi - 1) > 1e-3, "the planted (E φ′)² solver must be off the criticality line")
    }

    /// At small q* the Gauss–Hermite rule (Numerics) has converged (the poles are far out in z), so
    /// it is an independent check of the trapezoid rule there.
    @Test(arguments: [0.02, 0.1])
    func trapezoidAgreesWithGaussHermiteAtSmallVariance(q: Double) {
        let s = q.squareRoot()
        for f in [{ (x: Double) in let v = Foundation.tanh(x); return v * v }, { (x: Double) in let t = Foundation.tanh(x); return (1 - t * t) * (1 - t * t) }] {
            let hermite = Special.standardNormalExpectation(count: 120) { f(s * $0) }
            #expect(Swift.abs(CriticalInitialisation.gaussianExpectation(variance: q, f) - hermite) <= 64 * Self.u)
        }
    }

    /// Small q* limit of tanh: σ_w → 1, σ_b → 0 (tanh is the identity to first order).
    @Test func tanhSmallFixedPointLimit() throws {
        let c = try CriticalInitialisation(activation: .tanh, fixedPoint: 1e-6)
        #expect(Swift.abs(c.sigmaW - 1) < 1e-5 && c.sigmaB < 1e-5)
    }

    static func network(_ activation: NTKActivation, seed: UInt64) -> FullyConnectedNetwork {
        var stream = RandomStream(seed: seed, stream: 0)
        return FullyConnectedNetwork(widths: [3, 5, 4, 2], activation: activation, sigmaW: 1.4, sigmaB: 0.4,
                                     initialisation: .gaussian, using: &stream)
    }

    /// ∂h^g/∂x⁰ against central differences (h = 1e-5: truncation ~h²·|f‴| ≈ 1e-10, rounding
    /// ~u|f|/h ≈ 1e-11, so 1e-7 is a safe allowance); the version without φ′ must be caught.
    @Test(arguments: [NTKActivation.tanh, .erf])
    func inputOutputJacobianMatchesFiniteDifferences(activation: NTKActivation) {
        let net = Self.network(activation, seed: 11)
        let x = [0.3, -1.1, 0.7], h = 1e-5
        let exact = net.jacobians(at: x).inputOutput
        let wrong = net.jacobians(at: x, includeActivationDerivative: false).inputOutput
        var worst = 0.0, worstWrong = 0.0
        for j in 0..<3 {
            var plus = x, minus = x
            plus[j] += h; minus[j] -= h
            let fp = net.output(at: plus), fm = net.output(at: minus)
            for r in 0..<2 {
                let fd = (fp[r] - fm[r]) / (2 * h)
                worst = Swift.max(worst, Swift.abs(fd - exact[r, j]))
                worstWrong = Swift.max(worstWrong, Swift.abs(fd - wrong[r, j]))
            }
        }
        #expect(worst <= 1e-7)
        #expect(worstWrong > 1e-3)
    }

    /// The blocks of J_θ have the stated structure: bias block = J_α, weight block = J_α ⊗ (x^{α−1})ᵀ;
    /// and the last layer's Jacobian is the identity. These are exact (one product per entry).
    @Test func parameterJacobianBlockStructure() {
        let net = Self.network(.tanh, seed: 5)
        let e = net.jacobians(at: [1.0, 0.2, -0.4])
        let blocks = net.parameterBlocks
        #expect(e.layerJacobians.last == .identity(2))
        for a in 1..<net.widths.count {
            let ja = e.layerJacobians[a - 1], x = e.layerInputs[a - 1]
            for r in 0..<2 {
                for i in 0..<net.widths[a] {
                    #expect(e.parameters[r, blocks[2 * a - 1].range.lowerBound + i] == ja[r, i])
                    for j in 0..<net.widths[a - 1] {
                        #expect(e.parameters[r, blocks[2 * a - 2].range.lowerBound + i * net.widths[a - 1] + j] == ja[r, i] * x[j])
                    }
                }
            }
        }
        #expect(blocks.last!.range.upperBound == net.parameterCount)
        // Effective parameters round-trip (one multiply and one divide per entry: ≤ 2u relative).
        let back = net.withEffectiveParameters(net.effectiveParameters)
        for l in 0..<net.weights.count { #expect((back.weights[l] - net.weights[l]).maxAbs <= 4 * Self.u * net.weights[l].maxAbs) }
    }

    /// Softmax output Hessian: symmetric, H·1 = 0 (rows of diag p − ppᵀ sum to p_i − p_i·Σp = 0),
    /// eigenvalues in [0, 1/2].
    @Test func softmaxHessianIdentities() throws {
        let h = OutputLink.softmax.hessian(at: [0.3, -2.0, 1.5, 0.0])
        for i in 0..<4 { #expect(Swift.abs(h.row(i).reduce(0, +)) <= 8 * Self.u) }
        let ev = try h.symmetricEigenvalues()
        #expect(ev.first! >= -1e-15 && ev.last! <= 0.5)
        #expect(OutputLink.identity.hessian(at: [1, 2]) == .identity(2))
    }

    static func stiefelPoint(_ n: Int, _ p: Int, seed: UInt64) -> (Matrix, Matrix) {
        var s = RandomStream(seed: seed, stream: 1)
        return (Matrix.haarOrthogonal(rows: n, columns: p, using: &s), Matrix.gaussian(rows: n, columns: p, using: &s))
    }

    /// The projection is tangent (XᵀΞ skew), idempotent, and A·X = G − XGᵀX; all to O(n·u‖G‖).
    @Test(arguments: [(6, 6), (7, 3), (5, 1)])
    func stiefelTangentIdentities(shape: (Int, Int)) {
        let (x, g) = Self.stiefelPoint(shape.0, shape.1, seed: 3)
        let xi = StiefelManifold.tangentProjection(x, gradient: g)
        let xtxi = Matrix.product(x, xi, transposeA: true)
        let tol = 1e-13 * Double(shape.0) * g.frobeniusNorm
        #expect((xtxi + xtxi.transposed).maxAbs <= tol)
        #expect((StiefelManifold.tangentProjection(x, gradient: xi) - xi).maxAbs <= tol)
        let ax = Matrix.product(StiefelManifold.skewGenerator(x, gradient: g), x)
        #expect((ax - (g - x * Matrix.product(g, x, transposeA: true))).maxAbs <= tol)
        // A planted non-tangent "projection" (G itself) fails the first identity.
        let xtg = Matrix.product(x, g, transposeA: true)
        #expect((xtg + xtg.transposed).maxAbs > 1e-3)
    }

    /// The Cayley step keeps XᵀX = I (1e-13·n) and its initial slope is −⟨G, AX⟩ = −‖AX‖²-like
    /// descent: for f(X) = ½‖X − B‖² the forward difference at τ = 1e-6 matches d/dτ f = −⟨∇f, AX⟩
    /// to O(τ) (1e-4 relative). A symmetric generator (GXᵀ + XGᵀ) — a planted sign slip — leaves
    /// the manifold.
    @Test func cayleyStepStaysOnManifoldAndDescends() throws {
        let (x, b) = Self.stiefelPoint(8, 4, seed: 9)
        let g = x - b
        let f: (Matrix) -> Double = { let d = $0 - b; return 0.5 * d.frobeniusNorm * d.frobeniusNorm }
        let y = try StiefelManifold.cayleyStep(x, gradient: g, stepSize: 0.3)
        #expect(StiefelManifold.orthogonalityError(y) <= 1e-13 * 8)
        let tau = 1e-6
        let slope = (f(try StiefelManifold.cayleyStep(x, gradient: g, stepSize: tau)) - f(x)) / tau
        let ax = Matrix.product(StiefelManifold.skewGenerator(x, gradient: g), x)
        let predicted = -dot(g.storage, ax.storage)
        #expect(predicted < 0 && Swift.abs(slope - predicted) <= 1e-4 * Swift.abs(predicted))
        let symmetric = Matrix.product(g, x, transposeB: true) + Matrix.product(x, g, transposeB: true)
        let wrong = try (Matrix.identity(8) + symmetric * 0.15).solve(x - Matrix.product(symmetric * 0.15, x))
        #expect(StiefelManifold.orthogonalityError(wrong) > 1e-3)
    }
}

/// The Euclidean-vs-Stiefel training experiment: its invariants (not its outcome, which is data).
@Suite struct FisherExperimentTests {
    @Test func stiefelTrainingExperiment() throws {
        let deep = ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep"
        let e = deep ? try StiefelTrainingExperiment.run(steps: 3000)
                     : try StiefelTrainingExperiment.run(fixedPoints: [0.5, 2], steps: 300)
        for r in e.runs {
            print("q* = \(r.fixedPoint) \(r.method): σ_w = \(r.sigmaW), σ_b = \(r.sigmaB); loss \(r.losses.map { String(format: "%.3g", $0) }); 1% at step \(r.stepsToOnePercent.map(String.init) ?? "never"); "
                  + "orth error \(r.finalOrthogonalityError); λ_max \(r.initialFisherLambdaMax) → \(r.finalFisherLambdaMax); "
                  + "cond \(r.initialFisherConditionNumber) → \(r.finalFisherConditionNumber)")
            #expect(r.losses.count == e.checkpoints.count && r.losses.last! < r.losses.first!)
            if r.method == .stiefel { #expect(r.finalOrthogonalityError <= 1e-12) } else { #expect(r.finalOrthogonalityError > 1e-6) }
        }
        // Same initial network for both methods: identical initial loss and Fisher.
        for pair in stride(from: 0, to: e.runs.count, by: 2) {
            #expect(e.runs[pair].losses[0] == e.runs[pair + 1].losses[0])
            #expect(e.runs[pair].initialFisherConditionNumber == e.runs[pair + 1].initialFisherConditionNumber)
        }
        let json = try JSONEncoder().encode(e)
        #expect(try JSONDecoder().decode(StiefelTrainingExperiment.self, from: json).runs.count == e.runs.count)
    }
}

/// The Fisher spectrum through the dual Gram matrix against the direct eigenvalues of G.
@Suite struct FisherSpectrumTests {
    /// For both links, the non-zero eigenvalues from J̃J̃ᵀ/N equal the largest eigenvalues of the
    /// explicit P × P G to 1e-13·P·tr G (the FIM-NTK-SPECTRUM allowance); the count equals
    /// rank ≤ min(P, N·k) (N·(k − 1) for softmax, whose H has the null vector 1).
    @Test(arguments: OutputLink.allCases)
    func dualSpectrumMatchesDirect(link: OutputLink) throws {
        var stream = RandomStream(seed: 77, stream: 0)
        let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: 1)
        let net = critical.network(widths: [3, 6, 6, 3], initialisation: .orthogonal, using: &stream)
        let fisher = FisherInformation(network: net, inputs: Matrix.gaussian(rows: 5, columns: 3, using: &stream), link: link)
        let spectrum = try fisher.spectrum()
        let g = fisher.gaussNewton
        let direct = try g.symmetricEigenvalues().reversed().map { $0 }
        #expect(spectrum.nonzeroEigenvalues.count == (link == .identity ? 15 : 10))
        for (i, v) in spectrum.nonzeroEigenvalues.enumerated() {
            #expect(Swift.abs(v - direct[i]) <= 2e-13 * Double(g.rows) * g.trace)
        }
        #expect(spectrum.conditionNumber >= 1 && spectrum.meanInputOutputSigmaMaxSquared >= spectrum.meanInputOutputSigmaMinSquared)
    }
}

/// The depth sweep's data: orthogonal products stay isometric to rounding (16 factors, each
/// orthogonal to 1e-13·n: allowance 1e-12), Gaussian ones grow with depth (from ≈ 3.6 at L = 1,
/// width 32, well separated from L = 8 at ≈ 14 for 20 seeds).
@Suite struct JacobianGrowthWithDepthTests {
    @Test func sweepShapes() throws {
        let sweep = try JacobianGrowthWithDepth.run(layers: [1, 8], seeds: 20)
        #expect(sweep.points.allSatisfy { $0.orthogonalMaxDeviation <= 1e-12 })
        let (shallow, deep) = (sweep.points[0], sweep.points[1])
        #expect(deep.gaussianMean - shallow.gaussianMean > 4 * (deep.gaussianStandardError + shallow.gaussianStandardError))
        #expect(shallow.gaussianMean > 2.5 && shallow.gaussianMean < 4)
    }
}

/// The layer-by-layer Fisher dual against the explicit per-example Jacobians of
/// ``FisherInformation`` (an independent route: full k × P Jacobians, then a Gram).
@Suite struct LayerwiseFisherTests {
    static func instance(_ link: OutputLink, seed: UInt64) throws -> (FullyConnectedNetwork, Matrix) {
        var stream = RandomStream(seed: seed, stream: 0)
        let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: 1.5)
        let net = critical.network(widths: [4, 5, 6, 5, link == .softmax ? 3 : 2], initialisation: .gaussian, using: &stream)
        return (net, Matrix.gaussian(rows: 6, columns: 4, using: &stream))
    }

    /// Entrywise, the dual equals (1/N) J̃J̃ᵀ to 1e-13 of its largest entry (both are sums of
    /// ≤ P = 109 products, each side accurate to γ_P relative to the absolute sums, which here are
    /// within a factor 10 of the largest entry); per-example σ_max(J_α)², ‖x^{α−1}‖² and
    /// σ_max(∂h/∂x⁰)² equal the explicit ones to 1e-13 relative; the block duals' λ_max equal those
    /// of the explicit blocks G_{W^αW^α}, G_{b^αb^α}; bound (a) holds.
    @Test(arguments: OutputLink.allCases)
    func dualMatchesExplicitJacobians(link: OutputLink) throws {
        let (net, inputs) = try Self.instance(link, seed: 31)
        let layerwise = try LayerwiseFisher(network: net, inputs: inputs, link: link, keepBlockDuals: true)
        let explicit = FisherInformation(network: net, inputs: inputs, link: link)
        let j = try explicit.whitenedStackedJacobian()
        let dual = Matrix.product(j, j, transposeB: true, alpha: 1 / Double(inputs.rows))
        let scale = dual.maxAbs
        #expect((layerwise.dualGram - dual).maxAbs <= 1e-13 * scale)
        for (n, e) in explicit.examples.enumerated() {
            for alpha in 0..<(net.widths.count - 1) {
                let s = try e.layerJacobians[alpha].spectralNorm(), x = euclideanNorm(e.layerInputs[alpha])
                #expect(Swift.abs(layerwise.layerJacobianSigmaMaxSquared[n][alpha] - s * s) <= 1e-13 * s * s)
                #expect(Swift.abs(layerwise.layerInputNormsSquared[n][alpha] - x * x) <= 1e-13 * x * x)
            }
            let io = try e.inputOutput.spectralNorm()
            #expect(Swift.abs(layerwise.inputOutputSigmaMaxSquared[n] - io * io) <= 1e-13 * io * io)
        }
        let g = explicit.gaussNewton, blocks = net.parameterBlocks
        for (alpha, duals) in layerwise.layerBlockDuals.enumerated() {
            for (dualBlock, range) in [(duals.weights, blocks[2 * alpha].range), (duals.biases, blocks[2 * alpha + 1].range)] {
                let direct = try FisherClaims.largestEigenvalue(FisherInformation.block(g, range, range))
                #expect(Swift.abs(try FisherClaims.largestEigenvalue(dualBlock) - direct) <= 1e-12 * g.trace)
            }
        }
        let spectrum = try layerwise.spectrum()
        #expect(Swift.abs(spectrum.largest - (try FisherClaims.largestEigenvalue(g))) <= 1e-12 * g.trace)
        #expect(spectrum.nonzeroEigenvalues.count == 12)  // N·k = 12 (identity, k = 2) and N·(k − 1) = 12 (softmax, k = 3)
        #expect(spectrum.largest <= layerwise.boundA)
    }

    /// A back-propagation that forgets φ′ (the deliberately wrong Jacobian of ``FullyConnectedNetwork``)
    /// gives a different dual, so the comparison above can fail.
    @Test func wrongJacobianIsSeen() throws {
        let (net, inputs) = try Self.instance(.identity, seed: 32)
        let layerwise = try LayerwiseFisher(network: net, inputs: inputs, link: .identity)
        let wrong = (0..<inputs.rows).map { net.jacobians(at: inputs.row($0), includeActivationDerivative: false) }
        let k = net.widths.last!
        let stacked = Matrix(rows: inputs.rows * k, columns: net.parameterCount) { r, c in wrong[r / k].parameters[r % k, c] }
        let dual = Matrix.product(stacked, stacked, transposeB: true, alpha: 1 / Double(inputs.rows))
        #expect((layerwise.dualGram - dual).maxAbs > 1e-3 * dual.maxAbs)
    }
}

/// Cross-entropy training: the analytic gradient against central differences of the loss, and
/// bad targets stopped at construction.
@Suite struct StiefelSoftmaxTrainingTests {
    /// ∂loss/∂W^l_ij from back-propagation of (softmax(h) − y)/N against (L(W + εE) − L(W − εE))/2ε
    /// at ε = 1e-5: truncation O(ε²‖∂³L‖) ≈ 1e-10 and cancellation u·L/ε ≈ 1e-11, so 1e-7
    /// relative to the largest gradient entry. Using the identity-link residual instead is caught.
    @Test func crossEntropyGradientMatchesFiniteDifferences() throws {
        var stream = RandomStream(seed: 5, stream: 0)
        let net = FullyConnectedNetwork(widths: [4, 5, 5, 3], activation: .tanh, sigmaW: 1.3, sigmaB: 0.2, initialisation: .orthogonal, using: &stream)
        let x = Matrix.gaussian(rows: 7, columns: 4, using: &stream)
        let y = Matrix(rows: 7, columns: 3) { i, c in c == i % 3 ? 1 : 0 }
        let training = StiefelTraining(network: net, method: .euclidean, stepSize: 0.1, inputs: x, targets: y, link: .softmax)
        let pass = net.forward(x)
        let (dW, _) = net.parameterGradients(pass, backpropagated: net.backward(pass, outputGradients: training.outputGradient(pass.outputs)))
        let (wrongW, _) = net.parameterGradients(pass, backpropagated: net.backward(pass, outputGradients: (pass.outputs - y) / 7))
        let largest = dW.map(\.maxAbs).max()!
        var worst = 0.0, worstWrong = 0.0
        for l in 0..<3 {
            for (i, jj) in [(0, 0), (1, 2), (2, 3)] {
                var plus = training, minus = training
                plus.network.weights[l][i, jj] += 1e-5; minus.network.weights[l][i, jj] -= 1e-5
                let numeric = (plus.loss - minus.loss) / 2e-5
                worst = Swift.max(worst, Swift.abs(numeric - dW[l][i, jj]))
                worstWrong = Swift.max(worstWrong, Swift.abs(numeric - wrongW[l][i, jj]))
            }
        }
        #expect(worst <= 1e-7 * largest)
        #expect(worstWrong > 1e-3 * largest)
        // loss before a step, returned by the step, is the loss property bit for bit.
        var copy = training
        #expect(try copy.step() == training.loss)
    }
}

/// The digits comparison's invariants (not its outcome, which is data): both methods start from the
/// same network, the Stiefel run stays orthogonal, results are deterministic in the seed and
/// round-trip through JSON, and bad sizes stop with a message.
@Suite struct StiefelDigitsTrainingTests {
    static let setup = StiefelDigitsTraining.Setup(depth: 3, trainingImages: 64, fisherImages: 8, steps: 20)

    @Test func bothMethodsShareTheStartAndStiefelStaysOrthogonal() throws {
        let run = try StiefelDigitsTraining.run(fixedPoint: 1, setup: Self.setup, seed: 3)
        #expect(run.outcomes.map(\.method) == [.euclidean, .stiefel])
        let (euclidean, stiefel) = (run.outcomes[0], run.outcomes[1])
        #expect(euclidean.losses[0] == stiefel.losses[0])
        #expect(euclidean.losses[0] > 1 && euclidean.losses.last! < euclidean.losses[0] && stiefel.losses.last! < stiefel.losses[0])
        #expect(stiefel.orthogonalityError <= 1e-12 && euclidean.orthogonalityError > 1e-6)
        #expect(run.initialFisher.largestEigenvalue <= run.initialFisher.boundA && run.initialFisher.conditionNumber >= 1)
        #expect(run.checkpoints.first == 0 && run.checkpoints.last == 20 && euclidean.losses.count == run.checkpoints.count)
        #expect(run.stepSize == Self.setup.stepFactor / run.initialFisher.largestEigenvalue)
        let again = try StiefelDigitsTraining.run(fixedPoint: 1, setup: Self.setup, seed: 3)
        #expect(again == run)
        let other = try StiefelDigitsTraining.run(fixedPoint: 1, setup: Self.setup, seed: 4)
        #expect(other.outcomes[0].losses != run.outcomes[0].losses)
        let decoded = try JSONDecoder().decode(StiefelDigitsTraining.Run.self, from: JSONEncoder().encode(run))
        #expect(decoded == run)
    }

    /// The speed measure: the first step whose loss is at or below the target, read off the loss
    /// curve of an independent rerun of the same training (a target above the initial loss is
    /// reached at step 0; one below every loss is never reached).
    @Test func stepsToTargetIsTheFirstCrossing() throws {
        var high = Self.setup; high.targetLoss = 50
        #expect(try StiefelDigitsTraining.run(fixedPoint: 1, setup: high, seed: 3).outcomes.allSatisfy { $0.stepsToTarget == 0 })
        var low = Self.setup; low.targetLoss = 1e-9
        #expect(try StiefelDigitsTraining.run(fixedPoint: 1, setup: low, seed: 3).outcomes.allSatisfy { $0.stepsToTarget == nil })
        var middle = Self.setup
        let base = try StiefelDigitsTraining.run(fixedPoint: 1, setup: middle, seed: 3)
        middle.targetLoss = 0.5 * (base.outcomes[0].losses[0] + base.outcomes[0].losses.last!)
        let reached = try #require(try StiefelDigitsTraining.run(fixedPoint: 1, setup: middle, seed: 3).outcomes[0].stepsToTarget)
        var prepared = try StiefelDigitsTraining.prepare(middle, seed: 3)
        let critical = try CriticalInitialisation(activation: .tanh, fixedPoint: 1)
        var training = StiefelTraining(network: critical.network(widths: prepared.widths, initialisation: .orthogonal, using: &prepared.stream),
                                       method: .euclidean, stepSize: base.stepSize, inputs: prepared.inputs, targets: prepared.targets, link: .softmax)
        var losses: [Double] = []
        for _ in 0..<middle.steps { losses.append(try training.step()) }
        #expect(losses.firstIndex { $0 <= middle.targetLoss } == reached)
    }

    /// Sizes that cannot be run, and softmax targets that are not probabilities, stop with a message
    /// before any training.
    @Test func badInputIsAClearError() async {
        await #expect(processExitsWith: .failure) {
            var setup = StiefelDigitsTrainingTests.setup; setup.fisherImages = 100   // more than the 64 training images
            _ = try StiefelDigitsTraining.run(fixedPoint: 1, setup: setup, seed: 1)
        }
        await #expect(processExitsWith: .failure) {
            var setup = StiefelDigitsTrainingTests.setup; setup.stepFactor = -0.1
            _ = try StiefelDigitsTraining.run(fixedPoint: 1, setup: setup, seed: 1)
        }
        await #expect(processExitsWith: .failure) {
            var stream = RandomStream(seed: 1, stream: 0)
            let net = FullyConnectedNetwork(widths: [2, 3, 2], activation: .tanh, sigmaW: 1, sigmaB: 0, initialisation: .gaussian, using: &stream)
            _ = StiefelTraining(network: net, method: .stiefel, stepSize: 0.1, inputs: Matrix(rows: 1, columns: 2), targets: Matrix(rows: 1, columns: 2, repeating: 0.7),
                                link: .softmax)
        }
    }
}
