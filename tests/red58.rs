//! Session 58's hostile pull request: addresses that pass for another page's, and words
//! a page shows that search did not read. Each test builds a small site in a temporary
//! folder and reads the warnings, the pages and the search index.

mod common;

use common::{build_ok, problems, search_entry, site_of, stderr, OPS_SITE};

/// The problems of the site of `files` (with `OPS_SITE`), each `file:line message`.
fn problems_of_site(files: &[(&str, &str)]) -> Vec<String> {
    let mut all = vec![OPS_SITE];
    all.extend_from_slice(files);
    let site = site_of(&all);
    let err = stderr(&build_ok(site.path()));
    problems(&err.replace("  --> ", "  ┌─ "))
}

/// A pull request adds `dbе-down.md` (a Cyrillic `е`) beside `dbe-down.md`, titled
/// otherwise: its address `/runbooks/dbе-down/` reads like the real page's in a chat
/// message, an alert's link or a listing. On main the site built without a word (titles
/// are compared, addresses were not; only invisible characters in a name were refused).
/// Now each such page, and a folder (`оps/`, a Cyrillic `о`) once for all its pages, is a
/// warning naming both; so is a name mixing Latin letters with lookalikes alone
/// (`rеstart.md`). Names in one script (`перезапуск.md`, `größe.md`) stay quiet.
#[test]
fn an_address_that_reads_like_another_is_warned() {
    let found = problems_of_site(&[
        (
            "content/runbooks/dbe-down.md",
            "# Database down\n\nRestart it.\n",
        ),
        (
            "content/runbooks/dbе-down.md",
            "# Call Mallory\n\nRun it.\n",
        ),
        ("content/runbooks/ops/a.md", "# Ops A\n\nText.\n"),
        ("content/runbooks/оps/b.md", "# Other B\n\nText.\n"),
        ("content/runbooks/оps/c.md", "# Other C\n\nText.\n"),
        ("content/runbooks/rеstart.md", "# Restart kafka\n\nText.\n"),
        ("content/runbooks/перезапуск.md", "# Перезапуск\n\nТекст.\n"),
        ("content/runbooks/größe.md", "# Größe\n\nText.\n"),
        ("content/runbooks/Größe-Plan.md", "# Plan\n\nText.\n"),
    ]);
    let about: Vec<&String> = found.iter().filter(|p| p.contains("address")).collect();
    assert_eq!(about.len(), 3, "{found:#?}");
    assert!(
        about.iter().any(|p| p.starts_with("content/runbooks/dbе-down.md:1 ")
            && p.contains("/runbooks/dbе-down/ reads like /runbooks/dbe-down/ (content/runbooks/dbe-down.md)")
            && p.contains("Cyrillic letter `е` U+0435 where that one has `e`")),
        "{about:#?}"
    );
    assert!(
        about
            .iter()
            .any(|p| p.starts_with("content/runbooks/оps:1 ")
                && p.contains("folder's address /runbooks/оps/ reads like /runbooks/ops/")),
        "{about:#?}"
    );
    assert!(
        about
            .iter()
            .any(|p| p.starts_with("content/runbooks/rеstart.md:1 ")
                && p.contains("word `rеstart` mixes Latin letters with the Cyrillic letter `е`")),
        "{about:#?}"
    );
}

/// 150 pages each passing for another: the first 100 are warned of, then one warning
/// counts the rest (as titles are), so a pull request cannot bury the log.
#[test]
fn lookalike_addresses_are_warned_of_a_hundred_at_most() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..150 {
        files.push((
            format!("content/runbooks/lag-{i}.md"),
            format!("# Lag {i}\n"),
        ));
        files.push((
            format!("content/runbooks/lаg-{i}.md"),
            format!("# Other {i}\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let found = problems_of_site(&files);
    let about: Vec<&String> = found.iter().filter(|p| p.contains("address")).collect();
    assert_eq!(about.len(), 101, "{about:#?}");
    assert!(
        about[100].contains("50 more runbook addresses read like another's"),
        "{:?}",
        about[100]
    );
}

/// A tag cleaning removes while keeping what is inside it (`<button>`,
/// `<object>`) is not on the page a browser reads, so it ends no walk of the tags that end
/// a paragraph: `<p><rp>x<button><div>y` is served as `<p><rp>x<div>y`, where the
/// `<div>` ends the paragraph and the `<rp>` in it, and Chromium shows "y"
/// (`document.body.innerText`). On main search read the `<button>` as a browser reading
/// the author's HTML would, the `<div>` inside the `<rp>`, and left the shown words out
/// (this page's entry held "end" alone). Now they are searched; the `<rp>`'s are not.
#[test]
fn a_removed_tag_ends_no_paragraph_for_search() {
    let md = "# Lag\n\n\
<p><rp>quuxhiddena<button><div>shownbutton</div></button></rp></p>\n\n\
<ul><li><rp>quuxhiddenb<object><li>shownobject</object></rp></li></ul>\n\n\
<p><button><rp>quuxhiddenc</button> shownafter</p>\n\n\
end\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/lag.md", md)]);
    let out = build_ok(site.path());
    let entry = search_entry(site.path(), "/runbooks/lag/");
    for word in ["shownbutton", "shownobject", "shownafter", "end"] {
        assert!(
            entry.contains(word),
            "{word} not searched: {entry}\n{}",
            stderr(&out)
        );
    }
    assert!(!entry.contains("quuxhidden"), "{entry}");
}
