// numerics-bench: speed of the Numerics kernels, in the same layout as
// Benchmarks/numpy_reference.py so the two tables can be compared line by line.
//
// Usage: swift run -c release numerics-bench [--sizes 128,256,512,1024] [--threads N] [--json]
//                                            [--routines gemm,qr,eigh,svd] [--warm-up S] [--compare] [--rounds R]
//                                            [--numpy-script PATH]
import Foundation
import Numerics

let options = BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
let threads = options.threads ?? Parallel.threadCount

Parallel.withThreadCount(threads) {
    if options.rounds > 0 {
        if !options.json {
            print("numerics-bench: \(threads) thread(s); \(options.rounds) paired rounds, each side the median of its repeats after \(options.warmUpSeconds) s of warm-up calls")
        }
        do throws(NumpyBaseline.Problem) {
            let (series, blas) = try runPairedRounds(options: options, threads: threads)
            if options.json {
                let data = try! JSONSerialization.data(withJSONObject: pairedJSON(series, threads: threads, blas: blas), options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("numpy/OpenBLAS: \(blas)")
                printPaired(series, rounds: options.rounds)
            }
        } catch {
            FileHandle.standardError.write(Data("numerics-bench: \(error.message)\n".utf8))
            exit(1)
        }
        return
    }
    var swiftRows: [BenchRow] = []
    var numpyRows: [BenchRow] = []
    var numpyProblem: String? = nil
    var numpyBLAS = ""
    if !options.json {
        print("numerics-bench: \(threads) thread(s); medians of repeats after \(options.warmUpSeconds) s of warm-up calls")
    }
    for n in options.sizes { swiftRows.append(measureRow(n: n, routines: options.routines, warmUpSeconds: options.warmUpSeconds)) }
    // The baseline runs right after, in one process over all sizes as the script is meant to be
    // run (a fresh process per size would charge OpenBLAS's thread start-up to every size).
    if options.compare {
        switch NumpyBaseline.run(script: options.numpyScript, sizes: options.sizes, threads: threads,
                                 warmUpSeconds: options.warmUpSeconds) {
        case .success(let result): (numpyRows, numpyBLAS) = result
        case .failure(let problem): numpyProblem = problem.message
        }
    }
    if options.json {
        var object: [String: Any] = ["threads": threads, "swift": swiftRows.map(\.jsonObject)]
        if options.compare { object["numpy"] = numpyRows.map(\.jsonObject) }
        if let problem = numpyProblem { object["numpy_error"] = problem }
        if options.compare { object["numpy_blas"] = numpyBLAS }
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
    print("\nnumpy/OpenBLAS (same run, right after; \(numpyBLAS))")
    printTable(numpyRows)
    print("\nratios Swift/numpy (gemm: GFLOP/s ratio, higher is better; others: seconds ratio, lower is better)")
    printRatios(swift: swiftRows, numpy: numpyRows)
    if options.sizes.count >= 2 {
        print("\nfitted cost exponent b (time ∝ n^b, least squares on log t over the sizes above)")
        printExponents(swift: swiftRows, numpy: numpyRows)
    }
}
