//! An alert answered by a runbook that does not cover the pipeline the alert pages (look23
//! item 2): `/alerts/dailygrowthstale/` led to the aggregate growth runbook, whose box
//! showed aggregate growth's owners while the rule pages daily growth (owners DE4, DE2).
//! `pipebook check` warns at the runbook's claim, and the alert's route keeps a page of its
//! own that names the paged pipeline and its owners.

mod common;

use std::path::Path;

use common::*;

/// The example site as it was before session 23: the growth runbook answers daily
/// growth's alerts but covers only aggregate growth.
fn mismatched() -> tempfile::TempDir {
    let site = example_site();
    edit(
        site.path(),
        "content/runbooks/growth/aggregate-growth.md",
        "pipelines: [aggregate-growth, daily-growth]",
        "pipelines: [aggregate-growth]",
    );
    site
}

fn line_of(root: &Path, file: &str, needle: &str) -> usize {
    let text = read(&root.join(file));
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn a_runbook_answering_another_pipelines_alert_is_warned_at_its_claim() {
    let site = mismatched();
    let root = site.path();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "a warning, not an error: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    let found = problems(&err);
    let rules = read(&root.join("content/rules/pipelines.yaml"));
    let stale = line_of(
        root,
        "content/rules/pipelines.yaml",
        "alert: DailyGrowthStale",
    );
    // The rule's `pipeline` label, the line the message names.
    let label = stale
        + rules
            .lines()
            .skip(stale)
            .position(|l| l.contains("pipeline: daily-growth"))
            .unwrap()
        + 1;
    let expected = format!(
        "content/runbooks/growth/aggregate-growth.md:4 this runbook answers alert `DailyGrowthStale`, whose rule (content/rules/pipelines.yaml:{label}) pages pipeline `daily-growth`, but it covers only `aggregate-growth`: the alert's page would show another pipeline's owners"
    );
    assert!(found.contains(&expected), "{found:#?}");
    assert!(
        err.contains("hint: add `daily-growth` to this runbook's `pipelines:`"),
        "{err}"
    );
    // Both daily growth alerts, and nothing else (the profit runbook covers unit-level
    // profit in the example).
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[1].contains("`DailyGrowthSLAMissed`"), "{found:#?}");
}

#[test]
fn the_route_of_such_an_alert_shows_the_paged_pipeline_and_its_owners() {
    let site = mismatched();
    let root = site.path();
    build_ok(root);
    let public = root.join("public");
    // The page is written once, at the lower-case route (session 28); the name as
    // written redirects to it.
    let as_written = read(&public.join("alerts/DailyGrowthStale/index.html"));
    assert!(
        as_written.contains("url=/alerts/dailygrowthstale/"),
        "{as_written}"
    );
    {
        let folder = "dailygrowthstale";
        let page = read(&public.join("alerts").join(folder).join("index.html"));
        assert!(
            !page.contains("http-equiv=\"refresh\""),
            "not a redirect: {page}"
        );
        assert!(!page.contains("data-redirect"), "{page}");
        assert!(
            page.contains(
                "pipeline <a href=\"/pipelines/daily-growth/\"><strong>Daily growth</strong></a>"
            ),
            "{page}"
        );
        assert!(
            page.contains("Owner: <a href=\"/engineers/de4/\">Data Engineer 4</a>, backup <a href=\"/engineers/de2/\">Data Engineer 2</a>"),
            "{page}"
        );
        // Aggregate growth's owner is not shown; the on-call box (since session 24) may
        // name anyone, as the clock goes.
        let owners = &page[..page.find("data-oncall=").unwrap_or(page.len())];
        assert!(!owners.contains("Data Engineer 3"), "{page}");
        assert!(
            page.contains("<a href=\"/runbooks/growth/aggregate-growth/\">"),
            "links the runbook that answers it: {page}"
        );
    }
    // Netlify would otherwise answer the route with a 301 to the runbook.
    let redirects = read(&public.join("_redirects"));
    assert!(
        !redirects.contains("\n/alerts/dailygrowthstale/"),
        "{redirects}"
    );
    assert!(
        redirects.contains("\n/alerts/DailyGrowthStale/ /alerts/dailygrowthstale/ 301!\n"),
        "{redirects}"
    );
    // An alert of a pipeline its runbook covers still redirects.
    let page = read(&public.join("alerts/aggregategrowthstale/index.html"));
    assert!(
        page.contains("url=/runbooks/growth/aggregate-growth/"),
        "{page}"
    );
    assert!(
        redirects.contains("/alerts/aggregategrowthstale/ /runbooks/growth/aggregate-growth/ 301!")
    );
}

#[test]
fn the_example_site_routes_every_alert_to_a_runbook_showing_its_pipelines_owners() {
    let out = tempfile::tempdir().unwrap();
    let o = pipebook(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "no warnings: {}", stderr(&o));
    for (alert, runbook, owner) in [
        ("dailygrowthstale", "growth/aggregate-growth", "de4"),
        ("unitlevelprofitslamissed", "profit/aggregate-profit", "de1"),
    ] {
        let route = read(&out.path().join("alerts").join(alert).join("index.html"));
        assert!(
            route.contains(&format!("url=/runbooks/{runbook}/")),
            "{route}"
        );
        let page = read(&out.path().join("runbooks").join(runbook).join("index.html"));
        assert!(
            page.contains(&format!("Primary: <a href=\"/engineers/{owner}/\">")),
            "{alert}: the runbook shows the paged pipeline's owner"
        );
    }
}
