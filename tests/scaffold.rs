//! `pipebook new runbook <pipeline>` writes a runbook with the recommended sections and
//! never overwrites one.

mod common;

use common::*;

#[test]
fn new_runbook_for_a_pipeline_without_one() {
    let site = example_site();
    let root = site.path();
    let o = pipebook(&[
        "new",
        "runbook",
        "daily-growth",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "Wrote content/runbooks/growth/daily-growth.md"
    );
    let text = read(&root.join("content/runbooks/growth/daily-growth.md"));
    assert!(
        text.starts_with(
            "---\ntitle: Daily growth\npipelines: [daily-growth]\nlast_reviewed: 2026-11-26\n---\n"
        ),
        "{text}"
    );
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Symptoms",
            "## Impact",
            "## Steps",
            "## Checks",
            "## Verify",
            "## Rollback",
            "## Escalation"
        ]
    );
    assert!(text.contains(
        "1. The primary owner, Data Engineer 4.\n2. The secondary owner, Data Engineer 2."
    ));

    // The site builds cleanly with it, and the pipeline now has its runbook.
    let o = build_ok(root);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let page = read(&root.join("public/pipelines/daily-growth/index.html"));
    assert!(!page.contains("No runbook yet"));
    assert!(page.contains(r#"href="/runbooks/growth/daily-growth/""#));

    // A second time: refused, file unchanged.
    std::fs::write(
        root.join("content/runbooks/growth/daily-growth.md"),
        "edited\n",
    )
    .unwrap();
    let o = pipebook(&[
        "new",
        "runbook",
        "daily-growth",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already exists; pipebook will not overwrite it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        read(&root.join("content/runbooks/growth/daily-growth.md")),
        "edited\n"
    );
}

#[test]
fn new_runbook_uses_the_pipelines_runbook_path_and_rejects_unknown_ids() {
    let site = example_site();
    let root = site.path();
    std::fs::remove_file(root.join("content/runbooks/profit/aggregate-profit.md")).unwrap();
    let o = pipebook(&[
        "new",
        "runbook",
        "aggregate-profit",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root
        .join("content/runbooks/profit/aggregate-profit.md")
        .is_file());

    let o = pipebook(&["new", "runbook", "nope", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown pipeline `nope`: use one of the pipelines in content/pipelines.yaml (aggregate-engagement, aggregate-growth, aggregate-profit, daily-growth, unit-level-profit)"), "{}", stderr(&o));
}
