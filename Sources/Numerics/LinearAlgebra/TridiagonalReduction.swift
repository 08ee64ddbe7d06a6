/// Householder reduction of a real symmetric matrix to tridiagonal form, A = Q·T·Qᵀ.
///
/// Q = H₀·H₁·…·H_{n−3}, where Hₖ = I − τₖ·vₖ·vₖᵀ acts on indices k+1..<n and annihilates entries
/// k+2..<n of column (and row) k. T has `diagonal` d and `offDiagonal` e (T[k+1, k] = T[k, k+1] = eₖ).
/// Backward stable: the computed T is exactly Q̂ᵀ(A + E)Q̂ for an exactly orthogonal Q̂ with
/// ‖E‖_F ≤ c·n·ε·‖A‖_F (Golub & Van Loan, §8.3.1). Only the lower triangle is read and updated.
struct TridiagonalReduction {
    let n: Int
    var diagonal: [Double]
    var offDiagonal: [Double]
    /// Column k holds vₖ in rows k+1..<n (vₖ[k+1] = 1 is stored explicitly); other entries are scratch.
    var reflectors: [Double]
    var tau: [Double]

    /// Reduces the symmetric n×n matrix whose lower triangle (entries (i, j), j ≤ i) is given in the
    /// row-major buffer `entries` (the strict upper triangle is ignored).
    ///
    /// Each step k forms p = τ·S·v and w = p − (τ/2)(pᵀv)·v for the trailing block S and applies
    /// S ← S − v·wᵀ − w·vᵀ to its lower triangle. The first column of the block is updated first,
    /// which gives the next reflector; then each row's update is fused with its contributions to
    /// the next product S′·v′, so the trailing triangle is read once per step (n³/3 entries in all
    /// instead of the 2n³/3 of separate full-matrix passes). Rows are shared between two threads
    /// (split into halves of equal area) when the block is large; each thread accumulates its own
    /// partial product, added in a fixed order, so results do not depend on scheduling.
    ///
    /// `entries` becomes the buffer the reduction works in (and keeps, as ``reflectors``): a caller
    /// that passes its only reference (`consume`) saves a copy of n² entries; otherwise the first
    /// write copies it.
    init(lowerTriangleOf entries: consuming [Double], n: Int) {
        self.n = n
        var a = consume entries
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n - 1, 0))
        var taus = [Double](repeating: 0, count: Swift.max(n - 2, 0))
        var buffers = [Double](repeating: 0, count: 6 * Swift.max(n, 1))
        a.withUnsafeMutableBufferPointer { ab in
            buffers.withUnsafeMutableBufferPointer { bb in
                let a = ab.baseAddress!
                let v = bb.baseAddress!, vNext = v + n, w = v + 2 * n, p = v + 3 * n, partial = v + 4 * n
                if n >= 3 {
                    // Reflector 0 from column 0, and p₀ = τ₀·S₀·v₀ by the same fused row kernel
                    // with a zero update.
                    d[0] = a[0]
                    let len = n - 1
                    for i in 0..<len { v[i] = a[(1 + i) * n] }
                    let (beta, t) = decompositionReflector(v, len)
                    e[0] = beta
                    taus[0] = t
                    v[0] = 1
                    for i in 0..<len { a[(1 + i) * n] = v[i] }
                    for i in 0..<len { w[i] = 0 }
                    TridiagonalReduction.symmetricProductPass(
                        block: a + n + 1, n: n, rows: 0..<len, update: (v, w), next: v, partial: partial)
                    for i in 0..<len { p[i] = t * (partial[i] + partial[n + i]) }
                }
                for k in 0..<Swift.max(n - 2, 0) {
                    let len = n - k - 1
                    let block = a + (k + 1) * n + (k + 1)
                    let t = taus[k]
                    let kappa = 0.5 * t * VectorKernels.dot(p, v, len)
                    for i in 0..<len { w[i] = p[i] - kappa * v[i] }
                    if k + 1 > n - 3 {
                        // Last step (a 2×2 block): finish its lower triangle.
                        for i in 0..<len {
                            for j in 0...i { block[i * n + j] -= v[i] * w[j] + w[i] * v[j] }
                        }
                        continue
                    }
                    // First column of the block, then the next reflector from it.
                    for i in 0..<len { block[i * n] -= v[i] * w[0] + w[i] * v[0] }
                    d[k + 1] = block[0]
                    let lenNext = len - 1
                    for i in 0..<lenNext { vNext[i] = block[(1 + i) * n] }
                    let (beta, tn) = decompositionReflector(vNext, lenNext)
                    e[k + 1] = beta
                    taus[k + 1] = tn
                    vNext[0] = 1
                    for i in 0..<lenNext { block[(1 + i) * n] = vNext[i] }
                    // Rows 1..<len of the block: update columns 1...i and accumulate S′·v′.
                    TridiagonalReduction.symmetricProductPass(
                        block: block + n + 1, n: n, rows: 0..<lenNext, update: (v + 1, w + 1),
                        updateScalars: (v, w), next: vNext, partial: partial)
                    for i in 0..<lenNext {
                        p[i] = tn * (partial[i] + partial[n + i])
                        v[i] = vNext[i]
                    }
                }
                if n >= 2 {
                    d[n - 2] = a[(n - 2) * n + n - 2]
                    e[n - 2] = a[(n - 1) * n + n - 2]
                }
                if n >= 1 { d[n - 1] = a[(n - 1) * n + n - 1] }
            }
        }
        diagonal = d
        offDiagonal = e
        reflectors = a
        tau = taus
    }

    /// One fused pass over rows `rows` of the lower triangle of a symmetric block S (origin `block`,
    /// row stride n; row r holds entries 0...r). If `updateScalars` = (sv, sw) is given, row r is
    /// first updated as y ← y − sv[r+1]·u − sw[r+1]·v with (v, u) = `update` (the rank-2 update
    /// S −= v·wᵀ + w·vᵀ of the previous step, whose indices are shifted by one). Then the row adds
    /// its share of S·z (z = `next`) to `partial`: Σ_c y[c]·z[c] to entry r and z[r]·y[c] to entry
    /// c < r. Two threads use the halves at offsets 0 and n; on return S·z = partial[i] + partial[n+i].
    private static func symmetricProductPass(
        block: UnsafeMutablePointer<Double>, n: Int, rows: Range<Int>,
        update: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>),
        updateScalars: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)? = nil,
        next: UnsafeMutablePointer<Double>, partial: UnsafeMutablePointer<Double>
    ) {
        let count = rows.count
        for i in 0..<count { partial[i] = 0; partial[n + i] = 0 }
        let job = TridiagonalStepPointers(
            block: block, u: update.1, v: update.0,
            scalarV: updateScalars?.0 ?? update.0, scalarW: updateScalars?.1 ?? update.1,
            next: next, partial: partial)
        let hasUpdate = updateScalars != nil
        let body: @Sendable (Int, Int, Int) -> Void = { lo, hi, slot in
            let acc = job.partial + slot * n
            for r in lo..<hi {
                let alpha = hasUpdate ? job.scalarV[r + 1] : 0
                let beta = hasUpdate ? job.scalarW[r + 1] : 0
                // Row r: y −= α·w + β·v  (S −= v wᵀ + w vᵀ, row r has coefficient v_r on w, w_r on v).
                acc[r] += tridiagonalFusedLowerRow(
                    alpha, job.u, beta, job.v, job.block + r * n, job.next, job.next[r], acc, r + 1)
            }
        }
        // Split rows so both halves hold about the same number of entries (row r has r+1).
        let split = Int(Double(count) / 2.0.squareRoot())
        if count >= 192 {
            Parallel.forEach(count: 2) { part in
                if part == 0 { body(0, split, 0) } else { body(split, count, 1) }
            }
        } else {
            body(0, count, 0)
        }
    }

    /// Qᵀ as a row-major n×n buffer (row i is column i of Q); see ``ReflectorProduct``.
    func orthogonalFactorTransposed() -> [Double] {
        var product = ReflectorProduct(order: n)
        reflectors.withUnsafeBufferPointer { rb in
            for k in 0..<Swift.max(n - 2, 0) {
                product.append(rowStart: k + 1, tau: tau[k], vector: rb.baseAddress! + (k + 1) * n + k,
                               stride: n, length: n - k - 1)
            }
        }
        return product.formTransposed(columns: n)
    }
}

/// One row of the fused lower-triangular pass: for c < count, y[c] ← y[c] − a·u[c] − b·v[c]; then
/// returns Σ_{c<count} y[c]·z[c] and adds zr·y[c] to acc[c] for c < count − 1 (the symmetric
/// counterpart of the off-diagonal entries; the diagonal entry is counted once, in the sum).
@inline(__always)
private func tridiagonalFusedLowerRow(
    _ a: Double, _ u: UnsafePointer<Double>, _ b: Double, _ v: UnsafePointer<Double>,
    _ y: UnsafeMutablePointer<Double>, _ z: UnsafePointer<Double>, _ zr: Double,
    _ acc: UnsafeMutablePointer<Double>, _ count: Int
) -> Double {
    typealias V = SIMD4<Double>
    let ru = UnsafeRawPointer(u), rv = UnsafeRawPointer(v), rz = UnsafeRawPointer(z)
    let ry = UnsafeMutableRawPointer(y), racc = UnsafeMutableRawPointer(acc)
    let av = V(repeating: -a), bv = V(repeating: -b), zv = V(repeating: zr)
    var dot0 = V(), dot1 = V()
    let offDiagonal = count - 1
    var c = 0
    while c + 8 <= offDiagonal {
        let o = c * 8
        var y0 = ry.loadUnaligned(fromByteOffset: o, as: V.self)
        var y1 = ry.loadUnaligned(fromByteOffset: o + 32, as: V.self)
        y0.addProduct(av, ru.loadUnaligned(fromByteOffset: o, as: V.self))
        y1.addProduct(av, ru.loadUnaligned(fromByteOffset: o + 32, as: V.self))
        y0.addProduct(bv, rv.loadUnaligned(fromByteOffset: o, as: V.self))
        y1.addProduct(bv, rv.loadUnaligned(fromByteOffset: o + 32, as: V.self))
        ry.storeBytes(of: y0, toByteOffset: o, as: V.self)
        ry.storeBytes(of: y1, toByteOffset: o + 32, as: V.self)
        dot0.addProduct(y0, rz.loadUnaligned(fromByteOffset: o, as: V.self))
        dot1.addProduct(y1, rz.loadUnaligned(fromByteOffset: o + 32, as: V.self))
        var a0 = racc.loadUnaligned(fromByteOffset: o, as: V.self)
        var a1 = racc.loadUnaligned(fromByteOffset: o + 32, as: V.self)
        a0.addProduct(zv, y0)
        a1.addProduct(zv, y1)
        racc.storeBytes(of: a0, toByteOffset: o, as: V.self)
        racc.storeBytes(of: a1, toByteOffset: o + 32, as: V.self)
        c += 8
    }
    var s = (dot0 + dot1).sum()
    while c < offDiagonal {
        let yc = y[c] - a * u[c] - b * v[c]
        y[c] = yc
        s += yc * z[c]
        acc[c] += zr * yc
        c += 1
    }
    if count > 0 {
        let yc = y[offDiagonal] - a * u[offDiagonal] - b * v[offDiagonal]
        y[offDiagonal] = yc
        s += yc * z[offDiagonal]
    }
    return s
}

/// Pointers shared by the two threads of one reduction step. Safety: the threads update disjoint
/// rows of the block and write disjoint halves of `partial`; everything else is only read.
private struct TridiagonalStepPointers: @unchecked Sendable {
    let block: UnsafeMutablePointer<Double>
    let u: UnsafeMutablePointer<Double>
    let v: UnsafeMutablePointer<Double>
    let scalarV: UnsafeMutablePointer<Double>
    let scalarW: UnsafeMutablePointer<Double>
    let next: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<Double>
}
