import PropertyCheckStatistics
/// A wrong variant of a statistical check: its evidence must come out inconsistent.
public struct StatisticalFalsifier: Sendable {
    /// Name of the wrong variant, shown in the report.
    public var name: String
    /// Stated probability in (0, 1] that one run rejects the variant at the check's α.
    public var minimumPower: Double
    /// Independent runs (each on its own seed) used to test the stated power (≥ 1).
    public var replicates: Int
    /// Computes the wrong variant's evidence; it must come out inconsistent for a rejection.
    public var evidence: @Sendable (StatisticalContext) throws -> StatisticalEvidence

    /// - Parameters:
    ///   - minimumPower: the stated probability that one run rejects the variant at the check's α.
    ///   - replicates: independent runs used to test that statement (see ``Falsifier``).
    public init(_ name: String, minimumPower: Double, replicates: Int = 1,
                evidence: @escaping @Sendable (StatisticalContext) throws -> StatisticalEvidence) {
        require(minimumPower > 0 && minimumPower <= 1,
                        "StatisticalFalsifier('\(name)'): minimumPower \(minimumPower) must lie in (0, 1]")
        require(replicates >= 1, "StatisticalFalsifier('\(name)'): replicates must be ≥ 1")
        self.name = name; self.minimumPower = minimumPower; self.replicates = replicates; self.evidence = evidence
    }
}
