import Foundation
import Numerics
import PropertyCheck

extension FisherClaims {
    /// FIM-NTK-SPECTRUM: the non-zero eigenvalues of (1/N)J_allᵀJ_all and (1/N)J_allJ_allᵀ coincide.
    public static let ntkSpectrum = Claim(
        id: "FIM-NTK-SPECTRUM", family: family,
        citation: "Sokol & Park, arXiv 1810.03785, §3 (Fisher and NTK share their non-zero spectrum); Jacot et al. 2018",
        statement: "For regression the non-zero eigenvalues of the Fisher (1/N)JᵀJ and of the empirical NTK (1/N)JJᵀ coincide",
        kind: .exact
    ) { settings in
        // Both matrices come from the same J; each eigenvalue is computed to 1e-13·dim·‖·‖_F
        // (NUM-EIGEN target) and each matrix is formed with entrywise error ≤ γ_{Nk}|J|ᵀ|J|/N,
        // whose norm is ≤ Nk·u·‖J‖_F²/N = Nk·u·tr G. So |λ_i(G) − λ_i(K)| ≤ 2e-13·max(P, Nk)·tr G.
        func property(fisherOverNSquared: Bool) -> @Sendable (FisherCase, CaseContext) throws -> Void {
            { c, context in
                let fisher = FisherInformation(network: c.network, inputs: c.inputs, link: .identity)
                var g = fisher.gaussNewton
                if fisherOverNSquared { g = g / Double(fisher.exampleCount) } // a planted double normalisation
                let k = fisher.empiricalNTK
                let eg = try g.symmetricEigenvalues().reversed().map { $0 }, ek = try k.symmetricEigenvalues().reversed().map { $0 }
                let shared = Swift.min(eg.count, ek.count)
                let tol = 2e-13 * Double(Swift.max(g.rows, k.rows)) * fisher.gaussNewton.trace + .leastNormalMagnitude
                var worst = 0.0
                for i in 0..<shared { worst = Swift.max(worst, Swift.abs(eg[i] - ek[i])) }
                for i in shared..<eg.count { worst = Swift.max(worst, Swift.abs(eg[i])) }
                for i in shared..<ek.count { worst = Swift.max(worst, Swift.abs(ek[i])) }
                context.classify(g.rows < k.rows, "P < Nk")
                try context.expect(worst, .lessOrEqual, tol, "max |λ_i(Fisher) − λ_i(NTK)| (extra eigenvalues vs 0)")
            }
        }
        return [PropertyCheck.check("FIM-NTK-SPECTRUM", FisherCase.generator(links: [.identity]), settings: settings,
                                    falsifiers: [Falsifier("Fisher normalised by 1/N²", property: property(fisherOverNSquared: true))],
                                    property: property(fisherOverNSquared: false))]
    }
}
