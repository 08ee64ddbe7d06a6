import Foundation
import Testing
@testable import Numerics

/// Large buffers on transparent huge pages: the range arithmetic handed to madvise, exact; the
/// buffers' contents, whatever the system does with the advice.
@Suite struct LargeBufferTests {
    let page = UInt(LargeBuffer.hugePageBytes)

    @Test func wholeHugePagesRoundTheStartUpAndTheEndDown() throws {
        // Already aligned: the whole range.
        let aligned = try #require(LargeBuffer.wholeHugePages(address: 4 * page, bytes: 2 * Int(page)))
        #expect(aligned.start == 4 * page && aligned.bytes == 2 * Int(page))
        // One byte past a boundary: the first partial page is dropped, so is the last.
        let shifted = try #require(LargeBuffer.wholeHugePages(address: 4 * page + 1, bytes: 2 * Int(page)))
        #expect(shifted.start == 5 * page && shifted.bytes == Int(page))
        // A malloc-like start 16 bytes into a 4 KiB page, 8 MiB long: three whole huge pages.
        let malloced = try #require(LargeBuffer.wholeHugePages(address: 7 * page + 4096 + 16, bytes: 4 * Int(page)))
        #expect(malloced.start == 8 * page && malloced.bytes == 3 * Int(page))
        // Ends exactly on a boundary.
        let ending = try #require(LargeBuffer.wholeHugePages(address: page - 8, bytes: Int(page) + 8))
        #expect(ending.start == page && ending.bytes == Int(page))
    }

    @Test func noWholeHugePageMeansNoAdvice() {
        #expect(LargeBuffer.wholeHugePages(address: 16, bytes: Int(page)) == nil)   // straddles one boundary
        #expect(LargeBuffer.wholeHugePages(address: page, bytes: Int(page) - 1) == nil)
        #expect(LargeBuffer.wholeHugePages(address: page + 8, bytes: 0) == nil)
    }

    @Test func smallBuffersAreNotAdvised() {
        let count = LargeBuffer.adviseFromBytes / 8 - 1
        let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
        defer { p.deallocate() }
        #expect(LargeBuffer.adviseHugePages(p, count: count) == 0)
    }

    /// On Linux with transparent huge pages compiled in (the directory below exists), madvise
    /// accepts the advice whatever the mode; elsewhere the call reports "not applicable".
    @Test func largeBuffersAreAdvisedWhereTheSystemHasHugePages() {
        let count = 3 * LargeBuffer.hugePageBytes / 8
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: LargeBuffer.hugePageBytes)
        defer { raw.deallocate() }
        let result = LargeBuffer.adviseHugePages(raw.bindMemory(to: Double.self, capacity: count), count: count)
        #if os(Linux)
        let hasHugePages = FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled")
        #expect(result == (hasHugePages ? 1 : -1))
        #else
        #expect(result == 0)
        #endif
    }

    @Test func contentsAreWhatWasAskedFor() {
        let count = LargeBuffer.adviseFromBytes / 8 * 2 + 3   // advised, not a whole number of pages
        let filled = LargeBuffer.make(count: count, repeating: 2.5)
        #expect(filled.count == count && filled.allSatisfy { $0 == 2.5 })
        let source = (0..<count).map { Double($0) * 0.5 - 7 }
        #expect(LargeBuffer.copy(of: source) == source)
        #expect(LargeBuffer.copy(of: []) == [])
        #expect(LargeBuffer.make(count: 0, repeating: 1).isEmpty)
        let written = LargeBuffer.make(count: count) { p in for i in 0..<count { p[i] = Double(count - i) } }
        #expect(written.first == Double(count) && written.last == 1)
        let big = Matrix(rows: 1100, columns: 1000, repeating: -3)
        #expect(big.storage.count == 1_100_000 && big.storage.allSatisfy { $0 == -3 })
    }

    /// A workspace holds every entry asked for (large enough to be advised, so its huge pages are
    /// in play), and passes the body's result and its typed error through.
    @Test func workspaceHoldsItsEntriesAndPassesResultsAndErrorsThrough() {
        let count = LargeBuffer.adviseFromBytes / 8 + 1000
        let sum = LargeBuffer.withWorkspace(count: count) { p in
            for i in 0..<count { p[i] = Double(i) }
            var s = 0.0
            for i in 0..<count { s += p[i] }
            return s
        }
        #expect(sum == Double(count) * Double(count - 1) / 2)   // exact: below 2⁵³
        struct Marker: Error {}
        #expect(throws: Marker.self) {
            try LargeBuffer.withWorkspace(count: 0) { (_) throws(Marker) in throw Marker() }
        }
    }

    /// The eigensolver scales a shared input into a new buffer instead of copying and then scaling
    /// in place: the same bits on both branches of the scaling (|k| ≤ 1000 multiplies by 2ᵏ, beyond
    /// it the exponent is set entry by entry).
    @Test func scaledCopyMatchesInPlaceScalingBitForBit() {
        var stream = RandomStream(seed: 7)
        let source = (0..<(LargeBuffer.adviseFromBytes / 8 + 5)).map { _ in stream.normal() * 1e-3 }
        for k in [0, 5, -7, 1500, -1030] {
            var inPlace = source
            decompositionScale(&inPlace, byPowerOfTwo: k)
            let scaled = decompositionScaled(source, byPowerOfTwo: k)
            #expect(scaled.count == source.count)
            #expect(zip(scaled, inPlace).allSatisfy { $0.bitPattern == $1.bitPattern }, "k = \(k)")
        }
    }

    /// The SVD sorts its vectors by writing reordered rows into a new buffer: row i from row
    /// order[i], rows past the order's end kept (the extra left vectors of a full U).
    @Test func rowsReorderedTakesEachRowFromItsSourceAndKeepsTheRest() {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]   // four rows of two
        #expect(rowsReordered(x, rowLength: 2, order: [2, 0, 1]) == [5, 6, 1, 2, 3, 4, 7, 8])
        #expect(rowsReordered(x, rowLength: 2, order: [3, 2, 1, 0]) == [7, 8, 5, 6, 3, 4, 1, 2])
        #expect(rowsReordered(x, rowLength: 4, order: [1, 0]) == [5, 6, 7, 8, 1, 2, 3, 4])
        #expect(rowsReordered([], rowLength: 3, order: []) == [])
    }
}
