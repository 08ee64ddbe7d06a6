import Testing
@testable import Numerics

/// The scratch pool's bookkeeping, exact: what is kept, what is reused, what is freed. Each test
/// uses a pool of its own, so the kernels running in parallel tests cannot disturb the counts.
@Suite struct ScratchPoolTests {
    @Test func sizesRoundUpToPowersOfTwoFrom64KiB() {
        #expect(ScratchPool.roundedSize(0) == 64 << 10)
        #expect(ScratchPool.roundedSize(1) == 64 << 10)
        #expect(ScratchPool.roundedSize(64 << 10) == 64 << 10)
        #expect(ScratchPool.roundedSize((64 << 10) + 1) == 128 << 10)
        #expect(ScratchPool.roundedSize(8 << 20) == 8 << 20)
        #expect(ScratchPool.roundedSize((5 << 20) + 8) == 8 << 20)
    }

    @Test func borrowedBuffersAreAlignedAndLargeEnough() {
        let pool = ScratchPool()
        for count in [0, 1, 1000, 300_000] {
            let loan = pool.borrow(count: count)
            #expect(UInt(bitPattern: loan.pointer) % 64 == 0)
            // Every entry asked for can be written and read back.
            if count > 0 {
                loan.pointer.initialize(repeating: 2.5, count: count)
                #expect(loan.pointer[count - 1] == 2.5)
            }
            pool.giveBack(loan)
        }
    }

    @Test func aReturnedBufferIsReusedForTheNextRequestThatFits() {
        let pool = ScratchPool()
        let first = pool.borrow(count: 100_000)          // 800 kB → a 1 MiB buffer
        let address = first.pointer
        pool.giveBack(first)
        #expect(pool.idleSummary.count == 1 && pool.idleSummary.bytes == 1 << 20)
        let second = pool.borrow(count: 120_000)         // 960 kB: fits the same buffer
        #expect(second.pointer == address)
        #expect(pool.idleSummary.count == 0)
        let third = pool.borrow(count: 200_000)          // 1.6 MB: needs a new one
        #expect(third.pointer != address)
        pool.giveBack(second)
        pool.giveBack(third)
        #expect(pool.idleSummary.count == 2 && pool.idleSummary.bytes == 3 << 20)
        // The smallest buffer that fits is taken, not merely the first.
        let small = pool.borrow(count: 1000)
        #expect(small.pointer == address)
        pool.giveBack(small)
    }

    @Test func thePoolKeepsTheLargestBuffersWithinItsLimits() {
        let byCount = ScratchPool(keptBuffers: 2, keptBytesLimit: 64 << 20)
        let loans = [1 << 17, 1 << 18, 1 << 16].map { byCount.borrow(count: $0) }   // 1, 2, 0.5 MiB
        for loan in loans { byCount.giveBack(loan) }
        #expect(byCount.idleSummary.count == 2 && byCount.idleSummary.bytes == 3 << 20)

        let byBytes = ScratchPool(keptBuffers: 8, keptBytesLimit: 2 << 20)
        let more = [1 << 17, 1 << 18, 1 << 16].map { byBytes.borrow(count: $0) }
        for loan in more { byBytes.giveBack(loan) }
        #expect(byBytes.idleSummary.count == 1 && byBytes.idleSummary.bytes == 2 << 20)

        // Negative control: a pool that keeps nothing frees every buffer it is given.
        let none = ScratchPool(keptBuffers: 0)
        none.giveBack(none.borrow(count: 1000))
        #expect(none.idleSummary.count == 0 && none.idleSummary.bytes == 0)
    }
}
