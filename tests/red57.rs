//! Session 57's hostile pull request: words the page and search read apart, and what a
//! page of many ids, or many images, tells its author. Each test builds a small site in a
//! temporary folder and reads the written pages, the search index and the warnings.

mod common;

use std::path::Path;

use common::{article, build_ok, search_entry, site_of, stderr, OPS_SITE};

/// Every file of the search index written under `root/public/search`, as one text.
fn search_files(root: &Path) -> String {
    let mut all = String::new();
    let mut dirs = vec![root.join("public/search")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
            }
        }
    }
    all
}

/// A browser ends an element its author left open where the HTML standard's tree
/// builder says: an `<li>` ends the `<li>` open (`<dd>`, `<dt>` alike), and a `<div>`,
/// `<p>`, `<h3>`, `<table>`, `<ul>`… end the paragraph open, each with all inside it, an
/// `<rp>` (never drawn) or an element cleaning drops whole (`<g>`) too. On main search
/// read them as nested: `<ul><li><rp>x<li>shown</ul>` and `Text <rp>x<div>shown</div>`
/// show "shown" (Chromium's `innerText`, and the cleaned page itself), yet the words
/// after stayed inside the `<rp>` and out of the index and summary: of this page, search
/// read "Text Text item Text", none of the 13 words shown after such an end. Now it reads all 13, and
/// still none of the hidden ones.
#[test]
fn words_after_an_element_a_browser_ends_are_searched() {
    let md = "# Replica lag\n\n\
Text <rp>quuxhiddenp<p>shownp after\n\n\
Text <rp>quuxhiddenq<div>shownq</div> tailq\n\n\
- item <rp>quuxhiddenr<li>shownr\n\n\
Text <rp>quuxhiddens<h3>showns</h3> tails\n\n\
<div><p><rp>quuxhiddent<p>shownt</div>\n\n\
<ul><li><g>quuxhiddenu<li>shownu</ul>\n\n\
<p><rp>quuxhiddenw<table><tr><td>shownw</td></tr></table>\n\n\
<dl><dt><rp>quuxhiddenn<dd>shownn</dl>\n\n\
<ul><li><rp>quuxhiddenx<li>\n\n**shownx markdown**\n\n</ul>\n\n\
<ul><li><ul><li><rp>quuxhiddeny<li>showny</ul></ul>\n\n\
<table><tr><td><p><rp>quuxhiddenz<div>shownz</div></td></tr></table>\n\n\
<ul><li><rp>quuxhiddenv<ol><li>stillhiddenv</ol></ul>\n\n\
| <rp>quuxhiddenc<div>stillhiddenc</div> | cell |\n| --- | --- |\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "lag");
    let entry = search_entry(site.path(), "/runbooks/lag/");
    let shown = [
        "shownp", "tailq", "shownq", "shownr", "showns", "tails", "shownt", "shownu", "shownw",
        "shownn", "shownx", "showny", "shownz",
    ];
    for word in shown {
        // The cleaned page shows it outside the hidden element (a browser, the same).
        let at = html
            .find(word)
            .unwrap_or_else(|| panic!("{word} not on the page: {html}"));
        let before = &html[..at];
        assert!(
            before.rfind("<rp>") < before.rfind("</rp>") || !before.contains("<rp>"),
            "{word} inside an rp: {html}"
        );
        assert!(
            entry.contains(word),
            "{word} not searched: {entry}\n{}",
            stderr(&out)
        );
    }
    // An item ends no item outside the list it is in, and a `<div>` in a table cell ends
    // no paragraph: those words stay in their `<rp>`, and out of search.
    let all = search_files(site.path());
    for hidden in ["quuxhidden", "stillhiddenv", "stillhiddenc"] {
        assert!(!all.contains(hidden), "{hidden} searched: {entry}");
    }
}

/// A hand-written heading id that another heading, step or footnote holds is left out
/// with a warning. On main each one was told: 5,000 headings `## Step N {#dup}` printed
/// 4,999 warnings (1.8 MB; 10,000 printed 3.5 MB), where a page's misleading links,
/// footnotes and comments stop at 100 and count the rest. Now the first 100 are told
/// and one warning counts the 4,899 others.
#[test]
fn ids_taken_are_told_a_hundred_a_page() {
    let mut md = String::from("# Steps\n\n");
    for i in 0..5_000 {
        md.push_str(&format!("## Step {i} {{#dup}}\n\n"));
    }
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", &md)]);
    let err = stderr(&build_ok(site.path()));
    let told = err
        .matches("written on this heading is already another")
        .count();
    assert_eq!(told, 100, "{}", &err[..err.len().min(2000)]);
    assert!(
        err.contains("4899 more hand-written heading ids of this file are another's"),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(err.len() < 60_000, "{} bytes of warnings", err.len());
    // The page keeps each heading at GitHub's id.
    let html = article(site.path(), "a");
    assert!(html.contains("id=\"step-4999-dup\""), "no step-4999-dup");
    // Ids the forge gives later headings, found taken once the page is read, alike (299
    // of the 300: the last `## a` is `#a-299`).
    let mut md = String::from("# Steps\n\n");
    for i in 0..300 {
        md.push_str(&format!("## a\n\n## b {{#a-{}}}\n\n", i + 1));
    }
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", &md)]);
    let err = stderr(&build_ok(site.path()));
    let told = err
        .matches("written on this heading is already another")
        .count();
    assert_eq!(told, 100, "{}", &err[..err.len().min(2000)]);
    assert!(err.contains("199 more hand-written heading ids"), "{err}");
}

/// An image's alt text shows only when the image fails to load. On main search read
/// Markdown's (`![database down](pixel.png)`: the page's entry and its summary held
/// "database down", in a link and around inline code too) but not raw HTML's `alt`, so
/// a 1-pixel image ranked a page for words no reader sees, and the result's excerpt
/// quoted them as text. Now neither is read; the description of an image left out, which
/// the page shows in its place, still is.
#[test]
fn alt_text_is_not_searched() {
    let md = "# Replica lag\n\nCheck the replica.\n\n\
![quuxmdalt database down](pic.png)\n\n\
<img src=\"pic.png\" alt=\"quuxrawalt\">\n\n\
Inline ![quuxinline `quuxcode` alt](pic.png) there.\n\n\
[![quuxlinked](pic.png)](https://ops.example/x) linked.\n\n\
![shownleftout description](bad.svg)\n";
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/lag.md", md),
        (
            "content/runbooks/pic.png",
            std::str::from_utf8(b"GIF89a\x01\0\x01\0\0\0\0;").unwrap(),
        ),
        ("content/runbooks/bad.svg", svg),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "lag");
    assert!(html.contains("alt=\"quuxmdalt database down\""), "{html}");
    let entry = search_entry(site.path(), "/runbooks/lag/");
    let all = search_files(site.path());
    assert!(!all.contains("quux"), "alt text searched: {entry}");
    for shown in [
        "Check the replica.",
        "Inline",
        "there.",
        "linked.",
        "shownleftout description",
    ] {
        assert!(entry.contains(shown), "{shown} not searched: {entry}");
    }
}
