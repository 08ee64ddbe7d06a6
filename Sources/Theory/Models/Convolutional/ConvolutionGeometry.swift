import Numerics

/// The spatial layout of a stride-1 convolution in one or two dimensions (THEORY.md §2b): the
/// spatial shape of every feature map, the filter size per axis and the padding.
///
/// Positions α are numbered row-major over the spatial axes (for 2-D, α = a·width + b). Filter
/// offsets β run per axis over −⌊(f−1)/2⌋ … ⌊f/2⌋ (so the centre offset 0 is always present, and an
/// even filter reaches one further forward than back, as `lax.conv` with SAME padding does); they are
/// numbered row-major too. The output at α reads the input at α + β:
/// - `circular`: α + β is taken modulo the size on each axis (the feature map lives on a torus);
/// - `same`: positions outside the map read zeros. The normaliser 1/√(C·|F|) of the layer is not
///   changed at the border, so border positions see a smaller variance.
///
/// Value type; the neighbour table (|P|·|F| integers) is computed once at construction.
public struct ConvolutionGeometry: Sendable, Equatable, Hashable {
    public enum Padding: String, Sendable, Codable, CaseIterable {
        case circular, same
    }

    /// Sizes of the spatial axes (1 or 2 entries, each ≥ 1).
    public let spatialShape: [Int]
    /// Filter size per axis (same number of entries as `spatialShape`, each 1 … 5).
    public let filterShape: [Int]
    public let padding: Padding
    /// The offsets β, one array of per-axis offsets each, in filter order.
    public let offsets: [[Int]]
    /// Row α·|F| + k holds the position read by output α at offset k, or −1 for a zero of the
    /// SAME padding.
    let neighbourTable: [Int]

    /// - Precondition: 1 or 2 axes; sizes ≥ 1; filter sizes in 1 … 5, one per axis.
    public init(spatialShape: [Int], filterShape: [Int], padding: Padding) {
        require((1...2).contains(spatialShape.count) && filterShape.count == spatialShape.count,
                "ConvolutionGeometry: spatial shape \(spatialShape) and filter \(filterShape) need 1 or 2 matching axes")
        require(spatialShape.allSatisfy { $0 >= 1 }, "ConvolutionGeometry: spatial sizes \(spatialShape) must be ≥ 1")
        require(filterShape.allSatisfy { (1...5).contains($0) }, "ConvolutionGeometry: filter sizes \(filterShape) must be in 1…5")
        self.spatialShape = spatialShape
        self.filterShape = filterShape
        self.padding = padding
        var axisOffsets: [[Int]] = []
        for f in filterShape { axisOffsets.append(Array((-((f - 1) / 2))...(f / 2))) }
        var offsets: [[Int]] = [[]]
        for axis in axisOffsets { offsets = offsets.flatMap { prefix in axis.map { prefix + [$0] } } }
        self.offsets = offsets
        let positions = spatialShape.reduce(1, *)
        var table = [Int](repeating: -1, count: positions * offsets.count)
        for alpha in 0..<positions {
            let coordinates = ConvolutionGeometry.coordinates(of: alpha, in: spatialShape)
            for (k, beta) in offsets.enumerated() {
                var index = 0, inside = true
                for axis in 0..<spatialShape.count {
                    let size = spatialShape[axis]
                    var c = coordinates[axis] + beta[axis]
                    switch padding {
                    case .circular: c = ((c % size) + size) % size
                    case .same: if c < 0 || c >= size { inside = false }
                    }
                    index = index * size + c
                }
                table[alpha * offsets.count + k] = inside ? index : -1
            }
        }
        self.neighbourTable = table
    }

    /// A 1-D geometry of `length` positions and a filter of size `filter`.
    public static func oneDimensional(length: Int, filter: Int, padding: Padding) -> ConvolutionGeometry {
        ConvolutionGeometry(spatialShape: [length], filterShape: [filter], padding: padding)
    }

    /// A 2-D geometry of `height`×`width` positions and a `filter`×`filter` filter.
    public static func twoDimensional(height: Int, width: Int, filter: Int, padding: Padding) -> ConvolutionGeometry {
        ConvolutionGeometry(spatialShape: [height, width], filterShape: [filter, filter], padding: padding)
    }

    /// P: the number of spatial positions.
    public var positionCount: Int { spatialShape.reduce(1, *) }
    /// |F|: the number of filter offsets (f or f_1·f_2).
    public var offsetCount: Int { offsets.count }
    /// The index of the offset 0 (the centre tap, the only one delta-orthogonal weights use).
    public var centreOffset: Int { offsets.firstIndex(of: Array(repeating: 0, count: spatialShape.count))! }

    /// The position that output `position` reads at offset number `offset`, or nil for a zero of
    /// the SAME padding.
    public func neighbour(position: Int, offset: Int) -> Int? {
        require(position >= 0 && position < positionCount && offset >= 0 && offset < offsetCount,
                "ConvolutionGeometry.neighbour: position \(position), offset \(offset) out of range (P = \(positionCount), |F| = \(offsetCount))")
        let n = neighbourTable[position * offsetCount + offset]
        return n < 0 ? nil : n
    }

    /// The same layout with a 1×…×1 filter: the geometry whose kernel delta-orthogonal weights
    /// converge to (every position is then processed independently).
    public var unitFilter: ConvolutionGeometry {
        ConvolutionGeometry(spatialShape: spatialShape, filterShape: spatialShape.map { _ in 1 }, padding: padding)
    }

    /// The per-axis coordinates of position α (row-major).
    public func coordinates(of position: Int) -> [Int] {
        require(position >= 0 && position < positionCount, "ConvolutionGeometry.coordinates: position \(position) out of range (P = \(positionCount))")
        return ConvolutionGeometry.coordinates(of: position, in: spatialShape)
    }

    static func coordinates(of position: Int, in shape: [Int]) -> [Int] {
        var rest = position
        var out = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            out[axis] = rest % shape[axis]; rest /= shape[axis]
        }
        return out
    }

    public static func == (lhs: ConvolutionGeometry, rhs: ConvolutionGeometry) -> Bool {
        lhs.spatialShape == rhs.spatialShape && lhs.filterShape == rhs.filterShape && lhs.padding == rhs.padding
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(spatialShape); hasher.combine(filterShape); hasher.combine(padding)
    }
}
