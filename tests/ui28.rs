//! Runbook repositories written for other tools, as their readers see them (session 28):
//! pages their generator kept out of its lists stay out of pipebook's. Each test failed on
//! main (53a4b3b).

mod common;

use std::fs;
use std::path::Path;

use common::{build_ok, read, site_of, stderr, OPS_SITE};

/// Every file under `dir` whose name ends in `ext`, read as text.
fn texts(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_file() && path.to_string_lossy().ends_with(ext) {
            let text = String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
            out.push((path.display().to_string(), text));
        }
    }
    out
}

fn page(root: &Path, slug: &str) -> String {
    read(&root.join(format!("public/runbooks/{slug}/index.html")))
}

/// A tree where `db/hidden.md` is unlisted by Docusaurus's key, `db/hugo.md` by Hugo's,
/// `db/mapless.md` is out of jekyll-sitemap's sitemap, and `db/shown.md` links to the
/// first.
fn site() -> tempfile::TempDir {
    site_of(&[
        OPS_SITE,
        (
            "content/runbooks/db/hidden.md",
            "---\ntitle: Hidden notes\nunlisted: true\n---\n\nZyxwvutword here.\n",
        ),
        (
            "content/runbooks/db/hugo.md",
            "---\ntitle: Hugo hidden\nbuild:\n  list: never\n  render: always\n---\n\nQwertyhugo here.\n",
        ),
        (
            "content/runbooks/db/mapless.md",
            "---\ntitle: Mapless\nsitemap: false\n---\n\nText.\n",
        ),
        (
            "content/runbooks/db/shown.md",
            "---\ntitle: Shown\nunlisted: false\nbuild: {list: always}\n---\n\nSee [the notes](hidden.md).\n",
        ),
        (
            "content/runbooks/db/zeta.md",
            "---\ntitle: Zeta\n---\n\nText.\n",
        ),
    ])
}

/// Docusaurus's `unlisted: true` and Hugo's `build: {list: never}` build the page,
/// marked Unlisted and `noindex`, linked where a page links to it, and in no folder list,
/// tree fragment, previous/next, count, search index or sitemap; `sitemap: false` is out
/// of the sitemap only. None of them is warned about any more.
#[test]
fn unlisted_pages_are_built_and_left_out_of_every_list() {
    let site = site();
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(!err.contains("unlisted"), "{err}");
    assert!(!err.contains("list: never"), "{err}");
    assert!(!err.contains("sitemap: false"), "{err}");
    let root = site.path();
    for slug in ["db/hidden", "db/hugo"] {
        let html = page(root, slug);
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{slug}: {html}"
        );
        assert!(
            html.contains("<strong class=\"badge\">Unlisted</strong>"),
            "{slug}"
        );
    }
    for slug in ["db/shown", "db/mapless", "db/zeta"] {
        let html = page(root, slug);
        assert!(!html.contains("noindex"), "{slug}");
        assert!(!html.contains(">Unlisted<"), "{slug}");
    }
    // Reachable by links.
    assert!(page(root, "db/shown").contains("href=\"/runbooks/db/hidden/\""));
    // Not in the folder's list, its count, the tree, nor anyone's previous/next.
    let folder = page(root, "db");
    assert!(!folder.contains("Hidden notes") && !folder.contains("Hugo hidden"));
    assert!(folder.contains("Mapless") && folder.contains("Zeta"));
    let top = page(root, "");
    assert!(top.contains("3 runbooks"), "{top}");
    for (path, text) in texts(&root.join("public/_nav"), ".html") {
        assert!(!text.contains("Hidden notes"), "{path}");
        assert!(!text.contains("db/hugo/"), "{path}");
    }
    for slug in ["db/shown", "db/mapless", "db/zeta"] {
        let html = page(root, slug);
        assert!(!html.contains("/runbooks/db/hidden/\" rel"), "{slug}");
        assert!(!html.contains("Hugo hidden"), "{slug}");
    }
    // Mapless and Shown are neighbours now (the hidden ones sat between them).
    let shown = page(root, "db/shown");
    assert!(shown.contains("/runbooks/db/mapless/"), "{shown}");
    // Not searched (offline reading still keeps it, as every page).
    let search = texts(&root.join("public/search"), ".json");
    assert!(!search.is_empty());
    for (path, text) in &search {
        for hidden in ["zyxwvutword", "qwertyhugo", "db/hidden/", "db/hugo/"] {
            assert!(!text.to_lowercase().contains(hidden), "{path}: {hidden}");
        }
    }
    // The sitemap has the listed pages only.
    let sitemap = read(&root.join("public/sitemap.xml"));
    assert!(sitemap.contains("/runbooks/db/zeta/"), "{sitemap}");
    assert!(sitemap.contains("/runbooks/db/shown/"), "{sitemap}");
    for out in ["db/hidden/", "db/hugo/", "db/mapless/"] {
        assert!(!sitemap.contains(out), "{out}: {sitemap}");
    }
}

/// A folder whose only runbook is unlisted keeps its page, so that the runbook's
/// breadcrumbs lead somewhere; it counts no runbooks.
#[test]
fn a_folder_of_unlisted_pages_still_has_its_page() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/old/v1.md",
            "---\ntitle: Version one\nunlisted: true\n---\n\nText.\n",
        ),
        ("content/runbooks/new.md", "# New\n\nText.\n"),
    ]);
    build_ok(site.path());
    let v1 = page(site.path(), "old/v1");
    assert!(v1.contains("href=\"/runbooks/old/\""), "{v1}");
    let old = page(site.path(), "old");
    assert!(!old.contains("Version one"), "{old}");
    let top = page(site.path(), "");
    assert!(!top.contains("Version one"), "{top}");
}

/// A page titled by its opening `##` (no `#` heading, no front matter title, as GitLab's
/// and GitHub's runbooks often are) shows the title once: as its `<h1>`, which keeps the
/// heading's id so that links to `#disk-full` still land, and not in "On this page".
#[test]
fn a_page_titled_by_its_opening_heading_shows_it_once() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/disk-full.md",
            "## Disk full\n\nSome text.\n\n### Check\n\nMore.\n\n### Fix\n\nDone.\n",
        ),
        (
            "content/runbooks/other.md",
            "# Other\n\nSee [disk](disk-full.md#disk-full).\n",
        ),
    ]);
    let out = build_ok(site.path());
    assert!(!stderr(&out).contains("disk-full"), "{}", stderr(&out));
    let html = page(site.path(), "disk-full");
    assert!(
        html.contains("<h1 id=\"disk-full\">Disk full</h1>"),
        "{html}"
    );
    assert_eq!(html.matches(">Disk full<").count(), 1, "{html}");
    assert_eq!(html.matches("id=\"disk-full\"").count(), 1, "{html}");
    let toc = &html[html.find("tocHeading").expect("a table of contents")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(!toc.contains("#disk-full"), "{toc}");
    assert!(toc.contains("#check") && toc.contains("#fix"), "{toc}");
}
