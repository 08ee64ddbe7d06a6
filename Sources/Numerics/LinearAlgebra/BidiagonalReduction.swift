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
        var w = [Double](repeating: 0, count: Swift.max(n, m))
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
                        if tauL != 0 && cols > 0 {
                            // A[k..<m, k+1..<n] −= τ v (vᵀ A[...]).
                            for j in 0..<cols { w[j] = 0 }
                            for i in 0..<len { decompositionAxpy(x[i], a + (k + i) * n + k + 1, w, cols) }
                            for i in 0..<len { decompositionAxpy(-tauL * x[i], w, a + (k + i) * n + k + 1, cols) }
                        }
                        if k + 1 >= n { continue }
                        // Right reflector: row k, columns k+1..<n (contiguous).
                        let v = a + k * n + k + 1
                        if cols >= 2 {
                            let (betaR, tauR) = decompositionReflector(v, cols)
                            e[k] = betaR
                            tr[k] = tauR
                            v[0] = 1
                            if tauR != 0 {
                                // A[k+1..<m, k+1..<n] −= τ (A[...] v) vᵀ, row by row.
                                for i in (k + 1)..<m {
                                    let row = a + i * n + k + 1
                                    let t = decompositionDot(row, v, cols)
                                    decompositionAxpy(-tauR * t, v, row, cols)
                                }
                            }
                        } else {
                            e[k] = v[0]
                            tr[k] = 0
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
