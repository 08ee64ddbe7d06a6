import Foundation
import Testing
@testable import Numerics

/// Relative error |computed − expected| / |expected| (absolute if expected is 0).
func statsRelativeError(_ computed: Double, _ expected: Double) -> Double {
    expected == 0 ? Swift.abs(computed) : Swift.abs(computed - expected) / Swift.abs(expected)
}

/// Unit roundoff 2⁻⁵³.
let statsUnitRoundoff = 0x1p-53

@Suite struct SpecialFunctionsTests {
    // Reference values: mpmath at 40 digits, rounded to Double, e.g.
    //   float(mpmath.gammainc(a, 0, x, regularized=True)) for P and
    //   float(mpmath.gammainc(a, x, mpmath.inf, regularized=True)) for Q.
    // Tolerance derivation: the result is exp(L)·S with L = ln(prefactor) and S a sum or continued
    // fraction of positive/alternating terms. L carries an absolute rounding error ≲ 4ε·(1 + |L|)
    // (a few operations on terms no larger than |L| after the Stirling rewrite), which becomes a
    // relative error of exp(L); S contributes ≲ 16ε·(number of significant terms ≈ 30). So we allow
    // ε·(8(1 + |ln value|) + 512) — e.g. ≈ 6.7e−13 for a 1e−300 value, ≈ 6e−14 for O(1) values
    // (the bound documented on `regularizedGammaP`, which held on a 266-case mpmath sweep).
    func incompleteTolerance(_ value: Double) -> Double {
        statsUnitRoundoff * (8 * (1 + Swift.abs(Foundation.log(value))) + 512)
    }

    @Test func regularizedGammaPKnownValues() {
        let cases: [(Double, Double, Double)] = [
            (0.5, 0.1, 0.345279153981423), (3, 2.5, 0.45618688411667047), (100, 90, 0.15822098918643016),
            (1e4, 9950, 0.3094178848611826), (0.01, 1e-5, 0.8963367982671973),
        ]
        for (a, x, expected) in cases {
            let value = Special.regularizedGammaP(a, x)
            #expect(statsRelativeError(value, expected) <= incompleteTolerance(expected), "P(\(a), \(x)) = \(value), want \(expected)")
        }
    }

    @Test func regularizedGammaQKeepsTinyTails() {
        let cases: [(Double, Double, Double)] = [
            (0.5, 10, 7.744216431044084e-06), (3, 50, 2.509303552201057e-19), (100, 130, 0.002750408367306526),
            (1e4, 10500, 4.2758724550596475e-07), (2.5, 700, 1.3765875143943704e-300),
        ]
        for (a, x, expected) in cases {
            let value = Special.regularizedGammaQ(a, x)
            #expect(statsRelativeError(value, expected) <= incompleteTolerance(expected), "Q(\(a), \(x)) = \(value), want \(expected)")
        }
        // Planted bug: forming Q as 1 − P loses the tail entirely, and the same check catches it.
        let naive = 1 - Special.regularizedGammaP(3, 50)
        #expect(statsRelativeError(naive, 2.509303552201057e-19) > incompleteTolerance(2.509303552201057e-19))
    }

    @Test func incompleteGammaIdentities() {
        // P(1, x) = 1 − e^{−x} (exponential CDF); Q(1, x) = e^{−x} exactly in real arithmetic.
        for x in [1e-8, 0.3, 2.0, 40.0, 600.0] {
            #expect(statsRelativeError(Special.regularizedGammaQ(1, x), Foundation.exp(-x)) <= incompleteTolerance(Foundation.exp(-x)))
            #expect(statsRelativeError(Special.regularizedGammaP(1, x), -Foundation.expm1(-x)) <= incompleteTolerance(-Foundation.expm1(-x)))
        }
        // Small a, x < 1, where Q ≈ a·E₁(x) is small and 1 − P would lose it:
        // float(mpmath.gammainc(a, x, mpmath.inf, regularized=True)).
        let smallA: [(Double, Double, Double)] = [(1e-5, 0.5, 5.59776528542266e-06), (1e-3, 0.01, 0.0040305969664868446),
                                                  (0.3, 0.2, 0.34249327573027827), (0.9, 0.99, 0.3280691052415288),
                                                  (1e-10, 0.9, 2.6018393935058368e-11)]
        for (a, x, expected) in smallA {
            let q = Special.regularizedGammaQ(a, x)
            #expect(statsRelativeError(q, expected) <= incompleteTolerance(expected), "Q(\(a), \(x)) = \(q)")
        }
        // and P where it is the small one: float(mpmath.gammainc(0.5, 0, 1e-10, regularized=True)).
        #expect(statsRelativeError(Special.regularizedGammaP(0.5, 1e-10), 1.1283791670579e-05) <= incompleteTolerance(1e-5))
        // ln Γ(1 + a) for small a: float(mpmath.loggamma(1 + mpmath.mpf(a))) (1 + a formed exactly).
        for (a, expected) in [(1e-8, -5.772156566768626e-09), (0.01, -0.005690307946069646), (0.1, -0.04987244125983973),
                              (0.3, -0.10817480950786047)] {
            #expect(statsRelativeError(Special.logGammaOnePlus(a), expected) <= 8 * statsUnitRoundoff, "lnΓ(1+\(a))")
        }
        // P(½, x) = erf(√x), Q(½, x) = erfc(√x).
        for x in [1e-6, 0.2, 3.0, 50.0, 600.0] {
            let e = Foundation.erfc(x.squareRoot())
            #expect(statsRelativeError(Special.regularizedGammaQ(0.5, x), e) <= incompleteTolerance(e))
        }
    }

    @Test func regularizedIncompleteBetaKnownValues() {
        // float(mpmath.betainc(a, b, 0, x, regularized=True)) and (…, x, 1, …) for the complement.
        let lower: [(Double, Double, Double, Double)] = [
            (2, 3, 0.4, 0.5248), (0.5, 0.5, 0.01, 0.06376856085851985), (50, 60, 0.3, 0.00034341151876628867),
            (1000, 2000, 0.3, 4.0738279160507714e-05),
        ]
        for (a, b, x, expected) in lower {
            let value = Special.regularizedIncompleteBeta(a, b, x)
            #expect(statsRelativeError(value, expected) <= incompleteTolerance(expected), "I(\(a),\(b),\(x)) = \(value)")
        }
        let upper: [(Double, Double, Double, Double)] = [
            (50, 60, 0.8, 7.325653402889173e-16), (1000, 2000, 0.4, 2.3472382410688977e-14),
        ]
        for (a, b, x, expected) in upper {
            let value = Special.regularizedIncompleteBetaComplement(a, b, x)
            #expect(statsRelativeError(value, expected) <= incompleteTolerance(expected), "1−I(\(a),\(b),\(x)) = \(value)")
        }
        // Closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b.
        for x in [0.01, 0.3, 0.77] {
            #expect(statsRelativeError(Special.regularizedIncompleteBeta(3.5, 1, x), Foundation.pow(x, 3.5)) <= incompleteTolerance(1))
            let c = Foundation.pow(1 - x, 4.0)
            #expect(statsRelativeError(Special.regularizedIncompleteBetaComplement(1, 4, x), c) <= incompleteTolerance(c))
        }
    }

    @Test func inverseIncompleteFunctionsRoundTrip() {
        // x ↦ P(a, x) ↦ x: the inverse must return x to within the conditioning
        // |x·P′(x)/P(x)|⁻¹ times P's error; we check P(a, x̂) against the target instead, which
        // must hold to P's own tolerance plus the change of P over 4 ulp of x̂.
        for a in [0.05, 0.5, 1, 3, 40, 1e4] {
            for p in [1e-300, 1e-20, 1e-3, 0.3, 0.5, 0.9] {
                let x = Special.inverseRegularizedGammaP(a, p)
                if x < 1e-300 { continue } // the root underflows (e.g. a = 0.05, p = 1e−20 → x ~ 1e−400)
                let back = Special.regularizedGammaP(a, x)
                let slack = 4 * x.ulp * GammaDistribution(shape: a).density(x) / p
                #expect(statsRelativeError(back, p) <= incompleteTolerance(p) + slack, "P(\(a), P⁻¹(\(p)) = \(x)) = \(back)")
                let xq = Special.inverseRegularizedGammaQ(a, p)
                let backQ = Special.regularizedGammaQ(a, xq)
                let slackQ = 4 * xq.ulp * GammaDistribution(shape: a).density(xq) / p
                #expect(statsRelativeError(backQ, p) <= incompleteTolerance(p) + slackQ, "Q(\(a), Q⁻¹(\(p)) = \(xq)) = \(backQ)")
            }
        }
        for (a, b) in [(0.5, 0.5), (2.0, 3.0), (0.1, 20.0), (50.0, 0.7), (200.0, 300.0)] {
            for p in [1e-300, 1e-12, 0.01, 0.5, 0.8] {
                let x = Special.inverseRegularizedIncompleteBeta(a, b, p)
                if x < 1e-300 { continue }
                let back = Special.regularizedIncompleteBeta(a, b, x)
                let slack = 4 * x.ulp * BetaDistribution(alpha: a, beta: b).density(x) / p
                #expect(statsRelativeError(back, p) <= incompleteTolerance(p) + slack, "I(\(a),\(b), I⁻¹(\(p)) = \(x)) = \(back)")
                let xc = Special.inverseRegularizedIncompleteBetaComplement(a, b, p)
                let backC = Special.regularizedIncompleteBetaComplement(a, b, xc)
                let slackC = 4 * Swift.max(xc.ulp, 0x1p-53) * BetaDistribution(alpha: a, beta: b).density(xc) / p
                #expect(statsRelativeError(backC, p) <= incompleteTolerance(p) + slackC, "1−I(\(a),\(b), ·) at \(xc) = \(backC), want \(p)")
            }
        }
    }

    @Test func digammaAndTrigammaIdentities() {
        // Tolerance: ≲ 8 roundings on terms of size ≤ max(1, |ψ|) (recurrence + series): 8ε.
        let tol = 8 * statsUnitRoundoff
        #expect(Swift.abs(Special.digamma(1) + Special.eulerGamma) <= tol)
        #expect(Swift.abs(Special.digamma(0.5) - (-Special.eulerGamma - 2 * Foundation.log(2.0))) <= tol * 2)
        #expect(statsRelativeError(Special.trigamma(1), Double.pi * Double.pi / 6) <= tol)
        #expect(statsRelativeError(Special.trigamma(0.5), Double.pi * Double.pi / 2) <= tol)
        // float(mpmath.digamma(x)), float(mpmath.psi(1, x)). The tiny negative argument checks the
        // exact reduction x − round(x) in the reflection (x − ⌊x⌋ lost 5e−11 relative there).
        let psi: [(Double, Double)] = [(1e-8, -100000000.57721564), (0.3, -3.502524222200133), (7.5, 1.9467574842460869),
                                       (1234.5, 7.118016231827998), (-0.5, 0.03648997397857652), (-3.7, -0.8450768588704194),
                                       (-2.004704759277499e-06, 498825.99331325025)]
        for (x, expected) in psi {
            #expect(Swift.abs(Special.digamma(x) - expected) <= tol * Swift.max(1, Swift.abs(expected)), "ψ(\(x))")
        }
        let psi1: [(Double, Double)] = [(1e-8, 1.0000000000000002e+16), (0.3, 12.245364546107732), (7.5, 0.1426158966967038),
                                        (1234.5, 0.0008103727271269667), (-0.5, 8.934802200544679), (-3.7, 14.84242186412428),
                                        (-2.004704759277499e-06, 248827947470.57358)]
        for (x, expected) in psi1 {
            #expect(statsRelativeError(Special.trigamma(x), expected) <= tol * 4, "ψ′(\(x))")
        }
        // Recurrence ψ(x+1) = ψ(x) + 1/x across the switch to the asymptotic series at 10.
        for x in [9.3, 9.99, 10.5] {
            #expect(Swift.abs(Special.digamma(x + 1) - Special.digamma(x) - 1 / x) <= tol * 4)
        }
    }

    @Test func gammaFamilyKnownValues() {
        #expect(statsRelativeError(Special.gamma(0.5), Double.pi.squareRoot()) <= 4 * statsUnitRoundoff)
        #expect(statsRelativeError(Special.logGamma(0.5), 0.5 * Foundation.log(Double.pi)) <= 4 * statsUnitRoundoff)
        // float(mpmath.log(mpmath.beta(a, b))); tolerance 4ε·(1 + |ln B|)·(a few terms) → 16ε(1+|v|).
        let cases: [(Double, Double, Double)] = [
            (0.5, 0.5, 1.1447298858494002), (3, 1e6, -40.75338749333038), (1e6, 2e6, -1909548.290968533),
            (20, 30, -33.968820791977386), (1e12, 1e12, -1386294361132.4407),
        ]
        for (a, b, expected) in cases {
            let value = Special.logBeta(a, b)
            #expect(Swift.abs(value - expected) <= 16 * statsUnitRoundoff * (1 + Swift.abs(expected)), "lnB(\(a), \(b)) = \(value)")
        }
        // erfcx: with X = mpmath.mpf(x): float(mpmath.exp(X*X)*mpmath.erfc(X)); tolerance 8ε (exp, erfc, product).
        let erfcx: [(Double, Double)] = [(-3, 16205.988853999586), (0.5, 0.6156903441929259), (10, 0.05614099274382259),
                                         (24.9, 0.022639987776049506), (30, 0.01879588886141675), (1e5, 5.6418958351954685e-06)]
        for (x, expected) in erfcx {
            #expect(statsRelativeError(Special.erfcx(x), expected) <= 8 * statsUnitRoundoff, "erfcx(\(x)) = \(Special.erfcx(x))")
        }
    }
}

@Suite struct SpecialGaussHermiteTests {
    /// E[Z^{2k}] = (2k − 1)!! exactly for 2k ≤ 2n − 1. The quadrature sum has n positive terms with
    /// relative errors ≲ (2k + 8)ε each (power and weight), so the tolerance is (2k + 8 + n)·ε·4.
    @Test func evenMomentsAreExactUpToDegree2nMinus1() {
        for n in [1, 2, 5, 12, 30, 100, 400] {
            let (z, w) = Special.gaussHermiteNormal(count: n)
            #expect(abs(w.reduce(0, +) - 1) <= Double(n + 8) * 4 * statsUnitRoundoff)
            var doubleFactorial = 1.0
            for k in 1...Swift.min(n - 1 + (n == 1 ? 1 : 0), 12) where 2 * k <= 2 * n - 1 {
                doubleFactorial *= Double(2 * k - 1)
                var moment = 0.0
                for i in 0..<n { moment += w[i] * Foundation.pow(z[i], Double(2 * k)) }
                #expect(statsRelativeError(moment, doubleFactorial) <= Double(2 * k + 8 + n) * 4 * statsUnitRoundoff,
                        "n = \(n): E[Z^\(2 * k)] = \(moment), want \(doubleFactorial)")
            }
            // Odd moments vanish by the imposed symmetry.
            var odd = 0.0
            for i in 0..<n { odd += w[i] * z[i] * z[i] * z[i] }
            #expect(abs(odd) <= 1e-13)
        }
        // Degree 2n is the first the rule gets wrong: E[Z⁴] with n = 2 is 1 (not 3). The same
        // check catches a rule with too few nodes.
        let (z, w) = Special.gaussHermiteNormal(count: 2)
        let fourth = w[0] * Foundation.pow(z[0], 4) + w[1] * Foundation.pow(z[1], 4)
        #expect(statsRelativeError(fourth, 3) > 0.5)
    }

    @Test func smoothExpectations() {
        // E[cos Z] = e^{−1/2}; E[e^{Z}] = e^{1/2}: with 40 nodes the truncation error is far below ε.
        #expect(statsRelativeError(Special.standardNormalExpectation { Foundation.cos($0) }, Foundation.exp(-0.5)) <= 64 * statsUnitRoundoff)
        #expect(statsRelativeError(Special.standardNormalExpectation { Foundation.exp($0) }, Foundation.exp(0.5)) <= 64 * statsUnitRoundoff)
        // Physicists' weights sum to √π; nodes of H₂ are ±1/√2.
        let (x, w) = Special.gaussHermite(count: 2)
        #expect(abs(x[1] - 0.5.squareRoot()) <= 2 * statsUnitRoundoff && abs(w[0] + w[1] - Double.pi.squareRoot()) <= 8 * statsUnitRoundoff)
    }
}
