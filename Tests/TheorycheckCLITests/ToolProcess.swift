import Foundation
import Testing

/// Runs the built `theorycheck` executable as a child process, for exit status, output and files.
///
/// Locating the binary: `swift build`/`swift test` put every product of a configuration in one
/// directory (`.build/<configuration>`, or `.build/<triple>/<configuration>`), so the tool sits
/// next to the test bundle. The bundle is the `.xctest` among the loaded bundles (on macOS a
/// directory whose parent is that folder; on Linux the test executable itself), with the test
/// process's own path as a fallback. The test target depends on the `theorycheck` target, so
/// `swift test` always builds the tool first.
struct ToolProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL? = {
        var directories: [URL] = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
            .map { $0.deletingLastPathComponent() }
        directories.append(Bundle.main.bundleURL)
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent("theorycheck") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `theorycheck arguments…` in `directory` with the test process's environment, minus every
    /// `THEORYCHECK_*` variable (a run of the suite with, say, THEORYCHECK_PROFILE set must not
    /// change what these tests see), plus `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Output {
        let binary = try #require(binary, "no theorycheck executable next to the test bundle (\(Bundle.main.bundlePath))")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("THEORYCHECK_") }
        env["THEORYCHECK_QUIET"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("theorycheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }
}
