import Foundation
import Testing
@testable import Numerics

/// One gemm problem with strided operands: op(A) is m×k, op(B) is k×n, C is m×n, each stored with
/// a leading dimension larger than needed so that reading or writing past a row shows up.
struct GEMMCase: CustomStringConvertible {
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
    let alpha: Double, beta: Double
    let lda: Int, ldb: Int, ldc: Int
    var a: [Double], b: [Double], c: [Double]

    /// Value stored in the padding columns of C; gemm must leave it alone.
    static let sentinel = -12345.678

    var description: String {
        "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta) lda=\(lda) ldb=\(ldb) ldc=\(ldc)"
    }

    init(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Double, beta: Double,
         padding: Int, stream: inout RandomStream) {
        self.m = m; self.n = n; self.k = k
        self.transposeA = transposeA; self.transposeB = transposeB
        self.alpha = alpha; self.beta = beta
        let aRows = transposeA ? k : m, aCols = transposeA ? m : k
        let bRows = transposeB ? n : k, bCols = transposeB ? k : n
        lda = max(1, aCols + padding); ldb = max(1, bCols + padding); ldc = max(1, n + padding)
        a = (0..<(aRows * lda)).map { _ in stream.normal() }
        b = (0..<(bRows * ldb)).map { _ in stream.normal() }
        c = (0..<(m * ldc)).map { _ in stream.normal() }
        for i in 0..<m { for j in n..<ldc { c[i * ldc + j] = Self.sentinel } }
        if beta == 0 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] = .nan } } }
    }

    /// The twelve variants of an m×n×k problem that the path tests sweep, drawn from `stream` in
    /// this order: (α, β) = (1, 0) (C not read), (−0.7, 1) (accumulate) and (2.5, −0.3), each with
    /// the four transpose combinations (A outer, B inner), C padded by 3 columns.
    static func variants(m: Int, n: Int, k: Int, stream: inout RandomStream) -> [GEMMCase] {
        var cases: [GEMMCase] = []
        for (alpha, beta) in [(1.0, 0.0), (-0.7, 1.0), (2.5, -0.3)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    cases.append(GEMMCase(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                                          alpha: alpha, beta: beta, padding: 3, stream: &stream))
                }
            }
        }
        return cases
    }

    func opA(_ i: Int, _ p: Int) -> Double { transposeA ? a[p * lda + i] : a[i * lda + p] }
    func opB(_ p: Int, _ j: Int) -> Double { transposeB ? b[j * ldb + p] : b[p * ldb + j] }

    /// Runs `product(a, b, c)` on the case's buffers and a copy of C, and returns that copy.
    func run(_ product: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        var out = c
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in product(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!) }
            }
        }
        return out
    }

    /// Runs the library gemm (whichever path it picks) on a copy of C and returns it.
    func runGEMM() -> [Double] {
        run { pa, pb, pc in
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: pc, ldc: ldc)
        }
    }

    /// Runs the blocked path itself (never the small or thin paths) with a chosen register tile.
    func runBlocked(kernel: GEMMKernel = .selected, threads: Int) -> [Double] {
        run { pa, pb, pc in
            gemmBlocked(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: pc, ldc: ldc, threads: threads, kernel: kernel)
        }
    }

    /// Bitwise equality (the paths promise the same bits, not just close values).
    static func sameBits(_ x: [Double], _ y: [Double]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// Naive triple loop (the independent truth), with an optional planted bug so the checker's
    /// power can be demonstrated. Also returns the entrywise bound term |α|·(|op(A)|·|op(B)|) + |β|·|C₀|.
    func reference(dropLastTermInLastRow: Bool = false) -> (c: [Double], scale: [Double]) {
        var out = c
        var scale = [Double](repeating: 0, count: m * ldc)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0, sAbs = 0.0
                let terms = dropLastTermInLastRow && i == m - 1 ? k - 1 : k
                for p in 0..<terms {
                    let product = opA(i, p) * opB(p, j)
                    s += product
                    sAbs += abs(product)
                }
                let old = c[i * ldc + j]
                out[i * ldc + j] = beta == 0 ? alpha * s : alpha * s + beta * old
                scale[i * ldc + j] = abs(alpha) * sAbs + (beta == 0 ? 0 : abs(beta) * abs(old))
            }
        }
        return (out, scale)
    }
}

/// Entries of `computed` that violate the error bound or touch C's padding.
///
/// Tolerance derivation: each side computes fl(α·ŝ + β·c₀) with ŝ a k-term dot product evaluated
/// in some order (with or without fused multiply-adds). Standard error analysis gives
/// ŝ = Σ_p a_p b_p (1 + θ_p), |θ_p| ≤ γ_k, with γ_k = k·u/(1 − k·u) and u = 2⁻⁵³; the products
/// by α and β and the final addition add at most two more factors (1 + δ), so each side is within
/// γ_{k+2}·(|α|·Σ|a_p b_p| + |β|·|c₀|) of the exact value, and the two sides are within twice that
/// of each other. The reference's absolute sum is itself computed in floating point; the factor
/// (1 + γ_k) it could be low by is absorbed by using γ_{k+3} instead of γ_{k+2}.
func gemmViolations(_ problem: GEMMCase, computed: [Double], expected: [Double], scale: [Double]) -> [String] {
    let u = Double.ulpOfOne / 2
    let kk = Double(problem.k + 3)
    let gamma = kk * u / (1 - kk * u)
    var problems: [String] = []
    for i in 0..<problem.m {
        for j in 0..<problem.ldc {
            let index = i * problem.ldc + j
            if j >= problem.n {
                if computed[index] != GEMMCase.sentinel { problems.append("padding (\(i), \(j)) written") }
                continue
            }
            let error = abs(computed[index] - expected[index])
            let tolerance = 2 * gamma * scale[index]
            if !(error <= tolerance) {
                problems.append("(\(i), \(j)): got \(computed[index]), expected \(expected[index]), tol \(tolerance)")
            }
        }
    }
    return problems
}

/// Shapes that reach every path of the kernel: empty and unit sizes, every residue of m modulo the
/// tile height 6 and of n modulo the tile width 8 (edge tiles), primes, k beyond one depth block
/// of 256 (accumulation into C), m beyond one row block of 132 (several A packings), a product
/// split over columns because C has few rows, and n beyond one column panel of 4096.
let gemmEdgeShapes: [(m: Int, n: Int, k: Int)] = [
    (0, 5, 5), (5, 0, 5), (5, 5, 0), (0, 0, 0), (1, 1, 1), (1, 9, 1), (9, 1, 3), (1, 1, 40),
    (31, 37, 41), (61, 67, 71), (127, 13, 263), (17, 19, 513), (250, 20, 40), (7, 100, 60),
    (3, 4100, 3), (2, 45, 400), (12, 16, 256), (13, 29, 257),
]

/// Random shapes large enough for the blocked path (m·n·k ≥ 32³) with m mod 6 and n mod 8 cycling
/// through every residue.
func gemmRandomShapes(count: Int, stream: inout RandomStream) -> [(m: Int, n: Int, k: Int)] {
    (0..<count).map { index in
        let m = 6 * stream.integer(in: 1...12) + index % 6
        let n = 8 * stream.integer(in: 1...9) + index % 8
        let kMin = max(1, (32 * 32 * 32) / (m * n) + 1)
        let k = stream.integer(in: kMin...max(kMin, 300))
        return (m, n, k)
    }
}

let gemmScalings: [(alpha: Double, beta: Double)] = [(1, 0), (-0.5, 0), (1, 1), (2.5, -0.75), (0.3, 1e-3)]

@Suite struct GEMMTests {
    @Test func edgeShapesAllTransposesMatchReference() {
        var stream = RandomStream(seed: 2024, stream: 1)
        var failures = 0
        for (index, shape) in gemmEdgeShapes.enumerated() {
            for transposes in 0..<4 {
                let scaling = gemmScalings[(index + transposes) % gemmScalings.count]
                let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k,
                                       transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                                       alpha: scaling.alpha, beta: scaling.beta,
                                       padding: 1 + index % 4, stream: &stream)
                let expected = problem.reference()
                let bad = gemmViolations(problem, computed: problem.runGEMM(), expected: expected.c, scale: expected.scale)
                if !bad.isEmpty { failures += 1 }
                #expect(bad.count == 0, "\(problem): \(bad.prefix(3))")
            }
        }
        #expect(failures == 0)
    }

    @Test func randomBlockedShapesMatchReference() {
        var stream = RandomStream(seed: 77, stream: 2)
        let shapes = gemmRandomShapes(count: 24, stream: &stream)
        for (index, shape) in shapes.enumerated() {
            let transposes = index % 4
            let scaling = gemmScalings[index % gemmScalings.count]
            let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k,
                                   transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                                   alpha: scaling.alpha, beta: scaling.beta, padding: index % 3, stream: &stream)
            let expected = problem.reference()
            let bad = gemmViolations(problem, computed: problem.runGEMM(), expected: expected.c, scale: expected.scale)
            #expect(bad.count == 0, "\(problem): \(bad.prefix(3))")
        }
    }

    /// The checker above must be able to fail: a reference that drops one product in the last
    /// row (an off-by-one in an edge tile) or that transposes an operand it should not is rejected.
    @Test func checkerCatchesPlantedBugs() {
        var stream = RandomStream(seed: 5, stream: 3)
        for shape in [(m: 13, n: 11, k: 37), (m: 67, n: 61, k: 300)] {
            let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k, transposeA: false, transposeB: true,
                                   alpha: 1, beta: 0, padding: 2, stream: &stream)
            let computed = problem.runGEMM()
            let offByOne = problem.reference(dropLastTermInLastRow: true)
            #expect(!gemmViolations(problem, computed: computed, expected: offByOne.c, scale: offByOne.scale).isEmpty)
            let truth = problem.reference()
            #expect(gemmViolations(problem, computed: computed, expected: truth.c, scale: truth.scale).isEmpty)
        }
        // A transposed operand: square shapes so the wrong flag still runs.
        let square = GEMMCase(m: 40, n: 40, k: 40, transposeA: false, transposeB: false,
                              alpha: 1, beta: 0, padding: 0, stream: &stream)
        var swapped = square.c
        square.a.withUnsafeBufferPointer { pa in
            square.b.withUnsafeBufferPointer { pb in
                swapped.withUnsafeMutableBufferPointer { pc in
                    gemm(transposeA: false, transposeB: true, m: 40, n: 40, k: 40, alpha: 1,
                         a: pa.baseAddress!, lda: 40, b: pb.baseAddress!, ldb: 40, beta: 0, c: pc.baseAddress!, ldc: 40)
                }
            }
        }
        let truth = square.reference()
        #expect(!gemmViolations(square, computed: swapped, expected: truth.c, scale: truth.scale).isEmpty)
    }

    /// Threads split only rows or columns of C, so results are bit-identical for any thread count
    /// (row split, column split and several panels all covered).
    @Test func resultsAreBitIdenticalAcrossThreadCounts() {
        var stream = RandomStream(seed: 9, stream: 4)
        for shape in [(m: 203, n: 150, k: 300), (m: 7, n: 100, k: 60), (m: 130, n: 9, k: 513), (m: 3, n: 4100, k: 3)] {
            for transposes in 0..<4 {
                let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k,
                                       transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                                       alpha: 1.5, beta: 0.5, padding: 1, stream: &stream)
                let one = Parallel.withThreadCount(1) { problem.runGEMM() }
                let two = Parallel.withThreadCount(2) { problem.runGEMM() }
                let three = Parallel.withThreadCount(3) { problem.runGEMM() }
                #expect(one == two, "\(problem)")
                #expect(one == three, "\(problem)")
            }
        }
    }

    /// β = 0 means C is not read: NaN in C must not leak into the result on any path
    /// (small, blocked, and the k = 0 / α = 0 shortcuts).
    @Test func betaZeroDoesNotReadC() {
        var stream = RandomStream(seed: 11, stream: 5)
        for shape in [(m: 5, n: 7, k: 3), (m: 70, n: 90, k: 100), (m: 6, n: 8, k: 0)] {
            for alpha in [1.0, 0.0] {
                let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k, transposeA: false, transposeB: false,
                                       alpha: alpha, beta: 0, padding: 0, stream: &stream)
                #expect(problem.c.contains { $0.isNaN })
                let result = problem.runGEMM()
                #expect(result.allSatisfy { $0.isFinite }, "\(problem)")
                if alpha == 0 || shape.k == 0 { #expect(result.allSatisfy { $0 == 0 }) }
            }
        }
    }

    @Test func matrixProductMatchesExplicitTransposes() {
        var stream = RandomStream(seed: 13, stream: 6)
        let a = Matrix.gaussian(rows: 45, columns: 70, using: &stream)
        let b = Matrix.gaussian(rows: 70, columns: 33, using: &stream)
        let bt = b.transposed, at = a.transposed
        let reference = a * b
        // Same sums in the same order whichever way the operands are stored: bit-identical.
        #expect(Matrix.product(at, b, transposeA: true) == reference)
        #expect(Matrix.product(a, bt, transposeB: true) == reference)
        #expect(Matrix.product(at, bt, transposeA: true, transposeB: true) == reference)
        let scaled = Matrix.product(a, b, alpha: -2)
        #expect(scaled.storage == reference.storage.map { -2 * $0 })
        // Spot check one entry against the definition (tolerance: γ_k·Σ|a||b|, as above).
        var s = 0.0, sAbs = 0.0
        for p in 0..<70 { s += a[3, p] * b[p, 4]; sAbs += abs(a[3, p] * b[p, 4]) }
        let gamma = 73 * Double.ulpOfOne / 2 / (1 - 73 * Double.ulpOfOne / 2)
        #expect(abs(reference[3, 4] - s) <= 2 * gamma * sAbs)
        #expect((Matrix(rows: 0, columns: 3) * Matrix(rows: 3, columns: 2)).shapeDescription == "0×2")
        #expect(Matrix(rows: 2, columns: 0) * Matrix(rows: 0, columns: 3) == Matrix(rows: 2, columns: 3))
    }
}

/// `Matrix.product` fills a result that starts uninitialised, so every entry must be written by
/// the product itself: compare whole results, for every edge shape and both the matrix and the
/// slice overloads, with the same product accumulated into a NaN-filled matrix by `addProduct`
/// with β = 0 (which writes every entry and never reads C) — an entry the product skipped would
/// hold leftover memory instead.
@Suite struct GEMMUninitialisedResultTests {
    @Test func productsWriteEveryEntry() {
        var stream = RandomStream(seed: 31, stream: 9)
        for shape in gemmEdgeShapes + [(m: 64, n: 64, k: 64), (m: 300, n: 17, k: 129)] {
            let a = Matrix.gaussian(rows: shape.m, columns: shape.k, using: &stream)
            let b = Matrix.gaussian(rows: shape.k, columns: shape.n, using: &stream)
            var expected = Matrix(rows: shape.m, columns: shape.n, repeating: .nan)
            expected.addProduct(a, b, beta: 0)
            #expect(!expected.storage.contains { $0.isNaN })
            #expect(a * b == expected, "\(shape)")
            let sliced = Matrix.product(a.slice(rows: 0..<a.rows), b.slice(rows: 0..<b.rows))
            #expect(sliced == expected, "\(shape) (slices)")
        }
    }
}

@Suite struct GEMMMatrixTests {
    /// Slices are read in place with their row stride; the result must equal the product of the
    /// copied slices bit for bit (same sums in the same order), and the accumulate form must
    /// equal α·P + β·C computed entrywise with the same two roundings.
    @Test func sliceProductsAndAccumulationAgreeWithCopies() {
        var stream = RandomStream(seed: 21, stream: 7)
        let big = Matrix.gaussian(rows: 90, columns: 80, using: &stream)
        let other = Matrix.gaussian(rows: 70, columns: 75, using: &stream)
        let sa = big.slice(rows: 3..<50, columns: 5..<72)      // 47×67
        let sb = other.slice(rows: 1..<68, columns: 10..<63)   // 67×53
        let expected = sa.copy() * sb.copy()
        #expect(Matrix.product(sa, sb) == expected)
        let sat = big.slice(rows: 5..<72, columns: 3..<50)     // 67×47, used transposed
        #expect(Matrix.product(sat, sb, transposeA: true) == sat.copy().transposed * sb.copy())

        let c0 = Matrix.gaussian(rows: 47, columns: 53, using: &stream)
        var c = c0
        c.addProduct(sa, sb, alpha: -1.5, beta: 0.25)
        let manual = Matrix(rows: 47, columns: 53) { i, j in -1.5 * expected[i, j] + 0.25 * c0[i, j] }
        #expect(c == manual)
        var nanFilled = Matrix(rows: 47, columns: 53, repeating: .nan)
        nanFilled.addProduct(sa.copy(), sb.copy(), beta: 0)
        #expect(nanFilled == expected)
    }
}

@Suite struct GEMMDeepTests {
    /// Large shapes (several row blocks, depth blocks and a column panel boundary crossed), all
    /// transposes, checked on the last row and column (edge tiles) and on random entries against
    /// the defining dot product, with the tolerance of `gemmViolations`. Only under
    /// THEORYCHECK_PROFILE=deep, since the debug-built reference costs k operations per entry.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep"))
    func largeShapesMatchSampledDotProducts() {
        var stream = RandomStream(seed: 31, stream: 8)
        for (index, shape) in [(m: 1031, n: 517, k: 1029), (m: 29, n: 4133, k: 300), (m: 700, n: 13, k: 2000)].enumerated() {
            for transposes in 0..<4 {
                let problem = GEMMCase(m: shape.m, n: shape.n, k: shape.k,
                                       transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                                       alpha: 0.75, beta: index == 0 ? 0 : -1.25, padding: 3, stream: &stream)
                let computed = problem.runGEMM()
                var entries = (0..<problem.n).map { (problem.m - 1, $0) } + (0..<problem.m).map { ($0, problem.n - 1) }
                for _ in 0..<400 {
                    entries.append((stream.integer(in: 0...(problem.m - 1)), stream.integer(in: 0...(problem.n - 1))))
                }
                let u = Double.ulpOfOne / 2, kk = Double(problem.k + 3)
                let gamma = kk * u / (1 - kk * u)
                var bad = 0
                for (i, j) in entries {
                    var s = 0.0, sAbs = 0.0
                    for p in 0..<problem.k {
                        let product = problem.opA(i, p) * problem.opB(p, j)
                        s += product; sAbs += abs(product)
                    }
                    let old = problem.c[i * problem.ldc + j]
                    let expected = problem.beta == 0 ? problem.alpha * s : problem.alpha * s + problem.beta * old
                    let scale = abs(problem.alpha) * sAbs + (problem.beta == 0 ? 0 : abs(problem.beta * old))
                    if !(abs(computed[i * problem.ldc + j] - expected) <= 2 * gamma * scale) { bad += 1 }
                }
                #expect(bad == 0, "\(problem)")
            }
        }
    }
}
