//! The README's sizes of the theme's own files, against a build of the example site: each
//! figure drifts with every change to the scripts and styles, and nobody updated them
//! (session 41 found `search.js` "31 kB" at 36.4 kB, `critical.css` "7.4 kB" at 16.4 kB).
//! A figure more than 10 % off fails here, naming the new size to write.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{build_ok, example_site, read};

/// How far a figure may be from the size it describes.
const TOLERANCE: f64 = 0.10;

/// The `count` figures in kB written right after `before` in `readme` (white space
/// collapsed), one after the other: `36 kB, 13 kB gzip-compressed` gives 36 and 13.
fn figures(readme: &str, before: &str, count: usize) -> Vec<f64> {
    let found: Vec<_> = readme.match_indices(before).collect();
    assert_eq!(found.len(), 1, "README: {before:?} {} times", found.len());
    let mut rest = &readme[found[0].0 + before.len()..];
    let mut out = Vec::new();
    for i in 1..=count {
        let (number, after) = rest.split_once(" kB").unwrap_or((rest, ""));
        out.push(number.parse().unwrap_or_else(|_| {
            panic!("README: no figure {i} of {count} after {before:?}: {number:.20?}")
        }));
        rest = after.split_once(", ").map_or("", |(_, r)| r);
    }
    out
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// The contents of the `<style>` elements of a page, in order.
fn styles(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find("<style") {
        let body = &rest[open..];
        let start = body.find('>').unwrap() + 1;
        let end = body.find("</style>").unwrap();
        out.push(&body[start..end]);
        rest = &body[end..];
    }
    out
}

fn html_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "html") {
            out.push(path);
        }
    }
}

#[test]
fn the_readme_gives_the_sizes_of_the_example_sites_files() {
    let readme = read(&common::repo().join("README.md"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let site = example_site();
    build_ok(site.path());
    let public = site.path().join("public");
    let file = |path: &str| fs::read(public.join(path)).unwrap();

    // Every part of critical.css is inlined in the pages of its templates: all of them,
    // each once, make the whole.
    let mut pages = Vec::new();
    html_files(&public, &mut pages);
    pages.sort();
    let mut parts: Vec<String> = Vec::new();
    for page in &pages {
        for style in styles(&read(page)) {
            if !parts.iter().any(|p| p == style) {
                parts.push(style.to_string());
            }
        }
    }
    let critical = parts.concat();
    let runbook = read(&public.join("runbooks/profit/aggregate-profit/index.html"));
    let runbook_styles: usize = styles(&runbook).iter().map(|s| s.len()).sum();

    let search = file("static/search.js");
    let sizes: [(&str, Vec<usize>); 5] = [
        ("(`search.js`, ", vec![search.len(), gzipped(&search)]),
        (
            "`search-page.js`, ",
            vec![file("static/search-page.js").len()],
        ),
        (
            "(`search-answers.js`, ",
            vec![gzipped(&file("static/search-answers.js"))],
        ),
        (
            "a theme's own without its comment lines: ",
            vec![gzipped(&file("sw.js"))],
        ),
        (
            "comments and spaces stripped: ",
            vec![critical.len(), gzipped(critical.as_bytes())],
        ),
    ];
    let less = [(
        "a runbook page carries ",
        vec![critical.len() - runbook_styles],
    )];
    let mut wrong = Vec::new();
    for (before, bytes) in sizes.into_iter().chain(less) {
        let said = figures(&readme, before, bytes.len());
        for (said, bytes) in said.into_iter().zip(bytes) {
            let kb = bytes as f64 / 1000.0;
            if (said - kb).abs() > kb * TOLERANCE {
                wrong.push(format!(
                    "after {before:?}: {said} kB, the example's is {kb:.1} kB"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "README figures off by more than 10 %:\n{}",
        wrong.join("\n")
    );
}
