import Foundation
import Testing
import PropertyCheck
import Theory
@testable import Experiments

@Suite("Sweep sharding")
struct SweepShardingTests {
    @Test func shardsPartitionTheGrid() {
        for n in 1...5 {
            for k in 0..<23 {
                #expect((1...n).filter { Shard(index: $0, count: n).contains(k) }.count == 1)
            }
        }
        #expect(Shard.parse("2/3") == Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2"] { #expect(Shard.parse(bad) == nil, "\(bad)") }
    }

    /// The real experiment, at the quick profile: one run vs three shards merged, byte for byte.
    @Test func threeShardsMergeToTheSingleRun() throws {
        let experiment = NumericsExperiments.qrBackwardError
        let seed: UInt64 = 0x5EED
        let single = experiment.run(profile: .quick, baseSeed: seed)
        #expect(single.isComplete)
        let parts = (1...3).map { experiment.run(profile: .quick, baseSeed: seed, shard: Shard(index: $0, count: 3)) }
        #expect(parts.map(\.results.count).reduce(0, +) == single.totalCells)
        // Round-trip the parts through their files' bytes, as `merge` reads them.
        let decoded = try parts.reversed().map { try SweepResult.decode(try $0.encoded()) }
        let merged = try SweepResult.merge(decoded)
        #expect(try merged.encoded() == single.encoded())
        // A different base seed changes the data, so the equality above is not vacuous.
        let other = experiment.run(profile: .quick, baseSeed: seed + 1)
        #expect(try other.encoded() != single.encoded())
    }

    @Test func mergeRejectsIncompleteAndMismatchedParts() throws {
        let experiment = NumericsExperiments.qrBackwardError
        let a = experiment.run(profile: .quick, baseSeed: 1, shard: Shard(index: 1, count: 2))
        let b = experiment.run(profile: .quick, baseSeed: 1, shard: Shard(index: 2, count: 2))
        #expect(throws: MergeError.self) { try SweepResult.merge([a]) }
        let wrongSeed = experiment.run(profile: .quick, baseSeed: 2, shard: Shard(index: 2, count: 2))
        #expect(throws: MergeError.self) { try SweepResult.merge([a, wrongSeed]) }
        var tampered = b
        tampered.results[0].values["backwardError"] = 0
        #expect(throws: MergeError.self) { try SweepResult.merge([a, b, tampered]) }
        // Repeating a shard is harmless.
        #expect(try SweepResult.merge([a, b, b]).results.count == a.totalCells)
    }

    @Test func cellSeedsDependOnCoordinatesNotOnPosition() {
        let cells = NumericsExperiments.qrBackwardError.cells(profile: .quick, baseSeed: 7)
        #expect(Set(cells.map(\.seed)).count == cells.count)
        let deepCells = NumericsExperiments.qrBackwardError.cells(profile: .deep, baseSeed: 7)
        // The same coordinates get the same seed in a larger grid, whatever their index there.
        for cell in cells {
            if let same = deepCells.first(where: { $0.key == cell.key }) { #expect(same.seed == cell.seed) }
        }
    }
}
