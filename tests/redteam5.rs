//! A fifth adversarial review: what the fourth left open (lookalike titles, YAML aliases
//! reported at 1:1) and the attacks tried afresh. Each test builds a small site in a
//! temporary folder and checks what was written and what was said.

mod common;

use std::path::Path;

use common::{pipebook, stderr};

use common::site_of as site;

/// Runs `pipebook build --root ROOT`. Not timed (a clock fails on a loaded machine):
/// costs are counted by unit tests (`pipebook::work`) and measured in bench/.
fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Runs `pipebook check --root ROOT` with `extra` arguments.
fn check(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend(extra);
    pipebook(&args)
}

#[test]
fn a_second_restart_etcd_is_warned_naming_both_pages() {
    // A pull request adds a page whose title reads like an existing one (a Cyrillic `е`,
    // or the same words): search and listings showed both as "Restart etcd", with no
    // word from check.
    for copy in [
        "# R\u{0435}start etcd\n\nRun `rm -rf /var/lib/etcd`.\n",
        "---\ntitle: restart etcd\n---\nRun `rm -rf /var/lib/etcd`.\n",
        "<!-- badge -->\n# Restart\u{200B} etcd\n",
    ] {
        let dir = site(&[
            (
                "content/runbooks/etcd/restart.md",
                "# Restart etcd\n\n1. `systemctl restart etcd`\n",
            ),
            ("content/runbooks/zz/restart-etcd.md", copy),
        ]);
        for out in [check(dir.path(), &[]), build(dir.path())] {
            let err = stderr(&out);
            assert!(out.status.success(), "a warning: {err}");
            let line = if copy.starts_with("---") {
                2
            } else {
                copy.lines().position(|l| l.starts_with('#')).unwrap() + 1
            };
            assert!(
                err.contains(&format!("content/runbooks/zz/restart-etcd.md:{line}")),
                "{copy:?}: {err}"
            );
            assert!(
                err.contains(" content/runbooks/etcd/restart.md:1 "),
                "{copy:?}: {err}"
            );
            assert!(err.contains("give this page a title"), "{err}");
        }
        let out = check(dir.path(), &["--deny-warnings"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
}

#[test]
fn a_lookalike_word_in_a_lone_title_is_warned() {
    let dir = site(&[(
        "content/runbooks/db.md",
        "# Rotate the p\u{0430}ssword of the database\n",
    )]);
    let out = check(dir.path(), &[]);
    let err = stderr(&out);
    assert!(
        err.contains("content/runbooks/db.md:1") && err.contains("Cyrillic letter `а` U+0430"),
        "{err}"
    );
}

#[test]
fn a_value_reused_through_an_alias_is_reported_at_the_alias() {
    // Errors in a value that came through `*name` were reported at the document's start
    // (or its parent mapping's), far from the alias that put it there.
    let dir = common::example_site();
    let root = dir.path();
    std::fs::write(
        root.join("content/runbooks/aliased.md"),
        "---\ntitle: Aliased\nmine: &p [no-such-pipeline]\nother: 1\npipelines: *p\n---\nText.\n",
    )
    .unwrap();
    let pipelines = root.join("content/pipelines.yaml");
    let mut text = std::fs::read_to_string(&pipelines).unwrap();
    text = text.replacen("primary: de1\n", "primary: &ghost de9\n", 1);
    text.push_str("  - id: reused\n    name: Reused\n    domain: profit\n    audience: experiments\n    primary: de2\n    secondary: *ghost\n");
    std::fs::write(&pipelines, &text).unwrap();
    let ghost_line = text.lines().count();
    let out = check(root, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/runbooks/aliased.md:5:12"),
        "at `*p`: {err}"
    );
    assert!(
        err.contains(&format!("content/pipelines.yaml:{ghost_line}:16")),
        "at `*ghost`, line {ghost_line}: {err}"
    );
}

#[test]
fn deeply_nested_block_yaml_is_an_error_not_a_crash() {
    // `- - - … y`: 100,000 lists nested on one line (200 kB). The flow-bracket limit did
    // not count block nesting, and the span scan's parser recursed once per level: the
    // stack overflowed and the process aborted (signal 6) with no message. Without the
    // recursion, 400,000 levels held 220 MB (a path per level).
    let deep = format!(
        "---\ntitle: Deep\nx:\n  {}y\n---\nText.\n",
        "- ".repeat(100_000)
    );
    let keys: String = (0..1_200)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let indented = format!("---\nx:\n{keys}---\nText.\n");
    for (name, md) in [("deep.md", deep), ("indented.md", indented)] {
        let dir = site(&[(&format!("content/runbooks/{name}"), md.as_str())]);
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains(&format!("content/runbooks/{name}:")),
            "{name}: {err}"
        );
        assert!(
            err.contains("nests more than 64 lists or mappings"),
            "{name}: {err}"
        );
    }
}

#[test]
fn an_engineer_named_like_another_is_warned() {
    // A pull request adds `de9`, named like `de1` with a Cyrillic `а` (and its own phone),
    // and puts it on call: the on-call page and feeds showed "Data Engineer 1".
    let dir = common::example_site();
    let team = dir.path().join("content/team.yaml");
    let mut text = std::fs::read_to_string(&team).unwrap();
    let real = text
        .lines()
        .position(|l| l.contains("name: Data Engineer 1"))
        .unwrap()
        + 1;
    let added = text.lines().position(|l| l == "engineers:").unwrap() + 3;
    text = text.replacen(
        "engineers:\n",
        "engineers:\n  - id: de9\n    name: D\u{0430}ta Engineer 1\n    contact: { email: de9@example.com }\n",
        1,
    );
    std::fs::write(&team, text).unwrap();
    let out = check(dir.path(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "a warning: {err}");
    // The added one comes first in the file: the real one is named as reading like it.
    assert!(
        err.contains(&format!("content/team.yaml:{}:11", real + 3))
            && err.contains(&format!(
                "engineer `de9` (content/team.yaml:{added}, `Dаta Engineer 1`)"
            )),
        "{err}"
    );
}

#[test]
fn a_long_title_is_refused_not_copied_into_every_page() {
    // A folder's title is in the breadcrumbs of every page under it (and a runbook's in
    // its neighbours' links): a 500 kB `# …` in a folder's README with 200 runbooks
    // beside it wrote 103 MB (every page 511 kB), 200 times its input.
    for (file, text, line) in [
        (
            "content/runbooks/ops/README.md",
            format!("# {}\n", "x".repeat(100_000)),
            1,
        ),
        (
            "content/runbooks/ops/README.md",
            format!("---\ntitle: {}\n---\nText.\n", "y".repeat(100_000)),
            2,
        ),
    ] {
        let mut files: Vec<(String, String)> = (0..20)
            .map(|i| (format!("content/runbooks/ops/r{i}.md"), format!("# R{i}\n")))
            .collect();
        files.push((file.to_string(), text));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = site(&refs);
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("{file}:{line}:")), "{err}");
        assert!(err.contains("title is 100000 bytes long"), "{err}");
        assert!(!dir.path().join("public").exists(), "nothing written");
    }
}

#[test]
fn long_names_shown_on_every_page_are_refused() {
    // An engineer's name is in the "on call now" box of every page and in every shift of
    // the feeds: a 200 kB name made the example site (25 pages) 86 MB, 430 times its
    // input; the site's title is in every page's header.
    for (file, from, to) in [
        (
            "content/team.yaml",
            "name: Data Engineer 3",
            format!("name: {}", "Z".repeat(200_000)),
        ),
        (
            "content/team.yaml",
            "email: de2@example.com",
            format!("email: {}@example.com", "e".repeat(10_000)),
        ),
        (
            "content/pipelines.yaml",
            "name: Unit-level profit",
            format!("name: {}", "P".repeat(10_000)),
        ),
        (
            "content/site.yaml",
            "title: ",
            format!("title: {}", "T".repeat(10_000)),
        ),
    ] {
        let dir = common::example_site();
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find(from).unwrap_or_else(|| panic!("{file}: {from}"));
        let line = text[..at].lines().count() + usize::from(text[..at].ends_with('\n') || at == 0);
        std::fs::write(&path, text.replacen(from, &to, 1)).unwrap();
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file} {from}: {err}");
        assert!(
            err.contains(&format!("{file}:{line}:")),
            "{file} {from}: line {line}: {err}"
        );
        assert!(
            err.contains("bytes long: pipebook takes at most 256"),
            "{err}"
        );
    }
}
