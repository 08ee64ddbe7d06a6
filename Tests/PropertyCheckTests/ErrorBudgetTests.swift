import PropertyCheck
import Testing

@Suite struct ErrorBudgetTests {
    @Test func defaultBudgetIsBonferroniOverDeclaredChecks() {
        #expect(ErrorBudget.standard.perCheck == 1e-8)
        #expect(ErrorBudget(total: 1e-3, declaredChecks: 4).perCheck == 2.5e-4)
        let resolved = ResolvedSettings(name: "x")
        #expect(resolved.alpha == 1e-8)
        #expect(resolved.alphaSource.contains("family-wise 1e-06 over 100 declared statistical checks"))
        CheckSettings.$environment.withValue(["THEORYCHECK_FAMILY_ALPHA": "1e-4", "THEORYCHECK_STATISTICAL_CHECKS": "10"]) {
            #expect(ResolvedSettings(name: "x").alpha == 1e-5)
        }
        #expect(ResolvedSettings(name: "x", settings: CheckSettings(alpha: 0.05)).alpha == 0.05)
    }

    @Test func exceedingTheDeclaredNumberOfChecksIsReported() {
        // Declaring a budget for 1 check and running 3 distinct budgeted checks: the later reports
        // say the bound does not hold. (Names are unique to this test; the ledger is per process.)
        let tight = CheckSettings(errorBudget: ErrorBudget(total: 1e-6, declaredChecks: 1))
        let reports = (0..<3).map { k in
            PropertyCheck.mean("ledger-\(k)", of: Gen.double(in: 0...1), equals: 0.5, samples: 50, settings: tight)
        }
        #expect(reports.last?.notes.contains { $0.contains("does not hold") } == true)
    }

    @Test func holmRejectsStepDownAndDominatesBonferroni() {
        // m = 3, α = 0.05: sorted 0.01 ≤ 0.05/3 rejected; 0.03 > 0.05/2 stops.
        #expect(ErrorBudget.holm([0.01, 0.04, 0.03], alpha: 0.05) == [true, false, false])
        // 0.001 ≤ 0.02, 0.02 ≤ 0.03, 0.03 ≤ 0.06: all rejected; Bonferroni (≤ 0.02) rejects two.
        #expect(ErrorBudget.holm([0.001, 0.02, 0.03], alpha: 0.06) == [true, true, true])
        #expect(ErrorBudget.bonferroni([0.001, 0.02, 0.03], alpha: 0.06) == [true, true, false])
    }

    @Test func propertyFalsifiersWithStatedPowerAreJudgedByTheBinomialTail() {
        // The wrong variant fails only when the case value is 0 of 0...9: with 100 cases one run
        // rejects with probability 1 − 0.9¹⁰⁰ ≈ 1 − 2.7e-5, so a stated power 0.9 holds over 10
        // replicates; with 1 case per run the power is 0.1 and the statement is refuted.
        let gen = Gen.int(in: 0...9)
        let falsifier = Falsifier<Int>("fails on zero", minimumPower: 0.9, replicates: 10) { x, context in
            try context.require(x != 0, "zero")
        }
        let strong = PropertyCheck.check("power-strong", gen, falsifiers: [falsifier]) { _, _ in }
        #expect(strong.passed, "\(strong)")
        let weak = PropertyCheck.check("power-weak", gen, settings: CheckSettings(cases: 1, alpha: 1e-3),
                                       falsifiers: [falsifier]) { _, _ in }
        #expect(weak.verdict == .failed, "\(weak)")
        #expect(weak.negativeControls.first.map { $0.lowerTailProbability < 1e-3 } == true)
    }
}
