//! What runbook repositories written for GitHub and GitLab bring (session 58): footnote
//! labels written in another letter case than their definition's.

mod common;

use common::*;

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nrunbooks: .\nbroken_links: error\n",
);

/// `[^Note]` over `[^NOTE]: …`: GitHub (cmark-gfm 0.29.0.gfm.13) matches the labels in
/// any case and ids the footnote by its definition, `fn-NOTE`, every reference leading
/// there, so a link copied from GitHub says `#fn-NOTE`. On main the id was taken from the
/// first reference (`fn-Note`) and `[back](#fn-NOTE)` was a broken link (an error here).
#[test]
fn a_footnote_is_id_d_by_its_definition_s_label_as_on_github() {
    let site = site_of(&[
        SITE,
        (
            "a.md",
            "# A\n\nSee this[^Note] and that[^note].\n\n[^NOTE]: The note.\n\n\
             Read [the note](#fn-NOTE).\n",
        ),
        // The definition first, then references in other cases.
        (
            "b.md",
            "# B\n\n[^Disk]: Full.\n\nOne[^DISK], two[^disk]; [the note](#fn-Disk).\n",
        ),
    ]);
    let o = build_ok(site.path());
    let err = stderr(&o);
    assert!(!err.contains("fn-"), "{err}");
    let a = article(site.path(), "a");
    assert_eq!(a.matches("href=\"#fn-NOTE\"").count(), 3, "{a}");
    assert!(a.contains("id=\"fn-NOTE\""), "{a}");
    assert!(!a.contains("fn-Note") && !a.contains("fn-note"), "{a}");
    let b = article(site.path(), "b");
    assert_eq!(b.matches("href=\"#fn-Disk\"").count(), 3, "{b}");
    assert!(b.contains("id=\"fn-Disk\""), "{b}");
    assert!(!b.contains("fn-DISK") && !b.contains("fn-disk"), "{b}");
}
