/// A read-only rectangular window into a ``Matrix`` that does not copy its entries.
///
/// A slice holds its base matrix (sharing the base's copy-on-write buffer) and the row and column
/// ranges it covers. Reading an entry costs one index computation. `copy()` materialises it.
/// Kernels that accept a pointer with a row stride (`withUnsafeStridedPointer`) read slices in place.
public struct MatrixSlice: Sendable {
    /// The matrix this slice looks into.
    public let base: Matrix
    /// Rows of `base` covered by the slice.
    public let rowRange: Range<Int>
    /// Columns of `base` covered by the slice.
    public let columnRange: Range<Int>

    public var rows: Int { rowRange.count }
    public var columns: Int { columnRange.count }

    init(base: Matrix, rowRange: Range<Int>, columnRange: Range<Int>) {
        require(rowRange.lowerBound >= 0 && rowRange.upperBound <= base.rows,
                "Matrix slice rows \(rowRange) out of range for \(base.shapeDescription)")
        require(columnRange.lowerBound >= 0 && columnRange.upperBound <= base.columns,
                "Matrix slice columns \(columnRange) out of range for \(base.shapeDescription)")
        self.base = base
        self.rowRange = rowRange
        self.columnRange = columnRange
    }

    /// Entry (i, j) of the slice, i.e. entry (rowRange.lowerBound + i, columnRange.lowerBound + j) of the base.
    public subscript(i: Int, j: Int) -> Double {
        require(i >= 0 && i < rows && j >= 0 && j < columns,
                "MatrixSlice[\(i), \(j)]: index out of range for a \(rows)×\(columns) slice")
        return base._storage[(rowRange.lowerBound + i) * base.columns + columnRange.lowerBound + j]
    }

    /// The slice as a new matrix (this copies).
    public func copy() -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        base._storage.withUnsafeBufferPointer { src in
            m._storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows {
                    let s = (rowRange.lowerBound + i) * base.columns + columnRange.lowerBound
                    for j in 0..<columns { dst[i * columns + j] = src[s + j] }
                }
            }
        }
        return m
    }

    /// Pointer to entry (0, 0) of the slice and the distance between consecutive rows.
    public func withUnsafeStridedPointer<R>(_ body: (UnsafePointer<Double>, _ rowStride: Int) throws -> R) rethrows -> R {
        try base._storage.withUnsafeBufferPointer { p in
            try body(p.baseAddress! + rowRange.lowerBound * base.columns + columnRange.lowerBound, base.columns)
        }
    }
}

extension Matrix {
    /// A no-copy view of the given rows and columns.
    public func slice(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MatrixSlice {
        MatrixSlice(base: self, rowRange: rowRange, columnRange: columnRange)
    }

    /// A no-copy view of the given rows (all columns).
    public func slice(rows rowRange: Range<Int>) -> MatrixSlice {
        MatrixSlice(base: self, rowRange: rowRange, columnRange: 0..<columns)
    }

    /// A no-copy view of the given columns (all rows).
    public func slice(columns columnRange: Range<Int>) -> MatrixSlice {
        MatrixSlice(base: self, rowRange: 0..<rows, columnRange: columnRange)
    }

    /// The submatrix as a new matrix (copies), or, when set, overwrites that block.
    public subscript(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Matrix {
        get { slice(rows: rowRange, columns: columnRange).copy() }
        set {
            require(rowRange.lowerBound >= 0 && rowRange.upperBound <= rows
                        && columnRange.lowerBound >= 0 && columnRange.upperBound <= columns,
                    "Matrix[rows: \(rowRange), columns: \(columnRange)]: block out of range for \(shapeDescription)")
            require(newValue.rows == rowRange.count && newValue.columns == columnRange.count,
                    "Matrix[rows:columns:] = : assigning \(newValue.shapeDescription) to a \(rowRange.count)×\(columnRange.count) block")
            let c = columns
            newValue._storage.withUnsafeBufferPointer { src in
                _storage.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<rowRange.count {
                        let d = (rowRange.lowerBound + i) * c + columnRange.lowerBound
                        for j in 0..<columnRange.count { dst[d + j] = src[i * newValue.columns + j] }
                    }
                }
            }
        }
    }
}
