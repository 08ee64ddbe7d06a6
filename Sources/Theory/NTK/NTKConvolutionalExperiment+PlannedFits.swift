import Foundation
import Numerics
import PropertyCheck

extension NTKConvolutionalExperiment.Sizes {
    /// The seeds per channel count (and per initialisation) of one convergence-rate or training
    /// fit, with a note for the report: ``PlannedFitSeeds`` over the channel counts `channels` —
    /// `fixed` at quick and ci, planned from a pilot towards ±0.05 within `maximum` at deep.
    /// `measure` returns the fit's measurements of one seed (one per initialisation the fit pools);
    /// `pilotRepeats` is the pilot's seeds per channel count.
    func fitSeeds(_ name: String, settings: CheckSettings, channels: [Int], fixed: Int, maximum: Int, tolerance: Double = 0,
                  pilotRepeats: Int = PlannedFitSeeds.pilotRepeats,
                  measure: @Sendable (_ channels: Int, _ stream: inout RandomStream) throws -> [Double]) rethrows -> (seeds: Int, note: String) {
        try PlannedFitSeeds.seeds(name, settings: settings, points: channels, pointName: "channel count", fixed: fixed,
                                  maximum: maximum, tolerance: tolerance, pilotRepeats: pilotRepeats, measure: measure)
    }
}
