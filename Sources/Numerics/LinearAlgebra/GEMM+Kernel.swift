import CPUHints
import NumericsKernels512

/// Which register-tile kernel the blocked GEMM runs. Both compute every entry of C by the same
/// arithmetic (see `gemmMicroKernel` and `gemmMicroKernel6x16`), with the same depth blocking, so
/// the choice changes speed only: results are bit-identical whichever kernel runs.
public enum GEMMKernel: String, Sendable, CaseIterable {
    /// 6×8 tile in twelve `SIMD4<Double>` (AVX2 + FMA); runs on any processor the package targets.
    case avx2x6x8 = "avx2-6x8"
    /// 6×16 tile in twelve `SIMD8<Double>` (AVX-512F). Measured on the CI machine (AMD EPYC): a
    /// register-only FMA loop runs at 120 GFLOP/s per core with 512-bit vectors vs 60 with 256-bit.
    case avx512x6x16 = "avx512-6x16"

    /// Columns of the register tile, hence of a packed micro-panel of op(B).
    var nr: Int {
        switch self {
        case .avx2x6x8: return 8
        case .avx512x6x16: return 16
        }
    }

    /// Whether this process can run the kernel: the 512-bit one needs a build for x86_64 (where
    /// its module is compiled for AVX-512) and a processor and OS that report AVX-512 F, VL, BW and DQ.
    public var isAvailable: Bool {
        switch self {
        case .avx2x6x8: return true
        case .avx512x6x16: return gemmAVX512Available
        }
    }

    /// The kernel `gemm` uses: the 512-bit one wherever it can run, else the AVX2 one. Decided once
    /// per process.
    public static var selected: GEMMKernel { gemmSelectedKernel }
}

private let gemmAVX512Available: Bool = {
    #if arch(x86_64)
    return cpu_has_avx512() != 0
    #else
    return false
    #endif
}()

private let gemmSelectedKernel: GEMMKernel = gemmAVX512Available ? .avx512x6x16 : .avx2x6x8
