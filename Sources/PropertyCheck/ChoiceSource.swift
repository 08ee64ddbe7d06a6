import PropertyCheckStatistics

/// The source every generator draws from: a sequence of recorded choices.
///
/// A *choice* is a `UInt64` in `0...maximum` requested by a generator. In a fresh case the choices
/// come from a ``RandomStream`` (uniform on `0...maximum`, exactly); in a replayed or shrunk case
/// they come from a stored prefix, reduced modulo `maximum + 1`, and every choice past the end of
/// the prefix is 0. Either way the choices actually used are recorded, so any case can be rebuilt
/// from its recorded sequence alone.
///
/// Generators map the choice 0 to their simplest value (the low end of a range, the first element
/// of a list, `false`), and smaller choices to simpler values. Shrinking therefore works on the
/// sequence alone — shorter sequences and smaller entries are simpler — and passes through `map`,
/// `flatMap` and `zip` unchanged.
public struct ChoiceSource {
    /// The greatest number of choices one case may make; a generator that asks for more is
    /// almost certainly looping, and the case is abandoned with ``GeneratorError/tooManyChoices(_:)``.
    public static let choiceLimit = 1 << 20

    private var stream: RandomStream?
    private let prefix: [UInt64]
    /// The choices made so far, in order.
    public private(set) var recorded: [UInt64] = []

    /// Fresh choices drawn from `stream`.
    public init(stream: RandomStream) {
        self.stream = stream
        self.prefix = []
        recorded.reserveCapacity(16)
    }

    /// Choices replayed from `prefix`; past its end every choice is 0.
    public init(replaying prefix: [UInt64]) {
        self.stream = nil
        self.prefix = prefix
        recorded.reserveCapacity(prefix.count)
    }

    /// A choice uniform on `0...maximum` (fresh), or the next recorded choice reduced into that range.
    public mutating func choose(upTo maximum: UInt64) throws(GeneratorError) -> UInt64 {
        let index = recorded.count
        guard index < Self.choiceLimit else { throw .tooManyChoices(Self.choiceLimit) }
        let value: UInt64
        if stream != nil {
            value = Self.uniform(upTo: maximum, from: &stream!)
        } else if index < prefix.count {
            value = maximum == .max ? prefix[index] : prefix[index] % (maximum + 1)
        } else {
            value = 0
        }
        recorded.append(value)
        return value
    }

    /// Uniform on `0...maximum` by Lemire's multiply-and-reject method (exact: the biased low band
    /// of the 128-bit product is rejected).
    static func uniform(upTo maximum: UInt64, from stream: inout RandomStream) -> UInt64 {
        if maximum == .max { return stream.next() }
        let span = maximum + 1
        var product = stream.next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = stream.next().multipliedFullWidth(by: span) }
        }
        return product.high
    }
}

/// Why a generator could not produce a value.
public enum GeneratorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A `filter` rejected every one of `attempts` consecutive candidates.
    case filterExhausted(description: String, attempts: Int)
    /// One case asked for more than this many choices.
    case tooManyChoices(Int)

    /// A sentence saying what went wrong and how to fix the generator.
    public var description: String {
        switch self {
        case let .filterExhausted(description, attempts):
            return "generator filter '\(description)' rejected \(attempts) candidates in a row; "
                + "generate valid values directly (e.g. with map or flatMap) instead of filtering"
        case let .tooManyChoices(limit):
            return "a generator asked for more than \(limit) choices in one case (unbounded loop or recursion?)"
        }
    }
}
