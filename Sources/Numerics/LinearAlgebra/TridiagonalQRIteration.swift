/// Eigenvalues (and optionally the rotations that diagonalise it) of the symmetric tridiagonal
/// matrix T with diagonal `d` and off-diagonal `e`, by implicit symmetric QR steps with the
/// Wilkinson shift (Golub & Van Loan, Algorithm 8.3.2). Each unreduced block is iterated towards
/// its end with the smaller diagonal entry (QR or QL steps, as LAPACK's steqr chooses).
///
/// On return `d` holds the eigenvalues (unsorted) and `e` is zero. When `record` is set, `rotations`
/// receives every plane rotation in application order; applying them to the rows of Zᵀ turns Zᵀ
/// into (Z·G)ᵀ, the eigenvectors of Z·T·Zᵀ as rows.
///
/// Deflation: eₖ is set to zero when |eₖ| ≤ ε·sqrt(|dₖ|)·sqrt(|dₖ₊₁|) (or it is below the smallest
/// normal number). The test is relative, so small eigenvalues of graded matrices keep relative
/// accuracy where the matrix determines them; normwise the computed eigenvalues are exact for
/// T + E with ‖E‖₂ ≤ c·n·ε·‖T‖₂. The caller must pre-scale T to have norm near 1 (squares of the
/// entries are formed). Throws ``NumericsError/noConvergence`` after 30·n QR steps (in practice
/// about 1.3–2 steps per eigenvalue are needed).
func tridiagonalQRIteration(
    diagonal d: inout [Double], offDiagonal e: inout [Double],
    rotations: inout RotationSweeps, record: Bool
) throws(NumericsError) {
    let n = d.count
    if n <= 1 { return }
    let eps = Double.ulpOfOne / 2
    let tiny = Double.leastNormalMagnitude
    let maxSteps = 30 * n
    var steps = 0
    var m = n - 1
    var oldl = -1, oldm = -1
    var reversed = false
    while m > 0 {
        // Find the unreduced block l...m ending at m.
        var l = m
        while l > 0 {
            let ee = Swift.abs(e[l - 1])
            if ee <= eps * Swift.abs(d[l - 1]).squareRoot() * Swift.abs(d[l]).squareRoot() || ee < tiny {
                e[l - 1] = 0
                break
            }
            l -= 1
        }
        if l == m { m -= 1; continue }
        if steps >= maxSteps {
            throw .noConvergence(operation: "symmetric tridiagonal QR", iterations: steps)
        }
        steps += 1
        // On a new block, choose the direction (QR or QL): deflate at the end with the smaller
        // diagonal entry, where the small eigenvalues of a graded matrix converge first. QL steps
        // are run as QR steps on the reversed block J·T·J.
        if l > oldm || m < oldl { reversed = Swift.abs(d[l]) < Swift.abs(d[m]) }
        oldl = l
        oldm = m
        if reversed {
            d[l...m].reverse()
            e[l..<m].reverse()
        }
        // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to d[m].
        let delta = 0.5 * (d[m - 1] - d[m])
        let b = e[m - 1]
        let root = hypotSafe(delta, b)
        let mu = d[m] - b * (b / (delta + (delta >= 0 ? root : -root)))
        var x = d[l] - mu
        var z = e[l]
        // In the reversed frame the pair (k, k+1) is the original pair (l+m−k−1, l+m−k) in the
        // opposite orientation: the sweep runs backwards and the sines change sign.
        if record { rotations.beginSweep(start: l, forward: !reversed) }
        for k in l..<m {
            let (c, s, r) = givensRotation(x, z)
            if k > l { e[k - 1] = r }
            // Rows and columns k, k+1 of T ← P·T·Pᵀ with P = [c s; −s c].
            let dk = d[k], dk1 = d[k + 1], ek = e[k]
            let cc = c * c, ss = s * s, cs = c * s
            d[k] = cc * dk + 2 * cs * ek + ss * dk1
            d[k + 1] = ss * dk - 2 * cs * ek + cc * dk1
            e[k] = cs * (dk1 - dk) + (cc - ss) * ek
            if k < m - 1 {
                z = s * e[k + 1]
                e[k + 1] = c * e[k + 1]
            }
            x = e[k]
            if record { rotations.append(c: c, s: reversed ? -s : s) }
        }
        if reversed {
            d[l...m].reverse()
            e[l..<m].reverse()
        }
    }
}
