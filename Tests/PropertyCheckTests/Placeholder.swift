import Testing

@Test func PropertyCheckTestsBuilds() { #expect(Bool(true)) }
