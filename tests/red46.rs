//! Session 46's hostile pull request: names and titles that show nothing but marks. Each
//! test builds a site in a temporary folder and reads the written pages or the messages.

mod common;

use common::{build_edited, build_ok, example_site, read};

/// A runbook titled with two combining acute accents and nothing for them to sit on: on
/// main its `<h1>`, the browser's tab, listings and search showed two floating accents, a
/// page without a name (as a title of zero-width spaces was, which falls back to the
/// file's name). Now it is named by its file too.
#[test]
fn a_title_of_combining_marks_alone_is_no_title() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/profit/restart-loader.md"),
        "---\ntitle: \"\\u0301\\u0301\"\n---\nRestart the loader.\n",
    )
    .unwrap();
    build_ok(root);
    let page = read(&root.join("public/runbooks/profit/restart-loader/index.html"));
    assert!(page.contains("<h1>Restart loader</h1>"), "{page}");
    assert!(!page.contains('\u{301}'), "the accents are gone");
}

/// An engineer named by combining marks alone: on main the site built, and "On call now:"
/// on every page and every shift of the feeds named nobody. Now an error at its line, as
/// a name of zero-width spaces is.
#[test]
fn a_name_of_combining_marks_alone_is_refused() {
    let (code, err) = build_edited(&[(
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: \"\\u0300\\u20DD\"",
    )]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("shows nothing"), "{err}");
    assert!(err.contains("content/team.yaml:7:"), "{err}");
}

/// An inline HTML comment whose text ends with `-` (`--->`): pulldown-cmark (CommonMark
/// 0.31) reads it as a comment and the page leaves it out; GitHub (cmark-gfm keeps the
/// older rule there) shows it as text. On main the reviewer read "staging only" in the pull request and readers of the
/// site read `Run it now.`, without a word. Now a warning at its line; a comment GitHub
/// hides too stays quiet.
#[test]
fn an_inline_comment_github_shows_as_text_is_warned() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/profit/drop-partitions.md"),
        "# Drop partitions\n\nRun it <!-- note --> now.\n\nDrop the old partitions <!-- on the staging replica only ---> now.\n\nKeep <!-- a -- b --> it.\n",
    )
    .unwrap();
    let out = build_ok(root);
    let err = common::stderr(&out);
    let page = read(&root.join("public/runbooks/profit/drop-partitions/index.html"));
    assert!(page.contains("Drop the old partitions  now."), "{page}");
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("GitHub shows this HTML comment as text"))
        .collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        err.contains("content/runbooks/profit/drop-partitions.md:5:25"),
        "{err}"
    );
}

/// 150 such comments: the first 100 are told at their lines, then one warning counts the
/// rest, as misleading links are (a 1 MB page of them would otherwise write a warning
/// each: 60,000 of them).
#[test]
fn comments_github_shows_are_told_a_hundred_a_page() {
    let site = example_site();
    let root = site.path();
    let body: String = (0..150)
        .map(|i| format!("Step {i} <!-- x ---> done.\n\n"))
        .collect();
    std::fs::write(
        root.join("content/runbooks/profit/many.md"),
        format!("# Many\n\n{body}"),
    )
    .unwrap();
    let err = common::stderr(&build_ok(root));
    let told = err
        .matches("GitHub shows this HTML comment as text")
        .count();
    assert_eq!(told, 100, "{err}");
    assert!(
        err.contains("50 more HTML comments of this file are shown as text on GitHub"),
        "{err}"
    );
}
