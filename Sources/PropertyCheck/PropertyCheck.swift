/// The property-checking harness. See README.md.
public enum PropertyCheck {}
