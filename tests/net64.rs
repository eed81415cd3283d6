//! Session 56, a phone on a bad network (net64).
//!
//! The search page's words for "site.js did not load" were in every page's inline head
//! script (553 bytes of it on each runbook page); they are now in the search page, in a
//! template head.js writes into the status line (tests/browser/test_net63.py keeps the behaviour).
//!
//! (net64's "As of <build time>" line in the on-call box was taken out at the merge: the
//! offline copies' hash leaves out the last occurrence of the build time only, so a
//! second one changed the hash of every page with the box at every build; see
//! tests/offline.rs.)

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
    // In a template beside the status line (head.js writes it there when site.js did not
    // run): not in the status line's text before that.
    let status = search
        .split("id=\"search-status\"")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("the search page's status line");
    assert!(!status.contains("could not start"), "{status}");
    let said = search
        .split("<template id=\"search-no-site\">")
        .nth(1)
        .and_then(|s| s.split("</template>").next())
        .expect("the search page's words for a missing site.js");
    assert!(
        said.contains("Search could not start") && said.contains("Reload the page"),
        "{said}"
    );
}
