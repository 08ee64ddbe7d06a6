/// How the last convolutional feature map (P positions × C_L channels) becomes the input of the
/// final dense layer (THEORY.md §2b).
public enum ConvolutionalReadout: String, Sendable, Codable, CaseIterable {
    /// Global average pooling: the mean over positions, C_L features.
    case globalAveragePooling
    /// Flatten: all P·C_L values (feature α·C_L + c), so the dense layer is normalised by √(P·C_L).
    case flatten
}
