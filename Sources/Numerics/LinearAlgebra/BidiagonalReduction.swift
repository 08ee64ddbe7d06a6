import Dispatch

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
    private var packed: [Double]
    private var tauLeft: [Double]
    private var tauRight: [Double]

    /// Reduces the row-major m×n matrix `entries`; requires m ≥ n.
    ///
    /// Step k makes two passes over the trailing block: one forms wᵀ = vᵀ·A for the left reflector,
    /// the other applies the left reflector to each row and, while the row is in cache, the right
    /// reflector (built from row k, which is updated first). Both passes split the rows between two
    /// threads when the block is large.
    init(entries: [Double], rows m: Int, columns n: Int) {
        require(m >= n, "BidiagonalReduction: needs rows ≥ columns, got \(m)×\(n)")
        self.m = m
        self.n = n
        var a = entries
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n - 1, 0))
        var tl = [Double](repeating: 0, count: n)
        var tr = [Double](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: 2 * n)
        a.withUnsafeMutableBufferPointer { ab in
            let a = ab.baseAddress!
            x.withUnsafeMutableBufferPointer { xb in
                w.withUnsafeMutableBufferPointer { wb in
                    let x = xb.baseAddress!, w = wb.baseAddress!
                    for k in 0..<n {
                        // Left reflector: column k, rows k..<m (gathered, it is strided in row-major).
                        let len = m - k
                        for i in 0..<len { x[i] = a[(k + i) * n + k] }
                        let (betaL, tauL) = decompositionReflector(x, len)
                        d[k] = betaL
                        tl[k] = tauL
                        x[0] = 1
                        for i in 1..<Swift.max(len, 1) { a[(k + i) * n + k] = x[i] }
                        let cols = n - k - 1
                        if cols == 0 { continue }
                        let parallel = len * cols >= 40_000
                        let job = BidiagonalStepPointers(a: a, x: x, w: w)
                        // Pass 1: wᵀ = vᵀ·A[k..<m, k+1..<n] (two partial sums when parallel).
                        if tauL != 0 {
                            let partial: @Sendable (Int, Int, Int) -> Void = { lo, hi, slot in
                                let ws = job.w + slot * n
                                for j in 0..<cols { ws[j] = 0 }
                                for i in lo..<hi { decompositionAxpy(job.x[i], job.a + (k + i) * n + k + 1, ws, cols) }
                            }
                            if parallel {
                                let half = len / 2
                                DispatchQueue.concurrentPerform(iterations: 2) { part in
                                    if part == 0 { partial(0, half, 0) } else { partial(half, len, 1) }
                                }
                                for j in 0..<cols { w[j] += w[n + j] }
                            } else {
                                partial(0, len, 0)
                            }
                            decompositionAxpy(-tauL, w, a + k * n + k + 1, cols)   // row k (x[0] = 1)
                        }
                        // Right reflector from row k, columns k+1..<n.
                        let v = a + k * n + k + 1
                        var tauR = 0.0
                        if cols >= 2 {
                            let (betaR, t) = decompositionReflector(v, cols)
                            e[k] = betaR
                            tauR = t
                            v[0] = 1
                        } else {
                            e[k] = v[0]
                        }
                        tr[k] = tauR
                        // Pass 2: rows k+1..<m get the left update, then the right one.
                        if tauL == 0 && tauR == 0 { continue }
                        let tauRight = tauR
                        let rowK = BidiagonalStepPointers(a: v, x: x, w: w)
                        let rows: @Sendable (Int, Int) -> Void = { lo, hi in
                            for i in lo..<hi {
                                let row = job.a + (k + i) * n + k + 1
                                if tauL != 0 { decompositionAxpy(-tauL * job.x[i], job.w, row, cols) }
                                if tauRight != 0 {
                                    let t = decompositionDot(row, rowK.a, cols)
                                    decompositionAxpy(-tauRight * t, rowK.a, row, cols)
                                }
                            }
                        }
                        if parallel {
                            let half = (len + 1) / 2
                            DispatchQueue.concurrentPerform(iterations: 2) { part in
                                if part == 0 { rows(1, half) } else { rows(half, len) }
                            }
                        } else {
                            rows(1, len)
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
    var t = [Double](repeating: 0, count: rows * columns)
    x.withUnsafeBufferPointer { src in
        t.withUnsafeMutableBufferPointer { dst in
            let bs = 32
            for i0 in stride(from: 0, to: rows, by: bs) {
                for j0 in stride(from: 0, to: columns, by: bs) {
                    for i in i0..<Swift.min(i0 + bs, rows) {
                        for j in j0..<Swift.min(j0 + bs, columns) { dst[j * rows + i] = src[i * columns + j] }
                    }
                }
            }
        }
    }
    return t
}

/// Pointers shared by the two threads of one reduction step. Safety: in pass 1 the threads write
/// disjoint halves of `w` and only read `a`; in pass 2 they update disjoint rows of `a` and only
/// read `x`, `w` and row k.
private struct BidiagonalStepPointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let x: UnsafeMutablePointer<Double>
    let w: UnsafeMutablePointer<Double>
}
