//! The floor of a whole build (issue 19): read every runbook under `content/runbooks`,
//! render its body with pulldown-cmark (pipebook's options, pulldown-cmark's own HTML
//! writer) and write it to a page of its own, on every core, nothing else: no model, no
//! templates, links, ids, highlighting, search, feeds or checks. Against `pipebook build`
//! on the same site in the same minutes, it says how far above the floor the build is on
//! this machine today (`bench/build_bench.sh` prints both).
//!
//! ```sh
//! cargo build --release --example build_floor
//! target/release/examples/build_floor SITE OUTPUT [RUNS]
//! ```
//!
//! Each page goes where pipebook writes a runbook, `OUTPUT/runbooks/<path>/index.html`,
//! so the floor makes as many folders and files. OUTPUT is emptied before each run (not
//! timed) and removed at the end. Prints one line a run, then the median.

#[path = "floor_common/mod.rs"]
mod floor_common;
use floor_common::body;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::{html, Parser};
use rayon::prelude::*;

/// Every `.md` file under `dir`, relative to it, in a stable order.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .collect();
    found.sort();
    found
}

/// The CPU time of the process so far (user and system), in seconds; 0 where unknown.
fn cpu_seconds() -> (f64, f64) {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return (secs(usage.ru_utime), secs(usage.ru_stime));
        }
    }
    (0.0, 0.0)
}

/// One run: reads, renders and writes every runbook; the bytes of HTML written.
fn run(source: &Path, files: &[PathBuf], output: &Path) -> std::io::Result<usize> {
    files
        .par_iter()
        .map(|rel| {
            let text = fs::read_to_string(source.join(rel))?;
            let mut page = String::with_capacity(text.len() * 2);
            html::push_html(
                &mut page,
                Parser::new_ext(body(&text), pipebook::markdown::OPTIONS),
            );
            let dir = output.join("runbooks").join(rel.with_extension(""));
            fs::create_dir_all(&dir)?;
            fs::write(dir.join("index.html"), &page)?;
            Ok(page.len())
        })
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: build_floor SITE OUTPUT [RUNS]  (the runbooks under SITE/content/runbooks)"
        );
        std::process::exit(2);
    };
    let runs: usize = match args.get(2).map(|r| r.parse()) {
        None => 3,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("build_floor: RUNS must be a positive number");
            std::process::exit(2);
        }
    };
    let source = Path::new(root).join("content/runbooks");
    let output = Path::new(output);
    let listed = Instant::now();
    let files = markdown_files(&source);
    let listing = listed.elapsed().as_secs_f64();
    if files.is_empty() {
        eprintln!("build_floor: no runbooks under {}", source.display());
        std::process::exit(1);
    }
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for i in 1..=runs {
        let _ = fs::remove_dir_all(output);
        let (user0, sys0) = cpu_seconds();
        let started = Instant::now();
        let written = match run(&source, &files, output) {
            Ok(written) => written,
            Err(e) => {
                eprintln!("build_floor: {e}");
                std::process::exit(1);
            }
        };
        // The folder walk is part of the floor too (pipebook walks content/ as it loads).
        let wall = started.elapsed().as_secs_f64() + listing;
        let (user1, sys1) = cpu_seconds();
        println!(
            "run {i}: {} runbooks, {written} bytes of HTML, wall {wall:.3} s, user {:.3} s, sys {:.3} s",
            files.len(),
            user1 - user0,
            sys1 - sys0
        );
        walls.push(wall);
        cpus.push((user1 - user0, sys1 - sys0));
    }
    let _ = fs::remove_dir_all(output);
    walls.sort_by(f64::total_cmp);
    cpus.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let (user, sys) = cpus[cpus.len() / 2];
    println!(
        "floor: median wall {:.3} s, CPU {:.3} s (user {user:.3}, sys {sys:.3}) over {runs} runs ({} threads)",
        walls[walls.len() / 2],
        user + sys,
        rayon::current_num_threads()
    );
}
