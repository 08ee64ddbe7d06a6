/// Integrated shrinking over recorded choice sequences.
///
/// A sequence is *simpler* than another if it is shorter, or equally long and lexicographically
/// smaller (shortlex order). The shrinker holds the simplest failing sequence found so far and
/// tries edits of it — delete a block of choices, set a block to zero, lower one choice by binary
/// search, lower a length-like choice while deleting a later block, move value from an earlier
/// choice to a later one — rerunning the generator and property on each candidate. A candidate is kept when it
/// still fails and the choices it actually consumed are simpler. Because generators map smaller
/// choices to simpler values, this shrinks dimensions, depths and values without type-specific
/// code. Every accepted step strictly decreases a well-founded order, so shrinking terminates; it
/// is also capped by an attempt budget and a deadline.
struct Shrinker<Failure> {
    /// Runs a candidate; returns the consumed choices and the failure if the candidate fails.
    let attempt: ([UInt64]) -> (choices: [UInt64], failure: Failure)?
    private(set) var best: [UInt64]
    private(set) var bestFailure: Failure
    private(set) var attempts = 0
    private(set) var improvements = 0
    let maxAttempts: Int
    /// nil: no deadline, only the attempt budget.
    let deadline: ContinuousClock.Instant?

    init(best: [UInt64], failure: Failure, maxAttempts: Int, deadline: ContinuousClock.Instant?,
         attempt: @escaping ([UInt64]) -> (choices: [UInt64], failure: Failure)?) {
        self.best = best; self.bestFailure = failure; self.maxAttempts = maxAttempts
        self.deadline = deadline; self.attempt = attempt
    }

    static func isSimpler(_ a: [UInt64], than b: [UInt64]) -> Bool {
        if a.count != b.count { return a.count < b.count }
        return a.lexicographicallyPrecedes(b)
    }

    var exhausted: Bool { attempts >= maxAttempts || deadline.map { ContinuousClock.now >= $0 } == true }

    /// Tries `candidate`; keeps it if it fails and is simpler. Returns whether it was kept.
    @discardableResult
    mutating func consider(_ candidate: [UInt64]) -> Bool {
        guard !exhausted, Self.isSimpler(candidate, than: best) else { return false }
        attempts += 1
        guard let result = attempt(candidate), Self.isSimpler(result.choices, than: best) else { return false }
        best = result.choices
        bestFailure = result.failure
        improvements += 1
        return true
    }

    mutating func shrink() {
        var progress = true
        while progress && !exhausted {
            progress = false
            for size in [8, 4, 2, 1] { progress = deleteBlocks(of: size) || progress }
            for size in [8, 4, 2, 1] { progress = zeroBlocks(of: size) || progress }
            progress = lowerEachChoice() || progress
            progress = lowerAndDelete() || progress
            progress = redistribute() || progress
        }
    }

    /// Lowers one choice by 1 and deletes a later block of 1–4 choices: shortens a collection whose
    /// length was drawn before its elements (the plain deletion pass cannot, since the length
    /// choice would still ask for the deleted element).
    private mutating func lowerAndDelete() -> Bool {
        var changed = false
        var i = 0
        while i < best.count && !exhausted {
            if best[i] > 0 {
                var j = i + 1
                // Quadratic in the sequence length; bounded to a window of 32 later choices.
                while j < min(best.count, i + 33) && !exhausted {
                    for size in 1...4 where j + size <= best.count {
                        var candidate = best
                        candidate[i] -= 1
                        candidate.removeSubrange(j..<(j + size))
                        if consider(candidate) { changed = true; break }
                    }
                    j += 1
                }
            }
            i += 1
        }
        return changed
    }

    /// Moves value from an earlier choice to a later one (all of it, or half): keeps sums and
    /// similar aggregates while making the sequence lexicographically smaller, so that emptied
    /// choices can be deleted afterwards.
    private mutating func redistribute() -> Bool {
        var changed = false
        var i = 0
        while i < best.count && !exhausted {
            var j = i + 1
            while j < min(best.count, i + 9) && i < best.count && best[i] > 0 && !exhausted {
                for moved in [best[i], best[i] / 2] where moved > 0 {
                    var candidate = best
                    let (sum, overflow) = candidate[j].addingReportingOverflow(moved)
                    if overflow { continue }
                    candidate[i] -= moved
                    candidate[j] = sum
                    if consider(candidate) { changed = true; break }
                }
                j += 1
            }
            i += 1
        }
        return changed
    }

    private mutating func deleteBlocks(of size: Int) -> Bool {
        var changed = false
        var start = best.count - size
        while start >= 0 && !exhausted {
            if start + size <= best.count {
                var candidate = best
                candidate.removeSubrange(start..<(start + size))
                if consider(candidate) { changed = true }
            }
            start -= 1
        }
        return changed
    }

    private mutating func zeroBlocks(of size: Int) -> Bool {
        var changed = false
        var start = 0
        while start + size <= best.count && !exhausted {
            if best[start..<(start + size)].contains(where: { $0 != 0 }) {
                var candidate = best
                for i in start..<(start + size) { candidate[i] = 0 }
                if consider(candidate) { changed = true }
            }
            start += 1
        }
        return changed
    }

    /// For each choice, the smallest value that still fails, by binary search (exact when failing
    /// is monotone in that choice; otherwise some smaller failing value is still found).
    private mutating func lowerEachChoice() -> Bool {
        var changed = false
        var i = 0
        while i < best.count && !exhausted {
            var low: UInt64 = 0, high = best[i]
            while low < high && !exhausted && i < best.count {
                let mid = low + (high - low) / 2
                var candidate = best
                candidate[i] = mid
                if consider(candidate) {
                    changed = true
                    high = i < best.count ? min(mid, best[i]) : 0
                } else {
                    low = mid + 1
                }
            }
            i += 1
        }
        return changed
    }
}
