import Testing

@Test func PropertyTestsBuilds() { #expect(Bool(true)) }
