extension Matrix {
    /// A random matrix distributed uniformly (by Haar measure) on the orthogonal group O(n) when
    /// square, and on the Stiefel manifold of semi-orthogonal matrices otherwise.
    ///
    /// - rows ≥ columns: QᵀQ = I_columns; Q is the thin Q factor of a rows×columns matrix G of
    ///   i.i.d. N(0, 1) entries, with column j multiplied by sign(R_jj).
    /// - rows < columns: QQᵀ = I_rows; the transpose of a columns×rows draw.
    ///
    /// **Why the sign correction.** G's law is invariant under G ↦ UG for every orthogonal U, and
    /// the QR factorisation with R_jj > 0 is unique, so its Q inherits that invariance: Q is Haar.
    /// Householder QR does not return R_jj > 0 (its signs depend on the data), so Q must be
    /// normalised by flipping column j when R_jj < 0; without that step the law is not Haar (for
    /// example Q₁₁ ≤ 0 always; see ``haarOrthogonalWithoutSignCorrection(rows:columns:using:)``).
    /// R_jj = 0 has probability 0; it is treated as positive.
    ///
    /// Exactness: orthonormal to the accuracy of Householder QR (‖QᵀQ − I‖_F of a few ulps times
    /// √n in practice); reproducible from the stream's state.
    public static func haarOrthogonal(rows: Int, columns: Int, using stream: inout RandomStream) -> Matrix {
        require(rows >= 0 && columns >= 0, "Matrix.haarOrthogonal(rows: \(rows), columns: \(columns)): sizes must be non-negative")
        if rows < columns { return haarOrthogonal(rows: columns, columns: rows, using: &stream).transposed }
        let (q, r) = gaussianQR(rows: rows, columns: columns, using: &stream)
        var out = q
        let signs = r.diagonalEntries.map { $0 < 0 ? -1.0 : 1.0 }
        out._storage.withUnsafeMutableBufferPointer { o in
            for i in 0..<rows {
                for j in 0..<columns { o[i * columns + j] *= signs[j] }
            }
        }
        return out
    }

    /// `gain` × ``haarOrthogonal(rows:columns:using:)``: the "orthogonal initialisation" of neural
    /// network layers (all singular values equal to |gain|).
    public static func scaledOrthogonal(rows: Int, columns: Int, gain: Double,
                                        using stream: inout RandomStream) -> Matrix {
        require(gain.isFinite, "Matrix.scaledOrthogonal: gain \(gain) must be finite")
        return gain * haarOrthogonal(rows: rows, columns: columns, using: &stream)
    }

    /// **Deliberately wrong** — a negative control. The thin Householder Q factor of a Gaussian
    /// matrix *without* the sign correction of ``haarOrthogonal(rows:columns:using:)``. It is
    /// (semi-)orthogonal, but its law is not Haar: e.g. for square sizes the first entry Q₁₁ is
    /// always ≤ 0 and det Q = (−1)^(n−1) almost surely. Consumes the stream exactly as the correct
    /// sampler does, so the two can be compared draw by draw. Never use it to initialise anything.
    public static func haarOrthogonalWithoutSignCorrection(rows: Int, columns: Int,
                                                           using stream: inout RandomStream) -> Matrix {
        require(rows >= 0 && columns >= 0,
                "Matrix.haarOrthogonalWithoutSignCorrection(rows: \(rows), columns: \(columns)): sizes must be non-negative")
        if rows < columns {
            return haarOrthogonalWithoutSignCorrection(rows: columns, columns: rows, using: &stream).transposed
        }
        return gaussianQR(rows: rows, columns: columns, using: &stream).q
    }

    /// Thin QR of a fresh rows×columns Gaussian matrix (rows ≥ columns).
    private static func gaussianQR(rows: Int, columns: Int, using stream: inout RandomStream) -> (q: Matrix, r: Matrix) {
        let g = Matrix.gaussian(rows: rows, columns: columns, using: &stream)
        do {
            let f = try g.qr()
            return (f.q, f.r)
        } catch {
            // Gaussian draws are finite (|z| < 8.6), so QR cannot reject them.
            fatalError("theorycheck.Numerics: Matrix.haarOrthogonal: QR of a Gaussian matrix failed: \(error)")
        }
    }
}
