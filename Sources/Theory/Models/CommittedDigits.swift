import Datasets

/// The committed digits file (fixtures/), loaded and checksum-verified once per process and shared
/// by every model trained on it; a missing or damaged file is the same `DatasetError` everywhere.
enum CommittedDigits {
    static let dataset: Result<DigitsDataset, DatasetError> = Result { () throws(DatasetError) in try DigitsDataset.load() }
}
