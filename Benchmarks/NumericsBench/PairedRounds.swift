import Foundation
import Numerics

/// The numpy reference script kept running in `--serve` mode, so that one routine at one size can
/// be timed on request, right before or after the same Swift routine.
final class NumpyServer {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var pending = Data()

    init(script: String, threads: Int) throws(NumpyBaseline.Problem) {
        guard FileManager.default.fileExists(atPath: script) else {
            throw NumpyBaseline.Problem(message: "numpy script not found at \(script) (use --numpy-script PATH)")
        }
        // A script that dies would otherwise kill this process through SIGPIPE on the next request,
        // before the error is printed; with it ignored, the write fails and the read reports it.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--serve", "--threads", String(threads)]
        process.environment = NumpyBaseline.childEnvironment()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do { try process.run() } catch {
            throw NumpyBaseline.Problem(message: "could not start python3 (\(error.localizedDescription))")
        }
    }

    /// Sends one request line and returns the JSON object of the answer line.
    private func request(_ line: String) throws(NumpyBaseline.Problem) -> [String: Any] {
        do { try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8)) } catch {
            throw NumpyBaseline.Problem(message: "the numpy script stopped answering (is numpy installed for python3?)")
        }
        while !pending.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw NumpyBaseline.Problem(message: "the numpy script stopped answering (is numpy installed for python3?)")
            }
            pending.append(chunk)
        }
        let end = pending.firstIndex(of: UInt8(ascii: "\n"))!
        let answer = pending[pending.startIndex..<end]
        pending.removeSubrange(pending.startIndex...end)
        guard let object = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any] else {
            throw NumpyBaseline.Problem(message: "could not parse the numpy script's answer to '\(line)'")
        }
        if let error = object["error"] as? String { throw NumpyBaseline.Problem(message: "numpy script: \(error)") }
        return object
    }

    /// Median seconds of `repeats` calls of `routine` (gemm, qr, eigh, svd, haar) at size n after
    /// `warmUpSeconds` of untimed calls; nil when the script cannot time it (haar without scipy).
    func seconds(routine: String, n: Int, repeats: Int, warmUpSeconds: Double) throws(NumpyBaseline.Problem) -> Double? {
        try request("time \(routine) \(n) \(repeats) \(warmUpSeconds)")["seconds"] as? Double
    }

    /// The BLAS line the one-shot comparison prints.
    func blasDescription() throws(NumpyBaseline.Problem) -> String {
        NumpyBaseline.describe(blas: try request("blas"))
    }

    deinit {
        if process.isRunning { try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8)) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// One routine at one size over the rounds of a paired comparison.
struct PairedSeries {
    let routine: String
    let n: Int
    /// (Swift seconds, numpy seconds) per round, in round order.
    var pairs: [(swift: Double, numpy: Double)] = []

    /// Per-round Swift/numpy time ratios (lower is better for Swift).
    var timeRatios: [Double] { pairs.map { $0.swift / $0.numpy } }
}

/// Median of a non-empty list (mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Probability that the smallest and largest of `rounds` exchangeable ratios enclose their median:
/// 1 − 2·2^(−rounds) (each ratio falls on either side of the median with probability ½).
func rangeCoverage(rounds: Int) -> Double { 1 - 2 * pow(0.5, Double(rounds)) }

/// The interleaved comparison behind `--rounds R`: for every round, size and routine, the Swift
/// routine is timed and then the numpy one (the order alternates between rounds, so neither side
/// always runs on a machine that the other has just warmed or loaded), each as the median of its
/// repeats after its warm-up. Pairing call blocks a few seconds apart cancels most of the drift of
/// a shared machine that separate whole-table runs pick up; the median over rounds of the
/// per-round ratios is the figure to quote. The warm-up before each timed block also outlasts the
/// other side's idle threads, which spin for a while after their last call (OpenBLAS's for about
/// 0.1 s, the Swift pool's for 1 ms), so keep it at its default 0.25 s or above.
func runPairedRounds(options: BenchOptions, threads: Int) throws(NumpyBaseline.Problem) -> (series: [PairedSeries], blas: String) {
    let server = try NumpyServer(script: options.numpyScript, threads: threads)
    let blas = try server.blasDescription()
    let routines = benchRoutines().filter { options.routines.contains($0.name) }
    var series: [PairedSeries] = []
    var bodies: [Int: () -> Void] = [:]   // index into `series` → prepared Swift call
    for n in options.sizes {
        for routine in routines {
            guard let body = routine.prepare(n) else { continue }
            bodies[series.count] = body
            series.append(PairedSeries(routine: routine.name, n: n))
        }
    }
    for round in 0..<options.rounds {
        for index in series.indices {
            let entry = series[index], body = bodies[index]!
            let routine = routines.first { $0.name == entry.routine }!
            let repeats = routine.repeats(baseRepeats(n: entry.n))
            func swiftSeconds() -> Double {
                medianSeconds(repeats: repeats, warmUpSeconds: options.warmUpSeconds, body)
            }
            func numpySeconds() throws(NumpyBaseline.Problem) -> Double? {
                try server.seconds(routine: entry.routine, n: entry.n, repeats: repeats,
                                   warmUpSeconds: options.warmUpSeconds)
            }
            let swift: Double, numpy: Double?
            if round % 2 == 0 {
                swift = swiftSeconds(); numpy = try numpySeconds()
            } else {
                numpy = try numpySeconds(); swift = swiftSeconds()
            }
            guard let numpy, numpy > 0 else { continue }
            series[index].pairs.append((swift, numpy))
        }
        if !options.json {
            FileHandle.standardError.write(Data("numerics-bench: round \(round + 1) of \(options.rounds) done\n".utf8))
        }
    }
    return (series.filter { !$0.pairs.isEmpty }, blas)
}

/// The paired table: per routine and size, median Swift and numpy seconds, the median of the
/// per-round ratios with its range, and every round's ratio in round order. GEMM is shown as a
/// rate ratio (numpy time / Swift time, higher is better), the others as time ratios.
func printPaired(_ series: [PairedSeries], rounds: Int) {
    print("paired rounds: Swift/numpy per round, interleaved; median (min–max); the range encloses the "
          + "median ratio with probability \(String(format: "%.3f", rangeCoverage(rounds: rounds))) "
          + "if the rounds are exchangeable")
    print(pad("routine", 8), pad("n", 6), pad("swift s", 10), pad("numpy s", 10), pad("ratio", 7), pad("range", 13), "  rounds")
    for entry in series {
        let isRate = entry.routine == "gemm"
        let ratios = isRate ? entry.timeRatios.map { 1 / $0 } : entry.timeRatios
        let low = ratios.min()!, high = ratios.max()!
        print(pad(isRate ? "gemm↑" : entry.routine, 8), pad(String(entry.n), 6),
              cell(median(entry.pairs.map(\.swift)), "%.5f"), cell(median(entry.pairs.map(\.numpy)), "%.5f"),
              pad(String(format: "%.3f", median(ratios)), 7),
              pad(String(format: "%.2f–%.2f", low, high), 13),
              "  " + ratios.map { String(format: "%.2f", $0) }.joined(separator: " "))
    }
    print("(gemm↑: GFLOP/s ratio, higher is better; the others: seconds ratio, lower is better)")
}

/// The paired rounds as JSON: per series its routine, n, and the Swift and numpy seconds per round.
func pairedJSON(_ series: [PairedSeries], threads: Int, blas: String) -> [String: Any] {
    ["threads": threads, "numpy_blas": blas, "paired": series.map { entry in
        ["routine": entry.routine, "n": entry.n,
         "swift_s": entry.pairs.map(\.swift), "numpy_s": entry.pairs.map(\.numpy)] as [String: Any]
    }]
}
