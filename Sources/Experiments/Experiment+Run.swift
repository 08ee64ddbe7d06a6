import Foundation
import PropertyCheck

extension Experiment {
    /// Computes the cells of `shard` (all cells by default) in grid order and returns the partial
    /// (or, for ``Shard/all``, complete) result. `progress` is called after each cell with
    /// (cells done, cells in this shard).
    ///
    /// A cell whose measurement throws gets every value nil and a `failed` marker value of 1, so one
    /// bad cell does not lose a long shard; the error text goes to `progress` callers via `onError`.
    public func run(profile: Profile, baseSeed: UInt64, shard: Shard = .all,
                    progress: (Int, Int) -> Void = { _, _ in },
                    onError: (SweepCell, Error) -> Void = { _, _ in }) -> SweepResult {
        let all = cells(profile: profile, baseSeed: baseSeed)
        let mine = all.filter { shard.contains($0.index) }
        var results: [CellResult] = []
        for (k, cell) in mine.enumerated() {
            do {
                let values = try measure(cell, profile).mapValues { v in v.flatMap { $0.isFinite ? $0 : nil } }
                results.append(CellResult(cell: cell, values: values))
            } catch {
                onError(cell, error)
                results.append(CellResult(cell: cell, values: ["failed": 1]))
            }
            progress(k + 1, mine.count)
        }
        return SweepResult(experiment: name, profile: profile.rawValue, baseSeed: baseSeed, totalCells: all.count,
                           shard: shard == .all ? nil : shard, results: results)
    }
}
