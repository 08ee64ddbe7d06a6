/// Entrywise arithmetic, transposition and scalar operations. All exact up to one rounding per entry.
extension Matrix {
    /// The transpose (a copy; GEMM takes transposed operands without materialising them).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        let r = rows, c = columns
        _storage.withUnsafeBufferPointer { src in
            t._storage.withUnsafeMutableBufferPointer { dst in
                // Blocked to stay in cache for large matrices.
                let bs = 32
                for i0 in stride(from: 0, to: r, by: bs) {
                    for j0 in stride(from: 0, to: c, by: bs) {
                        for i in i0..<min(i0 + bs, r) {
                            for j in j0..<min(j0 + bs, c) { dst[j * r + i] = src[i * c + j] }
                        }
                    }
                }
            }
        }
        return t
    }

    @inline(__always)
    func requireSameShape(_ other: Matrix, _ op: String) {
        require(rows == other.rows && columns == other.columns,
                "Matrix \(op): shapes differ: \(shapeDescription) vs \(other.shapeDescription)")
    }

    /// Applies `f` to each pair of corresponding entries. Shapes must agree.
    @inlinable
    public func combined(with other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        require(rows == other.rows && columns == other.columns,
                "Matrix.combined: shapes differ: \(shapeDescription) vs \(other.shapeDescription)")
        var out = self
        out._storage.withUnsafeMutableBufferPointer { o in
            other._storage.withUnsafeBufferPointer { q in
                for k in 0..<o.count { o[k] = f(o[k], q[k]) }
            }
        }
        return out
    }

    /// Applies `f` to every entry.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Matrix {
        var out = self
        out._storage.withUnsafeMutableBufferPointer { o in
            for k in 0..<o.count { o[k] = f(o[k]) }
        }
        return out
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.requireSameShape(rhs, "+")
        return lhs.combined(with: rhs, +)
    }
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.requireSameShape(rhs, "-")
        return lhs.combined(with: rhs, -)
    }
    public static prefix func - (m: Matrix) -> Matrix { m.map { -$0 } }
    public static func * (s: Double, m: Matrix) -> Matrix { m.map { s * $0 } }
    public static func * (m: Matrix, s: Double) -> Matrix { m.map { $0 * s } }
    public static func / (m: Matrix, s: Double) -> Matrix { m.map { $0 / s } }
    public static func += (lhs: inout Matrix, rhs: Matrix) { lhs = lhs + rhs }
    public static func -= (lhs: inout Matrix, rhs: Matrix) { lhs = lhs - rhs }
    public static func *= (lhs: inout Matrix, s: Double) { lhs = lhs * s }

    /// Entrywise (Hadamard) product.
    public func hadamard(_ other: Matrix) -> Matrix {
        requireSameShape(other, "hadamard")
        return combined(with: other, *)
    }

    /// self + s·other, in place (axpy).
    public mutating func add(_ other: Matrix, scaledBy s: Double) {
        requireSameShape(other, "add(_:scaledBy:)")
        _storage.withUnsafeMutableBufferPointer { o in
            other._storage.withUnsafeBufferPointer { q in
                for k in 0..<o.count { o[k] += s * q[k] }
            }
        }
    }

    /// Sum of the diagonal. Requires a square matrix.
    public var trace: Double {
        require(isSquare, "Matrix.trace: matrix is \(shapeDescription), not square")
        var s = 0.0
        for i in 0..<rows { s += _storage[i * columns + i] }
        return s
    }

    /// Largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double { _storage.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// ‖self − other‖_max, the largest absolute entrywise difference.
    public func maxAbsDifference(_ other: Matrix) -> Double {
        requireSameShape(other, "maxAbsDifference")
        var d = 0.0
        for k in 0..<_storage.count { d = Swift.max(d, Swift.abs(_storage[k] - other._storage[k])) }
        return d
    }
}
