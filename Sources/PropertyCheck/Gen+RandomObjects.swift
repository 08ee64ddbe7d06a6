import PropertyCheckStatistics

/// Generators for large random objects. A matrix is not built from one choice per entry (that would
/// make shrinking slow and pointless): its *shape* comes from dimension choices and its entries from
/// one 64-bit choice used as the seed of a ``RandomStream``. Cases shrink by shrinking the shape;
/// the seed shrinks toward 0, a fixed canonical instance of that shape.
extension Gen where Value == RandomStream {
    /// A fresh random stream seeded by one recorded choice.
    public static var stream: Gen<RandomStream> {
        Gen<UInt64>.bits.map { RandomStream(seed: $0, stream: 0) }
    }
}

extension Gen where Value == [Double] {
    /// A vector uniform on the unit sphere S^{n−1}, with n ≥ 1 drawn from `dimension`.
    public static func unitVector(dimension: Gen<Int>) -> Gen<[Double]> {
        Gen { source in
            let n = try dimension.generate(&source)
            var stream = try Gen<RandomStream>.stream.generate(&source)
            return stream.unitVector(n)
        }
    }

    /// A vector of n independent N(0, σ²) entries, with n drawn from `dimension`.
    public static func gaussianVector(dimension: Gen<Int>, standardDeviation: Double = 1) -> Gen<[Double]> {
        Gen { source in
            let n = try dimension.generate(&source)
            var stream = try Gen<RandomStream>.stream.generate(&source)
            return stream.normalVector(n, standardDeviation: standardDeviation)
        }
    }
}
