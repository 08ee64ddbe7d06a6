import Testing
@testable import Numerics

/// Matrix storage, views and entrywise arithmetic against hand-computed values.
@Suite struct MatrixTests {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])

    @Test func rowMajorLayoutAndSubscripts() {
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.storage == [1, 2, 3, 4, 5, 6])
        #expect(a[1, 0] == 4 && a[0, 2] == 3)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(2) == [3, 6])
        #expect(Matrix(rows: 2, columns: 3) { i, j in Double(3 * i + j + 1) } == a)
    }

    @Test func copyOnWriteKeepsValueSemantics() {
        var b = a
        b[0, 0] = 100
        #expect(a[0, 0] == 1)
        #expect(b[0, 0] == 100)
    }

    @Test func transposeAndIdentity() {
        #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(a.transposed.transposed == a)
        #expect(Matrix.identity(3).trace == 3)
        // A transpose larger than the 32×32 blocking, with a ragged edge.
        var stream = RandomStream(seed: 1)
        let big = Matrix.gaussian(rows: 45, columns: 70, using: &stream)
        let t = big.transposed
        for i in 0..<45 { for j in 0..<70 { #expect(t[j, i] == big[i, j]) } }
    }

    @Test func slicesReadInPlaceAndBlocksAssign() {
        let s = a.slice(rows: 0..<2, columns: 1..<3)
        #expect(s.rows == 2 && s.columns == 2)
        #expect(s[1, 0] == 5)
        #expect(s.copy() == Matrix([[2, 3], [5, 6]]))
        let p = s.withUnsafeStridedPointer { p, stride in (p[0], p[stride + 1]) }
        #expect(p == (2, 6))
        var b = a
        b[rows: 0..<1, columns: 1..<3] = Matrix([[-2, -3]])
        #expect(b == Matrix([[1, -2, -3], [4, 5, 6]]))
        #expect(a[rows: 1..<2, columns: 0..<2] == Matrix([[4, 5]]))
    }

    @Test func arithmetic() {
        #expect(a + a == 2 * a)
        #expect(a - a == Matrix(rows: 2, columns: 3))
        #expect((a / 2).storage == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect(a.hadamard(a).storage == [1, 4, 9, 16, 25, 36])
        #expect(Matrix.product(a, a, transposeB: true) == Matrix([[14, 32], [32, 77]]))
        #expect(a * a.transposed == Matrix([[14, 32], [32, 77]]))
        var c = a
        c.add(a, scaledBy: -1)
        #expect(c.maxAbs == 0)
    }

    @Test func emptyShapesAreValid() {
        let e = Matrix(rows: 0, columns: 4)
        #expect(e.isEmpty && e.frobeniusNorm == 0)
        #expect((Matrix(rows: 3, columns: 0) * e) == Matrix(rows: 3, columns: 4))
        #expect(e.transposed.rows == 4)
    }

    @Test func frobeniusNormIsScaleSafe() {
        #expect(Matrix([[3, 4]]).frobeniusNorm == 5)
        // Squares of these entries overflow (1e300²) or underflow (1e-300²); the scaled sum must not.
        #expect(abs(Matrix([[3e300, 4e300]]).frobeniusNorm / 5e300 - 1) < 1e-15)
        #expect(abs(Matrix([[3e-300, 4e-300]]).frobeniusNorm / 5e-300 - 1) < 1e-15)
        #expect(Matrix([[1, .infinity]]).frobeniusNorm == .infinity)
    }

    @Test func nonFiniteEntriesAreReportedWithTheirPosition() {
        let m = Matrix([[1, 2], [.nan, 4]])
        do {
            try m.validateFinite("test")
            Issue.record("a NaN entry was accepted")
        } catch {
            guard case let .nonFiniteInput(op, row, column, value) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(op == "test" && row == 1 && column == 0 && value.isNaN)
            #expect(error.description.contains("entry (1, 0)"))
        }
        #expect(throws: Never.self) { try Matrix([[1, 2]]).validateFinite("test") }
    }
}

/// Programmer errors stop the process with a message at the API boundary (the checks survive
/// `-Ounchecked`). Each case runs in a child process (Swift Testing exit tests).
@Suite struct MatrixBadInputTests {
    @Test func negativeSize() async {
        await #expect(processExitsWith: .failure) { _ = Matrix(rows: -1, columns: 2) }
    }
    @Test func mismatchedProduct() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix(rows: 2, columns: 3) * Matrix(rows: 2, columns: 3)
        }
    }
    @Test func mismatchedSum() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix(rows: 2, columns: 3) + Matrix(rows: 3, columns: 2)
        }
    }
    @Test func indexOutOfRange() async {
        await #expect(processExitsWith: .failure) { _ = Matrix(rows: 2, columns: 2)[2, 0] }
    }
    @Test func wrongEntryCount() async {
        await #expect(processExitsWith: .failure) { _ = Matrix(rows: 2, columns: 2, rowMajor: [1, 2, 3]) }
    }
}
