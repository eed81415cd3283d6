//! Alert routes and owners, session 24: a runbook of several pipelines gets a compact
//! owners box (the two boxes of session 23 pushed the first step below a phone's first
//! screen, issue 16.3); an alert route that does not redirect is a page in the site's full
//! layout; an alert that no runbook claims gets a route too; /alerts/ of a site without
//! pipelines leaves out the empty Pipeline and Owners columns.

mod common;

use std::path::Path;

use common::*;

/// The part of `page` between `from` and the next `to` after it.
fn between<'p>(page: &'p str, from: &str, to: &str) -> &'p str {
    let start = page.find(from).unwrap_or_else(|| panic!("{from}: {page}"));
    let end = page[start..].find(to).map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn a_runbook_of_two_pipelines_has_a_line_each_and_one_folded_list_of_contacts() {
    let out = tempfile::tempdir().unwrap();
    let o = pipebook(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(
        &out.path()
            .join("runbooks/profit/aggregate-profit/index.html"),
    );
    let incident = between(&page, "<section class=\"incident\"", "</section>");
    // One line per pipeline, its owners' names beside it.
    assert!(incident.contains("<p class=\"pipeline several\"><a href=\"/pipelines/aggregate-profit/\">Aggregate profit</a> · Data Engineer 2, Data Engineer 4</p>"), "{incident}");
    assert!(incident.contains("<p class=\"pipeline several\"><a href=\"/pipelines/unit-level-profit/\">Unit-level profit</a> · Data Engineer 1, Data Engineer 3</p>"), "{incident}");
    // One folded list with both pipelines' contacts, and the on-call block once.
    assert_eq!(
        incident.matches("<details class=\"owners\">").count(),
        1,
        "{incident}"
    );
    assert_eq!(incident.matches("data-oncall=").count(), 1, "{incident}");
    let contacts = between(incident, "<details class=\"owners\">", "</details>");
    for who in ["de1", "de2", "de3", "de4"] {
        assert!(
            contacts.contains(&format!("mailto:{who}@example.com")),
            "{who}: {contacts}"
        );
    }
    // A runbook of one pipeline keeps its box as it was.
    let page = read(
        &out.path()
            .join("runbooks/engagement/aggregate-engagement/index.html"),
    );
    assert!(page.contains("<p class=\"pipeline\">Pipeline <a href=\"/pipelines/aggregate-engagement/\">Aggregate engagement</a></p>\n  <details class=\"owners\">\n    <summary>Owners: Data Engineer 1, Data Engineer 4</summary>"), "{page}");
}

/// The example with the growth runbook covering aggregate growth only (it still answers
/// daily growth's alerts), and unit-level profit's alerts claimed by no runbook.
fn mismatched_and_unclaimed() -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "pipelines: [aggregate-growth, daily-growth]",
        "pipelines: [aggregate-growth]",
    );
    edit(
        root,
        "content/runbooks/profit/aggregate-profit.md",
        "pipelines: [aggregate-profit, unit-level-profit]",
        "pipelines: [aggregate-profit]",
    );
    edit(
        root,
        "content/runbooks/profit/aggregate-profit.md",
        ", UnitLevelProfitStale, UnitLevelProfitSLAMissed]",
        "]",
    );
    site
}

/// The site's full layout: header, search, navigation, the inline and linked styles.
fn assert_full_layout(page: &str) {
    for part in [
        "<header class=\"site-header\">",
        "id=\"search-input\"",
        "<nav class=\"site-nav\"",
        "<style>",
        "static/style.css",
        "<footer class=\"site-footer\">",
        "<meta name=\"robots\" content=\"noindex\">",
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }
}

#[test]
fn the_page_of_an_alert_whose_runbook_covers_other_pipelines_has_the_sites_layout() {
    let site = mismatched_and_unclaimed();
    let root = site.path();
    build_ok(root);
    // Written once, at the lower-case route; the name as written redirects (session 28).
    let as_written = read(&root.join("public/alerts/DailyGrowthStale/index.html"));
    assert!(
        as_written.contains("url=/alerts/dailygrowthstale/"),
        "{as_written}"
    );
    {
        let folder = "dailygrowthstale";
        let page = read(&root.join("public/alerts").join(folder).join("index.html"));
        assert_full_layout(&page);
        assert!(
            page.contains("<title>DailyGrowthStale · Data Engineering Operations</title>"),
            "{page}"
        );
        let incident = between(&page, "<section class=\"incident\"", "</section>");
        assert!(incident.contains("mailto:de4@example.com"), "{incident}");
        assert_eq!(incident.matches("data-oncall=").count(), 1, "{incident}");
        assert!(
            page.contains("<code>content/rules/pipelines.yaml</code>, line "),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"/alerts/#dailygrowthstale\">All alerts</a>"),
            "{page}"
        );
    }
}

fn line_of(root: &Path, file: &str, needle: &str) -> usize {
    let text = read(&root.join(file));
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn an_alert_no_runbook_claims_has_a_route_that_says_who_to_call() {
    let site = mismatched_and_unclaimed();
    let root = site.path();
    // Its rule's runbook_url is its route: a warning (the address leads to a page), no
    // longer an error that fails the build.
    let o = build_ok(root);
    let err = stderr(&o);
    let rule = line_of(
        root,
        "content/rules/pipelines.yaml",
        "alert: UnitLevelProfitStale",
    );
    assert!(
        err.contains("warning: alert `UnitLevelProfitStale` has no runbook"),
        "{err}"
    );
    assert!(
        err.contains("list `UnitLevelProfitStale` in the `alerts:` front matter of the runbook that answers it"),
        "{err}"
    );
    // Written once, at the lower-case route; the name as written redirects (session 28).
    let as_written = read(&root.join("public/alerts/UnitLevelProfitStale/index.html"));
    assert!(
        as_written.contains("url=/alerts/unitlevelprofitstale/"),
        "{as_written}"
    );
    {
        let folder = "unitlevelprofitstale";
        let page = read(&root.join("public/alerts").join(folder).join("index.html"));
        assert!(
            !page.contains("http-equiv=\"refresh\""),
            "not a redirect: {page}"
        );
        assert_full_layout(&page);
        assert!(page.contains("<strong>No runbook yet.</strong>"), "{page}");
        assert!(page.contains("This alert pages pipeline <a href=\"/pipelines/unit-level-profit/\"><strong>Unit-level profit</strong></a>. Owner: <a href=\"/engineers/de1/\">Data Engineer 1</a>, backup <a href=\"/engineers/de3/\">Data Engineer 3</a>."), "{page}");
        assert!(page.contains("data-oncall="), "who is on call: {page}");
        assert!(
            page.contains(&format!(
                "<code>content/rules/pipelines.yaml</code>, line {rule}"
            )),
            "{page}"
        );
        assert!(
            page.contains("<code>pipebook new runbook unit-level-profit</code> starts one"),
            "{page}"
        );
    }
    let redirects = read(&root.join("public/_redirects"));
    assert!(
        !redirects.contains("\n/alerts/unitlevelprofitstale/"),
        "{redirects}"
    );
    assert!(
        redirects.contains("\n/alerts/UnitLevelProfitStale/ /alerts/unitlevelprofitstale/ 301!\n"),
        "{redirects}"
    );
    // /alerts/ lists it, at the anchor its page links.
    let list = read(&root.join("public/alerts/index.html"));
    let without = between(&list, "<h2 id=\"without-runbook\">", "</table>");
    assert!(
        without.contains("<tr id=\"unitlevelprofitstale\">"),
        "{without}"
    );
    assert!(
        without.contains("<a href=\"/pipelines/unit-level-profit/\">Unit-level profit</a>"),
        "{without}"
    );
}

#[test]
fn the_alert_list_of_a_site_without_pipelines_has_no_empty_columns() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nalert_rules: [rules/*.yaml]\n",
        ),
        (
            "content/runbooks/etcd-down.md",
            "---\nalerts: [EtcdDown]\n---\n# Etcd down\n\n1. Check the members.\n",
        ),
        (
            "rules/etcd.yaml",
            "groups:\n  - name: etcd\n    rules:\n      - alert: EtcdDown\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/alerts/etcddown/\n      - alert: EtcdSlow\n        expr: slow > 1\n        annotations:\n          runbook_url: https://ops.example/alerts/etcdslow/\n",
        ),
    ]);
    let root = site.path();
    build_ok(root);
    let list = read(&root.join("public/alerts/index.html"));
    assert!(list.contains("<tr id=\"etcddown\">"), "{list}");
    assert!(!list.contains("data-label=\"Pipeline\""), "{list}");
    assert!(!list.contains("data-label=\"Owners\""), "{list}");
    assert!(!list.contains("<th scope=\"col\">Pipeline</th>"), "{list}");
    // The unclaimed alert's page: no pipeline, no rotation, still its rule and the fix.
    let page = read(&root.join("public/alerts/etcdslow/index.html"));
    assert_full_layout(&page);
    assert!(
        page.contains("<strong>No runbook yet.</strong></p>"),
        "{page}"
    );
    assert!(!page.contains("class=\"incident\""), "{page}");
    assert!(
        page.contains("<code>rules/etcd.yaml</code>, line 8"),
        "{page}"
    );
}
