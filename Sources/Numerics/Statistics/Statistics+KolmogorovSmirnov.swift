import Foundation

/// The result of a Kolmogorov–Smirnov test.
public struct KolmogorovSmirnovResult: Sendable, Hashable, CustomStringConvertible {
    /// How the p-value was obtained.
    public enum Method: String, Sendable, Hashable {
        /// The exact null distribution (continuous data, no ties).
        case exact
        /// The Kolmogorov limit law with Stephens' finite-size correction.
        case asymptotic
    }

    /// D = sup|F₁ − F₂| (one sample: F₁ the empirical CDF, F₂ the hypothesised CDF).
    public let statistic: Double
    /// P(D ≥ observed) under H₀ (the two distributions are equal).
    public let pValue: Double
    /// How `pValue` was computed.
    public let method: Method

    public var description: String { "D = \(statistic), p = \(pValue) (\(method.rawValue))" }
}

extension Statistics {
    /// One-sample Kolmogorov–Smirnov test of H₀: the sample is i.i.d. from the continuous CDF `cdf`.
    ///
    /// D = max over the sorted sample x₍ᵢ₎ of max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i−1)/n). The p-value uses
    /// the Kolmogorov limit law at λ = (√n + 0.12 + 0.11/√n)·D (Stephens 1970), whose error is below
    /// ~0.01 in absolute terms for n ≥ 5 and shrinks with n; it is conservative (too large) for
    /// small n in the upper tail that matters for rejection at small α. Requires n ≥ 1; `cdf`
    /// must return values in [0, 1]. Throws on non-finite data.
    public static func kolmogorovSmirnovTest(
        _ sample: [Double], cdf: (Double) -> Double
    ) throws(NumericsError) -> KolmogorovSmirnovResult {
        require(!sample.isEmpty, "Statistics.kolmogorovSmirnovTest: empty sample")
        try validateFinite(sample, "Statistics.kolmogorovSmirnovTest")
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            require(f >= 0 && f <= 1, "Statistics.kolmogorovSmirnovTest: cdf(\(x)) = \(f) is not in [0, 1]")
            d = Swift.max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        let root = n.squareRoot()
        let p = KolmogorovDistribution().survival((root + 0.12 + 0.11 / root) * d)
        return KolmogorovSmirnovResult(statistic: d, pValue: Swift.min(1, p), method: .asymptotic)
    }

    /// Two-sample Kolmogorov–Smirnov test of H₀: both samples are i.i.d. from the same continuous
    /// distribution. D = sup|Fₙ − Gₘ| over all points, ties handled by evaluating both empirical
    /// CDFs after each distinct value.
    ///
    /// p-value: exact when n·m ≤ 4·10⁶, by the probability that a uniformly random monotone lattice
    /// path from (0, 0) to (n, m) touches |i/n − j/m| ≥ D (a recursion with only non-negative
    /// weights i/(i+j), j/(i+j), so even tiny p-values keep relative accuracy; O(n·m) time). For
    /// larger samples, the Kolmogorov limit at λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = nm/(n+m).
    /// The exact p-value assumes no ties; with ties the true p-value is smaller (the test is then
    /// conservative). Requires both samples non-empty; throws on non-finite data.
    public static func kolmogorovSmirnovTest(
        _ x: [Double], _ y: [Double]
    ) throws(NumericsError) -> KolmogorovSmirnovResult {
        require(!x.isEmpty && !y.isEmpty, "Statistics.kolmogorovSmirnovTest: both samples must be non-empty (have \(x.count), \(y.count))")
        try validateFinite(x, "Statistics.kolmogorovSmirnovTest (first sample)")
        try validateFinite(y, "Statistics.kolmogorovSmirnovTest (second sample)")
        let a = x.sorted(), b = y.sorted()
        let n = a.count, m = b.count
        // D·n·m = max |i·m − j·n| over the points after each distinct value: an exact integer.
        var i = 0, j = 0, scaled = 0
        while i < n || j < m {
            let value = Swift.min(i < n ? a[i] : .infinity, j < m ? b[j] : .infinity)
            while i < n && a[i] == value { i += 1 }
            while j < m && b[j] == value { j += 1 }
            scaled = Swift.max(scaled, Swift.abs(i * m - j * n))
        }
        let d = Double(scaled) / (Double(n) * Double(m))
        if n.multipliedReportingOverflow(by: m).partialValue <= 4_000_000 {
            return KolmogorovSmirnovResult(statistic: d, pValue: twoSampleExactPValue(n, m, scaled), method: .exact)
        }
        let ne = Double(n) * Double(m) / Double(n + m), root = ne.squareRoot()
        let p = KolmogorovDistribution().survival((root + 0.12 + 0.11 / root) * d)
        return KolmogorovSmirnovResult(statistic: d, pValue: Swift.min(1, p), method: .asymptotic)
    }

    /// P(max |i·m − j·n| ≥ threshold) over uniformly random lattice paths from (0,0) to (n,m).
    /// w(i, j) = probability that a random path to (i, j) has touched the boundary; a path to
    /// (i, j) arrives from (i−1, j) with probability i/(i+j), so w(i,j) = 1 on the boundary and
    /// w(i,j) = (i·w(i−1,j) + j·w(i,j−1))/(i+j) elsewhere.
    static func twoSampleExactPValue(_ n: Int, _ m: Int, _ threshold: Int) -> Double {
        if threshold <= 0 { return 1 }
        var row = [Double](repeating: 0, count: m + 1) // w(i, ·) for the current i
        for j in 0...m { row[j] = Swift.abs(-j * n) >= threshold ? 1 : (j == 0 ? 0 : row[j - 1]) }
        if n == 0 { return row[m] }
        for i in 1...n {
            row[0] = Swift.abs(i * m) >= threshold ? 1 : row[0]
            for j in 1...m {
                if Swift.abs(i * m - j * n) >= threshold {
                    row[j] = 1
                } else {
                    row[j] = (Double(i) * row[j] + Double(j) * row[j - 1]) / Double(i + j)
                }
            }
        }
        return row[m]
    }
}
