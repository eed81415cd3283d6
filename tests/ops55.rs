//! What runbook repositories written for GitHub and GitLab bring (session 55): Garage's
//! documentation (a Zola book with TOML front matter) and the Japanese translation of
//! GitLab's handbook, infrastructure platforms section (Hugo, read on GitHub).

mod common;

use common::*;

/// A site of Garage's shape: a Zola book in `doc/book/` (the website mounts it as its
/// `content/documentation/`), linking its pages with Zola's `@/…` internal links.
fn zola_book(links: &str) -> tempfile::TempDir {
    site_of(&[
        (
            "content/site.yaml",
            "title: Storage\nbase_url: https://ops.example/\nrunbooks: doc/book\nrepository: https://github.com/org/storage\nbroken_links: warning\n",
        ),
        ("doc/book/_index.md", "# Book\n\nThe book.\n"),
        (
            "doc/book/operations/recovering.md",
            "# Recovering from failures\n\n## Replacing a disk\n\nSteps.\n",
        ),
        ("doc/book/build/_index.md", "# Build\n\nSDKs.\n"),
        ("doc/book/build/python.md", "# Python\n\n## Admin API\n\nCalls.\n"),
        ("doc/book/connect/cli.md", links),
    ])
}

/// Zola's internal links (`[x](@/documentation/build/python.md#admin-api)`, a path from
/// Zola's content folder): Garage's book has 104 in 28 files. On main each was a missing
/// file `doc/book/connect/@/documentation/…` with the hint to fix a path relative to the
/// file's folder, and a broken link on the site. Each now goes to the page it names, its
/// anchor checked like any other; one that names no page says what Zola's `@/` is and the
/// link that works on the forges too.
#[test]
fn zola_internal_links_go_to_their_pages() {
    let site = zola_book(concat!(
        "# CLI\n\n",
        "See [Python](@/documentation/build/python.md#admin-api), [recovering](@/documentation/operations/recovering.md),\n",
        "[the build section](@/documentation/build/_index.md), [from the book](@/operations/recovering.md#replacing-a-disk)\n",
        "and [the book](@/documentation/_index.md).\n\n",
        "Broken: [gone](@/documentation/operations/gone.md) and [anchor](@/documentation/build/python.md#no-such).\n",
    ));
    let err = stderr(&build_ok(site.path()));
    let cli = read(&site.path().join("public/runbooks/connect/cli/index.html"));
    for href in [
        "/runbooks/build/python/#admin-api",
        "/runbooks/operations/recovering/",
        "/runbooks/build/",
        "/runbooks/operations/recovering/#replacing-a-disk",
        "/runbooks/\"",
    ] {
        assert!(cli.contains(&format!("href=\"{href}")), "{href}: {cli}");
    }
    assert!(!cli.contains("href=\"@/documentation/build"), "{cli}");
    assert!(
        err.contains("Zola's internal link `@/documentation/operations/gone.md` names no page of the site: not `doc/book/documentation/operations/gone.md` nor a page whose path ends in it"),
        "{err}"
    );
    assert!(
        err.contains("link to the file by its path from this file's folder"),
        "{err}"
    );
    assert!(
        err.contains("link `@/documentation/build/python.md#no-such` points to #no-such, which is not a heading or step of that page"),
        "{err}"
    );
    assert!(!err.contains("which does not exist"), "{err}");
    assert_eq!(
        err.matches("\nwarning").count() + usize::from(err.starts_with("warning")),
        2,
        "{err}"
    );
}

/// GitLab's handbook (a Hugo site, `content/handbook/…`) links its pages by their addresses
/// on handbook.gitlab.com: `/handbook/engineering/infrastructure-platforms/incident-management/`
/// for `content/handbook/engineering/infrastructure-platforms/incident-management/_index.md`,
/// 752 such links in the infrastructure platforms section. On main each was a warning that
/// it led to no page of the site (outside it, under a base path) and a broken link, though the page is on the site; now each
/// under the runbook folder goes to its page (anchor checked), as Jekyll's `x.html` and
/// Hugo's `../other/` do. Addresses outside the runbook folder stay as they were, and so
/// does a tree whose runbook folder is under no `content` folder.
#[test]
fn a_hugo_sites_address_of_a_page_under_the_runbook_folder_is_that_page() {
    let files = |yaml: &str, root: &str| {
        let tier_2 = concat!(
            "# Tier 2\n\n",
            "See [reporting](/handbook/engineering/infrastructure-platforms/incident-management/#reporting-an-incident),\n",
            "[tier 2](/handbook/engineering/infrastructure-platforms/incident-management/on-call/tier-2/),\n",
            "[the section](/handbook/engineering/infrastructure-platforms/#mission),\n",
            "[gone](/handbook/engineering/infrastructure-platforms/incident-management/#no-such)\n",
            "and [values](/handbook/values/).\n",
        );
        let owned = [
            ("content/site.yaml".to_string(), yaml),
            (
                format!("{root}/_index.md"),
                "# Infrastructure platforms\n\n## Mission\n\nWe run GitLab.com.\n",
            ),
            (
                format!("{root}/incident-management/_index.md"),
                "# Incident management\n\n## Reporting an incident\n\nDeclare it.\n",
            ),
            (
                format!("{root}/incident-management/on-call/tier-2.md"),
                tier_2,
            ),
        ];
        let files: Vec<(&str, &str)> = owned.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        site_of(&files)
    };
    let yaml = "title: Handbook\nbase_url: https://ops.example/\nrunbooks: content/handbook/engineering/infrastructure-platforms\nbroken_links: warning\n";
    let site = files(
        yaml,
        "content/handbook/engineering/infrastructure-platforms",
    );
    let err = stderr(&build_ok(site.path()));
    let page = read(
        &site
            .path()
            .join("public/runbooks/incident-management/on-call/tier-2/index.html"),
    );
    for href in [
        "/runbooks/incident-management/#reporting-an-incident",
        "/runbooks/incident-management/on-call/tier-2/\"",
        "/runbooks/#mission",
    ] {
        assert!(page.contains(&format!("href=\"{href}")), "{href}: {page}");
    }
    assert!(
        err.contains("link `/handbook/engineering/infrastructure-platforms/incident-management/#no-such` points to #no-such, which is not a heading or step of that page"),
        "{err}"
    );
    // The handbook's pages outside the section are not on the site: as before.
    assert!(page.contains("href=\"/handbook/values/\""), "{page}");
    assert!(
        err.contains("link `/handbook/values/` leads to no page of this site"),
        "{err}"
    );
    assert_eq!(
        err.matches("leads to no page of this site").count(),
        1,
        "{err}"
    );

    // Under no `content` folder, `/handbook/…` is no address of a Hugo site.
    let yaml = "title: Handbook\nbase_url: https://ops.example/\nrunbooks: docs/handbook/engineering/infrastructure-platforms\nbroken_links: warning\n";
    let site = files(yaml, "docs/handbook/engineering/infrastructure-platforms");
    let err = stderr(&build_ok(site.path()));
    assert_eq!(
        err.matches("leads to no page of this site").count(),
        5,
        "{err}"
    );
}
