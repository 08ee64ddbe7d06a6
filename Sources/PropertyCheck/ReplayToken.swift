import Foundation

/// Everything needed to rerun one case (or one statistical run) of a check, as one line of text.
///
/// Format: `<check name>@<run seed, hex>[/<case index>[/<choices>]]`, where `<choices>` is the
/// recorded choice sequence, each choice as an unsigned LEB128 varint, the bytes in unpadded
/// base64url. A token with choices replays exactly that (shrunk) case; with a case index only, case
/// k of the run seed; with neither, the whole run under that seed (statistical checks).
public struct ReplayToken: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name of the check to rerun.
    public var checkName: String
    /// The run seed to rerun under.
    public var runSeed: UInt64
    /// The case to rerun; nil reruns the whole run.
    public var caseIndex: Int?
    /// The recorded choice sequence of the case (replayed exactly); nil regenerates case ``caseIndex`` from the seed.
    public var choices: [UInt64]?

    /// A token; `choices` is only written out when `caseIndex` is set.
    public init(checkName: String, runSeed: UInt64, caseIndex: Int? = nil, choices: [UInt64]? = nil) {
        self.checkName = checkName; self.runSeed = runSeed; self.caseIndex = caseIndex; self.choices = choices
    }

    /// The token as text.
    public var description: String {
        var text = "\(checkName)@\(String(runSeed, radix: 16))"
        if let caseIndex {
            text += "/\(caseIndex)"
            // No choices at all (a generator that draws none) replay as case k itself.
            if let choices, !choices.isEmpty { text += "/" + Self.encode(choices) }
        }
        return text
    }

    /// The shell line that reruns this case:
    /// `THEORYCHECK_PROFILE=<profile> THEORYCHECK_REPLAY='<token>' swift test --filter '<filter>'`.
    /// The profile is included because sample sizes (and any size a property picks from the
    /// profile) depend on it.
    public func commandLine(testFilter: String, profile: Profile? = nil) -> String {
        (profile.map { "THEORYCHECK_PROFILE=\($0.rawValue) " } ?? "")
            + "THEORYCHECK_REPLAY=\(shellQuoted(description)) swift test --filter \(shellQuoted(testFilter))"
    }

    /// The environment assignments at the start of a replay line (`KEY=value` or `KEY='value'`
    /// words before the command), e.g. to rerun it in-process.
    public static func environment(fromCommandLine line: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(line.trimmingCharacters(in: .whitespaces))
        while let eq = rest.firstIndex(of: "="), !rest[..<eq].contains(" "), !rest[..<eq].isEmpty {
            let key = String(rest[..<eq])
            rest = rest[rest.index(after: eq)...]
            var value = ""
            while let c = rest.first, c != " " {
                if c == "'" {
                    rest = rest.dropFirst()
                    let close = rest.firstIndex(of: "'") ?? rest.endIndex
                    value += rest[..<close]
                    rest = close == rest.endIndex ? rest[close...] : rest[rest.index(after: close)...]
                } else if c == "\\" {
                    rest = rest.dropFirst()
                    if let next = rest.first { value.append(next); rest = rest.dropFirst() }
                } else {
                    value.append(c); rest = rest.dropFirst()
                }
            }
            result[key] = value
            rest = rest.drop { $0 == " " }
        }
        return result
    }

    /// Why text is not a valid token.
    public enum ParseError: Error, CustomStringConvertible, Equatable {
        /// The text does not follow the token format; the string says which part is wrong.
        case malformed(String)
        /// "malformed replay token: <reason>".
        public var description: String {
            switch self {
            case .malformed(let why): return "malformed replay token: \(why)"
            }
        }
    }

    /// Parses a token (surrounding whitespace and quotes are ignored).
    public static func parse(_ raw: String) -> Result<ReplayToken, ParseError> {
        let text = raw.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "'\"")))
        guard let at = text.lastIndex(of: "@") else { return .failure(.malformed("no '@' between name and seed")) }
        let name = String(text[..<at])
        guard !name.isEmpty else { return .failure(.malformed("empty check name")) }
        let parts = text[text.index(after: at)...].split(separator: "/", omittingEmptySubsequences: false)
        guard let seed = UInt64(parts[0], radix: 16) else {
            return .failure(.malformed("seed '\(parts[0])' is not hexadecimal"))
        }
        var token = ReplayToken(checkName: name, runSeed: seed)
        if parts.count > 1 {
            guard let k = Int(parts[1]), k >= 0 else { return .failure(.malformed("case index '\(parts[1])'")) }
            token.caseIndex = k
        }
        if parts.count > 2 {
            // Only the exact text `description` prints is accepted: padding, an empty part or
            // non-canonical bits would otherwise decode to some other choice sequence.
            guard !parts[2].isEmpty, let choices = decode(String(parts[2])), encode(choices) == parts[2] else {
                return .failure(.malformed("choice sequence '\(parts[2])' is not the unpadded base64url LEB128 a failure prints"))
            }
            token.choices = choices
        }
        if parts.count > 3 { return .failure(.malformed("too many '/'-separated fields")) }
        return .success(token)
    }

    /// The note a check adds when it refuses to replay this token (choices its generator would not
    /// make, a case index for a check that has no cases): replaying it would run a different case.
    /// The check then fails; ``isRefusal(_:)`` recognises the note (the tool exits with status 2).
    public static func refusal(_ why: String) -> String { refusalPrefix + why }

    /// Whether `note` is a refusal written by ``refusal(_:)``.
    public static func isRefusal(_ note: String) -> Bool { note.hasPrefix(refusalPrefix) }

    static let refusalPrefix = "replay refused: "

    /// Choices → LEB128 bytes → unpadded base64url.
    static func encode(_ choices: [UInt64]) -> String {
        var bytes: [UInt8] = []
        for var v in choices {
            repeat {
                let low = UInt8(v & 0x7F)
                v >>= 7
                bytes.append(v == 0 ? low : low | 0x80)
            } while v != 0
        }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt64]? {
        if text.isEmpty { return [] }
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64) else { return nil }
        var choices: [UInt64] = [], value: UInt64 = 0, shift: UInt64 = 0
        for byte in data {
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { choices.append(value); value = 0; shift = 0 } else { shift += 7 }
        }
        return shift == 0 ? choices : nil
    }
}

/// `text` in single quotes for a POSIX shell (a quote inside becomes '\'').
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
