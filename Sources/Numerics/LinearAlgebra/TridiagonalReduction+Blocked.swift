extension TridiagonalReduction {
    /// The same reduction A = Q·T·Qᵀ as ``init(lowerTriangleOf:n:)`` (same reflector layout, so the
    /// same back-transforms apply), computed in panels of `blockSize` columns whose trailing update
    /// goes through ``gemm`` (in the manner of LAPACK's sytrd/latrd).
    ///
    /// Panel step for column c (i-th of the panel starting at k): column c is brought up to date
    /// with the panel's earlier reflectors, A[c..., c] −= V·W[c]ᵀ + W·V[c]ᵀ; its reflector (v, τ) is
    /// formed; then w = τ·(S·v − V·(Wᵀv) − W·(Vᵀv)), w −= (τ/2)(wᵀv)·v, where S is the not yet
    /// updated trailing block (one read-only pass over its lower triangle). After the panel the
    /// trailing lower triangle gets S −= V·Wᵀ + W·Vᵀ as products of row strips with [V W] and
    /// [W V]ᵀ. The trailing triangle is read once per column and written once per panel (instead
    /// of read and written once per column), and half the flops are in gemm. The last
    /// `finalSize` or fewer rows are reduced by the unblocked algorithm.
    ///
    /// Used by ``Matrix/symmetricEigen()`` from order ``Matrix/blockedReductionCrossover``. The
    /// one-pass fused reduction reads *and writes* the trailing triangle once per column; this one
    /// only reads it once per column (the product S·v) and writes it once per panel, so above the
    /// size of the last-level cache it moves about half the bytes. Measured on two threads (best of
    /// two, 2026-12-06): 0.38 vs 0.57 s at n = 2048 and 4.5 vs 6.8 s at 4096 (LAPACK's dsytrd in
    /// the same sitting: 0.27 and 3.4 s); within noise of each other from 256 to 1024. Block size
    /// 32; 16 and 64 were no better.
    ///
    /// Accuracy: the same backward stability, ‖E‖_F ≤ c·n·ε·‖A‖_F (the computed T and Q agree with
    /// the unblocked ones to rounding). `omitPanelCorrection` drops the −V·(Wᵀv) − W·(Vᵀv) terms —
    /// deliberately wrong, for tests to show that they catch it.
    init(blockedLowerTriangleOf entries: consuming [Double], n: Int, blockSize: Int = 32, finalSize: Int = 128,
         omitPanelCorrection: Bool = false) {
        require(entries.count == n * n, "TridiagonalReduction: \(entries.count) entries for order \(n)")
        let nb = Swift.max(1, blockSize)
        if n <= Swift.max(finalSize, nb + 2) {
            self.init(lowerTriangleOf: consume entries, n: n)
            return
        }
        var a = consume entries   // taken over, as in ``init(lowerTriangleOf:n:)``
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n - 1)
        var taus = [Double](repeating: 0, count: n - 2)
        var k = 0
        // Panels while more than finalSize rows remain after them.
        a.withUnsafeMutableBufferPointer { ab in
            let a = ab.baseAddress!
            let vp = UnsafeMutablePointer<Double>.allocate(capacity: n * nb)
            let wp = UnsafeMutablePointer<Double>.allocate(capacity: n * nb)
            let work = UnsafeMutablePointer<Double>.allocate(capacity: 6 * n + 2 * nb)
            // [V W] and [W V] of the trailing rows, for the trailing update: allocated once for the
            // first (largest) panel, so later panels reuse mapped memory instead of faulting in
            // fresh pages.
            let left = UnsafeMutablePointer<Double>.allocate(capacity: n * 2 * nb)
            let right = UnsafeMutablePointer<Double>.allocate(capacity: n * 2 * nb)
            defer { vp.deallocate(); wp.deallocate(); work.deallocate(); left.deallocate(); right.deallocate() }
            let x = work, y = work + n, partial = work + 2 * n, t1 = work + 4 * n, t2 = t1 + nb
            while n - k - nb > finalSize {
                let rows = n - k   // panel-local row r is global row k + r
                vp.initialize(repeating: 0, count: rows * nb)
                wp.initialize(repeating: 0, count: rows * nb)
                for i in 0..<nb {
                    let c = k + i
                    let len = n - c          // rows c..<n of column c
                    for r in 0..<len { x[r] = a[(c + r) * n + c] }
                    if i > 0 {
                        // x −= V[c..]·W[c]ᵀ + W[c..]·V[c]ᵀ over the panel's first i columns (its
                        // other columns are still zero, so the products run over all nb).
                        let vc = vp + i * nb, wc = wp + i * nb   // local row i = global row c
                        for r in 0..<len {
                            let vr = vp + (i + r) * nb, wr = wp + (i + r) * nb
                            x[r] -= VectorKernels.dot(vr, wc, nb) + VectorKernels.dot(wr, vc, nb)
                        }
                    }
                    d[c] = x[0]
                    let m = len - 1
                    let (beta, tau) = decompositionReflector(x + 1, m)
                    e[c] = beta
                    taus[c] = tau
                    x[1] = 1
                    let v = x + 1
                    for r in 0..<m { a[(c + 1 + r) * n + c] = v[r] }
                    // y = S·v over the trailing lower triangle (rows/columns c+1..<n).
                    symmetricLowerProduct(block: a + (c + 1) * n + c + 1, n: n, count: m, v: v, partial: partial, into: y)
                    if !omitPanelCorrection && i > 0 {
                        // t1 = W[c+1..]ᵀv, t2 = V[c+1..]ᵀv; y −= V·t1 + W·t2 (all nb columns, as
                        // above: those from i on are zero).
                        for p in 0..<nb { t1[p] = 0; t2[p] = 0 }
                        for r in 0..<m {
                            VectorKernels.axpy(v[r], wp + (i + 1 + r) * nb, t1, nb)
                            VectorKernels.axpy(v[r], vp + (i + 1 + r) * nb, t2, nb)
                        }
                        for r in 0..<m {
                            y[r] -= VectorKernels.dot(vp + (i + 1 + r) * nb, t1, nb) + VectorKernels.dot(wp + (i + 1 + r) * nb, t2, nb)
                        }
                    }
                    var dot = 0.0
                    for r in 0..<m { y[r] *= tau; dot += y[r] * v[r] }
                    let kappa = 0.5 * tau * dot
                    for r in 0..<m {
                        wp[(i + 1 + r) * nb + i] = y[r] - kappa * v[r]
                        vp[(i + 1 + r) * nb + i] = v[r]
                    }
                }
                // Trailing update of the lower triangle of rows/columns k+nb..<n.
                let start = k + nb, count = n - start
                for r in 0..<count {
                    for p in 0..<nb {
                        let vv = vp[(nb + r) * nb + p], ww = wp[(nb + r) * nb + p]
                        left[r * 2 * nb + p] = vv; left[r * 2 * nb + nb + p] = ww
                        right[r * 2 * nb + p] = ww; right[r * 2 * nb + nb + p] = vv
                    }
                }
                let strip = 256
                var r0 = 0
                while r0 < count {
                    let h = Swift.min(strip, count - r0)
                    gemm(transposeA: false, transposeB: true, m: h, n: r0 + h, k: 2 * nb, alpha: -1,
                         a: left + r0 * 2 * nb, lda: 2 * nb, b: right, ldb: 2 * nb,
                         beta: 1, c: a + (start + r0) * n + start, ldc: n)
                    r0 += h
                }
                k += nb
            }
        }
        // The rest by the unblocked reduction of the trailing block.
        let rest = n - k
        var tail = LargeBuffer.make(count: rest * rest, repeating: 0)
        for r in 0..<rest { for c in 0...r { tail[r * rest + c] = a[(k + r) * n + k + c] } }
        let small = TridiagonalReduction(lowerTriangleOf: tail, n: rest)
        for j in 0..<rest { d[k + j] = small.diagonal[j] }
        for j in 0..<(rest - 1) { e[k + j] = small.offDiagonal[j] }
        for j in 0..<(rest - 2) {
            taus[k + j] = small.tau[j]
            for r in (j + 1)..<rest { a[(k + r) * n + k + j] = small.reflectors[r * rest + j] }
        }
        self.init(n: n, diagonal: d, offDiagonal: e, reflectors: a, tau: taus)
    }

    private init(n: Int, diagonal: [Double], offDiagonal: [Double], reflectors: [Double], tau: [Double]) {
        self.n = n
        self.diagonal = diagonal
        self.offDiagonal = offDiagonal
        self.reflectors = reflectors
        self.tau = tau
    }
}

/// out = S·v for the symmetric count×count block S whose lower triangle starts at `block` (row
/// stride n); one read-only pass, rows split between two threads by area, each with its own
/// partial sums (`partial`, 2n entries) added in a fixed order. Rows are taken four at a time
/// (``symmetricLowerFourRows``), the last one to three of each thread's share singly.
///
/// The pass is memory-bound once the triangle leaves the cache: rows four at a time run it at
/// 21–32 GB/s on two threads at n = 4096, against 14–17 GB/s one row at a time (LAPACK's dsymv:
/// 37 GB/s), and 1.8–3.7× faster at n = 1024–2048 where the triangle is in cache (2026-12-06).
func symmetricLowerProduct(block: UnsafeMutablePointer<Double>, n: Int, count: Int,
                           v: UnsafeMutablePointer<Double>, partial: UnsafeMutablePointer<Double>,
                           into out: UnsafeMutablePointer<Double>) {
    for i in 0..<count { partial[i] = 0; partial[n + i] = 0 }
    let job = SymmetricProductPointers(block: block, v: v, partial: partial)
    let body: @Sendable (Int, Int, Int) -> Void = { lo, hi, slot in
        typealias V = SIMD4<Double>
        let acc = job.partial + slot * n
        var first = lo
        while first + 4 <= hi {
            symmetricLowerFourRows(block: job.block, n: n, row: first, v: job.v, acc: acc)
            first += 4
        }
        for r in first..<hi {
            let row = job.block + r * n
            let vr = job.v[r]
            let vrv = V(repeating: vr)
            var s0 = V(), s1 = V()
            var c = 0
            let rawRow = UnsafeRawPointer(row), rawV = UnsafeRawPointer(job.v)
            let rawAcc = UnsafeMutableRawPointer(acc)
            while c + 8 <= r {
                let o = c * 8
                let y0 = rawRow.loadUnaligned(fromByteOffset: o, as: V.self)
                let y1 = rawRow.loadUnaligned(fromByteOffset: o + 32, as: V.self)
                s0.addProduct(y0, rawV.loadUnaligned(fromByteOffset: o, as: V.self))
                s1.addProduct(y1, rawV.loadUnaligned(fromByteOffset: o + 32, as: V.self))
                var a0 = rawAcc.loadUnaligned(fromByteOffset: o, as: V.self)
                var a1 = rawAcc.loadUnaligned(fromByteOffset: o + 32, as: V.self)
                a0.addProduct(vrv, y0)
                a1.addProduct(vrv, y1)
                rawAcc.storeBytes(of: a0, toByteOffset: o, as: V.self)
                rawAcc.storeBytes(of: a1, toByteOffset: o + 32, as: V.self)
                c += 8
            }
            var s = (s0 + s1).sum()
            while c < r {
                s += row[c] * job.v[c]
                acc[c] += vr * row[c]
                c += 1
            }
            acc[r] += s + row[r] * vr
        }
    }
    let split = Int(Double(count) / 2.0.squareRoot())
    if count >= 192 {
        Parallel.forEach(count: 2) { part in
            if part == 0 { body(0, split, 0) } else { body(split, count, 1) }
        }
    } else {
        body(0, count, 0)
    }
    for i in 0..<count { out[i] = partial[i] + partial[n + i] }
}

/// Rows r..<r+4 of the lower-triangle product: acc[r+i] += Σ_{c ≤ r+i} S[r+i, c]·v[c] and
/// acc[c] += v[r+i]·S[r+i, c] for c < r+i. The four rows share each load and store of v and acc
/// in their common columns c < r, so per entry of S read from memory there is a quarter of the
/// L1/L2 traffic of one row at a time, and four memory streams are in flight.
@inline(__always)
private func symmetricLowerFourRows(block: UnsafeMutablePointer<Double>, n: Int, row r: Int,
                                    v: UnsafeMutablePointer<Double>, acc: UnsafeMutablePointer<Double>) {
    typealias V = SIMD4<Double>
    let p0 = UnsafeRawPointer(block + r * n), p1 = p0 + 8 * n, p2 = p1 + 8 * n, p3 = p2 + 8 * n
    let rawV = UnsafeRawPointer(v), rawAcc = UnsafeMutableRawPointer(acc)
    let w0 = V(repeating: v[r]), w1 = V(repeating: v[r + 1])
    let w2 = V(repeating: v[r + 2]), w3 = V(repeating: v[r + 3])
    var s0 = V(), s1 = V(), s2 = V(), s3 = V()
    var c = 0
    while c + 4 <= r {
        let o = c * 8
        let x = rawV.loadUnaligned(fromByteOffset: o, as: V.self)
        var a = rawAcc.loadUnaligned(fromByteOffset: o, as: V.self)
        let y0 = p0.loadUnaligned(fromByteOffset: o, as: V.self)
        let y1 = p1.loadUnaligned(fromByteOffset: o, as: V.self)
        let y2 = p2.loadUnaligned(fromByteOffset: o, as: V.self)
        let y3 = p3.loadUnaligned(fromByteOffset: o, as: V.self)
        s0.addProduct(y0, x); a.addProduct(w0, y0)
        s1.addProduct(y1, x); a.addProduct(w1, y1)
        s2.addProduct(y2, x); a.addProduct(w2, y2)
        s3.addProduct(y3, x); a.addProduct(w3, y3)
        rawAcc.storeBytes(of: a, toByteOffset: o, as: V.self)
        c += 4
    }
    var sums = (s0.sum(), s1.sum(), s2.sum(), s3.sum())
    let rows = (block + r * n, block + (r + 1) * n, block + (r + 2) * n, block + (r + 3) * n)
    while c < r {
        let x = v[c]
        sums.0 += rows.0[c] * x; sums.1 += rows.1[c] * x; sums.2 += rows.2[c] * x; sums.3 += rows.3[c] * x
        acc[c] += v[r] * rows.0[c] + v[r + 1] * rows.1[c] + v[r + 2] * rows.2[c] + v[r + 3] * rows.3[c]
        c += 1
    }
    // The 4×4 diagonal block: row r+i has columns r...r+i.
    let t = SIMD4<Double>(sums.0, sums.1, sums.2, sums.3)   // indexable, no allocation
    for i in 0..<4 {
        let rowPointer = block + (r + i) * n
        var s = t[i]
        for col in r..<(r + i) {
            s += rowPointer[col] * v[col]
            acc[col] += v[r + i] * rowPointer[col]
        }
        acc[r + i] += s + rowPointer[r + i] * v[r + i]
    }
}

/// Pointers shared by the two threads of one product. Safety: each thread writes only its own
/// half of `partial`; the block and v are only read.
private struct SymmetricProductPointers: @unchecked Sendable {
    let block: UnsafeMutablePointer<Double>
    let v: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<Double>
}
