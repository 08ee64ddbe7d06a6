import Foundation
import Numerics
import Testing
@testable import Datasets

/// SHA-256 against the standard's example vectors, and the digits file against its recorded
/// checksum and known facts of the data set; corrupted inputs fail with errors that name the file.
@Suite struct SHA256Tests {
    /// FIPS 180-4 examples ("abc", the 448-bit two-block message) and the empty message.
    @Test func standardVectors() {
        #expect(SHA256.hexDigest(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Lengths around the padding boundary (55, 56, 63, 64, 65 bytes), against values from
    /// Python's hashlib; a one-bit change moves the digest.
    @Test func paddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, digest) in expected {
            #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: length)) == digest, "\(length) × 'a'")
        }
        var flipped = [UInt8](repeating: 0x61, count: 64)
        flipped[10] ^= 1
        #expect(SHA256.hexDigest(flipped) != expected[64])
    }
}

@Suite struct DigitsDatasetTests {
    static let dataset = try! DigitsDataset.load()

    /// The committed file is the recorded one, and its content is the published data set:
    /// 1,797 images, the class sizes of the UCI copy, pixels 0…16, the first image a 0.
    @Test func committedFileIsTheRecordedData() throws {
        let bytes = try [UInt8](Data(contentsOf: DigitsDataset.defaultURL))
        #expect(SHA256.hexDigest(bytes) == DigitsDataset.expectedSHA256)
        let d = Self.dataset
        #expect(d.count == DigitsDataset.expectedCount && d.pixels.columns == 64)
        #expect((0..<10).map { digit in d.labels.filter { $0 == digit }.count } == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect((0..<d.count).allSatisfy { i in (0..<64).allSatisfy { d.pixels[i, $0] >= 0 && d.pixels[i, $0] <= 16 } })
        #expect(d.labels[0] == 0 && (0..<8).map { d.pixels[0, $0] } == [0, 0, 5, 13, 9, 1, 0, 0])
        // The provenance note states the same checksum.
        let note = try String(contentsOf: DigitsDataset.defaultURL.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(note.contains(DigitsDataset.expectedSHA256))
    }

    /// A changed byte fails the checksum; a missing file, a wrong header, a truncated body, a
    /// pixel above 16 and a label above 9 each fail with a message naming the file.
    @Test func badFilesAreRefusedWithTheirReason() throws {
        let good = try [UInt8](Data(contentsOf: DigitsDataset.defaultURL))
        var changed = good
        changed[100] ^= 1
        #expect(throws: DatasetError.self) { try DigitsDataset(bytes: changed, source: "changed.bin") }
        do {
            _ = try DigitsDataset.load(from: URL(fileURLWithPath: "/nonexistent/digits-8x8.bin"))
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.description.contains("/nonexistent/digits-8x8.bin") && error.description.contains("scripts/digits_data.py"))
        }
        func refused(_ bytes: [UInt8], _ fragment: String) {
            do {
                _ = try DigitsDataset(bytes: bytes, source: "x.bin", verifyChecksum: false)
                Issue.record("accepted: \(fragment)")
            } catch {
                #expect(error.description.hasPrefix("x.bin: ") && error.description.contains(fragment), "\(error)")
            }
        }
        var header = good; header[0] = UInt8(ascii: "X")
        refused(header, "TCDIGITS")
        refused(Array(good.dropLast()), "bytes for 1797 images")
        var pixel = good; pixel[14 + 3] = 17
        refused(pixel, "pixel 3 is 17")
        var label = good; label[14 + 64] = 10
        refused(label, "label 10")
        #expect(try DigitsDataset(bytes: good, source: "good.bin").count == 1797)
    }

    /// The stratified split: disjoint, complete, ≈ the fraction per class, the same for the same
    /// seed and different for another.
    @Test func stratifiedSplitIsDeterministicAndComplete() {
        let d = Self.dataset
        let (train, test) = d.split(testFraction: 0.25, seed: 7)
        #expect(train.count + test.count == d.count)
        for digit in 0..<10 {
            let total = d.labels.filter { $0 == digit }.count
            #expect(test.labels.filter { $0 == digit }.count == Int((0.25 * Double(total)).rounded()))
        }
        let again = d.split(testFraction: 0.25, seed: 7).test
        #expect(again.labels == test.labels && again.pixels == test.pixels)
        #expect(d.split(testFraction: 0.25, seed: 8).test.pixels != test.pixels)
        // Every image lands in exactly one part: the multiset of rows is preserved.
        func rows(_ s: DigitsDataset) -> [[Double]] { (0..<s.count).map { i in (0..<64).map { s.pixels[i, $0] } + [Double(s.labels[i])] } }
        #expect((rows(train) + rows(test)).sorted { $0.lexicographicallyPrecedes($1) } == rows(d).sorted { $0.lexicographicallyPrecedes($1) })
        let y = d.oneHotLabels()
        #expect((0..<d.count).allSatisfy { i in y[i, d.labels[i]] == 1 && (0..<10).reduce(0) { $0 + y[i, $1] } == 1 })
        #expect(d.scaledPixels()[0, 3] == 13.0 / 16)
    }
}
