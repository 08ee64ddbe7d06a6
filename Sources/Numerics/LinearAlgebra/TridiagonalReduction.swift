import Dispatch

/// Householder reduction of a real symmetric matrix to tridiagonal form, A = Q·T·Qᵀ.
///
/// Q = H₀·H₁·…·H_{n−3}, where Hₖ = I − τₖ·vₖ·vₖᵀ acts on indices k+1..<n and annihilates entries
/// k+2..<n of row (and column) k. T has `diagonal` d and `offDiagonal` e (T[k+1, k] = T[k, k+1] = eₖ).
/// Backward stable: the computed T is exactly Q̂ᵀ(A + E)Q̂ for an exactly orthogonal Q̂ with
/// ‖E‖_F ≤ c·n·ε·‖A‖_F (Golub & Van Loan, §8.3.1).
struct TridiagonalReduction {
    let n: Int
    var diagonal: [Double]
    var offDiagonal: [Double]
    /// Row k holds vₖ in columns k+1..<n (vₖ[k+1] = 1 is stored explicitly); other entries are scratch.
    private var reflectors: [Double]
    private var tau: [Double]

    /// Reduces the symmetric n×n matrix whose full (both triangles) row-major entries are `symmetric`.
    ///
    /// Each step k forms p = τ·S·v and w = p − (τ/2)(pᵀv)·v for the trailing block S and applies
    /// S ← S − v·wᵀ − w·vᵀ. The update of each row is fused with its dot product against the *next*
    /// reflector (which depends only on the first updated row), so the trailing block is read once
    /// per step; the rows are shared between two threads when the block is large.
    init(symmetric: [Double], n: Int) {
        self.n = n
        var a = symmetric
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n - 1, 0))
        var taus = [Double](repeating: 0, count: Swift.max(n - 2, 0))
        var pBuffer = [Double](repeating: 0, count: n)
        var wBuffer = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { ab in
            let a = ab.baseAddress!
            pBuffer.withUnsafeMutableBufferPointer { pb in
                wBuffer.withUnsafeMutableBufferPointer { wb in
                    let p = pb.baseAddress!, w = wb.baseAddress!
                    if n >= 3 {
                        // Reflector 0 and p₀ = τ₀·S₀·v₀ (the only unfused product).
                        let v0 = a + 1
                        d[0] = a[0]
                        let (beta, t) = decompositionReflector(v0, n - 1)
                        e[0] = beta
                        taus[0] = t
                        v0[0] = 1
                        for i in 0..<(n - 1) { p[i] = t * decompositionDot(a + (1 + i) * n + 1, v0, n - 1) }
                    }
                    for k in 0..<Swift.max(n - 2, 0) {
                        let len = n - k - 1
                        let v = a + k * n + k + 1
                        let t = taus[k]
                        let kappa = 0.5 * t * decompositionDot(p, v, len)
                        for i in 0..<len { w[i] = p[i] - kappa * v[i] }
                        // Row k+1 first: the next reflector is built from it.
                        let s0 = a + (k + 1) * n + (k + 1)
                        decompositionRank2Row(v[0], w, w[0], v, s0, len)
                        d[k + 1] = s0[0]
                        if k + 1 <= n - 3 {
                            let next = s0 + 1, lenNext = len - 1
                            let (beta, tn) = decompositionReflector(next, lenNext)
                            e[k + 1] = beta
                            taus[k + 1] = tn
                            next[0] = 1
                            // Rows k+2..<n: update columns k+2..<n (column k+1 is never read again)
                            // and form p_{k+1} = τ_{k+1}·S_{k+1}·v_{k+1} on the fly.
                            let job = TridiagonalStepPointers(a: a, v: v, w: w, p: p, next: next)
                            let rowBody: @Sendable (Int, Int) -> Void = { lo, hi in
                                for r in lo..<hi {
                                    let i = r + 1          // local index in the step-k block
                                    let row = job.a + (k + 1 + i) * n + (k + 2)
                                    job.p[r] = tn * decompositionRank2RowThenDot(
                                        job.v[i], job.w + 1, job.w[i], job.v + 1, row, job.next, lenNext)
                                }
                            }
                            if lenNext >= 192 {
                                let half = lenNext / 2
                                DispatchQueue.concurrentPerform(iterations: 2) { part in
                                    if part == 0 { rowBody(0, half) } else { rowBody(half, lenNext) }
                                }
                            } else {
                                rowBody(0, lenNext)
                            }
                        } else {
                            // Last reflector: finish the remaining rows in full.
                            for i in 1..<len { decompositionRank2Row(v[i], w, w[i], v, s0 + i * n, len) }
                        }
                    }
                    if n >= 2 {
                        d[n - 2] = a[(n - 2) * n + n - 2]
                        e[n - 2] = a[(n - 1) * n + n - 2]
                    }
                    if n >= 1 { d[n - 1] = a[(n - 1) * n + n - 1] }
                }
            }
        }
        diagonal = d
        offDiagonal = e
        reflectors = a
        tau = taus
    }

    /// Qᵀ as a row-major n×n buffer (row i is column i of Q); see ``ReflectorProduct``.
    func orthogonalFactorTransposed() -> [Double] {
        var product = ReflectorProduct(order: n)
        reflectors.withUnsafeBufferPointer { rb in
            for k in 0..<Swift.max(n - 2, 0) {
                product.append(rowStart: k + 1, tau: tau[k], vector: rb.baseAddress! + k * n + k + 1,
                               stride: 1, length: n - k - 1)
            }
        }
        return product.formTransposed(columns: n)
    }
}

/// Pointers shared by the two threads of one reduction step. Safety: the threads update disjoint
/// rows of `a` and write disjoint entries of `p`; `v`, `w` and `next` are only read.
private struct TridiagonalStepPointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let v: UnsafeMutablePointer<Double>
    let w: UnsafeMutablePointer<Double>
    let p: UnsafeMutablePointer<Double>
    let next: UnsafeMutablePointer<Double>
}
