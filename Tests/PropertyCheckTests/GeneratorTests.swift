import MatrixGenerators
import Numerics
import PropertyCheck
import Testing

/// Draws `count` values of `generator` from fresh cases of one seed.
func sample<Value>(_ generator: Gen<Value>, count: Int, seed: UInt64 = 11) throws -> [Value] {
    try (0..<count).map { k in
        var source = ChoiceSource(stream: RandomStream(seed: seed, stream: UInt64(k)))
        return try generator.generate(&source)
    }
}

/// The value `generator` builds from exactly these choices.
func build<Value>(_ generator: Gen<Value>, from choices: [UInt64]) throws -> Value {
    var source = ChoiceSource(replaying: choices)
    return try generator.generate(&source)
}

@Suite struct GeneratorTests {
    @Test func integersStayInRangeAndCoverBothEnds() throws {
        let values = try sample(Gen.int(in: -3...4), count: 400)
        #expect(values.allSatisfy { (-3...4).contains($0) })
        // 400 draws over 8 values: P(a given value never occurs) = (7/8)^400 < 1e-23.
        #expect(Set(values) == Set(-3...4))
    }

    @Test func choiceZeroIsTheSimplestValue() throws {
        #expect(try build(Gen.int(in: 7...90), from: []) == 7)
        #expect(try build(Gen.double(in: -2...5), from: []) == -2)
        #expect(try build(Gen.bool, from: []) == false)
        #expect(try build(Gen.element(of: ["a", "b", "c"]), from: []) == "a")
        #expect(try build(Gen.int(in: 1...100).array(count: Gen.int(in: 0...5)), from: []) == [])
        // Recorded choices are reduced into the range they are read by.
        #expect(try build(Gen.int(in: 0...9), from: [13]) == 3)
        #expect(try build(Gen.double(in: 0...1), from: [1 << 53]) == 1)
    }

    @Test func generationIsDeterministicPerStream() throws {
        let g = Gen.gaussianMatrix(rows: .dimension(in: 1...6), columns: .dimension(in: 1...6))
        #expect(try sample(g, count: 20, seed: 5) == sample(g, count: 20, seed: 5))
        #expect(try sample(g, count: 20, seed: 5) != sample(g, count: 20, seed: 6))
        // Rebuilding a case from its recorded choices gives the same value.
        var source = ChoiceSource(stream: RandomStream(seed: 5, stream: 3))
        let original = try g.generate(&source)
        #expect(try build(g, from: source.recorded) == original)
    }

    @Test func combinatorsComposeAndRecordInOrder() throws {
        let pair = zip(Gen.int(in: 0...9), Gen.int(in: 100...109))
        #expect(try build(pair, from: [4, 7]) == (4, 107))
        let dependent = Gen.int(in: 1...4).flatMap { n in Gen.int(in: 0...9).array(count: n) }
        #expect(try build(dependent, from: [2, 5, 6, 7, 8]) == [5, 6, 7])
        #expect(try build(Gen.int(in: 0...9).map { $0 * $0 }, from: [3]) == 9)
        let triple = zip(Gen.bool, Gen.int(in: 0...1), Gen.element(of: [10, 20]))
        #expect(try build(triple, from: [1, 1, 1]) == (true, 1, 20))
    }

    @Test func filterRetriesAndNamesItselfWhenExhausted() throws {
        let even = Gen.int(in: 0...100).filter("even") { $0 % 2 == 0 }
        #expect(try sample(even, count: 50).allSatisfy { $0 % 2 == 0 })
        let impossible = Gen.int(in: 0...100).filter("negative", maxAttempts: 7) { $0 < 0 }
        #expect(throws: GeneratorError.filterExhausted(description: "negative", attempts: 7)) {
            try sample(impossible, count: 1)
        }
        #expect(GeneratorError.filterExhausted(description: "negative", attempts: 7).description
            .contains("'negative' rejected 7 candidates"))
    }

    @Test func unitVectorsHaveUnitNormAndRequestedDimension() throws {
        let vectors = try sample(Gen.unitVector(dimension: .dimension(in: 1...9)), count: 50)
        for v in vectors {
            #expect((1...9).contains(v.count))
            // Norm of a normalised vector: n roundings of size ≤ 2⁻⁵³ each in the sum of squares.
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) <= Double(v.count + 2) * 0x1p-52)
        }
    }

    @Test func normalDeviatesShrinkToTheMeanAndHaveTheNormalLaw() throws {
        #expect(try build(Gen.normal(mean: 3, standardDeviation: 2), from: []) == 3)
        // Choice 2⁵² gives u = ½, so |Z| = Φ⁻¹(¾) = 0.6744897501960817 (scipy.stats.norm.ppf(0.75)).
        #expect(abs(try build(Gen.normal(), from: [1 << 52, 1]) + 0.6744897501960817) < 1e-14)
        @Sendable func matchesN14(_ mean: Double, _ context: StatisticalContext) throws -> StatisticalEvidence {
            try StatisticalEvidence.distribution(try context.draw(Gen.normal(mean: mean, standardDeviation: 2), count: 2_000),
                                                 matches: NormalDistribution(mean: 1, standardDeviation: 2).cdf,
                                                 named: "N(1, 4)", alpha: context.alpha)
        }
        // Falsifier: mean 2 instead of 1 moves the CDF by up to 2Φ(¼) − 1 ≈ 0.197, against a KS
        // critical distance ≈ √(ln(2/α)/(2n)) ≈ 0.07 at n = 2000, α = 1e-8.
        let report = PropertyCheck.statistical("normal-generator-law", settings: CheckSettings(profile: .ci), falsifiers: [
            StatisticalFalsifier("mean 2 instead of 1", minimumPower: 1) { try matchesN14(2, $0) },
        ]) { try matchesN14(1, $0) }
        #expect(report.passed, "\(report)")
    }

    @Test func powersOfTwoAndWidths() throws {
        let widths = try sample(Gen.powerOfTwo(exponents: 3...6), count: 100)
        #expect(Set(widths) == [8, 16, 32, 64])
        #expect(try build(Gen.depth(in: 2...30), from: []) == 2)
    }

    @Test func replayTokensRoundTrip() throws {
        let token = ReplayToken(checkName: "DL-ORTH-RATE", runSeed: 0xDEAD_BEEF_0123_4567, caseIndex: 17,
                                choices: [0, 1, 127, 128, 300, .max])
        let parsed = try ReplayToken.parse(token.description).get()
        #expect(parsed == token)
        #expect(try ReplayToken.parse("'x@ff/3'").get() == ReplayToken(checkName: "x", runSeed: 255, caseIndex: 3))
        #expect(try ReplayToken.parse("mean@10").get() == ReplayToken(checkName: "mean", runSeed: 16))
        #expect(throws: ReplayToken.ParseError.self) { try ReplayToken.parse("no-seed").get() }
        #expect(throws: ReplayToken.ParseError.self) { try ReplayToken.parse("x@zz").get() }
        #expect(throws: ReplayToken.ParseError.self) { try ReplayToken.parse("x@1/2/!!").get() }
        // Only the canonical text is a choice part: empty, padded or with stray bits it is refused.
        for odd in ["x@1/2/", "x@1/2/AA==", "x@1/2/AB", "x@1/2/AQ/"] {
            #expect(throws: ReplayToken.ParseError.self, "\(odd)") { try ReplayToken.parse(odd).get() }
        }
        #expect(try ReplayToken.parse("x@1/2/AA").get().choices == [0])
        #expect(ReplayToken(checkName: "x", runSeed: 1, caseIndex: 2, choices: []).description == "x@1/2")
        let line = token.commandLine(testFilter: "plantedBug", profile: .quick)
        #expect(line.hasPrefix("THEORYCHECK_PROFILE=quick THEORYCHECK_REPLAY='DL-ORTH-RATE@"))
        #expect(ReplayToken.environment(fromCommandLine: line)
            == ["THEORYCHECK_PROFILE": "quick", "THEORYCHECK_REPLAY": token.description])
        // Quotes inside a quoted value survive the shell quoting.
        let odd = ReplayToken(checkName: "it's", runSeed: 1)
        #expect(ReplayToken.environment(fromCommandLine: odd.commandLine(testFilter: "x"))["THEORYCHECK_REPLAY"] == odd.description)
    }
}
