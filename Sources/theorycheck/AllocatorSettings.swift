/// Keeps freed memory in the process instead of handing it back to the kernel after every free.
///
/// Training loops allocate and free matrices of a few MB every step (a batch of 1,348 digits
/// times 128 hidden units is 1.4 MB). With glibc's defaults such blocks either come from `mmap`
/// or, once freed, are trimmed off the heap, so the next step faults the same pages back in,
/// zero-filled: in `check LR-TRAIN --profile deep` the kernel's page-fault and page-clearing paths
/// took about a fifth of the samples, and none with these settings. Blocks up to 32 MiB now come
/// from the heap (larger ones, such as a 4096² matrix, are still mapped on their own), and up to
/// 1 GiB of free heap is kept for reuse. Results do not depend on where memory comes from; only
/// the time does. Elsewhere than glibc nothing is changed.
func keepFreedMemoryForReuse() {
    #if os(Linux) && canImport(Glibc)
    // <malloc.h>'s parameter numbers M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
    let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
    _ = glibcMallopt(mmapThreshold, 32 << 20)
    _ = glibcMallopt(trimThreshold, 1 << 30)
    #endif
}

#if os(Linux) && canImport(Glibc)
/// glibc's `mallopt`, which the Glibc module does not export (it lives in <malloc.h>).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
