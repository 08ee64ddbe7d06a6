import Foundation
import Numerics
import PropertyCheck
import Experiments

/// Finite-channel CNN NTK sweeps (Huang, Du & Xu, IJCAI 2021, arXiv 2004.05867; docs/THEORY.md
/// NTK-CNN-EQUAL) on ``NTKConvolutionalExperiment/Sizes`` — the same architecture as the claim and
/// its figure sizes (the claim's channel counts and seeds at quick and ci, 1-D; 2-D 8 × 8 to
/// C = 1024 with 32 seeds at deep, where the claim's fits use C ≤ 512 and 96): the relative distance of
/// the empirical NTK at initialisation from the analytic full-filter CNN kernel, against C, for
/// Gaussian, orthogonal and delta-orthogonal filters. Theory: Gaussian and orthogonal errors shrink
/// like C^(−1/2); the delta-orthogonal error levels off at the distance between its own limit and the
/// full-filter kernel, while its distance to its own limit shrinks like C^(−1/2).
public enum NTKConvolutionalExperiments {
    static let initialisations: [ConvolutionalNetwork.Initialisation] = [.gaussian, .orthogonal, .deltaOrthogonal]

    static func grid(_ profile: Profile) -> [(parameters: [String: Double], labels: [String: String])] {
        let sizes = NTKConvolutionalExperiment.Sizes(profile)
        return initialisations.flatMap { initialisation in
            sizes.figureChannels.flatMap { c in (0..<sizes.figureSeeds).map { s in
                (parameters: ["channels": Double(c), "seed": Double(s)], labels: ["initialisation": initialisation.rawValue]) } }
        }
    }

    static func label(_ initialisation: ConvolutionalNetwork.Initialisation) -> String {
        switch initialisation {
        case .gaussian: return "Gaussian"
        case .orthogonal: return "orthogonal"
        case .deltaOrthogonal: return "delta-orthogonal"
        }
    }

    /// Per initialisation: every run as markers, the geometric mean, and a fitted power law; then the
    /// delta-orthogonal networks' distance to their own limit (means and fit only).
    static func channelPlot(_ result: SweepResult, profile: String) -> Plot {
        var series: [Plot.Series] = [], notes: [String] = []
        func add(_ name: String, _ groups: [(x: Double, ys: [Double])], color: Int, marker: Plot.Series.Marker, scatter: Bool, theory: String) {
            if scatter { series.append(.scatter("\(name), each seed", groups, color: color)) }
            series.append(.means("\(name), geometric mean", groups, geometric: true, marker: marker, color: color))
            if let fit = PowerLawFit(groups.flatMap { g in g.ys.map { (g.x, $0) } }) {
                series.append(fit.series("\(name) fit: slope \(String(format: "%.2f", fit.exponent))", over: groups.map(\.x), color: color))
                notes.append("\(name): slope \(fit.text) (theory \(theory))")
            }
        }
        for (k, initialisation) in initialisations.enumerated() {
            let groups = result.values("relativeKernelError", against: "channels", where: ["initialisation": initialisation.rawValue])
            add("\(label(initialisation)) vs Θ_CNN", groups, color: k, marker: k == 1 ? .square : .circle, scatter: true,
                theory: initialisation == .deltaOrthogonal ? "levels off: a different limit" : "−0.5")
        }
        let own = result.values("relativeErrorToDeltaLimit", against: "channels", where: ["initialisation": ConvolutionalNetwork.Initialisation.deltaOrthogonal.rawValue])
        add("delta-orthogonal vs its own limit", own, color: 3, marker: .square, scatter: false, theory: "−0.5")
        let sizes = NTKConvolutionalExperiment.Sizes(Profile(rawValue: profile) ?? .ci)
        let g = sizes.experiment.geometry
        let shape = g.spatialShape.count == 1 ? "1-D input of \(g.positionCount) positions" : "\(g.spatialShape[0])×\(g.spatialShape[1]) input"
        let setting = "\(shape), filter \(g.filterShape.map(String.init).joined(separator: "×")), "
            + "\(g.padding.rawValue) padding, L = \(sizes.experiment.depth), ReLU"
        return Plot(title: "Empirical vs analytic CNN NTK at initialisation (\(setting))",
                    x: .init("channels C", scale: .log), y: .init("‖Θ̂ − Θ‖_F / ‖Θ‖_F", scale: .log), series: series, notes: notes)
    }

    public static let errorVersusChannels = Experiment(
        name: "ntk-cnn-error-vs-channels",
        summary: "CNN NTK at initialisation (arXiv 2004.05867): ‖Θ̂ − Θ‖_F/‖Θ‖_F vs channels, Gaussian, orthogonal, delta-orthogonal",
        grid: grid,
        measure: { cell, profile in
            let e = NTKConvolutionalExperiment.Sizes(profile).experiment
            let initialisation = ConvolutionalNetwork.Initialisation(rawValue: cell.labels["initialisation"]!)!
            var stream = RandomStream(seed: cell.seed)
            let kernels = e.empiricalKernels(channels: Int(cell.parameters["channels"]!), initialisation: initialisation, using: &stream)
            let full = e.analyticKernels(.fullFilter).ntk
            var values: [String: Double?] = ["relativeKernelError": (kernels.ntk - full).frobeniusNorm / full.frobeniusNorm]
            if initialisation == .deltaOrthogonal {
                let own = e.analyticKernels(.deltaOrthogonal).ntk
                values["relativeErrorToDeltaLimit"] = (kernels.ntk - own).frobeniusNorm / own.frobeniusNorm
            }
            return values
        },
        figures: { result in
            [(name: "ntk-cnn-error-vs-channels", plot: channelPlot(result, profile: result.profile))]
        })
}
