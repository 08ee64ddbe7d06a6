import Foundation

/// Singular values of the upper bidiagonal matrix B (diagonal `d`, superdiagonal `e`) by implicit
/// QR sweeps (Golub–Kahan shifts) with the zero-shift sweeps and convergence criteria of Demmel &
/// Kahan ("Accurate singular values of bidiagonal matrices", 1990).
///
/// On return `d` holds the singular values up to sign and in no particular order, and `e` is zero.
/// When `record` is set, the rotations are appended to `left` and `right` in application order:
/// applying `left` to the rows of Uᵀ and `right` to the rows of Vᵀ turns a factorisation
/// A = U·B·Vᵀ into A = U′·diag(d)·V′ᵀ.
///
/// Convergence criteria are relative (an off-diagonal entry is neglected when it is below
/// tol·(a lower bound for the smallest singular value of its block), tol ≈ 100·ε), so even tiny
/// singular values are found to high relative accuracy when B determines them. Each sweep chases
/// towards the end of the block with the smaller diagonal entry (bottom-up sweeps are run as
/// top-down sweeps on the reversed block). When the shift would be negligible relative to the
/// smallest singular value the zero-shift sweep is used, which has no cancellation at all.
/// Throws ``NumericsError/noConvergence`` after 6·n² inner steps (typically about 2n² are needed).
/// The caller must pre-scale B to have norm near 1.
func bidiagonalQRIteration(
    diagonal d: inout [Double], superdiagonal e: inout [Double],
    left: inout RotationSweeps, right: inout RotationSweeps, record: Bool
) throws(NumericsError) {
    let n = d.count
    if n <= 1 { return }
    let eps = Double.ulpOfOne / 2
    let unfl = Double.leastNormalMagnitude
    let tol = Swift.max(10, Swift.min(100, Foundation.pow(eps, -0.125))) * eps
    let maxInner = 6 * n * n

    // Absolute threshold below which entries are set to zero: tol times an estimate of the smallest
    // singular value divided by sqrt(n) (Demmel & Kahan's bound), floored near underflow.
    var sminoa = Swift.abs(d[0])
    if sminoa != 0 {
        var mu = sminoa
        for i in 1..<n {
            mu = Swift.abs(d[i]) * (mu / (mu + Swift.abs(e[i - 1])))
            sminoa = Swift.min(sminoa, mu)
            if sminoa == 0 { break }
        }
    }
    sminoa = sminoa / Double(n).squareRoot()
    let thresh = Swift.max(tol * sminoa, Double(6 * n) * Double(n) * unfl)

    var inner = 0
    var oldl = -1, oldm = -1
    var topDown = true
    var m = n - 1
    outer: while m > 0 {
        if inner > maxInner { throw .noConvergence(operation: "bidiagonal QR", iterations: inner) }
        // Find the unreduced block l...m ending at m.
        var smax = Swift.abs(d[m])
        var l = 0
        var ll = m - 1
        while ll >= 0 {
            let abse = Swift.abs(e[ll])
            if abse <= thresh {
                e[ll] = 0
                if ll == m - 1 { m -= 1; continue outer }
                l = ll + 1
                break
            }
            smax = Swift.max(smax, Swift.abs(d[ll]), abse)
            ll -= 1
        }
        // A new block (not a continuation of the last one): chase towards its smaller end.
        if l > oldm || m < oldl {
            topDown = Swift.abs(d[l]) >= Swift.abs(d[m])
        }
        // Work in the frame where the chase runs top-down: reverse the block for bottom-up sweeps.
        if !topDown { reverseBlock(&d, &e, l, m) }
        defer { if !topDown { reverseBlock(&d, &e, l, m) } }

        // Convergence tests: the bottom entry, then the relative recurrence from the top, which
        // also yields sminl, a lower bound on the smallest singular value of the block.
        if Swift.abs(e[m - 1]) <= tol * Swift.abs(d[m]) {
            e[m - 1] = 0
            continue outer
        }
        var mu = Swift.abs(d[l])
        var sminl = mu
        for i in l..<m {
            if Swift.abs(e[i]) <= tol * mu {
                e[i] = 0
                continue outer
            }
            mu = Swift.abs(d[i + 1]) * (mu / (mu + Swift.abs(e[i])))
            sminl = Swift.min(sminl, mu)
        }
        oldl = l
        oldm = m

        // Shift: the smaller singular value of the trailing 2×2 block, unless it is negligible
        // against the smallest singular value, in which case the zero-shift sweep is more accurate.
        var shift = 0.0
        if Double(n) * tol * (sminl / smax) > Swift.max(eps, 0.01 * tol) {
            let sll = Swift.abs(d[l])
            shift = triangularSmallerSingularValue(d[m - 1], e[m - 1], d[m])
            if sll > 0 && (shift / sll) * (shift / sll) < eps { shift = 0 }
        }
        inner += m - l

        // Rotations are recorded in the original frame: in a reversed block the pair at positions
        // (i, i+1) is the original pair (l+m−i−1, l+m−i) in the opposite orientation, so sines
        // change sign, left and right trade places, and the sweep runs backwards.
        if record {
            if topDown {
                right.beginSweep(start: l, forward: true)
                left.beginSweep(start: l, forward: true)
            } else {
                left.beginSweep(start: l, forward: false)
                right.beginSweep(start: l, forward: false)
            }
        }
        @inline(__always) func recordPair(_ cr: Double, _ sr: Double, _ cl: Double, _ sl: Double) {
            if !record { return }
            if topDown {
                right.append(c: cr, s: sr)
                left.append(c: cl, s: sl)
            } else {
                left.append(c: cr, s: -sr)
                right.append(c: cl, s: -sl)
            }
        }

        if shift == 0 {
            // Zero-shift sweep (Demmel–Kahan): no subtraction, so every entry keeps high relative accuracy.
            var cs = 1.0, oldcs = 1.0, oldsn = 0.0
            for i in l..<m {
                let (c1, s1, r) = givensRotation(d[i] * cs, e[i])
                cs = c1
                if i > l { e[i - 1] = oldsn * r }
                let (c2, s2, r2) = givensRotation(oldcs * r, d[i + 1] * s1)
                oldcs = c2
                oldsn = s2
                d[i] = r2
                recordPair(c1, s1, c2, s2)
            }
            let h = d[m] * cs
            d[m] = h * oldcs
            e[m - 1] = h * oldsn
            if Swift.abs(e[m - 1]) <= thresh { e[m - 1] = 0 }
        } else {
            // Shifted sweep: the first rotation is that of the QR step on BᵀB − shift²·I.
            var f = (Swift.abs(d[l]) - shift) * ((d[l] >= 0 ? 1.0 : -1.0) + shift / d[l])
            var g = e[l]
            for i in l..<m {
                let (cr, sr, r) = givensRotation(f, g)
                if i > l { e[i - 1] = r }
                f = cr * d[i] + sr * e[i]
                e[i] = cr * e[i] - sr * d[i]
                g = sr * d[i + 1]
                d[i + 1] = cr * d[i + 1]
                let (cl, sl, r2) = givensRotation(f, g)
                d[i] = r2
                f = cl * e[i] + sl * d[i + 1]
                d[i + 1] = cl * d[i + 1] - sl * e[i]
                if i < m - 1 {
                    g = sl * e[i + 1]
                    e[i + 1] = cl * e[i + 1]
                }
                recordPair(cr, sr, cl, sl)
            }
            e[m - 1] = f
            if Swift.abs(e[m - 1]) <= thresh { e[m - 1] = 0 }
        }
    }
}

/// Reverses d[l...m] and e[l..<m] in place (the bidiagonal J·Bᵀ·J of the block).
private func reverseBlock(_ d: inout [Double], _ e: inout [Double], _ l: Int, _ m: Int) {
    d[l...m].reverse()
    e[l..<m].reverse()
}

/// The smaller singular value of the upper triangular 2×2 matrix [f g; 0 h], computed without
/// overflow and with full relative accuracy: with S = sqrt((|f|+|h|)² + g²) and
/// D = sqrt((|f|−|h|)² + g²), σ_max = (S + D)/2 and σ_min = |f|·|h|/σ_max.
func triangularSmallerSingularValue(_ f: Double, _ g: Double, _ h: Double) -> Double {
    let fa = Swift.abs(f), ga = Swift.abs(g), ha = Swift.abs(h)
    let fhmin = Swift.min(fa, ha), fhmax = Swift.max(fa, ha)
    if fhmin == 0 { return 0 }
    let big = Swift.max(fhmax, ga)
    let x = fhmax / big, y = fhmin / big, z = ga / big
    let s = ((x + y) * (x + y) + z * z).squareRoot()
    let dd = ((x - y) * (x - y) + z * z).squareRoot()
    let sigmaMaxScaled = 0.5 * (s + dd)           // σ_max / big, in [~0.5, 1.5]
    return fhmin * (x / sigmaMaxScaled)            // |f||h|/σ_max = fhmin·(fhmax/big)/(σ_max/big)
}
