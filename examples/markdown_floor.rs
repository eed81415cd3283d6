//! The floor of the Markdown stage: pulldown-cmark's parse and its own HTML writer on the
//! runbooks of a site, with the options pipebook renders them with, and nothing else (no
//! links, ids, highlighting, search text or limits). Against `markdown::render`'s
//! instructions in a build of the same site, it says what pipebook's own work costs
//! (bench/README, "the Markdown stage's event flow").
//!
//! ```sh
//! cargo build --release --example markdown_floor
//! valgrind --tool=callgrind --toggle-collect='markdown_floor::floor' \
//!     target/release/examples/markdown_floor SITE
//! ```
//!
//! Prints the runbooks, their bytes, the parser's events and the HTML written; the
//! instructions are callgrind's (`--toggle-collect` counts the rendering alone, not the
//! reading of the files).

#[path = "floor_common/mod.rs"]
mod floor_common;
use floor_common::body;

use std::path::{Path, PathBuf};

use pulldown_cmark::{html, Parser};

/// Every `.md` file under `dir`, in a stable order.
fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            markdown_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}

/// Parses and writes every body as pulldown-cmark alone does; the events and the bytes of
/// HTML written.
#[inline(never)]
fn floor(bodies: &[&str]) -> (usize, usize) {
    let (mut events, mut written) = (0, 0);
    let mut out = String::new();
    for body in bodies {
        out.clear();
        let parser = Parser::new_ext(body, pipebook::markdown::OPTIONS).inspect(|_| events += 1);
        html::push_html(&mut out, parser);
        written += out.len();
    }
    (events, written)
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: markdown_floor SITE  (the runbooks under SITE/content/runbooks)");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    let dir = Path::new(&root).join("content/runbooks");
    if let Err(e) = markdown_files(&dir, &mut files) {
        eprintln!("markdown_floor: {}: {e}", dir.display());
        std::process::exit(1);
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let bodies: Vec<&str> = texts.iter().map(|t| body(t)).collect();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();
    let started = std::time::Instant::now();
    let (events, written) = floor(&bodies);
    println!(
        "{} runbooks, {bytes} bytes of Markdown, {events} events, {written} bytes of HTML, {:.1} ms",
        bodies.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}
