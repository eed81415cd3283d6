//! What runbook repositories written for GitHub and GitLab bring (session 56): heading ids
//! written by hand, which the forges show as text.

mod common;

use common::*;

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nrunbooks: .\nbroken_links: error\n",
);

/// `## Setup {#setup}`: GitHub and GitLab show "Setup {#setup}" with the id
/// `#setup-setup`, which links written for the forge use; on main the heading had only
/// `#setup`, so such a link was a broken link that failed the build. Both land now, and
/// the heading's own link is the forge's.
#[test]
fn a_hand_written_heading_id_and_the_forges_both_land() {
    let site = site_of(&[
        SITE,
        (
            "db.md",
            "# Database\n\n## Setup {#setup}\n\n1. Install\n\n## {#top}\n\nText.\n",
        ),
        (
            "links.md",
            "# Links\n\n[GitHub's](db.md#setup-setup), [by hand](db.md#setup), [top](db.md#top), [step](db.md#setup.1).\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(!err.contains("points to #"), "{err}");
    let db = article(site.path(), "db");
    assert!(
        db.contains("<span class=\"hd-id\" id=\"setup\"></span>\n<div class=\"hd\">\n<h2 id=\"setup-setup\">Setup</h2><a class=\"anchor\" href=\"#setup-setup\""),
        "{db}"
    );
    // Its steps keep the hand-written id's numbering, as on main: links to them land.
    assert!(db.contains("<li id=\"setup.1\">"), "{db}");
    // Shown as `{#top}`, GitHub's id is `top`: one anchor.
    assert!(db.contains("<h2 id=\"top\">"), "{db}");
    assert!(!db.contains("id=\"-top\""), "{db}");
    assert_eq!(db.matches("id=\"top\"").count(), 1, "{db}");
    let links = article(site.path(), "links");
    for href in [
        "/db/#setup-setup\"",
        "/db/#setup\"",
        "/db/#top\"",
        "/db/#setup.1\"",
    ] {
        assert!(links.contains(href), "{href}: {links}");
    }
}

/// A hand-written id never takes the id GitHub gives another heading: above two
/// `## Install`s, `## Other {#install-1}` took `#install-1` on main, and the second
/// `## Install` became `#install-2`, so a link written for GitHub (`#install-1`) landed on
/// the wrong heading. The forge's ids are GitHub's now, and the hand-written one that one
/// of them holds is left out with a warning at its line; so is one written twice.
#[test]
fn a_hand_written_id_never_takes_another_headings() {
    let site = site_of(&[
        SITE,
        (
            "db.md",
            "# Database\n\n## Other {#install-1}\n\n## Install\n\n## Install\n\n## More {#install-1}\n\n## Fine {#fine}\n\n## Also {#fine}\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let db = article(site.path(), "db");
    let ids: Vec<&str> = db
        .split("<h2 id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        ids,
        [
            "other-install-1",
            "install",
            "install-1",
            "more-install-1",
            "fine-fine",
            "also-fine"
        ],
        "{db}"
    );
    assert_eq!(db.matches("id=\"install-1\"").count(), 1, "{db}");
    assert_eq!(db.matches("id=\"fine\"").count(), 1, "{db}");
    assert!(db.contains("<h2 id=\"install-1\">Install"), "{db}");
    for line in [3, 9, 13] {
        assert!(
            err.contains(&format!("content/runbooks/db.md:{line}:1"))
                || err.contains(&format!("db.md:{line}")),
            "{line}: {err}"
        );
    }
    assert_eq!(
        err.matches("written on this heading is already another heading's")
            .count(),
        3,
        "{err}"
    );
}

/// The numbers GitHub gives footnotes (cmark-gfm 0.29.0.gfm.13): by their first reference,
/// wherever the definitions stand, counting a reference inside a definition it does not
/// show. With the definitions above the text (`[^a]:`, `[^b]:`, then `B[^b] A[^a]`),
/// main numbered them as defined: `[^b]` showed 2 and came second; on GitHub it is 1 and
/// first. And a reference inside an unreferenced definition above (GitHub: `[^c]` is 1)
/// was not counted.
#[test]
fn footnotes_are_numbered_by_their_first_reference_as_on_github() {
    let site = site_of(&[
        SITE,
        (
            "notes.md",
            "# Notes\n\n[^a]: alpha\n\n[^b]: beta\n\nB[^b] A[^a] again[^B].\n",
        ),
        (
            "hidden.md",
            "# Hidden\n\n[^z]: unused[^c]\n\nA[^a] C[^c].\n\n[^a]: alpha\n\n[^c]: gamma\n",
        ),
    ]);
    build_ok(site.path());
    let numbers = |page: &str| -> Vec<String> {
        page.split("<sup class=\"footnote-reference\"><a href=\"#")
            .skip(1)
            // The note's id, then the number shown (past the reference's own id).
            .map(|s| {
                let number = &s[s.find("\">").unwrap() + 2..s.find("</a>").unwrap()];
                format!("{} {number}", &s[..s.find('"').unwrap()])
            })
            .collect()
    };
    let order = |page: &str| -> Vec<String> {
        page.split("<div class=\"footnote-definition\" id=\"")
            .skip(1)
            .map(|s| {
                s[..s.find("</sup>").unwrap()]
                    .replace("\"><sup class=\"footnote-definition-label\">", " ")
            })
            .collect()
    };
    let notes = article(site.path(), "notes");
    assert_eq!(numbers(&notes), ["fn-b 1", "fn-a 2", "fn-b 1"], "{notes}");
    assert_eq!(order(&notes), ["fn-b 1", "fn-a 2"], "{notes}");
    let hidden = article(site.path(), "hidden");
    assert_eq!(numbers(&hidden), ["fn-a 2", "fn-c 1"], "{hidden}");
    assert_eq!(order(&hidden), ["fn-c 1", "fn-a 2"], "{hidden}");
}

/// `[^a b]: https://example.com`: GitHub's footnote labels have no spaces, so there it is
/// a link reference definition and `[^a b]` a link reading "^a b"; pulldown-cmark reads
/// a footnote. On main the site showed a footnote without a word; now a warning at the
/// definition's line names the difference and the label to write.
#[test]
fn a_footnote_label_with_a_space_is_warned_as_github_reads_none() {
    let site = site_of(&[
        SITE,
        (
            "spaced.md",
            "# Spaced\n\nSee [^a b] and [^c].\n\n[^a b]: https://example.com\n\n[^c]: fine\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("footnote `[^a b]` has a space in its label: GitHub reads no footnote there"),
        "{err}"
    );
    assert!(err.contains("spaced.md:5:1"), "{err}");
    assert!(
        err.contains("write the label without spaces (`[^a-b]`)"),
        "{err}"
    );
    assert_eq!(err.matches("has a space in its label").count(), 1, "{err}");
}
