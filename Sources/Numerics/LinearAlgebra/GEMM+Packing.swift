import CPUHints

/// Packing of op(A) and op(B) blocks into the contiguous micro-panel layouts the micro-kernel
/// streams through. Transposition is absorbed here: each routine reads its operand in whatever
/// orientation it is stored and writes the one layout the kernel wants, so no transpose is ever
/// materialised. Partial panels at the bottom/right edge are padded with zeros; the padded rows
/// and columns of the result tile are computed but never written to C.
enum GEMMPacking {
    /// How many rows ahead the packing loops that walk down a strided operand prefetch. Each row
    /// costs a few nanoseconds to copy and a miss ~100 ns, so 16 rows keeps the misses overlapped.
    /// Measured (n = 512, 2 threads, phases timed inside the product): packing fell from 12.6% of
    /// the threads' time to 5%.
    static let prefetchRows = 16

    /// Packs rows `rowStart ..< rowStart + rows` and columns `colStart ..< colStart + depth` of
    /// op(A) into panels of `mr` rows: panel q holds, for p = 0..<depth, the `mr` entries
    /// op(A)[rowStart + q·mr + i, colStart + p], i = 0..<mr, at `dest[q·mr·depth + p·mr + i]`.
    @inline(__always)
    static func packA(
        transposed: Bool, a: UnsafePointer<Double>, lda: Int,
        rowStart: Int, rows: Int, colStart: Int, depth: Int, into dest: UnsafeMutablePointer<Double>
    ) {
        let mr = GEMMBlocking.mr
        var out = dest
        var r = 0
        while r < rows {
            let live = min(mr, rows - r)
            if transposed {
                // op(A)[i, p] = a[p·lda + i]: the mr entries of one packed column are contiguous.
                var src = a + colStart * lda + rowStart + r
                if live == mr {
                    for _ in 0..<depth {
                        cpu_prefetch_for_read(src + prefetchRows * lda)
                        cpu_prefetch_for_read(src + prefetchRows * lda + 5)
                        UnsafeMutableRawPointer(out).storeBytes(
                            of: UnsafeRawPointer(src).loadUnaligned(as: SIMD4<Double>.self), as: SIMD4<Double>.self)
                        out[4] = src[4]; out[5] = src[5]
                        out += mr; src += lda
                    }
                } else {
                    for _ in 0..<depth {
                        for i in 0..<live { out[i] = src[i] }
                        for i in live..<mr { out[i] = 0 }
                        out += mr; src += lda
                    }
                }
            } else {
                // op(A)[i, p] = a[i·lda + p]: walk mr rows side by side, each one contiguous.
                let src = a + (rowStart + r) * lda + colStart
                if live == mr {
                    let s0 = src, s1 = src + lda, s2 = src + 2 * lda
                    let s3 = src + 3 * lda, s4 = src + 4 * lda, s5 = src + 5 * lda
                    for p in 0..<depth {
                        out[0] = s0[p]; out[1] = s1[p]; out[2] = s2[p]
                        out[3] = s3[p]; out[4] = s4[p]; out[5] = s5[p]
                        out += mr
                    }
                } else {
                    for p in 0..<depth {
                        for i in 0..<live { out[i] = src[i * lda + p] }
                        for i in live..<mr { out[i] = 0 }
                        out += mr
                    }
                }
            }
            r += mr
        }
    }

    /// Packs rows `rowStart ..< rowStart + depth` and columns `colStart ..< colStart + columns` of
    /// op(B) into panels of `nr` columns (8 or 16, the kernel's tile width): panel q holds, for
    /// p = 0..<depth, the `nr` entries op(B)[rowStart + p, colStart + q·nr + j], j = 0..<nr, at
    /// `dest[q·nr·depth + p·nr + j]`.
    @inline(__always)
    static func packB(
        nr: Int, transposed: Bool, b: UnsafePointer<Double>, ldb: Int,
        rowStart: Int, depth: Int, colStart: Int, columns: Int, into dest: UnsafeMutablePointer<Double>
    ) {
        var out = dest
        var j = 0
        while j < columns {
            let live = min(nr, columns - j)
            if transposed {
                // op(B)[p, j] = b[j·ldb + p]: each source row is one packed column, contiguous in p.
                let src = b + (colStart + j) * ldb + rowStart
                if live == 16 {
                    // Two passes of eight source rows keep the number of live streams as in the
                    // 8-wide case.
                    for half in 0..<2 {
                        let h = src + half * 8 * ldb
                        let s0 = h, s1 = h + ldb, s2 = h + 2 * ldb, s3 = h + 3 * ldb
                        let s4 = h + 4 * ldb, s5 = h + 5 * ldb, s6 = h + 6 * ldb, s7 = h + 7 * ldb
                        var o = out + half * 8
                        for p in 0..<depth {
                            o[0] = s0[p]; o[1] = s1[p]; o[2] = s2[p]; o[3] = s3[p]
                            o[4] = s4[p]; o[5] = s5[p]; o[6] = s6[p]; o[7] = s7[p]
                            o += 16
                        }
                    }
                    out += 16 * depth
                } else if live == nr {
                    let s0 = src, s1 = src + ldb, s2 = src + 2 * ldb, s3 = src + 3 * ldb
                    let s4 = src + 4 * ldb, s5 = src + 5 * ldb, s6 = src + 6 * ldb, s7 = src + 7 * ldb
                    for p in 0..<depth {
                        out[0] = s0[p]; out[1] = s1[p]; out[2] = s2[p]; out[3] = s3[p]
                        out[4] = s4[p]; out[5] = s5[p]; out[6] = s6[p]; out[7] = s7[p]
                        out += nr
                    }
                } else {
                    for p in 0..<depth {
                        for jj in 0..<live { out[jj] = src[jj * ldb + p] }
                        for jj in live..<nr { out[jj] = 0 }
                        out += nr
                    }
                }
            } else {
                // op(B)[p, j] = b[p·ldb + j]: the nr entries of one packed row are contiguous.
                var src = b + rowStart * ldb + colStart + j
                if live == 16 {
                    for _ in 0..<depth {
                        cpu_prefetch_for_read(src + prefetchRows * ldb)
                        cpu_prefetch_for_read(src + prefetchRows * ldb + 8)
                        cpu_prefetch_for_read(src + prefetchRows * ldb + 15)
                        for q in stride(from: 0, to: 16, by: 4) {
                            let v = UnsafeRawPointer(src + q).loadUnaligned(as: SIMD4<Double>.self)
                            UnsafeMutableRawPointer(out + q).storeBytes(of: v, as: SIMD4<Double>.self)
                        }
                        out += 16; src += ldb
                    }
                } else if live == nr {
                    for _ in 0..<depth {
                        // Rows are ldb apart, too far for the hardware prefetcher: ask for the
                        // row `prefetchRows` ahead (a hint, harmless past the end of B).
                        cpu_prefetch_for_read(src + prefetchRows * ldb)
                        cpu_prefetch_for_read(src + prefetchRows * ldb + 7)
                        let v0 = UnsafeRawPointer(src).loadUnaligned(as: SIMD4<Double>.self)
                        let v1 = UnsafeRawPointer(src + 4).loadUnaligned(as: SIMD4<Double>.self)
                        UnsafeMutableRawPointer(out).storeBytes(of: v0, as: SIMD4<Double>.self)
                        UnsafeMutableRawPointer(out + 4).storeBytes(of: v1, as: SIMD4<Double>.self)
                        out += nr; src += ldb
                    }
                } else {
                    for _ in 0..<depth {
                        for jj in 0..<live { out[jj] = src[jj] }
                        for jj in live..<nr { out[jj] = 0 }
                        out += nr; src += ldb
                    }
                }
            }
            j += nr
        }
    }
}
