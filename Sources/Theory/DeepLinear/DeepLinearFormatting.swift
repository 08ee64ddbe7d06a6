import Foundation

/// A number for reports: 4 significant digits.
func deepLinearFormat(_ x: Double) -> String { String(format: "%.4g", x) }
