/// Programmer-error check at the API boundary (shapes, ranks). Written with `fatalError` because
/// this target is compiled with `-Ounchecked`, which removes `precondition`.
@inline(__always)
func lowRankRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
