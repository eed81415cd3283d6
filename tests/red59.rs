//! Session 59's hostile pull request: words a page shows that search, the contents and
//! the title did not read. Each test builds a small site in a temporary folder and reads
//! its pages and search index.

mod common;

use common::{build_ok, search_entry, site_of, stderr, OPS_SITE};

/// An HTML block leaving a `<p>` open with an `<rp>` in it, then Markdown: the
/// paragraph, list or heading pipebook writes next starts with a `<p>`, `<ul>` or `<h2>`,
/// which ends the author's `<p>` and the `<rp>` in it, and Chromium shows the Markdown
/// (`article.innerText` held every `shown…` word here). On main search left it all
/// out, as if still inside the `<rp>` (this page's entry held "" and "end" alone), so a
/// page could show steps no search finds. Now they are searched; the `<rp>`'s word is
/// not. The author's `</p>` after Markdown (`<p align="center">`, an image, `</p>`, as
/// READMEs write it) stays theirs: no stray closing tag is said.
#[test]
fn markdown_after_a_paragraph_left_open_is_searched() {
    let md = "# Lag\n\n\
<p><rp>quuxhiddena\n\n\
Shownpara after the block.\n\n\
- shownitem\n\n\
## Shownheading\n\n\
<p align=\"center\">\n\n\
![logo](logo.png)\n\n\
</p>\n\n\
<div><template><p><rp>quuxhiddenb\n\n\
quuxhiddenc in the template\n\n\
</template>\n</div>\n\n\
end\n";
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/lag.md", md),
        ("content/runbooks/logo.png", "not read"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let entry = search_entry(site.path(), "/runbooks/lag/");
    for word in ["Shownpara", "shownitem", "Shownheading", "end"] {
        assert!(entry.contains(word), "{word} not searched: {entry}\n{err}");
    }
    assert!(!entry.contains("quuxhidden"), "{entry}");
    assert!(!err.contains("`</p>` closes no element"), "{err}");
}
