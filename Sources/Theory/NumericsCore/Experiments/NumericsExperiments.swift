import Experiments
import Foundation
import Numerics
import PropertyCheck

/// Sweeps of the numerics core, so the sweep machinery has experiments that need no model.
public enum NumericsExperiments {
    /// Householder QR of Gaussian n×n matrices: normwise backward error ‖A − QR‖_F / ‖A‖_F and loss
    /// of orthogonality ‖QᵀQ − I‖_F, both in units of u = 2⁻⁵³, against n. Backward-stability theory
    /// (Higham, Accuracy and Stability, Thm 19.4) bounds both by a low-degree polynomial in n times
    /// u; in practice they grow far slower than the bound, roughly like √n to n.
    public static let qrBackwardError = Experiment(
        name: "qr-backward-error",
        summary: "Householder QR of Gaussian n×n matrices: backward error and orthogonality loss (units of u) vs n",
        grid: { profile in
            let sizes: [Int]
            switch profile {
            case .quick: sizes = [8, 16, 32, 64]
            case .ci: sizes = [8, 16, 32, 64, 128, 256]
            case .deep: sizes = [8, 16, 32, 64, 128, 256, 512, 1024]
            }
            let repeats = profile == .quick ? 3 : 5
            return sizes.flatMap { n in (0..<repeats).map { r in (parameters: ["n": Double(n), "repeat": Double(r)], labels: [String: String]()) } }
        },
        measure: { cell, _ in
            let n = Int(cell.parameters["n"]!)
            var stream = RandomStream(seed: cell.seed)
            let a = Matrix.gaussian(rows: n, columns: n, using: &stream)
            let f = try a.qr()
            let q = f.q, r = f.r
            let u = RoundingModel.unitRoundoff
            let residual = (Matrix.product(q.slice(rows: 0..<n), r.slice(rows: 0..<n)) - a).frobeniusNorm / a.frobeniusNorm
            let orthogonality = (Matrix.product(q.slice(rows: 0..<n), q.slice(rows: 0..<n), transposeA: true) - Matrix.identity(n)).frobeniusNorm
            return ["backwardError": residual / u, "orthogonalityLoss": orthogonality / u]
        },
        figures: { result in
            let backward = result.values("backwardError", against: "n")
            let orthogonality = result.values("orthogonalityLoss", against: "n")
            var series = [Plot.Series.scatter("‖A − QR‖_F/‖A‖_F, each matrix", backward, color: 0),
                          Plot.Series.means("backward error, geometric mean", backward, geometric: true, color: 0),
                          Plot.Series.scatter("‖QᵀQ − I‖_F, each matrix", orthogonality, color: 1),
                          Plot.Series.means("orthogonality loss, geometric mean", orthogonality, geometric: true, marker: .square, color: 1)]
            var notes: [String] = []
            let xs = backward.map(\.x)
            if let fit = PowerLawFit(backward.flatMap { g in g.ys.map { (g.x, $0) } }) {
                series.append(fit.series("fit: backward ∝ n^b, b = \(fit.text)", over: xs, color: 0))
                notes.append("backward-error slope \(fit.text)")
            }
            if let fit = PowerLawFit(orthogonality.flatMap { g in g.ys.map { (g.x, $0) } }) {
                series.append(fit.series("fit: orthogonality ∝ n^b, b = \(fit.text)", over: xs, color: 1))
                notes.append("orthogonality slope \(fit.text)")
            }
            return [(name: "qr-backward-error", plot: Plot(
                title: "Householder QR: backward error vs size",
                x: .init("matrix size n", scale: .log), y: .init("error / unit roundoff u", scale: .log),
                series: series, notes: notes))]
        })
}
