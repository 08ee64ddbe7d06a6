import Numerics

extension ConvolutionalNetwork {
    /// Full-batch gradient descent θ ← θ − η∇ℒ on ℒ = ½ Σ_i (f(x_i) − y_i)², tracked as for
    /// ``FullyConnectedNetwork/trainGradientDescent(inputs:targets:learningRate:steps:kernelInterval:)``:
    /// outputs, losses, the linearised prediction f_t^lin = y + (I − ηΘ̂₀)^t (f₀ − y) (Lee et al.,
    /// NeurIPS 2019), and the empirical NTK every `kernelInterval` steps and at T. The network is
    /// left at θ_T. Every parameter (filters, biases, readout) is updated.
    ///
    /// - Precondition: one target per input; η > 0 finite; steps ≥ 0; kernelInterval ≥ 1.
    /// - Throws: `NumericsError.domain` when the outputs stop being finite (divergence).
    public mutating func trainGradientDescent(inputs: [Matrix], targets: [Double], learningRate: Double,
                                              steps: Int, kernelInterval: Int = .max) throws -> GradientDescentTrajectory {
        require(targets.count == inputs.count, "ConvolutionalNetwork.trainGradientDescent: \(targets.count) targets for \(inputs.count) inputs")
        require(learningRate > 0 && learningRate.isFinite && steps >= 0 && kernelInterval >= 1,
                "ConvolutionalNetwork.trainGradientDescent: η = \(learningRate), steps = \(steps), kernelInterval = \(kernelInterval)")
        let batch = inputs.count
        var pass = forward(inputs)
        let theta0 = empiricalNTK(pass, gradients: outputGradients(pass))
        var f = pass.outputs
        let y = targets
        var outputs = [f], linearised = [f]
        var residualLin = zip(f, y).map { $0 - $1 }
        let initialResidual = euclideanNorm(residualLin)
        var losses = [0.5 * dot(residualLin, residualLin)]
        var kernelSteps: [Int] = [], changes: [Double] = []
        var thetaT = theta0
        for t in stride(from: 1, through: steps, by: 1) {
            let residual = zip(f, y).map { $0 - $1 }
            let g = backward(pass, outputGradients: residual)
            applyGradientStep(pass, outputGradients: residual, backpropagated: g, learningRate: learningRate)
            pass = forward(inputs)
            f = pass.outputs
            guard f.allSatisfy(\.isFinite) else {
                throw NumericsError.domain(operation: "ConvolutionalNetwork.trainGradientDescent",
                                           detail: "outputs diverged at step \(t) (η = \(learningRate))")
            }
            // Linearised residual: r ← (I − ηΘ̂₀) r.
            var next = residualLin
            for i in 0..<batch {
                var s = 0.0
                for j in 0..<batch { s += theta0[i, j] * residualLin[j] }
                next[i] = residualLin[i] - learningRate * s
            }
            residualLin = next
            outputs.append(f)
            linearised.append(zip(residualLin, y).map { $0 + $1 })
            let r = zip(f, y).map { $0 - $1 }
            losses.append(0.5 * dot(r, r))
            if t % kernelInterval == 0 || t == steps {
                thetaT = empiricalNTK(pass, gradients: outputGradients(pass))
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
