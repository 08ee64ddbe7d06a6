import Foundation
import Synchronization
import Testing
@testable import Numerics

/// The fork–join layer under every parallel kernel: each item runs exactly once, per-worker
/// scratch indices are never shared by two running calls, nested and concurrent callers are
/// safe, and the pool's helper threads really take part.
@Suite struct WorkerPoolTests {
    /// Records which items ran and flags two running calls that share a worker index.
    final class VisitLog: Sendable {
        let counts: [Cell], inUse: [Cell], clash = Cell()
        init(items: Int, workers: Int) {
            counts = (0..<items).map { _ in Cell() }
            inUse = (0..<max(workers, 1)).map { _ in Cell() }
        }
        func begin(item: Int, worker: Int) {
            if inUse[worker].value.exchange(1, ordering: .acquiringAndReleasing) != 0 {
                clash.value.store(1, ordering: .relaxed)
            }
            counts[item].value.wrappingAdd(1, ordering: .relaxed)
        }
        func end(worker: Int) { inUse[worker].value.store(0, ordering: .releasing) }
        var visits: [Int] { counts.map { $0.value.load(ordering: .relaxed) } }
        var sawClash: Bool { clash.value.load(ordering: .relaxed) != 0 }
    }

    /// An atomic integer that can live in an array (`Atomic` itself cannot be copied).
    final class Cell: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Runs `schedule` over `count` items and returns how often each item was visited and
    /// whether two running calls shared a worker index.
    static func visitCounts(
        count: Int, workers: Int,
        _ schedule: (_ count: Int, _ body: (_ item: Int, _ worker: Int) -> Void) -> Void
    ) -> (counts: [Int], workerClash: Bool) {
        let log = VisitLog(items: count, workers: workers)
        schedule(count) { item, worker in
            log.begin(item: item, worker: worker)
            // A little work, so calls overlap in time when they run on different threads.
            var x = Double(item)
            for _ in 0..<200 { x = x * 0.999 + 1 }
            if x < 0 { log.begin(item: item, worker: worker) }
            log.end(worker: worker)
        }
        return (log.visits, log.sawClash)
    }

    @Test func claimedItemsRunExactlyOnceWithPrivateWorkerIndices() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 7, 100, 1000] {
                let (counts, clash) = Self.visitCounts(count: count, workers: threads) { n, body in
                    Parallel.forEachClaimed(count: n, threads: threads) { item, worker in
                        #expect(worker >= 0 && worker < min(threads, n))
                        body(item, worker)
                    }
                }
                #expect(counts.allSatisfy { $0 == 1 }, "threads \(threads) count \(count)")
                #expect(!clash, "two running calls shared a worker index (threads \(threads), count \(count))")
            }
        }
    }

    /// Negative control for the log above: an item run twice, and a worker index entered while
    /// already in use, are both reported.
    @Test func logCatchesDuplicateVisitsAndSharedWorkerIndices() {
        let (counts, clash) = Self.visitCounts(count: 10, workers: 1) { n, body in
            for i in 0..<n { body(i, 0) }
            body(3, 0)
        }
        #expect(counts[3] == 2 && counts.filter { $0 == 1 }.count == 9)
        #expect(!clash)
        let log = VisitLog(items: 2, workers: 2)
        log.begin(item: 0, worker: 1)
        log.begin(item: 1, worker: 1)  // worker 1 is still in its first call
        #expect(log.sawClash)
    }

    /// One private pool for the tests that need helpers regardless of what other tests are doing
    /// with the shared one (its threads live as long as the test process).
    static let privatePool = WorkerPool(maxHelpers: 1)

    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2))
    func helperThreadsJoinTheJob() {
        // The caller's own call waits (up to 10 s) for a helper to enter, so this fails only if
        // helpers never take part — e.g. if publishing a job did not wake a sleeping helper.
        for round in 0..<3 {
            if round == 2 { Thread.sleep(forTimeInterval: 0.01) }  // past the spin: helper asleep
            let helperEntered = Cell()
            let ran = Self.privatePool.run(helpers: 1) { participant in
                if participant == 0 {
                    let start = Date()
                    while helperEntered.value.load(ordering: .acquiring) == 0 && Date().timeIntervalSince(start) < 10 {}
                } else {
                    helperEntered.value.store(1, ordering: .releasing)
                }
            }
            let entered = helperEntered.value.load(ordering: .acquiring) == 1
            #expect(ran)
            #expect(entered, "round \(round): no helper entered the job")
        }
    }

    @Test func nestedCallsRunEveryItemOnce() {
        let (counts, _) = Self.visitCounts(count: 40, workers: 2) { n, body in
            Parallel.forEach(count: 4, threads: 2) { outer in
                // The pool is busy with the outer job, so these run on the calling thread.
                Parallel.forEachClaimed(count: n / 4, threads: 2) { inner, _ in
                    body(outer * (n / 4) + inner, outer % 2)
                }
            }
        }
        #expect(counts.allSatisfy { $0 == 1 })
    }

    @Test func concurrentCallersAndManyTinyJobsAreSafe() async {
        // Eight tasks share the pool: whoever finds it busy runs inline. Thousands of two-item jobs
        // exercise a late helper arriving after its job has closed and the next one has opened.
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var ok = true
                    for round in 0..<500 {
                        let count = 1 + (task + round) % 5
                        let (counts, clash) = Self.visitCounts(count: count, workers: 2) { n, body in
                            Parallel.forEachClaimed(count: n, threads: 2, body)
                        }
                        ok = ok && !clash && counts.allSatisfy { $0 == 1 }
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8 && results.allSatisfy { $0 })
    }
}
