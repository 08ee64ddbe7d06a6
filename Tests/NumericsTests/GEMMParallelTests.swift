import Foundation
import Testing
@testable import Numerics

@Suite struct GEMMParallelTests {
    @Test func partitionCoversRangeInAlignedContiguousPieces() {
        for count in [0, 1, 5, 6, 7, 43, 100, 257] {
            for parts in [1, 2, 3, 8] {
                for granularity in [1, 6, 8] {
                    let ranges = Parallel.partition(count, parts: parts, granularity: granularity)
                    #expect(ranges.count <= parts && ranges.count >= 1)
                    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
                    for (x, y) in zip(ranges, ranges.dropFirst()) { #expect(x.upperBound == y.lowerBound) }
                    for r in ranges.dropLast() { #expect(r.count % granularity == 0) }
                    // Balanced: sizes in units of `granularity` differ by at most one.
                    let units = ranges.map { ($0.count + granularity - 1) / granularity }
                    #expect((units.max() ?? 0) - (units.min() ?? 0) <= 1)
                }
            }
        }
    }

    @Test func forEachVisitsEveryIndexOnce() {
        for threads in [1, 2, 4] {
            var hits = [Int](repeating: 0, count: 1000)
            hits.withUnsafeMutableBufferPointer { buffer in
                let shared = UnsafeSendableMutablePointer(buffer.baseAddress!)
                Parallel.forEach(count: 1000, threads: threads) { i in shared.base[i] += 1 }
            }
            #expect(hits.allSatisfy { $0 == 1 })
        }
    }

    @Test func threadCountOverrideIsScopedToTheTask() {
        let outside = Parallel.threadCount
        #expect(outside >= 1)
        Parallel.withThreadCount(3) {
            #expect(Parallel.threadCount == 3)
            Parallel.withThreadCount(1) { #expect(Parallel.threadCount == 1) }
            #expect(Parallel.threadCount == 3)
        }
        #expect(Parallel.threadCount == outside)
    }
}
