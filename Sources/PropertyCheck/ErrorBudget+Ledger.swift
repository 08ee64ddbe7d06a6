import Foundation

/// Keeps the family-wise bound honest: records, per process, the distinct statistical checks that
/// took their α from the ``ErrorBudget``. If more have run than the budget declares, the union
/// bound no longer covers the run, and every later report says so.
enum ErrorBudgetLedger {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var names: Set<String> = []

    /// Records `name`; returns the number of distinct budgeted checks so far.
    static func record(_ name: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        names.insert(name)
        return names.count
    }

    /// A note for the report when the declared number of checks has been exceeded.
    static func note(afterRecording name: String, settings: ResolvedSettings) -> String? {
        guard settings.alphaFromBudget else { return nil }
        let count = record(name)
        guard count > settings.errorBudget.declaredChecks else { return nil }
        return "\(count) distinct statistical checks have drawn on the error budget in this process, more than the "
            + "\(settings.errorBudget.declaredChecks) declared: the family-wise bound \(formatProbability(settings.errorBudget.total)) "
            + "does not hold; declare more (THEORYCHECK_STATISTICAL_CHECKS)"
    }
}
