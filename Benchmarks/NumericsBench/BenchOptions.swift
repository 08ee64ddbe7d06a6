import Foundation

/// Command-line options of numerics-bench.
struct BenchOptions {
    var sizes = [128, 256, 512, 1024]
    var threads: Int? = nil
    var json = false
    var compare = false
    /// Paired, interleaved rounds against numpy (`--rounds`); 0 runs the one-shot table.
    var rounds = 0
    var numpyScript: String
    /// Routine keys to time (as in the table: gemm, qr, eigh, svd); all of them by default.
    var routines: Set<String> = ["gemm", "qr", "eigh", "svd", "haar"]
    /// Seconds of untimed calls before each routine's timed repeats (at least one call).
    var warmUpSeconds = 0.25

    static let usage = """
        usage: numerics-bench [--sizes 128,256,512,1024] [--threads N] [--routines gemm,qr,eigh,svd,haar]
                              [--warm-up SECONDS] [--json] [--compare] [--rounds R] [--numpy-script PATH]
          --threads N        threads for the parallel kernels (default: THEORYCHECK_THREADS or all cores)
          --routines LIST    time only these routines (the others print "-"); default: all five
          --warm-up S        untimed calls for at least S seconds before each routine's timed
                             repeats (default 0.25; 0 means a single warm-up call)
          --compare          also run the numpy reference right after (same sizes, threads and
                             warm-up) and print Swift/numpy ratios and fitted cost exponents
          --rounds R         compare with numpy in R paired rounds instead (R ≥ 1; implies
                             --compare): each round times every routine and size on both sides,
                             back to back, alternating which side goes first; prints the median of
                             the per-round ratios, their range and every round's ratio
          --numpy-script P   the numpy script (default: Benchmarks/numpy_reference.py in the package)
        sizes: any positive orders, e.g. 128,256,512,1024,2048,4096 (4096 takes minutes per routine)
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
            case "--routines":
                let names = value(arg).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let known: Set<String> = ["gemm", "qr", "eigh", "svd", "haar"]
                guard !names.isEmpty, names.allSatisfy(known.contains) else {
                    fail("--routines takes a comma-separated subset of gemm,qr,eigh,svd,haar")
                }
                options.routines = Set(names)
            case "--warm-up":
                guard let s = Double(value(arg)), s >= 0, s.isFinite else { fail("--warm-up needs seconds ≥ 0") }
                options.warmUpSeconds = s
            case "--json": options.json = true
            case "--compare": options.compare = true
            case "--rounds":
                guard let r = Int(value(arg)), r > 0 else { fail("--rounds needs a positive integer") }
                options.rounds = r
                options.compare = true
            case "--numpy-script": options.numpyScript = value(arg)
            case "-h", "--help": print(usage); exit(0)
            default: fail("unknown argument \(arg)")
            }
        }
        return options
    }

    /// Benchmarks/numpy_reference.py in this package (found from this source file's location,
    /// which is <root>/Benchmarks/NumericsBench/).
    static func defaultNumpyScript() -> String {
        let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return benchmarks.appendingPathComponent("numpy_reference.py").standardizedFileURL.path
    }
}
