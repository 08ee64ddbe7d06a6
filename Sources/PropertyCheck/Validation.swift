/// Stops with a message on a programmer error (an impossible range, an empty list of choices).
/// Written with `fatalError` because this target is compiled with `-Ounchecked`, which removes
/// `precondition`.
@inline(__always)
func requireArgument(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("PropertyCheck: " + message(), file: file, line: line) }
}
