//! The house's layering (DESIGN.md, "Architecture"): data flows one way, load, validate,
//! schedule, render, write, and no top module of the crate reaches, through the others,
//! back to itself. Read from the source: every `crate::<module>` path outside tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The stages in their order: none names a later one, but for [`HANDED_ON`].
const STAGES: [&str; 5] = ["load", "validate", "schedule", "render", "write"];

/// A stage naming the next: the renderer streams each page into the writer's sink
/// (`write::Sink`) as it is made, rather than holding 100,000 pages to hand on at once.
const HANDED_ON: [(&str, &str); 1] = [("render", "write")];

/// Top module -> the top modules it names, with one place each names it.
fn imports() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim_start_matches("pub ").strip_prefix("mod ")?;
            Some(l.trim_end_matches(';').to_string())
        })
        .collect();
    assert!(modules.len() > 20, "lib.rs lists {modules:?}");
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name == "tests.rs" || name == "testing.rs" {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        let text = fs::read_to_string(entry.path()).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("#[cfg(test)]") {
                break;
            }
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != top && modules.contains(&name) {
                    graph
                        .entry(top.clone())
                        .or_default()
                        .entry(name)
                        .or_insert_with(|| format!("{}:{}", rel.display(), n + 1));
                }
            }
        }
    }
    graph
}

#[test]
fn no_stage_names_a_later_one() {
    let graph = imports();
    let mut wrong = Vec::new();
    for (i, stage) in STAGES.iter().enumerate() {
        for later in &STAGES[i + 1..] {
            if HANDED_ON.contains(&(*stage, *later)) {
                continue;
            }
            if let Some(at) = graph.get(*stage).and_then(|m| m.get(*later)) {
                wrong.push(format!("{stage} names {later} at src/{at}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The check sees imports at all: render names load.
    assert!(graph["render"].contains_key("load"));
}

#[test]
fn no_module_reaches_itself() {
    let graph = imports();
    let mut cycles = Vec::new();
    for (from, to) in &graph {
        for (next, at) in to {
            // A path from `next` back to `from` closes a cycle through this import.
            let mut seen = BTreeSet::new();
            let mut stack = vec![next.as_str()];
            while let Some(m) = stack.pop() {
                if m == from {
                    cycles.push(format!("{from} -> {next} (src/{at}) and back"));
                    break;
                }
                if seen.insert(m) {
                    stack.extend(
                        graph
                            .get(m)
                            .into_iter()
                            .flat_map(|t| t.keys())
                            .map(|s| s.as_str()),
                    );
                }
            }
        }
    }
    assert!(cycles.is_empty(), "{cycles:#?}");
}
