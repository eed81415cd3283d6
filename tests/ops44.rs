//! What runbook repositories written for GitHub and GitLab bring (session 44): invisible
//! characters in quoted lines, acronyms in titles made of file names, and MyST labels
//! defined on another page.

mod common;

use common::*;

/// A zero-width space in a line a problem quotes: on main the snippet showed `�`, which
/// reads as a file decoded wrongly and says nothing of which character is there. It shows
/// as its escape, as messages write it, and the column still counts the line as written.
#[test]
fn an_invisible_character_in_a_quoted_line_shows_as_its_escape() {
    let md = "# Zero\n\nSee [the\u{200B}guide](g.md) or [this](missing.md).\n";
    let site = site_of(&[
        OPS_SITE,
        ("content/runbooks/a.md", md),
        ("content/runbooks/g.md", "# G\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("3 │ See [the\\u{200b}guide](g.md) or [this](missing.md)."),
        "{err}"
    );
    assert!(
        !err.contains('\u{FFFD}') && !err.contains('\u{200B}'),
        "{err}"
    );
    // `[this]` is the 26th character of the line as written (the escape counts as one).
    assert!(err.contains("content/runbooks/a.md:3:26"), "{err}");
    // The caret is under `[this]` in the shown line.
    let lines: Vec<&str> = err.lines().collect();
    let quoted = lines.iter().position(|l| l.starts_with("3 │")).unwrap();
    let caret = lines[quoted + 1].find('^').unwrap();
    assert_eq!(&lines[quoted][caret..caret + 6], "[this]", "{err}");
}

/// A folder named `sre-guide` without a page of its own (2i2c's docs): on main its listing
/// and breadcrumbs said "Sre guide", an abbreviation no one writes so. Abbreviations that
/// are no English word are spelled in capitals; ordinary words are left alone.
#[test]
fn a_folder_named_by_an_abbreviation_is_titled_in_capitals() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/sre-guide/restore-s3.md",
            "# Restore the bucket\n",
        ),
        ("content/runbooks/is-it-down/check.md", "# Check\n"),
    ]);
    build_ok(site.path());
    let folder = read(&site.path().join("public/runbooks/sre-guide/index.html"));
    assert!(folder.contains("<title>SRE guide"), "{folder}");
    let page = read(
        &site
            .path()
            .join("public/runbooks/sre-guide/restore-s3/index.html"),
    );
    assert!(page.contains(">SRE guide<"), "breadcrumb: {page}");
    assert!(!page.contains("Sre guide"), "{page}");
    let other = read(&site.path().join("public/runbooks/is-it-down/index.html"));
    assert!(other.contains("<title>Is it down"), "{other}");
}

/// A MyST link `[](#howto:restrict)` to a label `(howto:restrict)=` defined on another
/// page (2i2c's docs, 131 of their 159 warnings): broken on GitHub and here alike, and the
/// warning is right; on main its hint listed this page's anchors, none of them meant.
/// It names the file and line of the label and the link that works: the heading under it.
#[test]
fn a_link_to_a_myst_label_of_another_page_names_the_heading_it_meant() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/howto/restrict.md",
            "(howto:restrict)=\n# Restrict `profile` options\n\ntext\n\n(howto:other)=\n## Other *part*\n",
        ),
        (
            "content/runbooks/guide/auth/github.md",
            "# GitHub\n\nSee [](#howto:restrict) and [this](#howto:other).\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("`#howto:restrict` is the MyST label `(howto:restrict)=` at content/runbooks/howto/restrict.md:1, which Sphinx links and GitHub, GitLab and this site do not: link to `../../howto/restrict.md#restrict-profile-options` instead"),
        "{err}"
    );
    assert!(
        err.contains("link to `../../howto/restrict.md#other-part` instead"),
        "{err}"
    );
    // The suggested anchors exist on the page.
    let page = read(
        &site
            .path()
            .join("public/runbooks/howto/restrict/index.html"),
    );
    assert!(page.contains("id=\"restrict-profile-options\""), "{page}");
    assert!(page.contains("id=\"other-part\""), "{page}");
}

/// `pipebook init` in a repository named `sre-runbooks` (no README heading to take a
/// title from) suggested "Sre runbooks": it reads the folder's name as the pages do.
#[test]
fn init_titles_a_repository_named_by_an_abbreviation_in_capitals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sre-runbooks");
    std::fs::create_dir_all(root.join("storage")).unwrap();
    std::fs::write(root.join("storage/disk-full.md"), "# Disk full\n\nSteps.\n").unwrap();
    let o = pipebook(&["init", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let config = read(&root.join("content/site.yaml"));
    let title = config.lines().find(|l| l.starts_with("title:"));
    assert_eq!(title, Some("title: SRE runbooks"), "{config}");
}
