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
