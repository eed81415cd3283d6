//! Hostile runbooks and data files: each shape that once crashed the build, made it
//! quadratic or made it write gigabytes, at a size that is cheap here (the benchmark
//! `bench/adversarial.py` builds them up to the 4 MiB limit). Each either builds,
//! proportionate, or is refused with an error at its file and line that names the limit.
//! No test here reads a clock (a loaded machine fails it): the speed of these shapes is
//! measured by `bench/adversarial.sh`, which prints figures and fails on a ratio, and the
//! linearity of pipebook's own scanners is counted by unit tests (see `pipebook::work`).

mod common;

use std::fs;
use std::path::Path;

use common::{pipebook, read, stderr, stdout};

/// A site of just these files under `content/`.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join("content").join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// Runs `pipebook CMD --root ROOT [extra]`.
fn run(cmd: &str, root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![cmd, "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    pipebook(&args)
}

fn refused(out: &std::process::Output, at: &str, says: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(at), "expected an error at {at}: {err}");
    assert!(err.contains(says), "expected `{says}`: {err}");
}

#[test]
fn yaml_that_overflows_tree_sitters_scanner_state_is_written_plain() {
    // `- ` 255 times aborted build, check and serve (tree-sitter: `length <= 1024`).
    let code = format!("{}x", "- ".repeat(255));
    let md = format!("# Deep\n\n```yaml\n{code}\n```\n\n```yaml\nok: 1\n```\n");
    let dir = site(&[("runbooks/x.md", &md)]);
    let check = run("check", dir.path(), &[]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = run("build", dir.path(), &["-v"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let note = stderr(&build);
    assert!(
        note.contains("content/runbooks/x.md:3:1: Yaml block written without highlighting"),
        "{note}"
    );
    let page = read(&dir.path().join("public/runbooks/x/index.html"));
    assert!(page.contains(&code), "the block is there, plain");
    assert!(
        page.contains(r#"<span class="p">ok</span>"#),
        "other blocks are highlighted"
    );
}

#[test]
fn deep_python_and_json_build() {
    let python: String = (0..400)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    let json = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let md =
        format!("```python\n{python}```\n\n```json\n{json}\n```\n\n```python\nf\"{{x}}\"\n```\n");
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn deeply_nested_lists_and_quotes_are_refused_at_their_line() {
    for (md, line) in [
        (format!("# T\n\n{}x\n", "1. ".repeat(1000)), 3),
        (format!("# T\n\ntext\n\n{} x\n", ">".repeat(1000)), 5),
    ] {
        let dir = site(&[("runbooks/x.md", &md)]);
        let out = run("check", dir.path(), &[]);
        refused(
            &out,
            &format!("content/runbooks/x.md:{line}:"),
            "nest more than 32 deep",
        );
    }
    // 32 levels are fine.
    let dir = site(&[("runbooks/x.md", &format!("{}x\n", "1. ".repeat(32)))]);
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn repeated_headings_get_numbered_ids_in_linear_time() {
    let md = "## Step\n\n1. a\n\n".repeat(4000);
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&dir.path().join("public/runbooks/x/index.html"));
    // Steps are ids of their own, which do not count among the headings'.
    for id in ["step", "step-1", "step-3999", "step.1", "step-3999.1"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    // Past 10,000 anchors a page is refused.
    let dir = site(&[("runbooks/x.md", &"## Step\n".repeat(10_001))]);
    let out = run("check", dir.path(), &[]);
    refused(
        &out,
        "content/runbooks/x.md:10001:1",
        "at most 10000 anchors",
    );
}

#[test]
fn forge_markdown_builds_in_proportion() {
    // Its cost is counted in `markdown::tests::forge_markdown_costs_its_size`.
    // Table of contents markers, alerts and titled alerts by the ten thousand, and one
    // heading of half a megabyte (its id stops at 256 bytes).
    let md = format!(
        "# T\n\n{}{}{}## {}\n",
        "[TOC]\n\n".repeat(10_000),
        "> [!note] title\n> x\n\n".repeat(10_000),
        "> [!WARNING]\n> y\n\n".repeat(10_000),
        "é ".repeat(170_000)
    );
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("a second table of contents marker").count(),
        1,
        "{err}"
    );
    let page = read(&dir.path().join("public/runbooks/x/index.html"));
    assert_eq!(page.matches("class=\"toc toc-inline\"").count(), 1);
    assert_eq!(page.matches("markdown-alert-note").count(), 10_000);
    assert_eq!(page.matches("markdown-alert-warning").count(), 10_000);
    assert!(
        page.len() < 10 * md.len(),
        "{} for {}",
        page.len(),
        md.len()
    );
}

#[test]
fn deep_yaml_is_refused_before_it_is_parsed() {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let front = format!("---\ntitle: T\nx: {deep}\n---\nbody\n");
    let dir = site(&[("runbooks/x.md", &front)]);
    let out = run("check", dir.path(), &[]);
    refused(&out, "content/runbooks/x.md:3:68", "more than 64 brackets");
    let dir = site(&[("team.yaml", &format!("engineers: []\nx: {deep}\n"))]);
    let out = run("check", dir.path(), &[]);
    refused(&out, "content/team.yaml:2:68", "more than 64 brackets");
}

#[test]
fn broken_anchors_are_reported_a_hundred_per_file() {
    let mut md = String::from("# T\n\n");
    for i in 0..3000 {
        md.push_str(&format!("## h{i}\n\n[a](#hx{i}) [b](nope{i}.md)\n\n"));
    }
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("check", dir.path(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "warnings only: {err}");
    assert_eq!(err.matches("which is not a heading or step").count(), 100);
    assert!(err.contains("2900 more links of this file point to missing anchors"));
    assert_eq!(err.matches("which does not exist").count(), 100);
    assert!(err.contains("2900 more links of this file lead nowhere"));
    assert!(
        err.contains("did you mean #h0"),
        "suggestions still work: {err}"
    );
}

#[test]
fn names_too_long_for_the_output_are_found_by_check() {
    // A runbook named with 120 `ü` was written to a percent-encoded folder of 720 bytes
    // and failed at `./public:1:1`; output folders now carry the source's own names.
    let long = "ü".repeat(120);
    let deep = vec!["a".repeat(249); 13].join("/");
    let dir = site(&[
        (&format!("runbooks/{long}.md"), "# T\n"),
        (&format!("runbooks/{}/x.png", "ü".repeat(127)), "png"),
        (&format!("runbooks/{deep}/y.png"), "png"),
    ]);
    let out = run("check", dir.path(), &[]);
    refused(
        &out,
        &format!("content/runbooks/{deep}/y.png"),
        "its path in the output is 3264 bytes",
    );
    let err = stderr(&out);
    assert!(!err.contains("x.png") && !err.contains(&long), "{err}");
    let out = run("build", dir.path(), &[]);
    refused(
        &out,
        &format!("content/runbooks/{deep}/y.png"),
        "3264 bytes",
    );
    assert!(!stderr(&out).contains("./public"), "{}", stderr(&out));
    assert!(!dir.path().join("public").exists());
    // Without the deep file the long name builds, under its own name.
    std::fs::remove_dir_all(
        dir.path()
            .join("content/runbooks/aaaa".replace("aaaa", &"a".repeat(249))),
    )
    .unwrap();
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir
        .path()
        .join(format!("public/runbooks/{long}/index.html"))
        .is_file());
}

#[test]
fn tables_padded_out_of_proportion_are_refused() {
    let md = format!(
        "# T\n\n|{}\n|{}\n{}",
        "a|".repeat(2000),
        "-|".repeat(2000),
        "|1\n".repeat(2000)
    );
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("check", dir.path(), &[]);
    refused(
        &out,
        "content/runbooks/x.md:3:1",
        "columns and 2003 rows would be padded",
    );
}

#[test]
fn long_heading_ids_are_cut_and_long_explicit_ids_refused() {
    let md = format!("## {}\n\n1. x\n", "a".repeat(5000));
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&dir.path().join("public/runbooks/x/index.html"));
    let id = "a".repeat(256);
    assert!(
        page.contains(&format!("<h2 id=\"{id}\">")),
        "cut at 256 bytes"
    );
    assert!(
        page.contains(&format!("<li id=\"{id}.1\">")),
        "steps below it too"
    );
    let md = format!("## x {{#{}}}\n", "b".repeat(257));
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("check", dir.path(), &[]);
    refused(
        &out,
        "content/runbooks/x.md:1:1",
        "ids of at most 256 bytes",
    );
    assert!(stdout(&out).is_empty() || !stdout(&out).contains("panicked"));
}

#[test]
fn pages_that_grow_out_of_proportion_are_refused() {
    // Empty numbered steps under a long heading: about 300 bytes of HTML each for 3.
    let md = format!("## {}\n\n{}", "a".repeat(99), "1.\n".repeat(9000));
    let dir = site(&[("runbooks/x.md", &md)]);
    let out = run("check", dir.path(), &[]);
    refused(&out, "content/runbooks/x.md:1:1", "more than 32 times its");
}

#[test]
fn thousands_of_problems_on_one_long_line_are_located_in_linear_time() {
    let ids: Vec<String> = (0..5000)
        .map(|i| format!("p{i}{}", "x".repeat(300)))
        .collect();
    let md = format!("---\npipelines: [{}]\n---\nbody\n", ids.join(", "));
    let dir = site(&[
        ("runbooks/x.md", &md),
        ("pipelines.yaml", "pipelines: []\n"),
    ]);
    let out = run("check", dir.path(), &[]);
    refused(&out, "content/runbooks/x.md:2:", "unknown pipeline `p4999");
    assert!(
        stderr(&out).contains("error: 5000 errors"),
        "{}",
        stderr(&out).len()
    );
}

#[test]
fn names_the_output_reserves_are_found_by_check() {
    let dir = site(&[
        // Middleman's page of a folder beside the folder's README: no name left for it.
        ("runbooks/c/README.md", "# C\n"),
        ("runbooks/c/index.html.md", "# X\n"),
        ("runbooks/a/x.md", "# A\n"),
        ("runbooks/a/index.html", "<p>stray</p>"),
        ("runbooks/b/index.html/z.png", "png"),
    ]);
    let out = run("check", dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for at in [
        "content/runbooks/c/index.html.md",
        "content/runbooks/a/index.html",
        "content/runbooks/b/index.html/z.png",
    ] {
        assert!(err.contains(&format!("--> {at}:1:1")), "{at}: {err}");
    }
    // A stray HTML page is left out with a warning (md28): it is never published, and the
    // two names the output reserves still stop the build.
    assert!(
        err.contains("warning: `content/runbooks/a/index.html` is an HTML page"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
    let out = run("build", dir.path(), &[]);
    assert!(!stderr(&out).contains("public:1:1"), "{}", stderr(&out));
}

#[test]
fn fuzzed_runbook_with_nested_images_footnotes_and_a_long_word_builds() {
    // What fuzz/ markdown_gen wrote from the input that timed out (2 s) in its first run
    // (fuzz/seeds/markdown_gen/slow-under-load): 0.1 s when run again, so the machine's
    // load more than the input; kept so that it stays fast.
    let mut md = String::from("---\ntitle: T\npipelines: [aggregate-profit]\n---\n<div>\n\n");
    md.push_str(&"![".repeat(384));
    md.push_str("a\n\n");
    md.push_str(&"é".repeat(2048));
    md.push_str("\n\n");
    for i in 0..253 {
        md.push_str(&format!("x[^{}] ", i % 7));
    }
    md.push_str("\n\n[^0]: note\n\nx\n\n");
    let dir = common::example_site();
    // Beside the example's runbooks, whose alerts the example's rules need.
    fs::write(dir.path().join("content/runbooks/profit/fuzzed.md"), md).unwrap();
    let out = run("build", dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}
