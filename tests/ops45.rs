//! What runbook repositories written for GitHub and GitLab bring (session 45): GitHub's
//! `#readme`, folders linked from the repository's root, anchors written with the
//! punctuation headings lose, and MyST labels with no heading under them.

mod common;

use common::*;

/// Artsy's handbook links its pages as `playbooks/deploy.md#readme` (57 links, written by
/// its table-of-contents script): on GitHub `#readme` is the element holding the rendered
/// file, so the link scrolls past the forge's header to the text. On main each was a
/// warning that `#readme` is no heading of that page, and the link led to no element.
/// The article carries the id, unless a heading of the runbook's own has it.
#[test]
fn githubs_readme_anchor_is_the_pages_article() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/index.md",
            "# Playbooks\n\n| Doc | Overview |\n|--|--|\n| [Deploy](playbooks/deploy.md#readme) | How |\n| [Own](#README) | Here |\n",
        ),
        ("content/runbooks/playbooks/deploy.md", "# Deploy\n\nSteps.\n"),
        (
            "content/runbooks/playbooks/notes.md",
            "# Notes\n\n## Readme\n\nSee [deploy](deploy.md#readme) and [this](#readme).\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(!err.contains("#readme"), "{err}");
    assert!(!err.contains("#README"), "{err}");
    let deploy = article(site.path(), "playbooks/deploy");
    assert!(
        deploy.starts_with("<article class=\"runbook\" id=\"readme\">"),
        "{deploy}"
    );
    // A heading of the runbook's own keeps the id: the article does not take it again.
    let notes = article(site.path(), "playbooks/notes");
    assert!(notes.starts_with("<article class=\"runbook\">"), "{notes}");
    assert_eq!(notes.matches("id=\"readme\"").count(), 1, "{notes}");
}

/// GitLab has no `#readme`: with its heading ids the link is reported, as it is broken there.
#[test]
fn with_gitlabs_ids_readme_is_no_anchor() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nheading_ids: gitlab\n",
        ),
        ("content/runbooks/a.md", "# A\n\nSee [b](b.md#readme).\n"),
        ("content/runbooks/b.md", "# B\n\nText.\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(err.contains("points to #readme"), "{err}");
    let b = article(site.path(), "b");
    assert!(!b.contains("id=\"readme\""), "{b}");
}

/// GitHub resolves a link written from the repository's root (`/onboarding#readme`) in the
/// repository, and a folder shows its README there. Artsy's handbook links its sections so:
/// on main each was a warning that the link leads outside the site (the site served under
/// `/ops/`), and the link led to the host's `/onboarding`. It is the folder's page.
#[test]
fn a_folder_linked_from_the_repositorys_root_is_its_page() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/ops/\nrunbooks: docs\n",
        ),
        (
            "docs/README.md",
            "# Handbook\n\nStart with [onboarding](/docs/onboarding#readme), the [playbooks](/docs/playbooks/) and [search](/search/).\n",
        ),
        ("docs/onboarding/README.md", "# Onboarding\n\nWelcome.\n"),
        ("docs/playbooks/deploy.md", "# Deploy\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(!err.contains("/docs/onboarding"), "{err}");
    assert!(!err.contains("/docs/playbooks/"), "{err}");
    let home = article(site.path(), "");
    assert!(
        home.contains("href=\"/ops/runbooks/onboarding/#readme\""),
        "{home}"
    );
    assert!(home.contains("href=\"/ops/runbooks/playbooks/\""), "{home}");
    // The site's own addresses stay the site's.
    assert!(home.contains("href=\"/search/\""), "{home}");
}
