//! What every fuzz target does: put the fuzzer's bytes in place of one file of the example
//! site and run everything `pipebook build` runs on it (loading, validation, the schedule,
//! every page, the feeds and the search index), except writing to disk. Then render the
//! problems found in each output format, as the command line would.
//!
//! A panic anywhere is a crash. So is a problem reported without a file, line and column.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use pipebook::site::{run_in_memory, Options};

/// The example site, as in `content/`.
const EXAMPLE: &[(&str, &[u8])] = &[
    ("site.yaml", include_bytes!("../../content/site.yaml")),
    ("team.yaml", include_bytes!("../../content/team.yaml")),
    (
        "pipelines.yaml",
        include_bytes!("../../content/pipelines.yaml"),
    ),
    ("oncall.yaml", include_bytes!("../../content/oncall.yaml")),
    (
        "runbooks/_index.md",
        include_bytes!("../../content/runbooks/_index.md"),
    ),
    (
        "runbooks/profit/aggregate-profit.md",
        include_bytes!("../../content/runbooks/profit/aggregate-profit.md"),
    ),
    (
        "runbooks/growth/aggregate-growth.md",
        include_bytes!("../../content/runbooks/growth/aggregate-growth.md"),
    ),
    (
        "runbooks/engagement/aggregate-engagement.md",
        include_bytes!("../../content/runbooks/engagement/aggregate-engagement.md"),
    ),
];

/// Builds the example site with `data` as the file at `path` (under `content/`).
pub fn build_with(path: &str, data: &[u8]) {
    // Unless on-call is what is fuzzed, publish 7 weeks of schedule instead of 56: pages
    // and feeds of shifts are most of a build's work, and fewer make more runs a second.
    let short_oncall = [
        include_bytes!("../../content/oncall.yaml").as_slice(),
        b"horizon: { past_weeks: 1, future_weeks: 6 }\n",
    ]
    .concat();
    let mut files: Vec<(&str, &[u8])> = EXAMPLE
        .iter()
        .filter(|(p, _)| *p != path)
        .map(|&(p, bytes)| match p {
            "oncall.yaml" => (p, short_oncall.as_slice()),
            _ => (p, bytes),
        })
        .collect();
    files.push((path, data));
    let opts = Options {
        root: PathBuf::from("/nonexistent/pipebook-fuzz"),
        output: None,
        base_url: None,
        // The tests' clock: 2026-11-26T12:00:00Z.
        now: DateTime::<Utc>::from_timestamp(1_795_694_400, 0).unwrap_or_default(),
        deny_warnings: false,
        preview: false,
    };
    let out = run_in_memory(&opts, &files);
    let d = &out.diagnostics;
    for problem in d.sorted() {
        let at = &problem.location;
        assert!(
            !at.file.is_empty() && at.line >= 1 && at.col >= 1,
            "a problem without a place: {problem:?}"
        );
    }
    let _ = d.render(&out.sources);
    let _ = d.render_github();
    let _ = d.render_json();
}

pub mod markdown_gen;

/// The languages that are highlighted, by the info string a runbook gives them.
const LANGUAGES: [&str; 6] = ["sql", "bash", "console", "yaml", "json", "python"];

/// Builds the example site with a runbook holding one code block: `data[0]` picks the
/// language, the rest is the code.
pub fn highlight_block(data: &[u8]) {
    let Some((&pick, code)) = data.split_first() else {
        return;
    };
    let lang = LANGUAGES[usize::from(pick) % LANGUAGES.len()];
    let code = String::from_utf8_lossy(code);
    // A fence longer than any the code is likely to hold, so the block is the whole code.
    let fence = "~".repeat(24);
    let text = format!("# Block\n\n{fence}{lang}\n{code}\n{fence}\n");
    build_with("runbooks/profit/aggregate-profit.md", text.as_bytes());
}
