extension BidiagonalReduction {
    /// The same reduction A = U_B·B·V_Bᵀ as ``init(entries:rows:columns:)`` (same reflector layout,
    /// so the same back-transforms apply), computed in panels of `blockSize` columns whose trailing
    /// update goes through ``gemm`` (in the manner of LAPACK's gebrd/labrd).
    ///
    /// Inside a panel that starts at column k the trailing block is left as it was at k (call it
    /// A₀) and the current matrix is carried as Â = A₀ − U·Yᵀ − X·Vᵀ: U and V hold the panel's left
    /// and right reflector vectors, and each step c appends y = τ_u·Âᵀu (the left update is
    /// Â − u·yᵀ) and x = τ_v·Â·v (the right update is Â − x·vᵀ). The products with Â are products
    /// with A₀ corrected by the panel: Âᵀu = A₀ᵀu − Y·(Uᵀu) − V·(Xᵀu), Â·v = A₀v − U·(Yᵀv) − X·(Vᵀv).
    /// After the panel one gemm applies A₀ − [U X]·[Y V]ᵀ to the trailing block.
    ///
    /// Each step reads the trailing block once, and only reads it: the pass that forms A₀·v row by
    /// row also brings that row's entry of the next column up to date (from the x it has just
    /// computed) and adds the row's term of the next step's A₀ᵀu (the next left reflector is that
    /// column divided by a constant known only at the end of the pass, so its product is
    /// accumulated from the undivided column, as in the unblocked reduction). The one-pass
    /// unblocked reduction reads and writes the trailing block once per column, so above the
    /// last-level cache this one moves about half the bytes. The last `finalSize` or fewer columns
    /// are reduced by the unblocked algorithm.
    ///
    /// Accuracy: the same backward stability, ‖E‖_F ≤ c·n·ε·‖A‖_F (B and the reflectors agree with
    /// the unblocked ones to rounding). `omitPanelCorrection` drops the −Y·(Uᵀu) − V·(Xᵀu) terms —
    /// deliberately wrong, for tests to show that they catch it.
    init(blockedEntries entries: consuming [Double], rows m: Int, columns n: Int, blockSize: Int = 32, finalSize: Int = 128,
         omitPanelCorrection: Bool = false) {
        require(m >= n, "BidiagonalReduction: needs rows ≥ columns, got \(m)×\(n)")
        require(entries.count == m * n, "BidiagonalReduction: \(entries.count) entries for \(m)×\(n)")
        let nb = Swift.max(1, blockSize)
        let last = Swift.max(finalSize, 2)
        if n <= last + nb {
            self.init(entries: consume entries, rows: m, columns: n)
            return
        }
        var a = consume entries   // taken over, as in ``init(entries:rows:columns:)``
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n - 1)
        var tl = [Double](repeating: 0, count: n)
        var tr = [Double](repeating: 0, count: n)
        var k = 0
        a.withUnsafeMutableBufferPointer { ab in
            let a = ab.baseAddress!
            let w2 = 2 * nb
            // Row r of `ux` is (U[k + r, 0..<nb], X[k + r, 0..<nb]); row j of `yv` is
            // (Y[k + j, 0..<nb], V[k + j, 0..<nb]): the trailing update's two gemm operands. Entries
            // not yet computed are zero, so every panel product below runs over all 2·nb entries.
            let ux = UnsafeMutablePointer<Double>.allocate(capacity: m * w2)
            let yv = UnsafeMutablePointer<Double>.allocate(capacity: n * w2)
            let work = UnsafeMutablePointer<Double>.allocate(capacity: m + 3 * n + 2 * w2)
            defer { ux.deallocate(); yv.deallocate(); work.deallocate() }
            let x = work, w = work + m, z = w + n   // z: two partial sums, at z and z + n
            let q = z + 2 * n, t = q + w2           // (Uᵀu, Xᵀu) and (Yᵀv, Vᵀv)
            while n - k - nb > last {
                let rows = m - k, cols = n - k
                ux.initialize(repeating: 0, count: rows * w2)
                yv.initialize(repeating: 0, count: cols * w2)
                for i in 0..<nb {
                    let c = k + i
                    let len = m - c, width = n - c - 1
                    // Column c (rows c..<m) is current: exact at the panel's start, else brought up
                    // to date by the previous step's pass, which also left the undivided product
                    // z = Σ_{r>c} Â[r,c]·A₀[r, c+1...]. At the panel's start z takes a pass of its own.
                    if i == 0 { bidiagonalColumnProduct(a: a, n: n, column: c, rows: (c + 1)..<m, z: z) }
                    for r in 0..<len { x[r] = a[(c + r) * n + c] }
                    let x0 = x[0]
                    let (betaL, tauL) = decompositionReflector(x, len)
                    d[c] = betaL
                    tl[c] = tauL
                    x[0] = 1
                    for r in 0..<len {
                        if r > 0 { a[(c + r) * n + c] = x[r] }
                        ux[(i + r) * w2 + i] = x[r]
                    }
                    // y = τ_u·(A₀ᵀu − Y·(Uᵀu) − V·(Xᵀu)) over columns c+1..<n. (q's entry i is uᵀu,
                    // but Y's column i is still zero.)
                    if tauL != 0 {
                        let divisor = x0 - betaL
                        let rowC = a + c * n + c + 1
                        for j in 0..<width { w[j] = rowC[j] + (z[j] + z[n + j]) / divisor }
                        if i > 0 && !omitPanelCorrection {
                            for p in 0..<w2 { q[p] = 0 }
                            for r in 0..<len { VectorKernels.axpy(x[r], ux + (i + r) * w2, q, w2) }
                            for j in 0..<width { w[j] -= VectorKernels.dot(yv + (i + 1 + j) * w2, q, w2) }
                        }
                        for j in 0..<width { yv[(i + 1 + j) * w2 + i] = tauL * w[j] }
                    }
                    // Row c, columns c+1..<n, after the left update: A₀ − U[c]·Yᵀ − X[c]·Vᵀ
                    // (U[c, i] = 1 brings in this step's y; V's column i is still zero).
                    let rowK = a + c * n + c + 1
                    for j in 0..<width { rowK[j] -= VectorKernels.dot(ux + i * w2, yv + (i + 1 + j) * w2, w2) }
                    // Right reflector from row c (width ≥ 2 inside a panel).
                    let (betaR, tauR) = decompositionReflector(rowK, width)
                    e[c] = betaR
                    tr[c] = tauR
                    rowK[0] = 1
                    for j in 0..<width { yv[(i + 1 + j) * w2 + nb + i] = rowK[j] }
                    // t = (Yᵀv, Vᵀv); its entry nb + i (vᵀv) meets X's column i while that is zero.
                    for p in 0..<w2 { t[p] = 0 }
                    for j in 0..<width { VectorKernels.axpy(rowK[j], yv + (i + 1 + j) * w2, t, w2) }
                    // The pass over rows c+1..<m: x = τ_v·(A₀v − U·(Yᵀv) − X·(Vᵀv)); then, unless
                    // the gemm comes next, the row's entry of column c+1 and its term of the next z.
                    let fuse = i < nb - 1
                    if fuse { for j in 0..<(width - 1) { z[j] = 0; z[n + j] = 0 } }
                    let job = BlockedBidiagonalPass(a: a, n: n, ux: ux + i * w2, panelWidth: w2, xColumn: nb + i,
                                                    next: yv + (i + 1) * w2, v: rowK, t: t, z: z,
                                                    column: c + 1, tau: tauR, fuse: fuse)
                    if len * width >= 40_000 {
                        let half = (len + 1) / 2
                        Parallel.forEach(count: 2) { part in
                            if part == 0 { job.rows(1, half, slot: 0) } else { job.rows(half, len, slot: 1) }
                        }
                    } else {
                        job.rows(1, len, slot: 0)
                    }
                }
                // Trailing block (rows and columns from k + nb): A₀ − [U X]·[Y V]ᵀ.
                let start = k + nb
                gemm(transposeA: false, transposeB: true, m: m - start, n: n - start, k: w2, alpha: -1,
                     a: ux + nb * w2, lda: w2, b: yv + nb * w2, ldb: w2,
                     beta: 1, c: a + start * n + start, ldc: n)
                k = start
            }
        }
        // The rest by the unblocked reduction of the trailing block (same layout, shifted by k).
        let rowsLeft = m - k, colsLeft = n - k
        var tail = LargeBuffer.make(count: rowsLeft * colsLeft, repeating: 0)
        for r in 0..<rowsLeft { for j in 0..<colsLeft { tail[r * colsLeft + j] = a[(k + r) * n + k + j] } }
        let small = BidiagonalReduction(entries: tail, rows: rowsLeft, columns: colsLeft)
        for r in 0..<rowsLeft { for j in 0..<colsLeft { a[(k + r) * n + k + j] = small.packed[r * colsLeft + j] } }
        for j in 0..<colsLeft {
            d[k + j] = small.diagonal[j]
            tl[k + j] = small.tauLeft[j]
            tr[k + j] = small.tauRight[j]
            if j < colsLeft - 1 { e[k + j] = small.superdiagonal[j] }
        }
        self.init(m: m, n: n, diagonal: d, superdiagonal: e, packed: a, tauLeft: tl, tauRight: tr)
    }
}

/// z ← Σ_{r ∈ rows} A[r, column]·A[r, column+1..<n], split over two threads (partial sums at z and
/// z + n, each thread its own) when the block is large.
private func bidiagonalColumnProduct(a: UnsafeMutablePointer<Double>, n: Int, column: Int, rows: Range<Int>,
                                     z: UnsafeMutablePointer<Double>) {
    let cols = n - column - 1
    for j in 0..<cols { z[j] = 0; z[n + j] = 0 }
    let job = ColumnProductPointers(a: a, z: z)
    let body: @Sendable (Int, Int, Int) -> Void = { lo, hi, slot in
        for r in lo..<hi {
            let row = job.a + r * n + column
            VectorKernels.axpy(row[0], row + 1, job.z + slot * n, cols)
        }
    }
    if rows.count * cols >= 40_000 {
        let half = rows.lowerBound + rows.count / 2
        Parallel.forEach(count: 2) { part in
            if part == 0 { body(rows.lowerBound, half, 0) } else { body(half, rows.upperBound, 1) }
        }
    } else {
        body(rows.lowerBound, rows.upperBound, 0)
    }
}

/// Safety: the threads write disjoint halves of `z` and only read `a`.
private struct ColumnProductPointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let z: UnsafeMutablePointer<Double>
}

/// One step's pass over the trailing rows (rows are local: row r is global row `column − 1 + r`,
/// and its trailing part starts at `column`). For each row: x = τ·(A₀[r]·v − (U X)[r]·t), stored
/// in X's column; then, when `fuse`, the row's entry of column `column` brought up to date,
/// A₀[r, column] − (U X)[r]·next, written back, and (from local row 2) its term of z. Rows go four
/// at a time so that the loads of v and of z are shared by four rows.
///
/// Safety: the two threads read and write disjoint rows of `a` and `ux` and disjoint halves of
/// `z`; `next`, `v` and `t` are only read.
private struct BlockedBidiagonalPass: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let n: Int
    let ux: UnsafeMutablePointer<Double>   // the panel row of local row 0
    let panelWidth: Int
    let xColumn: Int
    let next: UnsafeMutablePointer<Double>
    let v: UnsafeMutablePointer<Double>
    let t: UnsafeMutablePointer<Double>
    let z: UnsafeMutablePointer<Double>
    let column: Int
    let tau: Double
    let fuse: Bool

    @inline(__always)
    private func row(_ r: Int) -> UnsafeMutablePointer<Double> { a + (column - 1 + r) * n + column }

    /// x for local row r from its product s = A₀[r]·v; then the updated column entry (0 when not
    /// fused, or for rows 0 and 1 whose terms z leaves out: their coefficient is 0).
    @inline(__always)
    private func finish(_ r: Int, product s: Double) -> Double {
        let panel = ux + r * panelWidth
        panel[xColumn] = tau * (s - VectorKernels.dot(panel, t, panelWidth))
        if !fuse { return 0 }
        let p = row(r)
        p[0] -= VectorKernels.dot(panel, next, panelWidth)
        return r >= 2 ? p[0] : 0
    }

    func rows(_ lo: Int, _ hi: Int, slot: Int) {
        let width = n - column
        let zs = z + slot * n
        var r = lo
        while r + 4 <= hi {
            let p0 = row(r), p1 = row(r + 1), p2 = row(r + 2), p3 = row(r + 3)
            let s = tau != 0 ? fourDots(p0, p1, p2, p3, v, width) : SIMD4<Double>()
            let c0 = finish(r, product: s[0]), c1 = finish(r + 1, product: s[1])
            let c2 = finish(r + 2, product: s[2]), c3 = finish(r + 3, product: s[3])
            if fuse { fourAxpys(SIMD4(c0, c1, c2, c3), p0 + 1, p1 + 1, p2 + 1, p3 + 1, zs, width - 1) }
            r += 4
        }
        while r < hi {
            let p = row(r)
            let coefficient = finish(r, product: tau != 0 ? VectorKernels.dot(p, v, width) : 0)
            if fuse { VectorKernels.axpy(coefficient, p + 1, zs, width - 1) }
            r += 1
        }
    }
}

/// (r0·v, r1·v, r2·v, r3·v) over `count` entries; each load of v serves four rows.
@inline(__always)
private func fourDots(_ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>, _ r2: UnsafePointer<Double>,
                      _ r3: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ count: Int) -> SIMD4<Double> {
    typealias V = SIMD4<Double>
    let x0 = UnsafeRawPointer(r0), x1 = UnsafeRawPointer(r1), x2 = UnsafeRawPointer(r2), x3 = UnsafeRawPointer(r3)
    let y = UnsafeRawPointer(v)
    var s0 = V(), s1 = V(), s2 = V(), s3 = V()
    var j = 0
    while j + 4 <= count {
        let o = j * 8
        let vj = y.loadUnaligned(fromByteOffset: o, as: V.self)
        s0.addProduct(x0.loadUnaligned(fromByteOffset: o, as: V.self), vj)
        s1.addProduct(x1.loadUnaligned(fromByteOffset: o, as: V.self), vj)
        s2.addProduct(x2.loadUnaligned(fromByteOffset: o, as: V.self), vj)
        s3.addProduct(x3.loadUnaligned(fromByteOffset: o, as: V.self), vj)
        j += 4
    }
    var sums = V(s0.sum(), s1.sum(), s2.sum(), s3.sum())
    while j < count {
        sums.addProduct(V(r0[j], r1[j], r2[j], r3[j]), V(repeating: v[j]))
        j += 1
    }
    return sums
}

/// z[j] += Σ_q coefficients[q]·r_q[j] for j < count; each load and store of z serves four rows.
@inline(__always)
private func fourAxpys(_ coefficients: SIMD4<Double>, _ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>,
                       _ r2: UnsafePointer<Double>, _ r3: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>,
                       _ count: Int) {
    typealias V = SIMD4<Double>
    let x0 = UnsafeRawPointer(r0), x1 = UnsafeRawPointer(r1), x2 = UnsafeRawPointer(r2), x3 = UnsafeRawPointer(r3)
    let zr = UnsafeMutableRawPointer(z)
    let c0 = V(repeating: coefficients[0]), c1 = V(repeating: coefficients[1])
    let c2 = V(repeating: coefficients[2]), c3 = V(repeating: coefficients[3])
    var j = 0
    while j + 4 <= count {
        let o = j * 8
        var acc = zr.loadUnaligned(fromByteOffset: o, as: V.self)
        acc.addProduct(c0, x0.loadUnaligned(fromByteOffset: o, as: V.self))
        acc.addProduct(c1, x1.loadUnaligned(fromByteOffset: o, as: V.self))
        acc.addProduct(c2, x2.loadUnaligned(fromByteOffset: o, as: V.self))
        acc.addProduct(c3, x3.loadUnaligned(fromByteOffset: o, as: V.self))
        zr.storeBytes(of: acc, toByteOffset: o, as: V.self)
        j += 4
    }
    while j < count {
        z[j] += coefficients[0] * r0[j] + coefficients[1] * r1[j] + coefficients[2] * r2[j] + coefficients[3] * r3[j]
        j += 1
    }
}
