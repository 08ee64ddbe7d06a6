/// A Householder QR factorisation A = Q·R of an m×n matrix, held in compact form.
///
/// With k = min(m, n): Q = H₀H₁⋯H_{k−1} is m×m orthogonal, each H_j = I − τ_j v_j v_jᵀ a
/// reflector whose vector v_j is zero above entry j and 1 at entry j; R is k×n upper trapezoidal,
/// and A = Q[:, 0..<k]·R. Only the vectors (below the diagonal), the k scalars τ_j and the
/// triangular factors of the blocked (compact WY) form are stored; Q is formed only when asked for,
/// and ``applyQTransposed(to:)`` / ``applyQ(to:)`` apply it without forming it.
///
/// **Accuracy.** Householder QR is normwise backward stable (Higham, *Accuracy and Stability of
/// Numerical Algorithms*, 2nd ed., Thm. 19.4): the computed factors satisfy A + ΔA = Q̂R̂ for an
/// exactly orthogonal Q̂ with ‖ΔA‖_F ≤ c·m·n·u·‖A‖_F (u = 2⁻⁵³), and the formed Q is orthogonal to
/// ‖QᵀQ − I‖_F ≤ c·m·n·u. Observed errors grow roughly like √n·u. `r` has exact zeros below its
/// diagonal. The factorisation is deterministic: the same input gives bit-identical results.
///
/// **Signs.** The diagonal of R may have either sign (β = −sign(x₀)‖x‖ per column, and a column that
/// is already reduced keeps its sign). The factorisation is unique only up to these signs; callers
/// that need R_jj ≥ 0 flip row j of R and column j of Q together.
public struct QRDecomposition: Sendable {
    /// Rows m of the factored matrix.
    public let rows: Int
    /// Columns n of the factored matrix.
    public let columns: Int
    /// The scalars τ_j of the reflectors H_j = I − τ_j v_j v_jᵀ (count min(m, n)); τ_j = 0 means
    /// H_j = I, otherwise τ_j ∈ [1, 2].
    public let householderScalars: [Double]
    /// Number of reflectors grouped in each block of the compact WY form I − V·T·Vᵀ.
    public let blockWidth: Int

    /// The factored matrix column by column (column j at `packed[j*rows ..< (j+1)*rows]`): R on and
    /// above the diagonal, v_j below it.
    let packed: [Double]
    /// The upper-triangular T of each block (row-major b×b), block i covering reflectors
    /// i·blockWidth ..< min((i+1)·blockWidth, k).
    let blockTriangles: [[Double]]

    /// The default number of columns per panel of the blocked factorisation: wide enough that the
    /// trailing update is a GEMM with inner dimension 32, narrow enough that the unblocked panel
    /// work (≈ 2·m·n·32 flops) stays small next to the 2·m·n² of the GEMMs.
    public static let defaultPanelWidth = 32
    /// Matrices with min(m, n) below this are factored unblocked (the GEMM overhead would dominate).
    public static let defaultBlockedThreshold = 64

    init(rows: Int, columns: Int, householderScalars: [Double], blockWidth: Int,
         packed: [Double], blockTriangles: [[Double]]) {
        self.rows = rows
        self.columns = columns
        self.householderScalars = householderScalars
        self.blockWidth = blockWidth
        self.packed = packed
        self.blockTriangles = blockTriangles
    }

    /// k = min(m, n), the number of reflectors (not the numerical rank: see ``ColumnPivotedQR``).
    public var reflectorCount: Int { Swift.min(rows, columns) }

    /// R: the min(m, n)×n upper-trapezoidal factor. Entries below the diagonal are exactly 0.
    public var r: Matrix {
        let k = reflectorCount, m = rows
        var out = Matrix(rows: k, columns: columns)
        packed.withUnsafeBufferPointer { p in
            out._storage.withUnsafeMutableBufferPointer { o in
                for i in 0..<k {
                    for j in i..<columns { o[i * columns + j] = p[j * m + i] }
                }
            }
        }
        return out
    }

    /// The thin Q: m×min(m, n) with orthonormal columns, A = q·r. Formed on each access
    /// (≈ 4m·k² − 4k³/3 flops through GEMM), so keep the result if it is used more than once.
    public var q: Matrix { formQ(columns: reflectorCount) }

    /// The full m×m orthogonal Q = H₀⋯H_{k−1}; its first min(m, n) columns are ``q``.
    public func fullQ() -> Matrix { formQ(columns: rows) }

    /// The compact factors in LAPACK `geqrf` layout as an m×n matrix: R on and above the
    /// diagonal, the reflector vectors v_j (without their unit entry) below it.
    public var compactFactors: Matrix {
        Matrix(rows: columns, columns: rows, rowMajor: packed).transposed
    }

    /// Replaces `b` (m×p) by Qᵀ·b, Q the full m×m factor, without forming Q (≈ 4·m·k·p flops).
    public func applyQTransposed(to b: inout Matrix) {
        require(b.rows == rows, "QRDecomposition.applyQTransposed: Q is \(rows)×\(rows), operand is \(b.shapeDescription)")
        applyBlocks(to: &b, transpose: true)
    }

    /// Replaces `b` (m×p) by Q·b, Q the full m×m factor, without forming Q (≈ 4·m·k·p flops).
    public func applyQ(to b: inout Matrix) {
        require(b.rows == rows, "QRDecomposition.applyQ: Q is \(rows)×\(rows), operand is \(b.shapeDescription)")
        applyBlocks(to: &b, transpose: false)
    }

    /// Qᵀ·b for an m×p matrix b.
    public func qTransposedTimes(_ b: Matrix) -> Matrix {
        var out = b
        applyQTransposed(to: &out)
        return out
    }

    /// Q·b for an m×p matrix b.
    public func qTimes(_ b: Matrix) -> Matrix {
        var out = b
        applyQ(to: &out)
        return out
    }

    /// Block starts and widths, in factorisation order.
    var blocks: [(start: Int, width: Int)] {
        stride(from: 0, to: reflectorCount, by: blockWidth).map { ($0, Swift.min(blockWidth, reflectorCount - $0)) }
    }

    /// Q = B₀B₁⋯ with B_i = I − V_i T_i V_iᵀ. Qᵀb applies B₀ᵀ first; Qb applies the last block first.
    func applyBlocks(to b: inout Matrix, transpose: Bool) {
        let p = b.columns, m = rows
        if p == 0 || reflectorCount == 0 { return }
        let all = blocks
        let order = transpose ? Array(all.indices) : Array(all.indices.reversed())
        packed.withUnsafeBufferPointer { w in
            b._storage.withUnsafeMutableBufferPointer { bp in
                for index in order {
                    let block = all[index]
                    let length = m - block.start
                    let vt = UnsafeMutablePointer<Double>.allocate(capacity: block.width * length)
                    defer { vt.deallocate() }
                    Householder.explicitReflectors(w.baseAddress!, rows: m, start: block.start,
                                                   count: block.width, into: vt)
                    blockTriangles[index].withUnsafeBufferPointer { t in
                        Householder.applyBlock(vt: vt, count: block.width, length: length, t: t.baseAddress!,
                                               transposeT: transpose, toRowMajor: bp.baseAddress! + block.start * p,
                                               columns: p, ldc: p)
                    }
                }
            }
        }
    }

    /// The first `c` columns of the full Q (k ≤ c ≤ m), by backward accumulation: start from the
    /// first c columns of I and apply the blocks last to first, each only to rows and columns from
    /// its start on (the columns before it are still unit vectors it does not touch).
    func formQ(columns c: Int) -> Matrix {
        let m = rows
        var out = Matrix.diagonal([Double](repeating: 1, count: Swift.min(m, c)), rows: m, columns: c)
        if reflectorCount == 0 || c == 0 { return out }
        packed.withUnsafeBufferPointer { w in
            out._storage.withUnsafeMutableBufferPointer { o in
                for (index, block) in blocks.enumerated().reversed() {
                    let length = m - block.start
                    let vt = UnsafeMutablePointer<Double>.allocate(capacity: block.width * length)
                    defer { vt.deallocate() }
                    Householder.explicitReflectors(w.baseAddress!, rows: m, start: block.start,
                                                   count: block.width, into: vt)
                    blockTriangles[index].withUnsafeBufferPointer { t in
                        Householder.applyBlock(vt: vt, count: block.width, length: length, t: t.baseAddress!,
                                               transposeT: false,
                                               toRowMajor: o.baseAddress! + block.start * c + block.start,
                                               columns: c - block.start, ldc: c)
                    }
                }
            }
        }
        return out
    }
}
