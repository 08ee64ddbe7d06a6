import Numerics

extension ConvolutionGeometry {
    /// The patch matrix ("im2col") of a batch of feature maps: `features` is (batch·P) × C (row
    /// b·P + α holds example b's channels at position α); the result is (batch·P) × (|F|·C), row
    /// b·P + α holding, for each offset k in filter order, the C channels at the position α reads
    /// at offset k (zeros where the SAME padding applies). A stride-1 convolution is then one GEMM
    /// with the (|F|·C) × C_out stacked filter. Pure copies: exact.
    public func patches(of features: Matrix, batch: Int) -> Matrix {
        let positions = positionCount, taps = offsetCount, channels = features.columns
        require(batch >= 0 && features.rows == batch * positions,
                "ConvolutionGeometry.patches: \(features.shapeDescription) features for \(batch) examples of \(positions) positions")
        var out = Matrix(rows: batch * positions, columns: taps * channels)
        let table = neighbourTable
        features.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                table.withUnsafeBufferPointer { nb in
                    for b in 0..<batch {
                        for alpha in 0..<positions {
                            let row = (b * positions + alpha) * taps * channels
                            for k in 0..<taps {
                                let n = nb[alpha * taps + k]
                                if n < 0 { continue } // stays 0: the SAME padding
                                let from = (b * positions + n) * channels, to = row + k * channels
                                for c in 0..<channels { dst[to + c] = src[from + c] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The adjoint of ``patches(of:batch:)``: given ∂ℓ/∂(patch matrix), (batch·P) × (|F|·C),
    /// returns ∂ℓ/∂features, (batch·P) × C, by adding each patch entry back to the position it was
    /// copied from. Each output entry is a sum of at most |F| terms added in a fixed order, so the
    /// result is deterministic.
    public func foldPatches(_ patchGradients: Matrix, batch: Int) -> Matrix {
        let positions = positionCount, taps = offsetCount
        require(batch >= 0 && patchGradients.rows == batch * positions && patchGradients.columns % taps == 0,
                "ConvolutionGeometry.foldPatches: \(patchGradients.shapeDescription) for \(batch) examples of \(positions) positions and \(taps) offsets")
        let channels = patchGradients.columns / taps
        var out = Matrix(rows: batch * positions, columns: channels)
        let table = neighbourTable
        patchGradients.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                table.withUnsafeBufferPointer { nb in
                    for b in 0..<batch {
                        for alpha in 0..<positions {
                            let row = (b * positions + alpha) * taps * channels
                            for k in 0..<taps {
                                let n = nb[alpha * taps + k]
                                if n < 0 { continue }
                                let to = (b * positions + n) * channels, from = row + k * channels
                                for c in 0..<channels { dst[to + c] += src[from + c] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
