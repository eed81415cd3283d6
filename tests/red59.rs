//! Session 59's hostile pull request: words a page shows that search, the contents and
//! the title did not read. Each test builds a small site in a temporary folder and reads
//! its pages and search index.

mod common;

use common::{build_ok, example_site, pipebook, read, search_entry, site_of, stderr, OPS_SITE};

/// An HTML block leaving a `<p>` open with an `<rp>` in it, then Markdown: the
/// paragraph, list or heading pipebook writes next starts with a `<p>`, `<ul>` or `<h2>`,
/// (or the `<hr>` of a thematic break) which ends the author's `<p>` and the `<rp>` in
/// it, and Chromium shows the Markdown
/// (`article.innerText` held every `shown…` word here). On main search left it all
/// out, as if still inside the `<rp>` (this page's entry held "" and "end" alone), so a
/// page could show steps no search finds. Now they are searched; the `<rp>`'s word is
/// not. The author's `</p>` after Markdown (`<p align="center">`, an image, `</p>`, as
/// READMEs write it) stays theirs: no stray closing tag is said. A footnote's
/// definition is written at the page's end, so it ends nothing where it stands: the HTML
/// after it is still inside the `<rp>`.
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
<p><rp>quuxhiddend\n\n\
[^1]: a note, written at the page's end\n\n\
<span>\nquuxhiddene, still in the rp\n</span>\n\n\
See the note[^1].\n\n\
<p><rp>quuxhiddenf\n\n\
---\n\n\
<span>\nshownafterrule\n</span>\n\n\
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
    for word in [
        "Shownpara",
        "shownitem",
        "Shownheading",
        "shownafterrule",
        "end",
    ] {
        assert!(entry.contains(word), "{word} not searched: {entry}\n{err}");
    }
    assert!(!entry.contains("quuxhidden"), "{entry}");
    assert!(!err.contains("`</p>` closes no element"), "{err}");
}

/// A heading's HTML ending an `<rp>` the way a browser does: `## A <ul><li><rp>x<li>y`
/// (the second `<li>` ends the first and the `<rp>` in it) and `## B <p><rp>x<div>y`
/// (the `<div>` ends the paragraph). Chromium shows "y"; on main the page's contents,
/// its search section and the tab read "A" and "B" alone. Now they read what is shown,
/// and the `<rp>`'s words stay out; an end tag inside a `<template>` closes nothing
/// outside it, as before.
#[test]
fn a_heading_reads_what_ends_its_rp() {
    let md = "# Lag <p><rp>quuxhiddena<div>shownh1</div>\n\n\
## Alpha <ul><li><rp>quuxhiddenb<li>shownli</ul>\n\n\
## Beta <p><rp>quuxhiddenc<div>showndiv</div>\n\n\
## Gamma <b><template></b>quuxhiddend</template> shownafter\n\n\
## Delta <ruby>字<rp>(<rt>shownrt<rp>)</ruby> <rp>quuxhiddene</rp>\n\n\
end\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    let out = build_ok(site.path());
    let entry = search_entry(site.path(), "/runbooks/lag/");
    for heading in [
        "\"Lag shownh1\"",
        "\"Alpha shownli\"",
        "\"Beta showndiv\"",
        "\"Gamma shownafter\"",
        "\"Delta 字shownrt\"",
    ] {
        assert!(
            entry.contains(heading),
            "{heading} not in search: {entry}\n{}",
            stderr(&out)
        );
    }
    let page = read(&site.path().join("public/runbooks/lag/index.html"));
    assert!(page.contains(">Alpha shownli</a>"), "contents");
    assert!(page.contains("<title>Lag shownh1"), "title");
    // The words the `<rp>`s hide are in no section's title (only in the ids, as GitHub
    // makes them).
    let titles: serde_json::Value = serde_json::from_str(&entry).expect("an entry");
    for section in titles["s"].as_array().expect("sections") {
        let title = section[1].as_str().expect("a title");
        assert!(!title.contains("quuxhidden"), "{title}");
    }
}

/// Folder chains `n` long of `name`, `chains` of them, each with one small runbook at
/// its end, under `content/runbooks/deep/` of `root`.
fn chains(root: &std::path::Path, chains: usize, n: usize, name: &str) {
    for c in 0..chains {
        let mut dir = root.join(format!("content/runbooks/deep/c{c}{name}"));
        for _ in 1..n {
            dir.push(name);
        }
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("leaf.md"), "# Leaf\n\nx\n").unwrap();
    }
}

/// A pull request of 100 files, each at the end of a chain of 31 folders with 88-byte
/// names (the depth allowed, the path under 3,072 bytes): every folder is a page that
/// links each folder above it, and on main the site wrote 232 MB (1,000 such chains
/// 2.5 GB in 45 s: a disk filled by a pull request). Now it is one error at the folder
/// that holds them, and nothing is written; a tree as deep with short names builds.
#[test]
fn a_tree_of_deep_long_folders_is_refused_before_its_pages_fill_the_disk() {
    let site = example_site();
    let root = site.path();
    chains(root, 100, 31, &"n".repeat(88));
    let public = root.join("public");
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "the folders under `content/runbooks/deep` are too many, too deep and too long"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("error:").count(),
        2,
        "one error and the summary: {err}"
    );
    assert!(!public.exists(), "nothing written");

    let site = example_site();
    chains(site.path(), 10, 31, "short");
    build_ok(site.path());
    assert!(site
        .path()
        .join("public/runbooks/deep/c9short")
        .join("short/".repeat(30))
        .join("leaf/index.html")
        .is_file());
}
