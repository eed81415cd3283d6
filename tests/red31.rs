//! Hostile and foreign content found in session 31's review. Each test failed on main
//! b9f18c9.

mod common;

use common::{pipebook, site_of, stderr};

/// Content a message shows outside backticks was printed whole: a front matter of one
/// string of a megabyte printed serde's `invalid type: string "…"` with all of it (1 MB of
/// build log from a 1 MB file), and so did a link's missing anchor (`points to #…`) and
/// the hint naming a heading's class to remove. Each is cut now, as quotations were.
#[test]
fn content_outside_quotes_is_shown_shortly_in_messages_and_hints() {
    let long = "a".repeat(100_000);
    let front = format!("---\n\"{long}\"\n---\nbody\n");
    let links = format!("# A\n\n[z](#{long})\n\n## C {{.{long}}}\n");
    let front_site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        ("content/runbooks/front.md", &front),
    ]);
    let out = pipebook(&["check", "--root", front_site.path().to_str().unwrap()]);
    let err = stderr(&out);
    let shown = &err[..err.len().min(3000)];
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(err.contains("invalid type: string \"aaaa"), "{shown}");
    assert!(err.contains("content/runbooks/front.md:2"), "{shown}");
    assert!(err.len() < 2_000, "{} bytes: {shown}", err.len());
    let links_site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        ("content/runbooks/links.md", &links),
    ]);
    let out = common::build_ok(links_site.path());
    let err = stderr(&out);
    let shown = &err[..err.len().min(3000)];
    assert!(err.contains("points to #aaaa"), "{shown}");
    assert!(err.contains("remove `.aaaa"), "{shown}");
    assert!(err.len() < 4_000, "{} bytes: {shown}", err.len());
}
