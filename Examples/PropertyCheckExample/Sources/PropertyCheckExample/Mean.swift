/// The arithmetic mean of a non-empty array, by a running update (no overflow for large sums).
public func runningMean(_ values: [Double]) -> Double {
    var mean = 0.0
    for (k, x) in values.enumerated() { mean += (x - mean) / Double(k + 1) }
    return mean
}
