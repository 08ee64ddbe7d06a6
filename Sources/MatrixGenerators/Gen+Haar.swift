import Numerics
import PropertyCheck

extension Gen where Value == Matrix {
    /// A Haar-distributed orthogonal (square) or semi-orthogonal matrix of a shape drawn from
    /// `rows` and `columns` (rows first, then columns, then the seed): QᵀQ = I when rows ≥ columns,
    /// QQᵀ = I otherwise. See `Matrix.haarOrthogonal(rows:columns:using:)`.
    public static func haarOrthogonal(rows: Gen<Int>, columns: Gen<Int>) -> Gen<Matrix> {
        Gen { source in
            let m = try rows.generate(&source), n = try columns.generate(&source)
            var stream = try Gen<RandomStream>.stream.generate(&source)
            return Matrix.haarOrthogonal(rows: m, columns: n, using: &stream)
        }
    }

    /// A Haar-distributed n×n orthogonal matrix with n drawn from `size`.
    public static func haarOrthogonal(size: Gen<Int>) -> Gen<Matrix> {
        Gen { source in
            let n = try size.generate(&source)
            var stream = try Gen<RandomStream>.stream.generate(&source)
            return Matrix.haarOrthogonal(rows: n, columns: n, using: &stream)
        }
    }
}
