import Foundation
import Numerics
import PropertyCheck
import Experiments

/// Input–output Jacobian of deep linear networks against depth (Sokol & Park, arXiv 1810.03785,
/// §2; docs/THEORY.md FIM-ISOMETRY): σ_max(J)² for J = W^L⋯W^1 with square layers of width n, i.i.d.
/// N(0, 1/n) against Haar-orthogonal. Orthogonal layers keep J an isometry (σ_max² = 1 at every
/// depth); Gaussian ones let σ_max² grow with depth, which is what bounds the Fisher information's
/// largest eigenvalue away from the isometric case.
public enum FisherExperiments {
    public static let jacobianVersusDepth = Experiment(
        name: "fim-jacobian-vs-depth",
        summary: "Deep linear Jacobian (arXiv 1810.03785 §2): σ_max(J)² vs depth, Gaussian vs orthogonal layers",
        grid: { profile in
            let (layers, seeds, width) = shape(profile)
            return ["gaussian", "orthogonal"].flatMap { initialisation in
                layers.flatMap { l in (0..<seeds).map { s in
                    (parameters: ["layers": Double(l), "seed": Double(s), "width": Double(width)],
                     labels: ["initialisation": initialisation]) } }
            }
        },
        measure: { cell, _ in
            let l = Int(cell.parameters["layers"]!), n = Int(cell.parameters["width"]!)
            var stream = RandomStream(seed: cell.seed)
            let x = stream.normalVector(n)
            let network = FullyConnectedNetwork(widths: Array(repeating: n, count: l + 1), activation: .identity, sigmaW: 1, sigmaB: 0,
                                                initialisation: cell.labels["initialisation"] == "orthogonal" ? .orthogonal : .gaussian,
                                                using: &stream)
            let s = try network.jacobians(at: x).inputOutput.spectralNorm()
            return ["sigmaMaxSquared": s * s]
        },
        figures: { result in
            let gaussian = result.values("sigmaMaxSquared", against: "layers", where: ["initialisation": "gaussian"])
            let orthogonal = result.values("sigmaMaxSquared", against: "layers", where: ["initialisation": "orthogonal"])
            var series: [Plot.Series] = [.scatter("Gaussian N(0, 1/n), each seed", gaussian, color: 0),
                                         .means("Gaussian, mean", gaussian, color: 0),
                                         .means("orthogonal, mean", orthogonal, marker: .square, color: 1)]
            var notes: [String] = []
            if let fit = PowerLawFit(gaussian.flatMap { g in g.ys.map { (g.x, $0) } }) {
                series.append(fit.series("Gaussian fit: ∝ L^b, b = \(fit.text)", over: gaussian.map(\.x), color: 0))
                notes.append("Gaussian: σ_max² ∝ L^b, b = \(fit.text)")
            }
            let deviation = orthogonal.flatMap(\.ys).map { abs($0 - 1) }.max() ?? .nan
            notes.append("orthogonal: max |σ_max² − 1| = \(Plot.number(deviation))")
            let width = result.results.first.map { Int($0.cell.parameters["width"]!) } ?? 0
            notes.append("width n = \(width)")
            return [(name: "fim-jacobian-vs-depth", plot: Plot(
                title: "Deep linear network: input–output Jacobian vs depth",
                x: .init("number of layers L", scale: .log), y: .init("σ_max(J)²", scale: .log),
                series: series, notes: notes))]
        })

    static func shape(_ profile: Profile) -> (layers: [Int], seeds: Int, width: Int) {
        switch profile {
        case .quick: return ([1, 2, 4, 8], 5, 16)
        case .ci: return ([1, 2, 4, 8, 16, 32], 20, 32)
        case .deep: return ([1, 2, 4, 8, 16, 32, 64, 128], 40, 128)
        }
    }
}
