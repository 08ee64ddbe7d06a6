extension Matrix {
    /// The singular value decomposition A = U·diag(σ)·Vᵀ.
    ///
    /// Works for every shape, including empty ones (0×k gives no singular values; the full factors
    /// are then identities). `full: false` returns the thin factors (U m×p, Vᵀ p×n with
    /// p = min(m, n)); `full: true` returns square orthogonal U (m×m) and Vᵀ (n×n).
    ///
    /// Throws ``NumericsError/nonFiniteInput`` for NaN or infinite entries and
    /// ``NumericsError/noConvergence`` if the bidiagonal QR iteration fails (not observed in practice).
    ///
    /// Method: exact power-of-two scaling to unit size; Golub–Kahan Householder bidiagonalisation
    /// (of Aᵀ when m < n). When min(m, n) ≤ ``svdDivideAndConquerCrossover``: implicit-shift
    /// bidiagonal QR with Demmel–Kahan zero-shift sweeps and relative convergence tests, rotations
    /// recorded and then applied to Uᵀ and Vᵀ in cache-sized column blocks on two threads. Above it:
    /// bidiagonal divide and conquer (``bidiagonalDivideAndConquer``: secular equation on the squared
    /// singular values, Gu–Eisenstat vectors, merges through gemm), then the reduction's reflectors
    /// applied to its vectors in compact WY blocks through gemm (≈ 4mn·p − 2n²·p + 2n³ flops for
    /// U with p columns and V).
    ///
    /// Accuracy (backward stable, both methods): ‖A − UΣVᵀ‖_F ≲ c·max(m,n)·ε·‖A‖_F,
    /// ‖UᵀU − I‖_F and ‖VᵀV − I‖_F ≲ c·max(m,n)·ε, each σᵢ within c·max(m,n)·ε·σ_max of the exact
    /// one (tested up to n = 2048 with graded, rank-deficient, repeated and clustered spectra;
    /// measured residuals and orthogonality below 1·max(m,n)·ε). Small singular values are accurate
    /// to that absolute level only, not relatively (``singularValues()``, which always uses the
    /// QR iteration, is relatively accurate for tiny σ when the bidiagonal form determines them).
    public func svd(full: Bool = false) throws(NumericsError) -> SVD {
        try validateFinite("Matrix.svd")
        let m = rows, n = columns
        if m >= n {
            let core = try svdCore(entries: _storage, rows: m, columns: n, wantVectors: true, fullLeft: full)
            let uRows = full ? m : n
            let u = Matrix(rows: m, columns: uRows, rowMajor: transposedBuffer(core.leftRows, rows: uRows, columns: m))
            let vt = Matrix(rows: n, columns: n, rowMajor: core.rightRows)
            return SVD(u: u, singularValues: core.values, vt: vt)
        } else {
            // A = Bᵀ with B = Aᵀ tall: B = U_B Σ V_Bᵀ gives A = V_B Σ U_Bᵀ.
            let b = transposedBuffer(_storage, rows: m, columns: n)
            let core = try svdCore(entries: b, rows: n, columns: m, wantVectors: true, fullLeft: full)
            let vtRows = full ? n : m
            let u = Matrix(rows: m, columns: m, rowMajor: transposedBuffer(core.rightRows, rows: m, columns: m))
            let vt = Matrix(rows: vtRows, columns: n, rowMajor: core.leftRows)
            return SVD(u: u, singularValues: core.values, vt: vt)
        }
    }

    /// The min(m, n) singular values, descending. Same contract as ``svd(full:)`` without the
    /// vectors (much less work: no factor accumulation).
    public func singularValues() throws(NumericsError) -> [Double] {
        try validateFinite("Matrix.singularValues")
        if rows >= columns {
            return try svdCore(entries: _storage, rows: rows, columns: columns, wantVectors: false, fullLeft: false).values
        }
        let b = transposedBuffer(_storage, rows: rows, columns: columns)
        return try svdCore(entries: b, rows: columns, columns: rows, wantVectors: false, fullLeft: false).values
    }

    /// The spectral norm ‖A‖₂ = σ_max (0 for an empty matrix). Throws for non-finite entries.
    public func spectralNorm() throws(NumericsError) -> Double {
        try singularValues().first ?? 0
    }

    /// The 2-norm condition number κ₂(A) = σ_max/σ_min over the min(m, n) singular values;
    /// `.infinity` when σ_min = 0 (rank deficient, including the zero matrix). Throws
    /// ``NumericsError/domain`` for an empty matrix (no singular values) and for non-finite entries.
    /// Relative accuracy: about κ₂·c·max(m,n)·ε, since σ_min is only known to ±c·max(m,n)·ε·σ_max.
    public func conditionNumber() throws(NumericsError) -> Double {
        let s = try singularValues()
        guard let smax = s.first, let smin = s.last else {
            throw .domain(operation: "Matrix.conditionNumber", detail: "matrix is \(shapeDescription): no singular values")
        }
        return smin == 0 ? .infinity : smax / smin
    }

    /// The numerical rank: the number of singular values above `tolerance`. The default tolerance is
    /// max(m, n)·ε·σ_max (ε = 2⁻⁵², as numpy's `matrix_rank`), the size of the error that rounding
    /// alone puts into the computed singular values, so singular values below it are
    /// indistinguishable from zero. Requires a non-negative tolerance. Throws for non-finite entries.
    public func rank(tolerance: Double? = nil) throws(NumericsError) -> Int {
        if let t = tolerance { require(t >= 0, "Matrix.rank(tolerance: \(t)): tolerance must be ≥ 0") }
        let s = try singularValues()
        guard let smax = s.first else { return 0 }
        let tol = tolerance ?? Double(Swift.max(rows, columns)) * Double.ulpOfOne * smax
        return s.reduce(0) { $0 + ($1 > tol ? 1 : 0) }
    }
}

/// Orders n (the smaller dimension) up to which the SVD with vectors diagonalises the bidiagonal
/// matrix by QR iteration; larger ones use ``bidiagonalDivideAndConquer``. Chosen by timing both
/// (full SVD of Gaussian n×n, medians of 9, two threads, machine loaded): QR iteration faster at
/// 64 (0.29 vs 0.33 ms), divide and conquer from 96 (0.73 vs 0.80 ms) and increasingly so above
/// (16 vs 19 ms at 256, 44 vs 66 ms at 384).
var svdDivideAndConquerCrossover: Int { 96 }

/// Orders n from which the SVD reduces to bidiagonal form by the blocked reduction
/// (``BidiagonalReduction/init(blockedEntries:rows:columns:blockSize:finalSize:omitPanelCorrection:)``)
/// rather than the one-pass unblocked one. Chosen by timing both (reduction alone, Gaussian n×n,
/// best of three, two threads, 2026-12-06): 25 vs 20–29 ms at 512 (a draw), 0.125–0.13 vs
/// 0.15–0.24 s at 1024 and 1.0–1.16 vs 1.6–2.2 s at 2048, where the matrix no longer fits in the
/// cache and the blocked pass moves half the bytes.
var svdBlockedReductionCrossover: Int { 1024 }

/// SVD of a tall row-major m×n matrix (m ≥ n), vectors returned as rows: `leftRows` is p×m
/// (p = n, or m when `fullLeft`), rows are left singular vectors; `rightRows` is n×n, rows are right
/// singular vectors. Singular values descending, ≥ 0.
func svdCore(entries: [Double], rows m: Int, columns n: Int, wantVectors: Bool, fullLeft: Bool,
             divideAndConquerAbove crossover: Int = svdDivideAndConquerCrossover,
             blockedReductionFrom blockedCrossover: Int = svdBlockedReductionCrossover)
    throws(NumericsError) -> (values: [Double], leftRows: [Double], rightRows: [Double])
{
    let p = fullLeft ? m : n
    if n == 0 {
        var eye = LargeBuffer.make(count: p * m, repeating: 0)
        for i in 0..<p { eye[i * m + i] = 1 }
        return ([], wantVectors ? eye : [], [])
    }
    var a = LargeBuffer.copy(of: entries)
    var scaleMax = 0.0
    for x in a { scaleMax = Swift.max(scaleMax, Swift.abs(x)) }
    let k = decompositionScaleExponent(maxAbs: scaleMax)
    decompositionScale(&a, byPowerOfTwo: k)

    let reduction = n >= blockedCrossover
        ? BidiagonalReduction(blockedEntries: consume a, rows: m, columns: n)
        : BidiagonalReduction(entries: consume a, rows: m, columns: n)
    var d: [Double]
    var leftRows: [Double] = [], rightRows: [Double] = []
    if !wantVectors {
        d = reduction.diagonal
        var e = reduction.superdiagonal
        var left = RotationSweeps(), right = RotationSweeps()
        try bidiagonalQRIteration(diagonal: &d, superdiagonal: &e, left: &left, right: &right, record: false)
    } else if n > crossover {
        // Divide and conquer gives B = U_bd·Σ·V_bdᵀ; the reflectors of the reduction are then
        // applied to U_bd (padded to m rows) and V_bd in compact WY blocks through gemm.
        d = reduction.diagonal
        let (ub, vb) = try bidiagonalDivideAndConquer(diagonal: &d, superdiagonal: reduction.superdiagonal)
        leftRows = LargeBuffer.make(count: p * m, repeating: 0)
        rightRows = LargeBuffer.make(count: n * n, repeating: 0)
        transposeTiled(ub, rows: n, columns: n, into: &leftRows, rowStride: m)
        transposeTiled(vb, rows: n, columns: n, into: &rightRows, rowStride: n)
        for i in n..<p { leftRows[i * m + i] = 1 }
        leftRows.withUnsafeMutableBufferPointer { reduction.applyLeftFactor(toVectorsStoredAsRows: $0.baseAddress!, count: p) }
        rightRows.withUnsafeMutableBufferPointer { reduction.applyRightFactor(toVectorsStoredAsRows: $0.baseAddress!, count: n) }
    } else {
        // The QR iteration (serial) and forming the two factors are independent: run them side by side.
        typealias Iteration = Result<([Double], RotationSweeps, RotationSweeps), NumericsError>
        let (iteration, factors) = decompositionRunPair(parallel: n >= 64, { () -> Iteration in
            var d = reduction.diagonal, e = reduction.superdiagonal
            var left = RotationSweeps(), right = RotationSweeps()
            do throws(NumericsError) {
                try bidiagonalQRIteration(diagonal: &d, superdiagonal: &e, left: &left, right: &right, record: true)
                return .success((d, left, right))
            } catch {
                return .failure(error)
            }
        }, { (reduction.leftFactorTransposed(columns: p), reduction.rightFactorTransposed()) })
        let (dd, left, right) = try iteration.get()
        d = dd
        (leftRows, rightRows) = factors
        leftRows.withUnsafeMutableBufferPointer { left.apply(to: $0.baseAddress!, rows: n, columns: m) }
        rightRows.withUnsafeMutableBufferPointer { right.apply(to: $0.baseAddress!, rows: n, columns: n) }
        // Make the singular values non-negative by flipping the matching right vectors.
        for i in 0..<n where d[i] < 0 {
            for j in 0..<n { rightRows[i * n + j] = -rightRows[i * n + j] }
        }
    }
    for i in 0..<n { d[i] = Swift.abs(d[i]) }
    let order = (0..<n).sorted { d[$0] > d[$1] }
    var values = order.map { d[$0] }
    decompositionScale(&values, byPowerOfTwo: -k)
    if values.contains(where: { !$0.isFinite }) {
        throw .domain(operation: "Matrix.svd", detail: "a singular value overflows the range of Double")
    }
    if wantVectors && order != Array(0..<n) {
        leftRows = rowsReordered(leftRows, rowLength: m, order: order)
        rightRows = rowsReordered(rightRows, rowLength: n, order: order)
    }
    return (values, leftRows, rightRows)
}
