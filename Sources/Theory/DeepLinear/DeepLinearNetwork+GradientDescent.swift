import Numerics

extension DeepLinearNetwork {
    /// Full-batch gradient descent on ℓ = ½‖α·W_{L:1}X − Y‖_F² with step η on the unnormalised
    /// weights (every layer updated at once from the same iterate): W_i ← W_i − η·∂ℓ/∂W_i, carried
    /// out as A_i ← A_i − (η/m)·∂ℓ/∂A_i (see ``DeepLinearNetwork`` for the equivalence).
    ///
    /// Work per step: one GEMM per layer forward (all n examples at once), and per layer backward
    /// one GEMM for A_iᵀG_i (with the old A_i) and one rank-n GEMM update of A_i in place. The
    /// activations and backward buffers are allocated once and reused.
    ///
    /// - Parameters:
    ///   - stepSize: η (for Theorem 4.1: ``DeepLinearProblem/theoremStepSize(depth:)``).
    ///   - steps: T ≥ 0.
    ///   - stopBelow: stop early once ℓ(t) ≤ this value (the remaining curve is not computed).
    /// - Returns: the loss curve ℓ(0), ℓ(1), …, ℓ(T) (ℓ(t) is the loss of the t-th iterate; shorter
    ///   when stopped early).
    /// - Throws: ``NumericsError/domain(operation:detail:)`` when the loss becomes non-finite
    ///   (divergence: η too large for the initialisation).
    @discardableResult
    public mutating func trainByGradientDescent(x: Matrix, y: Matrix, stepSize eta: Double, steps: Int,
                                                stopBelow: Double = -1) throws(NumericsError) -> [Double] {
        require(x.rows == inputDimension && y.rows == outputDimension && y.columns == x.columns,
                "DeepLinearNetwork.trainByGradientDescent: X is \(x.shapeDescription), Y is \(y.shapeDescription)")
        require(steps >= 0 && eta >= 0 && eta.isFinite, "DeepLinearNetwork.trainByGradientDescent: steps=\(steps), η=\(eta)")
        let n = x.columns, m = width, depthL = depth
        let c = outputScale
        let rate = eta / Double(m)
        var h = [x] + layers.map { Matrix(rows: $0.rows, columns: n) }
        var g = Matrix(rows: m, columns: n), gBelow = Matrix(rows: m, columns: n)
        var top = Matrix(rows: outputDimension, columns: n)
        var curve: [Double] = []
        curve.reserveCapacity(steps + 1)
        for t in 0...steps {
            for i in 0..<depthL {
                let input = h[i]
                h[i + 1].addProduct(layers[i], input, beta: 0)
            }
            // Residual R = c·H_L − Y, stored in `top`; then G_L = c·R.
            var loss = 0.0
            h[depthL].withUnsafeBufferPointer { out in
                y.withUnsafeBufferPointer { target in
                    top.withUnsafeMutableBufferPointer { r in
                        for k in 0..<r.count {
                            let d = c * out[k] - target[k]
                            r[k] = c * d
                            loss += d * d
                        }
                    }
                }
            }
            loss *= 0.5
            guard loss.isFinite else {
                throw NumericsError.domain(operation: "DeepLinearNetwork.trainByGradientDescent",
                                           detail: "loss became \(loss) at step \(t) (η = \(eta), L = \(depthL), m = \(m))")
            }
            curve.append(loss)
            if t == steps || loss <= stopBelow { break }
            // Backward: layer L uses `top` (d_y×n); below it the m×n buffers alternate.
            for i in stride(from: depthL - 1, through: 0, by: -1) {
                let upstream = i == depthL - 1 ? top : g
                if i > 0 { gBelow.addProduct(layers[i], upstream, transposeA: true, beta: 0) }
                layers[i].addProduct(upstream, h[i], transposeB: true, alpha: -rate, beta: 1)
                if i > 0 { swap(&g, &gBelow) }
            }
        }
        return curve
    }
}
