import Foundation

/// Runs numpy_baseline.py for the given sizes and parses its JSON line.
enum NumpyBaseline {
    struct Problem: Error { let message: String }

    static func run(script: String, sizes: [Int], threads: Int) -> Result<[BenchRow], Problem> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(Problem(message: "numpy script not found at \(script) (use --numpy-script PATH)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--json", "--sizes", sizes.map(String.init).joined(separator: ","), "--threads", String(threads)]
        // Let OpenBLAS pick its kernels and cache sizes itself, as numpy users get by default.
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment["OPENBLAS_L2_SIZE"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return .failure(Problem(message: "could not start python3 (\(error.localizedDescription))"))
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: errData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 { return .failure(Problem(message: "python3 not found")) }
            if errText.contains("No module named") && errText.contains("numpy") {
                return .failure(Problem(message: "numpy is not installed for python3"))
            }
            let lastLine = errText.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            return .failure(Problem(message: "numpy script failed: \(lastLine)"))
        }
        guard let rows = try? JSONSerialization.jsonObject(with: outData) as? [[String: Any]] else {
            return .failure(Problem(message: "could not parse the numpy script's JSON output"))
        }
        var parsed: [BenchRow] = []
        for row in rows {
            guard let size = row["n"] as? Int else {
                return .failure(Problem(message: "numpy script's JSON row has no size"))
            }
            var seconds: [String: Double] = [:]
            for key in ["gemm_s", "qr_s", "eigh_s", "svd_s"] { seconds[key] = row[key] as? Double }
            parsed.append(BenchRow(n: size, seconds: seconds))
        }
        return .success(parsed)
    }
}
