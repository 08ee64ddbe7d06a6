import Numerics

/// Full-batch gradient descent on the squared loss ℒ = ½ Σ_i (f(x_i) − y_i)², with the empirical
/// NTK and the outputs tracked, and the linearised (kernel) prediction of the same trajectory
/// (Lee et al., NeurIPS 2019, eq. 9; Huang, Du & Xu, arXiv 2004.05867, §4):
///
///     f_t^lin = y + (I − ηΘ̂₀)^t (f₀ − y).
public struct GradientDescentTrajectory: Sendable {
    /// f_t on the training inputs, t = 0 … T.
    public var outputs: [[Double]]
    /// f_t^lin, t = 0 … T.
    public var linearisedOutputs: [[Double]]
    /// ℒ(f_t), t = 0 … T.
    public var losses: [Double]
    /// Θ̂₀ and Θ̂_T on the training inputs.
    public var initialKernel: Matrix
    public var finalKernel: Matrix
    /// ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F at the steps listed in `kernelSteps`.
    public var kernelSteps: [Int]
    public var relativeKernelChanges: [Double]

    /// ‖Θ̂_T − Θ̂₀‖_F / ‖Θ̂₀‖_F.
    public var relativeKernelChange: Double { (finalKernel - initialKernel).frobeniusNorm / initialKernel.frobeniusNorm }

    /// max_t ‖f_t − f_t^lin‖₂ / ‖f₀ − y‖₂: how far the network strays from its linearisation,
    /// relative to the initial residual.
    public var linearisationGap: Double {
        var worst = 0.0
        for t in outputs.indices {
            worst = Swift.max(worst, euclideanNorm(zip(outputs[t], linearisedOutputs[t]).map { $0 - $1 }))
        }
        return worst / Swift.max(initialResidualNorm, .leastNormalMagnitude)
    }

    /// ‖f₀ − y‖₂.
    public var initialResidualNorm: Double
}

extension FullyConnectedNetwork {
    /// Runs `steps` steps of θ ← θ − η∇ℒ on (`inputs`, `targets`) and returns the trajectory; the
    /// network is left at θ_T. The kernel is recomputed every `kernelInterval` steps (and at T).
    ///
    /// - Precondition: scalar output; one target per input row; η > 0; steps ≥ 0; kernelInterval ≥ 1.
    /// - Throws: `NumericsError.domain` when the outputs stop being finite (divergence).
    public mutating func trainGradientDescent(inputs: Matrix, targets: [Double], learningRate: Double,
                                              steps: Int, kernelInterval: Int = .max) throws -> GradientDescentTrajectory {
        require(widths[widths.count - 1] == 1, "trainGradientDescent: needs a scalar output, widths \(widths)")
        require(targets.count == inputs.rows, "trainGradientDescent: \(targets.count) targets for \(inputs.rows) inputs")
        require(learningRate > 0 && learningRate.isFinite && steps >= 0 && kernelInterval >= 1,
                "trainGradientDescent: η = \(learningRate), steps = \(steps), kernelInterval = \(kernelInterval)")
        var pass = forward(inputs)
        return try GradientDescentTrajectory.record(
            operation: "FullyConnectedNetwork.trainGradientDescent", initialOutputs: pass.outputs.column(0), targets: targets,
            initialKernel: empiricalNTK(pass, gradients: outputGradients(pass)), learningRate: learningRate, steps: steps,
            kernelInterval: kernelInterval
        ) { residual, wantKernel in
            let g = backward(pass, outputGradients: Matrix.column(residual))
            applyGradientStep(pass, backpropagated: g, learningRate: learningRate)
            pass = forward(inputs)
            return (pass.outputs.column(0), wantKernel ? empiricalNTK(pass, gradients: outputGradients(pass)) : nil)
        }
    }
}

extension GradientDescentTrajectory {
    /// The bookkeeping every network's gradient descent shares: from f₀, Θ̂₀ and the targets, it
    /// calls `step` T times — `step(f_t − y, wantKernel)` takes one step θ ← θ − η∇ℒ and returns
    /// f_{t+1} (and Θ̂_{t+1} when asked, every `kernelInterval` steps and at T) — and records the
    /// outputs, losses, kernel changes and the linearised prediction r ← (I − ηΘ̂₀) r beside them.
    ///
    /// - Throws: `NumericsError.domain` naming `operation` when the outputs stop being finite.
    static func record(
        operation: String, initialOutputs: [Double], targets y: [Double], initialKernel theta0: Matrix,
        learningRate: Double, steps: Int, kernelInterval: Int,
        step: (_ residual: [Double], _ wantKernel: Bool) throws -> (outputs: [Double], kernel: Matrix?)
    ) throws -> GradientDescentTrajectory {
        let batch = y.count
        var f = initialOutputs
        var outputs = [f], linearised = [f]
        var residualLin = zip(f, y).map { $0 - $1 }
        let initialResidual = euclideanNorm(residualLin)
        var losses = [0.5 * dot(residualLin, residualLin)]
        var kernelSteps: [Int] = [], changes: [Double] = []
        var thetaT = theta0
        for t in stride(from: 1, through: steps, by: 1) {
            let wantKernel = t % kernelInterval == 0 || t == steps
            let next = try step(zip(f, y).map { $0 - $1 }, wantKernel)
            f = next.outputs
            guard f.allSatisfy(\.isFinite) else {
                throw NumericsError.domain(operation: operation, detail: "outputs diverged at step \(t) (η = \(learningRate))")
            }
            // Linearised residual: r ← (I − ηΘ̂₀) r.
            var advanced = residualLin
            for i in 0..<batch {
                var s = 0.0
                for j in 0..<batch { s += theta0[i, j] * residualLin[j] }
                advanced[i] = residualLin[i] - learningRate * s
            }
            residualLin = advanced
            outputs.append(f)
            linearised.append(zip(residualLin, y).map { $0 + $1 })
            let r = zip(f, y).map { $0 - $1 }
            losses.append(0.5 * dot(r, r))
            if wantKernel, let kernel = next.kernel {
                thetaT = kernel
                kernelSteps.append(t)
                changes.append((thetaT - theta0).frobeniusNorm / theta0.frobeniusNorm)
            }
        }
        return GradientDescentTrajectory(
            outputs: outputs, linearisedOutputs: linearised, losses: losses, initialKernel: theta0,
            finalKernel: thetaT, kernelSteps: kernelSteps, relativeKernelChanges: changes,
            initialResidualNorm: initialResidual)
    }
}
