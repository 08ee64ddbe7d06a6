/// Golub–Kahan Householder reduction of an m×n matrix (m ≥ n) to upper bidiagonal form,
/// A = U_B·B·V_Bᵀ.
///
/// U_B = H₀·…·H_{n−1} (m×m), where Hₖ acts on rows k..<m and annihilates column k below the
/// diagonal; V_B = G₀·…·G_{n−3} (n×n), where Gₖ acts on columns k+1..<n and annihilates row k right
/// of the superdiagonal. B has `diagonal` d (n entries) and `superdiagonal` e (n−1 entries).
/// Backward stable: B = Ûᵀ(A + E)V̂ for exactly orthogonal Û, V̂ with ‖E‖_F ≤ c·n·ε·‖A‖_F
/// (Golub & Van Loan §5.4.8). Work: 4mn² − 4n³/3 flops.
struct BidiagonalReduction {
    let m: Int
    let n: Int
    var diagonal: [Double]
    var superdiagonal: [Double]
    /// Column k below the diagonal holds Hₖ's vector (its leading 1 implicit); row k right of the
    /// superdiagonal holds Gₖ's vector with its leading 1 stored explicitly at (k, k+1).
    private(set) var packed: [Double]
    private(set) var tauLeft: [Double]
    private(set) var tauRight: [Double]

    /// A finished reduction in the layout above (for ``init(blockedEntries:rows:columns:blockSize:finalSize:omitPanelCorrection:)``).
    init(m: Int, n: Int, diagonal: [Double], superdiagonal: [Double], packed: [Double], tauLeft: [Double], tauRight: [Double]) {
        self.m = m
        self.n = n
        self.diagonal = diagonal
        self.superdiagonal = superdiagonal
        self.packed = packed
        self.tauLeft = tauLeft
        self.tauRight = tauRight
    }

    /// Reduces the row-major m×n matrix `entries`; requires m ≥ n.
    ///
    /// One pass over the trailing block per step. The left reflector's wᵀ = vᵀ·A needs
    /// z = Σ_{i>k} A[i,k]·A[i, k+1...] (then wᵀ = A[k, k+1...] + z/(x₀ − β), since
    /// vᵢ = A[i,k]/(x₀ − β)), and z only needs the rows once their column k is final, so it is
    /// accumulated during the previous step's pass. In that pass each row gets the left update and,
    /// while it is in cache, the right update (with the reflector built from row k, which is
    /// updated first), and then adds its term of the next z. Rows are split between two threads
    /// when the block is large; each has its own partial z, added in a fixed order.
    ///
    /// `entries` becomes the buffer the reduction works in: a caller that passes its only reference
    /// (`consume`) saves a copy of m·n entries; otherwise the first write copies it.
    init(entries: consuming [Double], rows m: Int, columns n: Int) {
        require(m >= n, "BidiagonalReduction: needs rows ≥ columns, got \(m)×\(n)")
        self.m = m
        self.n = n
        var a = consume entries
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n - 1, 0))
        var tl = [Double](repeating: 0, count: n)
        var tr = [Double](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: m)
        var work = [Double](repeating: 0, count: 3 * Swift.max(n, 1))
        a.withUnsafeMutableBufferPointer { ab in
            x.withUnsafeMutableBufferPointer { xb in
                work.withUnsafeMutableBufferPointer { wb in
                    let a = ab.baseAddress!, x = xb.baseAddress!
                    let w = wb.baseAddress!, z = w + n   // z: two partial sums, at z and z + n
                    // z for step 0: Σ_{i≥1} A[i,0]·A[i,1...].
                    if n >= 2 {
                        BidiagonalReduction.accumulateZ(a: a, n: n, rows: 1..<m, column: 0, z: z)
                    }
                    for k in 0..<n {
                        // Left reflector: column k, rows k..<m (gathered, it is strided in row-major).
                        let len = m - k
                        for i in 0..<len { x[i] = a[(k + i) * n + k] }
                        let x0 = x[0]
                        let (betaL, tauL) = decompositionReflector(x, len)
                        d[k] = betaL
                        tl[k] = tauL
                        x[0] = 1
                        for i in 1..<Swift.max(len, 1) { a[(k + i) * n + k] = x[i] }
                        let cols = n - k - 1
                        if cols == 0 { continue }
                        let rowK = a + k * n + k + 1
                        if tauL != 0 {
                            // wᵀ = vᵀ·A[k..<m, k+1..<n] = row k + z/(x₀ − β); then row k −= τ·w.
                            let divisor = x0 - betaL
                            for j in 0..<cols { w[j] = rowK[j] + (z[j] + z[n + j]) / divisor }
                            VectorKernels.axpy(-tauL, w, rowK, cols)
                        }
                        // Right reflector from row k, columns k+1..<n.
                        var tauR = 0.0
                        if cols >= 2 {
                            let (betaR, t) = decompositionReflector(rowK, cols)
                            e[k] = betaR
                            tauR = t
                            rowK[0] = 1
                        } else {
                            e[k] = rowK[0]
                        }
                        tr[k] = tauR
                        // Pass over rows k+1..<m: left update, right update, next z term.
                        let wantZ = cols >= 2
                        for j in 0..<(wantZ ? cols - 1 : 0) { z[j] = 0; z[n + j] = 0 }
                        let job = BidiagonalStepPointers(a: a, x: x, w: w, z: z, rowK: rowK)
                        let tauLeft = tauL, tauRight = tauR
                        let rows: @Sendable (Int, Int, Int) -> Void = { lo, hi, slot in
                            let zs = job.z + slot * n
                            for i in lo..<hi {
                                let row = job.a + (k + i) * n + k + 1
                                if tauLeft != 0 { VectorKernels.axpy(-tauLeft * job.x[i], job.w, row, cols) }
                                if tauRight != 0 {
                                    let t = VectorKernels.dot(row, job.rowK, cols)
                                    VectorKernels.axpy(-tauRight * t, job.rowK, row, cols)
                                }
                                // Row k+i is final in columns k+1...: its term of the next z
                                // (rows below the next diagonal entry only).
                                if wantZ && i >= 2 { VectorKernels.axpy(row[0], row + 1, zs, cols - 1) }
                            }
                        }
                        if len * cols >= 40_000 {
                            let half = (len + 1) / 2
                            Parallel.forEach(count: 2) { part in
                                if part == 0 { rows(1, half, 0) } else { rows(half, len, 1) }
                            }
                        } else {
                            rows(1, len, 0)
                        }
                    }
                }
            }
        }
        diagonal = d
        superdiagonal = e
        packed = a
        tauLeft = tl
        tauRight = tr
    }

    /// z ← Σ_{i ∈ rows} A[i, column]·A[i, column+1..<n] (into z; z + n is zeroed, as the second
    /// partial sum).
    private static func accumulateZ(a: UnsafeMutablePointer<Double>, n: Int, rows: Range<Int>, column: Int,
                                    z: UnsafeMutablePointer<Double>) {
        let cols = n - column - 1
        for j in 0..<cols { z[j] = 0; z[n + j] = 0 }
        for i in rows {
            let row = a + i * n + column
            VectorKernels.axpy(row[0], row + 1, z, cols)
        }
    }

    /// The first `p` columns of U_B, transposed: a row-major p×m buffer whose row i is column i of
    /// U_B (p = n for the thin factor, p = m for the full one); see ``ReflectorProduct``.
    func leftFactorTransposed(columns p: Int) -> [Double] {
        var product = ReflectorProduct(order: m)
        packed.withUnsafeBufferPointer { ab in
            for k in 0..<n {
                product.append(rowStart: k, tau: tauLeft[k], vector: ab.baseAddress! + k * n + k,
                               stride: n, length: m - k)
            }
        }
        return product.formTransposed(columns: p)
    }

    /// V_Bᵀ as a row-major n×n buffer (row i is column i of V_B).
    func rightFactorTransposed() -> [Double] {
        var product = ReflectorProduct(order: n)
        packed.withUnsafeBufferPointer { ab in
            for k in 0..<Swift.max(n - 2, 0) {
                product.append(rowStart: k + 1, tau: tauRight[k], vector: ab.baseAddress! + k * n + k + 1,
                               stride: 1, length: n - k - 1)
            }
        }
        return product.formTransposed(columns: n)
    }
}

/// The transpose of a row-major rows×columns buffer (blocked to stay in cache).
func transposedBuffer(_ x: [Double], rows: Int, columns: Int) -> [Double] {
    var t = LargeBuffer.make(count: rows * columns, repeating: 0)
    x.withUnsafeBufferPointer { src in
        t.withUnsafeMutableBufferPointer { dst in
            transposeTiled(src.baseAddress!, rows: rows, columns: columns, into: dst.baseAddress!, rowStride: rows)
        }
    }
    return t
}

/// Writes the transpose of the row-major rows×columns `source` into `destination` (columns rows of
/// `rows` entries, consecutive rows `rowStride` apart), in 32×32 tiles so that the strided side stays
/// in cache.
func transposeTiled(_ source: UnsafePointer<Double>, rows: Int, columns: Int,
                    into destination: UnsafeMutablePointer<Double>, rowStride: Int) {
    let bs = 32
    for i0 in stride(from: 0, to: rows, by: bs) {
        for j0 in stride(from: 0, to: columns, by: bs) {
            for i in i0..<Swift.min(i0 + bs, rows) {
                for j in j0..<Swift.min(j0 + bs, columns) { destination[j * rowStride + i] = source[i * columns + j] }
            }
        }
    }
}

/// Pointers shared by the two threads of one reduction step. Safety: the threads update disjoint
/// rows of `a`, write disjoint halves of `z`, and only read `x`, `w` and row k.
private struct BidiagonalStepPointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let x: UnsafeMutablePointer<Double>
    let w: UnsafeMutablePointer<Double>
    let z: UnsafeMutablePointer<Double>
    let rowK: UnsafeMutablePointer<Double>
}
