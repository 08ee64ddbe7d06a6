#if os(Linux) && canImport(Glibc)
import Glibc
#endif
import Testing
@testable import theorycheck

/// With the tool's allocator settings, memory freed by one training step is reused by the next
/// rather than returned to the kernel and faulted back in. Measured as this thread's minor page
/// faults over steps that each allocate, write and free two 4 MiB blocks — with glibc's defaults
/// the freed top of the heap exceeds the trim threshold and is given back every step (the
/// mutation that drops the settings fails here: 8 steps fault in every page again). A control
/// with blocks above the 32 MiB mmap threshold, which glibc still maps afresh each time, shows
/// the count sees churn when it happens. (glibc's `mallopt` reports success for any value, so
/// its return value proves nothing.)
@Suite("tool: allocator settings")
struct AllocatorSettingsTests {
    #if os(Linux) && canImport(Glibc)
    /// Minor page faults of the calling thread over `steps` steps, each allocating `blocks` blocks
    /// of `bytes`, writing every byte, then freeing them all.
    func pageFaults(steps: Int, blocks: Int, bytes: Int) -> Int {
        func faults() -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)   // RUSAGE_THREAD (Linux), not imported by name
            return usage.ru_minflt
        }
        let before = faults()
        for _ in 0..<steps {
            let allocated = (0..<blocks).map { _ in malloc(bytes)! }
            for block in allocated { memset(block, 1, bytes) }
            for block in allocated { free(block) }
        }
        return faults() - before
    }

    @Test func freedBlocksAreReusedNotFaultedIn() {
        keepFreedMemoryForReuse()
        let pagesPerStep = 2 * (4 << 20) / 4096
        // The first step's pages (plus a few for the heap's own bookkeeping), not every step's.
        let reused = pageFaults(steps: 8, blocks: 2, bytes: 4 << 20)
        #expect(reused <= pagesPerStep + 64, "\(reused) page faults over 8 steps of \(pagesPerStep) pages each")
        // Control: mapped afresh each time, so every step faults in every page.
        let mapped = pageFaults(steps: 4, blocks: 1, bytes: 64 << 20)
        #expect(mapped >= 4 * (64 << 20 / 4096) * 9 / 10, "control: \(mapped) page faults for 4 fresh 64 MiB maps")
    }
    #endif
}
