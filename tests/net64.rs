//! Session 56, a phone on a bad network (net64).
//!
//! The search page's words for "site.js did not load" were in every page's inline head
//! script (553 bytes of it on each runbook page); they are now in the search page, shown
//! by a mark head.js sets (tests/browser/test_net63.py keeps the behaviour).
//!
//! Without script, the on-call box said who is on call from the build but not as of when:
//! it now says "As of <build time>" (site.js replaces the line with the live answer).

mod common;

use common::*;

/// The page's inline `<script>`s, joined.
fn inline_scripts(page: &str) -> String {
    page.split("<script>")
        .skip(1)
        .filter_map(|s| s.split("</script>").next())
        .collect()
}

#[test]
fn only_the_search_page_carries_the_words_for_a_missing_site_js() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let page = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    let script = inline_scripts(&page);
    assert!(script.contains("search-input"), "the head script: {script}");
    assert!(
        !page.contains("could not start"),
        "a runbook page carries the search page's message: {script}"
    );
    let search = read(&root.join("public/search/index.html"));
    let status = search
        .split("id=\"search-status\"")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("the search page's status line");
    assert!(
        status.contains("Search could not start") && status.contains("Reload the page"),
        "{status}"
    );
}

/// The on-call box of a page, `<div class="oncall-now" …>` to its end.
fn box_of(page: &str) -> &str {
    let start = page
        .find("<div class=\"oncall-now\"")
        .expect("an on-call box");
    let end = start + page[start..].find("</div>").expect("its end");
    &page[start..end]
}

#[test]
fn the_on_call_box_says_as_of_when_it_was_built() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let as_of = "As of <time datetime=\"2026-11-26T12:00:00+00:00\">2026-11-26 12:00 UTC</time>";
    for page in [
        "runbooks/profit/aggregate-profit/index.html",
        "index.html",
        "pipelines/aggregate-profit/index.html",
        "oncall/index.html",
    ] {
        let html = read(&root.join("public").join(page));
        let b = box_of(&html);
        assert!(b.contains("On call now:"), "{page}: {b}");
        assert!(b.contains(as_of), "{page}: no build time in the box: {b}");
    }
}

#[test]
fn a_theme_whose_on_call_macro_takes_no_build_time_still_builds() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "themes/default/templates/macros.html",
        "on_call(shift, next, base, built=\"\", built_iso=\"\")",
        "on_call(shift, next, base)",
    );
    let macros = root.join("themes/default/templates/macros.html");
    let text = read(&macros);
    let line = text
        .lines()
        .find(|l| l.contains("as-built"))
        .expect("the box's build-time line");
    std::fs::write(&macros, text.replace(&format!("{line}\n"), "")).unwrap();
    build_ok(root);
    let html = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    let b = box_of(&html);
    assert!(b.contains("On call now:") && !b.contains("As of"), "{b}");
}
