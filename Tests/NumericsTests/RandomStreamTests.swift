import Testing
@testable import Numerics

@Suite struct RandomStreamTests {
    @Test func sameSeedSameBits() {
        var a = RandomStream(seed: 42, stream: 3)
        var b = RandomStream(seed: 42, stream: 3)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }
}
