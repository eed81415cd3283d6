//! Session 26's theme work on the written pages: the critical CSS in parts chosen by each
//! page's template (not by reading the page), the long site title's header, style.css
//! added by script, and a runbook table's long names broken after their separators.

mod common;

use base64::Engine as _;
use common::*;
use sha2::Digest as _;

/// The texts of a page's `<style>` elements.
fn styles(page: &str) -> Vec<&str> {
    page.split("<style>")
        .skip(1)
        .filter_map(|s| s.split_once("</style>").map(|(css, _)| css))
        .collect()
}

/// `'sha256-…'` of `text`, as a policy lists an inline element's hash.
fn hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[test]
fn each_template_inlines_its_parts_of_the_critical_css() {
    let site = example_site();
    build_ok(site.path());
    let public = site.path().join("public");
    let page = |rel: &str| read(&public.join(rel));
    let headers = page("_headers");
    let style = page("static/style.css");
    // Runbooks with pipelines (an on-call box) and without, and a folder's index.
    let runbooks = [
        "runbooks/profit/aggregate-profit/index.html",
        "runbooks/growth/aggregate-growth/index.html",
    ];
    let first = page(runbooks[0]);
    let runbook_css = styles(&first);
    assert_eq!(
        runbook_css.len(),
        3,
        "the first part, a runbook's, a folder's"
    );
    for rb in runbooks {
        assert_eq!(styles(&page(rb)), runbook_css, "{rb}");
    }
    let every_page = runbook_css[0];
    let mut seen = std::collections::BTreeSet::new();
    for rel in [
        "index.html",
        "pipelines/index.html",
        "oncall/index.html",
        "search/index.html",
        "404.html",
        "offline/index.html",
        "runbooks/index.html",
        runbooks[0],
    ] {
        let html = page(rel);
        let css = styles(&html);
        assert_eq!(css[0], every_page, "{rel}: the first part comes first");
        for part in &css {
            // Allowed by the policy.
            assert!(headers.contains(&hash(part)), "{rel}: {part:.60}");
            seen.insert(part.to_string());
        }
        // A page carries less than all of it.
        let all: usize = seen.iter().map(String::len).sum();
        assert!(css.iter().map(|c| c.len()).sum::<usize>() < all || rel == "index.html");
    }
    // Five parts in all, each in the policy; style.css does not repeat them.
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.iter().all(|part| !style.contains(part.as_str())));
    // The search part is on the search page, not on a pipeline's or a runbook's.
    let search = styles(&page("search/index.html"))[1].to_string();
    assert!(!styles(&page("pipelines/index.html")).contains(&search.as_str()));
    assert!(!runbook_css.contains(&search.as_str()));
}

#[test]
fn a_long_site_title_marks_the_page_and_style_css_waits_for_script() {
    let site = example_site();
    let long = "Acme Corporation Data Platform Operations and Incident Runbooks";
    edit(
        site.path(),
        "content/site.yaml",
        "title: Data Engineering Operations",
        &format!("title: {long}"),
    );
    build_ok(site.path());
    let public = site.path().join("public");
    for rel in [
        "index.html",
        "runbooks/profit/aggregate-profit/index.html",
        "search/index.html",
    ] {
        let html = read(&public.join(rel));
        assert!(
            html.contains("<html lang=\"en\" data-base=\"/\" class=\"long-title\">"),
            "{rel}"
        );
        // Linked for readers without script only; head.js adds it for the others.
        assert!(
            html.contains(
                "<noscript><link rel=\"stylesheet\" href=\"/static/style.css\"></noscript>"
            ),
            "{rel}"
        );
        assert_eq!(html.matches("static/style.css\">").count(), 1, "{rel}");
    }
    let short = example_site();
    build_ok(short.path());
    let home = read(&short.path().join("public/index.html"));
    assert!(!home.contains("class=\"long-title\""));
}

#[test]
fn a_runbook_tables_long_names_break_after_their_separators() {
    let site = example_site();
    let name = "kubevirt_configuration_emulation_enabled";
    edit(
        site.path(),
        "content/runbooks/profit/aggregate-profit.md",
        "## ",
        &format!(
            "| Metric | Topic |\n| --- | --- |\n| {name} | `orders.dedup.v4_backfill_topic` |\n\n\
             Outside a table {name} stays whole.\n\n## "
        ),
    );
    build_ok(site.path());
    let html = article(site.path(), "profit/aggregate-profit");
    assert!(
        html.contains("<td>kubevirt_<wbr>configuration_<wbr>emulation_<wbr>enabled</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td><code>orders.<wbr>dedup.<wbr>v4_<wbr>backfill_<wbr>topic</code></td>"),
        "{html}"
    );
    assert!(html.contains(&format!("Outside a table {name} stays whole.")));
}
