//! `pipebook build` on the system allocator, for heap profilers that follow `malloc`
//! (heaptrack, valgrind's massif): the pipebook binary allocates from jemalloc, which
//! they do not see. The same stages and the same output as `pipebook build --force -v`.
//!
//! ```sh
//! cargo build --release --example heap_build
//! SOURCE_DATE_EPOCH=1780000000 heaptrack target/release/examples/heap_build ROOT OUTPUT
//! heaptrack_print --print-peaks heaptrack.heap_build.*.zst | less
//! ```
//!
//! Its peak is glibc's, not jemalloc's: where the memory goes, not how much the binary
//! holds (`pipebook build -v` prints that).

use std::path::PathBuf;

use pipebook::site::{self, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: heap_build ROOT OUTPUT");
        std::process::exit(2);
    };
    let now = match site::clock(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()) {
        Ok(now) => now,
        Err(e) => {
            eprintln!("heap_build: {e}");
            std::process::exit(2);
        }
    };
    let opts = Options {
        root: PathBuf::from(root),
        output: Some(PathBuf::from(output)),
        base_url: None,
        now,
        deny_warnings: false,
        preview: false,
    };
    let mut outcome = site::build(&opts, true);
    if let Some(usage) = &outcome.usage_error {
        eprintln!("heap_build: {usage}");
        std::process::exit(2);
    }
    print!("{}", site::phase_report(&outcome));
    println!("{}", site::summary(&outcome, &opts.root));
    let failed = outcome.failed();
    if let Err(e) = outcome.removal.wait() {
        eprintln!("heap_build: the site replaced could not be removed: {e}");
    }
    std::process::exit(i32::from(failed));
}
