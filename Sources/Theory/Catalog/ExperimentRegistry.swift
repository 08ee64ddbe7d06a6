import Experiments
/// Every experiment `theorycheck sweep` knows, in presentation order. Adding an experiment is one
/// entry here (its grid, cell measurement and figures live beside the model it is about).
public enum ExperimentRegistry {
    public static var all: [Experiment] {
        [DeepLinearExperiments.phaseDiagram, DeepLinearExperiments.phaseBoundary,
         NTKExperiments.errorVersusWidth, NTKExperiments.kernelChangeVersusWidth, NTKConvolutionalExperiments.errorVersusChannels,
         NTKRegimeExperiments.winRateVersusFixedPoint,
         FisherExperiments.jacobianVersusDepth, FisherExperiments.stiefelVersusDepth, FisherExperiments.stiefelOnDigits,
         LowRankExperiments.errorVersusRank, LowRankExperiments.gapVersusDimension, LowRankExperiments.distanceFromOptimum, LowRankExperiments.trainingGapVersusRank,
         NumericsExperiments.qrBackwardError]
    }

    public static func experiment(named name: String) -> Experiment? { all.first { $0.name == name } }
}
