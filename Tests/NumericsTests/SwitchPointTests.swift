/// Every place where the harness's own arithmetic changes method at a threshold, tested on both
/// sides of the threshold against an independent truth (a closed form, or a reference value from
/// mpmath/scipy pasted with the command that produced it).
///
/// Inventory (file: function: threshold → the two methods):
///
/// Special functions (`Sources/PropertyCheckStatistics/SpecialFunctions`)
/// - Special.swift: `erfcx`: x < 25 → exp(x²)·erfc(x) with x² split exactly; x ≥ 25 → asymptotic series.
/// - Special.swift: `logBeta`: max(a, b) < 15 → lgamma difference; min < 15 ≤ max → Stirling for the
///   large pair only; min(a, b) ≥ 15 → full Stirling form.
/// - Special.swift: `digamma`: x < 0 → reflection ψ(1 − x) − π·cot(πx); 0 < x < 10 → recurrence up
///   to ≥ 10; x ≥ 10 → asymptotic series directly.
/// - Special.swift: `trigamma`: same thresholds as `digamma` (x < 0 reflection, x < 10 recurrence).
/// - Special+IncompleteGamma.swift: `incompleteGamma`: a < 1 and x < 1 → series for P and the
///   small-a form for Q; otherwise x < a + 1 (and not a < 1 ≤ x) → series, Q = 1 − P; else
///   continued fraction for Q, P = 1 − Q.
/// - Special+IncompleteGamma.swift: `logGammaPrefactor`: a < 15 → direct a·ln x − x − lnΓ(a);
///   a ≥ 15 → Stirling/deviance form.
/// - Special+IncompleteGamma.swift: `logDeviance`: |d| ≥ 0.5 → d − ln t; |d| < 0.5 → atanh series.
/// - Special+IncompleteGamma.swift: `logGammaOnePlus`: |a| > ¼ → lgamma(1 + a); |a| ≤ ¼ → ζ Taylor series.
/// - Special+IncompleteGamma.swift: `invertIncompleteGamma`: start a > 1 → Wilson–Hilferty, else
///   power law (p < t ≈ P(a, 1)) or exponential tail (p ≥ t); residual on P when p ≤ ½, else on Q.
/// - Special+IncompleteBeta.swift: `incompleteBeta`: x < (a+1)/(a+b+2) → continued fraction for
///   I_x(a, b); otherwise the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
/// - Special+IncompleteBeta.swift: `logBetaPrefactor`: a < 15 or b < 15 → direct logs (ln of the
///   larger of x, y via log1p when it exceeds ½); a, b ≥ 15 → Stirling/deviance form.
/// - Special+IncompleteBeta.swift: `betaContinuedFraction`: x > ½ → leading denominator formed
///   from y = 1 − x; x ≤ ½ → from x.
/// - Special+IncompleteBeta.swift: `invertIncompleteBeta`: start a, b ≥ 1 → normal approximation,
///   else power laws at the ends; Newton in x when x₀ ≤ y₀, else in 1 − x.
/// - Special+RootFinding.swift: `solveIncreasing`: Newton in ln x when the domain starts at 0, else
///   Newton/Halley; bisection geometric when hi > 4·lo > 0, else arithmetic (exercised through
///   every inverse below).
///
/// Distributions and tests (`Sources/PropertyCheckStatistics/Statistics`)
/// - NormalDistribution.swift: `standardQuantile`: p < 1 − p → lower tail, else reflection; p = ½ → 0.
/// - StudentTDistribution.swift: `upperTailPair`: ln(ν/t²) < −667 (ν/t² < e⁻⁶⁶⁷ ≈ 2.2e−290) →
///   leading term of the small-x expansion; otherwise the incomplete beta.
/// - StudentTDistribution.swift: `upperQuantile`: ν ≥ 1e6 → Fisher's expansion; otherwise the beta
///   inverse, and its root x < 1e−290 → leading term of the small-x expansion.
/// - KolmogorovDistribution.swift: `pair` and `density`: λ < 1 → Jacobi theta series; λ ≥ 1 → the
///   alternating series.
/// - Statistics+KolmogorovSmirnov.swift: `kolmogorovSmirnovPValue`: n ≤ 100,000 and
///   2·P(Dₙ⁺ ≥ d) ≤ 1e−3 → Birnbaum–Tingey (exact); else 2·log₂(n + 1)·m³ ≤ 3e8 with
///   m = 2⌊nd⌋ + 1 → Marsaglia–Tsang–Wang (exact); else Kolmogorov limit with Stephens' correction.
/// - Statistics+KolmogorovSmirnov.swift: `kolmogorovExactCDF`: h = k − nd > ½ → corner term (2h − 1)^m.
/// - Statistics+KolmogorovSmirnov.swift: two-sample `kolmogorovSmirnovTest`: n·m ≤ 2.5e7 → exact
///   lattice-path recursion; else Kolmogorov limit at nₑ = nm/(n + m).
/// - Statistics+Proportions.swift: `clopperPearsonInterval`: k = 0 → lower end 0, k = n → upper
///   end 1; otherwise Beta quantiles.
///
/// Core (`Sources/PropertyCheckStatistics/Core`)
/// - VectorNorms.swift: `euclideanNorm`: Σx² finite, > 1e−280 and max|x| < 1e150 → plain sum of
///   squares; otherwise the scaled sum.
///
/// Harness (`Sources/PropertyCheck`)
/// - CalibratedControl.swift: `computeSurvivalProbability`: ν nil or infinite → closed form
///   Φ̄(m(q + z) − q); finite ν → Simpson double integral over 1 ± 12/√(2ν), whose lower end is
///   clamped to 0 when ν ≤ 72.
/// - ErrorBudget.swift: `formatProbability`: p < 1e−3 → 3 significant digits, else 4 (display only).
/// - StatisticalEvidence.swift: `formatNumber`: 1e−3 ≤ |x| < 1e6 → %g, else scientific (display only).
/// - Resolution.swift: `formatPercent`: ≥ 10% → no decimals, else 2 significant digits (display only).
///
/// Reference values were computed with mpmath 1.3 at 40–60 digits (or scipy 1.17 where said) at
/// the exact Double arguments used here (e.g. `numpy.nextafter(25, 0)` for `25.nextDown`).
import Foundation
import Testing
import Numerics
@testable import PropertyCheckStatistics
@testable import PropertyCheck

/// Unit roundoff ε = 2⁻⁵³, the ε of the accuracy statements in the sources.
private let eps = 0x1p-53

/// |computed − expected| / |expected|.
private func relErr(_ computed: Double, _ expected: Double) -> Double {
    Swift.abs(computed - expected) / Swift.abs(expected)
}

@Suite struct SwitchPointTests {

    // MARK: - erfcx at x = 25

    /// Below 25 the product exp(hi)(1 + lo)·erfc(x) (≲ 4 ulp), from 25 on the 8-term asymptotic
    /// series (truncation < 1e−16). Reference: float(mpmath.exp(x*x)*mpmath.erfc(x)).
    /// Tolerance 1e−15 relative (≈ 4.5 ulp, the stated bound of the product form).
    @Test func erfcxAgreesWithMpmathOnBothSidesOf25() {
        let cases: [(Double, Double)] = [
            (25.0.nextDown, 0.02254957243264136),   // product branch
            (25.0, 0.02254957243264136),            // asymptotic series
            (30.0, 0.01879588886141675),            // well inside the series branch
        ]
        for (x, expected) in cases {
            #expect(relErr(Special.erfcx(x), expected) <= 1e-15, "erfcx(\(x))")
        }
    }

    // MARK: - logBeta at 15

    /// ln B is computed three ways depending on whether max(a, b) and min(a, b) reach 15.
    /// Reference: float(mpmath.log(mpmath.beta(a, b))). The documented error is
    /// ≲ 1e−15·(1 + |ln B|) absolute; we allow 4e−15·(1 + |ln B|).
    @Test func logBetaAgreesWithMpmathAcrossTheStirlingThreshold() {
        let below = 15.0.nextDown
        let cases: [(Double, Double, Double)] = [
            (below, 3, -7.620705086838262),        // both < 15: lgamma difference
            (15, 3, -7.620705086838262),           // only the large one ≥ 15
            (below, 15, -20.874596601690644),      // only the large one ≥ 15
            (15, 15, -20.874596601690644),         // both ≥ 15: full Stirling
        ]
        for (a, b, expected) in cases {
            let value = Special.logBeta(a, b)
            #expect(Swift.abs(value - expected) <= 4e-15 * (1 + Swift.abs(expected)), "logBeta(\(a), \(b))")
        }
    }

    // MARK: - digamma / trigamma: recurrence threshold 10 and reflection at 0

    /// ψ just below 10 goes through one recurrence step, at 10 straight into the asymptotic series;
    /// negative arguments use the reflection formula. Reference: float(mpmath.digamma(x)).
    /// Documented: absolute error ≲ 8ε·max(1, |ψ|); we allow 16ε·max(1, |ψ|).
    @Test func digammaAgreesWithMpmathAcrossRecurrenceAndReflection() {
        let cases: [(Double, Double)] = [
            (10.0.nextDown, 2.251752589066721),
            (10.0, 2.251752589066721),
            (-2.5, 1.103156640645243),
            (-1e-6, 999999.4227826903),
            (1e-6, -1000000.5772140201),
        ]
        for (x, expected) in cases {
            #expect(Swift.abs(Special.digamma(x) - expected) <= 16 * eps * Swift.max(1, Swift.abs(expected)), "ψ(\(x))")
        }
    }

    /// ψ′ with the same thresholds. Reference: float(mpmath.polygamma(1, x)). Documented ≤ 5 ulp
    /// relative for x > 0; we allow 16ε relative (32ε for the subtracting reflection at x < 0).
    @Test func trigammaAgreesWithMpmathAcrossRecurrenceAndReflection() {
        let cases: [(Double, Double, Double)] = [
            (10.0.nextDown, 0.10516633568168576, 16),
            (10.0, 0.10516633568168575, 16),
            (1e-6, 1000000000001.645, 16),
            (-1e-6, 1000000000001.645, 32),
            (-2.5, 9.539246644989124, 32),
        ]
        for (x, expected, ulps) in cases {
            #expect(relErr(Special.trigamma(x), expected) <= ulps * eps, "ψ′(\(x))")
        }
    }

    // MARK: - Incomplete gamma: series / continued fraction / small-a form

    /// Twice the documented bound of P and Q, ε·(512 + 8·|ln v|) relative for a value v.
    private func gammaTolerance(_ v: Double) -> Double { 2 * eps * (512 + 8 * Swift.abs(Foundation.log(v))) }

    /// For a ≥ 1 the switch is x < a + 1 (series, Q = 1 − P) versus the continued fraction
    /// (Q direct, P = 1 − Q). At a = 5 we evaluate just below and at x = 6. Reference:
    /// float(mpmath.gammainc(a, 0, x, regularized=True)) and gammainc(a, x, inf, regularized=True).
    /// Tolerance: twice the documented ε·(512 + 8|ln v|).
    @Test func incompleteGammaSeriesAndContinuedFractionAgreeAtXEqualsAPlusOne() {
        let cases: [(Double, Double, Double, Double)] = [
            (5, 6.0.nextDown, 0.7149434996833687, 0.2850565003166313), // series
            (5, 6.0, 0.7149434996833688, 0.2850565003166312),          // continued fraction
        ]
        for (a, x, p, q) in cases {
            #expect(relErr(Special.regularizedGammaP(a, x), p) <= gammaTolerance(p), "P(\(a), \(x))")
            #expect(relErr(Special.regularizedGammaQ(a, x), q) <= gammaTolerance(q), "Q(\(a), \(x))")
        }
    }

    /// For a < 1 the switch is at x = 1: below it the series for P and the small-a form for Q,
    /// from 1 on the continued fraction (even though x < a + 1). Reference as above.
    @Test func incompleteGammaSmallAFormAndContinuedFractionAgreeAtXEqualsOne() {
        let cases: [(Double, Double, Double, Double)] = [
            (0.5, 1.0.nextDown, 0.8427007929497149, 0.15729920705028516),
            (0.5, 1.0, 0.8427007929497149, 0.15729920705028513),
            // Q tiny: 1 − P would keep only ~11 digits; the small-a form keeps them all.
            (1e-5, 0.5, 0.9999944022347146, 5.59776528542266e-06),
        ]
        for (a, x, p, q) in cases {
            #expect(relErr(Special.regularizedGammaP(a, x), p) <= gammaTolerance(p), "P(\(a), \(x))")
            #expect(relErr(Special.regularizedGammaQ(a, x), q) <= gammaTolerance(q), "Q(\(a), \(x))")
        }
    }

    /// ln(x^a e^{−x}/Γ(a)) switches to the Stirling/deviance form at a = 15. Reference:
    /// float(a*mpmath.log(14) − 14 − mpmath.loggamma(a)). The direct form adds terms up to
    /// |a·ln x| ≈ 40, each rounded to ε relative, so its absolute error is ≲ 4·40·ε ≈ 3.6e−14;
    /// we allow 1e−13 absolute (a mistaken Stirling coefficient would be off by ≥ 1e−9).
    @Test func gammaPrefactorIsContinuousAcrossA15() {
        let cases: [(Double, Double)] = [(15.0.nextDown, 0.3946387614901978), (15, 0.3946387614901977)]
        for (a, expected) in cases {
            #expect(Swift.abs(Special.logGammaPrefactor(a, 14) - expected) <= 1e-13, "prefactor a = \(a)")
        }
        // And the P built on it: float(mpmath.gammainc(a, 0, 14, regularized=True)).
        #expect(relErr(Special.regularizedGammaP(15.0.nextDown, 14), 0.42956328717262804) <= gammaTolerance(0.43))
        #expect(relErr(Special.regularizedGammaP(15, 14), 0.4295632871726278) <= gammaTolerance(0.43))
    }

    /// t − 1 − ln t: the atanh series for |d| < 0.5, the direct difference from 0.5 on.
    /// Reference: float(t − 1 − mpmath.log(t)) with t = 1 + d exactly. The direct form
    /// cancels by a factor ≤ 5.3 (0.5 − ln 1.5 = 0.095), so its error is ≲ 6ε relative; the
    /// series is a few ulp. We allow 16ε.
    @Test func logDevianceSeriesAndDirectFormAgreeAtHalf() {
        let cases: [(Double, Double)] = [
            (0.5.nextDown, 0.0945348918918356),
            (0.5, 0.09453489189183562),
            ((-0.5).nextUp, 0.19314718055994526),
            (-0.5, 0.19314718055994531),
        ]
        for (d, expected) in cases {
            #expect(relErr(Special.logDeviance(1 + d, minusOne: d), expected) <= 16 * eps, "dev(d = \(d))")
        }
    }

    /// ln Γ(1 + a): ζ Taylor series for |a| ≤ ¼, lgamma(1 + a) beyond. Reference:
    /// float(mpmath.loggamma(1 + a)). lgamma is ≤ 3.2 ulp and the rounding of 1 + a costs ≤ ε/2
    /// absolute on a value ≥ 0.098 (≈ 5ε relative); we allow 16ε relative.
    @Test func logGammaOnePlusTaylorAndLgammaAgreeAtQuarter() {
        let cases: [(Double, Double)] = [
            (0.25, -0.09827183642181316),
            (0.25.nextUp, -0.09827183642181317),
            (-0.25, 0.20328095143129538),
            ((-0.25).nextDown, 0.20328095143129543),
            (1e-10, -5.7721566481928616e-11), // far inside the series branch: lgamma(1 + a) would be 1e−7 off
        ]
        for (a, expected) in cases {
            #expect(relErr(Special.logGammaOnePlus(a), expected) <= 16 * eps, "lnΓ(1 + \(a))")
        }
    }

    /// The start of the inverse changes at a = 1 (power law or exponential tail for a ≤ 1,
    /// Wilson–Hilferty above) and the residual changes at p = ½. At a = 1, P(1, x) = 1 − e^{−x},
    /// so x = −ln(1 − p) in closed form; at a = 1⁺ the root moves by O(ε). The root's error is
    /// that of P (≲ 6e−14) divided by the elasticity x·f/P ≥ 0.8 here; we allow 1e−13.
    @Test func inverseGammaStartsAgreeAcrossAEqualsOne() {
        for a in [1.0, 1.0.nextUp] {
            for p in [0.3, 0.5.nextDown, 0.5, 0.9] {
                let expected = -Foundation.log1p(-p)
                #expect(relErr(Special.inverseRegularizedGammaP(a, p), expected) <= 1e-13, "P⁻¹(\(a), \(p))")
            }
            // Upper tail Q(1, x) = e^{−x} = 1e−100.
            #expect(relErr(Special.inverseRegularizedGammaQ(a, 1e-100), 100 * Foundation.log(10.0)) <= 1e-13)
        }
    }

    // MARK: - Incomplete beta: continued fraction / symmetry, prefactor forms

    /// The documented bound of I: ε·(512 + 8·|ln v| + 16·max(a, b)) relative.
    private func betaTolerance(_ v: Double, _ a: Double, _ b: Double) -> Double {
        eps * (512 + 8 * Swift.abs(Foundation.log(v)) + 16 * Swift.max(a, b))
    }

    /// I_x(a, b) for integer a, b: Σ_{j=a}^{a+b−1} C(a+b−1, j) x^j (1 − x)^{a+b−1−j}.
    private func binomialSumBeta(_ a: Int, _ b: Int, _ x: Double) -> Double {
        let n = a + b - 1
        var sum = 0.0
        for j in a...n {
            var c = 1.0
            for i in 0..<j { c = c * Double(n - i) / Double(i + 1) }
            sum += c * Foundation.pow(x, Double(j)) * Foundation.pow(1 - x, Double(n - j))
        }
        return sum
    }

    /// At a = 3, b = 5 the switch is x = 4/10 (the same Double as 0.4). Below: the continued
    /// fraction for I_x(3, 5); at it: 1 − I_{0.6}(5, 3). The truth is the finite binomial sum
    /// (all terms positive, error ≲ 20ε) and the identity I_x(a, b) + I_{1−x}(b, a) = 1.
    /// We allow 1e−14 relative (the documented bound here is ≈ 6e−14; both sides did ≤ 4ε).
    @Test func incompleteBetaFractionAndSymmetryAgreeAtTheSwitch() {
        let switchPoint = 4.0 / 10.0
        for x in [switchPoint.nextDown, switchPoint, switchPoint.nextUp] {
            let expected = binomialSumBeta(3, 5, x)
            #expect(relErr(Special.regularizedIncompleteBeta(3, 5, x), expected) <= 1e-14, "I_\(x)(3, 5)")
            let complement = Special.regularizedIncompleteBetaComplement(3, 5, x)
            #expect(relErr(complement, 1 - expected) <= 1e-14, "1 − I_\(x)(3, 5)")
            // The mirror I_{1−x}(5, 3) lands on the other side of its own switch 6/10.
            #expect(relErr(Special.regularizedIncompleteBeta(5, 3, 1 - x), complement) <= 1e-14)
        }
    }

    /// The prefactor switches to its Stirling form when both a, b ≥ 15. Reference:
    /// float(mpmath.betainc(a, a, 0, 0.3, regularized=True)); tolerance the documented bound.
    @Test func incompleteBetaPrefactorIsContinuousAcrossA15() {
        let cases: [(Double, Double)] = [(15.0.nextDown, 0.011653828934930877), (15, 0.011653828934930874)]
        for (a, expected) in cases {
            #expect(relErr(Special.regularizedIncompleteBeta(a, a, 0.3), expected) <= betaTolerance(expected, a, a), "a = \(a)")
        }
    }

    /// Large a, b = ½ (the Student t tails): the switch (a+1)/(a+b+2) = 501/502.5 is close to 1,
    /// where the fraction's leading denominator is formed from y = 1 − x. Reference:
    /// mpmath.betainc(500, 0.5, 0, x) and (x, 1) regularized; tolerance the documented bound
    /// ε·(512 + 8|ln v| + 16·500) ≈ 9.5e−13.
    @Test func incompleteBetaNearOneSwitchAgreesWithMpmath() {
        let switchPoint = 501.0 / 502.5
        let cases: [(Double, Double, Double)] = [
            (switchPoint.nextDown, 0.08388139008832227, 0.9161186099116777),
            (switchPoint, 0.08388139008832804, 0.9161186099116719),
        ]
        for (x, p, q) in cases {
            #expect(relErr(Special.regularizedIncompleteBeta(500, 0.5, x), p) <= betaTolerance(p, 500, 0.5), "I at \(x)")
            #expect(relErr(Special.regularizedIncompleteBetaComplement(500, 0.5, x), q) <= betaTolerance(q, 500, 0.5), "1 − I at \(x)")
        }
    }

    /// The leading denominator of the fraction switches between its x and y forms at x = ½;
    /// with a = 3, b = 2.9 the fraction (not the symmetry) is used on both sides.
    /// Reference: float(mpmath.betainc(3, 2.9, 0, x, regularized=True)).
    @Test func betaFractionDenominatorFormsAgreeAtHalf() {
        let cases: [(Double, Double)] = [(0.5, 0.48236691051567465), (0.5.nextUp, 0.4823669105156749)]
        for (x, expected) in cases {
            #expect(relErr(Special.regularizedIncompleteBeta(3, 2.9, x), expected) <= betaTolerance(expected, 3, 2.9), "x = \(x)")
        }
    }

    /// The beta inverse starts from the normal approximation when a, b ≥ 1 and from power laws
    /// otherwise, and works in x or 1 − x depending on the start. With a = 1,
    /// I_x(1, b) = 1 − (1 − x)^b, so x = 1 − (1 − p)^{1/b} in closed form. The root inherits I's
    /// error (≲ 6e−14) divided by an elasticity ≥ 0.3 here; we allow 2e−13 relative.
    @Test func inverseBetaStartsAgreeAcrossBEqualsOne() {
        for b in [1.0, 1.0.nextDown, 0.999] {
            for p in [0.3, 0.5, 0.9] {
                let expected = -Foundation.expm1(Foundation.log1p(-p) / b)
                #expect(relErr(Special.inverseRegularizedIncompleteBeta(1, b, p), expected) <= 2e-13, "b = \(b), p = \(p)")
            }
        }
    }

    // MARK: - Normal quantile reflection

    /// Below ½ the lower tail is solved, above it the reflection −z(1 − p). At p = ½ ± 2⁻¹⁰
    /// (exact mirror images) the results must be exact negatives and match
    /// float(sqrt(2)*mpmath.erfinv(2p − 1)) = 0.0024478816191106775 within the documented
    /// 2e−16·|z| + 1e−16 absolute (doubled).
    @Test func normalQuantileReflectsExactlyAroundHalf() {
        let h = 0x1p-10, expected = 0.0024478816191106775
        let above = NormalDistribution.standard.quantile(0.5 + h)
        let below = NormalDistribution.standard.quantile(0.5 - h)
        #expect(above == -below)
        #expect(Swift.abs(above - expected) <= 2 * (2e-16 * expected + 1e-16))
        #expect(NormalDistribution.standard.quantile(0.5) == 0)
        #expect(NormalDistribution.standard.inverseSurvival(0.5 - h) == above)
    }

    // MARK: - Student t: small-x expansion of the tail and of the quantile, Fisher expansion

    /// For ν = 1 (Cauchy) P(T > t) = atan(1/t)/π = 1/(πt)·(1 + O(t⁻²)). The tail switches to the
    /// small-x expansion when ln(ν/t²) < −667, i.e. t > e^{333.5}. Either side must match the
    /// closed form: the incomplete beta to its bound ε(512 + 8·667)/2 ≈ 3.5e−13 and the
    /// expansion to ~ε·667 (the rounding of its exponent); we allow 1e−12 relative.
    @Test func studentTTailIsContinuousAcrossTheUnderflowSwitch() {
        let cauchy = StudentTDistribution(degreesOfFreedom: 1)
        for t in [Foundation.exp(333.49), Foundation.exp(333.51)] {
            #expect(relErr(cauchy.survival(t), 1 / (Double.pi * t)) <= 1e-12, "t = \(t)")
            #expect(relErr(cauchy.cdf(-t), 1 / (Double.pi * t)) <= 1e-12, "t = −\(t)")
        }
    }

    /// Quantile for ν = 1: t = cot(πr) ≈ 1/(πr). r = 1e−145 gives a beta root x ≈ 1e−289 (beta
    /// inverse), r = 1e−146 a root x ≈ 1e−291 < 1e−290 (small-x expansion). The beta inverse
    /// carries I's error (≲ 3.5e−13) halved by t = √(ν·y/x); the expansion ~1e−13. We allow 1e−12.
    @Test func studentTQuantileIsContinuousAcrossTheUnderflowSwitch() {
        let cauchy = StudentTDistribution(degreesOfFreedom: 1)
        for r in [1e-145, 1e-146] {
            #expect(relErr(cauchy.inverseSurvival(r), 1 / (Double.pi * r)) <= 1e-12, "r = \(r)")
        }
    }

    /// Fisher's expansion takes over at ν = 1e6. Reference: the root of
    /// ½·mpmath.betainc(ν/2, ½, 0, ν/(ν+t²), regularized=True) = r by mpmath.findroot (60 digits).
    /// Below the switch the documented accuracy is 1e−14 + 2νε (≈ 4.4e−10); at and above it
    /// Fisher's truncation is < 2e−16 absolute, so we allow 1e−14 relative there.
    @Test func studentTQuantileAgreesWithMpmathAcrossNuOneMillion() {
        let cases: [(Double, Double)] = [(0.025, 1.959966356814107), (1e-10, 6.361406848876743)]
        for (r, expected) in cases {
            let below = StudentTDistribution(degreesOfFreedom: 1e6.nextDown).inverseSurvival(r)
            let at = StudentTDistribution(degreesOfFreedom: 1e6).inverseSurvival(r)
            #expect(relErr(below, expected) <= 1e-14 + 2 * 1e6 * eps, "ν = 1e6⁻, r = \(r)")
            #expect(relErr(at, expected) <= 1e-14, "ν = 1e6, r = \(r)")
        }
    }

    // MARK: - Kolmogorov distribution: theta series below λ = 1, alternating series from 1

    /// Reference: 2·Σ(−1)^{k−1}e^{−2k²λ²} by mpmath.nsum at 60 digits, the density by mpmath.diff
    /// of the CDF. Documented accuracy ≲ 1e−15 relative for either tail; we allow exactly that,
    /// and 1e−14 for the density (not documented separately; it sums similar terms).
    @Test func kolmogorovSeriesAgreeWithMpmathAcrossLambdaOne() {
        let k = KolmogorovDistribution()
        let cases: [(Double, Double, Double, Double)] = [
            (1.0.nextDown, 0.7300003283226454, 0.2699996716773546, 1.0719485583569421),
            (1.0, 0.7300003283226455, 0.2699996716773545, 1.0719485583569417),
        ]
        for (lambda, cdf, survival, density) in cases {
            #expect(relErr(k.cdf(lambda), cdf) <= 1e-15, "cdf(\(lambda))")
            #expect(relErr(k.survival(lambda), survival) <= 1e-15, "survival(\(lambda))")
            #expect(relErr(k.density(lambda), density) <= 1e-14, "density(\(lambda))")
        }
    }

    // MARK: - One-sample Kolmogorov–Smirnov p-value: three methods

    /// At n = 50 the Birnbaum–Tingey tail is used when 2·P(D⁺ ≥ d) ≤ 1e−3, i.e. d ≳ 0.27067
    /// (found with scipy.optimize.brentq on 2·scipy.special.smirnov(50, d) − 1e−3). d = 0.27 is on
    /// the Marsaglia–Tsang–Wang side: truth scipy.stats.kstwo.sf(0.27, 50) (Pomeranz), allowed
    /// 1e−14 absolute (the documented ~1e−14). d = 0.28 is on the Birnbaum–Tingey side: truth
    /// 2·scipy.special.smirnov(50, 0.28), allowed 1e−10 relative (the documented excess of the
    /// one-sided doubling).
    @Test func ksPValueAtTheBirnbaumTingeyCutoff() {
        let mtw = Statistics.kolmogorovSmirnovPValue(statistic: 0.27, count: 50)
        #expect(mtw.method == .exact)
        #expect(2 * Statistics.smirnovUpperTail(50, 0.27) > 1e-3) // really on the Durbin-matrix side
        #expect(Swift.abs(mtw.pValue - 0.00103876659196811) <= 1e-14)
        let bt = Statistics.kolmogorovSmirnovPValue(statistic: 0.28, count: 50)
        #expect(bt.method == .exact)
        #expect(relErr(bt.pValue, 0.000585012232437888) <= 1e-10)
    }

    /// At n = 4000 the exact matrix method is affordable up to m = 2⌊nd⌋ + 1 = 231
    /// (2·log₂(4001)·231³ = 2.95e8 ≤ 3e8) and not at m = 233 (3.03e8). Truth:
    /// 2·scipy.special.smirnov(4000, d), which exceeds the two-sided tail only by
    /// P(D⁺ ≥ d, D⁻ ≥ d) ≈ (e^{−2λ²})³ relative ≈ 2e−9 here. Exact side: allowed 1e−11 absolute.
    /// Asymptotic side: the documented error (≤ 4e−5 at n = 2000 for p ≤ 0.05, shrinking like
    /// 1/√n) gives 2.8e−5 at n = 4000; the measured error is 1.3e−5.
    @Test func ksPValueAtTheDurbinMatrixCostCap() {
        let exact = Statistics.kolmogorovSmirnovPValue(statistic: 115.5 / 4000, count: 4000)
        #expect(exact.method == .exact)
        #expect(Swift.abs(exact.pValue - 0.002485955847712213) <= 1e-11)
        let asymptotic = Statistics.kolmogorovSmirnovPValue(statistic: 116.5 / 4000, count: 4000)
        #expect(asymptotic.method == .asymptotic)
        #expect(Swift.abs(asymptotic.pValue - 0.002213231130759951) <= 4e-5 * (2000.0 / 4000).squareRoot())
    }

    /// Deep-profile sample sizes: Birnbaum–Tingey is used up to n = 100,000 and never beyond.
    /// d = 0.0135 gives p ≈ 2.9e−16. Truth: 2·scipy.special.smirnov(n, d) (checked against an
    /// independent float64 Birnbaum–Tingey sum to 1e−9). At n = 100,000 the documented error of
    /// the log-space terms is ~ε·n·ln n ≈ 1.3e−10 relative; we allow 1e−9. At n = 100,001 the
    /// limit law is used; its documented error is absolute (≤ 4e−5·√(2000/n)) and here it is
    /// also within 3% relative (measured 1.7%).
    @Test func ksPValueAtTheBirnbaumTingeySampleSizeCap() {
        let exact = Statistics.kolmogorovSmirnovPValue(statistic: 0.0135, count: 100_000)
        #expect(exact.method == .exact)
        #expect(relErr(exact.pValue, 2.927394527415792e-16) <= 1e-9)
        let asymptotic = Statistics.kolmogorovSmirnovPValue(statistic: 0.0135, count: 100_001)
        #expect(asymptotic.method == .asymptotic)
        #expect(relErr(asymptotic.pValue, 2.9263276433503816e-16) <= 0.03)
    }

    /// n = 10⁶ (only the limit law is affordable) at λ ≈ 1.6, p ≈ 0.012. Truth:
    /// 2·scipy.special.smirnov(10⁶, 0.0016) = 0.011939282537735608 (an independent float64
    /// Birnbaum–Tingey sum agrees to 7e−10 relative). The measured error of the Stephens-corrected
    /// limit is 1.93e−6; error·√n drifts from 1.73e−3 at n = 2000 to 1.93e−3 at 10⁶, so the
    /// documented 1/√n scaling of the n = 2000 bound (1.8e−6 here) needs a margin: we allow
    /// 4e−5·√(2000/n)·1.4 = 2.5e−6.
    @Test func ksPValueForAMillionObservationsIsWithinTheAsymptoticBound() {
        let n = 1_000_000
        let result = Statistics.kolmogorovSmirnovPValue(statistic: 0.0016, count: n)
        #expect(result.method == .asymptotic)
        #expect(Swift.abs(result.pValue - 0.011939282537735608) <= 1.4 * 4e-5 * (2000.0 / Double(n)).squareRoot())
    }

    /// The Durbin matrix gets a corner term (2h − 1)^m only when h = ⌊nd⌋ + 1 − nd > ½.
    /// n = 10: d = 0.23 (h = 0.7) and d = 0.27 (h = 0.3). Truth: scipy.stats.kstwo.cdf(d, 10)
    /// (Simard–L'Ecuyer), allowed the documented ~1e−14 absolute.
    @Test func ksExactCDFOnBothSidesOfTheCornerTerm() {
        #expect(Swift.abs(Statistics.kolmogorovExactCDF(10, 0.23) - 0.4114016253802776) <= 1e-14)
        #expect(Swift.abs(Statistics.kolmogorovExactCDF(10, 0.27) - 0.6109441329207325) <= 1e-14)
        #expect(Swift.abs(Statistics.kolmogorovSmirnovPValue(statistic: 0.23, count: 10).pValue - 0.5885983746197224) <= 1e-14)
    }

    // MARK: - Two-sample Kolmogorov–Smirnov: exact up to n·m = 2.5e7

    /// n = m = 5000 (n·m = 2.5e7, exact) with y = x + 144.5 gives D = 145/5000. For n = m the
    /// exact tail is Gnedenko–Korolyuk: P(D ≥ k/n) = 2Σ_{j≥1}(−1)^{j−1}C(2n, n − jk)/C(2n, n),
    /// evaluated in mpmath at 40 digits: 0.029836432458409. The recursion has non-negative weights
    /// and ~10⁴ rounding steps along a path, ≲ 1e−12 relative; we allow 1e−11.
    /// One more point in y (n·m > 2.5e7) switches to the limit law; its documented error for
    /// p ≤ 0.05 is ≤ 7% relative (at n = m = 2000, smaller here), checked against the exact
    /// recursion run on the same statistic.
    @Test func twoSampleKSExactAndAsymptoticAtTheProductCap() throws {
        let x = (0..<5000).map(Double.init)
        let y = (0..<5000).map { Double($0) + 144.5 }
        let exact = try Statistics.kolmogorovSmirnovTest(x, y)
        #expect(exact.method == .exact)
        #expect(exact.statistic == 145.0 / 5000)
        #expect(relErr(exact.pValue, 0.029836432458409) <= 1e-11)

        let y2 = (0..<5001).map { Double($0) + 144.5 }
        let asymptotic = try Statistics.kolmogorovSmirnovTest(x, y2)
        #expect(asymptotic.method == .asymptotic)
        let scaled = Int((asymptotic.statistic * 5000 * 5001).rounded())
        let truth = Statistics.twoSampleExactPValue(5000, 5001, scaled)
        #expect(relErr(asymptotic.pValue, truth) <= 0.07)
    }

    // MARK: - Clopper–Pearson ends

    /// k = 0 and k = n fix one end (0 or 1); the other ends come from Beta quantiles with a
    /// parameter 1, which have closed forms: Beta(1, n) quantile 1 − (1 − p)^{1/n}, Beta(n, 1)
    /// quantile p^{1/n}. Allowed 1e−13 relative (the Beta inverse's few ulp plus I's ≲ 6e−14).
    @Test func clopperPearsonEndsMatchClosedFormsAtZeroAndAllSuccesses() {
        let n = 20, nd = 20.0, half = 0.025
        let none = Statistics.clopperPearsonInterval(successes: 0, trials: n, confidence: 0.95)
        #expect(none.lower == 0)
        #expect(relErr(none.upper, -Foundation.expm1(Foundation.log(half) / nd)) <= 1e-13)
        let one = Statistics.clopperPearsonInterval(successes: 1, trials: n, confidence: 0.95)
        #expect(relErr(one.lower, -Foundation.expm1(Foundation.log1p(-half) / nd)) <= 1e-13)
        let all = Statistics.clopperPearsonInterval(successes: n, trials: n, confidence: 0.95)
        #expect(all.upper == 1)
        #expect(relErr(all.lower, Foundation.pow(half, 1 / nd)) <= 1e-13)
        let allButOne = Statistics.clopperPearsonInterval(successes: n - 1, trials: n, confidence: 0.95)
        #expect(relErr(allButOne.upper, Foundation.pow(1 - half, 1 / nd)) <= 1e-13)
    }

    // MARK: - Euclidean norm: plain versus scaled sum of squares

    /// ‖(3a, 4a)‖ = 5a exactly for a power of two, on either path; the plain sum is used while
    /// max < 1e150 and Σx² > 1e−280. 2⁴⁹⁸ < 1e150 < 2⁴⁹⁹ and 25·2⁻⁹³² > 1e−280 > 25·2⁻⁹³⁶.
    /// Far outside, only the scaled path survives (3e200: the squares overflow; 3e−200: they
    /// underflow); there we allow 2 ulp.
    @Test func euclideanNormIsExactOnBothSidesOfItsScalingThresholds() {
        for a in [0x1p496, 0x1p497, 0x1p-466, 0x1p-468] {
            #expect(PropertyCheckStatistics.euclideanNorm([3 * a, 4 * a]) == 5 * a, "a = \(a)")
        }
        for a in [1e200, 1e-200] {
            #expect(relErr(PropertyCheckStatistics.euclideanNorm([3 * a, 4 * a]), 5 * a) <= 4 * eps, "a = \(a)")
        }
    }

    /// Non-finite entries are never hidden: NaN anywhere (even in a vector of NaN only, whose
    /// running maximum stays 0 because `max` skips NaN) gives NaN; an infinity gives +∞.
    @Test func euclideanNormPropagatesNonFiniteEntries() {
        for v: [Double] in [[.nan], [.nan, .nan], [0, .nan], [3, .nan, 4], [.nan, .infinity], [1e200, .nan]] {
            #expect(PropertyCheckStatistics.euclideanNorm(v).isNaN, "\(v)")
        }
        #expect(PropertyCheckStatistics.euclideanNorm([1, -.infinity]) == .infinity)
        #expect(PropertyCheckStatistics.euclideanNorm([Double]()) == 0)
    }

    // MARK: - Calibrated control: closed form versus quadrature

    /// With ν degrees of freedom the survival probability is a Simpson double integral over
    /// u, v ∈ 1 ± 12/√(2ν), clamped at 0 for ν ≤ 72. Reference: scipy.integrate.dblquad of
    /// Φ̄(m(q + k)u − qv)·χ(u)χ(v) over 1 ± 40/√(2ν) (epsrel 1e−11), m = 2, q = 2, power 0.99.
    /// Simpson with 600 panels on these smooth densities is accurate to ~1e−9 relative; we
    /// allow 1e−7 (a wrong clamp or density constant would be off by far more).
    @Test func calibratedQuadratureAgreesWithScipyAcrossTheClampAtNu72() {
        let cases: [(Double, Double)] = [(71, 2.6899502713229303e-08), (72, 2.5177812081737993e-08), (73, 2.3594167283254656e-08)]
        for (nu, expected) in cases {
            let p = CalibratedControl.computeSurvivalProbability(multiple: 2, quantile: 2, degreesOfFreedom: nu, power: 0.99, sides: 1)
            #expect(relErr(p, expected) <= 1e-7, "ν = \(nu)")
        }
    }

    /// Without ν the closed form Φ̄(m(q + z) − q) is used (scipy: norm.sf(2·(2 + z₀.₉₉) − 2) =
    /// 1.4388634792501579e−11). As ν → ∞ the quadrature must approach it: its excess is
    /// ≈ ½x²·Var(m(q+k)u − qv) = x²(m²(q+k)² + q²)/(4ν) relative (x ≈ 6.65), ≈ 9e−6 at ν = 1e8;
    /// we allow 3e−5 at ν = 1e8. The closed form carries Φ̄'s (4 + x²)ε ≈ 5e−15 plus the
    /// rounding of its argument (≈ 1e−15 absolute, amplified by x ≈ 6.65); we allow 4e−14.
    @Test func calibratedQuadratureTendsToTheClosedFormForLargeNu() {
        let closed = CalibratedControl.computeSurvivalProbability(multiple: 2, quantile: 2, degreesOfFreedom: nil, power: 0.99, sides: 1)
        #expect(relErr(closed, 1.4388634792501579e-11) <= 4e-14)
        let infinite = CalibratedControl.computeSurvivalProbability(multiple: 2, quantile: 2, degreesOfFreedom: .infinity, power: 0.99, sides: 1)
        #expect(infinite == closed)
        let large = CalibratedControl.computeSurvivalProbability(multiple: 2, quantile: 2, degreesOfFreedom: 1e8, power: 0.99, sides: 1)
        #expect(relErr(large, closed) <= 3e-5)
    }

    // MARK: - Display switches

    /// formatProbability switches from 4 to 3 significant digits below 1e−3; formatNumber from %g
    /// to scientific outside [1e−3, 1e6); formatPercent drops decimals from 10% on.
    @Test func displayFormatsSwitchAtTheirStatedThresholds() {
        #expect(formatProbability(0.001) == "0.001")
        #expect(formatProbability(0.0012345) == "0.001234" || formatProbability(0.0012345) == "0.001235")
        #expect(formatProbability(0.00098765) == "0.000988")
        #expect(formatNumber(999_999) == "999999")
        #expect(formatNumber(1e6) == "1.0000e+06")
        #expect(formatNumber(0.001) == "0.001")
        #expect(formatNumber(0.000999) == "9.9900e-04")
        #expect(formatPercent(0.1) == "10%")
        #expect(formatPercent(0.099) == "9.9%")
    }
}
