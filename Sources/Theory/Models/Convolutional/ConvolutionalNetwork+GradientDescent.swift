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
        var pass = forward(inputs)
        return try GradientDescentTrajectory.record(
            operation: "ConvolutionalNetwork.trainGradientDescent", initialOutputs: pass.outputs, targets: targets,
            initialKernel: empiricalNTK(pass, gradients: outputGradients(pass)), learningRate: learningRate, steps: steps,
            kernelInterval: kernelInterval
        ) { residual, wantKernel in
            let g = backward(pass, outputGradients: residual)
            applyGradientStep(pass, outputGradients: residual, backpropagated: g, learningRate: learningRate)
            pass = forward(inputs)
            return (pass.outputs, wantKernel ? empiricalNTK(pass, gradients: outputGradients(pass)) : nil)
        }
    }
}
