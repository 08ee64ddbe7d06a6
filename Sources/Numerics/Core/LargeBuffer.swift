import CPUHints

/// Storage for large arrays of `Double`, backed by transparent huge pages where the system offers
/// them.
///
/// Why: a fresh buffer of n² doubles is mapped on first touch one 4 KiB page at a time. Measured on
/// a 2-vCPU virtual machine (AMD EPYC Zen 3, transparent huge pages in "madvise" mode): touching a
/// new 32 MiB buffer took 21 ms with 4 KiB pages and 3.5 ms with 2 MiB pages — 8% of a 2048×2048
/// product on two threads, whose C is such a buffer. numpy asks for huge pages on every array of
/// 4 MiB or more, so without this every comparison with it starts that much behind. Huge pages
/// also cover 512 times more memory per TLB entry, which helps the strided walks of the packing
/// and reduction loops.
///
/// The advice changes where entries live in physical memory, never their values: results are
/// bit-identical with or without it.
@usableFromInline
enum LargeBuffer {
    /// Size of a transparent huge page on x86_64 and on arm64 with 4 KiB base pages. Where the
    /// real size differs, the advice still applies to whole huge pages or is simply not taken.
    static let hugePageBytes = 2 << 20

    /// Buffers from this size on are advised (numpy's threshold): smaller ones would gain at most
    /// one huge page inside them.
    static let adviseFromBytes = 4 << 20

    /// The huge pages lying wholly inside `bytes` bytes from `address`: the start rounded up and
    /// the end rounded down to multiples of ``hugePageBytes``; nil when none fits. madvise needs
    /// exactly this: an aligned start, and advice on a partial huge page would be wasted.
    static func wholeHugePages(address: UInt, bytes: Int) -> (start: UInt, bytes: Int)? {
        require(bytes >= 0, "LargeBuffer.wholeHugePages: negative size \(bytes)")
        let page = UInt(hugePageBytes)
        let first = (address + page - 1) / page * page
        let end = (address + UInt(bytes)) / page * page
        return end > first ? (first, Int(end - first)) : nil
    }

    /// Advises huge pages for the whole huge pages inside a buffer of `count` doubles that has not
    /// been touched yet (advice on memory already mapped only affects later background merging).
    /// Returns what the system said: 1 taken, 0 not applicable, -1 refused; 0 when the buffer is
    /// below ``adviseFromBytes`` or holds no whole huge page.
    @discardableResult
    static func adviseHugePages(_ base: UnsafeMutablePointer<Double>, count: Int) -> Int32 {
        let bytes = count * MemoryLayout<Double>.stride
        guard bytes >= adviseFromBytes,
              let range = wholeHugePages(address: UInt(bitPattern: base), bytes: bytes),
              let start = UnsafeMutableRawPointer(bitPattern: range.start)
        else { return 0 }
        return memory_advise_huge_pages(start, UInt(range.bytes))
    }

    /// An array of `count` doubles written by `initialize`, which must write every entry; large
    /// ones are advised huge pages before `initialize` first touches them.
    @usableFromInline
    static func make(count: Int, initializingWith initialize: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            if count > 0 {
                adviseHugePages(buffer.baseAddress!, count: count)
                initialize(buffer.baseAddress!)
            }
            initializedCount = count
        }
    }

    /// An array of `count` copies of `value` (as `[Double](repeating:count:)`), large ones on
    /// huge pages.
    @usableFromInline
    static func make(count: Int, repeating value: Double) -> [Double] {
        make(count: count) { $0.initialize(repeating: value, count: count) }
    }

    /// Calls `body` with scratch space for `count` doubles, uninitialised (large ones advised huge
    /// pages before `body` first touches them), and frees it afterwards. For a workspace that one
    /// computation reuses many times, so that its pages are faulted in once.
    static func withWorkspace<Result, Failure: Error>(
        count: Int, _ body: (UnsafeMutablePointer<Double>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        require(count >= 0, "LargeBuffer.withWorkspace: negative count \(count)")
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
        defer { scratch.deallocate() }
        adviseHugePages(scratch, count: count)
        return try body(scratch)
    }

    /// A copy of `source` (as `var copy = source` followed by a first write), large ones on huge
    /// pages: the copy is the buffer a decomposition then works in.
    @usableFromInline
    static func copy(of source: [Double]) -> [Double] {
        source.withUnsafeBufferPointer { entries in
            make(count: entries.count) { $0.initialize(from: entries.baseAddress!, count: entries.count) }
        }
    }
}
