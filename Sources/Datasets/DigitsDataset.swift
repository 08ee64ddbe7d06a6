import Foundation
import Numerics

/// The UCI optical handwritten digits (Alpaydin & Kaynak, 1998; doi:10.24432/C50P49; CC BY 4.0):
/// 1,797 images of 8×8 pixels, each pixel the count (0…16) of set bits in a 4×4 block of a 32×32
/// bitmap, labelled 0…9. The copy is the one scikit-learn ships, converted once by
/// `scripts/digits_data.py` into `fixtures/data/digits-8x8.bin` (format in that script and in
/// `fixtures/data/README.md`).
///
/// Loading checks the file's SHA-256 against ``expectedSHA256`` before parsing it, so an analysis
/// runs on exactly the recorded bytes or not at all.
public struct DigitsDataset: Sendable {
    public static let imageHeight = 8
    public static let imageWidth = 8
    public static let pixelCount = 64
    public static let classCount = 10
    /// The largest pixel value (a 4×4 block has 16 bits).
    public static let maximumPixel = 16
    public static let fileName = "digits-8x8.bin"
    /// SHA-256 of the committed file (printed by `scripts/digits_data.py`).
    public static let expectedSHA256 = "0a397723699613dce4a6096f2d0d17f839f838179a4c5f0e75e46a9fda66d441"
    /// Images in the committed file.
    public static let expectedCount = 1797
    static let magic = Array("TCDIGITS".utf8)
    static let headerSize = 14

    /// Images × 64 raw pixel counts (row-major image order, each 0…16).
    public let pixels: Matrix
    /// The digit of each image, 0…9.
    public let labels: [Int]

    public var count: Int { labels.count }

    /// A subset, images in the given order.
    public subscript(indices: [Int]) -> DigitsDataset {
        var rows = Matrix(rows: indices.count, columns: Self.pixelCount)
        for (r, i) in indices.enumerated() {
            for j in 0..<Self.pixelCount { rows[r, j] = pixels[i, j] }
        }
        return DigitsDataset(pixels: rows, labels: indices.map { labels[$0] })
    }

    init(pixels: Matrix, labels: [Int]) { self.pixels = pixels; self.labels = labels }

    /// `fixtures/data/digits-8x8.bin` at the package root (found from this source file's path,
    /// else relative to the working directory).
    public static var defaultURL: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("fixtures/data").appendingPathComponent(fileName)
            }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "fixtures/data").appendingPathComponent(fileName)
    }

    /// Reads, checks and parses the data file.
    ///
    /// - Throws: ``DatasetError`` naming the file: missing (with the command that rebuilds it), a
    ///   checksum that differs from ``expectedSHA256``, or a malformed body.
    public static func load(from url: URL = defaultURL) throws(DatasetError) -> DigitsDataset {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .missing(path: url.path, rebuild: "python3 scripts/digits_data.py")
        }
        return try DigitsDataset(bytes: [UInt8](data), source: url.path)
    }

    /// Parses the file's bytes after checking their SHA-256 (skipped only when `verifyChecksum`
    /// is false, for tests of the parser itself).
    public init(bytes: [UInt8], source: String, verifyChecksum: Bool = true) throws(DatasetError) {
        if verifyChecksum {
            let actual = SHA256.hexDigest(bytes)
            guard actual == Self.expectedSHA256 else {
                throw .checksum(path: source, expected: Self.expectedSHA256, actual: actual)
            }
        }
        guard bytes.count >= Self.headerSize, Array(bytes[0..<8]) == Self.magic else {
            throw .malformed(path: source, detail: "does not start with \"TCDIGITS\"")
        }
        let n = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard Int(bytes[12]) == Self.imageHeight, Int(bytes[13]) == Self.imageWidth else {
            throw .malformed(path: source, detail: "images of \(bytes[12])×\(bytes[13]), expected 8×8")
        }
        let record = Self.pixelCount + 1
        guard bytes.count == Self.headerSize + n * record else {
            throw .malformed(path: source, detail: "\(bytes.count) bytes for \(n) images (expected \(Self.headerSize + n * record))")
        }
        var pixels = Matrix(rows: n, columns: Self.pixelCount)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let start = Self.headerSize + i * record
            for j in 0..<Self.pixelCount {
                let value = Int(bytes[start + j])
                guard value <= Self.maximumPixel else {
                    throw .malformed(path: source, detail: "image \(i), pixel \(j) is \(value) (> 16)")
                }
                pixels[i, j] = Double(value)
            }
            labels[i] = Int(bytes[start + Self.pixelCount])
            guard labels[i] < Self.classCount else {
                throw .malformed(path: source, detail: "image \(i) has label \(labels[i]) (not 0…9)")
            }
        }
        self.init(pixels: pixels, labels: labels)
    }

    /// Pixels scaled to [0, 1] (divided by 16): images × 64.
    public func scaledPixels() -> Matrix { pixels * (1 / Double(Self.maximumPixel)) }

    /// Labels as images × 10 one-hot rows.
    public func oneHotLabels() -> Matrix {
        var y = Matrix(rows: count, columns: Self.classCount)
        for (i, label) in labels.enumerated() { y[i, label] = 1 }
        return y
    }

    /// A stratified split: within each class, the images are shuffled by a Fisher–Yates pass
    /// driven by `RandomStream(seed: seed, stream: class)` and the first ⌊testFraction·n_c⌉
    /// (rounded to nearest) go to the test set; both sets keep the file's order otherwise.
    /// Deterministic in the seed; the same seed gives the same split on every machine.
    ///
    /// - Precondition: 0 < `testFraction` < 1.
    public func split(testFraction: Double, seed: UInt64) -> (train: DigitsDataset, test: DigitsDataset) {
        require(testFraction > 0 && testFraction < 1, "DigitsDataset.split: testFraction \(testFraction) must be in (0, 1)")
        var test: [Int] = []
        for digit in 0..<Self.classCount {
            var members = labels.indices.filter { labels[$0] == digit }
            var stream = RandomStream(seed: seed, stream: UInt64(digit))
            if members.count > 1 {
                for i in stride(from: members.count - 1, to: 0, by: -1) {
                    members.swapAt(i, stream.integer(in: 0...i))
                }
            }
            test += members.prefix(Int((testFraction * Double(members.count)).rounded()))
        }
        let inTest = Set(test)
        return (self[labels.indices.filter { !inTest.contains($0) }], self[test.sorted()])
    }
}

/// Why a data file could not be used; every case names the file.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case missing(path: String, rebuild: String)
    case checksum(path: String, expected: String, actual: String)
    case malformed(path: String, detail: String)

    public var description: String {
        switch self {
        case let .missing(path, rebuild):
            return "\(path): cannot read the data file; rebuild it from the repository root with `\(rebuild)`"
        case let .checksum(path, expected, actual):
            return "\(path): SHA-256 is \(actual), expected \(expected); the file is not the recorded data"
        case let .malformed(path, detail):
            return "\(path): malformed digits file: \(detail)"
        }
    }
}
