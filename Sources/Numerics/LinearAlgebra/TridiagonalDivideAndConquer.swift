/// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T by Cuppen's divide and conquer
/// with the Gu–Eisenstat eigenvector formula.
///
/// T (diagonal d, off-diagonal e) is torn at its middle into T = diag(T₁, T₂) + β·v·vᵀ with
/// v = e_{n₁−1} + sign(β)·e_{n₁} (the two touching diagonal entries lose |β|). With Tᵢ = Qᵢ·Dᵢ·Qᵢᵀ
/// solved recursively, T = Q·(D + ρ·z·zᵀ)·Qᵀ, Q = diag(Q₁, Q₂), z = Qᵀv/√2, ρ = 2|β|, ‖z‖ = 1.
/// The rank-one problem is reduced by deflation, each step a perturbation of at most
/// tol = 8ε·max(max|dᵢ|, ρ) of the merged matrix:
/// - a component with ρ·|zⱼ| ≤ tol is dropped (dⱼ is then an eigenvalue, its column of Q an
///   eigenvector);
/// - two neighbouring poles whose Givens rotation zeroing one of the z components leaves an
///   off-diagonal coupling |(dⱼ − dₚ)·c·s| ≤ tol are rotated together and one is deflated.
/// The K remaining poles are strictly increasing, and the K roots of the secular equation are the
/// other eigenvalues (``SecularEquation``). Their eigenvectors are not formed from z but from the
/// vector ẑ for which the computed roots are the exact eigenvalues of D + ρ·ẑ·ẑᵀ (Gu & Eisenstat,
/// 1995: ẑⱼ² = ∏ᵢ(λᵢ − dⱼ) / (ρ·∏_{i≠j}(dᵢ − dⱼ)), every factor formed from accurate differences),
/// which makes them numerically orthogonal however close the roots are. The merged eigenvectors
/// Q·U are two products through ``gemm``, one per half, restricted to the columns of Q that are
/// non-zero in that half.
///
/// Blocks of at most `leafSize` rows are solved by the implicit QR iteration.
///
/// Contract: T should be scaled to norm near 1 (as the callers do). On return `d` holds the
/// eigenvalues in ascending order and the result is the row-major n×n matrix W whose column j is a
/// unit eigenvector for d[j]: T = W·diag(d)·Wᵀ with backward error and ‖WᵀW − I‖ both
/// O(n·ε·‖T‖) (each merge adds a few ε; the depth is log₂(n/leafSize)). Deterministic: the same
/// input gives bit-identical output for any thread count.
///
/// `recomputeWeights: false` forms the eigenvectors from z itself instead of ẑ; it exists only so
/// that tests can show that this loses orthogonality for close roots.
func tridiagonalDivideAndConquer(
    diagonal d: inout [Double], offDiagonal e: [Double], leafSize: Int = 64, recomputeWeights: Bool = true
) throws(NumericsError) -> [Double] {
    let n = d.count
    var w = LargeBuffer.make(count: n * n, repeating: 0)
    if n == 0 { return w }
    let solver = TridiagonalDivideAndConquer(n: n, leafSize: Swift.max(leafSize, 2), offDiagonal: e,
                                             recomputeWeights: recomputeWeights)
    try LargeBuffer.withWorkspace(count: TridiagonalDivideAndConquer.workspaceCount(n)) { (workspace) throws(NumericsError) in
        try d.withUnsafeMutableBufferPointer { (db) throws(NumericsError) in
            try w.withUnsafeMutableBufferPointer { (wb) throws(NumericsError) in
                try solver.solve(lo: 0, size: n, d: db.baseAddress!, w: wb.baseAddress!, workspace: workspace)
            }
        }
    }
    return w
}

/// The recursion of ``tridiagonalDivideAndConquer(diagonal:offDiagonal:leafSize:)``; W is the
/// n×n buffer whose diagonal block [lo, lo+size) holds the eigenvectors of sub-problem `lo`.
struct TridiagonalDivideAndConquer {
    /// Sub-problems of at least this many rows solve their two halves on two threads.
    static let parallelHalvesFrom = 128
    /// Merges of at least this many rows copy columns and reorder rows on two threads.
    static let parallelRowsFrom = 256

    let n: Int
    let leafSize: Int
    let e: [Double]
    let recomputeWeights: Bool

    init(n: Int, leafSize: Int, offDiagonal: [Double], recomputeWeights: Bool) {
        self.n = n
        self.leafSize = leafSize
        self.e = offDiagonal
        self.recomputeWeights = recomputeWeights
    }

    /// Scratch entries a sub-problem of `size` rows needs: 2·size². Its merge uses at most
    /// K² + size·K + size·(size − K) ≤ 2·size² (the secular distances, turned into U in place; the
    /// two halves' columns that enter the products; the deflated columns), and before it the two
    /// halves use 2·n₁² + 2·n₂² ≤ 2·size² side by side. So one buffer, taken once, serves every
    /// merge: fresh pages are faulted in once per call instead of once per merge (on the 2-vCPU
    /// test machine, faulting in new memory cost as much as 3 to 16 passes over memory already
    /// mapped, with 2 MiB or 4 KiB pages).
    static func workspaceCount(_ size: Int) -> Int { 2 * size * size }

    func solve(lo: Int, size: Int, d: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>,
               workspace: UnsafeMutablePointer<Double>) throws(NumericsError)
    {
        if size <= leafSize {
            try solveLeaf(lo: lo, size: size, d: d, w: w)
            return
        }
        let n1 = size / 2
        let beta = e[lo + n1 - 1]
        let absBeta = Swift.abs(beta)
        d[lo + n1 - 1] -= absBeta
        d[lo + n1] -= absBeta
        // The halves own disjoint entries of d and disjoint diagonal blocks of W, so they can run
        // side by side (see the bidiagonal solver).
        let secondWorkspace = workspace + TridiagonalDivideAndConquer.workspaceCount(n1)
        try Parallel.bothHalves(parallel: size >= TridiagonalDivideAndConquer.parallelHalvesFrom,
                                { () throws(NumericsError) in try solve(lo: lo, size: n1, d: d, w: w, workspace: workspace) },
                                { () throws(NumericsError) in
                                    try solve(lo: lo + n1, size: size - n1, d: d, w: w, workspace: secondWorkspace) })
        merge(lo: lo, n1: n1, n2: size - n1, beta: beta, d: d, w: w, workspace: workspace)
    }

    /// QR iteration on a small block; the eigenvectors go to columns of W in ascending order.
    private func solveLeaf(lo: Int, size: Int, d: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>)
        throws(NumericsError)
    {
        var dd = Array(UnsafeBufferPointer(start: d + lo, count: size))
        var ee = size > 1 ? Array(e[lo..<(lo + size - 1)]) : []
        var sweeps = RotationSweeps()
        try tridiagonalQRIteration(diagonal: &dd, offDiagonal: &ee, rotations: &sweeps, record: true)
        // Rows of the rotated identity are the eigenvectors.
        var rowsOfVectors = LargeBuffer.make(count: size * size, repeating: 0)
        for i in 0..<size { rowsOfVectors[i * size + i] = 1 }
        rowsOfVectors.withUnsafeMutableBufferPointer { sweeps.apply(to: $0.baseAddress!, rows: size, columns: size) }
        let order = (0..<size).sorted { dd[$0] < dd[$1] }
        for (column, source) in order.enumerated() {
            d[lo + column] = dd[source]
            for r in 0..<size { w[(lo + r) * n + lo + column] = rowsOfVectors[source * size + r] }
        }
    }

    /// Merges the solved halves [lo, lo+n1) and [lo+n1, lo+n1+n2) coupled by `beta`, with scratch
    /// space `workspace` (``workspaceCount(_:)`` entries, contents irrelevant).
    private func merge(lo: Int, n1: Int, n2: Int, beta: Double,
                       d: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>,
                       workspace: UnsafeMutablePointer<Double>) {
        let s = n1 + n2
        let n = self.n
        let block = w + lo * n + lo   // block (r, c) at block[r * n + c]
        let rho = 2 * Swift.abs(beta)
        let invSqrt2 = 0.5.squareRoot()
        let sign = beta < 0 ? -1.0 : 1.0
        var z = [Double](repeating: 0, count: s)
        var dl = Array(UnsafeBufferPointer(start: d + lo, count: s))
        for j in 0..<n1 { z[j] = block[(n1 - 1) * n + j] * invSqrt2 }
        for j in n1..<s { z[j] = sign * block[n1 * n + j] * invSqrt2 }
        // Where each column of the block is non-zero: 1 top half only, 2 both, 3 bottom only.
        var support = [UInt8](repeating: 1, count: s)
        for j in n1..<s { support[j] = 3 }

        // Both halves are sorted: merge their orders.
        var order = [Int]()
        order.reserveCapacity(s)
        var p = 0, q = n1
        while p < n1 || q < s {
            if q >= s || (p < n1 && dl[p] <= dl[q]) { order.append(p); p += 1 } else { order.append(q); q += 1 }
        }

        var dmax = 0.0
        for x in dl { dmax = Swift.max(dmax, Swift.abs(x)) }
        let tol = 8 * Double.ulpOfOne * Swift.max(dmax, rho)
        var kept: [Int] = []
        var deflated: [Int] = []
        kept.reserveCapacity(s)
        var previous = -1
        for j in order {
            if rho * Swift.abs(z[j]) <= tol {
                deflated.append(j)
                continue
            }
            if previous < 0 { previous = j; continue }
            let r = hypotSafe(z[previous], z[j])
            let c = z[j] / r, sn = z[previous] / r
            let gap = dl[j] - dl[previous]
            if Swift.abs(gap * c * sn) <= tol {
                // Rotate so that z[previous] = 0: columns (qₚ, qⱼ) ← (c·qₚ − s·qⱼ, s·qₚ + c·qⱼ).
                z[j] = r
                z[previous] = 0
                let dp = dl[previous], dj = dl[j]
                dl[previous] = c * c * dp + sn * sn * dj
                dl[j] = sn * sn * dp + c * c * dj
                for row in 0..<s {
                    let xp = block[row * n + previous], xj = block[row * n + j]
                    block[row * n + previous] = c * xp - sn * xj
                    block[row * n + j] = sn * xp + c * xj
                }
                if support[previous] != support[j] { support[previous] = 2; support[j] = 2 }
                deflated.append(previous)
                previous = j
            } else {
                kept.append(previous)
                previous = j
            }
        }
        if previous >= 0 { kept.append(previous) }
        let k = kept.count

        // Roots of the secular equation and the Gu–Eisenstat vectors. Workspace layout: the K×K
        // distances (row i: δⱼ − λᵢ), which become Uᵀ in place (row = root, column = pole in group
        // order); then the columns of the two halves that enter the products; then the deflated
        // columns.
        let ut = workspace
        var values = [Double](repeating: 0, count: k)
        var groupOrder: [Int] = []                      // pole indices, top-only, both, bottom-only
        var counts = (0, 0, 0)
        if k > 0 {
            var poles = [Double](repeating: 0, count: k)
            var weights = [Double](repeating: 0, count: k)
            for i in 0..<k {
                poles[i] = dl[kept[i]]
                weights[i] = rho * z[kept[i]] * z[kept[i]]
            }
            values = SecularEquation.allRoots(poles: poles, weights: weights, distancesInto: ut)
            var zhat = SecularEquation.guEisenstatWeightsSquared(poles: poles, distances: ut, rho: rho)
            for j in 0..<k {
                let magnitude = zhat[j].squareRoot()
                zhat[j] = z[kept[j]] < 0 ? -magnitude : magnitude
                if !recomputeWeights { zhat[j] = z[kept[j]] }
            }
            for j in 0..<k where support[kept[j]] == 1 { groupOrder.append(j) }
            for j in 0..<k where support[kept[j]] == 2 { groupOrder.append(j) }
            for j in 0..<k where support[kept[j]] == 3 { groupOrder.append(j) }
            for j in 0..<k {
                switch support[kept[j]] {
                case 1: counts.0 += 1
                case 2: counts.1 += 1
                default: counts.2 += 1
                }
            }
            // Column i of U, ẑⱼ/(δⱼ − λᵢ) normalised, is stored as row i of Uᵀ with its entries in
            // group order: written contiguously (a column-wise write to U missed the cache on every
            // entry at large k), rows shared between threads, each row through a scratch row.
            groupOrder.withUnsafeBufferPointer { gb in
                zhat.withUnsafeBufferPointer { zb in
                    let shared = WeightVectorShared(order: gb.baseAddress!, zhat: zb.baseAddress!, ut: ut)
                    let chunk = 64
                    Parallel.forEach(count: (k + chunk - 1) / chunk, threads: k >= 128 ? nil : 1) { c in
                        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: k)
                        defer { scratch.deallocate() }
                        for i in (c * chunk)..<Swift.min(k, (c + 1) * chunk) {
                            let row = shared.ut + i * k
                            var norm2 = 0.0
                            for j in 0..<k {
                                let x = shared.zhat[j] / row[j]
                                scratch[j] = x
                                norm2 += x * x
                            }
                            let inv = 1 / norm2.squareRoot()
                            for r in 0..<k { row[r] = scratch[shared.order[r]] * inv }
                        }
                    }
                }
            }
        }

        // Columns that the products and the deflated eigenvectors need, copied out of the block
        // before the products overwrite it: top rows use the columns of groups 1 and 2, bottom rows
        // groups 2 and 3.
        let k12 = counts.0 + counts.1, k23 = counts.1 + counts.2
        let nd = deflated.count
        require(k * k + n1 * k12 + n2 * k23 + s * nd <= TridiagonalDivideAndConquer.workspaceCount(s),
                "TridiagonalDivideAndConquer.merge: workspace too small for K = \(k) of \(s)")
        let top = workspace + k * k, bottom = top + n1 * k12, kept2 = bottom + n2 * k23
        var topSources = [Int](repeating: 0, count: k12), bottomSources = [Int](repeating: 0, count: k23)
        for c in 0..<k12 { topSources[c] = kept[groupOrder[c]] }
        for c in 0..<k23 { bottomSources[c] = kept[groupOrder[counts.0 + c]] }
        // Final ascending order of all s eigenvalues: sources < k are roots, ≥ k deflated columns.
        var all = [(Double, Int)]()
        all.reserveCapacity(s)
        for i in 0..<k { all.append((values[i], i)) }
        for c in 0..<nd { all.append((dl[deflated[c]], k + c)) }
        all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for (position, entry) in all.enumerated() { d[lo + position] = entry.0 }
        let sourceOfPosition = all.map { $0.1 }

        let rowThreads: Int? = s >= TridiagonalDivideAndConquer.parallelRowsFrom ? nil : 1
        let rowChunk = 64
        let rowChunks = (s + rowChunk - 1) / rowChunk
        topSources.withUnsafeBufferPointer { tsb in
            bottomSources.withUnsafeBufferPointer { bsb in
                deflated.withUnsafeBufferPointer { db in
                    sourceOfPosition.withUnsafeBufferPointer { pb in
                        let shared = MergeRows(block: block, rowStride: n, top: top, bottom: bottom, kept: kept2,
                                               topSources: tsb.baseAddress!, bottomSources: bsb.baseAddress!,
                                               deflated: db.baseAddress!, sourceOfPosition: pb.baseAddress!)
                        Parallel.forEach(count: rowChunks, threads: rowThreads) { c in
                            for r in (c * rowChunk)..<Swift.min(s, (c + 1) * rowChunk) {
                                let src = shared.block + r * shared.rowStride
                                if r < n1 {
                                    let out = shared.top + r * k12
                                    for j in 0..<k12 { out[j] = src[shared.topSources[j]] }
                                } else {
                                    let out = shared.bottom + (r - n1) * k23
                                    for j in 0..<k23 { out[j] = src[shared.bottomSources[j]] }
                                }
                                let out = shared.kept + r * nd
                                for j in 0..<nd { out[j] = src[shared.deflated[j]] }
                            }
                        }

                        // Products straight into the block's first k columns (U's rows in group
                        // order are the columns of Uᵀ, hence the transposed operand).
                        if k > 0 {
                            gemm(transposeA: false, transposeB: true, m: n1, n: k, k: k12, alpha: 1,
                                 a: top, lda: Swift.max(k12, 1), b: ut, ldb: k,
                                 beta: 0, c: block, ldc: n)
                            gemm(transposeA: false, transposeB: true, m: n2, n: k, k: k23, alpha: 1,
                                 a: bottom, lda: Swift.max(k23, 1), b: ut + counts.0, ldb: k,
                                 beta: 0, c: block + n1 * n, ldc: n)
                        }

                        // Each row into ascending order: roots from the row's first k entries
                        // (through a scratch copy, since the order need not keep them in place),
                        // deflated vectors from their copies.
                        Parallel.forEach(count: rowChunks, threads: rowThreads) { c in
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(k, 1))
                            defer { scratch.deallocate() }
                            for r in (c * rowChunk)..<Swift.min(s, (c + 1) * rowChunk) {
                                let dst = shared.block + r * shared.rowStride
                                scratch.update(from: dst, count: k)
                                let deflatedRow = shared.kept + r * nd
                                for position in 0..<s {
                                    let source = shared.sourceOfPosition[position]
                                    dst[position] = source < k ? scratch[source] : deflatedRow[source - k]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Buffers shared by the threads forming the columns of U. Safety: root i writes only row i of
/// `ut`; the rest is read-only.
private struct WeightVectorShared: @unchecked Sendable {
    let order: UnsafePointer<Int>
    let zhat: UnsafePointer<Double>
    let ut: UnsafeMutablePointer<Double>
}

/// A merge's buffers, shared by the threads that copy its columns out of the block and then put
/// its rows in order. Safety: both passes give each row to one thread, which touches only that
/// row of the block, of `top` or `bottom` and of `kept`; the index arrays are read-only.
private struct MergeRows: @unchecked Sendable {
    let block: UnsafeMutablePointer<Double>
    let rowStride: Int
    let top: UnsafeMutablePointer<Double>
    let bottom: UnsafeMutablePointer<Double>
    let kept: UnsafeMutablePointer<Double>
    let topSources: UnsafePointer<Int>
    let bottomSources: UnsafePointer<Int>
    let deflated: UnsafePointer<Int>
    let sourceOfPosition: UnsafePointer<Int>
}

