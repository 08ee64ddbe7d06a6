/// Stops on a programmer error (a bad argument at an API boundary) with a message naming the
/// operation; unlike `precondition` it also stops in optimised builds.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
