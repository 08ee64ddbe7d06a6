// The processor hints are static inline functions in include/CPUHints.h; the memory hint, a
// system call, is defined here.
#include "CPUHints.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

int memory_advise_huge_pages(void *start, unsigned long bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    return madvise(start, bytes, MADV_HUGEPAGE) == 0 ? 1 : -1;
#else
    (void)start;
    (void)bytes;
    return 0;
#endif
}
