import Numerics

/// `[body(0), …, body(count − 1)]` computed on up to ``Parallel/threadCount`` threads (each index
/// writes only its own slot). Meant for independent trainings of small networks, whose GEMMs take
/// the single-threaded path (below ~32³ multiply-adds), so the two levels of parallelism do not
/// oversubscribe the cores; results do not depend on the thread count.
func deepLinearParallelMap<T: Sendable>(_ count: Int, _ body: (Int) -> T) -> [T] {
    if count == 0 { return [] }
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        let out = UnsafeSendableMutablePointer(buffer.baseAddress!)
        Parallel.forEachClaimed(count: count) { i, _ in out.base[i] = body(i) }
    }
    return results.map { $0! }
}
