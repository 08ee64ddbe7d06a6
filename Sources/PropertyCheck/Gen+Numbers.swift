import PropertyCheckStatistics

/// Scalar generators. Each maps the choice 0 to the simplest value, so cases shrink toward it.
extension Gen where Value == Int {
    /// An integer uniform on `range`; shrinks toward `range.lowerBound`.
    public static func int(in range: ClosedRange<Int>) -> Gen<Int> {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        let lower = range.lowerBound
        return Gen { source in lower &+ Int(bitPattern: UInt(try source.choose(upTo: span))) }
    }

    /// A matrix or vector dimension uniform on `range` (which must not contain negatives); shrinks
    /// toward the smallest dimension.
    public static func dimension(in range: ClosedRange<Int>) -> Gen<Int> {
        require(range.lowerBound >= 0, "Gen.dimension(in: \(range)): dimensions cannot be negative")
        return int(in: range)
    }

    /// A network depth (number of layers), at least 1; shrinks toward the shallowest depth.
    public static func depth(in range: ClosedRange<Int>) -> Gen<Int> {
        require(range.lowerBound >= 1, "Gen.depth(in: \(range)): a depth is at least 1")
        return int(in: range)
    }

    /// A layer width, at least 1; shrinks toward the narrowest width.
    public static func width(in range: ClosedRange<Int>) -> Gen<Int> {
        require(range.lowerBound >= 1, "Gen.width(in: \(range)): a width is at least 1")
        return int(in: range)
    }

    /// A power of two 2^k with k uniform on `exponents` (widths and sizes in sweeps); shrinks toward
    /// the smallest.
    public static func powerOfTwo(exponents: ClosedRange<Int>) -> Gen<Int> {
        require(exponents.lowerBound >= 0 && exponents.upperBound <= 62,
                     "Gen.powerOfTwo(exponents: \(exponents)): exponents must lie in 0...62")
        return int(in: exponents).map { 1 << $0 }
    }
}

extension Gen where Value == Double {
    /// A double on the grid lower + (upper − lower)·j/2⁵³, j uniform on 0...2⁵³, so both ends can
    /// occur; shrinks toward `range.lowerBound`.
    public static func double(in range: ClosedRange<Double>) -> Gen<Double> {
        require(range.lowerBound.isFinite && range.upperBound.isFinite,
                     "Gen.double(in: \(range)): bounds must be finite")
        let lower = range.lowerBound, width = range.upperBound - range.lowerBound
        return Gen { source in
            let j = try source.choose(upTo: 1 << 53)
            return j == 1 << 53 ? range.upperBound : lower + width * (Double(j) * 0x1p-53)
        }
    }
}

extension Gen where Value == Bool {
    /// `true` or `false` with equal probability; shrinks toward `false`.
    public static var bool: Gen<Bool> { Gen { source in try source.choose(upTo: 1) == 1 } }
}

extension Gen where Value == UInt64 {
    /// A full 64-bit value (e.g. a seed); shrinks toward 0.
    public static var bits: Gen<UInt64> { Gen { source in try source.choose(upTo: .max) } }
}

extension Gen {
    /// An element of `elements`, uniformly; shrinks toward the first element, so list the simplest
    /// first.
    public static func element(of elements: [Value]) -> Gen<Value> where Value: Sendable {
        require(!elements.isEmpty, "Gen.element(of:): the list of choices is empty")
        return Gen { source in elements[Int(try source.choose(upTo: UInt64(elements.count - 1)))] }
    }

    /// Picks one of `generators` uniformly and draws from it; shrinks toward the first.
    public static func oneOf(_ generators: [Gen<Value>]) -> Gen<Value> {
        require(!generators.isEmpty, "Gen.oneOf: the list of generators is empty")
        return Gen { source in
            try generators[Int(try source.choose(upTo: UInt64(generators.count - 1)))].generate(&source)
        }
    }

    /// An array whose length is drawn from `count`, then its elements from `self`; shrinks toward
    /// shorter arrays of simpler elements.
    public func array(count: Gen<Int>) -> Gen<[Value]> {
        Gen<[Value]> { source in
            let n = try count.generate(&source)
            require(n >= 0, "Gen.array: the count generator produced \(n) < 0")
            var values: [Value] = []
            values.reserveCapacity(n)
            for _ in 0..<n { values.append(try self.generate(&source)) }
            return values
        }
    }

    /// An array of exactly `count` elements.
    public func array(count: Int) -> Gen<[Value]> { array(count: .constant(count)) }
}

extension Gen where Value == Double {
    /// A normal deviate mean + σ·Z that shrinks toward `mean`: |Z| = Φ⁻¹(½ + ½·u) with u uniform on
    /// the grid j·2⁻⁵³ (one choice; 0 gives Z = 0), then a sign choice (0 gives +). Since
    /// P(|Z| ≤ z) = 2Φ(z) − 1 is uniform in u, |Z| is exactly half-normal on that grid, and the
    /// symmetric sign makes Z standard normal (tails cut at |Z| ≈ 8.3, probability ~1e-16).
    public static func normal(mean: Double = 0, standardDeviation: Double = 1) -> Gen<Double> {
        require(mean.isFinite && standardDeviation.isFinite && standardDeviation >= 0,
                        "Gen.normal(mean: \(mean), standardDeviation: \(standardDeviation)): need finite mean and σ ≥ 0")
        return Gen { source in
            let u = Double(try source.choose(upTo: (1 << 53) - 1)) * 0x1p-53
            let magnitude = NormalDistribution.standard.quantile(0.5 + 0.5 * u)
            let negative = try source.choose(upTo: 1) == 1
            return mean + standardDeviation * (negative ? -magnitude : magnitude)
        }
    }
}
