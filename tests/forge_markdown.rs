//! Runbooks written for GitHub or GitLab read on the site as on the forge: heading ids,
//! titles, table of contents markers and alerts (issue 14). Each test builds a fixture
//! site in a temporary folder and reads the pages written.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A site of runbooks at `content/runbooks/<path>` with `site.yaml` holding `config`.
fn site(config: &str, runbooks: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), config).unwrap();
    for (path, text) in runbooks {
        let file = content.join("runbooks").join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    dir
}

fn page(root: &Path, slug: &str) -> String {
    read(&root.join("public/runbooks").join(slug).join("index.html"))
}

/// The page's `<main>`: what the runbook put on the page, and the theme around it.
fn main_of(html: &str) -> &str {
    &html[html.find("<main").unwrap()..html.find("</main>").unwrap()]
}

/// The ids of the elements of `html`, in order.
fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The text of each `<h1>` of a page.
fn h1s(html: &str) -> Vec<String> {
    html.match_indices("<h1")
        .map(|(i, _)| {
            let rest = &html[i..];
            let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</h1>").unwrap()];
            strip_tags(inner)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A runbook with the table of contents a GitHub user writes by hand, from the anchors
/// GitHub shows: every link must land.
const GITHUB_RUNBOOK: &str = "\
# Disk full: `/var` at 100%

- [Disk full](#disk-full-var-at-100)
- [Check](#check), [again](#check-1), [then](#check-1-1)
- [Step 01 - Clean up](#step-01---clean-up)
- [Release](#-release)

## Check

1. Look at `df -h`.
2. Then at `du`.

## Check

1. Once more.

## Check 1

## Step 01 - Clean up

## 🚀 Release
";

/// Headings named like the theme's own ids of the page take ids of their own: the theme's
/// hold a capital letter, which no heading's id made from text has.
#[test]
fn headings_never_take_the_themes_ids() {
    let runbook =
        "# Title\n\n## tocBox\n\n## Toc heading\n\n## childrenHeading\n\n## Steps\n\n1. a\n";
    let dir = site(
        "",
        &[
            ("clash/README.md", runbook),
            ("clash/child.md", "# Child\n"),
        ],
    );
    build_ok(dir.path());
    let html = page(dir.path(), "clash");
    let found = ids(main_of(&html));
    for id in [
        "tocBox",
        "tocHeading",
        "childrenHeading",
        "tocbox",
        "toc-heading",
        "childrenheading",
    ] {
        assert_eq!(
            found.iter().filter(|&&i| i == id).count(),
            1,
            "{id} once in {found:?}"
        );
    }
}

#[test]
fn heading_ids_are_githubs_with_the_title_and_duplicates() {
    let dir = site("broken_links: error\n", &[("disk.md", GITHUB_RUNBOOK)]);
    let out = build_ok(dir.path());
    assert!(
        !stderr(&out).contains("warning"),
        "no link of the table of contents is reported: {}",
        stderr(&out)
    );
    let html = page(dir.path(), "disk");
    assert_eq!(
        ids(main_of(&html)),
        [
            "main",
            "disk-full-var-at-100",
            // The theme's: the folding table of contents and its heading.
            "tocBox",
            "tocHeading",
            // GitHub's element holding the file: the article (no heading has the id).
            "readme",
            "check",
            "check.1",
            "check.2",
            // Steps do not count among GitHub's duplicates.
            "check-1",
            "check-1.1",
            "check-1-1",
            "step-01---clean-up",
            "-release",
        ]
    );
    assert_eq!(h1s(&html), ["Disk full: /var at 100%"]);
    assert!(
        html.contains("<title>Disk full: /var at 100% · Runbooks</title>"),
        "{html}"
    );
}

/// Headings on which GitHub's and GitLab's rules differ, with links in each forge's form.
const BOTH_RUNBOOK: &str = "\
# Title

[a](#step-01---clean-up) [b](#i--unicode) [c](#step-01-clean-up) [d](#i-unicode)

## Step 01 - Clean up

## I ♥ unicode
";

#[test]
fn a_site_chooses_githubs_or_gitlabs_rule() {
    for (rule, ids_want, broken) in [
        (
            "github",
            ["step-01---clean-up", "i--unicode"],
            ["#step-01-clean-up", "#i-unicode"],
        ),
        (
            "gitlab",
            ["step-01-clean-up", "i-unicode"],
            ["#step-01---clean-up", "#i--unicode"],
        ),
    ] {
        let dir = site(
            &format!("heading_ids: {rule}\nbroken_links: error\n"),
            &[("both.md", BOTH_RUNBOOK)],
        );
        let o = pipebook(&["build", "--root", dir.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{rule}: {err}");
        // The links written for the other forge lead nowhere, and only those.
        assert_eq!(err.matches("error: link").count(), 2, "{rule}: {err}");
        for link in broken {
            assert!(err.contains(&format!("link `{link}`")), "{rule}: {err}");
        }
        fs::write(
            dir.path().join("content/site.yaml"),
            format!("heading_ids: {rule}\n"),
        )
        .unwrap();
        build_ok(dir.path());
        let html = page(dir.path(), "both");
        for id in ids_want {
            assert!(
                html.contains(&format!("<h2 id=\"{id}\">")),
                "{rule}: {html}"
            );
        }
    }
    // An unknown rule is an error at its line.
    let dir = site("heading_ids: bitbucket\n", &[("both.md", BOTH_RUNBOOK)]);
    let o = pipebook(&["check", "--root", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("site.yaml:1:"), "{err}");
}

#[test]
fn titles_come_from_the_first_heading_wherever_it_stands() {
    let dir = site(
        "",
        &[
            ("toc.md", "[[_TOC_]]\n\n# After the marker\n\n## A\n\n## B\n"),
            ("comment.md", "<!-- markdownlint-disable -->\n\n# After a comment\n\n## A\n"),
            (
                "badges.md",
                "[![ci](https://ci.example.com/b.svg)](https://ci.example.com/) ![v](https://img.example.com/v.svg)\n\n# After badges\n\nText.\n",
            ),
            (
                "front.md",
                "---\ntitle: From front matter\n---\n# The heading wins\n\n# Another one\n\n## A\n",
            ),
            ("only-front.md", "---\ntitle: From front matter\n---\n## A section first\n\n# Not a title\n"),
            ("disk-full_alerts.md", "Text only.\n"),
            ("KubeAPIDown.md", "## Meaning\n\n## Impact\n"),
            ("certs.md", "## Cloudflare certificates\n\n### Renew\n"),
        ],
    );
    build_ok(dir.path());
    let root = dir.path();
    for (slug, title) in [
        ("toc", "After the marker"),
        ("comment", "After a comment"),
        ("badges", "After badges"),
        ("front", "The heading wins"),
        ("only-front", "From front matter"),
        ("disk-full_alerts", "Disk full alerts"),
        ("KubeAPIDown", "KubeAPIDown"),
        ("certs", "Cloudflare certificates"),
    ] {
        let html = page(root, slug);
        assert_eq!(h1s(&html), [title], "{slug}: one h1, the title");
        assert!(
            html.contains(&format!("<title>{title} · Runbooks</title>")),
            "{slug}: {html}"
        );
        // The search index names the page by the same title.
        let in_index = fs::read_dir(root.join("public/search/f"))
            .unwrap()
            .any(|f| read(&f.unwrap().path()).contains(&format!("\"t\":\"{title}\"")));
        assert!(in_index, "{slug}: {title} not in the search index");
    }
    // Other `#` headings are written as `<h2>`, with their ids.
    assert!(page(root, "front").contains("<h2 id=\"another-one\">Another one"));
    assert!(page(root, "only-front").contains("<h2 id=\"not-a-title\">Not a title"));
    // The title heading's id is on the page's h1, where a link to it lands.
    assert!(page(root, "toc").contains("<h1 id=\"after-the-marker\">After the marker"));
    // The folder listing names each page by its title.
    let listing = read(&root.join("public/runbooks/index.html"));
    for title in [
        "After the marker",
        "The heading wins",
        "Disk full alerts",
        "KubeAPIDown",
    ] {
        assert!(
            listing.contains(&format!(">{title}</a>")),
            "{title}: {listing}"
        );
    }
}

#[test]
fn a_toc_marker_is_the_pages_table_of_contents_there() {
    let dir = site(
        "",
        &[
            (
                "marked.md",
                "# Title\n\nIntro.\n\n[[_TOC_]]\n\n## Meaning\n\n### Detail\n\n## Mitigation\n",
            ),
            ("gollum.md", "# Title\n\n[toc]\n\n## One\n\n## Two\n"),
            ("plain.md", "# Title\n\n## One\n\n## Two\n"),
        ],
    );
    build_ok(dir.path());
    let root = dir.path();
    let html = page(root, "marked");
    let main = main_of(&html);
    // Folded into one line (src/render/author_toc.rs): "On this page", opened from 1100 px.
    let toc = main
        .find("<details class=\"toc toc-inline\">")
        .expect("a table of contents");
    assert!(main[..toc].contains("Intro."), "{main}");
    assert!(
        main[toc..].starts_with(
            "<details class=\"toc toc-inline\"><summary>On this page</summary>\n<ol><li class=\"l2\"><a href=\"#meaning\">Meaning</a></li><li class=\"l3\"><a href=\"#detail\">Detail</a></li><li class=\"l2\"><a href=\"#mitigation\">Mitigation</a></li></ol>\n</details>\n<div class=\"hd\">\n<h2 id=\"meaning\">"
        ),
        "{main}"
    );
    assert!(
        !main.contains("class=\"toc\""),
        "no second table of contents: {main}"
    );
    assert!(!main.contains("TOC_"), "{main}");
    assert!(main_of(&page(root, "gollum")).contains("toc-inline"));
    // Without a marker, the theme's own table of contents.
    let plain = page(root, "plain");
    assert!(main_of(&plain).contains("<nav class=\"toc\""), "{plain}");
    assert!(!main_of(&plain).contains("toc-inline"), "{plain}");
}

#[test]
fn alerts_are_callouts_with_their_label() {
    let md = "\
# Alerts

> [!NOTE]
> Useful.

> [!TIP]
> Better.

> [!IMPORTANT]
> Key.

> [!WARNING]
> Urgent: <kbd>Ctrl</kbd>-C.

> [!caution]
> Risky.

> [!warning] Disk almost full
> Act now.

> Just a quote.
";
    // Raw HTML makes the page go through cleaning: callouts come out the same.
    let dir = site("", &[("alerts.md", md)]);
    build_ok(dir.path());
    let html = page(dir.path(), "alerts");
    for (class, label, text) in [
        ("note", "Note", "Useful."),
        ("tip", "Tip", "Better."),
        ("important", "Important", "Key."),
        ("warning", "Warning", "Urgent: <kbd>Ctrl</kbd>-C."),
        ("caution", "Caution", "Risky."),
        ("warning", "Disk almost full", "Act now."),
    ] {
        let want = format!(
            "<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{label}</p>\n<p>{text}</p>\n</div>"
        );
        assert!(html.contains(&want), "{want}\n{html}");
    }
    assert!(
        html.contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"),
        "{html}"
    );
    assert!(!html.contains("[!"), "{html}");
    let css = read(&dir.path().join("public/static/style.css"));
    for kind in ["note", "tip", "important", "warning", "caution"] {
        assert!(css.contains(&format!(".markdown-alert-{kind}{{")), "{kind}");
    }
}

#[test]
fn an_old_step_link_is_pointed_at_its_new_id() {
    let dir = site(
        "broken_links: error\n",
        &[(
            "steps.md",
            "# Steps\n\n## Restart\n\n1. a\n2. b\n3. c\n\nSee [step 3](#restart-3).\n",
        )],
    );
    let o = pipebook(&["check", "--root", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("link `#restart-3`"), "{err}");
    assert!(err.contains("did you mean #restart.3"), "{err}");
}
