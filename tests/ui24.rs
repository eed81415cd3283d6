//! What session 23's reading of the built sites left (/work/notes/look23, items 9 and 10)
//! on the written pages: a runbook-only site's home page was its title and "All 35
//! runbooks", its landing text a tap away at /runbooks/; its sitemap listed the schedule,
//! team and pipeline pages it has no data for; a holiday named "Independence Day
//! (observed)" read "(observed) (Fri 3 Jul)".

mod common;

use common::*;

const COLLECTION: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: Incident response\nbase_url: https://ops.example/docs/\n",
    ),
    (
        "content/runbooks/index.md",
        "This documentation covers the incident response process.\n\n## Before an incident\n\nRead [the roles](before/roles.md) first.\n",
    ),
    (
        "content/runbooks/before/roles.md",
        "---\ndescription: Who does what.\n---\n# Roles\n\nx\n",
    ),
    ("content/runbooks/about.md", "# About\n\nWhy this exists.\n"),
];

/// The part of `html` inside `<main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("a main element's end");
    &html[start..end]
}

#[test]
fn a_runbook_collections_home_page_shows_its_landing_text_and_sections() {
    let dir = site_of(COLLECTION);
    build_ok(dir.path());
    let public = dir.path().join("public");
    let home = read(&public.join("index.html"));
    let main = main_of(&home);
    // The landing text, its links resolved as on /runbooks/.
    assert!(
        main.contains("This documentation covers the incident response process."),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"/docs/runbooks/before/roles/\">the roles</a>"),
        "{main}"
    );
    // Its sections: the folder with its count, the runbook with its summary.
    assert!(
        main.contains(
            "<a href=\"/docs/runbooks/before/\">Before</a> <span class=\"count\">1 runbook</span>"
        ),
        "{main}"
    );
    assert!(
        main.contains(
            "<a href=\"/docs/runbooks/about/\">About</a><p class=\"summary\">Why this exists.</p>"
        ),
        "{main}"
    );
    // /runbooks/ stays the folder's page (the contract's address).
    let folder = read(&public.join("runbooks/index.html"));
    assert!(folder.contains("This documentation covers the incident response process."));
}

#[test]
fn a_site_with_pipelines_keeps_its_home_page() {
    let dir = example_site();
    build_ok(dir.path());
    let home = read(&dir.path().join("public/index.html"));
    let main = main_of(&home);
    assert!(main.contains("Who is on call"), "{main}");
    assert!(!main.contains("class=\"landing\""), "{main}");
    assert!(!main.contains("class=\"children\""), "{main}");
}

#[test]
fn the_sitemap_leaves_out_pages_a_collection_has_no_data_for() {
    let dir = site_of(COLLECTION);
    build_ok(dir.path());
    let sitemap = read(&dir.path().join("public/sitemap.xml"));
    for page in ["oncall/", "engineers/", "pipelines/", "alerts/"] {
        let url = format!("<loc>https://ops.example/docs/{page}</loc>");
        assert!(!sitemap.contains(&url), "{page}: {sitemap}");
    }
    assert!(sitemap.contains("<loc>https://ops.example/docs/</loc>"));
    assert!(sitemap.contains("<loc>https://ops.example/docs/runbooks/about/</loc>"));
    // The example site has them all.
    let dir = example_site();
    build_ok(dir.path());
    let sitemap = read(&dir.path().join("public/sitemap.xml"));
    for page in ["oncall/", "engineers/", "pipelines/", "alerts/"] {
        assert!(
            sitemap.contains(&format!("{page}</loc>")),
            "{page}: {sitemap}"
        );
    }
}

#[test]
fn a_holiday_named_with_brackets_is_not_followed_by_a_second_pair() {
    let dir = example_site();
    build_ok(dir.path());
    let oncall = read(&dir.path().join("public/oncall/index.html"));
    assert!(!oncall.contains("(observed) ("), "{oncall}");
    assert!(oncall.contains("Independence Day (observed, "), "{oncall}");
}
