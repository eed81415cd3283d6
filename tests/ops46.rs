//! What runbook repositories written for GitHub and GitLab bring (session 46): mybinder.org's
//! operations docs (Sphinx with MyST) and Mercari's production readiness checklist.

mod common;

use common::*;

/// MyST takes a link destination that names no file for a reference to a label
/// (`[Deploying a change](deploying-a-change)` for a line `(deploying-a-change)=` over the
/// heading): mybinder.org's docs link so three times. GitHub, GitLab and pipebook look for a
/// file; on main the warning said to fix the path or add the file. It names the label, where
/// it is, and the link that works on the forges and here, as a `#label` link's does.
#[test]
fn a_link_named_as_a_myst_label_is_said_to_be_one() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/deploy/how.md",
            "# How\n\nFollow [Deploying a change](deploying-a-change).\n\n(deploying-a-change)=\n## Deploying a change\n\nSteps.\n",
        ),
        (
            "content/runbooks/index.md",
            "# Ops\n\nWe are [a federation](mybinder-federation); see [nothing](no-such-label).\n",
        ),
        (
            "content/runbooks/ops/federation.md",
            "(mybinder-federation)=\n# The mybinder.org federation\n\nMembers.\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("`deploying-a-change` is the MyST label `(deploying-a-change)=` at content/runbooks/deploy/how.md:5, which Sphinx links and GitHub, GitLab and this site do not: link to `how.md#deploying-a-change` instead"),
        "{err}"
    );
    assert!(
        err.contains("`mybinder-federation` is the MyST label `(mybinder-federation)=` at content/runbooks/ops/federation.md:1, which Sphinx links and GitHub, GitLab and this site do not: link to `ops/federation.md#the-mybinderorg-federation` instead"),
        "{err}"
    );
    // Still a warning each (broken on the forges too); a path that is no label keeps the
    // usual hint.
    assert_eq!(err.matches("which does not exist").count(), 3, "{err}");
    assert!(
        err.contains(
            "link `no-such-label` points to `content/runbooks/no-such-label`, which does not exist"
        ),
        "{err}"
    );
    assert!(
        err.contains("fix the path (it is relative to this file's folder), or add the file"),
        "{err}"
    );
}

/// Artsy's README opens `# Artsy Engineering [![CircleCI](…svg)](…)`: on main the page's
/// `<h1>` read "Artsy Engineering" (the badge an image) but its `<title>`, breadcrumbs and
/// search title "Artsy Engineering CircleCI", the badge's alt text taken for a word of the
/// title (tests/corpora's checker flagged the page). A heading of an image alone keeps the
/// alt text as its title.
#[test]
fn a_badge_in_the_title_heading_is_no_word_of_the_title() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/index.md",
            "# Artsy Engineering [![CircleCI](https://circleci.com/gh/artsy/README.svg?style=svg)](https://circleci.com/gh/artsy/README)\n\nWelcome.\n",
        ),
        (
            "content/runbooks/logo.md",
            "# ![Payments runbook](https://ops.example/logo.png)\n\nText.\n",
        ),
    ]);
    build_ok(site.path());
    let home = read(&site.path().join("public/runbooks/index.html"));
    assert!(
        home.contains("<title>Artsy Engineering · "),
        "{}",
        &home[..home.len().min(1500)]
    );
    let logo = read(&site.path().join("public/runbooks/logo/index.html"));
    assert!(
        logo.contains("<title>Payments runbook · "),
        "{}",
        &logo[..logo.len().min(1500)]
    );
}

/// mybinder.org's command snippets write `<img src="images/x.gif", alt="…">`: the `,` is
/// read as an attribute named `,` (by browsers and the forges alike) and removed. On main
/// the warning said "attribute `,` of `<img>` is removed", which reads as pipebook's
/// confusion; it says the `,` is a stray mark between the attributes.
#[test]
fn a_comma_between_attributes_is_said_to_be_a_stray_mark() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/a.md",
            "# A\n\n<div>\n<img src=\"pool.png\", alt=\"Set the pool size\" width=\"40\">\n</div>\n",
        ),
        ("content/runbooks/pool.png", "not really a png"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("attribute `,` of `<img>`, a stray mark between its attributes, which are separated by spaces alone, is removed"),
        "{err}"
    );
}
