import Foundation
import Numerics
import PropertyCheck
import Experiments

/// The depth–width phase diagram of deep linear networks (Hu, Xiao & Pennington, ICLR 2020,
/// arXiv 2001.05992, Figure 1): for every (initialisation, depth L, width m) and seed, the loss
/// ratio ℓ(T)/ℓ(0) after T steps of gradient descent at the theorem's step size. A (depth, width)
/// is trainable when the median ratio over seeds reaches ε; the critical width of a depth is the
/// smallest trainable width. The paper: Gaussian nets need m* growing linearly in L, orthogonal
/// nets a depth-independent width.
public enum DeepLinearExperiments {
    public static let phaseDiagram = Experiment(
        name: "dl-phase-diagram",
        summary: "Deep linear networks (arXiv 2001.05992, Fig. 1): trainability over depth × width, Gaussian vs orthogonal",
        // Seed s is one teacher instance shared by every (initialisation, depth, width), as in the
        // model's own phase diagram.
        seedCoordinates: ["seed"],
        grid: { profile in
            let c = configuration(profile)
            return DeepLinearInitialisation.allCases.flatMap { initialisation in
                c.depths.flatMap { depth in
                    c.widths.flatMap { width in
                        (0..<c.seeds).map { s in
                            (parameters: ["depth": Double(depth), "width": Double(width), "seed": Double(s)],
                             labels: ["initialisation": initialisation.rawValue])
                        }
                    }
                }
            }
        },
        measure: { cell, profile in
            let c = configuration(profile)
            let initialisation = DeepLinearInitialisation(rawValue: cell.labels["initialisation"]!)!
            let ratio = c.lossRatio(initialisation, width: Int(cell.parameters["width"]!), depth: Int(cell.parameters["depth"]!),
                                    seed: cell.seed)
            return ["lossRatio": ratio.isFinite ? ratio : nil, "diverged": ratio.isFinite ? 0 : 1]
        },
        figures: { result in
            let profile = Profile(rawValue: result.profile) ?? .ci
            let c = configuration(profile)
            var boundaries: [Plot.Series] = []
            var notes = ["orthogonal searched over m ≥ \(c.orthogonalMinimumWidth) (Thm 4.1: m ≥ d_x)",
                         "trainable: median ℓ(T)/ℓ(0) ≤ \(c.epsilon) after \(c.steps) steps",
                         "d_x = \(c.inputDimension), d_y = \(c.outputDimension), n = \(c.examples)"]
            var grids: [(name: String, plot: Plot)] = []
            for (k, initialisation) in DeepLinearInitialisation.allCases.enumerated() {
                let table = medianTable(result, initialisation: initialisation.rawValue)
                var critical: [(x: Double, y: Double)] = []
                var trainable: [(x: Double, y: Double)] = [], stuck: [(x: Double, y: Double)] = []
                // Theorem 4.1 covers orthogonal nets of width m ≥ d_x only: their critical width is
                // searched there (as the model's own phase diagram does); narrower cells still show.
                let floor = initialisation == .orthogonal ? Double(c.orthogonalMinimumWidth) : 0
                for depth in table.keys.sorted() {
                    let row = table[depth]!
                    for (width, median) in row.sorted(by: { $0.key < $1.key }) {
                        if let median, median <= c.epsilon { trainable.append((depth, width)) } else { stuck.append((depth, width)) }
                    }
                    if let m = row.keys.sorted().first(where: { $0 >= floor && ((row[$0] ?? nil).map { $0 <= c.epsilon } ?? false) }) {
                        critical.append((depth, m))
                    }
                }
                let name = initialisation == .gaussian ? "Gaussian" : "orthogonal"
                boundaries.append(Plot.Series("\(name): critical width m*(L)", points: critical, marker: k == 0 ? .circle : .square, color: k))
                // The boundary line: m* ∝ L^b fitted on log–log axes.
                if let fit = PowerLawFit(critical) {
                    boundaries.append(fit.series("\(name) fit: m* ∝ L^b, b = \(fit.text)",
                                                 over: critical.map(\.x), color: k))
                    notes.append("\(name): m* ∝ L^b, b = \(fit.text)")
                }
                grids.append((name: "dl-phase-grid-\(initialisation.rawValue)", plot: Plot(
                    title: "Deep linear network, \(name) init: trainable (depth, width)",
                    x: .init("depth L", scale: .log), y: .init("width m", scale: .log),
                    series: [Plot.Series("trainable", points: trainable, style: .markers, marker: .circle, color: 2),
                             Plot.Series("not trainable", points: stuck, style: .markers, marker: .cross, color: 1),
                             Plot.Series("critical width", points: critical, style: .line, color: 6)],
                    notes: ["median over \(c.seeds) seed(s) per cell", "trainable: ℓ(T)/ℓ(0) ≤ \(c.epsilon), T = \(c.steps)"]
                        + (initialisation == .orthogonal ? ["critical width searched over m ≥ \(c.orthogonalMinimumWidth) (Thm 4.1: m ≥ d_x)"] : []))))
            }
            let diagram = Plot(title: "Deep linear networks: depth–width phase diagram",
                               x: .init("depth L", scale: .log), y: .init("critical width m* (smallest trainable)", scale: .log),
                               series: boundaries, notes: notes)
            return [(name: "dl-phase-diagram", plot: diagram)] + grids
        })

    /// The model's calibrated grids; quick is the ci grid at fewer depths, widths and seeds.
    static func configuration(_ profile: Profile) -> DeepLinearPhaseConfiguration {
        switch profile {
        case .quick:
            let c = DeepLinearPhaseConfiguration.ci
            return DeepLinearPhaseConfiguration(
                inputDimension: c.inputDimension, outputDimension: c.outputDimension, examples: c.examples, steps: c.steps,
                epsilon: c.epsilon, widths: [4, 8, 16, 32, 64, 128], depths: [4, 8, 16, 32], seeds: 1,
                seedsPerDecision: c.seedsPerDecision, wellConditioned: c.wellConditioned)
        case .ci: return .ci
        case .deep: return .deep
        }
    }

    /// depth → width → median loss ratio over seeds (nil when the median run diverged).
    static func medianTable(_ result: SweepResult, initialisation: String) -> [Double: [Double: Double?]] {
        var runs: [Double: [Double: [Double]]] = [:]
        for r in result.results where r.cell.labels["initialisation"] == initialisation {
            let ratio = (r.values["lossRatio"] ?? nil) ?? .infinity
            runs[r.cell.parameters["depth"]!, default: [:]][r.cell.parameters["width"]!, default: []].append(ratio)
        }
        return runs.mapValues { row in
            row.mapValues { ratios -> Double? in
                let median = ratios.sorted()[ratios.count / 2]
                return median.isFinite ? median : nil
            }
        }
    }
}
