import Foundation
@testable import Numerics

/// Independent helpers for the eigen- and singular-value tests: they use only plain loops over
/// `Matrix` entries (no GEMM, no decomposition under test), so a bug in the code under test cannot
/// hide in its own checker.
enum DecompositionCheck {
    /// Machine epsilon, 2⁻⁵².
    static let eps = Double.ulpOfOne

    /// True when THEORYCHECK_PROFILE=deep (heavier sizes and timing runs).
    static var deep: Bool { ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep" }

    /// A Haar-distributed-like random orthogonal n×n matrix: Gaussian columns orthonormalised by
    /// modified Gram–Schmidt, run twice ("twice is enough") so ‖QᵀQ − I‖ is at rounding level.
    static func randomOrthogonal(_ n: Int, using stream: inout RandomStream) -> Matrix {
        var q = Matrix.gaussian(rows: n, columns: n, using: &stream)
        var cols = (0..<n).map { q.column($0) }
        for _ in 0..<2 {
            for j in 0..<n {
                for i in 0..<j {
                    var d = 0.0
                    for k in 0..<n { d += cols[i][k] * cols[j][k] }
                    for k in 0..<n { cols[j][k] -= d * cols[i][k] }
                }
                var s = 0.0
                for k in 0..<n { s += cols[j][k] * cols[j][k] }
                let r = s.squareRoot()
                for k in 0..<n { cols[j][k] /= r }
            }
        }
        for i in 0..<n { for j in 0..<n { q[i, j] = cols[j][i] } }
        return q
    }

    /// Plain triple-loop product A·B.
    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows)
        let (m, k, n) = (a.rows, a.columns, b.columns)
        var c = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<m {
                        for p in 0..<k {
                            let aip = pa[i * k + p]
                            if aip == 0 { continue }
                            for j in 0..<n { pc[i * n + j] += aip * pb[p * n + j] }
                        }
                    }
                }
            }
        }
        return Matrix(rows: m, columns: n, rowMajor: c)
    }

    /// Transpose by plain loops.
    static func transpose(_ a: Matrix) -> Matrix {
        Matrix(rows: a.columns, columns: a.rows) { i, j in a[j, i] }
    }

    /// Frobenius norm with scaling (safe for entries near 1e±150).
    static func frobenius(_ a: Matrix) -> Double {
        let m = a.storage.reduce(0) { max($0, abs($1)) }
        if m == 0 { return 0 }
        return m * a.storage.reduce(0) { $0 + ($1 / m) * ($1 / m) }.squareRoot()
    }

    /// ‖A − B‖_F / ‖A‖_F (or the absolute difference when A = 0).
    static func relativeDifference(_ a: Matrix, _ b: Matrix) -> Double {
        let na = frobenius(a)
        let diff = frobenius(Matrix(rows: a.rows, columns: a.columns) { i, j in a[i, j] - b[i, j] })
        return na == 0 ? diff : diff / na
    }

    /// ‖QᵀQ − I‖_F for the columns of Q.
    static func orthogonalityLoss(columnsOf q: Matrix) -> Double {
        let g = multiply(transpose(q), q)
        return frobenius(Matrix(rows: g.rows, columns: g.columns) { i, j in g[i, j] - (i == j ? 1 : 0) })
    }

    /// ‖QQᵀ − I‖_F for the rows of Q.
    static func orthogonalityLoss(rowsOf q: Matrix) -> Double { orthogonalityLoss(columnsOf: transpose(q)) }

    /// Q·diag(λ)·Qᵀ.
    static func rotated(diagonal lambda: [Double], by q: Matrix) -> Matrix {
        let n = lambda.count
        let qd = Matrix(rows: n, columns: n) { i, j in q[i, j] * lambda[j] }
        let a = multiply(qd, transpose(q))
        // Symmetrise exactly (the product is symmetric only up to rounding).
        return Matrix(rows: n, columns: n) { i, j in i >= j ? a[i, j] : a[j, i] }
    }
}
