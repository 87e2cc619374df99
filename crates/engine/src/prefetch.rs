//! A hint to the processor to start loading an element into the caches before it is read.
//!
//! A run at full scale reads its people, posts and pools at random places among hundreds of
//! megabytes: most reads miss the caches, and the processor waits for each in turn. Where the
//! next reads are known in advance (the day's next events, the posts a day's turnover drew), a
//! prefetch lets their loads overlap. A prefetch changes no value the program reads: results are
//! the same with or without it, on every target.

/// Asks the processor to load `slice[i]` into the caches (nothing if `i` is out of bounds, or
/// on a target other than x86-64, the browser's WebAssembly among them).
#[inline(always)]
pub fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = slice.get(i) {
        let address: *const i8 = (x as *const T).cast();
        // SAFETY: a prefetch reads nothing into the program and cannot fault, whatever the
        // address; this one is an element of a live slice besides. SSE, which the instruction
        // needs, is part of every x86-64 processor.
        #[allow(unsafe_code)]
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefetch_changes_nothing_and_ignores_what_is_out_of_bounds() {
        let v: Vec<u32> = (0..100).collect();
        for i in [0, 50, 99, 100, usize::MAX] {
            super::prefetch(&v, i);
        }
        super::prefetch::<u8>(&[], 0);
        assert_eq!(v, (0..100).collect::<Vec<u32>>());
    }
}
