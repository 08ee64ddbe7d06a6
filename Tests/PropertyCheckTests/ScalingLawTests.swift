import Foundation
import Numerics
import PropertyCheck
import PropertyCheckTesting
import Testing

/// Root-mean-square error of the sample mean of n standard normal draws, over a batch of 8
/// independent means: E[(x̄ − 0)²] = 1/n, so the RMS error ∝ n^(−1/2) exactly in expectation of the
/// square; ln of an RMS over 8 means is close to normal, which suits the t interval on the slope.
func sampleMeanRMSError(_ n: Double, _ stream: inout RandomStream) -> Double {
    var sumSquares = 0.0
    for _ in 0..<8 {
        var total = 0.0
        for _ in 0..<Int(n) { total += stream.normal() }
        let mean = total / n
        sumSquares += mean * mean
    }
    return (sumSquares / 8).squareRoot()
}

@Suite struct ScalingLawTests {
    static let sweep: [Double] = [16, 32, 64, 128, 256, 512]

    func rate(claim: Double, mustReject: [Double] = []) -> CheckReport {
        PropertyCheck.scalingLaw("mean-error-rate", quantity: "RMS error of the sample mean", sweep: Self.sweep,
                                 repeats: 40, assertion: .consistentWith(exponent: claim, tolerance: 0),
                                 mustReject: mustReject, measure: sampleMeanRMSError)
    }

    @Test func recoversTheInverseSquareRootOfTheSampleMeanError() throws {
        let report = rate(claim: -0.5, mustReject: [-0.25, -1, 0])
        #expect(report.passed, "\(report)")
        let scaling = try #require(report.scaling)
        #expect(scaling.lower < -0.5 && -0.5 < scaling.upper)
        report.expectPassed()
    }

    @Test func rejectsWrongExponents() {
        for wrong in [-0.25, -0.75, -1.0, 0.0] {
            let report = rate(claim: wrong)
            #expect(report.verdict == .failed, "claimed exponent \(wrong) was accepted: \(report)")
            #expect(report.replayLine != nil)
        }
        // A wrong exponent listed as must-reject but not rejected fails the check: here the data are
        // too few to tell −0.5 from −0.45.
        let weak = PropertyCheck.scalingLaw("weak-sweep", sweep: [16, 32], repeats: 2,
                                            assertion: .consistentWith(exponent: -0.5, tolerance: 0),
                                            mustReject: [-0.45], measure: sampleMeanRMSError)
        #expect(weak.verdict == .failed)
        #expect(weak.negativeControls.first?.passed == false)
    }

    @Test func recoversOtherExponentsAndExclusions() {
        // y = x² · (log-normal noise): exponent 2 exactly.
        let quadratic = PropertyCheck.scalingLaw(
            "quadratic", sweep: [2, 4, 8, 16, 32], repeats: 20, assertion: .consistentWith(exponent: 2, tolerance: 0),
            mustReject: [1.9, 2.1]
        ) { x, stream in x * x * Foundation.exp(0.05 * stream.normal()) }
        #expect(quadratic.passed, "\(quadratic)")
        // Constant in x (exponent 0): ".excludes(0)" must fail, ".consistentWith(0)" pass.
        let flat: (Double, inout RandomStream) -> Double = { _, stream in Foundation.exp(0.1 * stream.normal()) }
        let excludes = PropertyCheck.scalingLaw("flat-excludes", sweep: [1, 10, 100], repeats: 30,
                                                assertion: .excludes(exponent: 0), measure: flat)
        #expect(excludes.verdict == .failed)
        let consistent = PropertyCheck.scalingLaw("flat", sweep: [1, 10, 100], repeats: 30,
                                                  assertion: .consistentWith(exponent: 0, tolerance: 0), measure: flat)
        #expect(consistent.passed, "\(consistent)")
    }

    @Test func nonPositiveMeasurementsAreReported() {
        let report = PropertyCheck.scalingLaw("zero", sweep: [1, 2, 3], repeats: 2,
                                              assertion: .consistentWith(exponent: 1, tolerance: 0)) { x, _ in x - 2 }
        #expect(report.verdict == .failed)
        #expect(report.notes.contains { $0.contains("finite positive") })
    }
}
