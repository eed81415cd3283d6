//! Times `serve`'s update in place without the server: builds ROOT (a copy of a site:
//! it edits its runbooks) into OUT, then edits N runbooks in turn as
//! `bench/serve_bench.py` does (even: a paragraph at the end; odd: a title heading) and
//! prints each update's phases (wall and CPU) until its files are written, then how long
//! gathering the search index's documents took after.
//!
//!     cargo run --release --example serve_probe -- ROOT OUT [N]
//!
//! Under callgrind, `--toggle-collect='*Incremental*update*'` counts the updates alone.

use std::path::{Path, PathBuf};

use pipebook::site::incremental::Incremental;
use pipebook::site::{clock, Options};

fn runbooks(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            runbooks(&p, into);
        } else if p.extension().is_some_and(|e| e == "md")
            && !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("_index.md" | "index.md" | "README.md")
            )
        {
            into.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(&args[1]);
    let out = PathBuf::from(&args[2]);
    let n: usize = args.get(3).map_or(20, |s| s.parse().unwrap());
    let opts = Options {
        root: root.clone(),
        output: Some(out),
        base_url: Some("http://localhost:1/".into()),
        now: clock(Some("1780000000")).unwrap(),
        deny_warnings: false,
        preview: true,
    };
    let (outcome, inc) = Incremental::build(&opts);
    let mut inc = inc.unwrap_or_else(|| panic!("no update path: {:?}", outcome.diagnostics));
    let mut all = Vec::new();
    runbooks(&root.join("content/runbooks"), &mut all);
    let step = (all.len() / n.max(1)).max(1);
    for i in 0..n {
        let path = &all[(i * step) % all.len()];
        let text = std::fs::read_to_string(path).unwrap();
        let at = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.find("\n---\n"))
            .map_or(0, |e| e + 9);
        let new = if i % 2 == 0 {
            format!("{text}\nA paragraph probe-{i}.\n")
        } else {
            format!("{}# Title probe-{i}\n\n{}", &text[..at], &text[at..])
        };
        std::fs::write(path, new).unwrap();
        let start = std::time::Instant::now();
        let mut served = None;
        let update = inc
            .update_with(std::slice::from_ref(path), |_| {
                served = Some(start.elapsed());
            })
            .expect("an update in place");
        let took = served.expect("served before the update returns");
        // The search index's documents, gathered once the files are written.
        let gathered = start.elapsed() - took;
        let phases: Vec<String> = update
            .outcome
            .phases
            .iter()
            .map(|p| {
                format!(
                    "{} {:.1}/{}",
                    p.name,
                    p.took.as_secs_f64() * 1000.0,
                    p.cpu.map_or(0, |c| c.as_millis())
                )
            })
            .collect();
        println!(
            "{} {:>6.1} ms, {} pages: {}; search documents {:.1} ms",
            if i % 2 == 0 { "body " } else { "title" },
            took.as_secs_f64() * 1000.0,
            update.rendered,
            phases.join(", "),
            gathered.as_secs_f64() * 1000.0
        );
        // As serve takes them, for the search index's thread.
        drop(inc.search_job());
    }
}
