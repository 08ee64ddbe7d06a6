/// Input validation that survives `-Ounchecked`.
///
/// The numeric targets are compiled with `-Ounchecked`, which removes `precondition`. Programmer
/// errors (mismatched shapes, negative sizes, indices out of range) must still stop with a message
/// that names the operation and the offending values, at the API boundary, before any loop runs:
/// that is what these helpers do. Errors in *data* (non-finite entries, singular systems,
/// non-convergence) are reported by throwing ``NumericsError`` instead, so callers can handle them.
@inline(__always)
@usableFromInline
func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("theorycheck.Numerics: " + message(), file: file, line: line) }
}

/// Errors in the data handed to a numerical routine.
public enum NumericsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An entry that must be finite is NaN or infinite.
    case nonFiniteInput(operation: String, row: Int, column: Int, value: Double)
    /// A square system is singular (to working precision) at the given pivot.
    case singular(operation: String, pivot: Int)
    /// A matrix that must be symmetric positive definite is not.
    case notPositiveDefinite(operation: String, pivot: Int)
    /// An iterative algorithm did not converge within its iteration limit.
    case noConvergence(operation: String, iterations: Int)
    /// An argument outside the routine's mathematical domain.
    case domain(operation: String, detail: String)

    public var description: String {
        switch self {
        case let .nonFiniteInput(op, r, c, v):
            return "\(op): entry (\(r), \(c)) is \(v); the input must be finite"
        case let .singular(op, p):
            return "\(op): matrix is singular to working precision (zero pivot at index \(p))"
        case let .notPositiveDefinite(op, p):
            return "\(op): matrix is not positive definite (failure at pivot \(p))"
        case let .noConvergence(op, it):
            return "\(op): no convergence after \(it) iterations"
        case let .domain(op, detail):
            return "\(op): \(detail)"
        }
    }
}
