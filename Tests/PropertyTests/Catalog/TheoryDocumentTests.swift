import Foundation
import Testing
import Theory

/// docs/THEORY.md is the theory text the code cites: every claim has its entry, in the section its
/// claim names, and every citation of the file in the sources, tests and READMEs resolves.
@Suite struct TheoryDocumentTests {
    /// The package root, from this file's path (Tests/PropertyTests/Catalog/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Section number ("§2", "§2b") → the ids of the `### <ID>` entries under it.
    static func entries() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent(ClaimCatalog.theoryDocument), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        var section: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // "## 2. Neural tangent kernels…" opens §2; "### 2b. Convolutional networks" opens §2b.
            if let match = line.firstMatch(of: #/^#{2,3} (\d+[a-z]?)\. /#) {
                section = "§" + match.1; result[section!, default: []] = []
            } else if let match = line.firstMatch(of: #/^### ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*$/#), let section {
                result[section, default: []].insert(String(match.1))
            }
        }
        return result
    }

    @Test func everyClaimHasItsEntryInItsSection() throws {
        let entries = try Self.entries()
        for claim in ClaimCatalog.all {
            let ids = entries[claim.theorySection] ?? []
            // A claim's entry may sit in a subsection of its family's section (§2b under §2).
            let nearby = entries.filter { $0.key.hasPrefix(claim.theorySection) }.values.reduce(Set(), { $0.union($1) })
            #expect(ids.contains(claim.id) || nearby.contains(claim.id),
                    "\(claim.theoryReference): no '### \(claim.id)' entry under \(claim.theorySection)")
        }
    }

    /// The negative control of the reader above: a claim filed under the wrong section is caught.
    @Test func aMisfiledReferenceIsCaught() throws {
        let entries = try Self.entries()
        #expect(entries["§2"]?.contains("NTK-EQUAL") == true)
        #expect(entries["§1"]?.contains("NTK-EQUAL") == false)
        #expect(entries["§9"] == nil)
    }

    /// Every "docs/THEORY.md §n" and "docs/THEORY.md <ID>" written anywhere in the package names a
    /// section or entry that exists.
    @Test func everyCitationOfTheTheoryTextResolves() throws {
        let entries = try Self.entries()
        let ids = entries.values.reduce(Set<String>()) { $0.union($1) }
        var files: [URL] = [Self.root.appendingPathComponent("README.md")]
        for folder in ["Sources", "Tests", "docs"] {
            let enumerator = FileManager.default.enumerator(at: Self.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if ["swift", "md"].contains(url.pathExtension) { files.append(url) }
            }
        }
        var citations = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /docs\/THEORY\.md,? (§\d+[a-z]?|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)/) {
                citations += 1
                let target = String(match.1)
                let resolves = target.hasPrefix("§") ? entries[target] != nil : ids.contains(target)
                #expect(resolves, "\(file.path.replacingOccurrences(of: Self.root.path + "/", with: "")): docs/THEORY.md \(target) does not exist")
            }
        }
        #expect(citations >= 30, "found only \(citations) citations of docs/THEORY.md; is the scan reading the sources?")
    }
}
