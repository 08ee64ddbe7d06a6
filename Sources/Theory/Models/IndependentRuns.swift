import Numerics
import PropertyCheck

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

/// `count` measurements of a statistical check on the next `count` streams of `context`, on both
/// cores: measurement k gets stream k of a block reserved at once — the stream the k-th of `count`
/// calls of ``StatisticalContext/nextStream()`` would give — so the results, in order, are the
/// serial loop's (each measurement's GEMMs run single-threaded, and GEMM is bit-identical across
/// thread counts). The first error thrown, in measurement order, is rethrown.
func measurementsInParallel<T: Sendable>(_ count: Int, _ context: StatisticalContext,
                                         _ body: (_ index: Int, _ stream: inout RandomStream) throws -> T) throws -> [T] {
    let streams = context.reserveStreams(count), seed = context.runSeed
    return try independentRunsInParallel(count) { k in
        Result { () throws -> T in
            var stream = RandomStream(seed: seed, stream: streams.lowerBound + UInt64(k))
            return try body(k, &stream)
        }
    }.map { try $0.get() }
}
