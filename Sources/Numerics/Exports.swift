/// Numerics builds on PropertyCheckStatistics (random streams, special functions, statistics, the
/// `require` check, `NumericsError`) and re-exports it, so `import Numerics` keeps giving every
/// module of the suite the whole numerical toolkit.
@_exported import PropertyCheckStatistics
