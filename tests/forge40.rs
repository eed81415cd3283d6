//! Session 40's forge round: raw HTML blocks are left as written by the rewriting of
//! MkDocs' admonitions and tabs. Each test failed on main (a7cdbf8).

mod common;

use common::{article, build_ok, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
);

/// `> !!! warning` (or `!!! note`, `=== "Tab"`) in a `<div>` or `<details>` block was
/// rewritten inside the raw HTML, which the page then showed as
/// `&gt; &gt; [!warning] Warning`; now the block's text is as written, as MkDocs and
/// GitHub show it, and an admonition after the block (a blank line ends it) is a callout.
#[test]
fn markers_in_raw_html_blocks_are_left_as_written() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# Probe\n\n<div>\n> !!! warning\n>     tight in div\n</div>\n\n<details>\n<summary>More</summary>\n!!! note\n    a note\n=== \"Tab\"\n    a tab\n</details>\n\n!!! tip\n    After.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = article(site.path(), "a");
    assert!(
        page.contains("<div>\n> !!! warning\n>     tight in div\n</div>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<summary>More</summary>\n!!! note\n    a note\n=== \"Tab\"\n    a tab\n</details>"
        ),
        "{page}"
    );
    assert!(!page.contains("[!"), "{page}");
    assert!(
        page.contains("<div class=\"markdown-alert markdown-alert-tip\">\n<p class=\"markdown-alert-title\">Tip</p>\n<p>After.</p>\n</div>"),
        "{page}"
    );
    let err = stderr(&out);
    assert!(!err.contains("content/runbooks/a.md"), "{err}");
}
