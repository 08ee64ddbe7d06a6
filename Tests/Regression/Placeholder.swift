import Testing

@Test func RegressionBuilds() { #expect(Bool(true)) }
