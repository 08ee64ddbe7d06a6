/// Random matrices filled from a ``RandomStream`` (its draws are defined in PropertyCheckStatistics).
extension Matrix {
    /// A rows×columns matrix of independent N(0, σ²) entries, filled row by row.
    public static func gaussian(rows: Int, columns: Int, standardDeviation sigma: Double = 1,
                                using stream: inout RandomStream) -> Matrix {
        require(sigma >= 0 && sigma.isFinite, "Matrix.gaussian: standardDeviation \(sigma) must be finite and ≥ 0")
        var m = Matrix(rows: rows, columns: columns)
        m._storage.withUnsafeMutableBufferPointer { stream.fillNormal($0, standardDeviation: sigma) }
        return m
    }

    /// A rows×columns matrix of independent entries uniform on `range`.
    public static func uniform(rows: Int, columns: Int, in range: Range<Double> = 0..<1,
                               using stream: inout RandomStream) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for k in 0..<m._storage.count { m._storage[k] = stream.uniform(in: range) }
        return m
    }
}
