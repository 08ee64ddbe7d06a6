import Synchronization

/// Scratch buffers that kernels called many times in a row (the packed blocks of ``gemm``, the
/// intermediate products of a blocked Householder update) borrow and hand back, so that a call
/// reuses memory that is already mapped instead of allocating anew.
///
/// Why: whether a freshly allocated buffer of a few MB costs nothing or a full round of page
/// faults depends on the C allocator's history. glibc maps blocks above its threshold (128 KiB at
/// first) afresh on every allocation and only raises the threshold after such a block is freed,
/// so the same product could fault in its 8 MiB packing buffer on every call or never, depending
/// on which unrelated allocations came before. Measured on the 2-vCPU Zen 3 VM: faulting in
/// 128 MiB with 4 KiB pages took 110–115 ms, against 7 ms to write memory already mapped, and
/// the eigensolver at n = 2048 went from 48k to 86–119k page faults per run when an unrelated
/// change altered its allocation pattern. OpenBLAS keeps one buffer per thread for the same
/// reason.
///
/// Contract: a borrowed buffer is uninitialised (its contents are whatever the last borrower left)
/// and 64-byte aligned, holds at least the bytes asked for, and belongs to the borrower alone until
/// it is handed back; callers must write before they read, so results never depend on the pool.
/// At most ``keptBuffers`` idle buffers are kept (the largest), at most ``keptBytesLimit`` bytes
/// in all; the rest are freed on return.
final class ScratchPool: Sendable {
    /// The pool shared by the package's kernels.
    static let shared = ScratchPool()

    /// Idle buffers kept: two kernels on the two threads of a divide-and-conquer split each hold
    /// two (gemm's packed A and B) at a time.
    let keptBuffers: Int
    /// Bytes kept idle at most (64 MiB): room for the idle buffers at the largest size the
    /// package's kernels ask for (8 MiB, a packed block of B: kc·nc doubles).
    let keptBytesLimit: Int

    /// A borrowed buffer: `pointer` to at least the doubles asked for, until it is given back.
    struct Loan: @unchecked Sendable {
        fileprivate let base: UnsafeMutableRawPointer
        fileprivate let bytes: Int
        var pointer: UnsafeMutablePointer<Double> {
            base.bindMemory(to: Double.self, capacity: bytes / MemoryLayout<Double>.stride)
        }
    }
    private let idle = Mutex<[Loan]>([])

    init(keptBuffers: Int = 6, keptBytesLimit: Int = 64 << 20) {
        self.keptBuffers = keptBuffers
        self.keptBytesLimit = keptBytesLimit
    }

    /// Sizes are rounded up to a power of two from 64 KiB, so that the slightly different sizes
    /// of successive calls fit the same buffer.
    static func roundedSize(_ bytes: Int) -> Int {
        var size = 64 << 10
        while size < bytes { size <<= 1 }
        return size
    }

    /// Number and total size of the idle buffers (for tests).
    var idleSummary: (count: Int, bytes: Int) {
        idle.withLock { buffers in (buffers.count, buffers.reduce(0) { $0 + $1.bytes }) }
    }

    /// A buffer of at least `count` doubles (uninitialised, 64-byte aligned), to be handed back
    /// with ``giveBack(_:)`` exactly once.
    func borrow(count: Int) -> Loan {
        require(count >= 0, "ScratchPool.borrow: negative count \(count)")
        let size = ScratchPool.roundedSize(count * MemoryLayout<Double>.stride)
        // The smallest idle buffer that is large enough.
        let reused: Loan? = idle.withLock { buffers in
            let best = buffers.indices.filter { buffers[$0].bytes >= size }.min { buffers[$0].bytes < buffers[$1].bytes }
            return best.map { buffers.remove(at: $0) }
        }
        if let reused { return reused }
        let base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        LargeBuffer.adviseHugePages(base.bindMemory(to: Double.self, capacity: size / 8), count: size / 8)
        return Loan(base: base, bytes: size)
    }

    /// Takes back a buffer from ``borrow(count:)``; it is kept for reuse or freed.
    func giveBack(_ buffer: Loan) {
        let surplus: [Loan] = idle.withLock { buffers in
            buffers.append(buffer)
            buffers.sort { $0.bytes > $1.bytes }   // keep the largest
            var kept = 0, total = 0
            while kept < buffers.count && kept < keptBuffers && total + buffers[kept].bytes <= keptBytesLimit {
                total += buffers[kept].bytes
                kept += 1
            }
            let freed = Array(buffers[kept...])
            buffers.removeSubrange(kept...)
            return freed
        }
        for buffer in surplus { buffer.base.deallocate() }
    }
}
