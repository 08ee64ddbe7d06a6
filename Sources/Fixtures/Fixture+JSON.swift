import Foundation

/// Errors reading or writing a fixture file. Every case names the file and, where it applies, the
/// JSON path of the offending field, so a corrupt fixture is never a crash or a silent pass.
public enum FixtureError: Error, Equatable, CustomStringConvertible, Sendable {
    case unreadable(file: String, detail: String)
    case malformedJSON(file: String, detail: String)
    case unsupportedSchema(file: String, found: Int, supported: Int)
    case missingField(file: String, path: String)
    case wrongType(file: String, path: String, expected: String)
    case invalidValue(file: String, path: String, detail: String)
    case notRecordable(id: String, detail: String)

    public var description: String {
        switch self {
        case let .unreadable(f, d): return "\(f): cannot read fixture: \(d)"
        case let .malformedJSON(f, d): return "\(f): malformed JSON: \(d)"
        case let .unsupportedSchema(f, found, ok):
            return "\(f): schemaVersion \(found) is not supported (this build reads version \(ok)); re-record the fixture or update the reader"
        case let .missingField(f, p): return "\(f): required field '\(p)' is missing"
        case let .wrongType(f, p, e): return "\(f): field '\(p)' must be \(e)"
        case let .invalidValue(f, p, d): return "\(f): field '\(p)': \(d)"
        case let .notRecordable(id, d): return "fixture \(id): cannot record: \(d)"
        }
    }
}

// MARK: Writing

extension Fixture {
    /// The fixture as JSON text: a fixed key order, two-space indentation, one vector or matrix row
    /// per line, and numbers in Swift's shortest round-trip decimal form (so reading the text back
    /// gives the same bits). Non-finite values cannot be written: that is an error, not a `null`.
    public func jsonText() throws(FixtureError) -> String {
        for f in fields {
            if let k = f.values.firstIndex(where: { !$0.isFinite }) {
                throw .notRecordable(id: id, detail: "field '\(f.name)' value [\(k)] is \(f.values[k]); fixtures hold finite numbers only")
            }
        }
        var out = "{\n"
        out += "  \"schemaVersion\": \(schemaVersion),\n"
        out += "  \"id\": \(quoted(id)),\n"
        out += "  \"description\": \(quoted(description)),\n"
        out += "  \"provenance\": {\n"
        out += "    \"pins\": \(quoted(provenance.pins)),\n"
        out += "    \"source\": \(quoted(provenance.source)),\n"
        out += "    \"seeds\": [\(provenance.seeds.map { String($0) }.joined(separator: ", "))],\n"
        let params = provenance.parameters.keys.sorted().map { "\(quoted($0)): \(quoted(provenance.parameters[$0]!))" }
        out += "    \"parameters\": {\(params.joined(separator: ", "))},\n"
        out += "    \"recordedWith\": \(quoted(provenance.recordedWith)),\n"
        out += "    \"recordedOn\": \(quoted(provenance.recordedOn)),\n"
        out += "    \"rerecord\": \(quoted(provenance.rerecord))\n"
        out += "  },\n"
        out += "  \"fields\": [\n"
        out += fields.map(fieldText).joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    private func fieldText(_ f: FixtureField) -> String {
        var s = "    {\n"
        s += "      \"name\": \(quoted(f.name)),\n"
        s += "      \"shape\": [\(f.shape.map(String.init).joined(separator: ", "))],\n"
        if f.tolerance.isExact {
            s += "      \"tolerance\": \"exact\",\n"
        } else {
            s += "      \"tolerance\": {\"absolute\": \(number(f.tolerance.absolute)), \"relative\": \(number(f.tolerance.relative))},\n"
        }
        s += "      \"reason\": \(quoted(f.reason)),\n"
        let rowLength = f.shape.count >= 2 ? f.shape.last! : 8
        var lines: [String] = []
        var k = 0
        while k < f.values.count {
            let end = Swift.min(k + Swift.max(rowLength, 1), f.values.count)
            lines.append(f.values[k..<end].map(number).joined(separator: ", "))
            k = end
        }
        if lines.count <= 1 {
            s += "      \"values\": [\(lines.first ?? "")]\n"
        } else {
            s += "      \"values\": [\n        " + lines.joined(separator: ",\n        ") + "\n      ]\n"
        }
        s += "    }"
        return s
    }
}

/// Shortest decimal that round-trips to the same `Double` (Swift's `description`), in JSON syntax.
func number(_ x: Double) -> String {
    if x == 0 { return x.sign == .minus ? "-0.0" : "0" }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

func quoted(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
        }
    }
    return out + "\""
}

// MARK: Reading

extension Fixture {
    /// Parses fixture JSON. `file` is used only in error messages.
    public init(jsonText: String, file: String) throws(FixtureError) {
        let root: [String: JSONValue]
        do {
            guard case let .object(o) = try JSONValue.parse(jsonText) else {
                throw FixtureError.wrongType(file: file, path: "(root)", expected: "an object")
            }
            root = o
        } catch let e as JSONValue.ParseError {
            throw .malformedJSON(file: file, detail: e.description)
        } catch let e as FixtureError {
            throw e
        } catch {
            throw .malformedJSON(file: file, detail: "\(error)")
        }
        let reader = JSONReader(file: file)
        let version = try reader.integer(root, "schemaVersion")
        guard version == fixtureSchemaVersion else {
            throw .unsupportedSchema(file: file, found: version, supported: fixtureSchemaVersion)
        }
        let prov = try reader.object(try reader.value(root, "provenance"), path: "provenance")
        var seeds: [UInt64] = []
        for (i, s) in try reader.array(prov, "seeds", path: "provenance").enumerated() {
            guard case let .number(text) = s, let v = UInt64(text) else {
                throw .wrongType(file: file, path: "provenance.seeds[\(i)]", expected: "a non-negative integer")
            }
            seeds.append(v)
        }
        let paramObject = try reader.object(try reader.value(prov, "parameters", path: "provenance"), path: "provenance.parameters")
        var params: [String: String] = [:]
        for (k, v) in paramObject {
            guard case let .string(s) = v else {
                throw .wrongType(file: file, path: "provenance.parameters.\(k)", expected: "a string")
            }
            params[k] = s
        }
        let provenance = Provenance(
            pins: try reader.string(prov, "pins", path: "provenance"),
            source: try reader.string(prov, "source", path: "provenance"),
            seeds: seeds, parameters: params,
            recordedWith: try reader.string(prov, "recordedWith", path: "provenance"),
            recordedOn: try reader.string(prov, "recordedOn", path: "provenance"),
            rerecord: try reader.string(prov, "rerecord", path: "provenance"))
        var fields: [FixtureField] = []
        var names = Set<String>()
        for (i, raw) in try reader.array(root, "fields").enumerated() {
            let path = "fields[\(i)]"
            let f = try reader.object(raw, path: path)
            let name = try reader.string(f, "name", path: path)
            let fpath = "fields[\(i)] (\(name))"
            guard names.insert(name).inserted else {
                throw .invalidValue(file: file, path: fpath, detail: "duplicate field name")
            }
            var shape: [Int] = []
            for (j, d) in try reader.array(f, "shape", path: fpath).enumerated() {
                guard case let .number(text) = d, let v = Int(text), v >= 0 else {
                    throw .wrongType(file: file, path: "\(fpath).shape[\(j)]", expected: "a non-negative integer")
                }
                shape.append(v)
            }
            var values: [Double] = []
            for (j, x) in try reader.array(f, "values", path: fpath).enumerated() {
                guard case let .number(text) = x, let v = Double(text) else {
                    throw .wrongType(file: file, path: "\(fpath).values[\(j)]", expected: "a finite number (NaN, null and strings are not allowed)")
                }
                guard v.isFinite else {
                    throw .invalidValue(file: file, path: "\(fpath).values[\(j)]", detail: "\(text) overflows to infinity")
                }
                values.append(v)
            }
            guard shape.reduce(1, *) == values.count else {
                throw .invalidValue(file: file, path: fpath, detail: "shape \(shape) needs \(shape.reduce(1, *)) values, found \(values.count)")
            }
            let tolerance: Tolerance
            let rawTolerance = try reader.value(f, "tolerance", path: fpath)
            if case let .string(s) = rawTolerance {
                guard s == "exact" else {
                    throw .invalidValue(file: file, path: "\(fpath).tolerance", detail: "unknown tolerance '\(s)' (use \"exact\" or {\"absolute\": a, \"relative\": r})")
                }
                tolerance = .exact
            } else {
                let t = try reader.object(rawTolerance, path: "\(fpath).tolerance")
                let a = try reader.double(t, "absolute", path: "\(fpath).tolerance")
                let r = try reader.double(t, "relative", path: "\(fpath).tolerance")
                guard a >= 0, r >= 0 else {
                    throw .invalidValue(file: file, path: "\(fpath).tolerance", detail: "absolute and relative must be ≥ 0")
                }
                tolerance = Tolerance(absolute: a, relative: r)
            }
            fields.append(FixtureField(name: name, shape: shape, values: values, tolerance: tolerance,
                                       reason: try reader.string(f, "reason", path: fpath)))
        }
        self.init(schemaVersion: version, id: try reader.string(root, "id"),
                  description: try reader.string(root, "description"), provenance: provenance, fields: fields)
    }
}

/// Typed access into a parsed JSON object with errors that name the file and path.
private struct JSONReader {
    let file: String

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ value: JSONValue, path: String) throws(FixtureError) -> [String: JSONValue] {
        guard case let .object(o) = value else {
            throw .wrongType(file: file, path: path.isEmpty ? "(root)" : path, expected: "an object")
        }
        return o
    }
    func value(_ o: [String: JSONValue], _ key: String, path: String = "") throws(FixtureError) -> JSONValue {
        guard let v = o[key], v != .null else { throw .missingField(file: file, path: join(path, key)) }
        return v
    }
    func string(_ o: [String: JSONValue], _ key: String, path: String = "") throws(FixtureError) -> String {
        guard case let .string(s) = try value(o, key, path: path) else {
            throw .wrongType(file: file, path: join(path, key), expected: "a string")
        }
        return s
    }
    func integer(_ o: [String: JSONValue], _ key: String, path: String = "") throws(FixtureError) -> Int {
        guard case let .number(t) = try value(o, key, path: path), let i = Int(t) else {
            throw .wrongType(file: file, path: join(path, key), expected: "an integer")
        }
        return i
    }
    func double(_ o: [String: JSONValue], _ key: String, path: String = "") throws(FixtureError) -> Double {
        guard case let .number(t) = try value(o, key, path: path), let d = Double(t), d.isFinite else {
            throw .wrongType(file: file, path: join(path, key), expected: "a finite number")
        }
        return d
    }
    func array(_ o: [String: JSONValue], _ key: String, path: String = "") throws(FixtureError) -> [JSONValue] {
        guard case let .array(a) = try value(o, key, path: path) else {
            throw .wrongType(file: file, path: join(path, key), expected: "an array")
        }
        return a
    }
}
