import Foundation

/// Householder reflector kernels shared by the QR factorisations.
///
/// All kernels work on a **column-major** working copy of the matrix being factored: column j of an
/// m×n matrix lives at `w[j * m ..< j * m + m]`. (That is the row-major storage of the transpose, so
/// it costs one transposition to set up.) Reflectors then live in contiguous memory, and so do the
/// columns they are applied to, which keeps the unblocked inner loops unit-stride.
///
/// A reflector is H = I − τ v vᵀ with v₀ = 1 (not stored): it is orthogonal and symmetric exactly
/// when τ(2 − τ‖v‖²) = 0, i.e. τ = 2/‖v‖² or τ = 0 (H = I). The factorisation stores v₁… below the
/// diagonal, as LAPACK's `geqrf` does.
enum Householder {
    /// Turns x (length `count` ≥ 1) into a reflector: finds β and τ with H·x = β e₀ for
    /// H = I − τ v vᵀ, v = (1, x₁/(x₀ − β), …). On return x[0] = β and x[1…] = v[1…]; τ is returned.
    ///
    /// β = −sign(x₀)·‖x‖ (the sign that avoids cancellation in x₀ − β), τ = (β − x₀)/β ∈ [1, 2].
    /// When x₁… is already zero, τ = 0 and H = I (β = x₀, whatever its sign), as in LAPACK, so the
    /// sign of a diagonal entry of R is not fixed by the algorithm: callers that need a sign
    /// convention (Haar sampling) must normalise it explicitly. ‖x‖ is computed overflow- and
    /// underflow-safely, and the scaling of v never overflows because |x_i| ≤ ‖x‖ ≤ |x₀ − β|; only
    /// ‖x‖ itself beyond the largest Double gives β = ±∞ (the caller reports it).
    @inline(__always)
    static func generate(_ x: UnsafeMutablePointer<Double>, count: Int) -> Double {
        if count <= 1 { return 0 }
        let tailNorm = euclideanNorm(UnsafeBufferPointer(start: x + 1, count: count - 1))
        if tailNorm == 0 { return 0 }
        let alpha = x[0]
        let norm = Foundation.hypot(alpha, tailNorm)
        let sign: Double = alpha >= 0 ? 1 : -1
        let beta = -sign * norm
        // With ρ = |x₀|/‖x‖ ≤ 1: τ = (β − x₀)/β = 1 + ρ and x₀ − β = sign·‖x‖·(1 + ρ). Written this way
        // nothing overflows even when |x₀| + ‖x‖ exceeds the largest Double.
        let ratio = Swift.abs(alpha) / norm
        let tau = 1 + ratio
        let denominator = norm * tau
        if denominator.isFinite && denominator > 1e-290 {
            let s = sign / denominator
            for i in 1..<count { x[i] *= s }
        } else {
            let d = sign * tau
            for i in 1..<count { x[i] = (x[i] / norm) / d }
        }
        x[0] = beta
        return tau
    }

    /// Unblocked Householder QR of the columns `start ..< start + count` of the column-major
    /// m×(≥ updateEnd) working matrix `w` (rows `start ..< m`), applying each new reflector to the
    /// columns up to `updateEnd` (exclusive). τ values go to `tau[start ..< start + count]`.
    /// Cost: about 4·(m − start)·count·(updateEnd − start) flops, all unit-stride dot/axpy.
    static func factorPanel(_ w: UnsafeMutablePointer<Double>, rows m: Int, start: Int, count: Int,
                            updateEnd: Int, tau: UnsafeMutablePointer<Double>) {
        for j in start..<(start + count) {
            let length = m - j
            let v = w + j * m + j
            let t = generate(v, count: length)
            tau[j] = t
            if t == 0 || j + 1 >= updateEnd { continue }
            // Apply H = I − τ v vᵀ to each later column: c ← c − τ (vᵀc) v, with v₀ = 1 implicit.
            for c in (j + 1)..<updateEnd {
                let col = w + c * m + j
                let s = t * (col[0] + VectorKernels.dot(v + 1, col + 1, length - 1))
                col[0] -= s
                VectorKernels.axpy(-s, v + 1, col + 1, length - 1)
            }
        }
    }

    /// Writes the reflectors `start ..< start + count` explicitly as the rows of `vt`
    /// (count × length, length = m − start, row-major): row p is v_{start+p} with zeros before its
    /// unit entry.
    static func explicitReflectors(_ w: UnsafePointer<Double>, rows m: Int, start: Int, count: Int,
                                   into vt: UnsafeMutablePointer<Double>) {
        let length = m - start
        for p in 0..<count {
            let row = vt + p * length
            let column = w + (start + p) * m + start
            for i in 0..<p where i < length { row[i] = 0 }
            if p < length {
                row[p] = 1
                for i in (p + 1)..<Swift.max(p + 1, length) { row[i] = column[i] }
            }
        }
    }

    /// The upper-triangular factor T (count×count, row-major) of the compact WY form
    /// H₀H₁⋯H_{b−1} = I − V T Vᵀ, where V's columns are the rows of `vt` (count × length).
    ///
    /// Recurrence (Schreiber–Van Loan): T_ii = τ_i and T[0..<i, i] = −τ_i · T[0..<i, 0..<i] · Vᵀv_i.
    /// The Gram matrix VᵀV is formed with one `gemm`.
    static func triangularFactor(vt: UnsafePointer<Double>, count b: Int, length: Int,
                                 tau: UnsafePointer<Double>, into t: UnsafeMutablePointer<Double>) {
        // Work buffers are zero-filled although gemm with β = 0 does not read C: a stray NaN in
        // uninitialised memory must never be able to leak into the factors.
        let gram = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, b * b))
        gram.initialize(repeating: 0, count: Swift.max(1, b * b))
        defer { gram.deallocate() }
        t.initialize(repeating: 0, count: b * b)
        if length > 0 && b > 0 {
            gemm(transposeA: false, transposeB: true, m: b, n: b, k: length, alpha: 1,
                 a: vt, lda: length, b: vt, ldb: length, beta: 0, c: gram, ldc: b)
        }
        for i in 0..<b {
            let ti = tau[i]
            t[i * b + i] = ti
            if ti == 0 { continue } // H_i = I: its column of T is zero
            // T[r, i] = −τ_i Σ_{c=r}^{i−1} T[r, c] gram[c, i]  (T upper triangular)
            for r in 0..<i {
                var s = 0.0
                for c in r..<i { s += t[r * b + c] * gram[c * b + i] }
                t[r * b + i] = -ti * s
            }
        }
    }

    /// C ← (I − V·op(T)·Vᵀ)·C for a row-major L×p block C (row stride `ldc`), op(T) = T or Tᵀ.
    /// With op = identity this applies H₀⋯H_{b−1}; with the transpose, its transpose H_{b−1}⋯H₀.
    /// Three `gemm` calls: 4·L·p·b + 2·b²·p flops.
    static func applyBlock(vt: UnsafePointer<Double>, count b: Int, length: Int,
                           t: UnsafePointer<Double>, transposeT: Bool,
                           toRowMajor c: UnsafeMutablePointer<Double>, columns p: Int, ldc: Int) {
        if b == 0 || length == 0 || p == 0 { return }
        let loan = ScratchPool.shared.borrow(count: 2 * b * p)
        defer { ScratchPool.shared.giveBack(loan) }
        let z = loan.pointer
        z.initialize(repeating: 0, count: 2 * b * p)
        let z2 = z + b * p
        gemm(transposeA: false, transposeB: false, m: b, n: p, k: length, alpha: 1,
             a: vt, lda: length, b: c, ldb: ldc, beta: 0, c: z, ldc: p)
        gemm(transposeA: transposeT, transposeB: false, m: b, n: p, k: b, alpha: 1,
             a: t, lda: b, b: z, ldb: p, beta: 0, c: z2, ldc: p)
        gemm(transposeA: true, transposeB: false, m: length, n: p, k: b, alpha: -1,
             a: vt, lda: length, b: z2, ldb: p, beta: 1, c: c, ldc: ldc)
    }

    /// The same update for a target stored column by column: `w` holds `count` columns of
    /// length L, column q at `w + q·ldw`. The target A = Wᵀ-view (L×count) becomes
    /// (I − V·op(T)·Vᵀ)·A, computed as W ← W − (W·V)·op(T)ᵀ·Vᵀ with three `gemm` calls.
    static func applyBlock(vt: UnsafePointer<Double>, count b: Int, length: Int,
                           t: UnsafePointer<Double>, transposeT: Bool,
                           toColumns w: UnsafeMutablePointer<Double>, count columns: Int, ldw: Int) {
        if b == 0 || length == 0 || columns == 0 { return }
        let loan = ScratchPool.shared.borrow(count: 2 * b * columns)
        defer { ScratchPool.shared.giveBack(loan) }
        let y = loan.pointer
        y.initialize(repeating: 0, count: 2 * b * columns)
        let y2 = y + b * columns
        gemm(transposeA: false, transposeB: true, m: columns, n: b, k: length, alpha: 1,
             a: w, lda: ldw, b: vt, ldb: length, beta: 0, c: y, ldc: b)
        gemm(transposeA: false, transposeB: !transposeT, m: columns, n: b, k: b, alpha: 1,
             a: y, lda: b, b: t, ldb: b, beta: 0, c: y2, ldc: b)
        gemm(transposeA: false, transposeB: false, m: columns, n: length, k: b, alpha: -1,
             a: y2, lda: b, b: vt, ldb: length, beta: 1, c: w, ldc: ldw)
    }
}
