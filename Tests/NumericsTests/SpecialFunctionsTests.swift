import Foundation
import Testing
import Numerics
@testable import PropertyCheckStatistics

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

    /// Random cases from the accuracy sweep quoted in the documentation (a sample of 25 + 26 of the
    /// 266 + 509 points, including the worst ones). References: mpmath at 50 digits,
    /// gammainc(a, 0, x) and gammainc(a, x, inf) regularized; betainc(a, b, 0, x) and, for the
    /// complement, betainc(b, a, 0, 1 − x) with 1 − x formed exactly in mpmath (not 1 − I, which
    /// mpmath cannot resolve below ~1e−40). Values below 1e−305 were excluded. Tolerances are the
    /// documented bounds: ε(512 + 8|ln v|) for gamma, ε(512 + 8|ln v| + 16·max(a, b)) for beta.
    @Test func sweepSampleAgainstMpmath() {
        let gammaCases: [(Double, Double, Double, Double)] = [
            (208.7867513673924, 52.28857795381485, 9.745294093461689e-60, 1.0),
            (0.1449110129869008, 0.014491101298690079, 0.5781462960845726, 0.4218537039154274),
            (134.27117447969212, 242.63208089722303, 0.9999999999999885, 1.1578278678872137e-14),
            (0.7280117085841179, 2.093393496631772, 0.9267785171092424, 0.07322148289075757),
            (0.543430760985286, 0.019756290995901208, 0.1324979784449581, 0.867502021555042),
            (0.21502240494511535, 0.021502240494511535, 0.4772018405210109, 0.5227981594789891),
            (142.14194980418247, 13.906419364730613, 5.852508687782432e-90, 1.0),
            (0.010465075660070069, 0.02299130732004174, 0.9667969936757874, 0.033203006324212546),
            (0.36781195741907013, 0.02920774418004754, 0.3041250415314828, 0.6958749584685172),
            (9.900736308761658, 10.901927405742732, 0.6603354314859954, 0.33966456851400467),
            (58.693346554960975, 44.11032645527113, 0.02045835909180104, 0.979541640908199),
            (8.144081277016813, 1.087145581681959, 1.3728467951910673e-05, 0.9999862715320481),
            (0.29717169410999555, 0.029717169410999555, 0.3890890397653592, 0.6109109602346408),
            (66.37489506474249, 308.2178418977154, 1.0, 2.2744017957600694e-63),
            (5.323189444846856, 9.657385746780196, 0.9518084180330589, 0.048191581966941045),
            (205.15170532358357, 97.36353433305278, 1.3465267508156718e-21, 1.0),
            (0.4606346419116142, 1.1673629384487385, 0.8861693513633015, 0.1138306486366985),
            (2273.8380539350283, 2073.714156591699, 7.814767660479361e-06, 0.9999921852323396),
            (20.723113133444112, 2.0723113133444113, 2.296659476912652e-14, 0.999999999999977),
            (6.028970735743425, 10.846033197330712, 0.9579105858213592, 0.042089414178640795),
            (0.011684268959955179, 0.04952355548861746, 0.9713706149118362, 0.028629385088163792),
            (0.170628008216399, 0.035841373449275654, 0.6084640456147493, 0.39153595438525074),
            (3.5531608950039995, 12.105688854956512, 0.998868920133415, 0.0011310798665850304),
            (0.25016813297097973, 0.11747849475542566, 0.6309999340025837, 0.36900006599741636),
            (1289.8479494028452, 407.8221731431069, 1.811735791850939e-264, 1.0),
        ]
        let betaCases: [(Double, Double, Double, Double, Double)] = [
            (0.275913819347477, 444.69437383225505, 1e-12, 0.0029150041694573935, 0.9970849958305426),
            (15.069042998393916, 0.4144017990626095, 0.9729140149901835, 0.30607904158976124, 0.6939209584102388),
            (3467.974080908758, 1400.742634050448, 0.7426384814163528, 0.9999991208506829, 8.791493171515895e-07),
            (1.579073996138836, 36.83948008503285, 0.2987978629246508, 0.9999901274627263, 9.872537273737015e-06),
            (499.34300962080533, 3.795550537627014, 0.6135818304916332, 6.367017448814754e-101, 1.0),
            (0.2469941218240512, 49.01520922585001, 0.6606136121694374, 1.0, 1.9523926716096202e-25),
            (5.009038687126637, 15.501400044606248, 0.3320617680987078, 0.8273091698130145, 0.17269083018698547),
            (0.04932577978272019, 25.4019711746189, 0.28876406880483374, 0.9999987756266033, 1.2243733967191762e-06),
            (53.331129467481574, 0.1490811553699593, 0.1963016523525778, 1.2684846917206735e-40, 1.0),
            (8.998117865216766, 17.800679399086754, 0.33637967531324703, 0.5206172728914203, 0.47938272710857965),
            (1.7930832945226696, 378.7671842037251, 0.06852660944316352, 0.999999999969169, 3.083103884458191e-11),
            (0.17424870148534868, 245.60422090721667, 0.6686491941965207, 1.0, 4.219901041298954e-121),
            (1492.0988585680077, 8.487625658107405, 0.9979735890602548, 0.9926106744766295, 0.007389325523370438),
            (1275.525158764792, 1.9764849511580664, 0.9965578991185806, 0.06433563943987222, 0.9356643605601278),
            (761.528342332651, 1353.2008803977078, 0.23398075014465408, 4.4449414625606895e-39, 1.0),
            (1.5374935585971725, 0.2838544756921745, 0.999999999999, 0.9995398552340455, 0.00046014476595446495),
            (0.052311248667427104, 53.62533927179649, 0.17521854446656948, 0.9999998048870367, 1.9511296328604115e-07),
            (4937.40535847862, 108.99746958191066, 0.9873535801662421, 0.9999998617717835, 1.382282165047108e-07),
            (0.03871461490656316, 0.17954865118733457, 1e-12, 0.28504994603481115, 0.7149500539651888),
            (0.13051250470019543, 0.061886273096570785, 0.5151555114887316, 0.32202419819301403, 0.6779758018069859),
            (242.3855106173537, 0.34868833305282537, 0.2388291486318681, 2.362480094549186e-153, 1.0),
            (0.309917997413889, 2.000182326453596, 0.834196312855656, 0.9939456433284988, 0.006054356671501228),
            (7.089606327462883, 251.47874945151383, 1e-12, 1.581937347077475e-72, 1.0),
            (9.315711873887892, 1552.09807075773, 0.19391804148893754, 1.0, 2.637341242133378e-130),
            (0.12234156750054381, 9723.719733149457, 0.0002659414035823267, 0.9966568646847648, 0.0033431353152351753),
            (2750.0210636016077, 11.463593818150152, 0.9946233331029886, 0.1554693180629695, 0.8445306819370305),
        ]
        for (a, x, p, q) in gammaCases {
            let computedP = Special.regularizedGammaP(a, x), computedQ = Special.regularizedGammaQ(a, x)
            #expect(statsRelativeError(computedP, p) <= statsUnitRoundoff * (512 + 8 * Swift.abs(Foundation.log(p))), "P(\(a), \(x))")
            #expect(statsRelativeError(computedQ, q) <= statsUnitRoundoff * (512 + 8 * Swift.abs(Foundation.log(q))), "Q(\(a), \(x))")
        }
        for (a, b, x, i, ic) in betaCases {
            let largest = Swift.max(a, b)
            let computedI = Special.regularizedIncompleteBeta(a, b, x)
            let computedC = Special.regularizedIncompleteBetaComplement(a, b, x)
            #expect(statsRelativeError(computedI, i) <= statsUnitRoundoff * (512 + 8 * Swift.abs(Foundation.log(i)) + 16 * largest), "I(\(a), \(b), \(x))")
            #expect(statsRelativeError(computedC, ic) <= statsUnitRoundoff * (512 + 8 * Swift.abs(Foundation.log(ic)) + 16 * largest), "1 − I(\(a), \(b), \(x))")
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
                if 1 - xc < 1e-15 { continue } // the root is within an ulp of 1 and rounds to it
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
