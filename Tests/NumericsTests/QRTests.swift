import Foundation
import Testing
@testable import Numerics

/// Checkers shared by the QR, Haar and solver tests.
enum QRCheck {
    /// Unit roundoff u = 2⁻⁵³.
    static let unitRoundoff = 0x1p-53

    /// The tolerance for backward error ‖A − QR‖_F/‖A‖_F and orthogonality loss ‖QᵀQ − I‖_F.
    ///
    /// Derivation: Householder QR satisfies A + ΔA = Q̂R̂ with ‖ΔA‖_F ≤ γ̃_{mn}‖A‖_F and
    /// ‖QᵀQ − I‖_F ≤ γ̃_{mn}, γ̃_{mn} ≈ c·m·n·u (Higham, ASNA 2nd ed., Thm. 19.4 and §19.3), with c a
    /// small constant. The project's requirement is 1e-13·max(m, n); for every shape tested here
    /// (min(m, n) ≤ 130 in the default run) it is at least the worst-case bound with c = 4
    /// (4·m·n·u ≤ 4·130·u·max(m, n) ≈ 5.8e-14·max(m, n)), so it is a bound the algorithm must meet,
    /// not a fitted number. Floor 1 for empty and 1×1 shapes.
    static func tolerance(rows m: Int, columns n: Int) -> Double { 1e-13 * Double(Swift.max(1, m, n)) }

    /// ‖A − Q·R‖_F / ‖A‖_F (0 for A = 0 when QR = 0 too).
    static func backwardError(_ a: Matrix, q: Matrix, r: Matrix) -> Double {
        let residual = (a - q * r).frobeniusNorm
        let scale = a.frobeniusNorm
        return scale == 0 ? residual : residual / scale
    }

    /// ‖QᵀQ − I‖_F (columns orthonormal).
    static func orthogonalityLoss(_ q: Matrix) -> Double {
        (Matrix.product(q, q, transposeA: true) - Matrix.identity(q.columns)).frobeniusNorm
    }

    /// Largest |entry| strictly below the diagonal (must be exactly 0 for R).
    static func belowDiagonalMax(_ r: Matrix) -> Double {
        var m = 0.0
        for i in 0..<r.rows { for j in 0..<Swift.min(i, r.columns) { m = Swift.max(m, Swift.abs(r[i, j])) } }
        return m
    }

    /// A·B via a plain triple loop in the test (independent of the package's GEMM).
    static func referenceProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: b.columns) { i, j in
            var s = 0.0
            for p in 0..<a.columns { s += a[i, p] * b[p, j] }
            return s
        }
    }

    /// U·diag(σ)·Vᵀ with Haar U (m×k), V (n×k): a matrix with prescribed singular values.
    static func withSingularValues(_ sigma: [Double], rows m: Int, columns n: Int,
                                   using stream: inout RandomStream) -> Matrix {
        let k = sigma.count
        let u = Matrix.haarOrthogonal(rows: m, columns: k, using: &stream)
        let v = Matrix.haarOrthogonal(rows: n, columns: k, using: &stream)
        return Matrix.product(u * Matrix.diagonal(sigma), v, transposeB: true)
    }

    /// Inverse of an upper-triangular square matrix by back substitution (for condition numbers).
    static func upperTriangularInverse(_ r: Matrix) -> Matrix {
        let n = r.rows
        var x = Matrix(rows: n, columns: n)
        for c in 0..<n {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = i == c ? 1.0 : 0.0
                for p in (i + 1)..<Swift.max(i + 1, n) { s -= r[i, p] * x[p, c] }
                x[i, c] = s / r[i, i]
            }
        }
        return x
    }
}

@Suite struct QRTests {
    /// The test shapes: tall, wide, square, empty, 1×1, sizes around the panel width (32) and the
    /// blocked/unblocked switch (64), and sizes that are not multiples of the panel width.
    static let shapes: [(Int, Int)] = [
        (0, 0), (0, 3), (3, 0), (1, 1), (1, 5), (5, 1), (2, 2), (5, 3), (3, 5), (7, 7), (31, 31), (33, 20),
        (63, 63), (64, 64), (65, 65), (100, 37), (37, 100), (97, 97), (130, 70), (70, 130),
    ]

    struct Measured { var backward = 0.0; var orthogonality = 0.0 }

    /// Checks one factorisation against the contract; returns the measured errors.
    static func check(_ a: Matrix, _ f: QRDecomposition, label: String) -> Measured {
        let m = a.rows, n = a.columns, k = Swift.min(m, n)
        let q = f.q, r = f.r
        #expect(q.rows == m && q.columns == k, "\(label): q is \(q.shapeDescription)")
        #expect(r.rows == k && r.columns == n, "\(label): r is \(r.shapeDescription)")
        #expect(QRCheck.belowDiagonalMax(r) == 0, "\(label): R has nonzeros below the diagonal")
        let tol = QRCheck.tolerance(rows: m, columns: n)
        let be = QRCheck.backwardError(a, q: q, r: r)
        let ol = QRCheck.orthogonalityLoss(q)
        #expect(be <= tol, "\(label): backward error \(be) > \(tol)")
        #expect(ol <= tol, "\(label): orthogonality loss \(ol) > \(tol)")
        let full = f.fullQ()
        #expect(full.rows == m && full.columns == m)
        let olFull = QRCheck.orthogonalityLoss(full)
        #expect(olFull <= tol, "\(label): full Q orthogonality loss \(olFull) > \(tol)")
        if k > 0 {
            // The first k columns of the full Q are the thin Q (same reflectors, same rounding pattern
            // up to the GEMM's summation order): within the orthogonality tolerance.
            #expect(full[rows: 0..<m, columns: 0..<k].maxAbsDifference(q) <= tol, "\(label): fullQ and q differ")
        }
        for tau in f.householderScalars {
            #expect(tau == 0 || (tau >= 1 && tau <= 2), "\(label): τ = \(tau) outside {0} ∪ [1, 2]")
        }
        return Measured(backward: be, orthogonality: Swift.max(ol, olFull))
    }

    @Test func gaussianShapesMeetTheAccuracyContract() throws {
        var stream = RandomStream(seed: 20261123, stream: 1)
        var worst = Measured()
        for (m, n) in Self.shapes {
            let a = Matrix.gaussian(rows: m, columns: n, using: &stream)
            let got = Self.check(a, try a.qr(), label: "gaussian \(m)×\(n)")
            worst.backward = max(worst.backward, got.backward)
            worst.orthogonality = max(worst.orthogonality, got.orthogonality)
        }
        print("QRTests gaussian shapes: worst backward error \(worst.backward), worst orthogonality loss \(worst.orthogonality)")
    }

    @Test func rankDeficientAndIllConditionedInputs() throws {
        var stream = RandomStream(seed: 20261123, stream: 2)
        var worst = Measured()
        // Rank-deficient: products of thin factors (rank 5 and rank 1), tall, wide and square.
        for (m, n, rank) in [(60, 50, 5), (50, 60, 5), (70, 70, 1), (90, 66, 17)] {
            let a = Matrix.gaussian(rows: m, columns: rank, using: &stream)
                * Matrix.gaussian(rows: rank, columns: n, using: &stream)
            let got = Self.check(a, try a.qr(), label: "rank-\(rank) \(m)×\(n)")
            worst.backward = max(worst.backward, got.backward)
            worst.orthogonality = max(worst.orthogonality, got.orthogonality)
        }
        // Graded singular values 1 … 1e-12 (geometric), tall, wide and square.
        for (m, n) in [(80, 80), (100, 70), (70, 100), (129, 129)] {
            let k = min(m, n)
            let sigma = (0..<k).map { pow(1e-12, Double($0) / Double(k - 1)) }
            let a = QRCheck.withSingularValues(sigma, rows: m, columns: n, using: &stream)
            let got = Self.check(a, try a.qr(), label: "graded \(m)×\(n)")
            worst.backward = max(worst.backward, got.backward)
            worst.orthogonality = max(worst.orthogonality, got.orthogonality)
        }
        // Zero matrix: every τ is 0, Q = I, R = 0 exactly.
        let zero = Matrix(rows: 70, columns: 66)
        let fz = try zero.qr()
        #expect(fz.householderScalars.allSatisfy { $0 == 0 })
        #expect(fz.q == Matrix.identity(70)[rows: 0..<70, columns: 0..<66])
        #expect(fz.r == Matrix(rows: 66, columns: 66))
        print("QRTests rank-deficient/graded: worst backward error \(worst.backward), worst orthogonality loss \(worst.orthogonality)")
    }

    /// Blocked and unblocked paths compute the same factorisation in exact arithmetic. Their computed
    /// factors differ by the perturbation of R caused by two backward errors of size ≤ tol·‖A‖_F;
    /// first-order QR perturbation theory (J.-G. Sun, BIT 31 (1991) 341–352)
    /// gives ‖ΔR‖_F/‖R‖_F ≤ √2·κ(A)·‖ΔA‖_F/‖A‖_F and ‖ΔQ‖_F ≤ √2·κ(A)·‖ΔA‖_F/‖A‖_F, with
    /// κ(A) ≤ κ_F = ‖R‖_F‖R⁻¹‖_F measured here. Tolerance: √2·κ_F·2·tol, doubled for second-order terms.
    @Test(arguments: [1, 3, 4, 7, 16, 32])
    func blockedAndUnblockedPathsAgree(panelWidth: Int) throws {
        var stream = RandomStream(seed: 20261123, stream: 3 + UInt64(panelWidth))
        // Sizes that are and are not multiples of the panel width, tall, square, wide.
        for (m, n) in [(2 * panelWidth + 1, panelWidth + 2), (45, 45), (64, 33), (33, 64), (70, 65), (96, 96)] {
            let a = Matrix.gaussian(rows: m, columns: n, using: &stream)
            let blocked = try a.qr(panelWidth: panelWidth, blockedThreshold: 0)
            let unblocked = try a.qr(panelWidth: panelWidth, blockedThreshold: Int.max)
            _ = Self.check(a, blocked, label: "blocked pw=\(panelWidth) \(m)×\(n)")
            let k = min(m, n)
            let rSquare = unblocked.r[rows: 0..<k, columns: 0..<k]
            let kappa = rSquare.frobeniusNorm * QRCheck.upperTriangularInverse(rSquare).frobeniusNorm
            let tol = 4 * 2.0.squareRoot() * kappa * QRCheck.tolerance(rows: m, columns: n)
            let dr = (blocked.r - unblocked.r).frobeniusNorm / a.frobeniusNorm
            let dq = (blocked.q - unblocked.q).frobeniusNorm
            #expect(dr <= tol, "pw=\(panelWidth) \(m)×\(n): ‖R_blocked − R_unblocked‖/‖A‖ = \(dr) > \(tol)")
            #expect(dq <= tol, "pw=\(panelWidth) \(m)×\(n): ‖Q_blocked − Q_unblocked‖ = \(dq) > \(tol)")
        }
    }

    /// The default parameters switch from unblocked to blocked at min(m, n) = 64: both sides of the
    /// switch, and sizes with a short last panel, must meet the contract (checked in the shape list)
    /// and actually take the intended path.
    @Test func defaultPathSwitch() throws {
        #expect(QRDecomposition.defaultBlockedThreshold == 64 && QRDecomposition.defaultPanelWidth == 32)
        var stream = RandomStream(seed: 20261123, stream: 40)
        for n in [63, 64, 65, 95, 97] {
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let f = try a.qr()
            #expect(f.blocks.count == (n + 31) / 32)
            #expect(f.blocks.last!.width == (n % 32 == 0 ? 32 : n % 32))
            _ = Self.check(a, f, label: "default \(n)×\(n)")
        }
    }

    @Test func applyingQWithoutFormingIt() throws {
        var stream = RandomStream(seed: 20261123, stream: 50)
        for (m, n, p) in [(70, 40, 3), (40, 70, 5), (65, 65, 65), (9, 4, 1), (4, 0, 2)] {
            let a = Matrix.gaussian(rows: m, columns: n, using: &stream)
            let b = Matrix.gaussian(rows: m, columns: p, using: &stream)
            let f = try a.qr(panelWidth: 8, blockedThreshold: 0)
            let full = f.fullQ()
            let tol = QRCheck.tolerance(rows: m, columns: n) * max(1, b.frobeniusNorm)
            let qtb = f.qTransposedTimes(b)
            let qb = f.qTimes(b)
            #expect(qtb.maxAbsDifference(QRCheck.referenceProduct(full.transposed, b)) <= tol)
            #expect(qb.maxAbsDifference(QRCheck.referenceProduct(full, b)) <= tol)
            #expect(f.qTimes(qtb).maxAbsDifference(b) <= tol)
            // Qᵀ·A = [R; 0].
            let k = min(m, n)
            let qta = f.qTransposedTimes(a)
            var rPadded = Matrix(rows: m, columns: n)
            if k > 0 { rPadded[rows: 0..<k, columns: 0..<n] = f.r }
            #expect(qta.maxAbsDifference(rPadded) <= QRCheck.tolerance(rows: m, columns: n) * max(1, a.frobeniusNorm))
        }
    }

    @Test func compactFactorsHoldRAndReflectors() throws {
        let a = Matrix([[3, 1], [4, 2], [0, 5]])
        let f = try a.qr()
        let c = f.compactFactors
        // First column (3, 4, 0): ‖x‖ = 5, β = −5 (opposite sign to x₀ = 3), τ = (β − x₀)/β = 8/5,
        // v = (1, 4/(3 + 5), 0) = (1, 1/2, 0): exact in binary floating point.
        #expect(c[0, 0] == -5 && c[1, 0] == 0.5 && c[2, 0] == 0)
        #expect(f.householderScalars[0] == 1.6)
        // R = Qᵀ A: r00 = −5, r01 = −(3·1 + 4·2)/5 = −11/5.
        #expect(abs(f.r[0, 1] - (-2.2)) <= 4 * QRCheck.unitRoundoff * 2.2)
        for i in 0..<2 { for j in i..<2 { #expect(c[i, j] == f.r[i, j]) } }
    }

    @Test func reflectorGenerationIsScaleSafe() {
        // Entries near the overflow and underflow thresholds: a naive Σx² would overflow/underflow.
        for scale in [1.0, 1e-300, 1e300, Double.leastNormalMagnitude / 64] {
            var x = [3.0, 4.0, 12.0].map { $0 * scale } // ‖x‖ = 13·scale
            let original = x
            let tau = x.withUnsafeMutableBufferPointer { Householder.generate($0.baseAddress!, count: 3) }
            let beta = x[0]
            #expect(abs(abs(beta) - 13 * scale) <= 8 * QRCheck.unitRoundoff * 13 * scale, "scale \(scale): β = \(beta)")
            #expect(tau >= 1 && tau <= 2)
            // H·x = β e₀ with H = I − τ v vᵀ, v = (1, x[1], x[2]).
            let v = [1.0, x[1], x[2]]
            let vx = zip(v, original).map { $0 * $1 }.reduce(0, +)
            let hx = (0..<3).map { original[$0] - tau * vx * v[$0] }
            #expect(abs(hx[0] - beta) <= 16 * QRCheck.unitRoundoff * 13 * scale)
            #expect(abs(hx[1]) <= 16 * QRCheck.unitRoundoff * 13 * scale && abs(hx[2]) <= 16 * QRCheck.unitRoundoff * 13 * scale)
        }
        var reduced = [-2.0, 0, 0]
        let tau = reduced.withUnsafeMutableBufferPointer { Householder.generate($0.baseAddress!, count: 3) }
        #expect(tau == 0 && reduced == [-2, 0, 0]) // already reduced: H = I, sign kept
    }

    @Test func nonFiniteInputThrows() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var a = Matrix(rows: 4, columns: 3, repeating: 1)
            a[2, 1] = bad
            #expect(throws: NumericsError.self) { try a.qr() }
            do { _ = try a.qr() } catch {
                if case let .nonFiniteInput(_, row, column, _) = error { #expect(row == 2 && column == 1) }
                else { Issue.record("wrong error \(error)") }
            }
        }
    }

    @Test func overflowingColumnNormThrows() {
        // Finite entries whose column norm (√2·1.5e308) exceeds the largest Double.
        let a = Matrix([[1.5e308, 1], [1.5e308, 2]])
        #expect(throws: NumericsError.self) { try a.qr() }
        #expect(throws: NumericsError.self) { try a.qrWithColumnPivoting() }
        #expect(throws: NumericsError.self) { try a.leastSquares(.column([1, 1])) }
        // One such entry alone is fine: norms and reflectors are computed without overflow.
        let big = Matrix([[1.5e308, 1], [1, 2]])
        let f = try? big.qr()
        #expect(f != nil)
        if let f { #expect(QRCheck.backwardError(big, q: f.q, r: f.r) <= QRCheck.tolerance(rows: 2, columns: 2)) }
    }

    // MARK: Negative controls: the checker above rejects planted bugs.

    /// A reflector dropped at a block boundary (the first reflector of the second block, as an
    /// off-by-one in the block loop would do) or the wrong block's T applied: the same backward-error
    /// and orthogonality checker must reject the result.
    @Test func plantedBlockBoundaryBugsAreCaught() throws {
        var stream = RandomStream(seed: 20261123, stream: 60)
        let a = Matrix.gaussian(rows: 40, columns: 20, using: &stream)
        let f = try a.qr(panelWidth: 8, blockedThreshold: 0)
        let tol = QRCheck.tolerance(rows: 40, columns: 20)
        #expect(QRCheck.backwardError(a, q: f.q, r: f.r) <= tol)

        var tau = f.householderScalars
        tau[8] = 0 // reflector 8 = first of block 1 skipped
        var triangles = f.blockTriangles
        triangles[1][0] = 0 // T's diagonal holds τ: skipping reflector 8 zeroes its row and column
        for c in 0..<8 { triangles[1][c] = 0; triangles[1][c * 8] = 0 }
        let dropped = QRDecomposition(rows: 40, columns: 20, householderScalars: tau, blockWidth: 8,
                                      packed: f.packed, blockTriangles: triangles)
        let beDropped = QRCheck.backwardError(a, q: dropped.q, r: dropped.r)
        #expect(beDropped > 1e3 * tol, "dropped reflector not caught: \(beDropped)")

        var swapped = f.blockTriangles
        swapped[1] = f.blockTriangles[0] // block 1 uses block 0's T (both 8×8)
        let wrongT = QRDecomposition(rows: 40, columns: 20, householderScalars: f.householderScalars, blockWidth: 8,
                                     packed: f.packed, blockTriangles: swapped)
        let q = wrongT.q
        let caught = QRCheck.backwardError(a, q: q, r: wrongT.r) > 1e3 * tol || QRCheck.orthogonalityLoss(q) > 1e3 * tol
        #expect(caught, "wrong block triangle not caught")
    }

    /// Larger sizes (deep profile only): n = 256 and 512 square, and a tall 600×300.
    @Test func deepProfileLargeSizes() throws {
        guard ProcessInfo.processInfo.environment["THEORYCHECK_PROFILE"] == "deep" else { return }
        var stream = RandomStream(seed: 20261123, stream: 70)
        for (m, n) in [(256, 256), (512, 512), (600, 300), (300, 600)] {
            let a = Matrix.gaussian(rows: m, columns: n, using: &stream)
            let got = Self.check(a, try a.qr(), label: "deep \(m)×\(n)")
            print("QRTests deep \(m)×\(n): backward \(got.backward), orthogonality \(got.orthogonality)")
        }
    }
}
