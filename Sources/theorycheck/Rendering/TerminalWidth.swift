import Foundation

/// The width the verdict table is fitted to: `COLUMNS` when set to a positive integer, else the
/// terminal's width when standard output is one, else ``pipeDefault`` (a CI log or a file, where
/// very long lines are as hard to read as wrapped ones).
enum TerminalWidth {
    static let pipeDefault = 120

    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 { return n }
        if isatty(STDOUT_FILENO) != 0 {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        return pipeDefault
    }
}
