//! Alerts lead to their runbooks (issue 18): `alerts:` front matter and file names give
//! each alert `/alerts/<name>/`, the rule files of `alert_rules` are checked against the
//! runbooks at the rule's line, and `pipebook alerts --fill` adds what is missing.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Runs `pipebook check` on `root`, with `--format github` when asked.
fn check(root: &Path, github: bool) -> std::process::Output {
    let root = root.to_str().unwrap();
    if github {
        pipebook(&["check", "--root", root, "--format", "github"])
    } else {
        pipebook(&["check", "--root", root])
    }
}

/// The line of `content/rules/pipelines.yaml` holding `needle`.
fn rules_line(root: &Path, needle: &str) -> usize {
    let text = read(&root.join("content/rules/pipelines.yaml"));
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn every_alert_of_the_prometheus_operator_corpus_routes_to_its_runbook() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let from = shared().join("corpora/prometheus-operator-runbooks/content/runbooks");
    copy_dir(&from, &root.join("content/runbooks"));
    // The stray copy the corpus has beside a runbook (see tests/corpus.rs).
    fs::remove_file(root.join("content/runbooks/prometheus-operator/PrometheusOperatorSyncFailed"))
        .unwrap();
    fs::write(
        root.join("content/site.yaml"),
        "base_url: https://runbooks.example/\nalerts_from_file_names: true\n",
    )
    .unwrap();
    build_ok(root);
    let public = root.join("public");
    let redirects = read(&public.join("_redirects"));
    let mut routed = 0;
    for entry in walkdir::WalkDir::new(root.join("content/runbooks")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root.join("content/runbooks"))
            .unwrap();
        let rel = rel.to_str().unwrap().to_string();
        let Some(page) = rel.strip_suffix(".md").filter(|p| !p.ends_with("_index")) else {
            continue;
        };
        let alert = page.rsplit('/').next().unwrap();
        let target = format!("/runbooks/{page}/");
        // The route, lower-cased, and the alert's own spelling: a redirect page each…
        for folder in [alert.to_lowercase(), alert.to_string()] {
            let html = read(&public.join("alerts").join(&folder).join("index.html"));
            assert!(
                html.contains(&format!(
                    "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
                )),
                "{folder}: {html}"
            );
            assert!(html.contains(&format!(
                "<link rel=\"canonical\" href=\"https://runbooks.example{target}\">"
            )));
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            // …and a forced 301 on Netlify.
            assert!(
                redirects.contains(&format!("/alerts/{folder}/ {target} 301!\n")),
                "{folder}"
            );
        }
        assert!(public
            .join("runbooks")
            .join(page)
            .join("index.html")
            .is_file());
        routed += 1;
    }
    assert_eq!(routed, 108, "every alert runbook of the corpus");
    // The listing names each with its runbook.
    let o = pipebook(&["alerts", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = stdout(&o);
    assert_eq!(listing.lines().count(), routed);
    assert!(listing.contains("etcdMembersDown\thttps://runbooks.example/alerts/etcdmembersdown/\thttps://runbooks.example/runbooks/etcd/etcdMembersDown/\n"), "{listing}");
    let page = read(&public.join("alerts/index.html"));
    assert_eq!(page.matches("<tr id=").count(), routed);
}

#[test]
fn the_example_rules_check_clean_and_every_alert_has_its_runbook() {
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
    let rules = read(&repo().join("content/rules/pipelines.yaml"));
    let names: Vec<&str> = rules
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- alert: "))
        .collect();
    assert_eq!(
        names.len(),
        10,
        "a freshness and an SLA alert for each of five pipelines"
    );
    let page = read(&out.path().join("alerts/index.html"));
    // The names break between their words (`<wbr>`, tests/pages23.rs).
    let unbroken = page.replace("<wbr>", "");
    for name in &names {
        let html = read(
            &out.path()
                .join("alerts")
                .join(name.to_lowercase())
                .join("index.html"),
        );
        assert!(html.contains("url=/runbooks/"), "{name}: {html}");
        assert!(unbroken.contains(&format!("<code>{name}</code>")), "{name}");
    }
    // The pipeline comes from the rule's label, with its owners.
    let row = page
        .split("<tr id=\"dailygrowthstale\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("a row for DailyGrowthStale");
    assert!(
        row.contains("href=\"/runbooks/growth/aggregate-growth/\""),
        "{row}"
    );
    assert!(row.contains("href=\"/pipelines/daily-growth/\""), "{row}");
    assert!(
        row.contains("Data Engineer 4</a>, backup <a href=\"/engineers/de2/\">"),
        "{row}"
    );
    // The header links the page.
    assert!(read(&out.path().join("index.html")).contains("<a href=\"/alerts/\">Alerts</a>"));
}

#[test]
fn rules_are_checked_at_their_line() {
    let site = example_site();
    let root = site.path();
    let rules = "content/rules/pipelines.yaml";
    // A rule without runbook_url, one whose runbook_url leads nowhere, one naming an
    // unknown pipeline, and a runbook alert no rule raises any more.
    edit(
        root,
        rules,
        "          runbook_url: https://pipebook-example.netlify.app/alerts/unitlevelprofitstale/\n",
        "",
    );
    edit(
        root,
        rules,
        "/alerts/aggregateprofitstale/",
        "/runbooks/profit/aggregate-profits/",
    );
    edit(
        root,
        rules,
        "pipeline: daily-growth",
        "pipeline: daily-grwth",
    );
    edit(
        root,
        rules,
        "alert: AggregateEngagementSLAMissed",
        "alert: EngagementLate",
    );
    let o = check(root, true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let line = rules_line(root, "alert: UnitLevelProfitStale");
    assert!(out.contains(&format!("::error file={rules},line={line},col=16,title=pipebook error::alert `UnitLevelProfitStale` has no runbook_url (hint: add `runbook_url: https://pipebook-example.netlify.app/alerts/unitlevelprofitstale/` to its annotations")), "{out}");
    let line = rules_line(root, "/runbooks/profit/aggregate-profits/");
    assert!(out.contains(&format!("::error file={rules},line={line},col=24,title=pipebook error::runbook_url `https://pipebook-example.netlify.app/runbooks/profit/aggregate-profits/` of alert `AggregateProfitStale` leads to /runbooks/profit/aggregate-profits/, which is not a page, alias or alert route of this site")), "{out}");
    let line = rules_line(root, "pipeline: daily-grwth");
    assert!(out.contains(&format!("::error file={rules},line={line},col=21,title=pipebook error::alert `DailyGrowthStale` names unknown pipeline `daily-grwth`")), "{out}");
    // The rule of a runbook's alert was renamed: the runbook's claim is a warning where
    // it is written, and the renamed rule's runbook_url still leads to the old route.
    assert!(
        out.contains(
            "::warning file=content/runbooks/engagement/aggregate-engagement.md,line=4,col="
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "no alert rule raises `AggregateEngagementSLAMissed`, which this runbook answers"
        ),
        "{out}"
    );
    assert!(out.contains("runbook_url of alert `EngagementLate` is the route of another alert, `AggregateEngagementSLAMissed`"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::error")).count(),
        3,
        "{out}"
    );
    // People get the rule's line as a snippet.
    let err = stderr(&check(root, false));
    let line = rules_line(root, "alert: UnitLevelProfitStale");
    assert!(
        err.contains(&format!("content/rules/pipelines.yaml:{line}:16")),
        "{err}"
    );
    assert!(err.contains("      - alert: UnitLevelProfitStale"), "{err}");
}

/// Rules written for other tools name their runbook in another annotation (rhobs's
/// `runbook:` pointing at the SOP on GitHub): the error says that annotation is not read
/// and which one is (session 42: it said only "has no runbook_url").
#[test]
fn a_runbook_named_in_another_annotation_is_pointed_out() {
    let site = example_site();
    let root = site.path();
    let rules = "content/rules/pipelines.yaml";
    edit(
        root,
        rules,
        "runbook_url: https://pipebook-example.netlify.app/alerts/unitlevelprofitstale/",
        "runbook: https://github.com/acme/ops/blob/main/sop/profit.md",
    );
    edit(
        root,
        rules,
        "runbook_url: https://pipebook-example.netlify.app/alerts/aggregateprofitstale/",
        "summary: no runbook here",
    );
    let o = check(root, false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("alert `UnitLevelProfitStale` has no runbook_url: its annotation `runbook: https://github.com/acme/ops/blob/main/sop/profit.md` is not read by pipebook"),
        "{err}"
    );
    assert!(err.contains("pipebook reads `runbook_url`: add `runbook_url: https://pipebook-example.netlify.app/alerts/unitlevelprofitstale/`"), "{err}");
    // An annotation that names no runbook: the message as before.
    let plain = err
        .lines()
        .find(|l| l.contains("alert `AggregateProfitStale` has no runbook_url"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(!plain.contains("annotation"), "{plain}");
}

#[test]
fn runbook_url_anchors_are_ids_of_the_runbook() {
    let site = example_site();
    let root = site.path();
    let rules = "content/rules/pipelines.yaml";
    // Through an alert route, an alias and the page itself: a step, a heading, an id of
    // raw HTML (percent-encoded as a URL carries it), and two that are none.
    let url = "https://pipebook-example.netlify.app/";
    for (from, to) in [
        (
            "alerts/aggregateprofitstale/\n",
            "alerts/aggregateprofitstale/#steps.3\n",
        ),
        (
            "alerts/aggregateprofitslamissed/\n",
            "runbooks/profit/aggregate-profit/#known-failure-modes\n",
        ),
        (
            "alerts/aggregategrowthstale/\n",
            "runbooks/old-growth/#gr%C3%B6%C3%9Fe\n",
        ),
        (
            "alerts/aggregateengagementstale/\n",
            "alerts/AggregateEngagementStale/#step-9\n",
        ),
        (
            "alerts/aggregateengagementslamissed/\n",
            "runbooks/engagement/aggregate-engagement/#Checks\n",
        ),
    ] {
        edit(root, rules, &format!("{url}{from}"), &format!("{url}{to}"));
    }
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "title: Aggregate growth\n",
        "title: Aggregate growth\naliases: [/runbooks/old-growth/]\n",
    );
    edit(
        root,
        "content/runbooks/growth/aggregate-growth.md",
        "## Checks\n",
        "## Checks\n\n<a id=\"größe\"></a>\n",
    );
    let o = check(root, true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let line = rules_line(root, "#step-9");
    assert!(out.contains(&format!("::error file={rules},line={line},col=24,title=pipebook error::runbook_url `{url}alerts/AggregateEngagementStale/#step-9` of alert `AggregateEngagementStale` points to #step-9, which is not a heading, step or id of content/runbooks/engagement/aggregate-engagement.md (hint: did you mean #steps?")), "{out}");
    let line = rules_line(root, "#Checks");
    assert!(
        out.contains(&format!(
            "::error file={rules},line={line},col=24,title=pipebook error::runbook_url `{url}runbooks/engagement/aggregate-engagement/#Checks` of alert `AggregateEngagementSLAMissed` points to #Checks"
        )),
        "ids are case-sensitive, as browsers read them: {out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::error")).count(),
        2,
        "{out}"
    );
    // With `broken_links: warning` (an imported tree) they are warnings.
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    let o = check(root, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("::warning") && l.contains("points to #"))
            .count(),
        2
    );
}

#[test]
fn rule_files_that_cannot_be_read_are_errors_at_their_place() {
    let site = example_site();
    let root = site.path();
    fs::write(
        root.join("content/rules/broken.yaml"),
        "groups:\n  - name: x\n    rules: [\n      {alert: A,\n",
    )
    .unwrap();
    fs::write(
        root.join("content/rules/other.yaml"),
        "kind: ConfigMap\ndata: {}\n",
    )
    .unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "alert_rules: [content/rules/*.yaml, nowhere/*.yaml, ../outside/*.yaml]",
    );
    let o = check(root, false);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: `content/rules/broken.yaml` is not valid YAML or JSON"),
        "{err}"
    );
    assert!(err.contains("content/rules/broken.yaml:5:1"), "{err}");
    assert!(
        err.contains("error: `content/rules/other.yaml` is not an alert rule file"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: alert_rules `../outside/*.yaml` climbs out of the site's root with `..`"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: alert_rules `nowhere/*.yaml` matches no file"),
        "{err}"
    );
}

#[test]
fn grafana_exports_are_checked_too() {
    let site = example_site();
    let root = site.path();
    fs::write(
        root.join("content/rules/grafana.json"),
        "{\"apiVersion\": 1, \"groups\": [{\"name\": \"g\", \"folder\": \"Data\", \"rules\": [\n  {\"uid\": \"a\", \"title\": \"AggregateProfitStale\", \"annotations\": {\"runbook_url\": \"https://pipebook-example.netlify.app/alerts/AGGREGATEPROFITSTALE\"}},\n  {\"uid\": \"b\", \"title\": \"High lag\", \"annotations\": {\"runbook_url\": \"https://elsewhere.example/x\"}}\n]}]}\n",
    )
    .unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "alert_rules: [\"content/rules/*.{yaml,json}\"]",
    );
    let o = check(root, false);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: runbook_url `https://elsewhere.example/x` of alert `High lag` is not an address of this site (base_url `https://pipebook-example.netlify.app/`)"), "{err}");
    assert!(err.contains("content/rules/grafana.json:3:"), "{err}");
    assert_eq!(
        err.matches("error: ").count(),
        2,
        "routes ignore case: {err}"
    );
}

#[test]
fn two_runbooks_claiming_one_alert_fail_naming_both() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/runbooks/engagement/aggregate-engagement.md",
        "alerts: [AggregateEngagementStale, AggregateEngagementSLAMissed]",
        "alerts: [AggregateEngagementStale, AggregateEngagementSLAMissed, aggregateprofitstale]",
    );
    let o = check(root, false);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: alerts `aggregateprofitstale` and `AggregateProfitStale` (one route, /alerts/aggregateprofitstale/: routes ignore case) claimed by two runbooks: content/runbooks/engagement/aggregate-engagement.md:4 and content/runbooks/profit/aggregate-profit.md"), "{err}");
}

#[test]
fn fill_shows_the_change_then_writes_it_keeping_the_layout() {
    let site = example_site();
    let root = site.path();
    let rules = root.join("content/rules/pipelines.yaml");
    let original = read(&rules);
    let without: String = original
        .lines()
        .filter(|l| !l.contains("runbook_url:") || l.contains("slamissed"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&rules, &without).unwrap();
    assert_eq!(check(root, false).status.code(), Some(1));
    let r = root.to_str().unwrap();
    let o = pipebook(&["alerts", "--root", r, "--fill"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let diff = stdout(&o);
    assert!(
        diff.starts_with(
            "--- a/content/rules/pipelines.yaml\n+++ b/content/rules/pipelines.yaml\n"
        ),
        "{diff}"
    );
    assert_eq!(
        diff.lines().filter(|l| l.starts_with("+ ")).count(),
        5,
        "{diff}"
    );
    assert!(diff.contains("\n+          runbook_url: https://pipebook-example.netlify.app/alerts/dailygrowthstale/\n"), "{diff}");
    assert!(
        stderr(&o).contains(
            "Would give 5 rule(s) in 1 file(s) a runbook_url (run with --write to write them)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(&rules), without, "nothing written without --write");
    let o = pipebook(&["alerts", "--root", r, "--fill", "--write"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The URLs were where `--fill` puts them (first among the annotations), so the file
    // is the original but for their place; its comments are all there.
    let written = read(&rules);
    let sorted = |t: &str| {
        let mut lines: Vec<&str> = t.lines().collect();
        lines.sort_unstable();
        lines.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(sorted(&written), sorted(&original));
    assert!(written.starts_with("# Alert rules of the five pipelines"));
    let o = check(root, false);
    assert!(o.status.success(), "{}", stderr(&o));
    // Nothing left to fill.
    let o = pipebook(&["alerts", "--root", r, "--fill"]);
    assert!(o.status.success());
    assert!(stdout(&o).is_empty());
    // --write needs --fill.
    assert_eq!(
        pipebook(&["alerts", "--root", r, "--write"]).status.code(),
        Some(2)
    );
}
