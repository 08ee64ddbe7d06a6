import Foundation

/// A Householder QR factorisation with column pivoting, A·P = Q·R (Businger–Golub).
///
/// At step j the remaining column of largest norm is moved to position j before it is reduced, so
/// |R_00| ≥ |R_11| ≥ … (up to rounding) and each |R_jj| is the norm of column j of A·P after
/// projecting out the previous ones. This makes the diagonal of R rank-revealing in practice
/// (|R_jj| small ⇔ column j nearly in the span of the earlier ones), which the least-squares solver
/// uses to pick the numerical rank. The column norms are downdated at each step and recomputed when
/// cancellation makes the downdate inaccurate (the safeguard of LAPACK's `laqp2`, after
/// Drmač and Bujanović, 2008).
///
/// Accuracy: backward stable like unpivoted Householder QR (A·P + ΔA = Q̂R̂, ‖ΔA‖_F ≤ c·m·n·u·‖A‖_F).
/// Unblocked: about 4mn² flops in dot/axpy loops, not GEMM; meant for least-squares problems, not
/// for the large factorisations where ``Matrix/qr()`` is used.
public struct ColumnPivotedQR: Sendable {
    /// Rows m.
    public let rows: Int
    /// Columns n.
    public let columns: Int
    /// Column j of A·P is column `columnPermutation[j]` of A.
    public let columnPermutation: [Int]
    /// The scalars τ_j of the reflectors (see ``QRDecomposition/householderScalars``).
    public let householderScalars: [Double]
    /// Column-major factored matrix: R on and above the diagonal, reflector vectors below.
    let packed: [Double]

    /// R: min(m, n)×n upper trapezoidal (exact zeros below the diagonal).
    public var r: Matrix {
        let k = Swift.min(rows, columns), m = rows
        return Matrix(rows: k, columns: columns) { i, j in j >= i ? packed[j * m + i] : 0 }
    }

    /// The diagonal of R, non-increasing in magnitude up to rounding.
    public var rDiagonal: [Double] { (0..<Swift.min(rows, columns)).map { packed[$0 * rows + $0] } }

    /// The numerical rank: the number of leading diagonal entries with |R_jj| > tolerance·|R_00|.
    /// The default tolerance max(m, n)·ε (ε = 2⁻⁵², the machine epsilon) is the usual convention
    /// (as in numpy's `matrix_rank` and `lstsq`): |R_00| is within a factor √n of ‖A‖₂, and
    /// rounding alone perturbs A by about that relative amount, so smaller |R_jj| are noise.
    public func numericalRank(relativeTolerance: Double? = nil) -> Int {
        let k = Swift.min(rows, columns)
        if k == 0 { return 0 }
        let tol = relativeTolerance ?? Double(Swift.max(rows, columns)) * Double.ulpOfOne
        let threshold = tol * Swift.abs(packed[0])
        var rank = 0
        while rank < k && Swift.abs(packed[rank * rows + rank]) > threshold { rank += 1 }
        return rank
    }

    /// The thin Q (m×min(m, n)), formed by applying the reflectors to the first columns of I.
    public var q: Matrix {
        let k = Swift.min(rows, columns)
        var e = Matrix.diagonal([Double](repeating: 1, count: k), rows: rows, columns: k)
        applyReflectors(to: &e, transpose: false)
        return e
    }

    /// Replaces the m×p matrix `b` by Qᵀ·b.
    public func applyQTransposed(to b: inout Matrix) {
        require(b.rows == rows, "ColumnPivotedQR.applyQTransposed: Q is \(rows)×\(rows), operand is \(b.shapeDescription)")
        applyReflectors(to: &b, transpose: true)
    }

    /// Replaces the m×p matrix `b` by Q·b.
    public func applyQ(to b: inout Matrix) {
        require(b.rows == rows, "ColumnPivotedQR.applyQ: Q is \(rows)×\(rows), operand is \(b.shapeDescription)")
        applyReflectors(to: &b, transpose: false)
    }

    /// One reflector at a time: H_j b = b − τ_j v_j (v_jᵀ b), with rows of `b` as unit-stride vectors.
    func applyReflectors(to b: inout Matrix, transpose: Bool) {
        let k = Swift.min(rows, columns), m = rows, p = b.columns
        if k == 0 || p == 0 { return }
        let order = transpose ? Array(0..<k) : Array((0..<k).reversed())
        var work = [Double](repeating: 0, count: p)
        packed.withUnsafeBufferPointer { w in
            b._storage.withUnsafeMutableBufferPointer { bb in
                work.withUnsafeMutableBufferPointer { wk in
                    let bp = bb.baseAddress!, s = wk.baseAddress!
                    for j in order {
                        let tau = householderScalars[j]
                        if tau == 0 { continue }
                        let v = w.baseAddress! + j * m
                        // s = v_jᵀ b (v_j[j] = 1), then b_i ← b_i − τ v_i s.
                        for c in 0..<p { s[c] = bp[j * p + c] }
                        for i in (j + 1)..<m { VectorKernels.axpy(v[i], bp + i * p, s, p) }
                        VectorKernels.axpy(-tau, s, bp + j * p, p)
                        for i in (j + 1)..<m { VectorKernels.axpy(-tau * v[i], s, bp + i * p, p) }
                    }
                }
            }
        }
    }
}

extension Matrix {
    /// Householder QR with column pivoting, A·P = Q·R (see ``ColumnPivotedQR``). Any shape.
    /// - Throws: ``NumericsError/nonFiniteInput(operation:row:column:value:)`` for NaN or ±∞ entries;
    ///   ``NumericsError/domain(operation:detail:)`` if a column norm overflows.
    public func qrWithColumnPivoting() throws(NumericsError) -> ColumnPivotedQR {
        try validateFinite("Matrix.qrWithColumnPivoting")
        let m = rows, n = columns, k = Swift.min(m, n)
        var w = transposed._storage
        var tau = [Double](repeating: 0, count: k)
        var perm = Array(0..<n)
        if k > 0 {
            // Threshold below which a downdated norm is recomputed: sqrt(machine epsilon).
            let recomputeThreshold = Double.ulpOfOne.squareRoot()
            w.withUnsafeMutableBufferPointer { wb in
                let w = wb.baseAddress!
                var norms = (0..<n).map { euclideanNorm(UnsafeBufferPointer(start: w + $0 * m, count: m)) }
                var reference = norms
                for j in 0..<k {
                    var p = j
                    for c in (j + 1)..<n where norms[c] > norms[p] { p = c }
                    if p != j {
                        for i in 0..<m { wb.swapAt(j * m + i, p * m + i) }
                        norms.swapAt(j, p); reference.swapAt(j, p); perm.swapAt(j, p)
                    }
                    let v = w + j * m + j
                    let t = Householder.generate(v, count: m - j)
                    tau[j] = t
                    let length = m - j
                    for c in (j + 1)..<n {
                        let col = w + c * m + j
                        if t != 0 {
                            let s = t * (col[0] + VectorKernels.dot(v + 1, col + 1, length - 1))
                            col[0] -= s
                            VectorKernels.axpy(-s, v + 1, col + 1, length - 1)
                        }
                        // Downdate ‖column c below row j‖: remove the entry now in row j.
                        if norms[c] != 0 {
                            let ratio = Swift.abs(col[0]) / norms[c]
                            let factor = Swift.max(0, (1 + ratio) * (1 - ratio))
                            let relative = norms[c] / reference[c]
                            if factor * relative * relative <= recomputeThreshold {
                                norms[c] = j + 1 < m ? euclideanNorm(UnsafeBufferPointer(start: col + 1, count: length - 1)) : 0
                                reference[c] = norms[c]
                            } else {
                                norms[c] *= factor.squareRoot()
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<k where !w[j * m + j].isFinite {
            throw .domain(operation: "Matrix.qrWithColumnPivoting",
                          detail: "a column norm is beyond the Double range; rescale the input")
        }
        return ColumnPivotedQR(rows: m, columns: n, columnPermutation: perm, householderScalars: tau, packed: w)
    }
}
