import Foundation

/// Programmer-error checks for the deep linear network model (shape mismatches, invalid sizes):
/// stop with a message naming the operation and the shapes. Uses `fatalError`, which survives the
/// `-Ounchecked` the Theory target is compiled with (unlike `precondition`).
@inline(__always)
func deepLinearRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                       file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("theorycheck.Theory: " + message(), file: file, line: line) }
}

/// A number for reports: 4 significant digits.
func deepLinearFormat(_ x: Double) -> String { String(format: "%.4g", x) }
