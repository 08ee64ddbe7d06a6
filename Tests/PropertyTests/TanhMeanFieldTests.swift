import Foundation
import Numerics
import Testing
@testable import Theory

/// The mean-field quantities of tanh networks against 30-digit values (mpmath quadrature and
/// root finding) and against their defining identities.
@Suite struct TanhMeanFieldTests {
    /// q* of the linear regime (σ_w = 1, σ_b = 0.05) and its χ; the critical points at q* = 1 and 2;
    /// erfc(1/√2). Reference digits from mpmath at 30 digits.
    @Test func knownValues() {
        let q = TanhMeanField.fixedPoint(sigmaW: 1, sigmaB: 0.05)
        #expect(abs(q - 0.037122035080136254) <= 1e-14 * q)
        #expect(abs(TanhMeanField.chi(sigmaW: 1, q: q) - 0.93405906954657239) <= 1e-14)
        let one = TanhMeanField.criticalPoint(q: 1), two = TanhMeanField.criticalPoint(q: 2)
        #expect(abs(one.sigmaW - 1.4674135916307951) <= 1e-14 && abs(one.sigmaB - 0.38854167006712792) <= 1e-13)
        #expect(abs(two.sigmaW - 1.6914970883800915) <= 1e-14 && abs(two.sigmaB - 0.71572686661548275) <= 1e-13)
        #expect(abs(TanhMeanField.saturatedFraction(q: 1) - 0.31731050786291415) <= 1e-15)
    }

    /// A critical point is critical and has the requested fixed point: χ = 1 and q*(σ_w, σ_b) = q,
    /// from the linear end (q = 0.05) to strong saturation (q = 16). Negative control: the weight
    /// scale taken from E[sech²] (the slope of tanh, not its square) misses χ = 1 by more than 10%.
    @Test func criticalPointsAreCriticalAndHaveTheirFixedPoint() {
        for q in [0.05, 0.25, 1, 2, 4, 16] {
            let p = TanhMeanField.criticalPoint(q: q)
            #expect(abs(TanhMeanField.chi(sigmaW: p.sigmaW, q: q) - 1) <= 1e-13, "q = \(q)")
            let fixed = TanhMeanField.fixedPoint(sigmaW: p.sigmaW, sigmaB: p.sigmaB)
            // At χ = 1 the map's slope at q* is below 1 but the iteration converges slowly; 1e-9 relative.
            #expect(abs(fixed - q) <= 1e-9 * q, "q = \(q): fixed point \(fixed)")
            let wrongW = (1 / TanhMeanField.expectation(q) { 1 / (cosh($0) * cosh($0)) }).squareRoot()
            if q >= 1 { #expect(abs(TanhMeanField.chi(sigmaW: wrongW, q: q) - 1) > 0.1, "q = \(q)") }
        }
        // σ_w → 1 and σ_b → 0 as q* → 0: the linear regime is the critical point's small-q* end.
        let small = TanhMeanField.criticalPoint(q: 1e-4)
        #expect(abs(small.sigmaW - 1) < 1e-3 && small.sigmaB < 1e-3)
    }
}
