//! What session 25's reviewers found on the written pages and in `serve`: swap reasons
//! read "holiday duty rotates (Independence Day (observed)): …"; a theme's own runbook page
//! got no break opportunities in long previous and next names; an alert's own page did not
//! show the rule's expression (`serve` not reporting a broken `alert.html` that `build`
//! reports: tests/serve.rs).

mod common;

use common::*;

/// The deepest nesting of round brackets in `text`.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The text of every element of `class` in `html` (to its next `<`).
fn texts_of<'h>(html: &'h str, open: &str) -> Vec<&'h str> {
    html.split(open)
        .skip(1)
        .map(|rest| {
            let start = rest.find('>').map_or(0, |i| i + 1);
            let end = rest[start..].find("</").map_or(rest.len(), |e| start + e);
            &rest[start..end]
        })
        .collect()
}

#[test]
fn swap_reasons_and_backups_never_put_a_bracket_inside_another() {
    let site = example_site();
    let root = site.path();
    // A reason with brackets of its own, published.
    edit(
        root,
        "content/site.yaml",
        "timezone: America/New_York",
        "timezone: America/New_York\npublish_time_off_reasons: true",
    );
    // Data Engineer 1 away in the week of 14 December, on call by the rotation (the
    // clock is 26 November, Data Engineer 3's week).
    edit(
        root,
        "content/team.yaml",
        "    github: example-de1\n",
        "    github: example-de1\n    time_off:\n      - { from: 2026-12-14, to: 2026-12-18, reason: \"Conference (KubeCon)\" }\n",
    );
    build_ok(root);
    let public = root.join("public");
    let oncall = read(&public.join("oncall/index.html"));
    // The schedule's notes and the holidays' "why": what the reviewer read.
    let mut notes: Vec<&str> = texts_of(&oncall, "<td data-label=\"Why\"");
    notes.extend(
        oncall
            .split("</time>.")
            .skip(1)
            .map(|r| r.split("</p>").next().unwrap_or("")),
    );
    notes.extend(texts_of(&oncall, "<span class=\"why\""));
    assert!(
        notes.iter().any(|n| n.contains("holiday duty rotates")),
        "the example swaps for a holiday: {notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Independence Day (observed)")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("Conference (KubeCon)")),
        "{notes:?}"
    );
    for note in &notes {
        assert!(bracket_depth(note) <= 1, "nested brackets: {note}");
    }
    // The feeds say the same, one event's description at a time.
    let mut described = 0;
    for feed in feed_files(&public) {
        let text = read(&feed).replace("\r\n ", "");
        for line in text.lines() {
            if line.starts_with("DESCRIPTION") || line.starts_with("SUMMARY") {
                described += 1;
                assert!(bracket_depth(line) <= 1, "{}: {line}", feed.display());
            }
        }
    }
    assert!(described > 0);
    let team_feed = read(&public.join("oncall.ics")).replace("\r\n ", "");
    assert!(
        team_feed.contains("Holiday Independence Day (observed\\, "),
        "the date goes inside the name's brackets"
    );
}

/// A folder of runbooks named after their alerts, with a theme whose runbook page is its
/// own but uses the default macros.
fn custom_theme_site() -> tempfile::TempDir {
    site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\ntheme: acme\n",
        ),
        (
            "content/runbooks/k8s/KubeletServerCertificateExpiration.md",
            "# KubeletServerCertificateExpiration\n\nRenew it.\n",
        ),
        (
            "content/runbooks/k8s/KubevirtVmHighMemoryUsage.md",
            "# KubevirtVmHighMemoryUsage\n\nLook at the VM.\n",
        ),
        (
            "content/runbooks/k8s/KubePodCrashLooping.md",
            "# KubePodCrashLooping\n\nRead the logs.\n",
        ),
        (
            "themes/acme/templates/runbook.html",
            "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}<article class=\"acme\"><h1>{{ title }}</h1>{{ content | safe }}</article>{{ m::neighbours(nav=nav) }}{% endblock content %}",
        ),
    ])
}

#[test]
fn a_themes_own_runbook_page_breaks_long_previous_and_next_names() {
    let site = custom_theme_site();
    build_ok(site.path());
    let page = read(
        &site
            .path()
            .join("public/runbooks/k8s/KubePodCrashLooping/index.html"),
    );
    assert!(page.contains("<article class=\"acme\">"), "{page}");
    let nav = page
        .split("<nav class=\"prev-next\"")
        .nth(1)
        .and_then(|n| n.split("</nav>").next())
        .unwrap_or_else(|| panic!("no previous and next: {page}"));
    for name in [
        "Kubelet<wbr>Server<wbr>Certificate<wbr>Expiration",
        "Kubevirt<wbr>Vm<wbr>High<wbr>Memory<wbr>Usage",
    ] {
        assert!(nav.contains(name), "{name}: {nav}");
    }
}

#[test]
fn an_alerts_own_page_shows_its_rules_expression_as_code() {
    let site = unclaimed_alert();
    let root = site.path();
    build_ok(root);
    let page = read(&root.join("public/alerts/unitlevelprofitstale/index.html"));
    let rules = page
        .split("<h2 id=\"rule\">")
        .nth(1)
        .and_then(|r| r.split("</ul>").next())
        .unwrap_or_else(|| panic!("no rule: {page}"));
    assert!(
        rules.contains("<pre><code>time() - pipeline_last_success_timestamp_seconds{pipeline=&quot;unit-level-profit&quot;} &gt; 26 * 3600</code></pre>"),
        "{rules}"
    );
}
