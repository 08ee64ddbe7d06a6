import Foundation
import PropertyCheck

/// One point of an experiment's grid: its coordinates and the seed it computes with.
///
/// The seed is a function of the experiment's name, the base seed and the cell's ``key`` only, so a
/// cell computes the same numbers whichever shard runs it and however many shards there are.
public struct SweepCell: Sendable, Hashable, Codable {
    /// Position in the grid (0-based); shard i of n runs the cells with index ≡ i − 1 (mod n).
    public var index: Int
    /// Numeric coordinates, e.g. `["width": 64, "repeat": 3]`.
    public var parameters: [String: Double]
    /// Categorical coordinates, e.g. `["initialisation": "gaussian"]`.
    public var labels: [String: String]
    public var seed: UInt64

    public init(index: Int, parameters: [String: Double], labels: [String: String] = [:], seed: UInt64) {
        self.index = index; self.parameters = parameters; self.labels = labels; self.seed = seed
    }

    /// A stable text key naming the cell's coordinates (sorted), from which its seed is derived.
    public var key: String { Self.key(parameters: parameters, labels: labels) }

    static func key(parameters: [String: Double], labels: [String: String]) -> String {
        (parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: ",")
    }
}

/// A paper experiment that can be swept cell by cell: adding one to ``ExperimentRegistry`` is all it
/// takes for `theorycheck sweep <name>`, sharding, merging, CSV and figures to work.
public struct Experiment: Sendable {
    /// Command-line name, e.g. `ntk-error`.
    public var name: String
    /// One line: what is measured against what, and where the paper shows it.
    public var summary: String
    /// The grid at a profile, as coordinates; ``cells(profile:baseSeed:)`` numbers them and seeds them.
    public var grid: @Sendable (Profile) -> [(parameters: [String: Double], labels: [String: String])]
    /// Computes the measurements of one cell (a nil value: not measurable, e.g. a diverged run).
    public var measure: @Sendable (SweepCell, Profile) throws -> [String: Double?]
    /// The figures of a complete result, each with a file stem (e.g. `ntk-error-vs-width`).
    public var figures: @Sendable (SweepResult) -> [(name: String, plot: Plot)]
    /// The coordinates a cell's seed depends on; nil: all of them. Naming a subset shares one
    /// random instance between cells (e.g. the same matrix at every rank, a paired comparison).
    public var seedCoordinates: Set<String>?

    public init(name: String, summary: String, seedCoordinates: Set<String>? = nil,
                grid: @escaping @Sendable (Profile) -> [(parameters: [String: Double], labels: [String: String])],
                measure: @escaping @Sendable (SweepCell, Profile) throws -> [String: Double?],
                figures: @escaping @Sendable (SweepResult) -> [(name: String, plot: Plot)]) {
        self.name = name; self.summary = summary; self.seedCoordinates = seedCoordinates; self.grid = grid; self.measure = measure; self.figures = figures
    }

    /// The numbered, seeded cells of the grid. Cell seeds: the harness's run-seed derivation
    /// (SplitMix64 finaliser of the base seed ⊕ FNV-1a of "<experiment>/<cell key>"), so distinct
    /// cells get unrelated streams and the seed never depends on sharding.
    public func cells(profile: Profile, baseSeed: UInt64) -> [SweepCell] {
        grid(profile).enumerated().map { index, coordinates in
            let key = SweepCell.key(parameters: coordinates.parameters.filter { seedCoordinates?.contains($0.key) ?? true },
                                    labels: coordinates.labels.filter { seedCoordinates?.contains($0.key) ?? true })
            return SweepCell(index: index, parameters: coordinates.parameters, labels: coordinates.labels,
                             seed: CheckSettings.runSeed(baseSeed: baseSeed, checkName: "\(name)/\(key)"))
        }
    }
}
