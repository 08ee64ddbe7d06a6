import Foundation
import Numerics

/// The result of ``LowRankReLU/minimiseOverDirections(dimension:tolerance:maxBoxes:operation:bounds:)``.
struct DirectionSearchResult {
    /// Proven lower bound of the minimum over all directions.
    var lowerBound: Double
    /// The best direction found (unit vector) and its value.
    var best: (direction: [Double], value: Double)
    var boxesEvaluated: Int
}

extension LowRankReLU {
    /// Branch and bound over the unit directions of R^d up to sign, shared by the certified rank-1
    /// search (the direction spans the subspace) and the codimension-one search (the direction is
    /// the hyperplane's normal).
    ///
    /// Every line through 0 meets one face {y : y_j = +1, |y_l| ≤ 1} of the cube, so the d faces,
    /// each a (d−1)-dimensional box, cover all directions. For a box with centre y⁰ and unit centre
    /// v⁰, δ is the largest angle between y⁰ and a corner (plus 4ε); for δ < π/2 every direction of
    /// the box lies within angle δ of v⁰ (the cone of half-angle δ is convex and holds the corners).
    /// `bounds(y⁰, v⁰, δ)` returns the objective at v⁰ and a proven lower bound over that cap. The
    /// box of least bound is bisected along its longest side until best value − least bound ≤
    /// `tolerance`; boxes whose bound is not below the best value are discarded.
    ///
    /// - Throws: ``NumericsError/noConvergence`` when `maxBoxes` boxes do not reach the tolerance.
    static func minimiseOverDirections(
        dimension d: Int, tolerance: Double, maxBoxes: Int, operation: String,
        bounds: ([Double], [Double], Double) -> (value: Double, bound: Double)
    ) throws(NumericsError) -> DirectionSearchResult {
        struct Box { var face: Int; var lower: [Double]; var upper: [Double]; var bound: Double; var value: Double; var centre: [Double] }
        func embed(_ face: Int, _ coordinates: [Double]) -> [Double] {
            var y = [Double](repeating: 0, count: d)
            var l = 0
            for j in 0..<d { if j == face { y[j] = 1 } else { y[j] = coordinates[l]; l += 1 } }
            return y
        }
        func evaluate(_ face: Int, _ lower: [Double], _ upper: [Double]) -> Box {
            let m = d - 1
            let centreCoordinates = (0..<m).map { 0.5 * (lower[$0] + upper[$0]) }
            let y0 = embed(face, centreCoordinates)
            var radius = 0.0
            for corner in 0..<(1 << m) {
                let c = (0..<m).map { (corner >> $0) & 1 == 1 ? upper[$0] : lower[$0] }
                let y = embed(face, c)
                let t = y.withUnsafeBufferPointer { yb in y0.withUnsafeBufferPointer { zb in ReLUArcCosineKernel.angle(yb, zb) } }
                radius = Swift.max(radius, t)
            }
            radius += 4 * Double.ulpOfOne // the angles are accurate to a few ulps
            let n = euclideanNorm(y0)
            let v0 = y0.map { $0 / n }
            let (value, bound) = bounds(y0, v0, radius)
            return Box(face: face, lower: lower, upper: upper, bound: bound, value: value, centre: v0)
        }

        var heap: [Box] = [] // binary min-heap on `bound`
        func push(_ b: Box) {
            heap.append(b)
            var i = heap.count - 1
            while i > 0 { let p = (i - 1) / 2; if heap[p].bound <= heap[i].bound { break }; heap.swapAt(p, i); i = p }
        }
        func pop() -> Box {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var s = i
                    if l < heap.count, heap[l].bound < heap[s].bound { s = l }
                    if r < heap.count, heap[r].bound < heap[s].bound { s = r }
                    if s == i { break }
                    heap.swapAt(s, i); i = s
                }
            }
            return top
        }

        var best = evaluate(0, [Double](repeating: -1, count: d - 1), [Double](repeating: 1, count: d - 1))
        var evaluated = 0
        for face in 0..<d {
            let b = evaluate(face, [Double](repeating: -1, count: d - 1), [Double](repeating: 1, count: d - 1))
            evaluated += 1
            if b.value < best.value { best = b }
            push(b)
        }
        var lowerBound = heap.first?.bound ?? best.value
        var certified = false
        while !heap.isEmpty {
            let box = pop()
            lowerBound = Swift.min(box.bound, best.value)
            if best.value - lowerBound <= tolerance { certified = true; break }
            guard evaluated < maxBoxes, d > 1 else { break }
            var widest = 0
            for l in 0..<(d - 1) where box.upper[l] - box.lower[l] > box.upper[widest] - box.lower[widest] { widest = l }
            let middle = 0.5 * (box.lower[widest] + box.upper[widest])
            var leftUpper = box.upper; leftUpper[widest] = middle
            var rightLower = box.lower; rightLower[widest] = middle
            for child in [evaluate(box.face, box.lower, leftUpper), evaluate(box.face, rightLower, box.upper)] {
                evaluated += 1
                if child.value < best.value { best = child }
                if child.bound < best.value { push(child) }
            }
        }
        if heap.isEmpty && !certified { lowerBound = Swift.min(lowerBound, best.value); certified = best.value - lowerBound <= tolerance }
        guard certified else { throw .noConvergence(operation: operation, iterations: evaluated) }
        return DirectionSearchResult(lowerBound: lowerBound, best: (best.centre, best.value), boxesEvaluated: evaluated)
    }

    /// An orthonormal basis of v⊥ (v a unit vector of R^d), by Gram–Schmidt, applied twice, on the
    /// coordinate vectors other than the one most aligned with v (well conditioned for any v).
    static func orthonormalComplement(of v: [Double]) -> [[Double]] {
        let d = v.count
        var pivot = 0
        for j in 0..<d where Swift.abs(v[j]) > Swift.abs(v[pivot]) { pivot = j }
        var basis: [[Double]] = []
        for j in 0..<d where j != pivot {
            var e = [Double](repeating: 0, count: d); e[j] = 1
            for _ in 0..<2 { // twice is enough (Kahan–Parlett)
                for b in [v] + basis {
                    let p = zip(e, b).reduce(0) { $0 + $1.0 * $1.1 }
                    for l in 0..<d { e[l] -= p * b[l] }
                }
            }
            let ne = euclideanNorm(e)
            basis.append(e.map { $0 / ne })
        }
        return basis
    }
}
