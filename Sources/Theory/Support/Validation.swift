/// Argument checks for the models of every claim family, at the API boundary.
///
/// This target is compiled with `-Ounchecked`, which removes `precondition`; a programmer error
/// (a wrong shape, a negative size, a rank out of range) must still stop, with a message naming the
/// operation and the offending values, before any loop runs. Bad *data* throws instead.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("theorycheck.Theory: " + message(), file: file, line: line) }
}
