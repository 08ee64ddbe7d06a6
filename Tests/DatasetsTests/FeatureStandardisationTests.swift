import Numerics
import Testing
@testable import Datasets

/// Standardisation fitted on one set: exact on a hand-worked example, zero mean and unit variance on
/// the digits' training pixels, constant columns mapped to 0, and the test set mapped by the
/// training set's statistics rather than its own.
@Suite struct FeatureStandardisationTests {
    /// x = [[1, 5], [3, 5]]: μ = (2, 5), σ = (1, ·) with the constant second column only centred.
    @Test func handWorkedExample() {
        let x = Matrix(rows: 2, columns: 2, rowMajor: [1, 5, 3, 5])
        let s = FeatureStandardisation(fittedTo: x)
        #expect(s.means == [2, 5] && s.scales == [1, 1])
        #expect(s.apply(x).storage == [-1, 0, 1, 0])
        // Applied to other rows, the fitted map is used, not the rows' own statistics.
        #expect(s.apply(Matrix(rows: 1, columns: 2, rowMajor: [4, 7])).storage == [2, 2])
    }

    /// On the digits' training pixels every column has mean 0 and variance 1 to rounding, unless it
    /// is constant, in which case it is all zeros. Bounds (u = 2⁻⁵³, n rows): each zᵢ carries ≤ 4u
    /// relative error from μ, the subtraction and the division, and a recursive sum of n terms adds
    /// ≤ (n − 1)u·Σ|terms| (Higham §4.2); so |mean| ≤ (n + 4)u·mean|z| and |variance − 1| ≤
    /// (n + 12)u·mean(z²) with mean(z²) = 1 (≈ 1.5e-13 at n ≈ 1,350).
    @Test func digitsTrainingPixelsAreStandardised() throws {
        let data = try DigitsDataset.load().split(testFraction: 0.25, seed: 7)
        let x = data.train.scaledPixels()
        let s = FeatureStandardisation(fittedTo: x)
        let z = s.apply(x)
        let n = Double(z.rows)
        var constantColumns = 0
        for j in 0..<z.columns {
            let column = (0..<z.rows).map { z[$0, j] }
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            if column.allSatisfy({ $0 == 0 }) { constantColumns += 1; continue }
            let u = 0x1p-53
            let meanAbsolute = column.reduce(0) { $0 + abs($1) } / n
            #expect(abs(mean) <= (n + 4) * u * meanAbsolute, "column \(j): mean \(mean)")
            #expect(abs(variance - 1) <= (n + 12) * u, "column \(j): variance \(variance)")
        }
        // Pixel (0, 0) is blank in every image of the data set.
        #expect(constantColumns >= 1)
        // The test set is mapped by the training statistics, so its means are not all 0.
        let t = s.apply(data.test.scaledPixels())
        let testMeans = (0..<t.columns).map { j in (0..<t.rows).reduce(0) { $0 + t[$1, j] } / Double(t.rows) }
        #expect(testMeans.contains { abs($0) > 1e-3 })
    }
}
