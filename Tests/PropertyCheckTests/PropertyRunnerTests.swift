import Foundation
import MatrixGenerators
import Numerics
import PropertyCheck
import PropertyCheckTesting
import Testing

/// Frobenius norm with a planted bug: for more than four rows it forgets the last row.
func plantedBugFrobeniusNorm(_ m: Matrix) -> Double {
    let rowsUsed = m.rows > 4 ? m.rows - 1 : m.rows
    var sum = 0.0
    for i in 0..<rowsUsed { for j in 0..<m.columns { sum += m[i, j] * m[i, j] } }
    return sum.squareRoot()
}

func referenceFrobeniusNorm(_ m: Matrix) -> Double {
    m.storage.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

/// The process environment with `extra` layered on top (what a shell prefix does).
func environment(adding extra: [String: String]) -> [String: String] {
    ProcessInfo.processInfo.environment.merging(extra) { $1 }
}

/// The environment a user gets by pasting a printed replay line into a shell.
func environment(fromReplayLine line: String) -> [String: String] {
    environment(adding: ReplayToken.environment(fromCommandLine: line))
}

let smallMatrices = Gen.gaussianMatrix(rows: .dimension(in: 1...12), columns: .dimension(in: 1...12))

/// The planted-bug check: buggy norm against the reference, to a rounding tolerance.
func normCheck(settings: CheckSettings = CheckSettings()) -> CheckReport {
    PropertyCheck.check("planted-frobenius", smallMatrices, settings: settings) { m, context in
        context.classify(m.rows >= 5, "rows ≥ 5")
        // Both sums have at most rows·columns ≤ 144 terms; relative rounding ≤ 144·2⁻⁵³ ≪ 1e-12.
        try context.expectClose(plantedBugFrobeniusNorm(m), referenceFrobeniusNorm(m),
                                tolerance: 1e-12 * max(1, referenceFrobeniusNorm(m)), "‖M‖_F")
    }
}

@Suite struct PropertyRunnerTests {
    @Test func truePropertyPassesWithLabelsAndOneLineSummary() {
        let report = PropertyCheck.check("transpose-involution", smallMatrices, settings: CheckSettings(cases: 100),
                                         coverage: [CoverageRequirement("square", atLeast: 0.02)]) { m, context in
            context.classify(m.rows == m.columns, "square")
            try context.require(m.transposed.transposed == m, "transpose twice is the identity")
        }
        #expect(report.passed, "\(report)")
        #expect(report.casesRun == 100)
        #expect(report.coverage.first?.satisfied == true)
        #expect(report.summaryLine.contains("transpose-involution"))
        #expect(report.replayLine == nil)
        report.expectPassed()
    }

    @Test func plantedBugIsFoundAndShrunkToItsMinimalCase() throws {
        let report = normCheck()
        #expect(report.verdict == .failed)
        let failure = try #require(report.failure)
        // The bug needs ≥ 5 rows; the simplest such case is 5×1 with the seed-0 entries: choices
        // [rows − 1 = 4, columns − 1 = 0, seed = 0].
        #expect(failure.minimalChoices == [4, 0, 0])
        #expect(failure.minimalCase.hasPrefix("5×1") || failure.minimalCase.contains("5"), "\(failure.minimalCase)")
        let minimal = try build(smallMatrices, from: failure.minimalChoices)
        #expect(minimal.rows == 5 && minimal.columns == 1)
        #expect(failure.comparison?.relation == .lessOrEqual)
        #expect(failure.comparison.map { !$0.holds } == true)
        #expect(failure.shrinkSteps > 0)
        let line = try #require(report.replayLine)
        #expect(line.contains("THEORYCHECK_REPLAY=") && line.contains("swift test --filter"))
        #expect(report.description.contains("minimal case:"))
    }

    @Test func printedReplayLineRerunsExactlyTheMinimalCase() throws {
        let first = normCheck()
        let line = try #require(first.replayLine)
        // Run with the environment the printed shell line sets, as a user pasting it would.
        let replayed = CheckSettings.$environment.withValue(environment(fromReplayLine: line)) { normCheck() }
        #expect(replayed.casesRun == 1)
        #expect(replayed.verdict == .failed)
        #expect(replayed.failure?.minimalChoices == first.failure?.minimalChoices)
        #expect(replayed.failure?.minimalCase == first.failure?.minimalCase)
        #expect(replayed.notes.contains { $0.contains("replayed") })
        // A replay naming another check leaves this one running normally.
        let other = CheckSettings.$environment.withValue(environment(adding: ["THEORYCHECK_REPLAY": "other-check@1/0"])) { normCheck() }
        #expect(!other.notes.contains { $0.contains("replayed") })
        #expect(other.failure?.shrinkSteps ?? 0 > 0)
    }

    /// Choices the generator would not make (too few, too many, out of range) are refused, never
    /// replayed as some other case that may well pass.
    @Test func choicesTheGeneratorWouldNotMakeAreRefused() throws {
        let first = normCheck()
        let choices = try #require(first.failure?.minimalChoices)
        for wrong in [Array(choices.dropLast()), choices + [0], [UInt64.max] + choices.dropFirst()] {
            let token = ReplayToken(checkName: "planted-frobenius", runSeed: first.runSeed, caseIndex: 0, choices: wrong)
            let replayed = CheckSettings.$environment.withValue(environment(adding: ["THEORYCHECK_REPLAY": token.description])) { normCheck() }
            #expect(replayed.verdict == .failed && replayed.failure == nil, "\(wrong)")
            #expect(replayed.notes.contains(where: ReplayToken.isRefusal), "\(replayed.notes)")
        }
        // A statistical check has no cases: a case part is refused too.
        let token = ReplayToken(checkName: "coin", runSeed: 1, caseIndex: 3)
        let coin = CheckSettings.$environment.withValue(environment(adding: ["THEORYCHECK_REPLAY": token.description])) {
            PropertyCheck.mean("coin", of: Gen.double(in: 0...1), equals: 0.5, samples: 50)
        }
        #expect(coin.notes.contains(where: ReplayToken.isRefusal) && !coin.passed)
    }

    @Test func caseIndexAloneReplaysTheUnshrunkCase() throws {
        let first = normCheck()
        let index = try #require(first.failure?.caseIndex)
        let token = ReplayToken(checkName: "planted-frobenius", runSeed: first.runSeed, caseIndex: index)
        let replayed = CheckSettings.$environment.withValue(environment(adding: ["THEORYCHECK_REPLAY": token.description])) { normCheck() }
        #expect(replayed.casesRun == 1)
        #expect(replayed.failure?.minimalCase == first.failure?.originalCase)
    }

    @Test func doublesShrinkToTheSmallestFailingGridPoint() throws {
        // x² ≥ x is false exactly on (0, 1); on the grid 4·j/2⁵³ the smallest failing point is j = 1.
        let report = PropertyCheck.check("square-dominates", Gen.double(in: 0...4)) { x, context in
            try context.expect(x * x, .greaterOrEqual, x, "x² vs x")
        }
        let failure = try #require(report.failure)
        #expect(failure.minimalChoices == [1])
        #expect(failure.comparison?.rhs == 4 * 0x1p-53)
    }

    @Test func flatMapCasesShrinkThroughTheDependency() throws {
        // "every list of length ≤ 8 sums to < 15": minimal counterexample is one element [15].
        let lists = Gen.int(in: 0...8).flatMap { n in Gen.int(in: 0...20).array(count: n) }
        let report = PropertyCheck.check("small-sums", lists) { xs, context in
            try context.expect(Double(xs.reduce(0, +)), .lessThan, 15, "sum")
        }
        #expect(report.failure.map { try? build(lists, from: $0.minimalChoices) } == [15])
    }

    @Test func seedsComeFromTheEnvironmentAndPerCheckOverridesWin() {
        let names = ["THEORYCHECK_SEED": "0x2a", "THEORYCHECK_CASES": "7", "THEORYCHECK_PROFILE": "quick",
                     "THEORYCHECK_CASES_PLANTED_FROBENIUS": "3"]
        CheckSettings.$environment.withValue(names) {
            let resolved = ResolvedSettings(name: "planted-frobenius")
            #expect(resolved.baseSeed == 42 && resolved.cases == 3 && resolved.profile == .quick)
            #expect(resolved.runSeed == CheckSettings.runSeed(baseSeed: 42, checkName: "planted-frobenius"))
            #expect(ResolvedSettings(name: "other").cases == 7)
            // Settings given in code beat the global environment but not the per-check variable.
            #expect(ResolvedSettings(name: "other", settings: CheckSettings(cases: 50)).cases == 50)
            #expect(ResolvedSettings(name: "planted-frobenius", settings: CheckSettings(cases: 50)).cases == 3)
            CheckSettings.withCurrent(CheckSettings(cases: 9, profile: .deep)) {
                #expect(ResolvedSettings(name: "other").cases == 9)
                #expect(ResolvedSettings(name: "other").profile == .deep)
            }
        }
        CheckSettings.$environment.withValue(["THEORYCHECK_CASES": "many", "THEORYCHECK_PROFILE": "nightly"]) {
            let resolved = ResolvedSettings(name: "x")
            #expect(resolved.cases == Profile.ci.defaultCases)
            #expect(resolved.warnings.count == 2)
        }
    }

    @Test func coverageThatIsNotReachedFailsWithTheDistribution() {
        let report = PropertyCheck.check("deep-nets", Gen.depth(in: 1...100),
                                         coverage: [CoverageRequirement("depth ≥ 95", atLeast: 0.5)]) { depth, context in
            context.classify(depth >= 95, "depth ≥ 95")
        }
        #expect(report.verdict == .failed)
        #expect(report.coverage.first?.satisfied == false)
        #expect(report.description.contains("NOT MET"))
    }

    @Test func tooManyRejectionsAreReportedClearly() {
        let report = PropertyCheck.check("rare", Gen.int(in: 0...1_000_000).filter("equals 7", maxAttempts: 20) { $0 == 7 }) { _, _ in }
        #expect(report.verdict == .failed)
        #expect(report.notes.contains { $0.contains("'equals 7' rejected 20 candidates") })
        let discarding = PropertyCheck.check("discards", Gen.int(in: 0...99), settings: CheckSettings(cases: 10)) { x, context in
            try context.assume(x == 0, "x is zero")
        }
        #expect(discarding.verdict == .gaveUp)
    }

    @Test func timeBudgetStopsEarlyAndSaysSo() {
        let clock = ContinuousClock()
        let report = PropertyCheck.check("slow", Gen.int(in: 0...9), settings: CheckSettings(cases: 10_000, timeBudget: 0.05)) { _, _ in
            let start = clock.now
            while clock.now - start < .milliseconds(2) {}
        }
        #expect(report.passed)
        #expect(report.casesRun < 10_000)
        #expect(report.notes.contains { $0.contains("time budget") })
    }

    /// No profile limits a check's time, so the cases run (and the verdict) cannot depend on the
    /// machine's load.
    @Test func profilesSetNoTimeLimit() {
        for profile in Profile.allCases { #expect(profile.defaultTimeBudget == .infinity, "\(profile)") }
    }

    /// A negative control is never cut short, even under an explicit budget that stops the
    /// check's own cases: this control is slow (2 ms a case) and is only caught at case 40, long
    /// after the 0.02 s budget (cut short, it would count as not rejected and fail the check).
    @Test func aSlowNegativeControlRunsToItsEnd() {
        let clock = ContinuousClock()
        let control = Falsifier<Int>("caught late") { _, context in
            let start = clock.now
            while clock.now - start < .milliseconds(2) {}
            try context.require((context.caseIndex ?? 0) < 40, "case index below 40")
        }
        let report = PropertyCheck.check("slow control", Gen.int(in: 0...9), settings: CheckSettings(cases: 60, timeBudget: 0.02),
                                         falsifiers: [control]) { _, _ in
            let start = clock.now
            while clock.now - start < .milliseconds(2) {}
        }
        #expect(report.casesRun < 60, "the check's own cases stop at the budget")
        #expect(report.negativeControls.count == 1 && report.negativeControls[0].passed, "\(report.negativeControls)")
        #expect(report.passed)
    }

    @Test func anUnrejectedNegativeControlFailsTheCheck() {
        let gen = Gen.int(in: 0...1000)
        // Correct property: x + x == 2x. Negative controls: a wrong variant that is caught
        // (x + x == 2x + 1) and one that is not (x + 0 == x, "wrong" but indistinguishable).
        let good = PropertyCheck.check("doubling", gen, falsifiers: [
            Falsifier("off by one") { x, context in try context.require(x + x == 2 * x + 1, "off by one") },
        ]) { x, context in try context.require(x + x == 2 * x, "doubling") }
        #expect(good.passed, "\(good)")
        #expect(good.negativeControls.first?.passed == true)

        let blind = PropertyCheck.check("doubling-blind", gen, falsifiers: [
            Falsifier("no-op variant") { x, context in try context.require(x + 0 == x, "identity") },
        ]) { x, context in try context.require(x + x == 2 * x, "doubling") }
        #expect(blind.verdict == .failed)
        #expect(blind.negativeControls.first?.passed == false)
        #expect(blind.description.contains("NOT REJECTED"))

        // The subject form: one property, a correct subject and wrong ones.
        let subjects = PropertyCheck.check(
            "planted-frobenius-subjects", smallMatrices, subject: referenceFrobeniusNorm,
            falsifiers: [(name: "skips last row", subject: plantedBugFrobeniusNorm)]
        ) { m, norm, context in
            try context.expectClose(norm(m), referenceFrobeniusNorm(m), tolerance: 1e-12 * max(1, referenceFrobeniusNorm(m)), "‖M‖_F")
        }
        #expect(subjects.passed, "\(subjects)")
    }

    /// What the adapter records as the issue of a failing check: the report, with a replay line
    /// that reruns exactly the running test. (Tested on the text, so the suite's own run records
    /// no issue.)
    @Test func adapterIssueCarriesTheReportAndAReplayLineForTheTest() throws {
        let report = normCheck()
        let text = try #require(report.issueText(replayFilter: nil, testName: "norms (x)"))
        #expect(text.contains("THEORYCHECK_REPLAY='planted-frobenius@") && text.contains("minimal case:"))
        #expect(text.contains("swift test --filter 'norms \\(x\\)'"), "\(text)")
        let filtered = try #require(report.issueText(replayFilter: "Suite/one", testName: "other"))
        #expect(filtered.contains("--filter 'Suite/one'"))
        #expect(PropertyCheck.check("fine", Gen.bool) { _, _ in }.issueText(replayFilter: nil, testName: "t") == nil)
    }

    @Test func malformedHarnessVariablesAreProblemsNamingTheVariable() {
        let bad = ["THEORYCHECK_SEED": "12x", "THEORYCHECK_PROFILE": "nightly", "THEORYCHECK_THREADS": "0",
                   "THEORYCHECK_REPLAY": "no-at-sign", "THEORYCHECK_CASES_PLANTED": "-1", "THEORYCHECK_FAMILY_ALPHA": "2"]
        let problems = HarnessEnvironment.problems(in: bad)
        #expect(problems.map(\.variable) == bad.keys.sorted())
        #expect(problems.allSatisfy { $0.description.hasPrefix("\($0.variable)='\(bad[$0.variable]!)' is invalid: ") })
        let good = ["THEORYCHECK_SEED": "0x2a", "THEORYCHECK_PROFILE": "Quick", "THEORYCHECK_THREADS": "2",
                    "THEORYCHECK_REPLAY": "a/b@ff/3", "THEORYCHECK_CASES_X": "0", "THEORYCHECK_QUIET": "1", "PATH": "/bin"]
        #expect(HarnessEnvironment.problems(in: good).isEmpty)
    }

    /// The run's own environment: a malformed variable fails `swift test` here (and in every check
    /// that reports through the adapter) rather than being ignored.
    @Test func theRunsHarnessVariablesAreValid() {
        expectValidHarnessEnvironment()
    }

    @Test func reportsAreDataThatRoundTripThroughJSON() throws {
        let report = normCheck()
        let decoded = try JSONDecoder().decode(CheckReport.self, from: try JSONEncoder().encode(report))
        #expect(decoded.description == report.description)
        #expect(decoded.failure?.minimalChoices == [4, 0, 0])
    }

    @Test func reportsPrintAsATable() {
        let table = CheckReport.table([normCheck(), PropertyCheck.check("fine", Gen.bool) { _, _ in }])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].contains("planted-frobenius") && lines[2].contains("failed"))
        #expect(lines[3].contains("passed"))
    }
}

