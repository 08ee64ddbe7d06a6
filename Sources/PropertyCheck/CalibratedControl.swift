import Foundation
import PropertyCheckStatistics

/// The calibrated negative control the harness adds to every statistical and scaling-law check:
/// a claim displaced by twice the check's own stated resolution must be rejected by an
/// independent run of the same check.
///
/// A gross negative control (a factor of 2, a missing normalisation) shows that a check *can*
/// fail. This one shows that the stated ``Resolution`` is honest: if the resolution is δ, a
/// claimed value 2δ away from the truth has to be rejected, and it has to be rejected by a run the
/// resolution was not computed from (the same data would make the test a tautology). So the
/// harness reruns the check's evidence on a fresh seed and judges displaced claims against that
/// run's interval:
///
/// - **Two-sided decisions** (a closed form, an exponent, a difference, with allowance τ): the
///   claims c − 2δ and c + 2δ (for a relative resolution r: c·(1 ∓ 2r), the closed form off by
///   twice the resolution); each must fall outside the fresh interval widened by τ.
/// - **One-sided decisions** ("≤ b", "≥ b"): the truth is estimated by the main run's estimate θ̂,
///   and the bound θ̂ ∓ 2δ (a bound the truth violates by 2δ) must be rejected by the fresh
///   one-sided interval.
/// - **Kolmogorov–Smirnov tests**: for every law G at sup distance ≥ 2d from the claimed one, the
///   fresh statistic against G is at least 2d − D (triangle inequality), which must exceed the
///   DKW bound c = √(ln(2/α)/(2n)) on the level-α critical value: then every such G is rejected.
///   With d = c + s, s = √(ln(100)/(2n))·… the resolution's sampling term, a true claim fails this
///   only if D ≥ c + 2s, which by the DKW inequality has probability ≤ α·e^(−8n(cs + s²)) ≤ α·200⁻⁴.
/// - **Demonstrations** (">", "<", "≠": the claim is that an effect exists) have no displaced
///   claim to reject (their wrong model is the absence of the effect, which the decision itself
///   rejects at α; their risk is a false failure, printed beside α). Checks whose measurements
///   are deterministic (resolution 0) are exact fits and need no rerun.
///
/// **How far to displace, and why the stated power 1 is honest.** Write the main run's resolution
/// as δ = τ + (q + k)·se, with q = h/se the quantile of the interval and k = z₀.₉₉·√(1 + q²/(2ν))
/// (k = z₀.₉₉ when the width is known). For a true claim c, a displaced claim c + m·δ survives the
/// fresh run only if its estimate and half-width reach it: Z·σ + q·s_f > m·(q + k)·s_m (τ only
/// helps), with Z ~ N(0, 1) and, for a t interval on ν degrees of freedom, s/σ ~ √(χ²_ν/ν)
/// independently in both runs. ``survivalProbability(multiple:quantile:degreesOfFreedom:power:sides:)``
/// integrates that event; the control uses the smallest multiple m in 2, 2.5, 3, 4, … whose
/// survival probability is at most 10⁻³ of the decision's α, so the control adds at most 0.1% to
/// the check's false-failure probability. With a known width (ν = nil) and q the normal quantile
/// of the level, m = 2 qualifies (survival 2·Φ̄(q + 2k) < 10⁻¹¹ for q ≥ 3.3, i.e. α ≤ 10⁻³); a
/// proportion at the edge of [0, 1] can have q ≈ 1 and needs more (DL-GAUSS-STALL: 2.5). With a t
/// interval few degrees of freedom need more (at α = 10⁻⁸: ν = 9 needs m = 24, ν = 23 m = 5,
/// ν = 31 m = 4, ν = 100 m = 2; scipy's dblquad of the same integral agrees), because
/// one run's standard deviation can understate σ badly — the stated resolution is itself an
/// estimate. A check whose reruns wander further than its resolution admits (a run-level effect its
/// standard error does not see) fails the control (`CalibratedControlTests`).
public enum CalibratedControl {
    /// What the main run allows the control to test.
    enum Plan {
        /// Claimed values to judge against the fresh interval, with the allowance τ and the side
        /// rule: `nil` = two-sided (outside [lo − τ, hi + τ]), "≤" (lo > c), "≥" (hi < c).
        case displaced(values: [Double], allowance: Double, relation: String?, why: String, survival: Double)
        /// Every law at this sup distance must be rejected by the fresh run.
        case distance(Double)
        /// No calibrated control, and why.
        case notApplicable(String)
    }

    /// A decision's interval, as the control reads it from either kind of evidence.
    struct Interval {
        var estimate: Double
        var lower: Double?
        var upper: Double?
        var claimed: Double?
        var relation: String?
        var allowance: Double
        var resolution: Resolution?
    }

    static func interval(of e: StatisticalEvidence) -> Interval {
        Interval(estimate: e.estimate, lower: e.lower, upper: e.upper, claimed: e.claimed, relation: e.claimedRelation,
                 allowance: e.allowance ?? 0, resolution: e.resolution)
    }

    static func interval(of s: ScalingEvidence) -> Interval {
        var relation: String?, tau = 0.0
        switch s.assertion {
        case let .consistentWith(_, tolerance): tau = tolerance
        case .atMost: relation = "≤"
        case .excludes: relation = "≠"
        case .below: relation = "<"
        }
        return Interval(estimate: s.exponent, lower: s.lower, upper: s.upper, claimed: s.assertion.exponent,
                        relation: relation, allowance: tau, resolution: s.resolution)
    }

    /// The plan for a statistical check's main evidence.
    static func plan(for e: StatisticalEvidence) -> Plan {
        if e.resolution?.scale == .distance, e.lower == nil, e.upper == nil {
            guard let d = e.resolution?.value, d.isFinite, d > 0, e.effectiveSampleSize != nil else {
                return .notApplicable("the distribution test states no finite resolution")
            }
            return .distance(2 * d)
        }
        return plan(for: interval(of: e), alpha: e.alpha)
    }

    /// The plan for an interval decision at the decision's α.
    static func plan(for i: Interval, alpha: Double) -> Plan {
        guard let r = i.resolution, r.value.isFinite else { return .notApplicable("the decision states no finite resolution") }
        if let relation = i.relation, ![ "≤", "≥" ].contains(relation) {
            return .notApplicable("a demonstration (claim \(relation) \(i.claimed.map(formatNumber) ?? "?")): its wrong model is the absence of the effect, rejected by the decision itself at α; its risk is the false failure printed beside α")
        }
        guard r.value > 0 else { return .notApplicable("deterministic measurements (resolution 0): an exact fit rejects any other value") }
        var delta = r.value
        if r.scale == .relative {
            guard let c = i.claimed, c != 0, c.isFinite else { return .notApplicable("a relative resolution without a claimed value") }
            delta *= Swift.abs(c)
        }
        let sides = i.relation == nil ? 2 : 1
        guard let q = r.intervalQuantile, q.isFinite, q > 0,
              let (m, survival) = multiple(quantile: q, degreesOfFreedom: r.degreesOfFreedom, power: r.power,
                                           sides: sides, alpha: alpha) else {
            return .notApplicable("no displacement up to \(formatNumber(multiples.last!)) × the resolution is rejected with certainty at ν = \(r.degreesOfFreedom.map(formatNumber) ?? "∞")")
        }
        let shown = "\(formatNumber(m)) × \(Resolution.text(r.value, r.scale))"
        let odds = "P(a true claim survives) ≤ \(formatProbability(survival))"
        switch i.relation {
        case "≤": return .displaced(values: [i.estimate - m * delta], allowance: 0, relation: "≤",
                                    why: "bound at the estimate − \(shown) (\(odds))", survival: survival)
        case "≥": return .displaced(values: [i.estimate + m * delta], allowance: 0, relation: "≥",
                                    why: "bound at the estimate + \(shown) (\(odds))", survival: survival)
        default:
            guard let c = i.claimed else { return .notApplicable("a two-sided decision without a claimed value") }
            return .displaced(values: [c - m * delta, c + m * delta], allowance: i.allowance, relation: nil,
                              why: "claimed value ∓ \(shown) (\(odds))", survival: survival)
        }
    }

    /// The displacement multiples tried, smallest first.
    static let multiples: [Double] = [2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32]

    /// The smallest multiple whose survival probability is ≤ 10⁻³·α, with that probability.
    static func multiple(quantile q: Double, degreesOfFreedom nu: Double?, power: Double, sides: Int,
                         alpha: Double) -> (Double, Double)? {
        for m in multiples {
            let p = survivalProbability(multiple: m, quantile: q, degreesOfFreedom: nu, power: power, sides: sides)
            if p <= 1e-3 * alpha { return (m, p) }
        }
        return nil
    }

    /// P(a fresh run of a true claim fails to reject a claim displaced by m·δ), summed over
    /// `sides` displaced claims (see the type's documentation for the event). Known width:
    /// Φ̄(m(q + k) − q) per side. Estimated width on ν degrees of freedom: the double integral
    /// ∫∫ Φ̄(m(q + k)·u − q·v) χ(u) χ(v) du dv over the densities of u, v ~ √(χ²_ν/ν), by
    /// Simpson's rule on 600 panels per axis over 1 ± 12/√(2ν) (the density outside is below
    /// e⁻⁷⁰ of its peak). Checked against an independent quadrature in `CalibratedControlTests`.
    static func survivalProbability(multiple m: Double, quantile q: Double, degreesOfFreedom nu: Double?,
                                    power: Double, sides: Int) -> Double {
        let key = [m, q, nu ?? -1, power, Double(sides)]
        if let known = survivalCache.value(for: key) { return known }
        let p = computeSurvivalProbability(multiple: m, quantile: q, degreesOfFreedom: nu, power: power, sides: sides)
        survivalCache.store(p, for: key)
        return p
    }

    /// Runs of one check share q and ν (the interval's quantile depends only on ν and α), so the
    /// quadrature is memoised per process.
    static let survivalCache = SurvivalCache()

    final class SurvivalCache: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [[Double]: Double] = [:]
        func value(for key: [Double]) -> Double? { lock.lock(); defer { lock.unlock() }; return values[key] }
        func store(_ value: Double, for key: [Double]) { lock.lock(); values[key] = value; lock.unlock() }
    }

    static func computeSurvivalProbability(multiple m: Double, quantile q: Double, degreesOfFreedom nu: Double?,
                                           power: Double, sides: Int) -> Double {
        let normal = NormalDistribution()
        let z = normal.quantile(power)
        guard let nu, nu.isFinite, nu > 0 else {
            return Double(sides) * normal.survival(m * (q + z) - q)
        }
        let k = z * (1 + q * q / (2 * nu)).squareRoot()
        let spread = 12 / (2 * nu).squareRoot()
        let lo = Swift.max(0, 1 - spread), hi = 1 + spread
        let panels = 600
        let step = (hi - lo) / Double(panels)
        // log density of u = √(χ²_ν/ν): ln 2 + (ν/2)ln(ν/2) − lnΓ(ν/2) + (ν − 1)ln u − νu²/2.
        let logConstant = Foundation.log(2.0) + nu / 2 * Foundation.log(nu / 2) - Special.logGamma(nu / 2)
        var nodes: [Double] = [], weights: [Double] = []
        for j in 0...panels {
            let u = lo + Double(j) * step
            let simpson = (j == 0 || j == panels) ? 1.0 : (j % 2 == 1 ? 4.0 : 2.0)
            let density = u > 0 ? Foundation.exp(logConstant + (nu - 1) * Foundation.log(u) - nu * u * u / 2) : 0
            nodes.append(u); weights.append(simpson * step / 3 * density)
        }
        var total = 0.0
        for (u, wu) in zip(nodes, weights) where wu > 0 {
            var inner = 0.0
            for (v, wv) in zip(nodes, weights) where wv > 0 {
                let x = m * (q + k) * u - q * v
                if x > 38 { continue }   // Φ̄(38) < 10⁻³¹⁵: nothing left to add
                inner += wv * normal.survival(x)
            }
            total += wu * inner
        }
        return Double(sides) * total
    }

    /// The control's name in reports.
    static let name = "calibrated: the claim displaced by ≥ 2 × the resolution, on a fresh run"

    /// Judges the fresh run's interval against the plan (for a scaling law or an interval decision).
    static func judge(_ plan: Plan, fresh: Interval, freshSeed: UInt64) -> NegativeControlResult? {
        guard case let .displaced(values, tau, relation, why, _) = plan else { return nil }
        var rejections = 0
        var parts: [String] = []
        for c in values {
            let rejected: Bool
            switch relation {
            case "≤": rejected = (fresh.lower ?? -.infinity) > c
            case "≥": rejected = (fresh.upper ?? .infinity) < c
            default: rejected = c < (fresh.lower ?? -.infinity) - tau || c > (fresh.upper ?? .infinity) + tau
            }
            if rejected { rejections += 1 }
            parts.append("\(formatNumber(c)) \(rejected ? "rejected" : "NOT rejected")")
        }
        let range = "[\(fresh.lower.map(formatNumber) ?? "−∞"), \(fresh.upper.map(formatNumber) ?? "∞")]"
        let detail = "\(why): fresh run (seed \(hex(freshSeed))) interval \(range)"
            + (tau > 0 ? " widened by τ \(formatNumber(tau))" : "") + "; " + parts.joined(separator: ", ")
        return result(replicates: values.count, rejections: rejections, detail: detail)
    }

    /// Judges a fresh Kolmogorov–Smirnov run against the plan.
    static func judge(_ plan: Plan, fresh: StatisticalEvidence, freshSeed: UInt64) -> NegativeControlResult? {
        guard case let .distance(distance) = plan else {
            return judge(plan, fresh: interval(of: fresh), freshSeed: freshSeed)
        }
        guard let n = fresh.effectiveSampleSize, let statistic = fresh.statistic else {
            return result(replicates: 1, rejections: 0, detail: "the fresh run reported no statistic")
        }
        let critical = (Foundation.log(2 / fresh.alpha) / (2 * n)).squareRoot()
        let lowerBound = distance - statistic
        let rejected = lowerBound > critical
        let detail = "every law at sup distance ≥ \(formatNumber(distance)) (2 × the resolution): fresh run (seed \(hex(freshSeed))) "
            + "D = \(formatNumber(statistic)), so D′ ≥ \(formatNumber(lowerBound)) \(rejected ? ">" : "≤") DKW critical bound \(formatNumber(critical))"
        return result(replicates: 1, rejections: rejected ? 1 : 0, detail: detail)
    }

    static func result(replicates: Int, rejections: Int, detail: String) -> NegativeControlResult {
        NegativeControlResult(name: name, replicates: replicates, rejections: rejections, minimumPower: 1,
                              lowerTailProbability: rejections == replicates ? 1 : 0, alpha: 0, detail: detail)
    }

    /// The fresh run's seed: distinct from the main run's and from every falsifier replicate's.
    /// Public so that a check whose measurements are costly can compute the fresh run's
    /// measurements in parallel with its own, before the harness asks for them.
    public static func freshSeed(runSeed: UInt64) -> UInt64 { mixBits(runSeed ^ 0xCA11_B8A7_ED00_0001) }

    static func hex(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16) }
}
