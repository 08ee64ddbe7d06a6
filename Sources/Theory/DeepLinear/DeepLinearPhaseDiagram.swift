import Foundation
import Numerics
import PropertyCheck

/// The depth–width experiment of Hu, Xiao & Pennington (ICLR 2020, arXiv 2001.05992), Figure 1:
/// GD at η = d_y/(2L‖X‖²) on a teacher instance (X with N(0, 1) entries scaled to ‖X‖_F = 1,
/// Y = WX with W Gaussian), for every (depth, width, initialisation).
///
/// **Trainability criterion.** A network is trainable when ℓ(T) ≤ ε·ℓ(0) after T steps. The critical
/// width of one seed (one instance and one draw of the layers per width) is the smallest width of
/// the grid that is trainable, found by bisection over the sorted grid — this assumes trainability
/// is monotone in the width, which the measured grids show away from the boundary; at the boundary
/// bisection returns one of the widths where the outcome flips. A seed with no trainable width in
/// the grid gets twice the largest width (a censored value; the report notes it).
public struct DeepLinearPhaseConfiguration: Sendable, Codable, Hashable {
    public var inputDimension: Int
    public var outputDimension: Int
    public var examples: Int
    public var steps: Int
    public var epsilon: Double
    public var widths: [Int]
    public var depths: [Int]
    /// Independent critical-width measurements per (depth, initialisation).
    public var seeds: Int
    /// Networks per trainability decision: a width is trainable when a strict majority of this many
    /// seeds reaches ℓ(T) ≤ ε·ℓ(0) ("in most seeds").
    public var seedsPerDecision: Int
    /// X with orthonormal columns scaled to ‖X‖_F = 1 (κ = 1, needs n ≤ d_x) instead of Gaussian X,
    /// which removes the instance-to-instance spread of κ from the boundary.
    public var wellConditioned: Bool
    /// The smallest width searched for orthogonal nets. Theorem 4.1 needs m ≥ d_x; below d_x the
    /// first layer has orthonormal rows (a projection), which Figure 1 includes and the theorem
    /// does not cover. The ci grid searches m ≥ d_x; the deep grid, whose d_x = 1024 exceeds
    /// every width but one, searches every width (as the paper's figure does).
    public var orthogonalMinimumWidth: Int

    public init(inputDimension: Int, outputDimension: Int, examples: Int, steps: Int, epsilon: Double,
                widths: [Int], depths: [Int], seeds: Int, seedsPerDecision: Int = 3, wellConditioned: Bool = false,
                orthogonalMinimumWidth: Int? = nil) {
        require(widths.allSatisfy { $0 >= outputDimension } && !widths.isEmpty && depths.allSatisfy { $0 >= 2 } && seeds >= 1,
                          "DeepLinearPhaseConfiguration: widths \(widths) must be ≥ d_y = \(outputDimension), depths \(depths) ≥ 2")
        self.inputDimension = inputDimension; self.outputDimension = outputDimension; self.examples = examples
        self.steps = steps; self.epsilon = epsilon; self.widths = widths.sorted(); self.depths = depths; self.seeds = seeds
        self.seedsPerDecision = seedsPerDecision; self.wellConditioned = wellConditioned
        self.orthogonalMinimumWidth = orthogonalMinimumWidth ?? inputDimension
    }

    /// The calibrated CI grid (docs/THEORY.md §1: d_x = 8, d_y = 4, n = 8, T = 400, ε = 1e-3, where an
    /// independent prototype found Gaussian boundaries m* ≈ 12, 24, 64, 96 at L = 8, 16, 32, 64 and
    /// orthogonal nets trainable at every width 8 ≤ m ≤ 128 for L ≤ 64).
    public static let ci = DeepLinearPhaseConfiguration(
        inputDimension: 8, outputDimension: 4, examples: 8, steps: 400, epsilon: 1e-3,
        widths: [4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256], depths: [4, 8, 16, 32, 64], seeds: 5,
        seedsPerDecision: 3, wellConditioned: true)

    /// Close to the paper's Figure 1: d_x = 1024, n = 16, d_y = 10, Gaussian X (κ ≈ 1.6 at these
    /// sizes), widths 16 … 1024, depths 16 … 256. Steps are reduced from the paper's ~10⁴ to 1000
    /// (fewer steps only move the Gaussian boundary towards larger widths). Long: one GD step costs
    /// ≈ 7.5 ms per layer at m = 1024 and ≈ 0.26 ms at m = 256 (measured, two cores). One Gaussian
    /// critical-width measurement took 1.9 s, 5.0 s and 13 s at L = 16, 32, 64 (m* = 32, 64, 128);
    /// orthogonal ones 0.4 s and 2.8 s at L = 16, 64 (m* = 16, the smallest width). The whole
    /// deep DL-PHASE run took 1246 s on a shared two-core machine and found Gaussian m* = 2L at
    /// every depth 16 … 256 (both seeds; exponent 1) and orthogonal m* = 16 at every depth
    /// (exponent 0). At this grid's factor-2 resolution the log–log fit has zero residual, so its
    /// interval collapses to the point estimate.
    public static let deep = DeepLinearPhaseConfiguration(
        inputDimension: 1024, outputDimension: 10, examples: 16, steps: 1000, epsilon: 1e-3,
        widths: [16, 32, 64, 128, 256, 512, 1024], depths: [16, 32, 64, 128, 256], seeds: 2,
        orthogonalMinimumWidth: 16)

    /// ℓ(T)/ℓ(0) for one network (training stops early once the criterion is met).
    public func lossRatio(_ initialisation: DeepLinearInitialisation, width: Int, depth: Int, seed: UInt64) -> Double {
        var stream = RandomStream(seed: seed, stream: 0)
        guard let problem = try? DeepLinearProblem.teacher(inputDimension: inputDimension, examples: examples,
                                                           outputDimension: outputDimension, wellConditioned: wellConditioned,
                                                           using: &stream) else { return .nan }
        var layerStream = RandomStream(seed: seed, stream: UInt64(1 + width))
        var net = DeepLinearNetwork.initialised(initialisation, inputDimension: inputDimension, width: width,
                                                outputDimension: outputDimension, depth: depth, using: &layerStream)
        let l0 = net.loss(x: problem.x, y: problem.y)
        guard let curve = try? net.trainByGradientDescent(x: problem.x, y: problem.y, stepSize: problem.theoremStepSize(depth: depth),
                                                          steps: steps, stopBelow: epsilon * l0) else { return .infinity }
        return curve[curve.count - 1] / curve[0]
    }

    /// Whether a strict majority of `seedsPerDecision` networks (seeds derived from `seed`) reaches ε.
    public func isTrainable(_ initialisation: DeepLinearInitialisation, width: Int, depth: Int, seed: UInt64) -> Bool {
        var trained = 0
        for j in 0..<seedsPerDecision {
            var s = RandomStream(seed: seed, stream: UInt64(1000 + j))
            if lossRatio(initialisation, width: width, depth: depth, seed: s.next()) <= epsilon { trained += 1 }
        }
        return 2 * trained > seedsPerDecision
    }

    /// The critical width of one seed (see the type's documentation).
    ///
    /// Orthogonal nets are searched only over widths ≥ ``orthogonalMinimumWidth``.
    public func criticalWidth(_ initialisation: DeepLinearInitialisation, depth: Int, seed: UInt64) -> Int {
        let widths = initialisation == .orthogonal ? self.widths.filter { $0 >= orthogonalMinimumWidth } : self.widths
        var low = 0, high = widths.count // invariant: widths[high] trainable (high = count: none known)
        while low < high {
            let mid = (low + high) / 2
            if isTrainable(initialisation, width: widths[mid], depth: depth, seed: seed) { high = mid } else { low = mid + 1 }
        }
        return high < widths.count ? widths[high] : 2 * widths[widths.count - 1]
    }
}

/// A measured phase diagram: the data behind Figure 1, for plotting.
public struct DeepLinearPhaseDiagram: Sendable, Codable, Hashable {
    public var configuration: DeepLinearPhaseConfiguration
    public var baseSeed: UInt64
    /// `lossRatio[initialisation.rawValue][d][w]`: median over seeds of ℓ(T)/ℓ(0) at depth
    /// `configuration.depths[d]`, width `configuration.widths[w]`; nil when the median run diverged
    /// (the loss overflowed: the step size is too large for that initialisation's output scale).
    public var lossRatio: [String: [[Double?]]]
    /// `criticalWidth[initialisation.rawValue][d]`: smallest width whose median ratio is ≤ ε
    /// (nil: none in the grid).
    public var criticalWidth: [String: [Int?]]

    /// Trains every (initialisation, depth, width, seed) of the grid, the cells in parallel.
    /// Seed s of a cell is mix(baseSeed, s): the same instance for every cell of that seed.
    public static func measure(_ configuration: DeepLinearPhaseConfiguration, baseSeed: UInt64) -> DeepLinearPhaseDiagram {
        let inits = DeepLinearInitialisation.allCases
        let c = configuration
        let cells = inits.count * c.depths.count * c.widths.count
        let ratios = independentRunsInParallel(cells * c.seeds) { index -> Double in
            let s = index % c.seeds, cell = index / c.seeds
            let w = cell % c.widths.count, d = (cell / c.widths.count) % c.depths.count, k = cell / (c.widths.count * c.depths.count)
            var seedStream = RandomStream(seed: baseSeed, stream: UInt64(s))
            return c.lossRatio(inits[k], width: c.widths[w], depth: c.depths[d], seed: seedStream.next())
        }
        var table: [String: [[Double?]]] = [:], critical: [String: [Int?]] = [:]
        for (k, initialisation) in inits.enumerated() {
            var rows: [[Double?]] = [], crit: [Int?] = []
            for d in 0..<c.depths.count {
                let row = (0..<c.widths.count).map { w -> Double? in
                    let start = ((k * c.depths.count + d) * c.widths.count + w) * c.seeds
                    let median = ratios[start..<(start + c.seeds)].sorted()[c.seeds / 2]
                    return median.isFinite ? median : nil
                }
                rows.append(row)
                crit.append(row.firstIndex { ($0 ?? .infinity) <= c.epsilon }.map { c.widths[$0] })
            }
            table[initialisation.rawValue] = rows; critical[initialisation.rawValue] = crit
        }
        return DeepLinearPhaseDiagram(configuration: c, baseSeed: baseSeed, lossRatio: table, criticalWidth: critical)
    }
}
