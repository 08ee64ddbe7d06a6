// Processor and memory hints that Swift cannot express: cache prefetch, the spin-wait pause, and
// transparent huge pages for large buffers. The processor hints are `static inline`, so calls from
// optimised Swift inline to one instruction; the memory hint is a system call (in CPUHints.c).
#ifndef THEORYCHECK_CPU_HINTS_H
#define THEORYCHECK_CPU_HINTS_H

/// Asks the processor to bring the cache line holding `address` into all cache levels, for a
/// coming write. A hint only: no effect on results, never faults (even for an invalid address).
static inline void cpu_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// As `cpu_prefetch_for_write`, for a coming read.
static inline void cpu_prefetch_for_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Tells the processor the caller is in a spin-wait loop (x86 `pause`, Arm `yield`): it saves power
/// and frees resources for the other hardware thread of the core. No effect on results.
static inline void cpu_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

/// 1 when the processor running this code supports the AVX-512 subsets every AVX-512 target CPU
/// enables — F (512-bit vectors, 32 ZMM registers), VL, BW and DQ, the x86-64-v4 level — else 0
/// (always 0 off x86). The compiler may use any of them in code built for a 512-bit target, so all
/// four are required before such code is entered. Fixed for the life of the process: cacheable.
static inline int cpu_has_avx512(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) ? 1 : 0;
#else
    return 0;
#endif
}

/// Asks the kernel to back `bytes` bytes from `start` with transparent huge pages when they are
/// first touched (Linux `madvise(MADV_HUGEPAGE)`). `start` must be aligned to a huge page and
/// `bytes` a multiple of one (the caller rounds inward). A hint only: contents and results are
/// unaffected, and nothing happens where the system has no such pages or they are switched off.
/// Returns 1 when the advice was taken, 0 where it does not apply (not Linux), -1 when the kernel
/// refused it (for example transparent huge pages set to "never").
int memory_advise_huge_pages(void *start, unsigned long bytes);

#endif
