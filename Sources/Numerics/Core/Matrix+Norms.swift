/// Vector and matrix norms that need no decomposition. (The spectral norm, which needs the largest
/// singular value, is in `Matrix+SVD.swift`.)
extension Matrix {
    /// Frobenius norm ‖A‖_F = sqrt(Σ a_ij²), computed with scaling so that it neither overflows
    /// nor underflows for entries near the limits of `Double` (as LAPACK's dnrm2 does).
    public var frobeniusNorm: Double { euclideanNorm(_storage) }
}
