/// Input validation that survives `-Ounchecked`: the one argument check of every module.
/// It lives in PropertyCheckStatistics, the lowest target, so that every module shares this one copy.
///
/// The numeric targets are compiled with `-Ounchecked`, which removes `precondition`. Programmer
/// errors (mismatched shapes, negative sizes, indices out of range, an impossible range handed to a
/// generator) must still stop with a message that names the operation and the offending values, at
/// the API boundary, before any loop runs: that is what `require` does, in Numerics and in every
/// module above it. The message is prefixed with the calling module's name (from `#fileID`).
/// Errors in *data* (non-finite entries, singular systems, non-convergence) are reported by
/// throwing ``NumericsError`` instead, so callers can handle them.
@inlinable @inline(__always)
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { requirementFailed(message(), file: file, line: line) }
}

/// The cold path of ``require(_:_:file:line:)``: stops with "theorycheck.<Module>: <message>".
@usableFromInline
func requirementFailed(_ message: String, file: StaticString, line: UInt) -> Never {
    let module = "\(file)".split(separator: "/").first.map(String.init) ?? "theorycheck"
    fatalError("theorycheck.\(module): " + message, file: file, line: line)
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

    /// The operation, the offending entry or parameter, and what was required, in one sentence.
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
