import Numerics
import PropertyCheck

extension Gen where Value == Matrix {
    /// A matrix with independent N(0, σ²) entries, of a shape drawn from `rows` and `columns`
    /// (rows first, then columns, then the seed).
    public static func gaussianMatrix(
        rows: Gen<Int>, columns: Gen<Int>, standardDeviation: Double = 1
    ) -> Gen<Matrix> {
        Gen { source in
            let m = try rows.generate(&source), n = try columns.generate(&source)
            var stream = try Gen<RandomStream>.stream.generate(&source)
            return Matrix.gaussian(rows: m, columns: n, standardDeviation: standardDeviation, using: &stream)
        }
    }

    /// A square matrix with independent N(0, σ²) entries and a size drawn from `size`.
    public static func gaussianMatrix(size: Gen<Int>, standardDeviation: Double = 1) -> Gen<Matrix> {
        size.flatMap { n in
            Gen { source in
                var stream = try Gen<RandomStream>.stream.generate(&source)
                return Matrix.gaussian(rows: n, columns: n, standardDeviation: standardDeviation, using: &stream)
            }
        }
    }
}
