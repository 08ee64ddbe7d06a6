import Foundation
import Testing
import Numerics
@testable import PropertyCheckStatistics

/// Reference values below come from scipy 1.17 (`scipy.stats.<dist>.<method>(…)` as written next
/// to each table). Tolerance derivation: our documented bound for the quantity plus the
/// reference's own error. scipy's normal and chi-square use cephes (≲ 1e−15 relative on these
/// ranges), its t and beta use Boost (≲ 2e−15); our incomplete gamma/beta are bounded by
/// ε·(4(1 + |ln v|) + 512) (see `SpecialFunctionsTests.incompleteTolerance`). Quantiles add the
/// conditioning: a relative error δ in the tail probability moves the quantile by
/// δ·tail/(density·|x|) relative, which we evaluate per case.
@Suite struct DistributionTests {
    func tailTolerance(_ value: Double) -> Double {
        statsUnitRoundoff * (4 * (1 + Swift.abs(Foundation.log(value))) + 512) + 2e-15
    }

    /// Relative tolerance for a quantile x at tail probability `tail`: the tail tolerance times the
    /// condition number tail/(density·|x|), plus 4 ulp of the root finder.
    func quantileTolerance<D: ContinuousDistribution>(_ d: D, _ x: Double, tail: Double) -> Double {
        tailTolerance(tail) * tail / (d.density(x) * Swift.abs(x)) + 4 * statsUnitRoundoff * 2
    }

    @Test func normalTailsAndQuantiles() {
        let n = NormalDistribution.standard
        // scipy.stats.norm.ppf(p)
        let ppf: [(Double, Double)] = [(1e-300, -37.0470962993612), (1e-20, -9.262340089798409), (1e-05, -4.264890793922825),
                                       (0.025, -1.9599639845400545), (0.3, -0.5244005127080409)]
        for (p, expected) in ppf {
            let x = n.quantile(p)
            #expect(statsRelativeError(x, expected) <= quantileTolerance(n, expected, tail: p), "Φ⁻¹(\(p)) = \(x)")
            #expect(statsRelativeError(n.inverseSurvival(p), -expected) <= quantileTolerance(n, expected, tail: p))
        }
        #expect(n.quantile(0.5) == 0)
        // scipy.stats.norm.sf(x)
        let sf: [(Double, Double)] = [(-3, 0.9986501019683699), (1.5, 0.06680720126885807), (8, 6.22096057427174e-16),
                                      (37, 5.7255712225239266e-300)]
        for (x, expected) in sf {
            // erfc's condition number 2(x/√2)² = x² multiplies the rounding of x/√2.
            let tol = statsUnitRoundoff * (8 + 2 * x * x)
            #expect(statsRelativeError(n.survival(x), expected) <= tol, "survival(\(x))")
            #expect(statsRelativeError(n.cdf(-x), expected) <= tol)
        }
        // Round trip across the whole range, in both tails.
        for e in stride(from: -300.0, through: -1, by: 7) {
            let p = Foundation.pow(10, e)
            let x = n.quantile(p)
            #expect(statsRelativeError(n.cdf(x), p) <= statsUnitRoundoff * (16 + 2 * x * x), "cdf(quantile(1e\(e)))")
        }
        let shifted = NormalDistribution(mean: 3, standardDeviation: 2)
        #expect(Swift.abs(shifted.quantile(0.975) - (3 + 2 * 1.9599639845400545)) <= 8 * statsUnitRoundoff * 7)
    }

    @Test func chiSquaredAndGamma() {
        // scipy.stats.chi2.sf(x, k)
        let sf: [(Double, Double, Double)] = [(1, 3.84, 0.05004352124870519), (5, 100, 5.285148360943219e-20),
                                              (30, 20, 0.9165415270653372), (1000, 1200, 1.2255942330622893e-05)]
        for (k, x, expected) in sf {
            #expect(statsRelativeError(ChiSquaredDistribution(degreesOfFreedom: k).survival(x), expected) <= tailTolerance(expected), "χ²(\(k)).sf(\(x))")
        }
        // scipy.stats.chi2.isf(q, k) and .ppf(p, k)
        let isf: [(Double, Double, Double)] = [(1, 0.05, 3.8414588206941285), (5, 1e-10, 55.5623985182385),
                                               (30, 0.975, 16.790772265566623), (1000, 1e-06, 1227.1524211875756)]
        for (k, q, expected) in isf {
            let d = ChiSquaredDistribution(degreesOfFreedom: k)
            #expect(statsRelativeError(d.inverseSurvival(q), expected) <= quantileTolerance(d, expected, tail: Swift.min(q, 1 - q)), "χ²(\(k)).isf(\(q))")
        }
        let ppf: [(Double, Double, Double)] = [(1, 1e-10, 1.570796326794896e-20), (5, 0.025, 0.8312116134866625), (0.3, 0.5, 0.012469611517980431)]
        for (k, p, expected) in ppf {
            let d = ChiSquaredDistribution(degreesOfFreedom: k)
            #expect(statsRelativeError(d.quantile(p), expected) <= quantileTolerance(d, expected, tail: p), "χ²(\(k)).ppf(\(p))")
        }
        // χ² with 2 degrees of freedom is exponential with mean 2: survival e^{−x/2}, quantile −2 ln(1 − p).
        let two = ChiSquaredDistribution(degreesOfFreedom: 2)
        for x in [1e-10, 0.5, 3, 100, 1300] {
            #expect(statsRelativeError(two.survival(x), Foundation.exp(-x / 2)) <= tailTolerance(Foundation.exp(-x / 2)))
        }
        for q in [1e-300, 1e-9, 0.3] {
            #expect(statsRelativeError(two.inverseSurvival(q), -2 * Foundation.log(q)) <= quantileTolerance(two, -2 * Foundation.log(q), tail: q))
        }
        // scipy.stats.gamma.sf(x, k, scale=θ) and .ppf(0.1, k, scale=θ)
        let g1 = GammaDistribution(shape: 0.2, scale: 3), g2 = GammaDistribution(shape: 7.5, scale: 0.5)
        #expect(statsRelativeError(g1.survival(5), 0.020211198860443574) <= tailTolerance(0.02))
        #expect(statsRelativeError(g2.survival(10), 0.00045349813510223386) <= tailTolerance(4.5e-4))
        #expect(statsRelativeError(g1.quantile(0.1), 1.9576548985859102e-05) <= quantileTolerance(g1, 1.9576548985859102e-05, tail: 0.1))
        #expect(statsRelativeError(g2.quantile(0.1), 2.1366890604261366) <= quantileTolerance(g2, 2.1366890604261366, tail: 0.1))
    }

    /// For large ν the beta argument x = ν/(ν+t²) is close to 1 and carries an absolute rounding
    /// error of up to ε; the continued fraction with a = ν/2 amplifies a relative change of x by
    /// about a. Allowance: 4·a·ε = 2νε (4.4e−12 at ν = 1e4; negligible for ν ≲ 100).
    func largeNuSlack(_ nu: Double) -> Double { 2 * nu * statsUnitRoundoff }

    @Test func studentT() {
        // scipy.stats.t.sf(x, ν)
        let sf: [(Double, Double, Double)] = [(1, 2, 0.14758361765043326), (3, 10, 0.0010641995292070751),
                                              (10, 2.228, 0.02500588590855566), (29, -1.5, 0.9277881519798071),
                                              (2.5, 1e5, 2.2747519231756224e-13), (1e4, 3, 0.001353224094998833)]
        for (nu, x, expected) in sf {
            #expect(statsRelativeError(StudentTDistribution(degreesOfFreedom: nu).survival(x), expected) <= tailTolerance(expected) + largeNuSlack(nu),
                    "t(\(nu)).sf(\(x))")
        }
        // scipy.stats.t.isf(q, ν)
        let isf: [(Double, Double, Double)] = [(1, 0.025, 12.706204736174705), (5, 1e-10, 156.82559270889433),
                                               (29, 0.025, 2.045229642132704), (1e4, 0.001, 3.091047516030612),
                                               (3, 0.4, 0.2766706623326898)]
        for (nu, q, expected) in isf {
            let d = StudentTDistribution(degreesOfFreedom: nu)
            let tol = quantileTolerance(d, expected, tail: q) + largeNuSlack(nu) * q / (d.density(expected) * expected)
            #expect(statsRelativeError(d.inverseSurvival(q), expected) <= tol, "t(\(nu)).isf(\(q)) = \(d.inverseSurvival(q))")
            #expect(statsRelativeError(d.quantile(q), -expected) <= tol)
        }
        // Survival so far out that ν/t² underflows: 0.5·mpmath.betainc(ν/2, ½, 0, ν/(ν+t²)) at 40 digits.
        // The closed form's error is the rounding of ln(ν/t²) (≈ 790·ε absolute) times ν/2.
        for (nu, t, expected) in [(0.3326154842462515, 2.2835819264645274e+170, 7.436529240310885e-58),
                                  (1.4, 1e200, 3.607579838040801e-281)] {
            let s = StudentTDistribution(degreesOfFreedom: nu).survival(t)
            #expect(statsRelativeError(s, expected) <= statsUnitRoundoff * (64 + 4 * nu * 800), "t(\(nu)).sf(\(t)) = \(s)")
        }
        // Underflowing beta root: ν = 0.7, q = 1e−200. scipy.stats.t.isf(1e−200, 0.7) returns
        // 5.6e153, which is wrong (its tail there is ~1e−108); the reference is the mpmath root of
        // betainc(ν/2, ½, 0, ν/(ν+t²))/2 = 1e−200 at 50 digits. Our closed-form tail formula has
        // error ≈ ε·(|ln 2q| + |ln(ν/2)| + |ln B|)/ν in ln t (ulp of the logarithms, divided by ν).
        let heavy = StudentTDistribution(degreesOfFreedom: 0.7)
        let logSum = Swift.abs(Foundation.log(2e-200)) + Swift.abs(Foundation.log(0.35)) + Swift.abs(Special.logBeta(0.35, 0.5))
        #expect(statsRelativeError(heavy.inverseSurvival(1e-200), 9.757004018102736e+284) <= 4 * statsUnitRoundoff * logSum / 0.7)
        // t with 1 degree of freedom is Cauchy: survival ½ − atan(x)/π, quantile tan(π(p − ½)).
        let cauchy = StudentTDistribution(degreesOfFreedom: 1)
        for x in [-50.0, -1, 0.3, 7, 1e6] {
            let expected = x > 0 ? Foundation.atan(1 / x) / Double.pi : 0.5 - Foundation.atan(x) / Double.pi
            #expect(statsRelativeError(cauchy.survival(x), expected) <= tailTolerance(expected), "Cauchy sf(\(x))")
        }
        // Planted bug: a t with the wrong degrees of freedom fails the same Cauchy check.
        let wrong = StudentTDistribution(degreesOfFreedom: 1.01).survival(7)
        #expect(statsRelativeError(wrong, Foundation.atan(1.0 / 7) / Double.pi) > tailTolerance(0.05))
        // Symmetry and the normal limit.
        let t5 = StudentTDistribution(degreesOfFreedom: 5)
        for x in [0.1, 1.7, 30] { #expect(statsRelativeError(t5.cdf(-x), t5.survival(x)) <= 4 * statsUnitRoundoff) }
        // Large ν: Fisher's expansion; the first correction is (z³ + z)/(4ν) ≈ 2.37e−8 at ν = 1e8, so the
        // planted bug "use the normal quantile" is caught by a 1e−14 tolerance.
        let z975 = 1.959963984540054
        let t1e8 = StudentTDistribution(degreesOfFreedom: 1e8).inverseSurvival(0.025)
        #expect(Swift.abs(t1e8 - (z975 + (z975 * z975 * z975 + z975) / 4e8)) < 1e-14)
        #expect(Swift.abs(z975 - (z975 + (z975 * z975 * z975 + z975) / 4e8)) > 1e-14)
        // Continuity across the switch at ν = 1e6: just below uses the incomplete beta route.
        let below = StudentTDistribution(degreesOfFreedom: 999_999.99).inverseSurvival(1e-10)
        let above = StudentTDistribution(degreesOfFreedom: 1e6).inverseSurvival(1e-10)
        #expect(statsRelativeError(below, above) <= 2 * 1e6 * statsUnitRoundoff * 4)
    }

    @Test func betaDistribution() {
        // scipy.stats.beta.cdf / ppf / isf
        let cdf: [(Double, Double, Double, Double)] = [(2, 5, 0.1, 0.11426500000000002), (0.5, 0.5, 0.99, 0.9362314391414803),
                                                       (30, 40, 0.3, 0.012126160623329755)]
        for (a, b, x, expected) in cdf {
            #expect(statsRelativeError(BetaDistribution(alpha: a, beta: b).cdf(x), expected) <= tailTolerance(expected))
        }
        let ppf: [(Double, Double, Double, Double)] = [(2, 5, 0.025, 0.043271868292741676), (0.5, 0.5, 1e-10, 2.4674011002723397e-20),
                                                       (30, 40, 0.7, 0.4591683348490439)]
        for (a, b, p, expected) in ppf {
            let d = BetaDistribution(alpha: a, beta: b)
            #expect(statsRelativeError(d.quantile(p), expected) <= quantileTolerance(d, expected, tail: Swift.min(p, 1 - p)), "Beta ppf")
        }
        let isf: [(Double, Double, Double, Double)] = [(2, 5, 1e-12, 0.9972166267363152), (30, 40, 0.01, 0.566988552275062)]
        for (a, b, q, expected) in isf {
            let d = BetaDistribution(alpha: a, beta: b)
            #expect(statsRelativeError(d.inverseSurvival(q), expected) <= quantileTolerance(d, expected, tail: q), "Beta isf")
        }
        // Beta(1, 1) is uniform.
        let uniform = BetaDistribution(alpha: 1, beta: 1)
        for x in [1e-200, 0.25, 0.9] {
            #expect(statsRelativeError(uniform.cdf(x), x) <= tailTolerance(x))
            #expect(statsRelativeError(uniform.quantile(x), x) <= quantileTolerance(uniform, x, tail: Swift.min(x, 1 - x)))
        }
    }

    @Test func kolmogorov() {
        let k = KolmogorovDistribution()
        // scipy.special.kolmogorov(x) (the survival function)
        let sf: [(Double, Double)] = [(0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (0.8, 0.5441424115741981),
                                      (1, 0.26999967167735456), (1.36, 0.049485876755377876), (2, 0.0006709252557796953),
                                      (5, 3.8574996959278356e-22)]
        // A few terms of an alternating / positive series: 16ε, plus scipy's ~1e−15.
        for (x, expected) in sf {
            #expect(statsRelativeError(k.survival(x), expected) <= 16 * statsUnitRoundoff + 2e-15, "Q_KS(\(x))")
        }
        // The lower-tail form must agree with 1 − survival where both are accurate.
        #expect(Swift.abs(k.cdf(0.5) - (1 - 0.9639452436648751)) <= 1e-15)
        // scipy.special.kolmogi(q)
        let inverse: [(Double, Double)] = [(0.5, 0.8275735551899059), (0.05, 1.3580986393225507), (1e-10, 3.4437623401231106),
                                           (0.999, 0.3742196902782784)]
        for (q, expected) in inverse {
            #expect(statsRelativeError(k.inverseSurvival(q), expected) <= quantileTolerance(k, expected, tail: Swift.min(q, 1 - q)), "kolmogi(\(q))")
        }
        // Extreme tails round-trip (each tail is computed directly, so the check is relative): the
        // condition number of the round trip is |λ·f(λ)/tail| ≈ 4λ² (upper) or π²/(4λ²) (lower),
        // times a few-ulp series error plus 2 ulp of λ: we allow 16ε·(1 + condition).
        for tail in [1e-300, 1e-100, 1e-10] {
            let upper = k.inverseSurvival(tail)
            #expect(statsRelativeError(k.survival(upper), tail) <= 16 * statsUnitRoundoff * (1 + 4 * upper * upper), "Q_KS⁻¹(\(tail)) = \(upper)")
            let lower = k.quantile(tail)
            #expect(statsRelativeError(k.cdf(lower), tail) <= 16 * statsUnitRoundoff * (1 + 2.5 / (lower * lower)), "K⁻¹(\(tail)) = \(lower)")
        }
        // The mean E[K] = √(π/2)·ln 2 by numerical integration of the survival function.
        var integral = 0.0
        let h = 1e-3
        for i in 0..<6000 { integral += h * k.survival((Double(i) + 0.5) * h) } // midpoint rule, error ~ h²·max|f″|/24 ≈ 1e−7
        #expect(Swift.abs(integral - k.mean) < 1e-6)
    }

    @Test func binomialTailsAndAcceptanceRegion() {
        // scipy.stats.binom.ppf(5e−7, 2000, 0.95) = 1849, .isf(5e−7, 2000, 0.95) = 1944.
        let b = BinomialDistribution(trials: 2000, probability: 0.95)
        #expect(b.acceptanceRegion(alpha: 1e-6) == 1849...1944)
        // scipy.stats.binom.cdf(1866, 2000, 0.95), .sf(1925, 2000, 0.95)
        #expect(statsRelativeError(b.cdf(1866), 0.0004981414068706375) <= tailTolerance(5e-4) * 4)
        #expect(statsRelativeError(b.survival(1925), 0.00327779824706063) <= tailTolerance(3e-3) * 4)
        // Σ pmf = 1 and the cdf is the partial sum.
        let small = BinomialDistribution(trials: 30, probability: 0.3)
        var partial = 0.0
        for k in 0...30 {
            partial += small.probabilityMass(k)
            #expect(Swift.abs(partial - small.cdf(k)) <= 64 * statsUnitRoundoff)
        }
    }
}
