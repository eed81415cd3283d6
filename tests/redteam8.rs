//! An eighth adversarial review (session 13): a runbook's ids against the theme's, README
//! titles, `pipebook init` on other generators' repositories, and hostile input against
//! what main holds. Each test builds a small site in a temporary folder.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use common::{build_ok, example_site, read};
use pipebook::theme_ids::THEME_IDS;

/// Every HTML file under `dir`.
fn html_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "html") {
            out.push(p);
        }
    }
}

/// The values of every `id="…"` of a page, with how often each occurs.
fn ids(html: &str) -> HashMap<&str, usize> {
    let mut count = HashMap::new();
    for (at, _) in html.match_indices(" id=\"") {
        let rest = &html[at + 5..];
        *count.entry(&rest[..rest.find('"').unwrap()]).or_insert(0) += 1;
    }
    count
}

/// A runbook and a folder's README that use every id of the theme, as headings, as
/// `{#id}` and in raw HTML, and link to them: no page of the site has an id twice, the
/// theme's elements keep theirs, and the runbook's links reach the runbook's elements.
#[test]
fn a_runbooks_ids_never_take_the_themes() {
    let site = example_site();
    let runbooks = site.path().join("content/runbooks");
    let links = |file: &str| {
        THEME_IDS
            .iter()
            .map(|id| format!("[to {id}](#{id}) and [again]({file}#{id})\n\n"))
            .collect::<String>()
    };
    // Headings (GitHub's slugs and `{#id}`) in a runbook, raw HTML in a folder's README.
    let mut runbook = format!("---\ntitle: Ids\n---\n\n{}", links("ids.md"));
    let mut readme = format!("# Hostile\n\n{}", links("README.md"));
    for id in THEME_IDS {
        runbook.push_str(&format!("## {id}\n\n1. step\n\n## Other {{#{id}}}\n\n"));
        readme.push_str(&format!("<div id=\"{id}\">{id}</div>\n\n"));
    }
    fs::write(runbooks.join("profit/ids.md"), &runbook).unwrap();
    fs::create_dir_all(runbooks.join("hostile")).unwrap();
    fs::write(runbooks.join("hostile/README.md"), readme).unwrap();
    fs::write(
        runbooks.join("hostile/other.md"),
        "# Other\n\nSee [main](README.md#main).\n",
    )
    .unwrap();
    build_ok(site.path());

    let mut pages = Vec::new();
    html_files(&site.path().join("public"), &mut pages);
    assert!(pages.len() > 20);
    for page in &pages {
        let html = read(page);
        let twice: Vec<_> = ids(&html).into_iter().filter(|(_, n)| *n > 1).collect();
        assert!(
            twice.is_empty(),
            "{}: ids used twice: {twice:?}",
            page.display()
        );
    }
    for page in [
        "runbooks/profit/ids/index.html",
        "runbooks/hostile/index.html",
    ] {
        let html = read(&site.path().join("public").join(page));
        // The theme's menu and skip link hold their ids (a page without a tree may have
        // no drawer; the runbook's never takes the name).
        assert!(html.contains("<main id=\"main\""), "{page}");
        assert!(
            html.contains("id=\"pipebook-menu\" class=\"menu-button\""),
            "{page}"
        );
        for id in THEME_IDS {
            // A heading's id, or the anchor of an id written by hand (`{#childrenHeading}`,
            // which no heading's text gives: GitHub's ids are in lower case).
            let element = if page.contains("ids") {
                format!(" id=\"user-content-{id}\">")
            } else {
                format!("<div id=\"user-content-{id}\">{id}</div>")
            };
            assert!(html.contains(&element), "{page}: {element}");
            assert!(
                html.contains(&format!("href=\"#user-content-{id}\"")),
                "{page}: {id}"
            );
        }
        assert!(!html.contains("<div id=\"main\""), "{page}");
    }
    let other = read(&site.path().join("public/runbooks/hostile/other/index.html"));
    assert!(other.contains("hostile/#user-content-main\""), "{other}");
}

/// A README that opens with a raw `<h1>` (centred, with a logo) is titled by it, as on
/// GitHub, and its page has one `<h1>`; a `#` heading after it is a section.
#[test]
fn a_raw_h1_at_the_top_of_a_readme_is_its_title() {
    let site = example_site();
    let folder = site.path().join("content/runbooks/warehouse");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("README.md"),
        "<div align=\"center\">\n<h1 align=\"center\">\n  <img src=\"logo.png\" alt=\"\" width=\"80\"><br>\n  Warehouse &amp; Lake\n</h1>\n<p>Runbooks of the warehouse team.</p>\n</div>\n\n# Install\n\nText.\n",
    )
    .unwrap();
    fs::write(folder.join("logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    fs::write(
        folder.join("load.md"),
        "# Load\n\nSee [the folder](README.md).\n",
    )
    .unwrap();
    fs::write(folder.join("solo.md"), "<h1>Solo title</h1>\n\nBody.\n").unwrap();
    build_ok(site.path());
    let public = site.path().join("public/runbooks");
    let page = read(&public.join("warehouse/index.html"));
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(page.contains("<title>Warehouse &amp; Lake"), "{page}");
    assert!(
        page.contains("<p>Runbooks of the warehouse team.</p>"),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"install\">"), "{page}");
    let solo = read(&public.join("warehouse/solo/index.html"));
    assert_eq!(solo.matches("<h1").count(), 1, "{solo}");
    assert!(solo.contains("<title>Solo title"), "{solo}");
    assert!(
        !solo.contains("<p>Solo title") && solo.contains("<p>Body.</p>"),
        "{solo}"
    );
}

/// `pipebook init` in a repository laid out for another documentation tool takes that
/// tool's folder of Markdown, not the repository's root (which would publish its
/// `Dockerfile` and `mkdocs.yml`), and the site then builds without them.
#[test]
fn init_takes_the_docs_folder_of_mkdocs_gitbook_and_docusaurus() {
    let layouts: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("mkdocs.yml", "site_name: Ops\nnav:\n  - Home: index.md\n"),
                ("docs/index.md", "# Ops\n"),
            ],
            "docs",
        ),
        (
            &[
                (
                    "mkdocs.yml",
                    "site_name: Ops\ndocs_dir: 'handbook'  # ours\n",
                ),
                ("handbook/index.md", "# Ops\n"),
                ("docs/other.md", "# No\n"),
            ],
            "handbook",
        ),
        (
            &[
                ("mkdocs.yml", "docs_dir: ../../etc\n"),
                ("index.md", "# Ops\n"),
            ],
            ".",
        ),
        (
            &[
                (".gitbook.yaml", "root: ./book/\n"),
                ("book/README.md", "# Ops\n"),
                ("SUMMARY.md", "* [Ops](book/README.md)\n"),
            ],
            "book",
        ),
        (
            &[
                ("docusaurus.config.js", "module.exports = {};\n"),
                ("docs/intro.md", "# Ops\n"),
            ],
            "docs",
        ),
    ];
    for (files, expected) in layouts {
        let site = common::init_chooses(files, expected);
        let public = site.path().join("public");
        assert!(
            !public.join("runbooks/Dockerfile").exists() || *expected == ".",
            "{expected}"
        );
        assert!(
            !public.join("runbooks/mkdocs.yml").exists() || *expected == ".",
            "{expected}"
        );
    }
}
