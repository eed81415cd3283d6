//! `check --format github|json` for pull requests and editors, and `--deny-warnings`.

mod common;

use common::*;

fn broken_site() -> tempfile::TempDir {
    let site = example_site();
    edit(
        site.path(),
        "content/pipelines.yaml",
        "    primary: de4\n",
        "    primary: de9\n",
    );
    site
}

#[test]
fn github_annotations() {
    let site = broken_site();
    let o = pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with("::error file=content/pipelines.yaml,line=53,col=14,title=pipebook error::unknown engineer `de9`"),
        "{line}"
    );
    assert!(
        line.ends_with(
            "(hint: use one of the engineers defined in content/team.yaml: de1, de2, de3, de4)"
        ),
        "{line}"
    );
}

#[test]
fn json_diagnostics() {
    let site = broken_site();
    let o = pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
    let first = &items[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/pipelines.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(53), Some(14))
    );
    assert!(first["hint"]
        .as_str()
        .unwrap()
        .contains("de1, de2, de3, de4"));
}

#[test]
fn warnings_fail_only_when_denied() {
    let site = example_site();
    let root = site.path();
    // Broken links warn in imported trees (the example's own runbooks make them errors).
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    std::fs::write(
        root.join("content/runbooks/linky.md"),
        "# Linky\n\n[gone](missing.md)\n",
    )
    .unwrap();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: link `missing.md`"));
    let o = pipebook(&["check", "--root", root.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: 1 warning (--deny-warnings)"),
        "{}",
        stderr(&o)
    );
    // build --deny-warnings writes nothing.
    let o = pipebook(&["build", "--root", root.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!root.join("public").exists());
    let o = pipebook(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let items: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(items[0]["severity"], "warning");
}
