//! What session 23's reading of the built sites found on pages (the review's items 3, 5,
//! 6 and 8): "On this page" numbered its sections 1, 2, 3, 6 when a page had sub-headings;
//! a description that is the body's first sentence showed twice; a runbook-only site's
//! /oncall/, /engineers/ and /pipelines/ offered to edit files it does not have; and the
//! /alerts/ table broke alert names mid-word.

mod common;

use common::*;

const SITE: &str =
    "base_url: https://ops.example/\nedit_url: https://git.example/o/r/edit/main/{path}\n";

#[test]
fn sub_headings_nest_in_their_section_so_sections_number_one_two_three() {
    let dir = site_of(&[
        ("content/site.yaml", SITE),
        (
            "content/runbooks/disk.md",
            "---\ntitle: Disk\n---\n## Impact\n\nx\n\n## Diagnosis\n\n### Slow disk\n\nx\n\n### Exhaustion\n\nx\n\n## Mitigation\n\nx\n",
        ),
    ]);
    build_ok(dir.path());
    let html = read(&dir.path().join("public/runbooks/disk/index.html"));
    let toc = html
        .split("<h2 id=\"tocHeading\">On this page</h2></summary>\n  ")
        .nth(1)
        .and_then(|t| t.split("\n  </details>").next())
        .expect(&html);
    assert_eq!(
        toc,
        "<ol><li class=\"l2\"><a href=\"#impact\">Impact</a></li>\
         <li class=\"l2\"><a href=\"#diagnosis\">Diagnosis</a>\
         <ol><li class=\"l3\"><a href=\"#slow-disk\">Slow disk</a></li>\
         <li class=\"l3\"><a href=\"#exhaustion\">Exhaustion</a></li></ol></li>\
         <li class=\"l2\"><a href=\"#mitigation\">Mitigation</a></li></ol>"
    );
}

#[test]
fn a_description_that_opens_the_body_shows_once_and_a_prefix_shows_twice() {
    let dir = site_of(&[
        ("content/site.yaml", SITE),
        (
            "content/runbooks/same.md",
            "---\ntitle: Same\ndescription: This is the template we use for *postmortems*.\n---\nThis is the\ntemplate we use for **postmortems**.\n\nMore.\n",
        ),
        (
            "content/runbooks/prefix.md",
            "---\ntitle: Prefix\ndescription: What to do during an incident.\n---\nWhat to do during an incident. See the severity levels.\n",
        ),
    ]);
    build_ok(dir.path());
    let same = read(&dir.path().join("public/runbooks/same/index.html"));
    assert!(!same.contains("<p class=\"lead\">"), "{same}");
    assert!(same.contains("<strong>postmortems</strong>"), "{same}");
    let prefix = read(&dir.path().join("public/runbooks/prefix/index.html"));
    assert!(prefix.contains("<p class=\"lead\">What to do during an incident.</p>"));
}

#[test]
fn no_edit_link_to_a_data_file_the_site_does_not_have() {
    let dir = site_of(&[
        ("content/site.yaml", SITE),
        ("content/runbooks/disk.md", "---\ntitle: Disk\n---\nx\n"),
    ]);
    build_ok(dir.path());
    let public = dir.path().join("public");
    for page in ["oncall", "engineers", "pipelines"] {
        let path = public.join(page).join("index.html");
        if !path.exists() {
            continue;
        }
        let html = read(&path);
        assert!(!html.contains("Edit this page"), "{page}: {html}");
    }
    let oncall = read(&public.join("oncall/index.html"));
    assert!(oncall.contains("This site publishes no on-call rotation."));
    assert!(!oncall.contains("oncall.yaml"), "{oncall}");
    // A runbook's file is there: its link stays.
    let runbook = read(&public.join("runbooks/disk/index.html"));
    assert!(runbook.contains(
        "<a href=\"https://git.example/o/r/edit/main/content/runbooks/disk.md\">Edit this page</a>"
    ));

    // With the file, the page made from it links to it.
    let dir = site_of(&[
        ("content/site.yaml", SITE),
        ("content/runbooks/disk.md", "---\ntitle: Disk\n---\nx\n"),
        (
            "content/team.yaml",
            "engineers:\n  - id: ann\n    name: Ann\n    contact: {email: ann@example.com}\n",
        ),
    ]);
    build_ok(dir.path());
    let team = read(&dir.path().join("public/engineers/index.html"));
    assert!(team.contains(
        "<a href=\"https://git.example/o/r/edit/main/content/team.yaml\">Edit this page</a>"
    ));
}

#[test]
fn alert_names_break_between_their_words_in_the_alerts_table() {
    let dir = site_of(&[
        ("content/site.yaml", SITE),
        (
            "content/runbooks/growth.md",
            "---\ntitle: Growth\nalerts: [AggregateGrowthSLAMissed, short]\n---\nx\n",
        ),
    ]);
    build_ok(dir.path());
    let html = read(&dir.path().join("public/alerts/index.html"));
    assert!(
        html.contains("<code>Aggregate<wbr>Growth<wbr>SLA<wbr>Missed</code>"),
        "{html}"
    );
    assert!(html.contains("<code>short</code>"));
}
