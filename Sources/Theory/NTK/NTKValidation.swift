/// Argument checks for the NTK models that survive `-Ounchecked` (which removes `precondition`):
/// a programmer error (wrong shape, negative size) stops with a message naming the operation.
@inline(__always)
func ntkPrecondition(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("theorycheck.Theory: " + message(), file: file, line: line) }
}
