extension Matrix {
    /// Householder QR factorisation A = Q·R of this m×n matrix (any shape, including empty).
    ///
    /// Blocked algorithm: panels of ``QRDecomposition/defaultPanelWidth`` columns are factored with
    /// unblocked Householder reflections, and each panel's reflectors are then applied to the
    /// trailing columns at once in the compact WY form I − V·Tᵀ·Vᵀ, as three `gemm` calls; so for
    /// large matrices almost all of the ≈ 2mn² − 2n³/3 flops run in GEMM. Matrices with
    /// min(m, n) < ``QRDecomposition/defaultBlockedThreshold`` are factored unblocked. Both paths
    /// compute the same factorisation in exact arithmetic (they differ by rounding only).
    ///
    /// - Throws: ``NumericsError/nonFiniteInput(operation:row:column:value:)`` if an entry is NaN or ±∞;
    ///   ``NumericsError/domain(operation:detail:)`` if a column norm overflows (entries near 1e308).
    /// - Returns: the compact factorisation; see ``QRDecomposition`` for its accuracy contract.
    public func qr() throws(NumericsError) -> QRDecomposition {
        try qr(panelWidth: QRDecomposition.defaultPanelWidth,
               blockedThreshold: QRDecomposition.defaultBlockedThreshold)
    }

    /// QR with an explicit panel width; the blocked path is used when min(m, n) ≥ `blockedThreshold`
    /// (pass `Int.max` for the unblocked algorithm). Exposed so that the two paths and the block
    /// boundaries can be tested at small sizes.
    func qr(panelWidth: Int, blockedThreshold: Int) throws(NumericsError) -> QRDecomposition {
        require(panelWidth >= 1, "Matrix.qr: panel width \(panelWidth) must be at least 1")
        try validateFinite("Matrix.qr")
        let m = rows, n = columns, k = Swift.min(m, n)
        // Column-major working copy: column j of A is row j of Aᵀ.
        var packed = transposed._storage
        var tau = [Double](repeating: 0, count: k)
        var triangles: [[Double]] = []
        if k == 0 {
            return QRDecomposition(rows: m, columns: n, householderScalars: tau, blockWidth: panelWidth,
                                   packed: packed, blockTriangles: [])
        }
        packed.withUnsafeMutableBufferPointer { wp in
            tau.withUnsafeMutableBufferPointer { tp in
                let w = wp.baseAddress!, t = tp.baseAddress!
                let blocked = k >= blockedThreshold
                if !blocked {
                    Householder.factorPanel(w, rows: m, start: 0, count: k, updateEnd: n, tau: t)
                }
                for start in stride(from: 0, to: k, by: panelWidth) {
                    let width = Swift.min(panelWidth, k - start)
                    let length = m - start
                    if blocked {
                        Householder.factorPanel(w, rows: m, start: start, count: width,
                                                updateEnd: start + width, tau: t)
                    }
                    let vt = UnsafeMutablePointer<Double>.allocate(capacity: width * length)
                    defer { vt.deallocate() }
                    Householder.explicitReflectors(w, rows: m, start: start, count: width, into: vt)
                    var triangle = LargeBuffer.make(count: width * width, repeating: 0)
                    triangle.withUnsafeMutableBufferPointer { tri in
                        Householder.triangularFactor(vt: vt, count: width, length: length, tau: t + start,
                                                     into: tri.baseAddress!)
                        if blocked && start + width < n {
                            // Trailing columns ← (H_start ⋯ H_{start+width−1})ᵀ · trailing columns.
                            Householder.applyBlock(vt: vt, count: width, length: length, t: tri.baseAddress!,
                                                   transposeT: true, toColumns: w + (start + width) * m + start,
                                                   count: n - start - width, ldw: m)
                        }
                    }
                    triangles.append(triangle)
                }
            }
        }
        // Finite input can still overflow when a column norm exceeds the largest Double (entries
        // near 1e308): report it rather than return infinities.
        for j in 0..<k where !packed[j * m + j].isFinite {
            throw .domain(operation: "Matrix.qr", detail: "column \(j) has a norm beyond the Double range; rescale the input")
        }
        return QRDecomposition(rows: m, columns: n, householderScalars: tau, blockWidth: panelWidth,
                               packed: packed, blockTriangles: triangles)
    }
}
