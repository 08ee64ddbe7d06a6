import PropertyCheck
import PropertyCheckExample
import PropertyCheckTesting
import Testing

let samples = Gen.double(in: -1e6...1e6).array(count: .int(in: 1...50))
let mean: @Sendable ([Double]) -> Double = runningMean
let sum: @Sendable ([Double]) -> Double = { $0.reduce(0, +) }

@Test func runningMeanLiesBetweenMinimumAndMaximum() {
    // A property with shrinking and replay; the falsifier (a wrong mean) must be caught.
    PropertyCheck.check("MEAN-BOUNDS", samples, subject: mean,
                        falsifiers: [(name: "sum instead of mean", subject: sum)]) { xs, mean, context in
        let m = mean(xs), slack = 1e-9 * xs.map(abs).max()!
        try context.expect(m, .greaterOrEqual, xs.min()! - slack, "mean ≥ min")
        try context.expect(m, .lessOrEqual, xs.max()! + slack, "mean ≤ max")
    }
    .expectPassed()
}

@Test func meanOfUniformDrawsIsOneHalf() {
    // A statistical check at the run's α, with a shifted sampler as negative control.
    PropertyCheck.mean("UNIFORM-MEAN", of: .double(in: 0...1), equals: 0.5, samples: 2_000,
                       falsifiers: [(name: "shifted by 0.1", sampler: Gen.double(in: 0...1).map { $0 + 0.1 },
                                     minimumPower: 1)])
    .expectPassed()
}

@Test func standardErrorShrinksLikeOneOverRootN() {
    // A scaling law: |mean of n normal draws| ∝ n^(−1/2); exponents 0 and −1 must be rejected.
    PropertyCheck.scalingLaw("MEAN-ERROR-RATE", quantity: "RMS error of the mean", sweep: [16, 64, 256, 1024],
                             repeats: 20, assertion: .consistentWith(exponent: -0.5, tolerance: 0.05),
                             mustReject: [0, -1]) { n, stream in
        var squares = 0.0
        for _ in 0..<8 {
            squares += runningMean((0..<Int(n)).map { _ in stream.normal() }).squared
        }
        return (squares / 8).squareRoot()
    }
    .expectPassed()
}

extension Double { var squared: Double { self * self } }
