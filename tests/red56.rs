//! Session 56's hostile pull request: words search reads that the page does not show.
//! Each test builds a small site in a temporary folder and reads the written pages and
//! the search index.

mod common;

use std::path::Path;

use common::{article, build_ok, problems, read, search_entry, site_of, stderr, OPS_SITE};

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

/// `<rp>`, ruby's fallback parenthesis, is never drawn: browsers' own style sheet gives
/// it `display: none`, inside a `<ruby>` or not (Chromium: `before <rp>database
/// down</rp> after` reads "before after"), and GitHub's rendered file hides it alike.
/// Cleaning keeps the element, so on main search read its words: a runbook with
/// `<rp>database down …</rp>` came up for "database down" with words no reader sees,
/// inline, in an HTML block, or over Markdown inside an `<rp>` left open. Now they are
/// not read; the reading of a ruby (`<rt>`) and the words after it are, also where a
/// browser ends the `<rp>` without its end tag (at the next `<rt>`, `<rp>` or `</ruby>`).
#[test]
fn words_in_rp_are_not_searched() {
    let md = "# Replica lag\n\nCheck the replica. <rp>quuxinline database down</rp> Then page.\n\n\
<p>Shown <rp>quuxblock</rp> block.</p>\n\n\
<div><rp>\n\nquuxmarkdown\n\n</rp>\n</div>\n\n\
Name <ruby>漢<rp>(</rp><rt>kanreading</rt><rp>)</rp></ruby> closed.\n\n\
<p>Open <ruby>字<rp>(<rt>zireading<rp>)</ruby> tailword</p>\n\n\
Inline <ruby>字<rp>(<rt>inlinereading<rp>)</ruby> inlinetail\n\n\
Misnested <ruby>字<rp>(<rt>misreading</rt></rp><rp>)</rp></ruby> mistail\n\n\
<p>Misnested <ruby>字<rp>(<rt>blockmisreading</rt></rp></ruby> blockmistail</p>\n\n\
Pixel <rp><img src=\"https://t.example/p.gif\"></rp> here.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    let out = build_ok(site.path());
    // `</rp>` after a ruby part ended it closes nothing to a browser, nor any harm here.
    let err = stderr(&out);
    assert!(!err.contains("closes no element"), "{err}");
    // An image in an `<rp>` loads all the same, and is told as any other.
    assert!(err.contains("is loaded from `t.example`"), "{err}");
    let html = article(site.path(), "lag");
    // The page keeps what the author wrote (browsers hide it).
    assert!(html.contains("<rp>quuxinline database down</rp>"), "{html}");
    let entry = search_entry(site.path(), "/runbooks/lag/");
    let all = search_files(site.path());
    for hidden in ["quuxinline", "quuxblock", "quuxmarkdown"] {
        assert!(!entry.contains(hidden), "{hidden} searched: {entry}");
        assert!(!all.contains(hidden), "{hidden} in the index");
    }
    for shown in [
        "Check the replica.",
        "Then page.",
        "Shown",
        "block.",
        "kanreading",
        "closed.",
        "zireading",
        "tailword",
        "inlinereading",
        "inlinetail",
        "misreading",
        "mistail",
        "blockmisreading",
        "blockmistail",
    ] {
        assert!(entry.contains(shown), "{shown} not searched: {entry}");
    }
    let home = read(&site.path().join("public/index.html"));
    assert!(!home.contains("quux"), "{home}");
}

/// A heading's inline HTML that the page does not show: cleaning removes a
/// `<template>`, `<script>` or `<style>` with its text, and browsers never draw an `<rp>`.
/// On main `# Lag <template>database down</template> now` showed "Lag now" in the page's
/// `<h1>`, while its tab (`<title>`), the home page's listing and the search result's
/// title read "Lag database down now", and a section `## Restart <rp>outage</rp>
/// replica` was found by search under the heading "Restart outage replica": a page
/// could come first for words its reader never sees. Now each reads as the page shows it.
#[test]
fn hidden_words_of_a_heading_are_not_its_title() {
    let md = "# Lag <template>database down</template> now\n\nBody.\n\n\
## Restart <rp>quuxoutage</rp> replica\n\nSteps.\n\n\
## Name <ruby>字<rp>(<rt>zireading<rp>)</ruby> tail\n\nMore.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/lag/index.html"));
    assert!(page.contains("<title>Lag now · Ops</title>"), "{page}");
    let entry = search_entry(site.path(), "/runbooks/lag/");
    assert!(entry.contains("\"t\":\"Lag now\""), "{entry}");
    assert!(entry.contains("\"Restart replica\""), "{entry}");
    assert!(entry.contains("\"Name 字zireading tail\""), "{entry}");
    // The section's anchor is made from the heading as written, as GitHub makes it; it
    // is an address, not words of the index.
    let words = search_files(site.path()).replace("restart-quuxoutage-replica", "");
    for hidden in ["database", "quuxoutage"] {
        assert!(!words.contains(hidden), "{hidden} in the index");
    }
    let home = read(&site.path().join("public/index.html"));
    assert!(!home.contains("database"), "{home}");
    let toc = &page[page.find("id=\"tocBox\"").expect("contents")..];
    assert!(toc.contains(">Restart replica<"), "{toc}");
}

/// Builds `files` over the output of a build of `before` (the previous build), and returns
/// the second build's messages.
fn build_over(before: &[(&str, &str)], after: &[(&str, &str)], remove: &[&str]) -> String {
    let site = site_of(before);
    build_ok(site.path());
    for rel in remove {
        std::fs::remove_file(site.path().join(rel)).unwrap();
    }
    for (rel, text) in after {
        let p = site.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    stderr(&build_ok(site.path()))
}

const DB_DOWN: &str = "# Database down\n\nRestart the primary.\n";

/// A pull request moves `db-down.md` into a folder and gives another page `aliases:
/// [/runbooks/db-down/]`: on main the moved-page check was satisfied by that alias, without
/// a word, and every bookmark, chat message and alert linking "Database down" opened the
/// other page (`_redirects`: `/runbooks/db-down/ /runbooks/other/ 301!`). Now a warning at
/// the alias names the page that lives on. The alias on the moved page itself, or on
/// another page when the old one is gone, stays quiet.
#[test]
fn an_alias_taking_a_moved_pages_address_is_told() {
    let before = [
        OPS_SITE,
        ("content/runbooks/db-down.md", DB_DOWN),
        ("content/runbooks/other.md", "# Other\n\nx\n"),
    ];
    let taking = "---\naliases: [/runbooks/db-down/]\n---\n# Other\n\nRun this instead.\n";
    let err = build_over(
        &before,
        &[
            ("content/runbooks/database/db-down.md", DB_DOWN),
            ("content/runbooks/other.md", taking),
        ],
        &["content/runbooks/db-down.md"],
    );
    let found = problems(&err);
    assert_eq!(found.len(), 1, "{err}");
    assert!(
        found[0].starts_with(
            "content/runbooks/other.md:2 alias /runbooks/db-down/ takes the address of the previous build's page of `db-down`, now at /runbooks/database/db-down/ (content/runbooks/database/db-down.md)"
        ),
        "{found:?}"
    );
    // A new page of the same file name taking the address is no different.
    let err = build_over(
        &before,
        &[
            ("content/runbooks/database/db-down.md", DB_DOWN),
            ("content/runbooks/evil/db-down.md", taking),
        ],
        &["content/runbooks/db-down.md"],
    );
    let found = problems(&err);
    assert_eq!(found.len(), 1, "{err}");
    assert!(
        found[0].starts_with("content/runbooks/evil/db-down.md:2 alias /runbooks/db-down/ takes the address of the previous build's page of `db-down`, now at /runbooks/database/db-down/"),
        "{found:?}"
    );
    // The honest move: the alias on the moved page, beside a page of the same name that
    // the previous build published too.
    let before = [
        OPS_SITE,
        ("content/runbooks/db-down.md", DB_DOWN),
        (
            "content/runbooks/kafka/db-down.md",
            "# Kafka down

x
",
        ),
        (
            "content/runbooks/other.md",
            "# Other

x
",
        ),
    ];
    let own = "---\naliases: [/runbooks/db-down/]\n---\n# Database down\n\nRestart.\n";
    let err = build_over(
        &before,
        &[("content/runbooks/database/db-down.md", own)],
        &["content/runbooks/db-down.md"],
    );
    assert!(problems(&err).is_empty(), "{err}");
    // A page replacing one that is gone.
    let err = build_over(
        &before,
        &[("content/runbooks/other.md", taking)],
        &["content/runbooks/db-down.md"],
    );
    assert!(problems(&err).is_empty(), "{err}");
}

/// The title read from a raw HTML `<h1>` (a README's centred heading): on main its
/// words were every piece of text inside it, so `<h1 align="center">Lag
/// <style>x{}</style><script>database down</script> now</h1>`, which GitHub shows as "Lag
/// now", was titled "Lag x{}database down now" on the page's own `<h1>`, its tab, the
/// home page's listing and search. Now the title is the words a browser shows: not a
/// script's, style's, template's or `<rp>`'s; a `<br>` parts words.
#[test]
fn a_raw_h1_is_titled_by_the_words_it_shows() {
    let cases = [
        (
            "<h1 align=\"center\">Lag <style>x{}</style><script>database down</script> now</h1>",
            "Lag now",
        ),
        ("<h1>Lag <rp>database down</rp> now</h1>", "Lag now"),
        (
            "<h1>Lag <template>database down</template> now</h1>",
            "Lag now",
        ),
        (
            "<h1><img src=\"https://x.example/l.png\" alt=\"logo\"><br>Lag<br>now</h1>",
            "Lag now",
        ),
    ];
    for (h1, title) in cases {
        let md = format!("{h1}\n\nBody.\n");
        let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", &md)]);
        build_ok(site.path());
        let page = read(&site.path().join("public/runbooks/lag/index.html"));
        assert!(
            page.contains(&format!("<title>{title} · Ops</title>")),
            "{h1}: {page}"
        );
        let entry = search_entry(site.path(), "/runbooks/lag/");
        assert!(
            entry.contains(&format!("\"t\":\"{title}\"")),
            "{h1}: {entry}"
        );
        let home = read(&site.path().join("public/index.html"));
        assert!(!home.contains("database"), "{h1}: {home}");
    }
}
