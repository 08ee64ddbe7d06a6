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
    init(symmetric: [Double], n: Int) {
        self.n = n
        var a = symmetric
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n - 1, 0))
        var taus = [Double](repeating: 0, count: Swift.max(n - 2, 0))
        var p = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { ab in
            let a = ab.baseAddress!
            p.withUnsafeMutableBufferPointer { pb in
                let p = pb.baseAddress!
                for k in 0..<Swift.max(n - 2, 0) {
                    let len = n - k - 1
                    let v = a + k * n + k + 1          // row k, right of the diagonal
                    d[k] = a[k * n + k]
                    let (beta, t) = decompositionReflector(v, len)
                    e[k] = beta
                    taus[k] = t
                    v[0] = 1
                    if t == 0 { continue }
                    // Trailing block S = A[k+1..<n, k+1..<n] ← H S H = S − v wᵀ − w vᵀ with
                    // p = τ S v and w = p − (τ/2)(pᵀv) v.
                    let s0 = a + (k + 1) * n + (k + 1)
                    for i in 0..<len { p[i] = t * decompositionDot(s0 + i * n, v, len) }
                    let kappa = 0.5 * t * decompositionDot(p, v, len)
                    for i in 0..<len { p[i] -= kappa * v[i] }
                    for i in 0..<len { decompositionRank2Row(v[i], p, p[i], v, s0 + i * n, len) }
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
