import PropertyCheckStatistics

/// What a statistical check's evidence function sees: its α and a source of independent samples.
///
/// Sample k of a run (counting across all `draw` calls in order) is generated from
/// `RandomStream(seed: runSeed, stream: k)`, so a run is reproducible from its run seed alone.
public final class StatisticalContext {
    /// The false-failure probability this decision is made at.
    public let alpha: Double
    /// The run seed of this run (the check's, or a negative-control replicate's).
    public let runSeed: UInt64
    /// The resolved settings (profile for sample sizes).
    public let settings: ResolvedSettings
    /// Samples drawn so far.
    public private(set) var samplesDrawn = 0

    init(alpha: Double, runSeed: UInt64, settings: ResolvedSettings) {
        self.alpha = alpha; self.runSeed = runSeed; self.settings = settings
    }

    /// `count` independent draws of `generator`.
    public func draw<Value>(_ generator: Gen<Value>, count: Int) throws -> [Value] {
        require(count >= 0, "StatisticalContext.draw: count \(count) must be ≥ 0")
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            var source = ChoiceSource(stream: nextStream())
            values.append(try generator.generate(&source))
        }
        return values
    }

    /// The stream of the next sample (for measurements that want raw randomness).
    public func nextStream() -> RandomStream {
        defer { samplesDrawn += 1 }
        return RandomStream(seed: runSeed, stream: UInt64(samplesDrawn))
    }

    /// The stream indices of the next `count` samples, reserved at once: sample k of the range is
    /// drawn from `RandomStream(seed: runSeed, stream: k)`, exactly as `count` calls of
    /// ``nextStream()`` would give them, but the caller may consume them in any order — e.g. on
    /// several threads — and the run stays reproducible from its run seed alone.
    public func reserveStreams(_ count: Int) -> Range<UInt64> {
        require(count >= 0, "StatisticalContext.reserveStreams: count \(count) must be ≥ 0")
        defer { samplesDrawn += count }
        return UInt64(samplesDrawn)..<UInt64(samplesDrawn + count)
    }

    /// A sample size scaled by the profile (quick ¼, ci 1, deep 10), never below `minimum`.
    /// Pass as `minimum` the smallest size at which the decision and its negative controls keep
    /// their stated power at the check's α (often the ci size itself: at α ≈ 1e-8 a quarter of the
    /// samples can leave a true claim's interval too wide to exclude the control).
    public func scaled(_ ciSamples: Int, minimum: Int = 2) -> Int {
        settings.scaledSamples(ciSamples, minimum: minimum)
    }
}
