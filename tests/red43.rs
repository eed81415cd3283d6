//! Session 43's hostile pull request: what search reads of a runbook's raw HTML against
//! what its page shows. A reader must find what they see, and no word the page hides may
//! be a search hit. Each test builds a small site in a temporary folder and reads the
//! page and its search entry (`search/f/N.json`).

mod common;

use common::{article, build_ok, search_entry, site_of, OPS_SITE};

/// The page of runbook `a.md` holding `md` and its search entry.
fn page_and_entry(md: &str) -> (String, String) {
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    build_ok(site.path());
    (
        article(site.path(), "a"),
        search_entry(site.path(), "/runbooks/a/"),
    )
}

/// Text in HTML blocks: a `<p hidden>` (cleaning removes `hidden`, so it shows), a
/// table's cells, a `<details>` summary, an `<iframe>`'s fallback text. On main's binary
/// each showed on the page and none was in the search entry (block HTML was never read
/// for search: a reader could not find by search the step they had read).
#[test]
fn words_shown_by_html_blocks_are_searched() {
    let md = "# Restart\n\nIntro.\n\n<p hidden>Drain quokkaone first</p>\n\n<table><tr><td>quokkatwo</td><td>quokkathree</td></tr></table>\n\n<details><summary>Why quokkafour</summary>\n\nBody.\n\n</details>\n\n<div><iframe>quokkafive</iframe></div>\n";
    let (page, entry) = page_and_entry(md);
    for word in [
        "quokkaone",
        "quokkatwo",
        "quokkathree",
        "quokkafour",
        "quokkafive",
    ] {
        assert!(page.contains(word), "{word} not on the page: {page}");
        assert!(entry.contains(word), "{word} not searched: {entry}");
    }
    // Cells are words apart, and the block's line breaks are spaces.
    assert!(entry.contains("quokkatwo quokkathree"), "{entry}");
    assert!(!entry.contains("\\n"), "{entry}");
}

/// Words an HTML block hides stay out of search, as before: a script's, a style's, a
/// template's, a drawing's (SVG, MathML: cleaning removes them with their text).
#[test]
fn words_hidden_in_html_blocks_are_not_searched() {
    let md = "# Restart\n\nIntro.\n\n<div>shown<template>database down</template><svg><text>database down</text></svg><math><mi>outage</mi></math></div>\n\n<svg>\n\n<g><text>outage</text></g></svg>\n\nEnd.\n";
    let (page, entry) = page_and_entry(md);
    assert!(entry.contains("shown"), "{entry}");
    for word in ["database", "outage"] {
        assert!(!page.contains(word), "{word} on the page: {page}");
        assert!(!entry.contains(word), "{word} searched: {entry}");
    }
}

/// A `<template>` opened in an HTML block, the runbook's Markdown after it: cleaning
/// drops the template's content, so the page shows none of it. On main's binary search
/// read it all (a hit for "database down" on a page that does not show the words, and a
/// section "Database down" leading to an anchor the page does not have).
#[test]
fn markdown_inside_a_template_is_not_searched() {
    let md = "# Restart\n\nIntro quokka.\n\n<template>\n\nDatabase down outage.\n\n```sh\nrm -rf /data\n```\n\n## Database down\n\nMore outage.\n\n</template>\n\n## After\n\nEnd quokka.\n";
    let (page, entry) = page_and_entry(md);
    for word in ["Database", "outage", "rm -rf"] {
        assert!(!page.contains(word), "{word} on the page: {page}");
        assert!(!entry.contains(word), "{word} searched: {entry}");
    }
    assert!(!entry.contains("database-down"), "{entry}");
    assert!(
        entry.contains("Intro quokka.") && entry.contains("End quokka."),
        "{entry}"
    );
}

/// `<div><template></div>`: to a browser a template's content is a document of its own,
/// and the `</div>` inside closes nothing outside it; the template stays open and takes
/// the rest of the page, which cleaning drops. On main's binary pipebook took the
/// `</div>` to close both, so search read the rest of the runbook (its words and a
/// section "Fake heading") while the page ended at the `<div>`. Now the `</div>` is left
/// out (said at its line) and search reads what the page shows.
#[test]
fn a_closing_tag_inside_a_template_closes_nothing_outside_it() {
    let md = "# Restart\n\nIntro quokka.\n\n<div><template></div>\n\nDatabase down outage.\n\n## Fake heading\n\nMore outage.\n";
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    let err = common::stderr(&build_ok(site.path()));
    assert!(err.contains("raw HTML `</div>` closes no element"), "{err}");
    let page = article(site.path(), "a");
    let entry = search_entry(site.path(), "/runbooks/a/");
    for word in ["Database", "outage", "Fake"] {
        assert!(!page.contains(word), "{word} on the page: {page}");
        assert!(!entry.contains(word), "{word} searched: {entry}");
    }
    assert!(entry.contains("Intro quokka."), "{entry}");
}

/// An element named as one of SVG's or MathML's, written in HTML (`<text>`, `<g>`,
/// `<mi>`, `<mrow>`): cleaning drops it whole, its words too, while only warning that
/// the tag is removed. On main's binary search read the words of each (a paragraph's
/// `<text>database down</text>` was a hit for "database down" on a page showing
/// nothing there), and the Markdown after such an element left open in an HTML block
/// (gone from the page with it).
#[test]
fn words_inside_elements_cleaning_drops_whole_are_not_searched() {
    let md = "# Restart\n\nIntro <text>database down</text> more <mrow>outage</mrow>.\n\n<div><g>outage</g> shown</div>\n\n<g>\n\nDatabase down outage.\n\n## Database down\n";
    let (page, entry) = page_and_entry(md);
    for word in ["database", "Database", "outage"] {
        assert!(!page.contains(word), "{word} on the page: {page}");
        assert!(!entry.contains(word), "{word} searched: {entry}");
    }
    assert!(
        entry.contains("Intro more.") || entry.contains("Intro more ."),
        "{entry}"
    );
    assert!(entry.contains("shown"), "{entry}");
}

/// 50,000 nested `<div>`s and one `<iframe>` (which makes the page need cleaning), 250 kB:
/// the HTML parser that cleaning runs looks through every open element at each `<div>`
/// it reads. On main's release binary the build took 23 s (0.6 s for the same file
/// without the `<iframe>`, which is kept as written) and a megabyte would take minutes;
/// now the build refuses the file at once (exit 1, the file and line named).
#[test]
fn raw_html_nested_past_the_limit_is_refused_at_once() {
    let md = format!("# T\n\n{}<iframe></iframe>\n", "<div>".repeat(50_000));
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", &md)]);
    let started = std::time::Instant::now();
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let found = common::problems(&common::stderr(&out).replace("  --> ", "  ┌─ "));
    assert!(
        found
            .iter()
            .any(|f| f
                .starts_with("content/runbooks/a.md:3 raw HTML here nests more than 256 elements")),
        "{found:#?}"
    );
    assert!(took.as_secs() < 20, "{took:?}");
}

/// Honest HTML nests a few deep, and elements a browser closes at the next of their kind
/// (`<li>`, `<p>`, `<td>` written without their ends, as old exports do) are not nested:
/// 400 of each build.
#[test]
fn many_unclosed_items_are_not_nesting() {
    let items = "<li>step".repeat(400);
    let cells = "<tr><td>a<td>b".repeat(400);
    let md = format!("# T\n\n<ul>{items}</ul>\n\n<table>{cells}</table>\n\n<div><div><div><p>x<p>y</div></div></div>\n");
    let (page, _) = page_and_entry(&md);
    assert!(page.contains("step"), "{page}");
}
