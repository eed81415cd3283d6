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

/// A line indented less than an admonition's body, with no blank line before it, ends
/// the body in MkDocs; CommonMark read it on in the callout: "Body. Next paragraph." in
/// one paragraph, and tab B's title in tab A's body (nais-doc's pages have both). Now the
/// paragraph follows the callout, each tab has its own quote, and a broken link on the
/// line after keeps its line.
#[test]
fn a_line_indented_less_ends_the_admonition_as_in_mkdocs() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# Probe\n\n!!! note\n    Body one.\nNext paragraph, see [x](gone.md).\n\n=== \"A\"\n    tab a\n=== \"B\"\n    tab b\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = article(site.path(), "a");
    assert!(
        page.contains("<p>Body one.</p>\n</div>\n<p>Next paragraph, see"),
        "{page}"
    );
    assert!(
        page.contains("<p>tab a</p>\n</blockquote>\n<blockquote>\n<p><strong>B</strong></p>\n<p>tab b</p>\n</blockquote>"),
        "{page}"
    );
    let err = stderr(&out);
    assert!(
        common::problems(&err)
            .iter()
            .any(|p| p.starts_with("content/runbooks/a.md:5 ") && p.contains("gone.md")),
        "{err}"
    );
}
