import Foundation

/// Progress of a long run: on a terminal one line rewritten in place; otherwise (a pipe, a CI log)
/// one plain line per finished item, so logs stay readable.
struct Progress {
    let interactive: Bool

    init(stream: Int32 = STDOUT_FILENO) {
        interactive = isatty(stream) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// An item started (shown only on a terminal).
    func started(_ k: Int, of n: Int, _ what: String) {
        guard interactive else { return }
        write("\r\u{1B}[2K[\(k)/\(n)] \(what) …")
    }

    /// An item finished: the line is kept.
    func finished(_ k: Int, of n: Int, _ line: String) {
        if interactive { write("\r\u{1B}[2K") }
        write("[\(k)/\(n)] \(line)\n")
    }

    /// A transient status (terminal only), e.g. cells done in a sweep.
    func status(_ text: String) {
        guard interactive else { return }
        write("\r\u{1B}[2K" + text)
    }

    func clear() {
        if interactive { write("\r\u{1B}[2K") }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
