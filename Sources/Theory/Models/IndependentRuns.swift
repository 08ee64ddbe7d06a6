import Numerics

/// `[body(0), …, body(count − 1)]` computed on up to ``Parallel/threadCount`` threads (each index
/// writes only its own slot). Meant for independent trainings of networks: when the items run in
/// parallel, the GEMMs inside each item are limited to one thread so the two levels of parallelism
/// do not oversubscribe the cores. Results do not depend on the thread count (GEMM results are
/// bit-identical across thread counts).
func independentRunsInParallel<T: Sendable>(_ count: Int, _ body: (Int) -> T) -> [T] {
    if count == 0 { return [] }
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        let out = UnsafeSendableMutablePointer(buffer.baseAddress!)
        let workers = Parallel.threadCount
        // Each worker's GEMMs run single-threaded: the items already occupy the cores.
        Parallel.forEachClaimed(count: count, threads: workers) { i, _ in
            out.base[i] = workers > 1 ? Parallel.withThreadCount(1) { body(i) } : body(i)
        }
    }
    return results.map { $0! }
}
