import Foundation
import Numerics

/// Rank-r replacements of a ReLU layer x ↦ ReLU(Wx), W ∈ R^{k×d}, by x ↦ ReLU(UVx) under Gaussian
/// inputs x ∼ N(0, I_d) (Vodrahalli, Shivanna, Sathiamoorthy, Jain, Chi, "Nonlinear Initialization
/// Methods for Low-Rank Neural Networks", arXiv 2202.00834; docs/THEORY.md §4).
public enum LowRankReLU {
    /// Signature of a kernel k(cos t) used by the population error (the correct one is
    /// ``ReLUArcCosineKernel/value(_:)``; others exist only as negative controls).
    public typealias Kernel = @Sendable (Double) -> Double

    /// The exact population error E(M) = E_x ‖ReLU(Wx) − ReLU(Mx)‖², x ∼ N(0, I_d).
    ///
    /// Closed form (LR-KERNEL): E(M) = Σᵢ ‖wᵢ‖²/2 + ‖mᵢ‖²/2 − 2‖wᵢ‖‖mᵢ‖·k(cos tᵢ) over rows wᵢ of W
    /// and mᵢ of M, tᵢ the angle between them. No sampling; the angle is computed with
    /// ``ReLUArcCosineKernel/angle(_:_:)`` so that E(M) stays accurate when M ≈ W.
    ///
    /// Accuracy: each row term has absolute error ≲ (d + 20)·ε·(‖wᵢ‖² + ‖mᵢ‖²) (norms and the angle
    /// are computed stably; k is evaluated to a few ulps and has |k′| ≤ 1/2).
    /// Requires W and M of the same shape; throws for non-finite entries.
    public static func populationError(target w: Matrix, replacement m: Matrix,
                                       kernel: Kernel = { ReLUArcCosineKernel.value($0) }) throws(NumericsError) -> Double {
        require(w.rows == m.rows && w.columns == m.columns,
                "LowRankReLU.populationError: target \(w.shapeDescription) and replacement \(m.shapeDescription) differ")
        try w.validateFinite("LowRankReLU.populationError (target)")
        try m.validateFinite("LowRankReLU.populationError (replacement)")
        let d = w.columns
        var total = 0.0
        w.withUnsafeBufferPointer { wb in
            m.withUnsafeBufferPointer { mb in
                for i in 0..<w.rows {
                    let wi = UnsafeBufferPointer(rebasing: wb[(i * d)..<((i + 1) * d)])
                    let mi = UnsafeBufferPointer(rebasing: mb[(i * d)..<((i + 1) * d)])
                    let nw = euclideanNorm(wi), nm = euclideanNorm(mi)
                    var term = 0.5 * nw * nw + 0.5 * nm * nm
                    if nw > 0, nm > 0 {
                        term -= 2 * nw * nm * kernel(cos(ReLUArcCosineKernel.angle(wi, mi)))
                    }
                    total += term
                }
            }
        }
        return total
    }

    /// E(UV) for factors U (k×r) and V (r×d).
    public static func populationError(target w: Matrix, factors: LowRankFactors,
                                       kernel: Kernel = { ReLUArcCosineKernel.value($0) }) throws(NumericsError) -> Double {
        try populationError(target: w, replacement: factors.product, kernel: kernel)
    }

    /// ∂E/∂M, row by row: ∂E/∂mᵢ = mᵢ − 2gᵢ with
    /// gᵢ = E[ReLU(wᵢ·x)·1{mᵢ·x > 0}·x] = (‖wᵢ‖ sin tᵢ/(2π))·m̂ᵢ + ((π − tᵢ)/(2π))·wᵢ.
    ///
    /// Derivation: ∇_m(‖m‖k(ρ)) = k(ρ)m̂ + k′(ρ)(ŵ − ρm̂) with ρ = cos t, and k − ρk′ = sin t/(2π).
    /// E is not differentiable at a row mᵢ = 0 (the ‖mᵢ‖ factor is a cone there); for such a row we
    /// return −wᵢ/2, i.e. gᵢ = wᵢ/4, an element of the Clarke subdifferential (the mean of the
    /// limiting gradients from the directions ±u). Requires equal shapes.
    public static func gradientWithRespectToReplacement(target w: Matrix, replacement m: Matrix) throws(NumericsError) -> Matrix {
        require(w.rows == m.rows && w.columns == m.columns,
                "LowRankReLU.gradient: target \(w.shapeDescription) and replacement \(m.shapeDescription) differ")
        try w.validateFinite("LowRankReLU.gradient (target)")
        try m.validateFinite("LowRankReLU.gradient (replacement)")
        let d = w.columns
        var g = Matrix(rows: w.rows, columns: d)
        w.withUnsafeBufferPointer { wb in
            m.withUnsafeBufferPointer { mb in
                g.withUnsafeMutableBufferPointer { gb in
                    for i in 0..<w.rows {
                        let wi = UnsafeBufferPointer(rebasing: wb[(i * d)..<((i + 1) * d)])
                        let mi = UnsafeBufferPointer(rebasing: mb[(i * d)..<((i + 1) * d)])
                        let nw = euclideanNorm(wi), nm = euclideanNorm(mi)
                        if nm == 0 {
                            for j in 0..<d { gb[i * d + j] = -0.5 * wi[j] }
                            continue
                        }
                        let t = nw > 0 ? ReLUArcCosineKernel.angle(wi, mi) : Double.pi / 2
                        let alongM = nw * sin(t) / (2 * Double.pi) / nm
                        let alongW = (Double.pi - t) / (2 * Double.pi)
                        for j in 0..<d { gb[i * d + j] = mi[j] - 2 * (alongM * mi[j] + alongW * wi[j]) }
                    }
                }
            }
        }
        return g
    }

    /// The gradient of E(UV) with respect to the factors: ∂E/∂U = G·Vᵀ, ∂E/∂V = Uᵀ·G with
    /// G = ∂E/∂M at M = UV (see ``gradientWithRespectToReplacement(target:replacement:)`` for the
    /// convention at zero rows).
    public static func gradient(target w: Matrix, factors: LowRankFactors) throws(NumericsError) -> (u: Matrix, v: Matrix) {
        let g = try gradientWithRespectToReplacement(target: w, replacement: factors.product)
        return (Matrix.product(g, factors.v, transposeB: true), Matrix.product(factors.u, g, transposeA: true))
    }

    /// One Monte-Carlo draw of ‖ReLU(Wx) − ReLU(Mx)‖² with x ∼ N(0, I_d) from `stream`: an unbiased
    /// estimate of E(M) with finite variance (the integrand is a quadratic form in x), so the mean
    /// of n draws obeys the CLT. Independent of the closed form (no kernel involved).
    public static func monteCarloDraw(target w: Matrix, replacement m: Matrix, using stream: inout RandomStream) -> Double {
        require(w.rows == m.rows && w.columns == m.columns,
                "LowRankReLU.monteCarloDraw: target \(w.shapeDescription) and replacement \(m.shapeDescription) differ")
        let x = stream.normalVector(w.columns)
        var total = 0.0
        for i in 0..<w.rows {
            var a = 0.0, b = 0.0
            for j in 0..<w.columns { a += w[i, j] * x[j]; b += m[i, j] * x[j] }
            let diff = Swift.max(a, 0) - Swift.max(b, 0)
            total += diff * diff
        }
        return total
    }

    /// One draw of an unbiased, lower-variance estimator of E(M) = E‖ReLU(Wx) − ReLU(Mx)‖²,
    /// x ~ N(0, I), and of its control: with a = Wx, b = Mx, f(x) = ‖a₊ − b₊‖² and the antithetic
    /// point −x,
    ///
    ///     F = ½(f(x) + f(−x)),   C = ½(‖a‖² + ‖b‖²) − ½(‖W‖_F² + ‖M‖_F²),
    ///
    /// where E[F] = E(M) and E[C] = 0 exactly (E‖Wx‖² = ‖W‖_F²). For any coefficient c fixed before
    /// the draws, F − cC is unbiased for E(M). c = 1 leaves only the cross term
    /// ½(‖W‖_F² + ‖M‖_F²) − (a₊·b₊ + a₋·b₋) (best when M is far from W); c = 0 is the plain
    /// antithetic mean (best when M ≈ W). `squaredNorms` is (‖W‖_F², ‖M‖_F²).
    public static func controlledMonteCarloDraw(target w: Matrix, replacement m: Matrix, squaredNorms: (Double, Double),
                                                using stream: inout RandomStream) -> (value: Double, control: Double) {
        require(w.rows == m.rows && w.columns == m.columns,
                "LowRankReLU.controlledMonteCarloDraw: target \(w.shapeDescription) and replacement \(m.shapeDescription) differ")
        let x = stream.normalVector(w.columns)
        var antithetic = 0.0, norms = 0.0
        for i in 0..<w.rows {
            var a = 0.0, b = 0.0
            for j in 0..<w.columns { a += w[i, j] * x[j]; b += m[i, j] * x[j] }
            let plus = Swift.max(a, 0) - Swift.max(b, 0), minus = Swift.max(-a, 0) - Swift.max(-b, 0)
            antithetic += plus * plus + minus * minus
            norms += a * a + b * b
        }
        return (0.5 * antithetic, 0.5 * norms - 0.5 * (squaredNorms.0 + squaredNorms.1))
    }

    /// Monte-Carlo estimate of E(M) from `samples` draws: the sample mean and its standard error.
    public static func monteCarloError(target w: Matrix, replacement m: Matrix, samples: Int,
                                       using stream: inout RandomStream) -> (mean: Double, standardError: Double) {
        require(samples >= 2, "LowRankReLU.monteCarloError: samples \(samples) must be ≥ 2")
        var mean = 0.0, m2 = 0.0
        for n in 1...samples { // Welford
            let y = monteCarloDraw(target: w, replacement: m, using: &stream)
            let delta = y - mean
            mean += delta / Double(n)
            m2 += delta * (y - mean)
        }
        return (mean, (m2 / Double(samples - 1) / Double(samples)).squareRoot())
    }
}

/// A rank-≤r factorisation M = U·V, U ∈ R^{k×r}, V ∈ R^{r×d}.
public struct LowRankFactors: Sendable, Equatable {
    public var u: Matrix
    public var v: Matrix

    public init(u: Matrix, v: Matrix) {
        require(u.columns == v.rows, "LowRankFactors: U \(u.shapeDescription) and V \(v.shapeDescription) do not chain")
        self.u = u; self.v = v
    }

    /// The rank bound r (inner dimension).
    public var rank: Int { u.columns }

    /// M = U·V (the zero k×d matrix when r = 0).
    public var product: Matrix {
        if u.columns == 0 { return Matrix(rows: u.rows, columns: v.columns) }
        return Matrix.product(u, v)
    }
}
