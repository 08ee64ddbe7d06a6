import PropertyCheckStatistics
/// A generator of random test values: a recipe that turns choices into a value.
///
/// Generators never hold randomness themselves; they draw from a ``ChoiceSource``. That is what makes
/// every case replayable from its recorded choices, and what lets shrinking work through `map`,
/// `flatMap` and `zip` without any per-type shrinking code: the shrinker edits the choices and runs
/// the same recipe again.
public struct Gen<Value>: Sendable {
    /// Draws one value.
    public let generate: @Sendable (inout ChoiceSource) throws -> Value

    /// A generator from a recipe that draws its choices from the given source; it must be deterministic in those choices.
    public init(_ generate: @escaping @Sendable (inout ChoiceSource) throws -> Value) {
        self.generate = generate
    }

    /// A generator that always produces `value` and makes no choices.
    public static func constant(_ value: Value) -> Gen<Value> where Value: Sendable {
        Gen { _ in value }
    }

    /// Applies `transform` to every value. Shrinking carries over unchanged.
    public func map<T>(_ transform: @escaping @Sendable (Value) throws -> T) -> Gen<T> {
        Gen<T> { source in try transform(try self.generate(&source)) }
    }

    /// Generates a value, then a second generator chosen by it (dependent generation, e.g. a
    /// dimension and then a matrix of that dimension). Shrinking the first value shrinks the second
    /// generator's shape too.
    public func flatMap<T>(_ transform: @escaping @Sendable (Value) throws -> Gen<T>) -> Gen<T> {
        Gen<T> { source in try transform(try self.generate(&source)).generate(&source) }
    }

    /// Keeps only values satisfying `predicate`, retrying up to `maxAttempts` times in a row before
    /// throwing ``GeneratorError/filterExhausted(description:attempts:)``, whose message names the
    /// filter. Prefer constructing valid values directly: every rejection costs a full draw.
    public func filter(
        _ description: String = "filter", maxAttempts: Int = 100,
        _ predicate: @escaping @Sendable (Value) -> Bool
    ) -> Gen<Value> {
        require(maxAttempts >= 1, "Gen.filter: maxAttempts \(maxAttempts) must be at least 1")
        return Gen { source in
            for _ in 0..<maxAttempts {
                let value = try self.generate(&source)
                if predicate(value) { return value }
            }
            throw GeneratorError.filterExhausted(description: description, attempts: maxAttempts)
        }
    }
}

/// Draws from each generator in turn (left to right) and returns the values as a tuple.
public func zip<A, B>(_ a: Gen<A>, _ b: Gen<B>) -> Gen<(A, B)> {
    Gen { source in (try a.generate(&source), try b.generate(&source)) }
}

/// Draws from each generator in turn (left to right) and returns the values as a tuple.
public func zip<A, B, C>(_ a: Gen<A>, _ b: Gen<B>, _ c: Gen<C>) -> Gen<(A, B, C)> {
    Gen { source in (try a.generate(&source), try b.generate(&source), try c.generate(&source)) }
}

/// Draws from each generator in turn (left to right) and returns the values as a tuple.
public func zip<A, B, C, D>(_ a: Gen<A>, _ b: Gen<B>, _ c: Gen<C>, _ d: Gen<D>) -> Gen<(A, B, C, D)> {
    Gen { source in
        (try a.generate(&source), try b.generate(&source), try c.generate(&source), try d.generate(&source))
    }
}

extension Gen {
    /// Pairs this generator's value with `other`'s.
    public func zip<Other>(_ other: Gen<Other>) -> Gen<(Value, Other)> {
        Gen<(Value, Other)> { source in (try self.generate(&source), try other.generate(&source)) }
    }
}
