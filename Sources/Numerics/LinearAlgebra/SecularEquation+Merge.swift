extension SecularEquation {
    /// Roots from this many on are solved (and their weights formed) in chunks on the kernel
    /// threads; below it one thread is faster than the fork–join.
    static let parallelFrom = 128
    /// Roots (or weight indices) per claimed chunk.
    private static let chunk = 64

    /// Every root of the equation with `poles` (strictly increasing) and positive `weights`, as used
    /// by both divide-and-conquer merges: returns λᵢ = δ_origin + τ for i < K (see ``root``), and
    /// fills row i of the K×K row-major `distances` with δⱼ − λᵢ. Each root is computed by the same
    /// operations whichever thread solves it, so the result does not depend on the thread count.
    static func allRoots(poles: [Double], weights: [Double], distances: inout [Double]) -> [Double] {
        let k = poles.count
        require(weights.count == k && distances.count == k * k,
                "SecularEquation.allRoots: \(k) poles, \(weights.count) weights, \(distances.count) distances")
        return distances.withUnsafeMutableBufferPointer { db in
            allRoots(poles: poles, weights: weights, distancesInto: db.baseAddress!)
        }
    }

    /// ``allRoots(poles:weights:distances:)`` writing the K×K distances to a caller's buffer (which
    /// need not be initialised: every entry is written), so that merges can take it from a
    /// workspace they reuse.
    static func allRoots(poles: [Double], weights: [Double], distancesInto distances: UnsafeMutablePointer<Double>) -> [Double] {
        let k = poles.count
        require(weights.count == k, "SecularEquation.allRoots: \(k) poles, \(weights.count) weights")
        var values = [Double](repeating: 0, count: k)
        if k == 0 { return values }
        poles.withUnsafeBufferPointer { pb in
            weights.withUnsafeBufferPointer { wb in
                values.withUnsafeMutableBufferPointer { vb in
                    let shared = SecularRootsShared(poles: pb.baseAddress!, weights: wb.baseAddress!,
                                                    distances: distances, values: vb.baseAddress!)
                    Parallel.forEach(count: (k + chunk - 1) / chunk, threads: k >= parallelFrom ? nil : 1) { c in
                        for i in (c * chunk)..<Swift.min(k, (c + 1) * chunk) {
                            let (origin, tau) = SecularEquation.root(
                                i, poles: shared.poles, weights: shared.weights, count: k,
                                distances: shared.distances + i * k)
                            shared.values[i] = shared.poles[origin] + tau
                        }
                    }
                }
            }
        }
        return values
    }

    /// The squared Gu–Eisenstat weights: the vector ẑ for which the computed roots λᵢ are the exact
    /// eigenvalues of D + ρ·ẑ·ẑᵀ,
    ///
    ///     ẑⱼ² = (λ_{K−1} − δⱼ)/ρ · ∏_{i<j} (λᵢ − δⱼ)/(δᵢ − δⱼ) · ∏_{j≤i<K−1} (λᵢ − δⱼ)/(δᵢ₊₁ − δⱼ),
    ///
    /// every factor formed from an accurate difference (λᵢ − δⱼ is −`distances`[i·K + j]). Each
    /// entry multiplies its factors in the order i = 0, 1, …, K−1, whichever thread forms it, so
    /// the result does not depend on the thread count. Returns the products (non-negative in exact
    /// arithmetic); the caller takes the square root and the sign of the original z.
    static func guEisenstatWeightsSquared(poles: [Double], distances: [Double], rho: Double) -> [Double] {
        let k = poles.count
        require(distances.count == k * k,
                "SecularEquation.guEisenstatWeightsSquared: \(k) poles, \(distances.count) distances")
        return distances.withUnsafeBufferPointer { db in
            guEisenstatWeightsSquared(poles: poles, distances: db.baseAddress!, rho: rho)
        }
    }

    /// ``guEisenstatWeightsSquared(poles:distances:rho:)`` reading the K×K distances from a buffer.
    static func guEisenstatWeightsSquared(poles: [Double], distances: UnsafePointer<Double>, rho: Double) -> [Double] {
        let k = poles.count
        require(rho > 0, "SecularEquation.guEisenstatWeightsSquared: \(k) poles, rho \(rho)")
        var zhat = [Double](repeating: 1, count: k)
        if k == 0 { return zhat }
        poles.withUnsafeBufferPointer { pb in
            zhat.withUnsafeMutableBufferPointer { zb in
                let shared = WeightProductShared(poles: pb.baseAddress!, distances: distances, zhat: zb.baseAddress!)
                Parallel.forEach(count: (k + chunk - 1) / chunk, threads: k >= parallelFrom ? nil : 1) { c in
                    let first = c * chunk, end = Swift.min(k, (c + 1) * chunk)
                    let poles = shared.poles, zhat = shared.zhat
                    for i in 0..<k {
                        let row = shared.distances + i * k
                        if i == k - 1 {
                            for j in first..<end { zhat[j] *= -row[j] / rho }
                        } else {
                            // j ≤ i pairs λᵢ with the pole above it, j > i with its own.
                            let split = Swift.min(Swift.max(first, i + 1), end)
                            for j in first..<split { zhat[j] *= -row[j] / (poles[i + 1] - poles[j]) }
                            for j in split..<end { zhat[j] *= -row[j] / (poles[i] - poles[j]) }
                        }
                    }
                }
            }
        }
        return zhat
    }
}

/// Buffers shared by the threads solving secular roots. Safety: root i writes only row i of
/// `distances` and `values[i]`; poles and weights are read-only.
private struct SecularRootsShared: @unchecked Sendable {
    let poles: UnsafePointer<Double>
    let weights: UnsafePointer<Double>
    let distances: UnsafeMutablePointer<Double>
    let values: UnsafeMutablePointer<Double>
}

/// Buffers shared by the threads forming Gu–Eisenstat weights. Safety: each chunk writes only its
/// own entries of `zhat`; poles and distances are read-only.
private struct WeightProductShared: @unchecked Sendable {
    let poles: UnsafePointer<Double>
    let distances: UnsafePointer<Double>
    let zhat: UnsafeMutablePointer<Double>
}
