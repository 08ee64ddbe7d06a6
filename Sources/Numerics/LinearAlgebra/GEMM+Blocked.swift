import NumericsKernels512

/// Tile and block sizes of the blocked GEMM, chosen for the AMD EPYC (Zen 4) CI machine (32 KiB L1d
/// and 1 MiB L2 per core, 32 MiB shared L3) and checked by measurement (see
/// `Benchmarks/NumericsBench`; kc = 384 with mc = 192, mc = 33…264 and nc = 256/512 ran within noise
/// of these values).
enum GEMMBlocking {
    /// Rows of the register tile (broadcast entries of op(A) per step).
    static let mr = 6
    /// Columns of the widest register tile (`GEMMKernel.nr`: 8 for AVX2, 16 for AVX-512).
    static let nrMax = 16
    /// Depth of a packed block: one kc×nr micro-panel of op(B) (16 KiB for nr = 8, 32 KiB for
    /// nr = 16) stays in L1 while the kernel sweeps the mc×kc block of op(A) (264 KiB, in L2) past
    /// it. Shared by both kernels: the depth blocking fixes the order of the sums, so keeping it
    /// the same keeps results bit-identical across processors.
    static let kc = 256
    /// Rows of a packed block of op(A); a multiple of `mr`.
    static let mc = 132
    /// Columns of a packed panel of op(B) (kc×nc, 8 MiB at most, shared by all threads in L3);
    /// a multiple of every kernel's `nr`.
    static let nc = 4096
    /// Below this many multiply-adds (m·n·k) packing and threads cost more than they save.
    static let smallProductLimit = 32 * 32 * 32
}

/// Blocked, packed, multi-threaded C ← α·op(A)·op(B) + β·C for m, n, k ≥ 1 (arguments already
/// validated by `gemm`).
///
/// Loop nest (outer to inner): column panels of width nc → depth blocks of kc → [pack the kc×nc
/// panel of op(B), in parallel over its micro-panels] → [in parallel over work items, each a
/// block of at most mc rows of C times a range of its columns: pack the block of op(A), then for
/// each nr-wide micro-panel of B and each mr-high micro-panel of A run the micro-kernel]. The
/// first depth block applies β; later ones add to C (β = 1). Work items are disjoint blocks of C
/// and never split the depth, so each entry of C sees the same operations in the same order for
/// every thread count and whichever thread runs it. `kernel` picks the register tile (the
/// 512-bit one must be available: `GEMMKernel.isAvailable`); it does not change the results.
func gemmBlocked(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
    threads: Int, kernel: GEMMKernel = .selected
) {
    let mr = GEMMBlocking.mr, nr = kernel.nr
    let kcMax = min(k, GEMMBlocking.kc)
    let ncMax = min((n + nr - 1) / nr * nr, GEMMBlocking.nc)

    // Row blocks of at most mc rows, aligned to the tile height. With several threads, use a
    // multiple of the thread count of near-equal blocks, at least two per thread, so that a thread
    // slowed by other work on the machine hands blocks to the others instead of holding them up
    // at the end of the phase (measured, 256³ on 2 threads: +2–10% over one block per thread; no
    // change at 512 and 1024, which already have two or more); when C has too few rows to share
    // out, split its columns instead.
    let rowPanels = (m + mr - 1) / mr
    let minimalRowBlocks = (m + GEMMBlocking.mc - 1) / GEMMBlocking.mc
    let splitRows = rowPanels >= 2 * threads || threads == 1
    let balancedRowBlocks = max((minimalRowBlocks + threads - 1) / threads * threads, threads == 1 ? 1 : 2 * threads)
    let rowBlockCount = splitRows ? min(rowPanels, balancedRowBlocks) : minimalRowBlocks
    let rowBlocks = Parallel.partition(m, parts: rowBlockCount, granularity: mr)
    // Packed blocks are padded to whole micro-panels.
    let mcMax = (rowBlocks.map(\.count).max()! + mr - 1) / mr * mr
    let workers = threads

    // Packed buffers start on a cache line (64 bytes, as ``ScratchPool`` guarantees): malloc only
    // promises 16, and with B's micro-panel at an offset of 16 or 48 bytes every other 32-byte
    // load of the kernel straddles two lines. Measured (one thread, numerics-bench): n = 192 went
    // from 20 to 50 GFLOP/s and n = 320 from 31 to 46 once the buffers were aligned. They come
    // from the pool so that successive products reuse mapped memory.
    let aSlice = (mcMax * kcMax + 7) / 8 * 8  // each worker's A block also starts on a line
    let bLoan = ScratchPool.shared.borrow(count: kcMax * ncMax)
    let aLoan = ScratchPool.shared.borrow(count: workers * aSlice)
    defer { ScratchPool.shared.giveBack(bLoan); ScratchPool.shared.giveBack(aLoan) }
    let bPacked = bLoan.pointer, aPacked = aLoan.pointer

    // Shared with the worker threads. Safety: A and B are only read; the packed B panel is
    // written only in the packing phase, each thread its own micro-panels, and read only after
    // that phase has returned; each worker packs A into its own slice of `aPacked`; each work
    // item writes its own disjoint block of C.
    let sharedA = UnsafeSendablePointer(a), sharedB = UnsafeSendablePointer(b)
    let sharedC = UnsafeSendableMutablePointer(c)
    let sharedBPacked = UnsafeSendableMutablePointer(bPacked)
    let sharedAPacked = UnsafeSendableMutablePointer(aPacked)

    @inline(__always) func runKernel(
        kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        switch kernel {
        case .avx2x6x8:
            gemmMicroKernel(kc: kc, a: a, b: b, alpha: alpha, beta: beta, c: c, ldc: ldc)
        case .avx512x6x16:
            gemmMicroKernel6x16(kc: kc, a: a, b: b, alpha: alpha, beta: beta, c: c, ldc: ldc)
        }
    }

    var jc = 0
    while jc < n {
        let nc = min(GEMMBlocking.nc, n - jc)
        let colPanels = (nc + nr - 1) / nr
        let packParts = Parallel.partition(colPanels, parts: threads)
        let colChunks = splitRows ? [0..<colPanels] : Parallel.partition(colPanels, parts: 2 * threads)
        let itemCount = rowBlocks.count * colChunks.count
        var pc = 0
        while pc < k {
            let kc = min(GEMMBlocking.kc, k - pc)
            Parallel.forEach(count: packParts.count, threads: threads) { t in
                let first = packParts[t].lowerBound, last = packParts[t].upperBound
                let col0 = first * nr
                GEMMPacking.packB(
                    nr: nr, transposed: transposeB, b: sharedB.base, ldb: ldb, rowStart: pc, depth: kc,
                    colStart: jc + col0, columns: min(nc, last * nr) - col0,
                    into: sharedBPacked.base + col0 * kc)
            }
            let betaHere = pc == 0 ? beta : 1
            Parallel.forEachClaimed(count: itemCount, threads: workers) { item, worker in
                let rows = rowBlocks[item / colChunks.count]
                let panels = colChunks[item % colChunks.count]
                let aBlock = sharedAPacked.base + worker * aSlice
                let mc = rows.count
                GEMMPacking.packA(
                    transposed: transposeA, a: sharedA.base, lda: lda,
                    rowStart: rows.lowerBound, rows: mc, colStart: pc, depth: kc, into: aBlock)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: mr * GEMMBlocking.nrMax) { edgeBuffer in
                    let edge = edgeBuffer.baseAddress!
                    for panel in panels {
                        let j0 = panel * nr
                        let liveCols = min(nr, nc - j0)
                        let bMicro = sharedBPacked.base + j0 * kc
                        var ir = 0
                        while ir < mc {
                            let liveRows = min(mr, mc - ir)
                            let cTile = sharedC.base + (rows.lowerBound + ir) * ldc + jc + j0
                            if liveRows == mr && liveCols == nr {
                                runKernel(kc: kc, a: aBlock + ir * kc, b: bMicro,
                                          alpha: alpha, beta: betaHere, c: cTile, ldc: ldc)
                            } else {
                                // Edge tile: same arithmetic into a scratch tile, then write back
                                // only the live part (alpha·acc, then + beta·c as in the kernel).
                                runKernel(kc: kc, a: aBlock + ir * kc, b: bMicro,
                                          alpha: alpha, beta: 0, c: edge, ldc: nr)
                                for i in 0..<liveRows {
                                    let row = cTile + i * ldc
                                    if betaHere == 0 {
                                        for j in 0..<liveCols { row[j] = edge[i * nr + j] }
                                    } else {
                                        for j in 0..<liveCols { row[j] = edge[i * nr + j] + betaHere * row[j] }
                                    }
                                }
                            }
                            ir += mr
                        }
                    }
                }
            }
            pc += kc
        }
        jc += nc
    }
}
