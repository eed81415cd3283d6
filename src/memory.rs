//! Handing memory freed back to the system at once, where a build frees a large part of
//! what it holds just before it makes more.

/// Returns the pages jemalloc holds freed to the system now. jemalloc keeps freed pages
/// for a while (its `dirty_decay_ms`, see `main.rs`) to reuse them, but memory freed just
/// before a large allocation, or before the build makes more than it frees, is not taken
/// again in time and stays in the peak. A few system calls; a no-op without jemalloc.
pub fn release_freed() {
    #[cfg(not(target_env = "msvc"))]
    {
        // `MALLCTL_ARENAS_ALL`: every arena. A name jemalloc does not know, or an arena
        // with nothing to purge, is an error code, and nothing is lost by ignoring it.
        let name = b"arena.4096.purge\0";
        // SAFETY: a NUL-terminated name; `purge` reads and writes no value.
        unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr().cast(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn releasing_with_nothing_freed_is_harmless() {
        let kept = vec![7u8; 1 << 20];
        drop(vec![1u8; 1 << 22]);
        super::release_freed();
        assert_eq!(kept.iter().map(|&b| u64::from(b)).sum::<u64>(), 7 << 20);
    }
}
