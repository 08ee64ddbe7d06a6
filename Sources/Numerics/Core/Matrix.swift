import Foundation

/// A dense matrix of `Double`, stored **row-major**: entry (i, j) lives at `storage[i * columns + j]`.
///
/// `Matrix` is a value type. Its storage is a Swift `Array`, so copies share one buffer until one
/// of them is mutated (copy-on-write): passing a matrix around or taking a ``MatrixSlice`` of it
/// never copies entries. Row-major order was chosen because the models here apply layers to
/// batches stored one example per row or column and the GEMM kernels are written for it; a
/// transposed operand is handled by the kernels, never by materialising the transpose.
///
/// Sizes may be zero (a 0×n matrix is valid and empty); negative sizes and shape mismatches stop
/// with a message naming the operation (see `PropertyCheckStatistics/Core/Validation.swift`).
public struct Matrix: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Entries in row-major order; `storage.count == rows * columns`.
    public var storage: [Double] {
        get { _storage }
        set {
            require(newValue.count == rows * columns,
                    "Matrix.storage: \(newValue.count) entries assigned to a \(rows)×\(columns) matrix")
            _storage = newValue
        }
    }
    @usableFromInline var _storage: [Double]

    /// A `rows`×`columns` matrix with every entry equal to `value` (default 0).
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        require(rows >= 0 && columns >= 0, "Matrix(rows: \(rows), columns: \(columns)): sizes must be non-negative")
        self.rows = rows
        self.columns = columns
        self._storage = LargeBuffer.make(count: rows * columns, repeating: value)
    }

    /// A `rows`×`columns` matrix whose entries `initialize` writes through a pointer to
    /// uninitialised row-major storage. `initialize` must write **every** entry (it is handed the
    /// base pointer and the row stride, which equals `columns`); it skips the zero-fill of
    /// ``init(rows:columns:repeating:)``, which for a product written by `gemm` with β = 0 is
    /// wasted memory traffic (~4% of a 512×512 product).
    init(rows: Int, columns: Int, initializingWith initialize: (UnsafeMutablePointer<Double>) -> Void) {
        require(rows >= 0 && columns >= 0, "Matrix(rows: \(rows), columns: \(columns)): sizes must be non-negative")
        self.rows = rows
        self.columns = columns
        self._storage = LargeBuffer.make(count: rows * columns, initializingWith: initialize)
    }

    /// A matrix from row-major entries. `entries.count` must equal `rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, rowMajor entries: [Double]) {
        require(rows >= 0 && columns >= 0, "Matrix(rows: \(rows), columns: \(columns)): sizes must be non-negative")
        require(entries.count == rows * columns,
                "Matrix(rows: \(rows), columns: \(columns), rowMajor:): expected \(rows * columns) entries, got \(entries.count)")
        self.rows = rows
        self.columns = columns
        self._storage = entries
    }

    /// A matrix from an array of rows, which must all have the same length.
    public init(_ rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        for (i, row) in rowArrays.enumerated() {
            require(row.count == c, "Matrix([[Double]]): row \(i) has \(row.count) entries, row 0 has \(c)")
        }
        self.init(rows: r, columns: c, rowMajor: rowArrays.flatMap { $0 })
    }

    /// A matrix whose entry (i, j) is `entry(i, j)`.
    @inlinable
    public init(rows: Int, columns: Int, entry: (Int, Int) throws -> Double) rethrows {
        self.init(rows: rows, columns: columns)
        try _storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<rows { for j in 0..<columns { p[i * columns + j] = try entry(i, j) } }
        }
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m._storage[i * n + i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal; or rows×columns with the diagonal in the top-left.
    public static func diagonal(_ diagonal: [Double], rows: Int? = nil, columns: Int? = nil) -> Matrix {
        let r = rows ?? diagonal.count, c = columns ?? diagonal.count
        require(diagonal.count <= min(r, c), "Matrix.diagonal: \(diagonal.count) entries do not fit a \(r)×\(c) matrix")
        var m = Matrix(rows: r, columns: c)
        for (i, d) in diagonal.enumerated() { m._storage[i * c + i] = d }
        return m
    }

    /// A column vector (n×1) from entries.
    public static func column(_ entries: [Double]) -> Matrix {
        Matrix(rows: entries.count, columns: 1, rowMajor: entries)
    }

    /// Entry (i, j). Indices are checked (the check survives `-Ounchecked`).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get {
            require(i >= 0 && i < rows && j >= 0 && j < columns,
                    "Matrix[\(i), \(j)]: index out of range for a \(rows)×\(columns) matrix")
            return _storage[i * columns + j]
        }
        set {
            require(i >= 0 && i < rows && j >= 0 && j < columns,
                    "Matrix[\(i), \(j)]: index out of range for a \(rows)×\(columns) matrix")
            _storage[i * columns + j] = newValue
        }
    }

    /// `true` for a 0-entry matrix.
    public var isEmpty: Bool { rows == 0 || columns == 0 }
    /// `true` when rows == columns.
    public var isSquare: Bool { rows == columns }
    /// (rows, columns), for messages.
    public var shapeDescription: String { "\(rows)×\(columns)" }

    /// Row i as an array (a copy).
    public func row(_ i: Int) -> [Double] {
        require(i >= 0 && i < rows, "Matrix.row(\(i)): out of range for \(shapeDescription)")
        return Array(_storage[(i * columns)..<((i + 1) * columns)])
    }

    /// Column j as an array (a copy).
    public func column(_ j: Int) -> [Double] {
        require(j >= 0 && j < columns, "Matrix.column(\(j)): out of range for \(shapeDescription)")
        return (0..<rows).map { _storage[$0 * columns + j] }
    }

    /// The diagonal entries (i, i), i < min(rows, columns).
    public var diagonalEntries: [Double] { (0..<min(rows, columns)).map { _storage[$0 * columns + $0] } }

    /// The rows as nested arrays (for printing and serialisation).
    public var rowArrays: [[Double]] { (0..<rows).map { row($0) } }

    /// Read-only access to the row-major entries.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try _storage.withUnsafeBufferPointer(body)
    }

    /// Mutable access to the row-major entries.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try _storage.withUnsafeMutableBufferPointer(body)
    }

    /// Checks that every entry is finite; throws ``NumericsError/nonFiniteInput`` naming the first
    /// offending entry otherwise. Decompositions call this before they start.
    public func validateFinite(_ operation: String) throws(NumericsError) {
        let bad: Int? = _storage.withUnsafeBufferPointer { p in
            for k in 0..<p.count where !p[k].isFinite { return k }
            return nil
        }
        if let k = bad {
            throw .nonFiniteInput(operation: operation, row: k / columns, column: k % columns, value: _storage[k])
        }
    }

    /// `true` when every entry is finite.
    public var isFinite: Bool { _storage.allSatisfy { $0.isFinite } }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        var s = "Matrix \(shapeDescription)"
        let shownRows = min(rows, 8), shownCols = min(columns, 8)
        for i in 0..<shownRows {
            s += "\n  ["
            s += (0..<shownCols).map { j in
                let v = _storage[i * columns + j]
                return v.formatted6
            }.joined(separator: ", ")
            s += columns > shownCols ? ", …]" : "]"
        }
        if rows > shownRows { s += "\n  …" }
        return s
    }
}

extension Double {
    /// A compact 6-significant-digit rendering used in messages.
    var formatted6: String { String(format: "%.6g", self) }
}
