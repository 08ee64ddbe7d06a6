/// The property-checking harness: generators (``Gen``), property checks with integrated shrinking
/// and replay (``PropertyCheck/check(_:_:settings:coverage:falsifiers:property:)``), statistical
/// and scaling-law assertions, and reports (``CheckReport``). See README.md in this folder.
public enum PropertyCheck {}
