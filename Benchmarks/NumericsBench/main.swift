// numerics-bench: speed of the Numerics kernels, in the same layout as
// ../shared/bench/numpy_baseline.py so the two tables can be compared line by line.
//
// Usage: swift run -c release numerics-bench [--sizes 128,256,512,1024] [--threads N] [--json]
//                                            [--compare] [--numpy-script PATH]
import Foundation
import Numerics

let options = BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
let threads = options.threads ?? Parallel.threadCount

Parallel.withThreadCount(threads) {
    var swiftRows: [BenchRow] = []
    var numpyRows: [BenchRow] = []
    var numpyProblem: String? = nil
    if !options.json {
        print("numerics-bench: \(threads) thread(s); medians of repeats after one warm-up")
    }
    for n in options.sizes {
        swiftRows.append(measureRow(n: n))
        // Interleave the baseline size by size so both sides see the same machine load.
        if options.compare && numpyProblem == nil {
            switch NumpyBaseline.run(script: options.numpyScript, n: n, threads: threads) {
            case .success(let row): numpyRows.append(row)
            case .failure(let problem): numpyProblem = problem.message
            }
        }
    }
    if options.json {
        var object: [String: Any] = ["threads": threads, "swift": swiftRows.map(\.jsonObject)]
        if options.compare { object["numpy"] = numpyRows.map(\.jsonObject) }
        if let problem = numpyProblem { object["numpy_error"] = problem }
        let data = try! JSONSerialization.data(
            withJSONObject: options.compare ? object : swiftRows.map(\.jsonObject), options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        return
    }
    print("Swift Numerics")
    printTable(swiftRows)
    guard options.compare else { return }
    if let problem = numpyProblem {
        print("\nnumpy comparison skipped: \(problem)")
        return
    }
    print("\nnumpy/OpenBLAS (same run, interleaved by size)")
    printTable(numpyRows)
    print("\nratios Swift/numpy (gemm: GFLOP/s ratio, higher is better; others: seconds ratio, lower is better)")
    printRatios(swift: swiftRows, numpy: numpyRows)
}
