/// glibc serves allocations over 128 KiB with fresh mmap'd pages and returns freed heap tops to
/// the kernel; ingest allocates and frees multi-megabyte batch buffers continuously, and a
/// profile of `framecast ingest` showed 36% of the time in the kernel zeroing those pages again.
/// Keeping large blocks in the heap (and the heap's top) lets them be reused instead.
enum MallocTuning {
    static func keepLargeBlocks() {
        #if os(Linux)
            // <malloc.h>: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3 (not exported by Glibc).
            _ = glibcMallopt(-3, 64 << 20)
            _ = glibcMallopt(-1, 512 << 20)
        #endif
    }
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
