import PropertyCheck

extension Experiment {
    /// Checks a (partial or complete) result file against this experiment's grid and seed rule:
    /// the profile is one of the profiles, the grid size is the profile's, a part holds exactly the
    /// cells of its shard, and every cell's index, parameters, labels and seed are the ones
    /// ``cells(profile:baseSeed:)`` derives. The measured values cannot be recomputed without
    /// rerunning the cell, so they are taken as recorded; this catches files from another version
    /// of the grid, edited coordinates or seeds, and cells moved between shards.
    public func verify(_ result: SweepResult) throws(MergeError) {
        guard result.experiment == name else { throw .invalid("holds experiment '\(result.experiment)', not '\(name)'") }
        guard let profile = Profile(rawValue: result.profile) else {
            throw .invalid("profile '\(result.profile)' is not quick, ci or deep")
        }
        let expected = cells(profile: profile, baseSeed: result.baseSeed)
        guard result.totalCells == expected.count else {
            throw .invalid("says the grid has \(result.totalCells) cells; \(name) at profile \(profile.rawValue) has \(expected.count)")
        }
        let shard = result.shard ?? .all
        var seen = Set<Int>()
        for r in result.results {
            let k = r.cell.index
            guard expected.indices.contains(k) else { throw .invalid("cell index \(k) lies outside the grid 0…\(expected.count - 1)") }
            guard shard.contains(k) else { throw .invalid("cell \(k) does not belong to shard \(shard)") }
            guard seen.insert(k).inserted else { throw .invalid("cell \(k) appears twice") }
            let e = expected[k]
            guard r.cell.parameters == e.parameters && r.cell.labels == e.labels else {
                throw .invalid("cell \(k) has coordinates \(r.cell.key); the grid's cell \(k) is \(e.key)")
            }
            guard r.cell.seed == e.seed else {
                throw .invalid("cell \(k) (\(e.key)) has seed 0x\(String(r.cell.seed, radix: 16)); the seed rule gives 0x\(String(e.seed, radix: 16))")
            }
        }
        let missing = expected.indices.filter { shard.contains($0) && !seen.contains($0) }
        if !missing.isEmpty {
            throw .invalid("shard \(shard) lacks \(missing.count) of its cells (first: \(missing[0]))")
        }
    }
}
