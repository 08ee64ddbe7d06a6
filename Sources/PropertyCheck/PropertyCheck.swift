/// `import PropertyCheck` also imports PropertyCheckStatistics: its types (``RandomStream``,
/// ``ConfidenceInterval``, ``SampleSummary``, the distributions) appear in this module's API, so a
/// client needs no second import to use them.
@_exported import PropertyCheckStatistics

/// The property-checking harness: generators (``Gen``), property checks with integrated shrinking
/// and replay (``PropertyCheck/check(_:_:settings:coverage:falsifiers:property:)``), statistical
/// and scaling-law assertions, and reports (``CheckReport``). See README.md in this folder.
public enum PropertyCheck {}
