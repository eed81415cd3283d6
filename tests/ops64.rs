//! What runbook repositories written for GitHub and GitLab bring (session 64): heading
//! anchors as GitLab has made them.

mod common;

use common::*;

/// A page with the headings whose ids the two rules make differently, and links written
/// by each rule, from the page and from another.
fn headings_site(site_yaml: &'static str) -> tempfile::TempDir {
    site_of(&[
        ("content/site.yaml", site_yaml),
        (
            "docs/a.md",
            "# A\n\n## Step 01 - Do this\n\ntext\n\n## Foo - Bar\n\n## Foo Bar\n\n\
             ## A - B\n\n## Other {#a-b}\n\n\
             [gitlab](#step-01-do-this) [github](#step-01---do-this) [other](#foo-bar-1)\n",
        ),
        (
            "docs/b.md",
            "# B\n\n[gitlab](a.md#step-01-do-this) [github](a.md#step-01---do-this)\n",
        ),
    ])
}

/// GitLab has made heading ids both ways: its Ruby filter, as its documentation says,
/// collapses runs of `-` (`## Step 01 - Do this` is `#step-01-do-this`), comrak's keeps
/// them as GitHub does (`#step-01---do-this`). On main a GitLab repository's link written
/// by the first rule was a warning that the anchor is missing, and led nowhere on the
/// site. Now, on a GitLab repository, a heading has an anchor by each rule: links of both
/// land, with no warning. An id the site's rule gives another heading (`## Foo Bar`'s
/// `#foo-bar`) or one written by hand (`{#a-b}`) keeps its name: the other rule's anchor
/// of that name is left out, silently, and the next (`#foo-bar-1`, GitLab's for the
/// second) is that rule's own count.
#[test]
fn on_gitlab_links_by_either_rule_land() {
    let site = headings_site(
        "title: Ops\nrunbooks: docs\nrepository: https://gitlab.com/acme/ops\n\
         broken_links: warning\n",
    );
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(!err.contains("warning:"), "{err}");
    let html = article(site.path(), "a");
    for id in [
        "step-01-do-this",
        "step-01---do-this",
        "foo-bar",
        "foo-bar-1",
        "a-b",
        "a---b",
    ] {
        assert_eq!(
            html.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "{id}\n{html}"
        );
    }
    // The site's own ids are the headings'; the other rule's are anchors beside them.
    assert!(html.contains("<h2 id=\"foo-bar\""), "{html}");
    assert!(html.contains("<h2 id=\"step-01---do-this\""), "{html}");
    let b = article(site.path(), "b");
    assert!(
        b.contains("href=\"/runbooks/a/#step-01-do-this\"")
            && b.contains("href=\"/runbooks/a/#step-01---do-this\""),
        "{b}"
    );
}

/// The same page on a GitHub repository: GitHub's ids only, so the link written by
/// GitLab's rule is still reported (GitHub's page has no such anchor either), and no
/// anchor by the other rule is written.
#[test]
fn on_github_only_githubs_ids() {
    let site = headings_site(
        "title: Ops\nrunbooks: docs\nrepository: https://github.com/acme/ops\n\
         broken_links: warning\n",
    );
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("link `#step-01-do-this` points to #step-01-do-this")
            && err.contains("link `a.md#step-01-do-this` points to #step-01-do-this"),
        "{err}"
    );
    let html = article(site.path(), "a");
    assert!(!html.contains("id=\"step-01-do-this\""), "{html}");
}

/// `heading_ids: gitlab` on a GitLab repository: the headings take the collapsed ids, and
/// links written by GitHub's rule (as comrak makes them on GitLab) land too.
#[test]
fn gitlab_ids_take_githubs_beside_them() {
    let site = headings_site(
        "title: Ops\nrunbooks: docs\nrepository: https://gitlab.com/acme/ops\n\
         heading_ids: gitlab\nbroken_links: warning\n",
    );
    let out = build_ok(site.path());
    let err = stderr(&out);
    // `## A - B` is `#a-b` by GitLab's rule: the id written by hand is left out, as before.
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains("the id `#a-b` written on this heading"),
        "{err}"
    );
    let html = article(site.path(), "a");
    assert!(html.contains("<h2 id=\"step-01-do-this\""), "{html}");
    assert_eq!(
        html.matches(" id=\"step-01---do-this\"").count(),
        1,
        "{html}"
    );
}
