import Foundation
import Numerics
import PropertyCheck
import Experiments

/// Finite-width NTK sweeps (Huang, Du & Xu, IJCAI 2021, arXiv 2004.05867; docs/THEORY.md NTK-EQUAL,
/// NTK-CONSTANT) on the model's default architecture (ReLU, L = 3 hidden layers, four inputs):
/// the relative distance of the empirical kernel at initialisation from the analytic one, and the
/// relative change of the kernel during gradient descent, against the width n, for Gaussian and
/// orthogonal initialisation. Theory: both shrink like n^(−1/2).
public enum NTKExperiments {
    /// The figures' sizes are the claims' (``NTKClaims/Sizes``), so a figure shows data of the
    /// size the verdict was decided on: at ci exactly the claims' widths, seeds, steps and step
    /// factor; at deep the same widths, steps and step factor with the least seeds the fits' plans
    /// take (the figures show the trend, they do not decide). At quick — a preview used to test the
    /// figure machinery — the first three widths with three seeds each.
    static func sizes(_ profile: Profile) -> NTKClaims.Sizes {
        var sizes = NTKClaims.Sizes.forProfile(profile)
        if profile == .quick {
            sizes.widths = Array(sizes.widths.prefix(3)); sizes.seeds = 3
            sizes.trainingWidths = Array(sizes.trainingWidths.prefix(3)); sizes.trainingSeeds = 3
        }
        return sizes
    }

    static func grid(widths: [Int], seeds: Int) -> [(parameters: [String: Double], labels: [String: String])] {
        ["gaussian", "orthogonal"].flatMap { initialisation in
            widths.flatMap { n in (0..<seeds).map { s in
                (parameters: ["width": Double(n), "seed": Double(s)], labels: ["initialisation": initialisation]) } }
        }
    }

    static func initialisation(_ cell: SweepCell) -> FullyConnectedNetwork.Initialisation {
        cell.labels["initialisation"] == "orthogonal" ? .orthogonal : .gaussian
    }

    /// Per initialisation: every run as markers, the geometric mean, and a fitted power law.
    static func widthPlot(_ result: SweepResult, value: String, title: String, yLabel: String, theory: String) -> Plot {
        var series: [Plot.Series] = [], notes: [String] = []
        for (k, name) in ["gaussian", "orthogonal"].enumerated() {
            let groups = result.values(value, against: "width", where: ["initialisation": name])
            let label = name == "gaussian" ? "Gaussian" : "orthogonal"
            series.append(.scatter("\(label), each seed", groups, color: k))
            series.append(.means("\(label), geometric mean", groups, geometric: true, marker: k == 0 ? .circle : .square, color: k))
            if let fit = PowerLawFit(groups.flatMap { g in g.ys.map { (g.x, $0) } }) {
                series.append(fit.series("\(label) fit: slope \(fit.text)", over: groups.map(\.x), color: k))
                notes.append("\(label): slope \(fit.text) (theory \(theory))")
            }
        }
        return Plot(title: title, x: .init("width n", scale: .log), y: .init(yLabel, scale: .log), series: series, notes: notes)
    }

    public static let errorVersusWidth = Experiment(
        name: "ntk-error-vs-width",
        summary: "NTK at initialisation (arXiv 2004.05867): ‖Θ̂ − Θ‖_F/‖Θ‖_F vs width, Gaussian vs orthogonal",
        grid: { profile in let sizes = sizes(profile); return grid(widths: sizes.widths, seeds: sizes.seeds) },
        measure: { cell, _ in
            var stream = RandomStream(seed: cell.seed)
            let error = NTKClaims.experiment.relativeKernelError(width: Int(cell.parameters["width"]!), initialisation: initialisation(cell),
                                                            using: &stream)
            return ["relativeKernelError": error]
        },
        figures: { result in
            [(name: "ntk-error-vs-width", plot: widthPlot(result, value: "relativeKernelError",
                                                          title: "Empirical vs analytic NTK at initialisation",
                                                          yLabel: "‖Θ̂ − Θ‖_F / ‖Θ‖_F", theory: "−0.5"))]
        })

    public static let kernelChangeVersusWidth = Experiment(
        name: "ntk-change-vs-width",
        summary: "NTK during training (arXiv 2004.05867): ‖Θ̂_T − Θ̂₀‖_F/‖Θ̂₀‖_F after the NTK-CONSTANT steps at its η vs width",
        grid: { profile in let sizes = sizes(profile); return grid(widths: sizes.trainingWidths, seeds: sizes.trainingSeeds) },
        measure: { cell, profile in
            var stream = RandomStream(seed: cell.seed)
            let run = try NTKClaims.experiment.trainingRun(width: Int(cell.parameters["width"]!), initialisation: initialisation(cell),
                                                           stepFactor: NTKClaims.smallStepFactor, steps: sizes(profile).steps,
                                                           using: &stream)
            return ["relativeKernelChange": run.relativeKernelChange, "linearisationGap": run.linearisationGap,
                    "lossRatio": run.lossRatio]
        },
        figures: { result in
            [(name: "ntk-change-vs-width", plot: widthPlot(result, value: "relativeKernelChange",
                                                           title: "Relative NTK change during training",
                                                           yLabel: "‖Θ̂_T − Θ̂₀‖_F / ‖Θ̂₀‖_F", theory: "≤ −0.5")),
             (name: "ntk-linearisation-gap-vs-width", plot: widthPlot(result, value: "linearisationGap",
                                                                      title: "Distance from the linearised model during training",
                                                                      yLabel: "max_t ‖f_t − f_t^lin‖ / ‖f₀ − y‖", theory: "≤ −0.5"))]
        })
}
