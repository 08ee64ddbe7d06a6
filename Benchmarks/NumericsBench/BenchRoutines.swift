import Foundation
import Numerics

/// One benchmarked routine: a column of the table. `prepare(n)` builds the inputs for size n
/// outside the timed region and returns the closure to time, or `nil` when the routine is not
/// available (the table then shows "-").
struct BenchRoutine {
    /// Column key, as in numpy_reference.py's JSON ("gemm_s", "qr_s", ...).
    let key: String
    /// The routine's name for `--routines` and the numpy script's `--serve` requests ("gemm", ...).
    var name: String { String(key.dropLast(2)) }
    /// How many timed repeats for size n, given the base count `reps` of the python script.
    let repeats: (_ reps: Int) -> Int
    let prepare: (_ n: Int) -> (() -> Void)?
}

/// Inputs shared by all routines of one size, drawn like the python script's: A, B standard
/// normal n×n, S = A + Aᵀ.
struct BenchInputs {
    let a: Matrix, b: Matrix, s: Matrix
    init(n: Int) {
        var stream = RandomStream(seed: 0, stream: UInt64(n))
        a = Matrix.gaussian(rows: n, columns: n, using: &stream)
        b = Matrix.gaussian(rows: n, columns: n, using: &stream)
        s = a + a.transposed
    }
}

/// Keeps results alive so the optimiser cannot drop the timed work.
nonisolated(unsafe) var benchSink = 0.0

/// The routines in table order, each doing what the numpy baseline times:
/// `np.linalg.qr(A)` (reduced: R and the thin Q formed), `np.linalg.eigh(S)` (values and vectors),
/// `np.linalg.svd(A)` (full U, Σ, Vᵀ), `scipy.stats.ortho_group.rvs(n)` (one Haar draw; here
/// `HaarOrthogonalSampler` into a reused matrix). Add a routine here to add a column.
func benchRoutines() -> [BenchRoutine] {
    [
        BenchRoutine(key: "gemm_s", repeats: { $0 }, prepare: { n in
            let inputs = BenchInputs(n: n)
            let a = inputs.a, b = inputs.b
            return { let c = a * b; benchSink += c.isEmpty ? 0 : c[0, 0] }
        }),
        BenchRoutine(key: "qr_s", repeats: { max(3, $0 / 3) }, prepare: { n in
            let a = BenchInputs(n: n).a
            return { let f = try! a.qr(); let q = f.q; benchSink += f.r[0, 0] + q[0, 0] }
        }),
        BenchRoutine(key: "eigh_s", repeats: { max(3, $0 / 5) }, prepare: { n in
            let s = BenchInputs(n: n).s
            return { let e = try! s.symmetricEigen(); benchSink += e.values[0] + e.vectors[0, 0] }
        }),
        BenchRoutine(key: "svd_s", repeats: { max(3, $0 / 5) }, prepare: { n in
            let a = BenchInputs(n: n).a
            return { let d = try! a.svd(full: true); benchSink += d.singularValues[0] + d.u[0, 0] + d.vt[0, 0] }
        }),
        BenchRoutine(key: "haar_s", repeats: { max(3, $0 / 3) }, prepare: { n in
            var sampler = HaarOrthogonalSampler(rows: n, columns: n)
            var q = Matrix(rows: n, columns: n)
            var stream = RandomStream(seed: 0, stream: UInt64(n))
            return { sampler.sample(into: &q, using: &stream); benchSink += q[0, 0] }
        }),
    ]
}

/// One line of the table: n and the median seconds per routine key (nil = not measured).
struct BenchRow {
    let n: Int
    var seconds: [String: Double]

    var gemmGFlops: Double? {
        guard let t = seconds["gemm_s"], t > 0 else { return nil }
        return 2 * pow(Double(n), 3) / t / 1e9
    }

    var jsonObject: [String: Any] {
        var object: [String: Any] = ["n": n, "gemm_gflops": gemmGFlops.map { $0 as Any } ?? NSNull()]
        for key in ["gemm_s", "qr_s", "eigh_s", "svd_s", "haar_s"] {
            object[key] = seconds[key].map { $0 as Any } ?? NSNull()
        }
        return object
    }
}

/// Median wall-clock seconds of `repeats` calls of `body`, after untimed warm-up calls that last
/// at least `warmUpSeconds` (and at least one call).
///
/// Why a timed warm-up rather than one call: on the shared virtual machines this runs on, a process
/// that has just started computing runs slower for its first ~0.1 s (measured: 512³ products at
/// 70–75 GFLOP/s for the first 30 calls, then 88–96), and with numpy's three repeats that start-up
/// would be most of what is timed. numpy's own process is already warm when it times its first
/// product: it has spent that long importing numpy, and OpenBLAS's threads spin between calls.
func medianSeconds(repeats: Int, warmUpSeconds: Double, _ body: () -> Void) -> Double {
    let warmUpStart = DispatchTime.now().uptimeNanoseconds
    repeat { body() } while Double(DispatchTime.now().uptimeNanoseconds - warmUpStart) / 1e9 < warmUpSeconds
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    let mid = times.count / 2
    return times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
}

/// The python script's base repeat count for size n: max(3, min(30, ⌊2·10⁸ / n³⌋)) (each routine
/// divides it as its `repeats` says).
func baseRepeats(n: Int) -> Int { max(3, min(30, Int(2e8 / pow(Double(n), 3)))) }

/// Measures the selected routines at size n with the python script's repeat rule.
func measureRow(n: Int, routines: Set<String>, warmUpSeconds: Double) -> BenchRow {
    let reps = baseRepeats(n: n)
    var row = BenchRow(n: n, seconds: [:])
    for routine in benchRoutines() where routines.contains(routine.name) {
        guard let body = routine.prepare(n) else { continue }
        row.seconds[routine.key] = medianSeconds(repeats: routine.repeats(reps), warmUpSeconds: warmUpSeconds, body)
    }
    return row
}

func cell(_ value: Double?, _ format: String) -> String {
    let text = value.map { String(format: format, $0) } ?? "-"
    return String(repeating: " ", count: max(0, 10 - text.count)) + text
}

/// Prints rows in numpy_baseline.py's layout.
func printTable(_ rows: [BenchRow]) {
    printHeader()
    for r in rows {
        print(pad(String(r.n), 6), cell(r.gemmGFlops, "%.1f"),
              cell(r.seconds["gemm_s"], "%.5f"), cell(r.seconds["qr_s"], "%.5f"),
              cell(r.seconds["eigh_s"], "%.5f"), cell(r.seconds["svd_s"], "%.5f"), cell(r.seconds["haar_s"], "%.5f"))
    }
}

/// Prints Swift/numpy per column: GFLOP/s ratio for GEMM, seconds ratio for the others.
func printRatios(swift: [BenchRow], numpy: [BenchRow]) {
    func ratio(_ x: Double?, _ y: Double?) -> Double? {
        guard let x, let y, y > 0 else { return nil }
        return x / y
    }
    printHeader()
    for s in swift {
        guard let p = numpy.first(where: { $0.n == s.n }) else { continue }
        print(pad(String(s.n), 6), cell(ratio(s.gemmGFlops, p.gemmGFlops), "%.3f"),
              cell(ratio(s.seconds["gemm_s"], p.seconds["gemm_s"]), "%.3f"),
              cell(ratio(s.seconds["qr_s"], p.seconds["qr_s"]), "%.3f"),
              cell(ratio(s.seconds["eigh_s"], p.seconds["eigh_s"]), "%.3f"),
              cell(ratio(s.seconds["svd_s"], p.seconds["svd_s"]), "%.3f"),
              cell(ratio(s.seconds["haar_s"], p.seconds["haar_s"]), "%.3f"))
    }
}

func printHeader() {
    print(pad("n", 6), pad("gemm GF/s", 10), pad("gemm s", 10), pad("qr s", 10), pad("eigh s", 10), pad("svd s", 10), pad("haar s", 10))
}

func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Least-squares slope of log t against log n over the rows that have a time for `key`; nil with
/// fewer than two such rows.
func fittedExponent(_ rows: [BenchRow], key: String) -> Double? {
    let points = rows.compactMap { row in row.seconds[key].flatMap { $0 > 0 ? (log(Double(row.n)), log($0)) : nil } }
    guard points.count >= 2 else { return nil }
    let mx = points.reduce(0) { $0 + $1.0 } / Double(points.count)
    let my = points.reduce(0) { $0 + $1.1 } / Double(points.count)
    var sxy = 0.0, sxx = 0.0
    for (x, y) in points { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
    return sxx > 0 ? sxy / sxx : nil
}

/// One line per side with the fitted exponent of each seconds column.
func printExponents(swift: [BenchRow], numpy: [BenchRow]) {
    print(pad("", 6), pad("", 10), pad("gemm", 10), pad("qr", 10), pad("eigh", 10), pad("svd", 10), pad("haar", 10))
    for (label, rows) in [("swift", swift), ("numpy", numpy)] where !rows.isEmpty {
        print(pad(label, 6), pad("", 10), cell(fittedExponent(rows, key: "gemm_s"), "%.2f"),
              cell(fittedExponent(rows, key: "qr_s"), "%.2f"), cell(fittedExponent(rows, key: "eigh_s"), "%.2f"),
              cell(fittedExponent(rows, key: "svd_s"), "%.2f"), cell(fittedExponent(rows, key: "haar_s"), "%.2f"))
    }
}
