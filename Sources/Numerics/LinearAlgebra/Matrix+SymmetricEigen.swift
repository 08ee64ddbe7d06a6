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

    /// The eigendecomposition A = V·diag(λ)·Vᵀ of this symmetric matrix.
    ///
    /// Requires a square matrix. Throws ``NumericsError/nonFiniteInput`` for NaN or infinite entries,
    /// ``NumericsError/domain`` when ‖A − Aᵀ‖_max > ``symmetryTolerance``·‖A‖_max (otherwise only the
    /// lower triangle is read), ``NumericsError/noConvergence`` if the QR iteration fails (not
    /// observed in practice).
    ///
    /// Method: the input is scaled by a power of two (exactly) to unit size, reduced to tridiagonal
    /// form by Householder reflections, and diagonalised by implicit QR steps with Wilkinson shifts;
    /// the rotations are recorded and then applied to Qᵀ in cache-sized column blocks on two
    /// threads. Work ≈ (4/3 + 4/3 + 6)·n³ flops; the recorded rotations take about 16·n² bytes.
    ///
    /// Accuracy (backward stable): ‖A − VΛVᵀ‖_F ≲ c·n·ε·‖A‖_F and ‖VᵀV − I‖_F ≲ c·n·ε with a modest
    /// constant c; each eigenvalue is within c·n·ε·‖A‖₂ of an exact one. Eigenvectors of clustered
    /// eigenvalues are only determined as a subspace.
    public func symmetricEigen() throws(NumericsError) -> SymmetricEigen {
        let (values, vectorsT) = try symmetricEigenCore(wantVectors: true, operation: "Matrix.symmetricEigen")
        let n = rows
        // Rows of vectorsT (already sorted) are the eigenvectors; return them as columns.
        let vectors = Matrix(rows: n, columns: n, rowMajor: vectorsT).transposed
        return SymmetricEigen(values: values, vectors: vectors)
    }

    /// The eigenvalues of this symmetric matrix, ascending. Same contract as ``symmetricEigen()``
    /// without the eigenvectors (about a third of the time at n = 1024).
    public func symmetricEigenvalues() throws(NumericsError) -> [Double] {
        try symmetricEigenCore(wantVectors: false, operation: "Matrix.symmetricEigenvalues").values
    }

    /// Sorted eigenvalues and, if wanted, the eigenvectors as the *rows* of a row-major n×n buffer.
    func symmetricEigenCore(wantVectors: Bool, operation: String) throws(NumericsError) -> (values: [Double], vectorRows: [Double]) {
        require(isSquare, "\(operation): matrix is \(shapeDescription), not square")
        try validateFinite(operation)
        let n = rows
        if n == 0 { return ([], []) }
        let scaleMax = maxAbs
        // Symmetry check; only the lower triangle is used from here on.
        var a = _storage
        var asymmetry = 0.0
        for i in 0..<n {
            for j in 0..<i { asymmetry = Swift.max(asymmetry, Swift.abs(a[i * n + j] - a[j * n + i])) }
        }
        if asymmetry > Matrix.symmetryTolerance * scaleMax {
            throw .domain(operation: operation, detail:
                "matrix is not symmetric: max |A[i,j] − A[j,i]| = \(asymmetry.formatted6) exceeds "
                + "\(Matrix.symmetryTolerance)·max|A| = \((Matrix.symmetryTolerance * scaleMax).formatted6)")
        }
        let k = decompositionScaleExponent(maxAbs: scaleMax)
        decompositionScale(&a, byPowerOfTwo: k)

        let reduction = TridiagonalReduction(lowerTriangleOf: a, n: n)
        if !wantVectors {
            var d = reduction.diagonal, e = reduction.offDiagonal
            var unused = RotationSweeps()
            try tridiagonalQRIteration(diagonal: &d, offDiagonal: &e, rotations: &unused, record: false)
            return (try Matrix.sortedEigenvalues(d, unscaledBy: k, operation).values, [])
        }
        if n > Matrix.divideAndConquerCrossover {
            // Divide and conquer gives W with T = W·Λ·Wᵀ; the eigenvectors of A are the columns
            // of Q·W, formed by applying the reflectors blockwise through gemm.
            var d = reduction.diagonal
            var w = try tridiagonalDivideAndConquer(diagonal: &d, offDiagonal: reduction.offDiagonal)
            let values = try Matrix.sortedEigenvalues(d, unscaledBy: k, operation).values
            w.withUnsafeMutableBufferPointer { reduction.applyOrthogonalFactor(to: $0.baseAddress!, columns: n) }
            let rows = transposedBuffer(w, rows: n, columns: n)
            return (values, rows)
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
        var sortedRows = [Double](repeating: 0, count: n * n)
        for (newRow, oldRow) in order.enumerated() {
            for j in 0..<n { sortedRows[newRow * n + j] = vt[oldRow * n + j] }
        }
        return (values, sortedRows)
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
