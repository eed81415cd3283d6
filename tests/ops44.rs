//! What runbook repositories written for GitHub and GitLab bring (session 44): invisible
//! characters in quoted lines, acronyms in titles made of file names, and MyST labels
//! defined on another page.

mod common;

use common::*;

/// A zero-width space in a line a problem quotes: on main the snippet showed `�`, which
/// reads as a file decoded wrongly and says nothing of which character is there. It shows
/// as its escape, as messages write it, and the column still counts the line as written.
#[test]
fn an_invisible_character_in_a_quoted_line_shows_as_its_escape() {
    let md = "# Zero\n\nSee [the\u{200B}guide](g.md) or [this](missing.md).\n";
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/a.md", md),
        ("content/runbooks/g.md", "# G\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("3 │ See [the\\u{200b}guide](g.md) or [this](missing.md)."),
        "{err}"
    );
    assert!(
        !err.contains('\u{FFFD}') && !err.contains('\u{200B}'),
        "{err}"
    );
    // `[this]` is the 26th character of the line as written (the escape counts as one).
    assert!(err.contains("content/runbooks/a.md:3:26"), "{err}");
    // The caret is under `[this]` in the shown line.
    let lines: Vec<&str> = err.lines().collect();
    let quoted = lines.iter().position(|l| l.starts_with("3 │")).unwrap();
    let caret = lines[quoted + 1].find('^').unwrap();
    assert_eq!(&lines[quoted][caret..caret + 6], "[this]", "{err}");
}

/// A folder named `sre-guide` without a page of its own (2i2c's docs): on main its listing
/// and breadcrumbs said "Sre guide", an abbreviation no one writes so. Abbreviations that
/// are no English word are spelled in capitals; ordinary words are left alone.
#[test]
fn a_folder_named_by_an_abbreviation_is_titled_in_capitals() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/sre-guide/restore-s3.md",
            "# Restore the bucket\n",
        ),
        ("content/runbooks/is-it-down/check.md", "# Check\n"),
    ]);
    build_ok(site.path());
    let folder = read(&site.path().join("public/runbooks/sre-guide/index.html"));
    assert!(folder.contains("<title>SRE guide"), "{folder}");
    let page = read(
        &site
            .path()
            .join("public/runbooks/sre-guide/restore-s3/index.html"),
    );
    assert!(page.contains(">SRE guide<"), "breadcrumb: {page}");
    assert!(!page.contains("Sre guide"), "{page}");
    let other = read(&site.path().join("public/runbooks/is-it-down/index.html"));
    assert!(other.contains("<title>Is it down"), "{other}");
}
