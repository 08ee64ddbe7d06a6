import Foundation

/// An LU factorisation with partial (row) pivoting, P·A = L·U, of a square matrix.
///
/// L is unit lower triangular with |L_ij| ≤ 1, U upper triangular, P a permutation recorded as the
/// sequence of row interchanges `pivots` (at step k rows k and `pivots[k]` were swapped, LAPACK
/// `getrf` convention with 0-based indices).
///
/// **Accuracy** (Higham, ASNA 2nd ed., Thms. 9.3 and 9.4): the computed factors satisfy
/// P(A + ΔA) = L̂Û with |ΔA| ≤ γ_n·Pᵀ|L̂||Û| entrywise, γ_n = nu/(1 − nu), u = 2⁻⁵³; a solve gives
/// (A + ΔA)x̂ = b with |ΔA| ≤ γ_{3n}·Pᵀ|L̂||Û|. The growth ‖|L̂||Û|‖/‖A‖ is small in practice (it
/// can reach 2ⁿ⁻¹ only for contrived matrices).
///
/// **Singularity.** A pivot that is exactly zero (the whole remaining column is zero) is recorded in
/// ``firstZeroPivot`` and the elimination continues, as LAPACK does; solving then throws. Nearly
/// singular matrices are *not* rejected: their solutions are backward stable but may have large
/// forward error (relative error up to about κ(A)·u).
public struct LUDecomposition: Sendable {
    /// The order n of the factored matrix.
    public let order: Int
    /// L strictly below the diagonal (its unit diagonal not stored), U on and above; row-major n×n.
    let factors: [Double]
    /// Row interchanges: at step k, rows k and `pivots[k]` (≥ k) were swapped.
    public let pivots: [Int]
    /// The first step whose pivot was exactly zero, or `nil` when U has a nonzero diagonal.
    public let firstZeroPivot: Int?

    /// The unit lower-triangular factor L.
    public var lower: Matrix {
        Matrix(rows: order, columns: order) { i, j in i == j ? 1 : (j < i ? factors[i * order + j] : 0) }
    }

    /// The upper-triangular factor U.
    public var upper: Matrix {
        Matrix(rows: order, columns: order) { i, j in j >= i ? factors[i * order + j] : 0 }
    }

    /// The permutation as a row map: row i of P·A is row `rowPermutation[i]` of A.
    public var rowPermutation: [Int] {
        var perm = Array(0..<order)
        for (k, p) in pivots.enumerated() where p != k { perm.swapAt(k, p) }
        return perm
    }

    /// Solves A·X = B for X (B is n×p). Forward and back substitution, ≈ 2n²p flops, most of them in
    /// `gemm` when n ≥ 64 and p ≥ 8.
    /// - Throws: ``NumericsError/singular(operation:pivot:)`` when a pivot is exactly zero, or when
    ///   the solution overflows (a pivot tiny relative to B).
    public func solve(_ b: Matrix) throws(NumericsError) -> Matrix {
        require(b.rows == order, "LUDecomposition.solve: A is \(order)×\(order), B is \(b.shapeDescription)")
        if let k = firstZeroPivot { throw .singular(operation: "LUDecomposition.solve", pivot: k) }
        let n = order, p = b.columns
        var x = b
        if n == 0 || p == 0 { return x }
        // Row interchanges, in factorisation order: X ← P·B.
        x._storage.withUnsafeMutableBufferPointer { xb in
            for (k, q) in pivots.enumerated() where q != k {
                for j in 0..<p { xb.swapAt(k * p + j, q * p + j) }
            }
        }
        factors.withUnsafeBufferPointer { f in
            x._storage.withUnsafeMutableBufferPointer { xb in
                let fp = f.baseAddress!, xp = xb.baseAddress!
                // Blocks of `nb` rows: each diagonal block by substitution, the rest of the
                // elimination by one gemm per block (the same inner products, summed in another
                // order, so the componentwise error bound is unchanged). One block when n is small.
                let nb = (n >= 2 * Matrix.luPanelWidth && p >= 8) ? Matrix.luPanelWidth : n
                // L·Y = P·B (L unit lower triangular).
                for k0 in stride(from: 0, to: n, by: nb) {
                    let k1 = Swift.min(k0 + nb, n)
                    for k in k0..<k1 {
                        for i in (k + 1)..<k1 {
                            let l = fp[i * n + k]
                            if l != 0 { VectorKernels.axpy(-l, xp + k * p, xp + i * p, p) }
                        }
                    }
                    if k1 < n {
                        gemm(transposeA: false, transposeB: false, m: n - k1, n: p, k: k1 - k0, alpha: -1,
                             a: fp + k1 * n + k0, lda: n, b: xp + k0 * p, ldb: p, beta: 1, c: xp + k1 * p, ldc: p)
                    }
                }
                // U·X = Y, last block first.
                for k1 in stride(from: n, to: 0, by: -nb) {
                    let k0 = Swift.max(0, k1 - nb)
                    for k in stride(from: k1 - 1, through: k0, by: -1) {
                        let d = fp[k * n + k]
                        for j in 0..<p { xp[k * p + j] /= d }
                        for i in k0..<k {
                            let u = fp[i * n + k]
                            if u != 0 { VectorKernels.axpy(-u, xp + k * p, xp + i * p, p) }
                        }
                    }
                    if k0 > 0 {
                        gemm(transposeA: false, transposeB: false, m: k0, n: p, k: k1 - k0, alpha: -1,
                             a: fp + k0, lda: n, b: xp + k0 * p, ldb: p, beta: 1, c: xp, ldc: p)
                    }
                }
            }
        }
        // A pivot that is tiny but not zero can make the solution overflow: that is singularity to
        // working precision, reported at the smallest pivot rather than returned as ±∞ or NaN.
        if !x.isFinite {
            let smallest = (0..<n).min { Swift.abs(factors[$0 * n + $0]) < Swift.abs(factors[$1 * n + $1]) }!
            throw .singular(operation: "LUDecomposition.solve", pivot: smallest)
        }
        return x
    }

    /// log|det A| and the sign of det A (+1, −1, or 0 with log|det A| = −∞ when a pivot is zero).
    /// Summing logarithms of |U_kk| cannot overflow; the relative error of det A itself is that of
    /// the perturbed matrix (backward stability), so log|det| has absolute error ≲ n·γ_n·growth.
    public var logDeterminant: (logAbsoluteValue: Double, sign: Double) {
        if firstZeroPivot != nil { return (-.infinity, 0) }
        var logAbs = 0.0
        var sign = 1.0
        for k in 0..<order {
            let d = factors[k * order + k]
            logAbs += Foundation.log(Swift.abs(d))
            if d < 0 { sign = -sign }
            if pivots[k] != k { sign = -sign }
        }
        return (logAbs, sign)
    }
}

extension Matrix {
    /// Panel width of the blocked LU: the trailing update is a GEMM with inner dimension 32.
    static let luPanelWidth = 32

    /// LU factorisation with partial pivoting of a square matrix (see ``LUDecomposition``).
    ///
    /// Blocked right-looking algorithm: a panel of 32 columns is eliminated with row pivoting (rows
    /// are swapped across the whole matrix), the panel's block row of U is obtained by a unit
    /// lower-triangular solve, and the trailing matrix is updated with one `gemm`. A zero pivot does
    /// not throw here; it is recorded (see ``LUDecomposition/firstZeroPivot``).
    /// - Throws: ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞ entries;
    ///   ``NumericsError/domain(operation:detail:)`` if elimination overflows (entries near 1e308).
    public func lu() throws(NumericsError) -> LUDecomposition {
        require(isSquare, "Matrix.lu: matrix is \(shapeDescription), not square")
        try validateFinite("Matrix.lu")
        let n = rows
        var a = _storage
        var pivots = [Int](repeating: 0, count: n)
        var firstZero: Int? = nil
        if n > 0 {
            a.withUnsafeMutableBufferPointer { ab in
                let a = ab.baseAddress!
                let nb = Matrix.luPanelWidth
                for k0 in stride(from: 0, to: n, by: nb) {
                    let panelEnd = Swift.min(k0 + nb, n)
                    for k in k0..<panelEnd {
                        var p = k
                        var best = Swift.abs(a[k * n + k])
                        for i in (k + 1)..<Swift.max(k + 1, n) {
                            let v = Swift.abs(a[i * n + k])
                            if v > best { best = v; p = i }
                        }
                        pivots[k] = p
                        if p != k { for j in 0..<n { ab.swapAt(k * n + j, p * n + j) } }
                        let pivot = a[k * n + k]
                        if pivot == 0 {
                            if firstZero == nil { firstZero = k }
                            continue // the column below is zero too: nothing to eliminate
                        }
                        for i in (k + 1)..<Swift.max(k + 1, n) {
                            let l = a[i * n + k] / pivot
                            a[i * n + k] = l
                            if l != 0 && k + 1 < panelEnd {
                                VectorKernels.axpy(-l, a + k * n + k + 1, a + i * n + k + 1, panelEnd - k - 1)
                            }
                        }
                    }
                    if panelEnd < n {
                        // U12 ← L11⁻¹·A12 (L11 unit lower triangular), row by row.
                        let width = n - panelEnd
                        for k in k0..<panelEnd {
                            for i in (k + 1)..<panelEnd {
                                let l = a[i * n + k]
                                if l != 0 { VectorKernels.axpy(-l, a + k * n + panelEnd, a + i * n + panelEnd, width) }
                            }
                        }
                        // A22 ← A22 − L21·U12.
                        gemm(transposeA: false, transposeB: false, m: n - panelEnd, n: width, k: panelEnd - k0,
                             alpha: -1, a: a + panelEnd * n + k0, lda: n, b: a + k0 * n + panelEnd, ldb: n,
                             beta: 1, c: a + panelEnd * n + panelEnd, ldc: n)
                    }
                }
            }
        }
        // Element growth can overflow for finite but huge entries; never hand out infinite factors.
        if let bad = a.firstIndex(where: { !$0.isFinite }) {
            throw .domain(operation: "Matrix.lu", detail: "elimination overflowed at entry (\(bad / Swift.max(n, 1)), \(bad % Swift.max(n, 1))); rescale the input")
        }
        return LUDecomposition(order: n, factors: a, pivots: pivots, firstZeroPivot: firstZero)
    }
}
