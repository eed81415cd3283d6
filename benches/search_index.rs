//! The search index built on its own, for a site's runbooks: `cargo bench --bench
//! search_index -- SITE_DIR [RUNS]` (default: the 10,000-runbook site of
//! `bench/gen_site.py` in `/dev/shm/pipebook-bench/sites/10000`).
//!
//! Each runbook becomes one search document the way the renderer makes them (text by
//! `##` heading), without rendering: this times [`pipebook::search::build`] alone, on one
//! thread and on all of them, into a sink that only counts and into a real staging folder,
//! and prints the median of each. `SEARCH_BENCH_ONLY=1` runs only one thread into the
//! counting sink, for `valgrind --tool=callgrind` (instruction counts do not depend on
//! what else the machine runs). `bench/build_bench.sh` measures what the index adds to a
//! whole build; this one shows where a change to the index moves its own cost.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pipebook::search::{self, Doc, Kind, Section};
use pipebook::write::Sink;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let site = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "/dev/shm/pipebook-bench/sites/10000".into()),
    );
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(7);
    let texts = read_runbooks(&site.join("content/runbooks"));
    if texts.is_empty() {
        eprintln!(
            "no runbooks under {}/content/runbooks: generate a site with bench/gen_site.py",
            site.display()
        );
        std::process::exit(1);
    }
    let docs: Vec<Doc> = texts.iter().map(|(p, t)| doc(p, t)).collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!(
        "{} runbooks, {:.1} MB of Markdown, {} runs each (median, min, max)",
        docs.len(),
        bytes as f64 / 1e6,
        runs
    );
    // tmpfs when there is one, as the build benchmark: a disk's flushes are not the index's.
    let tmp = Path::new("/dev/shm");
    let tmp = if tmp.is_dir() {
        tmp.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let out = tmp.join(format!("pipebook-search-bench-{}", std::process::id()));
    let only_one = std::env::var_os("SEARCH_BENCH_ONLY").is_some();
    let sizes = if only_one {
        vec![1]
    } else {
        vec![1, num_threads()]
    };
    for threads in sizes {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        for (label, to_disk) in [("counted only", false), ("written", true)] {
            if only_one && to_disk {
                continue;
            }
            let mut times = Vec::new();
            let mut files = 0;
            for _ in 0..runs {
                let sink = if to_disk {
                    Sink::stage(&out).expect("staging folder")
                } else {
                    Sink::discard()
                };
                let t = Instant::now();
                let stats = pool.install(|| search::build(&docs, &sink));
                times.push(t.elapsed());
                files = stats.files;
                drop(sink); // an uncommitted staging folder is removed
            }
            times.sort();
            println!(
                "{threads} thread(s), {label:>12}: {:>7.1} ms  ({:.1}-{:.1}), {files} files",
                ms(times[times.len() / 2]),
                ms(times[0]),
                ms(times[times.len() - 1]),
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn num_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn read_runbooks(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p.to_string_lossy().into_owned(), t));
                }
            }
        }
    }
    out.sort();
    out
}

/// The runbook as a search document: the title from the front matter, the text before
/// the first `##` heading as the first section, then one section per heading.
fn doc<'a>(path: &str, text: &'a str) -> Doc<'a> {
    let body = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map_or(text, |(_, b)| b);
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or(path)
        .trim_matches('"')
        .to_string();
    let mut sections = Vec::new();
    let mut parts = body.split("\n## ");
    sections.push(Section {
        parents: String::new(),
        anchor: None,
        heading: Cow::Borrowed(""),
        text: Cow::Borrowed(parts.next().unwrap_or("")),
    });
    for part in parts {
        let (heading, text) = part.split_once('\n').unwrap_or((part, ""));
        sections.push(Section {
            parents: String::new(),
            anchor: Some(Cow::Owned(heading.to_lowercase().replace(' ', "-"))),
            heading: Cow::Borrowed(heading),
            text: Cow::Borrowed(text),
        });
    }
    Doc {
        url: format!("/{path}/"),
        title,
        kind: Kind::Runbook,
        domains: vec!["Domain".into()],
        audiences: vec!["finance".into()],
        owners: vec!["Data Engineer 1".into()],
        intro: String::new(),
        names: String::new(),
        summary: None,
        listing: false,
        bare: false,
        draft: false,
        stub: false,
        titled_folder: false,
        sections,
    }
}
