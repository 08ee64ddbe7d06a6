import Foundation
import Testing
import Numerics
@testable import PropertyCheckStatistics

/// Textbook values are from scipy 1.17 with the call written beside each; tolerances are the
/// accuracy of the t/χ²/normal quantiles and tails used (≲ 1e−13 relative, see
/// `DistributionTests`) times the O(1) conditioning of these closed-form statistics, plus the
/// summation error of the moments (n·ε on data of size ~5): we allow 1e−12 relative.
@Suite struct StatisticsTests {
    let x = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.9, 3.7, 4.0]
    let y = [1.2, 2.2, 0.8, 3.9, 2.5, 2.9, 1.1, 3.3, 2.0, 2.6, 1.7, 0.9]
    let tol = 1e-12

    @Test func sampleSummaryMatchesTwoPassAndMerges() throws {
        let s = try SampleSummary(x)
        #expect(s.count == 10 && s.minimum == 1.9 && s.maximum == 5.6)
        #expect(statsRelativeError(s.variance, 1.378777777777778) <= tol) // numpy.var(x, ddof=1)
        var w = SampleSummary()
        for v in x { try w.add(v) }
        #expect(statsRelativeError(w.mean, s.mean) <= tol && statsRelativeError(w.variance, s.variance) <= tol)
        var a = try SampleSummary(Array(x[0..<4])), b = try SampleSummary(Array(x[4...]))
        a.merge(b); b = a
        #expect(statsRelativeError(b.variance, s.variance) <= tol && b.count == 10 && b.minimum == 1.9)
        // Welford does not cancel against a large offset: shifting by 1e9 leaves the variance.
        var shifted = SampleSummary()
        for v in x { try shifted.add(v + 1e9) }
        // The offset costs ~ ε·1e9 relative to the spread (≈ 1.2) per value: 1e−7·n allowance.
        #expect(statsRelativeError(shifted.variance, s.variance) <= 1e-6)
        #expect(throws: NumericsError.self) { try SampleSummary([1, .nan]) }
    }

    @Test func tIntervalsAndTests() throws {
        let sx = try SampleSummary(x), sy = try SampleSummary(y)
        // scipy.stats.ttest_ind(x, y, equal_var=False): statistic, pvalue, df, confidence_interval(0.95)
        let welch = try Statistics.welchTTest(sx, sy, confidence: 0.95)
        #expect(statsRelativeError(welch.statistic, 3.236594186569013) <= tol)
        #expect(statsRelativeError(welch.pValue, 0.0046393225162287) <= tol)
        #expect(statsRelativeError(welch.degreesOfFreedom, 17.763575453646265) <= tol)
        #expect(statsRelativeError(welch.interval.lower, 0.5318191983368854) <= tol)
        #expect(statsRelativeError(welch.interval.upper, 2.504847468329782) <= tol)
        #expect(Swift.abs(welch.pValueGreater + welch.pValueLess - 1) <= 1e-15)
        // scipy.stats.ttest_1samp(x, 3.0): statistic, pvalue, confidence_interval(0.99)
        let one = try Statistics.oneSampleTTest(sx, hypothesizedMean: 3, confidence: 0.99)
        #expect(statsRelativeError(one.statistic, 1.6427924470042596) <= tol)
        #expect(statsRelativeError(one.pValue, 0.1348406679524956) <= tol)
        #expect(statsRelativeError(one.interval.lower, 2.4032744127316668) <= tol)
        #expect(statsRelativeError(one.interval.upper, 4.816725587268333) <= tol)
        let mean = Statistics.meanInterval(sx, confidence: 0.99)
        #expect(mean == ConfidenceInterval(lower: one.interval.lower, upper: one.interval.upper, confidence: 0.99, method: mean.method))
        // 9·s²/scipy.stats.chi2.isf(0.025, 9) and 9·s²/scipy.stats.chi2.ppf(0.025, 9)
        let variance = Statistics.varianceInterval(sx, confidence: 0.95)
        #expect(statsRelativeError(variance.lower, 0.6523235804248262) <= tol)
        #expect(statsRelativeError(variance.upper, 4.5952630167204624) <= tol)
        #expect(throws: NumericsError.self) { try Statistics.oneSampleTTest(SampleSummary([2, 2, 2])) }
    }

    @Test func proportionIntervals() {
        // scipy.stats.binomtest(7, 20).proportion_ci(0.95, 'exact') and (…, 'wilson')
        let cp = Statistics.clopperPearsonInterval(successes: 7, trials: 20, confidence: 0.95)
        #expect(statsRelativeError(cp.lower, 0.1539092047845412) <= tol && statsRelativeError(cp.upper, 0.5921885345328283) <= tol)
        let wilson = Statistics.wilsonInterval(successes: 7, trials: 20, confidence: 0.95)
        #expect(statsRelativeError(wilson.lower, 0.1811918241010821) <= tol && statsRelativeError(wilson.upper, 0.5671457233147637) <= tol)
        // binomtest(0, 50).proportion_ci(0.99, 'exact') = (0, 0.1005450833748586) and the mirror for 50/50.
        let zero = Statistics.clopperPearsonInterval(successes: 0, trials: 50, confidence: 0.99)
        #expect(zero.lower == 0 && statsRelativeError(zero.upper, 0.1005450833748586) <= tol)
        let all = Statistics.clopperPearsonInterval(successes: 50, trials: 50, confidence: 0.99)
        #expect(all.upper == 1 && statsRelativeError(all.lower, 0.8994549166251414) <= tol)
    }

    /// The exact coverage Σₖ P(K = k)·[p ∈ CI(k)] of Clopper–Pearson must be ≥ the confidence for
    /// every p (a deterministic check of the guarantee, no simulation); Wilson is only approximate
    /// and is allowed to dip, but not below 0.9 at n = 40.
    @Test func clopperPearsonExactCoverageIsGuaranteed() {
        let n = 40
        let intervals = (0...n).map { Statistics.clopperPearsonInterval(successes: $0, trials: n, confidence: 0.95) }
        let wilson = (0...n).map { Statistics.wilsonInterval(successes: $0, trials: n, confidence: 0.95) }
        var worstWilson = 1.0
        for step in 1..<200 {
            let p = Double(step) / 200
            let binomial = BinomialDistribution(trials: n, probability: p)
            var coverage = 0.0, wilsonCoverage = 0.0
            for k in 0...n {
                if intervals[k].contains(p) { coverage += binomial.probabilityMass(k) }
                if wilson[k].contains(p) { wilsonCoverage += binomial.probabilityMass(k) }
            }
            // Rounding in Σ pmf: ≤ 41 terms × 4ε.
            #expect(coverage >= 0.95 - 1e-13, "Clopper–Pearson coverage \(coverage) at p = \(p)")
            worstWilson = Swift.min(worstWilson, wilsonCoverage)
        }
        #expect(worstWilson > 0.9 && worstWilson < 0.95) // Wilson is not conservative: the check can fail.
    }

    /// Coverage by simulation: 2,000 normal samples of size 8 (seed 7, stream 1). For normal data
    /// the t interval's coverage is exactly 0.95, so the number of covering intervals is
    /// Binomial(2000, 0.95); its equal-tailed acceptance region at α = 1e−6 is [1849, 1944]
    /// (scipy.stats.binom.ppf(5e−7, 2000, 0.95) and .isf(5e−7, 2000, 0.95)): a correct
    /// implementation fails this with probability < 1e−6. A planted bug — using the normal
    /// quantile z instead of t with 7 degrees of freedom — has coverage ≈ 0.909 (P(|T₇| ≤ 1.96)) and
    /// lands far below the region (mean 1818, sd 13).
    @Test func tIntervalCoverageBySimulation() throws {
        var stream = RandomStream(seed: 7, stream: 1)
        let region = BinomialDistribution(trials: 2000, probability: 0.95).acceptanceRegion(alpha: 1e-6)
        #expect(region == 1849...1944)
        var covered = 0, coveredWithBug = 0
        for _ in 0..<2000 {
            let sample = try SampleSummary((0..<8).map { _ in stream.normal(mean: 1.5, standardDeviation: 2) })
            if Statistics.meanInterval(sample, confidence: 0.95).contains(1.5) { covered += 1 }
            let zHalf = 1.959963984540054 * sample.standardError
            if Swift.abs(sample.mean - 1.5) <= zHalf { coveredWithBug += 1 }
        }
        #expect(region.contains(covered), "t coverage \(covered)/2000")
        #expect(!region.contains(coveredWithBug), "the planted bug (z for t) must be caught: \(coveredWithBug)/2000")
    }

    /// Bounded-variable intervals: coverage must be ≥ 0.95 for any distribution on [0, 1]. We use
    /// Bernoulli(0.1) samples of size 50 (a skewed case where the t interval under-covers). Over
    /// 2,000 replicates the count of covering intervals is Binomial(2000, c) with c ≥ 0.95, so
    /// it is ≥ 1849 except with probability < 5e−7 (see above).
    @Test func hoeffdingAndBernsteinCoverage() throws {
        var stream = RandomStream(seed: 11, stream: 2)
        var hoeffding = 0, bernstein = 0
        for _ in 0..<2000 {
            let sample = try SampleSummary((0..<50).map { _ in stream.bernoulli(0.1) ? 1.0 : 0.0 })
            let h = try Statistics.hoeffdingMeanInterval(sample, bounds: 0...1, confidence: 0.95)
            if h.contains(0.1) { hoeffding += 1 }
            let b = try Statistics.empiricalBernsteinMeanInterval(sample, bounds: 0...1, confidence: 0.95)
            if b.contains(0.1) { bernstein += 1 }
        }
        #expect(hoeffding >= 1849 && bernstein >= 1849)
        // Hoeffding's half-width at n = 50 is √(ln 40/100) = 0.192, independent of the data.
        let s = try SampleSummary([0, 1, 0, 0])
        let h = try Statistics.hoeffdingMeanInterval(s, bounds: 0...1, confidence: 0.95)
        #expect(statsRelativeError(h.upper - s.mean, (Foundation.log(40.0) / 8).squareRoot()) <= 1e-15)
        #expect(throws: NumericsError.self) { try Statistics.hoeffdingMeanInterval(s, bounds: 0...0.5, confidence: 0.95) }
        // Empirical Bernstein half-width s·√(2 ln(4/α)/n) + 7(b − a)·ln(4/α)/(3(n − 1)) on a fixed
        // sample of 40 ones and 160 zeros (x̄ = 0.2, s² = 32/199; the interval ≈ [0.080, 0.320] is not
        // clipped). Planted bug ln(2/α) instead of ln(4/α) changes the half-width by 12%.
        let ones = [Double](repeating: 1, count: 40) + [Double](repeating: 0, count: 160)
        let eb = try Statistics.empiricalBernsteinMeanInterval(try SampleSummary(ones), bounds: 0...1, confidence: 0.9)
        let half = (32.0 / 199 * 2 * Foundation.log(40.0) / 200).squareRoot() + 7 * Foundation.log(40.0) / (3 * 199)
        #expect(statsRelativeError(eb.halfWidth, half) <= 1e-14 && statsRelativeError(eb.midpoint, 0.2) <= 1e-14)
        let wrong = (32.0 / 199 * 2 * Foundation.log(20.0) / 200).squareRoot() + 7 * Foundation.log(20.0) / (3 * 199)
        #expect(statsRelativeError(eb.halfWidth, wrong) > 0.1)
    }

    @Test func correlation() throws {
        let a = x, b = Array(y[0..<10])
        // scipy.stats.pearsonr(a, b): statistic, pvalue, confidence_interval(0.95)
        let r = try Statistics.pearsonCorrelation(a, b, confidence: 0.95)
        #expect(statsRelativeError(r.coefficient, 0.9217969698318405) <= tol)
        #expect(statsRelativeError(r.pValue, 0.00014877237078311523) <= tol)
        #expect(statsRelativeError(r.interval.lower, 0.6962870507683563) <= tol)
        #expect(statsRelativeError(r.interval.upper, 0.9816726318820745) <= tol)
        // scipy.stats.spearmanr(a, b): statistic, pvalue (also the t approximation)
        let s = try Statistics.spearmanCorrelation(a, b)
        #expect(statsRelativeError(s.coefficient, 0.8424242424242423) <= tol)
        #expect(statsRelativeError(s.pValue, 0.002220031225916843) <= tol)
        #expect(Statistics.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(throws: NumericsError.self) { try Statistics.pearsonCorrelation([1, 1, 1, 1], [1, 2, 3, 4]) }
    }

    @Test func linearRegression() throws {
        let a = x, b = Array(y[0..<10])
        // scipy.stats.linregress(a, b): intercept, slope, intercept_stderr, stderr, rvalue²
        let fit = try Statistics.linearRegression(x: a, y: b)
        #expect(statsRelativeError(fit.intercept, -0.5879039406882103) <= tol)
        #expect(statsRelativeError(fit.slope, 0.786122975259892) <= tol)
        #expect(statsRelativeError(fit.interceptStandardError, 0.4416044032884189) <= tol)
        #expect(statsRelativeError(fit.slopeStandardError, 0.11688957033470365) <= tol)
        #expect(statsRelativeError(fit.rSquared, 0.8497096535911628) <= tol)
        #expect(fit.degreesOfFreedom == 8)
        // slope ± scipy.stats.t.isf(0.025, 8)·stderr
        let ci = fit.slopeInterval(confidence: 0.95)
        #expect(statsRelativeError(ci.halfWidth, 2.3060041352041662 * 0.11688957033470365) <= tol)
        // Weights scale-free: multiplying all weights by 7 changes nothing; weights equal to 1 are OLS.
        let w1 = try Statistics.linearRegression(x: a, y: b, weights: [Double](repeating: 7, count: 10))
        #expect(statsRelativeError(w1.slopeStandardError, fit.slopeStandardError) <= tol)
        #expect(throws: NumericsError.self) { try Statistics.linearRegression(x: [1, 1, 1], y: [1, 2, 3]) }
        // Weighted: numpy.linalg.lstsq on √w-scaled rows, σ̂² = Σw r²/(n−2), covariance σ̂²(AᵀWA)⁻¹
        // (an independent route through the normal equations): a, b, se(a), se(b), cov(a, b), σ̂².
        let weights = [1, 2, 1, 0.5, 3, 1, 2, 1, 0.7, 1.5]
        let wfit = try Statistics.linearRegression(x: a, y: b, weights: weights)
        #expect(statsRelativeError(wfit.intercept, -0.5838607799093273) <= tol)
        #expect(statsRelativeError(wfit.slope, 0.763344026931445) <= tol)
        #expect(statsRelativeError(wfit.interceptStandardError, 0.49747253675904063) <= tol)
        #expect(statsRelativeError(wfit.slopeStandardError, 0.13391404281266053) <= tol)
        #expect(statsRelativeError(wfit.covariance, -0.06438852822795509) <= tol)
        #expect(statsRelativeError(wfit.residualVariance, 0.22318956663069564) <= tol)
    }

    /// A power law y = 3·x^(−0.5)·e^{0.05ε} on x = 2¹…2¹²: the log–log slope interval must cover
    /// −0.5. Over 500 replicates the coverage count is Binomial(500, 0.95) (exact: normal errors),
    /// whose α = 1e−6 acceptance region is computed by `BinomialDistribution`. A wrong exponent
    /// −0.35 must be rejected: the slope's standard error is σ/√Sxx = 0.05/√((ln 2)²·143) ≈ 0.006,
    /// so t ≈ 25 with 10 degrees of freedom and p ≈ 1e−10 ≪ 1e−6.
    @Test func regressionRecoversPowerLawExponent() throws {
        var stream = RandomStream(seed: 3, stream: 4)
        let xs = (1...12).map { Foundation.pow(2.0, Double($0)) }
        let region = BinomialDistribution(trials: 500, probability: 0.95).acceptanceRegion(alpha: 1e-6)
        var covered = 0
        var last: LinearFit?
        for _ in 0..<500 {
            let ys = xs.map { 3 * Foundation.pow($0, -0.5) * Foundation.exp(0.05 * stream.normal()) }
            let fit = try Statistics.linearRegression(x: xs.map { Foundation.log($0) }, y: ys.map { Foundation.log($0) })
            if fit.slopeInterval(confidence: 0.95).contains(-0.5) { covered += 1 }
            last = fit
        }
        #expect(region.contains(covered), "slope coverage \(covered)/500 outside \(region)")
        let fit = try #require(last)
        #expect(fit.slopePValue(hypothesizedSlope: -0.5) > 1e-6)
        #expect(fit.slopePValue(hypothesizedSlope: -0.35) < 1e-6) // a wrong exponent is rejected
    }

    @Test func kolmogorovSmirnov() throws {
        // scipy.stats.ks_2samp(x, y, method='exact'): statistic, pvalue
        let k1 = try Statistics.kolmogorovSmirnovTest(x, y)
        #expect(k1.statistic == 0.55 && k1.method == .exact)
        #expect(statsRelativeError(k1.pValue, 0.048886098421702134) <= tol)
        // ks_2samp(range(30), [i + 100 for i in range(25)], method='exact'): D = 1, p = 2/C(55, 25).
        let k2 = try Statistics.kolmogorovSmirnovTest((0..<30).map(Double.init), (0..<25).map { Double($0 + 100) })
        #expect(k2.statistic == 1 && statsRelativeError(k2.pValue, 6.481194254049317e-16) <= tol)
        // One sample against U(0, 1): scipy.stats.kstest(u, 'uniform'): statistic 0.13, pvalue 0.9714136158393961
        // (scipy's exact method for this n).
        let u = [0.05, 0.11, 0.23, 0.31, 0.42, 0.58, 0.61, 0.77, 0.83, 0.95, 0.99, 0.12]
        let k3 = try Statistics.kolmogorovSmirnovTest(u) { Swift.min(1, Swift.max(0, $0)) }
        #expect(Swift.abs(k3.statistic - 0.13) <= 1e-15 && k3.method == .exact)
        #expect(Swift.abs(k3.pValue - 0.9714136158393961) <= 1e-13)
    }

    /// The one-sample null distribution against scipy.stats.kstwo.sf(d, n), except for n = 300,
    /// where scipy's value (0.42744120502346905) is off by 4e−7 and the reference is a 40-digit
    /// mpmath evaluation of the Marsaglia–Tsang–Wang matrix power. Tolerance:
    /// Marsaglia–Tsang–Wang's CDF has absolute error ~1e−14 (we allow 1e−13 absolute); the
    /// one-sided Birnbaum–Tingey branch (p ≤ 1e−3) has relative error ε·n·ln n from the log-factorials
    /// plus the ≤ 1e−10 relative excess of the two-sided approximation.
    @Test func kolmogorovSmirnovOneSampleNullDistribution() {
        let cases: [(Int, Double, Double)] = [
            (5, 0.3, 0.664), (10, 0.2, 0.74871903999999990), (10, 0.5, 0.00777741), (20, 0.3, 0.04306706665851623),
            (20, 0.45, 0.00032446411409554644), (50, 0.1, 0.6623112704658186), (50, 0.3, 0.00017353260202718738),
            (100, 0.05, 0.9532159710635725), (100, 0.2, 0.0005551927327988775), (300, 0.05, 0.4274416223918019847),
            (400, 0.12, 1.777190333723987e-05), (1000, 0.1, 3.703687096817711e-09), (3, 0.9, 0.0019999999999999987),
        ]
        for (n, d, expected) in cases {
            let (p, _) = Statistics.kolmogorovSmirnovPValue(statistic: d, count: n)
            let tol = expected > 1e-3 ? 1e-13 : expected * (1e-10 + statsUnitRoundoff * Double(n) * Foundation.log(Double(n)) * 8)
            #expect(Swift.abs(p - expected) <= tol, "n = \(n), d = \(d): p = \(p), want \(expected)")
        }
        // n = 2000 is still exact: 1 − MTW CDF at d = 1.36/√2000 is 0.048475598386861773 (numpy
        // float64 evaluation of the same matrix power, itself accurate to ~1e−13).
        let (p2000, m2000) = Statistics.kolmogorovSmirnovPValue(statistic: 1.36 / Double(2000).squareRoot(), count: 2000)
        #expect(m2000 == .exact && Swift.abs(p2000 - 0.048475598386861773) <= 1e-12)
        // Very large n falls back to Stephens' asymptotic formula, checked against its definition.
        let (p, method) = Statistics.kolmogorovSmirnovPValue(statistic: 0.01, count: 20000)
        let root = Double(20000).squareRoot()
        #expect(method == .asymptotic && p == KolmogorovDistribution().survival((root + 0.12 + 0.11 / root) * 0.01))
    }

    /// Under H₀ the one-sample p-value is exactly uniform (D is continuous for continuous data and
    /// the p-value is exact at n = 20), so the number of p ≤ 0.05 among 2,000 samples is
    /// Binomial(2000, 0.05); we accept its α = 1e−6 region. The two-sample exact p-value (n = m = 15)
    /// is conservative because D is discrete: P(p ≤ 0.05) ≤ 0.05, so only the upper end applies.
    /// A planted bug — the one-sided tail P(D⁺ ≥ d) reported as the two-sided p-value (forgetting
    /// the factor 2) — rejects about 10% of the time (~200 of 2,000), which the same region catches.
    @Test func kolmogorovSmirnovPValuesAreCalibratedUnderNull() throws {
        var stream = RandomStream(seed: 5, stream: 9)
        let region = BinomialDistribution(trials: 2000, probability: 0.05).acceptanceRegion(alpha: 1e-6)
        var oneSample = 0, twoSample = 0, planted = 0
        for _ in 0..<2000 {
            let sample = stream.normalVector(20)
            let result = try Statistics.kolmogorovSmirnovTest(sample) { NormalDistribution.standard.cdf($0) }
            if result.pValue <= 0.05 { oneSample += 1 }
            if Statistics.smirnovUpperTail(20, result.statistic) <= 0.05 { planted += 1 }
            let other = stream.normalVector(15), first = stream.normalVector(15)
            if try Statistics.kolmogorovSmirnovTest(first, other).pValue <= 0.05 { twoSample += 1 }
        }
        #expect(region.contains(oneSample), "one-sample rejections \(oneSample) outside \(region)")
        #expect(twoSample <= region.upperBound, "two-sample rejections \(twoSample)")
        #expect(!region.contains(planted), "one-sided p-value as two-sided: \(planted) rejections")
    }

    @Test func chiSquaredGoodnessOfFit() {
        // scipy.stats.chisquare([18, 22, 30, 30], [25, 25, 25, 25]): statistic, pvalue
        let r = Statistics.chiSquaredGoodnessOfFit(observed: [18, 22, 30, 30], expectedProbabilities: [1, 1, 1, 1])
        #expect(statsRelativeError(r.statistic, 4.32) <= tol && statsRelativeError(r.pValue, 0.22891886433610517) <= tol)
        #expect(r.degreesOfFreedom == 3 && r.smallestExpectedCount == 25)
        // scipy.stats.chisquare([5, 15, 40, 40], [10, 20, 35, 35], ddof=1)
        let s = Statistics.chiSquaredGoodnessOfFit(observed: [5, 15, 40, 40], expectedProbabilities: [0.1, 0.2, 0.35, 0.35],
                                                   estimatedParameters: 1)
        #expect(statsRelativeError(s.statistic, 5.178571428571429) <= tol && statsRelativeError(s.pValue, 0.0750736449705678) <= tol)
    }

    @Test func binomialTest() {
        // scipy.stats.binom.cdf(3, 50, 0.2) and .sf(2, 50, 0.2)
        let low = Statistics.binomialTest(successes: 3, trials: 50, probability: 0.2)
        #expect(statsRelativeError(low.pValueLess, 0.005656361012155322) <= tol)
        #expect(statsRelativeError(low.pValueGreater, 0.9987145850467567) <= tol)
        #expect(statsRelativeError(low.pValue, 2 * 0.005656361012155322) <= tol)
        // scipy.stats.binom.sf(79, 100, 0.5) = P(X ≥ 80): a tiny tail keeps its digits.
        let high = Statistics.binomialTest(successes: 80, trials: 100, probability: 0.5)
        #expect(statsRelativeError(high.pValueGreater, 5.579544528625976e-10) <= tol)
        // Duality with Clopper–Pearson: p₀ outside the 95% interval ⇔ p-value < 0.05.
        for p0 in stride(from: 0.01, to: 0.99, by: 0.0137) {
            let r = Statistics.binomialTest(successes: 13, trials: 40, probability: p0)
            #expect(r.interval.contains(p0) == (r.pValue >= 0.05), "p₀ = \(p0): p = \(r.pValue), \(r.interval)")
        }
    }

    @Test func quantilesAndQuantileIntervals() throws {
        // numpy.quantile(x, p) (type 7): 3.55, 4.97, 2.835
        #expect(Swift.abs(try Statistics.quantile(x, probability: 0.5) - 3.55) <= 4e-15)
        #expect(Swift.abs(try Statistics.quantile(x, probability: 0.9) - 4.97) <= 4e-15)
        #expect(Swift.abs(try Statistics.quantile(x, probability: 0.23) - 2.835) <= 4e-15)
        // n = 10, median, 95%: the textbook interval [x₍₂₎, x₍₉₎] (coverage 1 − 22/1024).
        let sorted = x.sorted()
        let ci = try Statistics.quantileInterval(x, probability: 0.5, confidence: 0.95)
        #expect(ci.lower == sorted[1] && ci.upper == sorted[8])
        // Exact coverage P(l ≤ K ≤ u − 1) ≥ confidence for several n and p (deterministic).
        for n in [5, 17, 40, 200] {
            for p in [0.1, 0.5, 0.9] {
                let region = BinomialDistribution(trials: n, probability: p).acceptanceRegion(alpha: 0.05)
                var coverage = 0.0
                for k in region { coverage += BinomialDistribution(trials: n, probability: p).probabilityMass(k) }
                #expect(coverage >= 0.95 - 1e-13, "n = \(n), p = \(p): coverage \(coverage)")
            }
        }
        // Too small a sample for a finite upper end: n = 5, p = 0.9.
        let small = try Statistics.quantileInterval([1, 2, 3, 4, 5], probability: 0.9, confidence: 0.95)
        #expect(small.upper == .infinity)
        // Simulation on exponential data (the true median is ln 2): 2,000 replicates of n = 25;
        // coverage ≥ 0.95 so the count is ≥ 1849 except with probability < 5e−7.
        var stream = RandomStream(seed: 21, stream: 0)
        var covered = 0
        for _ in 0..<2000 {
            let sample = (0..<25).map { _ in -Foundation.log(stream.uniformPositive()) }
            if try Statistics.quantileInterval(sample, probability: 0.5, confidence: 0.95).contains(Foundation.log(2.0)) { covered += 1 }
        }
        #expect(covered >= 1849, "\(covered)/2000")
    }

    @Test func multipleTesting() {
        let p = [0.01, 0.04, 0.03, 0.005]
        #expect(Statistics.bonferroniAdjusted(p) == [0.04, 0.16, 0.12, 0.02])
        // Holm: sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005, 3·0.01, 2·0.03, 1·0.04 = 0.02, 0.03, 0.06, 0.06 (running max).
        let holm = Statistics.holmAdjusted(p)
        let expected = [0.03, 0.06, 0.06, 0.02]
        for k in 0..<4 { #expect(Swift.abs(holm[k] - expected[k]) <= 1e-16) }
    }
}
