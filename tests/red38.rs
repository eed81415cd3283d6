//! A hostile pull request, session 38: leftovers of session 37 and what it did not try.
//! Each test builds a small site in a temporary folder; each failed on main 934d007.

mod common;

use std::path::Path;

use common::{build_ok, pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\nalert_rules: [content/rules.yaml]\n",
);
const TEAM: (&str, &str) = (
    "content/team.yaml",
    "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Dana Lee\n",
);
const ONCALL: (&str, &str) = (
    "content/oncall.yaml",
    "rotation:\n  order: [de1]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n",
);
const RULES: (&str, &str) = (
    "content/rules.yaml",
    "groups:\n  - name: g\n    rules:\n      - alert: DE-2\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/alerts/de-2/\n",
);

fn pipelines(job: &str) -> String {
    format!("domains:\n  - id: d\n    name: D\npipelines:\n  - id: p\n    name: P\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n    job: [p_daily, {job}]\n")
}

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// A pipeline's job names it in the search's answer card ("who owns aggregate_daily"), so
/// a pull request's job `Dana-Lee` answered "who is Dana Lee" with that pipeline's card
/// beside the engineer's, as a pipeline named so did (refused since session 37). On main
/// it built without a word; now it is refused at its line, like the pipeline's id and name.
#[test]
fn a_job_named_like_an_engineer_is_refused() {
    let p = pipelines("Dana-Lee");
    let site = site_of(&[
        SITE,
        TEAM,
        ONCALL,
        RULES,
        ("content/pipelines.yaml", &p),
        ("content/runbooks/r.md", "---\nalerts: [DE-2]\n---\n# R\n"),
    ]);
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let expected = "content/pipelines.yaml:11 the job `Dana-Lee` of pipeline `p` differs only in spaces, punctuation or letter case from the name of engineer `de2` (content/team.yaml:5): the search's answer card (\"who owns Dana-Lee\", \"who is Dana-Lee\") would answer with both";
    let found = problems(&err);
    assert!(found.iter().any(|f| f == expected), "{found:#?}");
    assert!(!site.path().join("public").exists());
}

/// An alert (`/alerts/de-2/`) or a runbook folder (`de1/`, whose page "De1" comes up in
/// search for `de1`) named like an engineer reads as that engineer's page or runbooks.
/// On main each built without a word; now each is a warning at its line (their names come
/// from alert rules and trees that exist outside the pull request, so they still build).
#[test]
fn an_alert_or_folder_named_like_an_engineer_is_warned_of() {
    let p = pipelines("p_hourly");
    let site = site_of(&[
        SITE,
        TEAM,
        ONCALL,
        RULES,
        ("content/pipelines.yaml", &p),
        (
            "content/runbooks/r.md",
            "---\nalerts: [DE-2, One]\n---\n# R\n",
        ),
        ("content/runbooks/ops/de1/disk.md", "# Disk full\n"),
        ("content/runbooks/ops/de1/more.md", "# More\n"),
        ("content/runbooks/dana lee/x.md", "# X\n"),
        ("content/runbooks/ops/fine.md", "# Fine\n"),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    let alert =
        "its page under /alerts/, and the alert in a page or a chat, read as about the engineer";
    let folder = "its page comes up in search for the engineer, and its runbooks read as theirs";
    let like = "differs only in spaces, punctuation or letter case from the";
    for expected in [
        format!("content/rules.yaml:4 the alert `DE-2` {like} id of engineer `de2` (content/team.yaml:4): {alert}"),
        format!("content/runbooks/r.md:2 the alert `DE-2` {like} id of engineer `de2` (content/team.yaml:4): {alert}"),
        format!("content/runbooks/r.md:2 the alert `One` is also the name of engineer `de1` (content/team.yaml:3): {alert}"),
        format!("content/runbooks/ops/de1/disk.md:1 the folder `ops/de1` is also the id of engineer `de1` (content/team.yaml:2): {folder}"),
        format!("content/runbooks/dana lee/x.md:1 the folder `dana lee` differs only in letter case from the name of engineer `de2` (content/team.yaml:5): {folder}"),
    ] {
        assert!(found.contains(&expected), "{expected}\n{found:#?}");
    }
    let about_engineers = found.iter().filter(|f| f.contains("of engineer")).count();
    assert_eq!(about_engineers, 5, "each folder once: {found:#?}");
}
