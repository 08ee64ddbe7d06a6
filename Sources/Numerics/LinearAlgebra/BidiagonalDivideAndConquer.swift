/// Singular values and vectors of a square upper bidiagonal matrix B (diagonal d, superdiagonal e)
/// by divide and conquer, B = U·diag(σ)·Vᵀ.
///
/// Splitting. A block of m rows that spans m + s columns (s ∈ {0, 1}: square, or one extra column)
/// is cut at its middle row k into an upper part B₁ (rows above k, which spans one column more than
/// it has rows), the row k itself (α = d_k on the diagonal, β = e_k right of it) and a lower part B₂
/// (rows below k, the same shape type s as the block). With Bᵢ = Uᵢ·[Dᵢ 0]·Wᵢᵀ solved recursively,
/// and the null vectors of the two parts' extra columns rotated into one (coefficients c₀, s₀), the
/// block becomes diag(U₁, 1, U₂)·M·Wᵀ with the "broken arrow"
///
///     M = e₀·zᵀ + diag(0, D₁, D₂),   z = (r₀, α·(last row of W₁), β·(first row of W₂)),
///
/// so MᵀM = D² + z·zᵀ: the squared singular values of M are the eigenvalues of a rank-one
/// modification with poles dⱼ² and weights zⱼ², the roots of 1 + Σ zⱼ²/(dⱼ² − σ²) = 0
/// (``SecularEquation``). For a root σ, the right vector is (ẑⱼ/(dⱼ² − σ²))ⱼ and the left vector is
/// (−1, (dⱼ·ẑⱼ/(dⱼ² − σ²))_{j≥1}), both normalised, where ẑ is the Gu–Eisenstat vector for which
/// the computed roots are exact (ẑⱼ² = ∏ᵢ(σᵢ² − dⱼ²)/∏_{i≠j}(dᵢ² − dⱼ²)); this keeps both sets of
/// vectors numerically orthogonal however close the singular values are (Gu & Eisenstat, "A
/// divide-and-conquer algorithm for the bidiagonal SVD", 1995).
///
/// Deflation, each a perturbation of M of at most tol = 8ε·max(max dⱼ, max|zⱼ|, max|B|):
/// - |zⱼ| ≤ tol (j ≥ 1): dⱼ is a singular value with unit vectors;
/// - |z₀| ≤ tol: z₀ is raised to tol (the zero pole must stay in the secular equation);
/// - dⱼ so small that rotating columns 0 and j to zero zⱼ drops an entry s·dⱼ ≤ tol;
/// - two poles whose rotation (rows and columns alike) zeroing one of their z components leaves a
///   coupling |(dⱼ − dₚ)·c·s| ≤ tol.
/// The poles dⱼ² are squared in floating point; a rounded square is the exact square of dⱼ·(1 + η)
/// with |η| ≤ ε, a relative perturbation of B's singular values far below the deflation tolerance,
/// so working with them is backward stable. Distances dⱼ² − σᵢ² are formed relative to the nearest
/// pole, as the secular solver returns them, and σᵢ = (δₒ + τ)^{1/2} without cancellation.
///
/// Blocks of at most `leafSize` rows are solved by the bidiagonal QR iteration (an extra column is
/// first chased out by column rotations). Merges form the new vectors by ``gemm`` with the
/// children's factors.
///
/// Contract: B should be scaled to norm near 1 (the caller does). On return `d` holds the singular
/// values in ascending order and the result holds row-major n×n U and V whose column j is the
/// left / right singular vector of d[j]: ‖B − U·diag(σ)·Vᵀ‖ and ‖UᵀU − I‖, ‖VᵀV − I‖ are
/// O(n·ε·‖B‖) (each merge adds a few ε; the depth is log₂(n/leafSize)). Singular values are
/// accurate to O(n·ε·‖B‖) absolutely (not to high relative accuracy, unlike the QR iteration's).
/// Deterministic for a given input, whatever the thread count.
///
/// `recomputeWeights: false` forms the vectors from z itself instead of ẑ; it exists only so that
/// tests can show that this loses orthogonality when singular values are close.
func bidiagonalDivideAndConquer(
    diagonal d: inout [Double], superdiagonal e: [Double], leafSize: Int = 32, recomputeWeights: Bool = true
) throws(NumericsError) -> (u: [Double], v: [Double]) {
    let n = d.count
    require(e.count == Swift.max(n - 1, 0),
            "bidiagonalDivideAndConquer: \(n) diagonal entries need \(Swift.max(n - 1, 0)) superdiagonal ones, got \(e.count)")
    var u = LargeBuffer.make(count: n * n, repeating: 0)
    var v = LargeBuffer.make(count: n * n, repeating: 0)
    if n == 0 { return (u, v) }
    var largest = 0.0
    for x in d { largest = Swift.max(largest, Swift.abs(x)) }
    for x in e { largest = Swift.max(largest, Swift.abs(x)) }
    let solver = BidiagonalDivideAndConquer(n: n, leafSize: Swift.max(leafSize, 3), e: e,
                                            recomputeWeights: recomputeWeights,
                                            tolerance: 8 * Double.ulpOfOne * largest)
    try d.withUnsafeMutableBufferPointer { (db) throws(NumericsError) in
        try u.withUnsafeMutableBufferPointer { (ub) throws(NumericsError) in
            try v.withUnsafeMutableBufferPointer { (vb) throws(NumericsError) in
                try solver.solve(r0: 0, m: n, extra: 0, d: db.baseAddress!, u: ub.baseAddress!, v: vb.baseAddress!)
            }
        }
    }
    return (u, v)
}

/// The recursion of ``bidiagonalDivideAndConquer(diagonal:superdiagonal:leafSize:recomputeWeights:)``.
/// A sub-problem (r₀, m, s) owns rows r₀..<r₀+m and columns r₀..<r₀+m+s of B; its left vectors
/// live in the diagonal block [r₀, r₀+m) of U and its right vectors in the diagonal block
/// [r₀, r₀+m+s) of V (the null vector of the extra column, when s = 1, in the block's last column).
/// Its singular values go to d[r₀..<r₀+m] with the matching columns, in ascending order.
struct BidiagonalDivideAndConquer {
    /// Sub-problems of at least this many rows solve their two halves on two threads.
    static let parallelHalvesFrom = 128

    let n: Int
    let leafSize: Int
    let e: [Double]
    let recomputeWeights: Bool
    /// The absolute deflation floor 8ε·max|B| (every merge's tolerance is at least this).
    let tolerance: Double

    func solve(r0: Int, m: Int, extra s: Int, d: UnsafeMutablePointer<Double>,
               u: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) throws(NumericsError) {
        if m <= leafSize {
            try solveLeaf(r0: r0, m: m, extra: s, d: d, u: u, v: v)
            return
        }
        let nl = m / 2
        let k = r0 + nl
        let alpha = d[k], beta = e[k]
        // The halves own disjoint entries of d and disjoint blocks of U and V (rows and columns
        // r₀...k and from k + 1), so they can run side by side; nested parallel calls inside them
        // then run on their own thread, and the gemm results do not depend on the thread count.
        try Parallel.bothHalves(parallel: m >= BidiagonalDivideAndConquer.parallelHalvesFrom,
                                { () throws(NumericsError) in try solve(r0: r0, m: nl, extra: 1, d: d, u: u, v: v) },
                                { () throws(NumericsError) in try solve(r0: k + 1, m: m - nl - 1, extra: s, d: d, u: u, v: v) })
        merge(r0: r0, m: m, extra: s, alpha: alpha, beta: beta, d: d, u: u, v: v)
    }

    /// QR iteration on a block of at most `leafSize` rows.
    private func solveLeaf(r0: Int, m: Int, extra s: Int, d: UnsafeMutablePointer<Double>,
                           u: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) throws(NumericsError) {
        let mc = m + s
        var dd = Array(UnsafeBufferPointer(start: d + r0, count: m))
        var ee = [Double](repeating: 0, count: Swift.max(m - 1, 0))
        for i in 0..<Swift.max(m - 1, 0) { ee[i] = e[r0 + i] }
        // Right rotations so far, as an mc×mc matrix W (row-major); B_leaf·W = [square part | 0].
        var w = LargeBuffer.make(count: mc * mc, repeating: 0)
        for i in 0..<mc { w[i * mc + i] = 1 }
        if s == 1 {
            // Chase the extra column's entry up: rotate columns (i, m) to zero entry (i, m).
            var bulge = e[r0 + m - 1]
            var i = m - 1
            while i >= 0 && bulge != 0 {
                let (c, sn, r) = givensRotation(dd[i], bulge)
                dd[i] = r
                for row in 0..<mc {
                    let xi = w[row * mc + i], xm = w[row * mc + m]
                    w[row * mc + i] = c * xi + sn * xm
                    w[row * mc + m] = -sn * xi + c * xm
                }
                if i > 0 {
                    bulge = -sn * ee[i - 1]
                    ee[i - 1] = c * ee[i - 1]
                }
                i -= 1
            }
        }
        var left = RotationSweeps(), right = RotationSweeps()
        try bidiagonalQRIteration(diagonal: &dd, superdiagonal: &ee, left: &left, right: &right, record: true)
        // Rows of Uᵀ (start: identity) and of Vᵀ (start: the first m columns of W, as rows).
        var ut = LargeBuffer.make(count: m * m, repeating: 0)
        for i in 0..<m { ut[i * m + i] = 1 }
        var vt = LargeBuffer.make(count: m * mc, repeating: 0)
        for i in 0..<m { for r in 0..<mc { vt[i * mc + r] = w[r * mc + i] } }
        ut.withUnsafeMutableBufferPointer { left.apply(to: $0.baseAddress!, rows: m, columns: m) }
        vt.withUnsafeMutableBufferPointer { right.apply(to: $0.baseAddress!, rows: m, columns: mc) }
        for i in 0..<m where dd[i] < 0 {
            dd[i] = -dd[i]
            for r in 0..<mc { vt[i * mc + r] = -vt[i * mc + r] }
        }
        let order = (0..<m).sorted { dd[$0] < dd[$1] }
        for (column, source) in order.enumerated() {
            d[r0 + column] = dd[source]
            for r in 0..<m { u[(r0 + r) * n + r0 + column] = ut[source * m + r] }
            for r in 0..<mc { v[(r0 + r) * n + r0 + column] = vt[source * mc + r] }
        }
        if s == 1 {
            for r in 0..<mc { v[(r0 + r) * n + r0 + m] = w[r * mc + m] }
        }
    }

    /// Merges the solved parts above and below row k = r₀ + ⌊m/2⌋ through the broken arrow M.
    private func merge(r0: Int, m: Int, extra s: Int, alpha: Double, beta: Double, d: UnsafeMutablePointer<Double>,
                       u: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) {
        let n = self.n
        let nl = m / 2, nr = m - nl - 1
        let k = r0 + nl
        let leftNull = k, rightStart = k + 1, rightNull = k + 1 + nr   // V columns
        // M coordinates: 0 = row k / the combined null column; 1...nl the upper part; nl+1..<m the lower.
        var z = [Double](repeating: 0, count: m)
        var dd = [Double](repeating: 0, count: m)
        let a0 = alpha * v[k * n + leftNull]
        let b0 = s == 1 ? beta * v[rightStart * n + rightNull] : 0
        let r0Norm = hypotSafe(a0, b0)
        let c0 = r0Norm == 0 ? 1.0 : a0 / r0Norm, s0 = r0Norm == 0 ? 0.0 : b0 / r0Norm
        z[0] = r0Norm
        for j in 0..<nl {
            z[1 + j] = alpha * v[k * n + r0 + j]
            dd[1 + j] = d[r0 + j]
        }
        for j in 0..<nr {
            z[1 + nl + j] = beta * v[rightStart * n + rightStart + j]
            dd[1 + nl + j] = d[rightStart + j]
        }

        // Deflation, scanning the poles in ascending order (pole 0, d = 0, comes first).
        var dmax = 0.0, zmax = 0.0
        for j in 0..<m { dmax = Swift.max(dmax, dd[j]); zmax = Swift.max(zmax, Swift.abs(z[j])) }
        let tol = Swift.max(8 * Double.ulpOfOne * Swift.max(dmax, zmax), tolerance)
        let order = (0..<m).sorted { dd[$0] < dd[$1] || (dd[$0] == dd[$1] && $0 < $1) }
        var kept: [Int] = []
        var deflated: [Int] = []
        kept.reserveCapacity(m)
        // Rotations in the order made: (p, j, c, s, both sides?).
        var rotations: [(Int, Int, Double, Double, Bool)] = []
        var previous = 0   // order[0] == 0
        if tol == 0 {
            // B is zero: M = 0 is diagonal already.
            deflated = order
            previous = -1
        } else if Swift.abs(z[0]) <= tol {
            z[0] = z[0] < 0 ? -tol : tol
        }
        for j in order.dropFirst() where previous >= 0 {
            if Swift.abs(z[j]) <= tol { deflated.append(j); continue }
            let r = hypotSafe(z[previous], z[j])
            if previous == 0 {
                // Rotate columns 0 and j to zero z_j; drops M[j, 0] = s·d_j.
                let c = z[0] / r, sn = z[j] / r
                if Swift.abs(sn * dd[j]) <= tol {
                    z[0] = r
                    z[j] = 0
                    dd[j] = c * dd[j]
                    rotations.append((0, j, c, sn, false))
                    deflated.append(j)
                    continue
                }
                kept.append(0)
                previous = j
                continue
            }
            let c = z[j] / r, sn = z[previous] / r
            if Swift.abs((dd[j] - dd[previous]) * c * sn) <= tol {
                let dp = dd[previous], dj = dd[j]
                dd[previous] = c * c * dp + sn * sn * dj
                dd[j] = sn * sn * dp + c * c * dj
                z[j] = r
                z[previous] = 0
                rotations.append((previous, j, c, sn, true))
                deflated.append(previous)
                previous = j
            } else {
                kept.append(previous)
                previous = j
            }
        }
        if previous >= 0 { kept.append(previous) }
        let kk = kept.count

        // Secular roots σᵢ² and distances dⱼ² − σᵢ² (row i of `distances`).
        var poles = [Double](repeating: 0, count: kk)
        var weights = [Double](repeating: 0, count: kk)
        for i in 0..<kk {
            poles[i] = dd[kept[i]] * dd[kept[i]]
            weights[i] = z[kept[i]] * z[kept[i]]
        }
        var distances = LargeBuffer.make(count: kk * kk, repeating: 0)
        let sigma = SecularEquation.allRoots(poles: poles, weights: weights, distances: &distances)
            .map { Swift.max($0, 0).squareRoot() }
        // ẑⱼ² = (σ_{K−1}² − δⱼ) · ∏_{i<j} (σᵢ² − δⱼ)/(δᵢ − δⱼ) · ∏_{j≤i<K−1} (σᵢ² − δⱼ)/(δᵢ₊₁ − δⱼ) (ρ = 1).
        var zhat = SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: distances, rho: 1)
        for j in 0..<kk {
            let magnitude = Swift.abs(zhat[j]).squareRoot()
            zhat[j] = recomputeWeights ? (z[kept[j]] < 0 ? -magnitude : magnitude) : z[kept[j]]
        }

        // Final order: all m singular values ascending; sources < kk are roots, others deflated.
        var all = [(Double, Int)]()
        all.reserveCapacity(m)
        for i in 0..<kk { all.append((sigma[i], i)) }
        for (c, q) in deflated.enumerated() { all.append((dd[q], kk + c)) }
        all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        // Ũ and Ṽ in M coordinates (m×m, row-major): column `position` is the vector of all[position].
        var ut = LargeBuffer.make(count: m * m, repeating: 0)
        var vt = LargeBuffer.make(count: m * m, repeating: 0)
        for (position, entry) in all.enumerated() {
            d[r0 + position] = entry.0
            if entry.1 >= kk {
                let q = deflated[entry.1 - kk]
                ut[q * m + position] = 1
                vt[q * m + position] = 1
                continue
            }
            let i = entry.1, row = i * kk
            var nv = 0.0, nu = 1.0
            for j in 0..<kk {
                let x = zhat[j] / distances[row + j]
                distances[row + j] = x
                nv += x * x
                if j > 0 { let y = dd[kept[j]] * x; nu += y * y }
            }
            let iv = 1 / nv.squareRoot(), iu = 1 / nu.squareRoot()
            ut[kept[0] * m + position] = -iu
            vt[kept[0] * m + position] = distances[row] * iv
            for j in 1..<kk {
                let x = distances[row + j]
                ut[kept[j] * m + position] = dd[kept[j]] * x * iu
                vt[kept[j] * m + position] = x * iv
            }
        }
        // Undo the deflation rotations (last first): M = G·M′·Gᵀ on each side it acted on.
        for (p, j, c, sn, bothSides) in rotations.reversed() {
            if bothSides {
                for col in 0..<m {
                    let xp = vt[p * m + col], xj = vt[j * m + col]
                    vt[p * m + col] = c * xp + sn * xj
                    vt[j * m + col] = -sn * xp + c * xj
                    let yp = ut[p * m + col], yj = ut[j * m + col]
                    ut[p * m + col] = c * yp + sn * yj
                    ut[j * m + col] = -sn * yp + c * yj
                }
            } else {
                for col in 0..<m {
                    let x0 = vt[col], xj = vt[j * m + col]
                    vt[col] = c * x0 - sn * xj
                    vt[j * m + col] = sn * x0 + c * xj
                }
            }
        }

        // U block: rows above k = U₁·Ũ[1...nl], row k = Ũ[0], rows below = U₂·Ũ[nl+1..<m].
        var u1 = [Double](repeating: 0, count: Swift.max(nl * nl, 1))
        var u2 = [Double](repeating: 0, count: Swift.max(nr * nr, 1))
        for r in 0..<nl { for c in 0..<nl { u1[r * nl + c] = u[(r0 + r) * n + r0 + c] } }
        for r in 0..<nr { for c in 0..<nr { u2[r * nr + c] = u[(rightStart + r) * n + rightStart + c] } }
        // V block: rows r₀...k = L·Ṽ[0...nl], rows below = R·Ṽ[{0} ∪ nl+1..<m], with
        // L = [c₀·w₁ | W₁] and R = [s₀·w₂ | W₂] (wᵢ the null vectors).
        let lr = nl + 1, rr = nr + s
        var lmat = LargeBuffer.make(count: lr * lr, repeating: 0)
        var rmat = [Double](repeating: 0, count: Swift.max(rr * (nr + 1), 1))
        var nullLeft = [Double](repeating: 0, count: lr)
        var nullRight = [Double](repeating: 0, count: rr)
        for r in 0..<lr {
            let src = v + (r0 + r) * n
            nullLeft[r] = src[leftNull]
            lmat[r * lr] = c0 * src[leftNull]
            for c in 0..<nl { lmat[r * lr + 1 + c] = src[r0 + c] }
        }
        for r in 0..<rr {
            let src = v + (rightStart + r) * n
            if s == 1 { nullRight[r] = src[rightNull] }
            rmat[r * (nr + 1)] = s == 1 ? s0 * src[rightNull] : 0
            for c in 0..<nr { rmat[r * (nr + 1) + 1 + c] = src[rightStart + c] }
        }
        // Ṽ rows {0} ∪ nl+1..<m, packed.
        var vLower = [Double](repeating: 0, count: (nr + 1) * m)
        for c in 0..<m { vLower[c] = vt[c] }
        for r in 0..<nr { for c in 0..<m { vLower[(1 + r) * m + c] = vt[(nl + 1 + r) * m + c] } }

        for c in 0..<m { u[k * n + r0 + c] = ut[c] }
        ut.withUnsafeBufferPointer { ub in
            vt.withUnsafeBufferPointer { vb in
                if nl > 0 {
                    u1.withUnsafeBufferPointer { ab in
                        gemm(transposeA: false, transposeB: false, m: nl, n: m, k: nl, alpha: 1,
                             a: ab.baseAddress!, lda: nl, b: ub.baseAddress! + m, ldb: m,
                             beta: 0, c: u + r0 * n + r0, ldc: n)
                    }
                }
                if nr > 0 {
                    u2.withUnsafeBufferPointer { ab in
                        gemm(transposeA: false, transposeB: false, m: nr, n: m, k: nr, alpha: 1,
                             a: ab.baseAddress!, lda: nr, b: ub.baseAddress! + (nl + 1) * m, ldb: m,
                             beta: 0, c: u + rightStart * n + r0, ldc: n)
                    }
                }
                lmat.withUnsafeBufferPointer { ab in
                    gemm(transposeA: false, transposeB: false, m: lr, n: m, k: lr, alpha: 1,
                         a: ab.baseAddress!, lda: lr, b: vb.baseAddress!, ldb: m,
                         beta: 0, c: v + r0 * n + r0, ldc: n)
                }
            }
        }
        if rr > 0 {
            rmat.withUnsafeBufferPointer { ab in
                vLower.withUnsafeBufferPointer { lb in
                    gemm(transposeA: false, transposeB: false, m: rr, n: m, k: nr + 1, alpha: 1,
                         a: ab.baseAddress!, lda: nr + 1, b: lb.baseAddress!, ldb: m,
                         beta: 0, c: v + rightStart * n + r0, ldc: n)
                }
            }
        }
        // Zero the blocks' off-diagonal parts that the products did not write: U rows above k
        // are complete (m columns); V likewise. The extra column's null vector, when s = 1.
        if s == 1 {
            let col = r0 + m
            for r in 0..<lr { v[(r0 + r) * n + col] = -s0 * nullLeft[r] }
            for r in 0..<rr { v[(rightStart + r) * n + col] = c0 * nullRight[r] }
        }
    }
}

