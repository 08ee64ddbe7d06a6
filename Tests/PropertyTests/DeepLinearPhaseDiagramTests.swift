import Foundation
import Numerics
import Testing
@testable import Theory

/// The measured phase-diagram grid: its shape, its JSON form, and the facts that bracket it.
@Suite struct DeepLinearPhaseDiagramTests {
    static let tiny = DeepLinearPhaseConfiguration(inputDimension: 8, outputDimension: 4, examples: 8, steps: 400, epsilon: 1e-3,
                                                   widths: [4, 8, 48], depths: [4, 32], seeds: 3, wellConditioned: true)

    @Test func gridHasEveryCellAndRoundTripsThroughJSON() throws {
        let diagram = DeepLinearPhaseDiagram.measure(Self.tiny, baseSeed: 5)
        for initialisation in DeepLinearInitialisation.allCases {
            let rows = try #require(diagram.lossRatio[initialisation.rawValue])
            #expect(rows.count == 2 && rows.allSatisfy { $0.count == 3 && $0.allSatisfy { ($0 ?? 0) >= 0 } })
        }
        // Orthogonal nets at m ≥ d_x train at every depth (DL-ORTH-RATE: κ = 1, rate ≥ 3/4 per step);
        // narrow Gaussian nets at L = 32 do not (DL-GAUSS-STALL regime, L/m = 8).
        let orthogonal = diagram.lossRatio["orthogonal"]!, gaussian = diagram.lossRatio["gaussian"]!
        #expect(orthogonal.allSatisfy { ($0[1] ?? 1) <= Self.tiny.epsilon && ($0[2] ?? 1) <= Self.tiny.epsilon })
        #expect((gaussian[1][0] ?? .infinity) > Self.tiny.epsilon)
        #expect(diagram.criticalWidth["orthogonal"]! == [8, 8] || diagram.criticalWidth["orthogonal"]!.allSatisfy { ($0 ?? 99) <= 8 })
        let decoded = try JSONDecoder().decode(DeepLinearPhaseDiagram.self, from: try JSONEncoder().encode(diagram))
        #expect(decoded == diagram)
    }
}
