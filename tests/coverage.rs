//! Review dates and the /coverage/ page.

mod common;

use common::*;

#[test]
fn coverage_page_lists_gaps_reviews_and_load() {
    let site = example_site();
    let root = site.path();
    // The example's runbooks cover the experiment pipelines whose alerts they answer:
    // without that and those alerts, the two have no runbook.
    for (file, pipelines, alerts) in [
        (
            "growth/aggregate-growth.md",
            "aggregate-growth, daily-growth",
            "DailyGrowthStale, DailyGrowthSLAMissed",
        ),
        (
            "profit/aggregate-profit.md",
            "aggregate-profit, unit-level-profit",
            "UnitLevelProfitStale, UnitLevelProfitSLAMissed",
        ),
    ] {
        let file = format!("content/runbooks/{file}");
        let keep = pipelines.split(',').next().unwrap();
        edit(root, &file, &format!("[{pipelines}]"), &format!("[{keep}]"));
        edit(root, &file, &format!(", {alerts}]"), "]");
    }
    std::fs::remove_file(root.join("content/rules/pipelines.yaml")).unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "",
    );
    build_ok(root);
    let page = read(&root.join("public/coverage/index.html"));
    let gaps = &page
        [page.find("id=\"without-runbook\"").unwrap()..page.find("id=\"review-due\"").unwrap()];
    assert!(gaps.contains("Unit-level profit") && gaps.contains("Daily growth"));
    assert!(!gaps.contains("Aggregate profit"));
    let load = &page[page.find("id=\"load\"").unwrap()..];
    // Data Engineer 1: primary of two pipelines, secondary of one.
    assert!(load.contains(r#"<a href="/engineers/de1/">Data Engineer 1</a></td><td data-label="Primary">2</td><td data-label="Secondary">1</td>"#), "{load}");
    let runbook = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    assert!(
        runbook.contains("Last reviewed 15 Oct 2026; next review by 13 Jan 2027."),
        "{runbook}"
    );
    assert!(!runbook.contains("review due"));
}

#[test]
fn overdue_runbooks_warn_show_a_badge_and_are_listed() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "last_reviewed: 2026-10-15",
        "last_reviewed: 2026-01-02",
    );
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "a warning, not an error");
    let err = stderr(&o);
    assert!(
        err.contains(
            "warning: runbook is due for review since 2026-04-02 (last reviewed 2026-01-02)"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/runbooks/growth/aggregate-growth.md:5:16"),
        "{err}"
    );
    assert_eq!(
        pipebook(&["check", "--root", root.to_str().unwrap(), "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
    // A runbook may keep its own interval.
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "last_reviewed: 2026-01-02",
        "last_reviewed: 2026-01-02\nreview_interval_days: 365",
    );
    assert!(stderr(&pipebook(&["check", "--root", root.to_str().unwrap()])).is_empty());
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "review_interval_days: 365",
        "review_interval_days: 30",
    );
    build_ok(root);
    let page = read(&root.join("public/runbooks/growth/aggregate-growth/index.html"));
    assert!(page.contains(r#"<strong class="badge due">review due</strong>"#));
    assert!(page.contains("due for review since 1 Feb 2026"));
    let coverage = read(&root.join("public/coverage/index.html"));
    let due = &coverage
        [coverage.find("id=\"review-due\"").unwrap()..coverage.find("id=\"load\"").unwrap()];
    assert!(
        due.contains(
            r#"<a href="/runbooks/growth/aggregate-growth/">Growth Pipeline (Aggregate Growth)</a>"#
        ),
        "{due}"
    );
    assert!(!due.contains("Profit Pipeline"));
}
