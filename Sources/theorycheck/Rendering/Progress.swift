import Foundation

/// Progress of a long run: on a terminal one status line rewritten in place, with the running
/// item's elapsed seconds ticking; otherwise (a pipe, a CI log) one plain line per finished item,
/// so logs stay readable.
final class Progress: @unchecked Sendable {
    let interactive: Bool
    // The ticker runs on its own queue; `lock` orders its writes with the caller's.
    private let lock = NSLock()
    private var ticker: DispatchSourceTimer?
    private var current = ""
    private var started = Date()

    let output: FileHandle

    /// Progress written to `stream` (standard output, or standard error when standard output
    /// carries data such as `--format json`).
    init(stream: Int32 = STDOUT_FILENO) {
        interactive = isatty(stream) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        output = stream == STDERR_FILENO ? FileHandle.standardError : FileHandle.standardOutput
    }

    deinit { ticker?.cancel() }

    /// An item started (shown only on a terminal, its elapsed time updated every second).
    func started(_ k: Int, of n: Int, _ what: String) {
        guard interactive else { return }
        lock.lock(); defer { lock.unlock() }
        current = "[\(k)/\(n)] \(what)"
        started = Date()
        write("\r\u{1B}[2K\(current) …")
        if ticker == nil {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "theorycheck.progress"))
            timer.schedule(deadline: .now() + 1, repeating: 1)
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            ticker = timer
        }
    }

    private func tick() {
        lock.lock(); defer { lock.unlock() }
        guard !current.isEmpty else { return }
        write("\r\u{1B}[2K\(current) … \(Int(Date().timeIntervalSince(started))) s")
    }

    /// An item finished: its line is kept.
    func finished(_ k: Int, of n: Int, _ line: String) {
        lock.lock(); defer { lock.unlock() }
        current = ""
        if interactive { write("\r\u{1B}[2K") }
        write("[\(k)/\(n)] \(line)\n")
    }

    /// A transient status (terminal only), e.g. cells done in a sweep.
    func status(_ text: String) {
        guard interactive else { return }
        lock.lock(); defer { lock.unlock() }
        current = text
        write("\r\u{1B}[2K" + text)
    }

    func clear() {
        lock.lock(); defer { lock.unlock() }
        current = ""
        ticker?.cancel(); ticker = nil
        if interactive { write("\r\u{1B}[2K") }
    }

    private func write(_ text: String) {
        output.write(Data(text.utf8))
    }
}
