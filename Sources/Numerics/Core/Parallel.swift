import Foundation
import Synchronization

/// Thread-level parallelism for the numeric kernels: how many threads to use, and a helper that
/// runs independent work items on them.
///
/// The thread count is, in order of precedence:
/// 1. a value bound for the current task with ``withThreadCount(_:_:)`` (a task-local value, so
///    concurrently running tests or tasks can use different counts without racing);
/// 2. the environment variable `THEORYCHECK_THREADS` (a positive integer), read once;
/// 3. the number of active processors.
///
/// Kernels that use ``threadCount`` must give results that do not depend on it (split work only
/// over independent outputs, never over a reduction), so that changing it changes speed only.
public enum Parallel {
    /// The per-task override set by ``withThreadCount(_:_:)``; `nil` when none is bound.
    @TaskLocal public static var threadCountOverride: Int?

    /// The default when no override is bound: `THEORYCHECK_THREADS` if it holds a positive
    /// integer, otherwise `ProcessInfo.processInfo.activeProcessorCount`.
    public static let defaultThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["THEORYCHECK_THREADS"],
           let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Number of threads parallel kernels may use in the current context (always ≥ 1).
    public static var threadCount: Int { max(1, threadCountOverride ?? defaultThreadCount) }

    /// Runs `body` with ``threadCount`` equal to `count` for every kernel it calls on this task.
    ///
    /// `count` must be positive. The binding is task-local: other tasks are unaffected.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        require(count > 0, "Parallel.withThreadCount: count must be positive, got \(count)")
        return try $threadCountOverride.withValue(count, operation: body)
    }

    /// Calls `body(i)` for every `i` in `0..<count`, on up to `threads` threads (default
    /// ``threadCount``), and returns when all calls have finished.
    ///
    /// The calls may run concurrently and in any order, so `body` must only write state that no
    /// other index touches (e.g. disjoint blocks of an output buffer, see
    /// ``UnsafeSendableMutablePointer``). With one thread, or a single item, the calls run in
    /// order on the calling thread without any dispatch overhead.
    public static func forEach(count: Int, threads: Int? = nil, _ body: (Int) -> Void) {
        require(count >= 0, "Parallel.forEach: count must be non-negative, got \(count)")
        forEachClaimed(count: count, threads: threads) { item, _ in body(item) }
    }

    /// Calls `body(item, worker)` for every `item` in `0..<count` on up to `threads` worker threads
    /// (default ``threadCount``) that claim items one at a time, in increasing order, as they
    /// become free; returns when all items are done.
    ///
    /// `worker` is in `0..<min(threads, count)` and no two calls with the same `worker` run at the
    /// same time, so it can index per-thread scratch space. Claiming items dynamically keeps both
    /// cores busy when one of them is slowed by other work on a shared machine. As with
    /// ``forEach(count:threads:_:)``, items must write disjoint state; which worker runs an item
    /// must not affect its result.
    ///
    /// The workers are the calling thread plus the helper threads of a shared pool that spin
    /// briefly between jobs (see `WorkerPool`), so a fork–join costs about a microsecond. At most
    /// one pool job runs at a time: a call made inside another call's `body`, or while another
    /// task holds the pool, runs its items on the calling thread — the cores are busy already.
    /// With more threads requested than the machine has processors, the items still go to at most
    /// one worker per processor (the partition of the work, and so the result, is unaffected).
    public static func forEachClaimed(count: Int, threads: Int? = nil, _ body: (_ item: Int, _ worker: Int) -> Void) {
        require(count >= 0, "Parallel.forEachClaimed: count must be non-negative, got \(count)")
        let workers = min(threads ?? threadCount, count)
        if workers > 1 {
            let next = ClaimCounter()
            let ran = WorkerPool.shared.run(helpers: workers - 1) { worker in
                while true {
                    let item = next.claim()
                    if item >= count { return }
                    body(item, worker)
                }
            }
            if ran { return }
        }
        for i in 0..<count { body(i, 0) }
    }

    /// Runs `first` and `second`, on two workers when `parallel` (and the pool is free), else one
    /// after the other; rethrows the first one's error, else the second's. The two must write
    /// disjoint state.
    public static func bothHalves<Failure: Error>(parallel: Bool, _ first: () throws(Failure) -> Void,
                                                  _ second: () throws(Failure) -> Void) throws(Failure) {
        if !parallel {
            try first()
            try second()
            return
        }
        var failures: [Failure?] = [nil, nil]
        failures.withUnsafeMutableBufferPointer { slots in
            forEach(count: 2) { part in
                do throws(Failure) {
                    if part == 0 { try first() } else { try second() }
                } catch {
                    slots[part] = error
                }
            }
        }
        if let failure = failures[0] ?? failures[1] { throw failure }
    }

    /// Splits `0..<count` into at most `parts` contiguous ranges whose lengths differ by at most
    /// `granularity`, each (but the last) a multiple of `granularity`. Used to hand each thread one
    /// contiguous block of rows or columns.
    public static func partition(_ count: Int, parts: Int, granularity: Int = 1) -> [Range<Int>] {
        require(count >= 0 && parts > 0 && granularity > 0,
                "Parallel.partition: count=\(count) parts=\(parts) granularity=\(granularity)")
        let units = (count + granularity - 1) / granularity
        let used = max(1, min(parts, units))
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(used)
        var start = 0
        for part in 0..<used {
            let unitsHere = units / used + (part < units % used ? 1 : 0)
            let end = min(count, start + unitsHere * granularity)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}

/// A counter that hands out 0, 1, 2, … to concurrent callers, each value exactly once.
final class ClaimCounter: Sendable {
    private let value = Atomic<Int>(0)
    func claim() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// A mutable pointer that may be captured by the closures of ``Parallel/forEach(count:threads:_:)``.
///
/// Raw pointers are not `Sendable` because nothing stops two threads writing the same memory.
/// Wrapping one asserts the safety argument the compiler cannot check: **every thread writes a
/// region that no other thread reads or writes** (e.g. disjoint row blocks of a matrix), and the
/// memory outlives the parallel section (it is only used inside the `withUnsafe…` scope that
/// produced it, and `forEach` returns only after every thread has finished).
public struct UnsafeSendableMutablePointer<Pointee>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Pointee>
    public init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}

/// A read-only pointer that may be captured by the closures of ``Parallel/forEach(count:threads:_:)``.
///
/// Safe to share as long as nobody writes the memory during the parallel section and it outlives
/// that section (see ``UnsafeSendableMutablePointer``).
public struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
    public let base: UnsafePointer<Pointee>
    public init(_ base: UnsafePointer<Pointee>) { self.base = base }
}
