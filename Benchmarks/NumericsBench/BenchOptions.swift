import Foundation

/// Command-line options of numerics-bench.
struct BenchOptions {
    var sizes = [128, 256, 512, 1024]
    var threads: Int? = nil
    var json = false
    var compare = false
    var numpyScript: String

    static let usage = """
        usage: numerics-bench [--sizes 128,256,512,1024] [--threads N] [--json] [--compare] [--numpy-script PATH]
          --threads N        threads for the parallel kernels (default: THEORYCHECK_THREADS or all cores)
          --compare          also run numpy_baseline.py right after and print Swift/numpy ratios
          --numpy-script P   path of numpy_baseline.py (default: ../shared/bench/numpy_baseline.py
                             relative to the package root)
        """

    static func parse(_ arguments: [String]) -> BenchOptions {
        var options = BenchOptions(numpyScript: defaultNumpyScript())
        var rest = arguments[...]
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("numerics-bench: \(message)\n\(usage)\n".utf8))
            exit(2)
        }
        func value(_ flag: String) -> String {
            guard let v = rest.popFirst() else { fail("\(flag) needs a value") }
            return v
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--sizes":
                let parsed = value(arg).split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else { fail("bad --sizes") }
                options.sizes = parsed.map { $0! }
            case "--threads":
                guard let t = Int(value(arg)), t > 0 else { fail("--threads needs a positive integer") }
                options.threads = t
            case "--json": options.json = true
            case "--compare": options.compare = true
            case "--numpy-script": options.numpyScript = value(arg)
            case "-h", "--help": print(usage); exit(0)
            default: fail("unknown argument \(arg)")
            }
        }
        return options
    }

    /// ../shared/bench/numpy_baseline.py next to the package root (found from this source file's
    /// location, which is <root>/Benchmarks/NumericsBench/).
    static func defaultNumpyScript() -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/bench/numpy_baseline.py").standardizedFileURL.path
    }
}
