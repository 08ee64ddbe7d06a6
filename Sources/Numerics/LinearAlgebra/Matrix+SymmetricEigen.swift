extension Matrix {
    /// Relative asymmetry above which ``symmetricEigen()`` rejects a matrix:
    /// ‖A − Aᵀ‖_max ≤ 1e-10·‖A‖_max is accepted and the lower triangle is used.
    ///
    /// Why 1e-10: a matrix that is symmetric in exact arithmetic but computed in floating point
    /// (e.g. XᵀX, whose (i, j) and (j, i) entries may be summed in different orders) differs from
    /// its transpose by at most about k·ε·‖A‖ for inner dimension k, below 1e-10·‖A‖ up to k ≈ 10⁵;
    /// and using the lower triangle of such a matrix moves each eigenvalue by at most
    /// ‖A − A_lower‖₂ ≤ n·1e-10·‖A‖_max.
    public static var symmetryTolerance: Double { 1e-10 }

    /// Orders up to which ``symmetricEigen()`` diagonalises the tridiagonal matrix by QR iteration;
    /// larger ones use divide and conquer. Chosen by timing both through the public API on two
    /// threads: QR iteration was faster up to n = 192 (1.2 vs 1.4 ms at 128, 3.0 vs 3.8 ms at 192),
    /// divide and conquer from 256 (7.4 vs 9.6 ms).
    static var divideAndConquerCrossover: Int { 200 }

    /// Orders from which the reduction to tridiagonal form is the blocked one
    /// (``TridiagonalReduction/init(blockedLowerTriangleOf:n:blockSize:finalSize:omitPanelCorrection:)``),
    /// which moves half the bytes of the fused one-pass reduction once the matrix leaves the cache:
    /// measured 0.38 vs 0.57 s at n = 2048, 4.5 vs 6.8 s at 4096, and within noise of each other
    /// from 256 to 1024 (two threads). Below it the fused reduction is kept, so results there are
    /// unchanged bit for bit.
    static var blockedReductionCrossover: Int { 1024 }

    /// Reflectors per compact-WY block when the eigenvectors of T are turned into those of A. A
    /// block reads and writes the whole n×n eigenvector matrix, so larger blocks pass over it less
    /// often once it leaves the cache. Measured on two threads (2026-12-06, best of two, three
    /// alternations): 128 against 64 took 1.81–1.93 vs 2.04–2.43 s at n = 4096 and 0.26–0.27 vs
    /// 0.32–0.35 s at 2048, while at 1024 64 was slightly faster (0.044–0.049 vs 0.050–0.051 s) and
    /// at 512 the two were even; 192 was no better than 128.
    static func backTransformBlockSize(order n: Int) -> Int { n >= 2048 ? 128 : 64 }

    /// The eigendecomposition A = V·diag(λ)·Vᵀ of this symmetric matrix.
    ///
    /// Requires a square matrix. Throws ``NumericsError/nonFiniteInput`` for NaN or infinite entries,
    /// ``NumericsError/domain`` when ‖A − Aᵀ‖_max > ``symmetryTolerance``·‖A‖_max (otherwise only the
    /// lower triangle is read), ``NumericsError/noConvergence`` if the QR iteration fails (not
    /// observed in practice).
    ///
    /// Method: the input is scaled by a power of two (exactly) to unit size and reduced to tridiagonal
    /// form by Householder reflections (blocked, with half its flops in gemm, from order
    /// ``blockedReductionCrossover``). Up to order ``divideAndConquerCrossover`` the tridiagonal
    /// matrix is diagonalised by implicit QR steps with Wilkinson shifts, the rotations recorded and
    /// then applied to Qᵀ in cache-sized column blocks on two threads (work ≈ (4/3 + 4/3 + 6)·n³
    /// flops). Above it, by divide and conquer (``tridiagonalDivideAndConquer``: merge products
    /// through gemm, at most n³ flops and far less when eigenvalues deflate), after which the
    /// reflectors are applied to its eigenvectors in blocks through gemm (2n³ flops).
    ///
    /// Accuracy (backward stable): ‖A − VΛVᵀ‖_F ≲ c·n·ε·‖A‖_F and ‖VᵀV − I‖_F ≲ c·n·ε with a modest
    /// constant c; each eigenvalue is within c·n·ε·‖A‖₂ of an exact one. Eigenvectors of clustered
    /// eigenvalues are only determined as a subspace.
    public func symmetricEigen() throws(NumericsError) -> SymmetricEigen {
        let (values, buffer, asColumns) = try symmetricEigenCore(wantVectors: true, operation: "Matrix.symmetricEigen")
        let n = rows
        // The buffer holds the eigenvectors (already sorted) as rows or as columns.
        let stored = Matrix(rows: n, columns: n, rowMajor: buffer)
        return SymmetricEigen(values: values, vectors: asColumns ? stored : stored.transposed)
    }

    /// The eigenvalues of this symmetric matrix, ascending. Same contract as ``symmetricEigen()``
    /// without the eigenvectors (about a third of the time at n = 1024).
    public func symmetricEigenvalues() throws(NumericsError) -> [Double] {
        try symmetricEigenCore(wantVectors: false, operation: "Matrix.symmetricEigenvalues").values
    }

    /// Sorted eigenvalues and, if wanted, the eigenvectors in a row-major n×n buffer: as its
    /// columns when `asColumns` (divide and conquer), else as its rows (QR iteration).
    func symmetricEigenCore(wantVectors: Bool, operation: String) throws(NumericsError)
        -> (values: [Double], vectors: [Double], asColumns: Bool)
    {
        require(isSquare, "\(operation): matrix is \(shapeDescription), not square")
        try validateFinite(operation)
        let n = rows
        if n == 0 { return ([], [], false) }
        let scaleMax = maxAbs
        // Symmetry check; only the lower triangle is used from here on.
        var a = _storage
        var asymmetry = 0.0
        // In 32×32 tiles, so that the transposed reads stay in cache.
        a.withUnsafeBufferPointer { p in
            for i0 in stride(from: 0, to: n, by: 32) {
                for j0 in stride(from: 0, through: i0, by: 32) {
                    for i in i0..<Swift.min(i0 + 32, n) {
                        for j in j0..<Swift.min(j0 + 32, i) {
                            asymmetry = Swift.max(asymmetry, Swift.abs(p[i * n + j] - p[j * n + i]))
                        }
                    }
                }
            }
        }
        if asymmetry > Matrix.symmetryTolerance * scaleMax {
            throw .domain(operation: operation, detail:
                "matrix is not symmetric: max |A[i,j] − A[j,i]| = \(asymmetry.formatted6) exceeds "
                + "\(Matrix.symmetryTolerance)·max|A| = \((Matrix.symmetryTolerance * scaleMax).formatted6)")
        }
        let k = decompositionScaleExponent(maxAbs: scaleMax)
        // A buffer of its own (on huge pages when large), which the reduction takes over.
        a = k == 0 ? LargeBuffer.copy(of: a) : decompositionScaled(a, byPowerOfTwo: k)

        let reduction = n >= Matrix.blockedReductionCrossover
            ? TridiagonalReduction(blockedLowerTriangleOf: consume a, n: n)
            : TridiagonalReduction(lowerTriangleOf: consume a, n: n)
        if !wantVectors {
            var d = reduction.diagonal, e = reduction.offDiagonal
            var unused = RotationSweeps()
            try tridiagonalQRIteration(diagonal: &d, offDiagonal: &e, rotations: &unused, record: false)
            return (try Matrix.sortedEigenvalues(d, unscaledBy: k, operation).values, [], false)
        }
        if n > Matrix.divideAndConquerCrossover {
            // Divide and conquer gives W with T = W·Λ·Wᵀ; the eigenvectors of A are the columns
            // of Q·W, formed by applying the reflectors blockwise through gemm.
            var d = reduction.diagonal
            var w = try tridiagonalDivideAndConquer(diagonal: &d, offDiagonal: reduction.offDiagonal)
            let values = try Matrix.sortedEigenvalues(d, unscaledBy: k, operation).values
            w.withUnsafeMutableBufferPointer {
                reduction.applyOrthogonalFactor(to: $0.baseAddress!, columns: n, blockSize: Matrix.backTransformBlockSize(order: n))
            }
            return (values, w, true)
        }
        // The QR iteration (serial) and forming Qᵀ are independent: run them side by side.
        let (iteration, factor) = decompositionRunPair(parallel: n >= 64, { () -> Result<([Double], RotationSweeps), NumericsError> in
            var d = reduction.diagonal, e = reduction.offDiagonal
            var sweeps = RotationSweeps()
            do throws(NumericsError) {
                try tridiagonalQRIteration(diagonal: &d, offDiagonal: &e, rotations: &sweeps, record: true)
                return .success((d, sweeps))
            } catch {
                return .failure(error)
            }
        }, { reduction.orthogonalFactorTransposed() })
        let (d, sweeps) = try iteration.get()
        let (values, order) = try Matrix.sortedEigenvalues(d, unscaledBy: k, operation)
        var vt = factor
        vt.withUnsafeMutableBufferPointer { sweeps.apply(to: $0.baseAddress!, rows: n, columns: n) }
        return (values, rowsReordered(vt, rowLength: n, order: order), false)
    }

    /// Eigenvalues sorted ascending and scaled back by 2⁻ᵏ, with the sorting permutation; throws if
    /// one overflows.
    static func sortedEigenvalues(_ d: [Double], unscaledBy k: Int, _ operation: String)
        throws(NumericsError) -> (values: [Double], order: [Int])
    {
        let order = (0..<d.count).sorted { d[$0] < d[$1] }
        var values = order.map { d[$0] }
        decompositionScale(&values, byPowerOfTwo: -k)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .domain(operation: operation, detail: "eigenvalue \(bad) overflows the range of Double")
        }
        return (values, order)
    }
}
