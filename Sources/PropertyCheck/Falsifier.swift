import PropertyCheckStatistics
/// A deliberately wrong variant of a property: the check must reject it, which shows the check can
/// fail at all. `minimumPower` is the stated probability that one run of the check rejects the
/// variant.
///
/// The harness runs the variant `replicates` times on independent seeds (replicate r of falsifier
/// f uses run seed mix(runSeed ⊕ (f + 1)·0x9E3779B97F4A7C15 ⊕ r)) and counts rejections R. The
/// control *fails* — and with it the check — when:
/// - `minimumPower == 1`: any replicate is not rejected (a deterministic claim of the check's power);
/// - otherwise: P(Binomial(replicates, minimumPower) ≤ R) < α_control, i.e. so few rejections are
///   implausible if the stated power were true. α_control is a share of the check's α, so a
///   correct check with a correctly stated power fails through its controls with probability at
///   most α_control.
public struct Falsifier<Value>: Sendable {
    /// Name of the wrong variant, shown in the report.
    public var name: String
    /// Stated probability in (0, 1] that one run of the check rejects the variant.
    public var minimumPower: Double
    /// Independent runs used to test the stated power (≥ 1).
    public var replicates: Int
    /// The wrong variant of the property.
    public var property: @Sendable (Value, CaseContext) throws -> Void

    /// Requires `minimumPower` in (0, 1] and `replicates` ≥ 1 (checked with `require`).
    public init(_ name: String, minimumPower: Double = 1, replicates: Int = 1,
                property: @escaping @Sendable (Value, CaseContext) throws -> Void) {
        require(minimumPower > 0 && minimumPower <= 1,
                        "Falsifier('\(name)'): minimumPower \(minimumPower) must lie in (0, 1]")
        require(replicates >= 1, "Falsifier('\(name)'): replicates \(replicates) must be ≥ 1")
        self.name = name; self.minimumPower = minimumPower; self.replicates = replicates
        self.property = property
    }
}
