import Foundation
import Numerics
import PropertyCheck

/// The Gaussian trainability boundary of the depth–width experiment measured sharply: the fraction
/// of single networks that train at each integer width near the boundary, the width m½(L) where half
/// of them train, and how m½ scales with depth.
///
/// This is the measurement behind DL-PHASE's exponent discussion (docs/THEORY.md DL-PHASE): the
/// claim's check bisects a coarse grid, which cannot resolve the exponent; this estimator can, and it
/// shows that the finite-size exponent differs from the theorem's asymptotic 1 by more than ±0.05.
public enum DeepLinearPhaseBoundary {
    /// One (depth, width) cell: how many independent networks were trained and how many reached
    /// ℓ(T) ≤ ε·ℓ(0).
    public struct Cell: Sendable, Hashable, Codable {
        /// The width m of every hidden layer.
        public var width: Int
        /// Networks trained at this width.
        public var networks: Int
        /// Networks that reached the criterion.
        public var trained: Int
        /// A cell; `0 ≤ trained ≤ networks`, `networks ≥ 1`, `width ≥ 1`.
        public init(width: Int, networks: Int, trained: Int) {
            self.width = width; self.networks = networks; self.trained = trained
        }
        /// trained / networks.
        public var fraction: Double { Double(trained) / Double(networks) }
    }

    /// The half-trainable width of one depth from a probit fit.
    public struct HalfTrainableWidth: Sendable, Hashable, Codable {
        /// The depth L.
        public var depth: Int
        /// m½ = e^μ, where the fitted P(trained) = Φ((ln m − μ)/s) crosses ½.
        public var width: Double
        /// Standard error of ln m½ (= of μ), from the expected Fisher information of the fit.
        public var logStandardError: Double
        /// The probit scale s in ln m: how soft the transition is.
        public var scale: Double
        /// The fit's deviance (twice the log-likelihood ratio against the saturated model) and its
        /// degrees of freedom (cells used − 2): a deviance far above its degrees of freedom says the
        /// probit shape misfits and m½ depends on which cells were measured.
        public var deviance: Double
        /// Cells used minus the two fitted parameters.
        public var degreesOfFreedom: Int
    }

    /// The cells the probit fit uses: those whose trained fraction lies in this range. The measured
    /// transition has a long upper tail (some networks fail far above m½), which a probit curve does
    /// not follow; fitting the central cells keeps that misfit out of the location μ.
    public static let fittedFractions: ClosedRange<Double> = 0.1...0.9

    /// Fits P(trained) = Φ((ln m − μ)/s) by maximum likelihood (Fisher scoring of the probit
    /// regression Φ(α + β·ln m), μ = −α/β, s = 1/β) to the cells whose trained fraction lies in
    /// ``fittedFractions``.
    ///
    /// - Throws: `NumericsError.domain` when fewer than two distinct widths fall in that range (the
    ///   widths do not bracket the boundary), when a cell is malformed, or when the fitted
    ///   transition does not rise with width; `.noConvergence` when scoring does not settle in 100
    ///   iterations.
    public static func halfTrainableWidth(depth: Int, cells: [Cell]) throws(NumericsError) -> HalfTrainableWidth {
        let operation = "DeepLinearPhaseBoundary.halfTrainableWidth(depth: \(depth))"
        for c in cells where !(c.width >= 1 && c.networks >= 1 && (0...c.networks).contains(c.trained)) {
            throw .domain(operation: operation, detail: "cell \(c) needs width ≥ 1, networks ≥ 1 and 0 ≤ trained ≤ networks")
        }
        let used = cells.filter { fittedFractions.contains($0.fraction) }
        guard Set(used.map(\.width)).count >= 2 else {
            throw .domain(operation: operation, detail: "fewer than two widths with a trained fraction in \(fittedFractions) "
                          + "(fractions \(cells.map { "m=\($0.width): \($0.trained)/\($0.networks)" })): the widths do not bracket the boundary")
        }
        let x = used.map { log(Double($0.width)) }
        let standard = NormalDistribution.standard
        // Start from the least-squares line through the probit-transformed fractions.
        let z = used.map { standard.quantile($0.fraction.clamped(to: 0.02...0.98)) }
        let mx = x.reduce(0, +) / Double(x.count), mz = z.reduce(0, +) / Double(z.count)
        let sxx = zip(x, x).map { ($0 - mx) * ($1 - mx) }.reduce(0, +)
        var beta = zip(x, z).map { ($0 - mx) * ($1 - mz) }.reduce(0, +) / max(sxx, .leastNormalMagnitude)
        var alpha = mz - beta * mx
        var information = (aa: 0.0, ab: 0.0, bb: 0.0)
        var converged = false
        for _ in 0..<100 {
            // Fisher scoring: the expected information Σ nφ²/(Φ(1 − Φ))·(1, x)(1, x)ᵀ and the score.
            var info = (aa: 0.0, ab: 0.0, bb: 0.0), score = (a: 0.0, b: 0.0)
            for (c, xi) in zip(used, x) {
                let eta = alpha + beta * xi
                let p = standard.cdf(eta), q = standard.survival(eta), phi = standard.density(eta)
                let n = Double(c.networks)
                let w = n * phi * phi / max(p * q, 1e-300)
                let residual = (Double(c.trained) - n * p) * phi / max(p * q, 1e-300)
                info.aa += w; info.ab += w * xi; info.bb += w * xi * xi
                score.a += residual; score.b += residual * xi
            }
            let det = info.aa * info.bb - info.ab * info.ab
            guard det > 0, det.isFinite else { throw .domain(operation: operation, detail: "singular information matrix (cells \(used))") }
            let da = (info.bb * score.a - info.ab * score.b) / det
            let db = (info.aa * score.b - info.ab * score.a) / det
            alpha += da; beta += db
            information = info
            if abs(da) + abs(db) * (1 + abs(mx)) < 1e-12 * (1 + abs(alpha)) { converged = true; break }
        }
        guard converged else { throw .noConvergence(operation: operation, iterations: 100) }
        guard beta > 0 else {
            throw .domain(operation: operation, detail: "the fitted trained fraction falls with width (slope \(beta) in ln m)")
        }
        // Covariance of (α, β) is the inverse information; μ = −α/β by the delta method.
        let det = information.aa * information.bb - information.ab * information.ab
        let (vaa, vab, vbb) = (information.bb / det, -information.ab / det, information.aa / det)
        let mu = -alpha / beta
        let (ga, gb) = (-1 / beta, alpha / (beta * beta))
        let varianceMu = ga * ga * vaa + 2 * ga * gb * vab + gb * gb * vbb
        var deviance = 0.0
        for (c, xi) in zip(used, x) {
            let n = Double(c.networks), k = Double(c.trained)
            let p = standard.cdf(alpha + beta * xi), q = standard.survival(alpha + beta * xi)
            if k > 0 { deviance += 2 * k * log(k / (n * p)) }
            if k < n { deviance += 2 * (n - k) * log((n - k) / (n * q)) }
        }
        return HalfTrainableWidth(depth: depth, width: exp(mu), logStandardError: varianceMu.squareRoot(), scale: 1 / beta,
                                  deviance: deviance, degreesOfFreedom: used.count - 2)
    }

    /// How m½ scales with depth, two ways, each weighted by the measured standard errors.
    public struct Scaling: Sendable, Hashable, Codable {
        /// Weighted least-squares slope b of ln m½ = c + b·ln L, and its standard error
        /// (1/√Σw(x − x̄_w)², w = 1/se²: the sampling errors are known, not estimated from residuals).
        public var logLogSlope: Double
        /// Standard error of ``logLogSlope``.
        public var logLogStandardError: Double
        /// ln(m½(L_{i+1})/m½(L_i))/ln(L_{i+1}/L_i) for neighbouring depths: the bend of the curve.
        public var localSlopes: [Double]
        /// The fit m½ = a + b·L^p by weighted Gauss–Newton (σ_i = m½_i·se_i): an offset a absorbs a
        /// width floor, p is the exponent of the depth-dependent part. Nil with fewer than four depths.
        public var offsetPower: OffsetPowerFit?
        /// The same fit with each m½'s standard error widened by √(deviance/dof) where that exceeds
        /// 1 (the quasi-likelihood allowance for a probit shape that misfits its cells): the
        /// honest error once the sample is large enough for the misfit to show.
        public var offsetPowerMisfitWidened: OffsetPowerFit?
    }

    /// √(deviance/dof) when above 1, else 1 (also with no degrees of freedom to judge the fit by).
    public static func misfitFactor(_ width: HalfTrainableWidth) -> Double {
        width.degreesOfFreedom > 0 ? max(1, (width.deviance / Double(width.degreesOfFreedom)).squareRoot()) : 1
    }

    /// m½ = a + b·L^p with the standard errors of (a, b, p) from (JᵀJ)⁻¹ and the fit's χ².
    public struct OffsetPowerFit: Sendable, Hashable, Codable {
        /// The offset a.
        public var offset: Double
        /// The coefficient b.
        public var coefficient: Double
        /// The exponent p.
        public var exponent: Double
        /// Standard errors of (a, b, p), in that order.
        public var standardErrors: [Double]
        /// Σ((a + bL^p − m½)/σ)² at the fit; it has (depths − 3) degrees of freedom.
        public var chiSquare: Double
    }

    /// Both scaling fits of measured half-trainable widths (at least two distinct depths ≥ 1).
    public static func scaling(_ widths: [HalfTrainableWidth]) throws(NumericsError) -> Scaling {
        let operation = "DeepLinearPhaseBoundary.scaling"
        let sorted = widths.sorted { $0.depth < $1.depth }
        guard Set(sorted.map(\.depth)).count == sorted.count, sorted.count >= 2, sorted.allSatisfy({ $0.depth >= 1 }) else {
            throw .domain(operation: operation, detail: "needs at least two distinct depths ≥ 1, got \(sorted.map(\.depth))")
        }
        guard sorted.allSatisfy({ $0.width > 0 && $0.logStandardError > 0 && $0.logStandardError.isFinite }) else {
            throw .domain(operation: operation, detail: "every m½ needs a positive width and a finite positive standard error")
        }
        let x = sorted.map { log(Double($0.depth)) }, y = sorted.map { log($0.width) }
        let w = sorted.map { 1 / ($0.logStandardError * $0.logStandardError) }
        var sw = 0.0, swx = 0.0, swy = 0.0
        for i in x.indices { sw += w[i]; swx += w[i] * x[i]; swy += w[i] * y[i] }
        let mx = swx / sw, my = swy / sw
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += w[i] * (x[i] - mx) * (x[i] - mx); sxy += w[i] * (x[i] - mx) * (y[i] - my) }
        var local: [Double] = []
        for i in 1..<x.count { local.append((y[i] - y[i - 1]) / (x[i] - x[i - 1])) }
        let power = sorted.count >= 4 ? try offsetPowerFit(sorted) : nil
        var widened = sorted
        for i in widened.indices { widened[i].logStandardError *= misfitFactor(sorted[i]) }
        let widenedPower = sorted.count >= 4 ? try offsetPowerFit(widened) : nil
        return Scaling(logLogSlope: sxy / sxx, logLogStandardError: (1 / sxx).squareRoot(), localSlopes: local, offsetPower: power,
                       offsetPowerMisfitWidened: widenedPower)
    }

    /// Weighted Gauss–Newton for m½ = a + b·L^p, started from the affine fit (p = 1).
    static func offsetPowerFit(_ points: [HalfTrainableWidth]) throws(NumericsError) -> OffsetPowerFit {
        let L = points.map { Double($0.depth) }, m = points.map(\.width)
        let sigma = points.map { $0.width * $0.logStandardError }
        // JᵀJ and Jᵀr of the whitened residuals (m½ − a − b·L^p)/σ, and χ².
        func normalEquations(_ a: Double, _ b: Double, _ p: Double) -> (jtj: Matrix, jtr: Matrix, chi2: Double) {
            var jtj = Matrix(rows: 3, columns: 3), jtr = Matrix(rows: 3, columns: 1), chi2 = 0.0
            for i in L.indices {
                let lp = pow(L[i], p)
                let row = [1 / sigma[i], lp / sigma[i], b * lp * log(L[i]) / sigma[i]]
                let r = (m[i] - a - b * lp) / sigma[i]
                chi2 += r * r
                for j in 0..<3 { jtr[j, 0] += row[j] * r; for k in 0..<3 { jtj[j, k] += row[j] * row[k] } }
            }
            return (jtj, jtr, chi2)
        }
        // The affine start: weighted least squares of m½ on L.
        var sw = 0.0, swL = 0.0, swm = 0.0
        for i in L.indices { let w = 1 / (sigma[i] * sigma[i]); sw += w; swL += w * L[i]; swm += w * m[i] }
        let mL = swL / sw, mm = swm / sw
        var sLm = 0.0, sLL = 0.0
        for i in L.indices { let w = 1 / (sigma[i] * sigma[i]); sLm += w * (L[i] - mL) * (m[i] - mm); sLL += w * (L[i] - mL) * (L[i] - mL) }
        var b = sLm / sLL
        var a = mm - b * mL, p = 1.0
        var current = normalEquations(a, b, p)
        for _ in 0..<200 {
            let solved = try current.jtj.solve(current.jtr)
            let step = (0..<3).map { solved[$0, 0] }
            // Halve the step until χ² does not grow (b·L^p is far from linear in p).
            var scale = 1.0, accepted = false
            while scale > 1e-6 {
                let trial = normalEquations(a + scale * step[0], b + scale * step[1], p + scale * step[2])
                if trial.chi2 <= current.chi2 {
                    a += scale * step[0]; b += scale * step[1]; p += scale * step[2]
                    current = trial; accepted = true; break
                }
                scale /= 2
            }
            if !accepted || abs(scale * step[2]) < 1e-12 { break }
        }
        let covariance = try current.jtj.inverse()
        return OffsetPowerFit(offset: a, coefficient: b, exponent: p,
                              standardErrors: (0..<3).map { covariance[$0, $0].squareRoot() }, chiSquare: current.chi2)
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
