import CPUHints
import Foundation
import Synchronization

/// Persistent helper threads for ``Parallel``: they wait for work by spinning for a short while
/// before they sleep, so that the fork–join of a parallel kernel costs about a microsecond instead
/// of a thread wake-up.
///
/// Why not `DispatchQueue.concurrentPerform` alone: on the 2-core virtual machines this project
/// runs on, waking a sleeping thread takes 50–300 µs (measured: a 2 × 100 µs job took a median
/// 145–160 µs through `concurrentPerform` and 100.7 µs through this pool). A blocked matrix product
/// forks and joins several times per call, so at n = 512 the wake-ups alone cost ~10% of a 3 ms
/// product. OpenBLAS's threads spin between calls for the same reason.
///
/// **Protocol.** One job runs at a time. The caller publishes the job, bumps `epoch`, runs
/// participant 0 itself, then *closes* the job and waits only for helpers that have *entered* it.
/// A helper enters by incrementing `state` while the job is open (`closedBit` clear), runs its
/// participant number, and leaves by decrementing. So a helper that is asleep or descheduled
/// never delays the caller: the job body claims its items dynamically, the caller does whatever
/// nobody else took, and a late helper finds the job closed and goes back to waiting. A job body
/// must therefore be correct for any number of participants from 1 (the caller alone) up to
/// `1 + helpers` — which holds for the claim loops ``Parallel`` builds.
///
/// Idle helpers spin for `spinNanoseconds` (yielding the core to any other runnable thread after
/// the first polls), then sleep on a condition variable until the next job.
final class WorkerPool: @unchecked Sendable {
    // @unchecked Sendable: `startedHelpers` is touched only by the thread that owns `busy`; `job`
    // and `helperLimit` are written only by that thread, before it opens the job with a releasing
    // store of `state`, and read by helpers only after an acquiring increment of `state` that
    // found the job open; the owner clears them only after the job is closed and every entered
    // helper has left.

    /// The pool shared by all kernels: at most one helper per additional processor, each started
    /// the first time a job asks for that many (so a small thread count on a large machine does
    /// not leave dozens of helpers polling after every job).
    static let shared = WorkerPool(maxHelpers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// Most helper threads this pool will start (the caller of ``run(helpers:_:)`` is the extra
    /// participant).
    let maxHelpers: Int
    /// Helper threads started so far; only changed by the thread that holds `busy`.
    private var startedHelpers = 0
    /// How long an idle helper polls for the next job before it sleeps.
    static let spinNanoseconds: UInt64 = 1_000_000

    private static let closedBit = 1 << 62

    private let busy = Atomic<Bool>(false)
    private let epoch = Atomic<Int>(0)
    private let state = Atomic<Int>(closedBit)
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = NSCondition()
    private var job: ((Int) -> Void)? = nil
    private var helperLimit = 0

    /// A pool that will start up to `maxHelpers` threads, which then live as long as the process
    /// (pools are not meant to be discarded: ``shared`` is the one kernels use; tests make small
    /// private ones).
    init(maxHelpers: Int) {
        self.maxHelpers = maxHelpers
    }

    /// Runs `body(participant)` on the calling thread as participant 0 and on up to `helpers`
    /// helper threads as participants 1…`helpers`, and returns `true` when every call that started
    /// has returned. Helpers that do not arrive before the caller's own call returns are not
    /// waited for, so `body` must share its work through claiming (see the type's doc comment).
    ///
    /// Returns `false` without calling `body` when the pool is already running a job (a kernel
    /// called from inside a parallel region, or by a concurrently running task); the caller then
    /// does the work itself.
    func run(helpers: Int, _ body: (_ participant: Int) -> Void) -> Bool {
        guard helpers > 0, maxHelpers > 0,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        let wanted = min(helpers, maxHelpers)
        while startedHelpers < wanted {
            // A new helper starts from epoch 0, so it sees the job published below.
            let thread = Thread { [self] in helperLoop() }
            thread.name = "theorycheck.numerics.helper"
            thread.start()
            startedHelpers += 1
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            helperLimit = wanted
            state.store(0, ordering: .releasing)
            epoch.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wakeUp.lock()
                wakeUp.broadcast()
                wakeUp.unlock()
            }
            escapable(0)
            state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing)
            var polls = 0
            while state.load(ordering: .acquiring) != Self.closedBit {
                polls += 1
                if polls > 1_000 { sched_yield() } else { cpu_spin_pause() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func helperLoop() {
        // Start from the initial epoch, not the current one: a helper whose thread starts after
        // the first job was published must still see that job.
        var seen = 0
        while true {
            seen = waitForNewEpoch(after: seen)
            // Enter the open job, if any, as the next participant number.
            var current = state.load(ordering: .relaxed)
            while current & Self.closedBit == 0 {
                let (exchanged, original) = state.compareExchange(
                    expected: current, desired: current + 1, ordering: .acquiring)
                if exchanged {
                    let participant = current + 1
                    if participant <= helperLimit { job!(participant) }
                    state.subtract(1, ordering: .releasing)
                    break
                }
                current = original
            }
        }
    }

    /// Returns the current epoch once it differs from `seen`: polls (yielding the processor after
    /// the first polls) for up to `spinNanoseconds`, then sleeps until a job is published.
    private func waitForNewEpoch(after seen: Int) -> Int {
        var current = epoch.load(ordering: .acquiring)
        if current != seen { return current }
        let start = DispatchTime.now().uptimeNanoseconds
        var polls = 0
        while true {
            polls += 1
            if polls > 1_000 {
                sched_yield()
                if polls & 15 == 0, DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds { break }
            } else {
                cpu_spin_pause()
            }
            current = epoch.load(ordering: .acquiring)
            if current != seen { return current }
        }
        wakeUp.lock()
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while true {
            current = epoch.load(ordering: .sequentiallyConsistent)
            if current != seen { break }
            wakeUp.wait()
        }
        sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        wakeUp.unlock()
        return current
    }
}
