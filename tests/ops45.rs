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

/// A link to an anchor written with the punctuation of its heading (`#step-3-(optional)`
/// for `## Step 3 (optional)`; Artsy's `#javascript-+-nodejs` for `### JavaScript +
/// NodeJS`), which GitHub and pipebook leave out of ids: broken on both, and the warning is
/// right, but on main its hint was a guess among near anchors (`did you mean
/// #step-3-optional?`). It names the heading's id, the characters left out and the link.
#[test]
fn an_anchor_written_with_the_headings_punctuation_names_the_link_that_works() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/restore.md",
            "# Restore\n\n## Step 3 (optional)\n\n### JavaScript + NodeJS\n\nSee [step 3](#step-3-(optional)) and [JS](#javascript-+-nodejs).\n",
        ),
        (
            "content/runbooks/guide.md",
            "# Guide\n\nThen [the optional step](restore.md#step-3-(optional)).\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("hint: the heading it means has the id #step-3-optional: GitHub, as this site, leaves `(`, `)` out of a heading's id, so the link is broken there too; link to `#step-3-optional`"),
        "{err}"
    );
    assert!(
        err.contains("leaves `+` out of a heading's id, so the link is broken there too; link to `#javascript--nodejs`"),
        "{err}"
    );
    assert!(
        err.contains("link to `restore.md#step-3-optional`"),
        "{err}"
    );
}

/// A MyST label with no heading under it (`(restore-table)=` over a table): Sphinx gives
/// the table its id, GitHub, GitLab and pipebook nothing. On main the hint said to link to
/// "a heading near line 3", which is not what the label marks, nor a link. It says what
/// the label marks and how to give that place the id everywhere; done so, the link works.
#[test]
fn a_myst_label_over_a_table_says_what_it_marks_and_how_to_link_it() {
    let page = "# Restore\n\n(restore-table)=\n| Step | Command |\n|---|---|\n| 1 | `restore` |\n\n(restore-cmd)=\n```sh\nrestore --all\n```\n";
    let guide = "# Guide\n\nSee [the steps](#restore-table) and [the command](#restore-cmd).\n";
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/restore.md", page),
        ("content/runbooks/guide/how.md", guide),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("at content/runbooks/restore.md:3, which Sphinx links and GitHub, GitLab and this site do not; it marks a table, not a heading, so no element has its id: write `<a id=\"restore-table\"></a>` on the line under the label, which gives that place the id on GitHub, GitLab and this site, and link to `../restore.md#restore-table`"),
        "{err}"
    );
    assert!(
        err.contains("it marks a code block, not a heading"),
        "{err}"
    );
    // Done as the hint says, the links work.
    let fixed = page
        .replace(
            "(restore-table)=\n",
            "(restore-table)=\n<a id=\"restore-table\"></a>\n\n",
        )
        .replace(
            "(restore-cmd)=\n",
            "(restore-cmd)=\n<a id=\"restore-cmd\"></a>\n\n",
        );
    let guide = guide.replace("(#", "(../restore.md#");
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/restore.md", &fixed),
        ("content/runbooks/guide/how.md", &guide),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        !err.contains("restore-table") && !err.contains("restore-cmd"),
        "{err}"
    );
}

/// Counteractive's plan template links `#role-incident-commander-ic` from the page that
/// lists the roles, where each role has a page of its own (the repository is joined into
/// one document by pandoc, where the link works): the hint named anchors of the linking
/// page alike, none of them the role. An id of exactly one other page's heading names
/// that page and the link that works; an id many pages have (`symptoms`) does not.
#[test]
fn a_link_to_another_pages_heading_names_that_page() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/plan/index.md",
            "# Plan\n\n## Roles\n\nThe [commander](#role-incident-commander-ic) leads; see [symptoms](#symptoms) and [the scribe](roles/scribe.md#role-incident-commander-ic); [back](roles/scribe.md#roles).\n",
        ),
        (
            "content/runbooks/plan/roles/commander.md",
            "# Commander\n\n## Role: Incident Commander (IC)\n\nLeads.\n\n## Symptoms\n\nNone.\n",
        ),
        (
            "content/runbooks/plan/roles/scribe.md",
            "# Scribe\n\n## Symptoms\n\nNone.\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    // Each problem with its hint.
    let told = |anchor: &str, page: &str| {
        err.split("warning: ")
            .find(|p| p.contains(&format!("`{anchor}` points to")))
            .unwrap_or_else(|| panic!("no warning for {anchor} of {page}: {err}"))
            .replace('\n', " ")
    };
    let own = told("#role-incident-commander-ic", "plan");
    assert!(
        own.contains("another page, content/runbooks/plan/roles/commander.md (the only page with that id); if it is the one meant, link to `roles/commander.md#role-incident-commander-ic`"),
        "{own}"
    );
    let other = told("roles/scribe.md#role-incident-commander-ic", "scribe");
    assert!(
        other.contains(
            "if it is the one meant, link to `roles/commander.md#role-incident-commander-ic`"
        ),
        "{other}"
    );
    let back = told("roles/scribe.md#roles", "scribe");
    assert!(
        back.contains("#roles is a heading or step of this page, not of the page the link names: link to `#roles`"),
        "{back}"
    );
    // Two pages have #symptoms: which one was meant is not said.
    let symptoms = told("#symptoms", "plan");
    assert!(!symptoms.contains("another page"), "{symptoms}");
}

/// Counteractive's plan template has 92 links to `#TODO-link-to-actual-resource` or
/// `#TODO-url`: placeholders its users fill in. The hint listed the page's anchors, as if
/// a heading were meant; it says what the link is now. Broken on the forges too, so it
/// stays a warning.
#[test]
fn a_placeholder_anchor_is_told_as_one() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/plan.md",
            "# Plan\n\n## Contacts\n\nCall [legal](#TODO-link-to-actual-resource).\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    let told = err
        .split("warning: ")
        .find(|p| p.contains("points to #TODO-link-to-actual-resource"))
        .unwrap_or_else(|| panic!("no warning: {err}"));
    assert!(
        told.contains("`TODO` marks a placeholder left to fill in"),
        "{told}"
    );
    assert!(!told.contains("#contacts"), "{told}");
}
