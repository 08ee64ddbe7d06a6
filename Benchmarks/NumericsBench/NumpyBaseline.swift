import Foundation

/// Runs the numpy reference script (Benchmarks/numpy_reference.py) for the given sizes and parses
/// its JSON line: `{"rows": [...], "blas": {...}}`, or a bare list of rows from older scripts.
enum NumpyBaseline {
    struct Problem: Error { let message: String }

    /// This process's environment without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, for the script:
    /// OpenBLAS then picks its kernels and cache sizes itself, as numpy users get by default (some
    /// machines here set these two for older OpenBLAS builds, and they slow a current one).
    static func childEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment["OPENBLAS_L2_SIZE"] = nil
        return environment
    }

    /// "library=… core=… threads=… coretype_env=… l2_size_env=…" from the script's BLAS object.
    static func describe(blas info: [String: Any]) -> String {
        ["library", "core", "threads", "coretype_env", "l2_size_env"].map { key in
            let value = info[key].flatMap { $0 is NSNull ? nil : "\($0)" } ?? "unset"
            return "\(key)=\(value)"
        }.joined(separator: " ")
    }

    static func run(script: String, sizes: [Int], threads: Int, warmUpSeconds: Double) -> Result<(rows: [BenchRow], blas: String), Problem> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(Problem(message: "numpy script not found at \(script) (use --numpy-script PATH)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--json", "--sizes", sizes.map(String.init).joined(separator: ","), "--threads", String(threads)]
        if script.hasSuffix("numpy_reference.py") { process.arguments! += ["--warm-up", String(warmUpSeconds)] }
        process.environment = childEnvironment()
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
        let parsedJSON = try? JSONSerialization.jsonObject(with: outData)
        var blas = "not reported"
        let rowsJSON: [[String: Any]]?
        if let object = parsedJSON as? [String: Any] {
            rowsJSON = object["rows"] as? [[String: Any]]
            if let info = object["blas"] as? [String: Any] { blas = describe(blas: info) }
        } else {
            rowsJSON = parsedJSON as? [[String: Any]]
        }
        guard let rows = rowsJSON else {
            return .failure(Problem(message: "could not parse the numpy script's JSON output"))
        }
        var parsed: [BenchRow] = []
        for row in rows {
            guard let size = row["n"] as? Int else {
                return .failure(Problem(message: "numpy script's JSON row has no size"))
            }
            var seconds: [String: Double] = [:]
            for key in ["gemm_s", "qr_s", "eigh_s", "svd_s", "haar_s"] { seconds[key] = row[key] as? Double }
            parsed.append(BenchRow(n: size, seconds: seconds))
        }
        return .success((parsed, blas))
    }
}
