/// The data model of a regression fixture: recorded numbers with their provenance and, per field,
/// the tolerance within which a recomputation must reproduce them (and why).
///
/// A fixture file is JSON (see `Fixture+JSON.swift`), one file per fixture, named `<id>.json`.

/// The fixture format version this code reads and writes. A file with another version is rejected
/// with an error naming it; bump it (and migrate the files) when the format changes.
public let fixtureSchemaVersion = 1

/// How closely a recomputed value must match its recorded value.
public struct Tolerance: Sendable, Equatable, CustomStringConvertible {
    /// Allowed |now − recorded|.
    public var absolute: Double
    /// Allowed |now − recorded| / |recorded| (combined with `absolute` as abs + rel·|recorded|).
    public var relative: Double

    /// Bit-for-bit equality (after the exact decimal round trip of the JSON file).
    public static let exact = Tolerance(absolute: 0, relative: 0)
    public static func absolute(_ a: Double) -> Tolerance { Tolerance(absolute: a, relative: 0) }
    public static func relative(_ r: Double) -> Tolerance { Tolerance(absolute: 0, relative: r) }

    public init(absolute: Double, relative: Double) {
        precondition(absolute >= 0 && relative >= 0 && absolute.isFinite && relative.isFinite,
                     "Tolerance: absolute and relative must be finite and ≥ 0")
        self.absolute = absolute
        self.relative = relative
    }

    public var isExact: Bool { absolute == 0 && relative == 0 }

    /// The allowed deviation around `recorded`.
    public func allowance(around recorded: Double) -> Double { absolute + relative * Swift.abs(recorded) }

    /// Whether `now` reproduces `recorded`. Exact means the same bits (and +0 == −0 is *not* enough).
    public func accepts(recorded: Double, now: Double) -> Bool {
        if isExact { return recorded.bitPattern == now.bitPattern }
        guard now.isFinite else { return false }
        return Swift.abs(now - recorded) <= allowance(around: recorded)
    }

    public var description: String {
        if isExact { return "exact" }
        switch (absolute, relative) {
        case (0, let r): return "rel \(r)"
        case (let a, 0): return "abs \(a)"
        default: return "abs \(absolute) + rel \(relative)"
        }
    }
}

/// One named array of numbers in a fixture: a scalar (shape []), a vector ([n]) or a matrix ([r, c],
/// row-major), with its tolerance and the reason for that tolerance.
public struct FixtureField: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Double]
    public var tolerance: Tolerance
    public var reason: String

    public init(name: String, shape: [Int], values: [Double], tolerance: Tolerance, reason: String) {
        precondition(shape.reduce(1, *) == values.count,
                     "FixtureField \(name): shape \(shape) does not hold \(values.count) values")
        self.name = name
        self.shape = shape
        self.values = values
        self.tolerance = tolerance
        self.reason = reason
    }

    public static func scalar(_ name: String, _ value: Double, _ tolerance: Tolerance, reason: String) -> FixtureField {
        FixtureField(name: name, shape: [], values: [value], tolerance: tolerance, reason: reason)
    }
    public static func vector(_ name: String, _ values: [Double], _ tolerance: Tolerance, reason: String) -> FixtureField {
        FixtureField(name: name, shape: [values.count], values: values, tolerance: tolerance, reason: reason)
    }
}

/// Where a fixture's numbers come from: what it pins, with which inputs, recorded when and how.
public struct Provenance: Sendable, Equatable {
    /// The claim id (e.g. "DL-ORTH-PARTIAL") or routine (e.g. "Numerics.qr") the fixture pins.
    public var pins: String
    /// The paper and theorem/figure, or "numerics core" for routines.
    public var source: String
    /// Seeds used to generate inputs.
    public var seeds: [UInt64]
    /// Sizes and other parameters, by name (kept sorted in the file).
    public var parameters: [String: String]
    /// Package version and commit at recording time.
    public var recordedWith: String
    /// ISO-8601 date of recording.
    public var recordedOn: String
    /// The command that re-records this fixture.
    public var rerecord: String

    public init(pins: String, source: String, seeds: [UInt64], parameters: [String: String],
                recordedWith: String, recordedOn: String, rerecord: String) {
        self.pins = pins; self.source = source; self.seeds = seeds; self.parameters = parameters
        self.recordedWith = recordedWith; self.recordedOn = recordedOn; self.rerecord = rerecord
    }
}

/// A recorded fixture: what is read from and written to `fixtures/<id>.json`.
public struct Fixture: Sendable, Equatable {
    public var schemaVersion: Int
    public var id: String
    public var description: String
    public var provenance: Provenance
    public var fields: [FixtureField]

    public init(schemaVersion: Int = fixtureSchemaVersion, id: String, description: String,
                provenance: Provenance, fields: [FixtureField]) {
        self.schemaVersion = schemaVersion; self.id = id; self.description = description
        self.provenance = provenance; self.fields = fields
    }
}
