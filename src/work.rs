//! Work counts: how many bytes pipebook's own text scanners visit, on this thread, so that
//! a test shows a cost is linear in its input by counting, not timing (a clock fails on a
//! loaded machine; a count is the same on every run). Scanners add once per call of their
//! own, never per byte, so the count costs nothing measurable.
//!
//! What is counted: the bytes a scanner is handed to read (a slice it may read to the
//! end), so a count is an upper bound of its reading: a change that hands a scanner the
//! rest of the file instead of its line shows as a count that grows with the square of
//! the input. Code of other crates (the Markdown and YAML parsers) is not counted; its
//! speed is measured by `bench/adversarial.sh`, which prints figures.

use std::cell::Cell;

thread_local! {
    static VISITED: Cell<u64> = const { Cell::new(0) };
}

/// Notes that a scanner of this thread was handed `bytes` bytes to read.
pub fn visit(bytes: usize) {
    VISITED.with(|v| v.set(v.get().saturating_add(bytes as u64)));
}

/// Runs `f`, returning what it gave and the bytes visited on this thread meanwhile.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = VISITED.with(Cell::get);
    let r = f();
    (r, VISITED.with(Cell::get) - before)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_what_is_visited_inside_only() {
        super::visit(5);
        let ((), n) = super::count(|| {
            super::visit(3);
            super::visit(4);
        });
        assert_eq!(n, 7);
        let (x, n) = super::count(|| 1);
        assert_eq!((x, n), (1, 0));
    }
}
