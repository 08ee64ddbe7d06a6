import Foundation

/// Output paths checked before any work, so that a long run cannot end in "cannot write".
enum OutputPaths {
    /// `path` as a report directory: an existing writable directory, or one this creates now.
    static func requireDirectory(_ path: String, option: String, spec: CommandSpec) throws(UsageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw UsageError(message: "\(option) \(path): is a file, not a directory", command: spec)
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw UsageError(message: "\(option) \(path): the directory is not writable", command: spec)
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError(message: "\(option) \(path): cannot create the directory (\(reason(creating: path)))", command: spec)
        }
    }

    /// `path` as an output file: not a directory, in a directory that exists (or can be created)
    /// and is writable.
    static func requireFile(_ path: String, option: String, spec: CommandSpec) throws(UsageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw UsageError(message: "\(option) \(path): is a directory; give a file name", command: spec)
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw UsageError(message: "\(option) \(path): the file is not writable", command: spec)
            }
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try requireDirectory(parent, option: option, spec: spec)
    }

    /// Why a directory cannot be created at `path`: the first existing ancestor that is no directory
    /// or not writable.
    static func reason(creating path: String) -> String {
        var url = URL(fileURLWithPath: path)
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                if !isDirectory.boolValue { return "\(url.path) is a file" }
                if !FileManager.default.isWritableFile(atPath: url.path) { return "\(url.path) is not writable" }
                break
            }
        }
        return "permission denied or invalid path"
    }
}

/// Reading a sweep result file, with errors in words: the file and what is wrong with it.
enum ResultFiles {
    static func read(_ path: String) -> Result<Data, ReadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ReadError(path: path, problem: "no such file"))
        }
        if isDirectory.boolValue { return .failure(ReadError(path: path, problem: "is a directory, not a result file")) }
        do { return .success(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            return .failure(ReadError(path: path, problem: "cannot be read (\(error.localizedDescription))"))
        }
    }

    struct ReadError: Error, CustomStringConvertible {
        var path: String
        var problem: String
        var description: String { "\(path): \(problem)" }
    }

    /// A decoding error as a sentence: where in the file, and what was wrong there.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "not a sweep result (\(error.localizedDescription))" }
        func location(_ path: [CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "at the top level" : "at \(text.hasPrefix(".") ? String(text.dropFirst()) : text)"
        }
        switch error {
        case let .keyNotFound(key, context):
            return "not a complete sweep result: field '\(key.stringValue)' missing \(location(context.codingPath))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "not a sweep result: wrong or missing value \(location(context.codingPath)) (\(context.debugDescription))"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not JSON, or truncated (\(context.debugDescription))"
                : "not a sweep result: invalid value \(location(context.codingPath)) (\(context.debugDescription))"
        @unknown default:
            return "not a sweep result"
        }
    }
}
