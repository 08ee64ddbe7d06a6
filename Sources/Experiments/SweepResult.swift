import Numerics
import Foundation

/// Which part of a grid a run computes: shard `index` of `count` (1-based, as `--shard i/n`).
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        require(count >= 1 && (1...count).contains(index), "Shard: index \(index) must lie in 1…\(count)")
        self.index = index; self.count = count
    }

    /// The whole grid.
    public static let all = Shard(index: 1, count: 1)

    /// Parses `i/n` with 1 ≤ i ≤ n.
    public static func parse(_ text: String) -> Shard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        return Shard(index: i, count: n)
    }

    /// Round-robin assignment: neighbouring cells (often of similar cost) go to different shards.
    public func contains(_ cellIndex: Int) -> Bool { cellIndex % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}

/// The measurements of one cell.
public struct CellResult: Sendable, Hashable, Codable {
    public var cell: SweepCell
    public var values: [String: Double?]

    public init(cell: SweepCell, values: [String: Double?]) {
        self.cell = cell; self.values = values
    }
}

/// A sweep's result file: complete (``shard`` nil) or one shard's part of it.
///
/// Holds no timings or host names, so equal cells give byte-identical files (``encoded()``), which
/// is what makes "merge of n shards = one run" checkable.
public struct SweepResult: Sendable, Hashable, Codable {
    public var experiment: String
    public var profile: String
    public var baseSeed: UInt64
    /// Cells in the whole grid.
    public var totalCells: Int
    /// The shard this file holds; nil for a complete result.
    public var shard: Shard?
    /// Sorted by cell index.
    public var results: [CellResult]

    public init(experiment: String, profile: String, baseSeed: UInt64, totalCells: Int, shard: Shard?, results: [CellResult]) {
        self.experiment = experiment; self.profile = profile; self.baseSeed = baseSeed
        self.totalCells = totalCells; self.shard = shard
        self.results = results.sorted { $0.cell.index < $1.cell.index }
    }

    public var isComplete: Bool { shard == nil && results.count == totalCells }

    /// Deterministic JSON (sorted keys, pretty-printed); non-finite values are stored as null.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> SweepResult {
        try JSONDecoder().decode(SweepResult.self, from: data)
    }

    /// The values of cells matching `labels`, as (x, y) pairs grouped by x, for plotting.
    public func values(_ y: String, against x: String, where labels: [String: String] = [:]) -> [(x: Double, ys: [Double])] {
        var groups: [Double: [Double]] = [:]
        for r in results where labels.allSatisfy({ r.cell.labels[$0.key] == $0.value }) {
            guard let xv = r.cell.parameters[x] ?? r.values[x] ?? nil, let yv = r.values[y] ?? nil else { continue }
            groups[xv, default: []].append(yv)
        }
        return groups.keys.sorted().map { ($0, groups[$0]!) }
    }
}

/// Why partial results cannot be merged.
public enum MergeError: Error, CustomStringConvertible, Equatable {
    case noInputs
    case mismatched(String)
    case conflictingCell(Int)
    case incomplete(missing: [Int])
    /// A file that does not match its experiment's grid (``Experiment/verify(_:)``).
    case invalid(String)

    public var description: String {
        switch self {
        case .noInputs: return "no result files to merge"
        case .mismatched(let why): return "the files come from different sweeps: \(why)"
        case .conflictingCell(let k): return "cell \(k) appears twice with different values"
        case .incomplete(let missing):
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ")
            return "\(missing.count) cell(s) missing (\(shown)\(missing.count > 10 ? ", …" : "")): run the remaining shards"
        case .invalid(let why): return "not a result of this experiment's grid: \(why)"
        }
    }
}

extension SweepResult {
    /// Combines partial results of one sweep into the complete result a single run gives.
    ///
    /// The parts must agree on experiment, profile, base seed and grid size; a cell present in
    /// several parts must have equal values there (re-running a shard is harmless); every cell of
    /// the grid must be present.
    public static func merge(_ parts: [SweepResult]) throws(MergeError) -> SweepResult {
        guard let first = parts.first else { throw .noInputs }
        var byIndex: [Int: CellResult] = [:]
        for part in parts {
            guard part.experiment == first.experiment else { throw .mismatched("experiment \(part.experiment) vs \(first.experiment)") }
            guard part.profile == first.profile else { throw .mismatched("profile \(part.profile) vs \(first.profile)") }
            guard part.baseSeed == first.baseSeed else { throw .mismatched("seed 0x\(String(part.baseSeed, radix: 16)) vs 0x\(String(first.baseSeed, radix: 16))") }
            guard part.totalCells == first.totalCells else { throw .mismatched("\(part.totalCells) vs \(first.totalCells) cells") }
            for r in part.results {
                if let existing = byIndex[r.cell.index], existing != r { throw .conflictingCell(r.cell.index) }
                byIndex[r.cell.index] = r
            }
        }
        let missing = (0..<first.totalCells).filter { byIndex[$0] == nil }
        guard missing.isEmpty else { throw .incomplete(missing: missing) }
        return SweepResult(experiment: first.experiment, profile: first.profile, baseSeed: first.baseSeed,
                           totalCells: first.totalCells, shard: nil, results: Array(byIndex.values))
    }
}
