//! What real collections bring (session 25's review of gitlab-runbooks, openshift-runbooks,
//! pagerduty and incident-playbook): images that shifted the page and could not be
//! opened, pages named by their files though they open with a heading, placeholders
//! alone on a line that vanished, MkDocs admonitions shown as "!!!", and a symbolic link
//! loop reported as "a place outside the site, or to nothing". Each test failed on main
//! (239d118).

mod common;

use common::{article, build_ok, pipebook, png, problems, read, site_of, stderr, OPS_SITE};

/// An image of the site's own carries its size from its file and opens at full size
/// through a link to itself; one inside a link keeps that link alone; a remote image, and
/// a file whose header gives no size, are written as before.
#[test]
fn local_images_get_their_size_and_a_link_to_themselves() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/db/disk.md",
            "# Disk\n\n![Flow](flow.png)\n\n[![Badge](flow.png)](https://ci.example/)\n\n![Remote](https://img.example/r.png)\n\n![Broken](odd.png)\n",
        ),
    ]);
    let dir = site.path().join("content/runbooks/db");
    std::fs::write(dir.join("flow.png"), png(640, 480)).unwrap();
    std::fs::write(dir.join("odd.png"), b"not an image at all").unwrap();
    build_ok(site.path());
    let html = article(site.path(), "db/disk");
    assert!(
        html.contains("<a href=\"/runbooks/db/flow.png\"><img src=\"/runbooks/db/flow.png\" alt=\"Flow\" width=\"640\" height=\"480\" /></a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://ci.example/\"><img src=\"/runbooks/db/flow.png\" alt=\"Badge\" width=\"640\" height=\"480\" /></a>"),
        "{html}"
    );
    assert!(
        html.contains("<p><img src=\"https://img.example/r.png\" alt=\"Remote\" /></p>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/runbooks/db/odd.png\"><img src=\"/runbooks/db/odd.png\" alt=\"Broken\" /></a>"),
        "{html}"
    );
}

/// The browser's title of the page and its `<h1>`.
fn titles(root: &std::path::Path, slug: &str) -> (String, String) {
    let page = read(&root.join(format!("public/runbooks/{slug}/index.html")));
    let title = page
        .split_once("<title>")
        .and_then(|(_, t)| t.split_once("</title>"))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    let h1 = page
        .split_once("<h1")
        .and_then(|(_, t)| t.split_once("</h1>"))
        .map(|(t, _)| t.replace("<wbr>", ""))
        .unwrap_or_default();
    (title, h1)
}

/// Without a `#` heading or a front matter `title`, the heading that opens the page
/// names it (managed-service-runbooks' alerts, gitlab-runbooks' certificates), not the
/// file's name; a heading after the page's text is a section (pagerduty's `## Purpose`).
#[test]
fn a_page_without_a_title_is_named_by_the_heading_that_opens_it() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/alerts/manifestwork_apply_failed.md",
            "## ManifestWorkApplyFailed\n\nThe following commands run against the hub.\n\n### Check\n\nx\n",
        ),
        (
            "content/runbooks/training/scribe.md",
            "So you want to be a Scribe?\n\n## Purpose\n\nKeep the timeline.\n",
        ),
    ]);
    build_ok(site.path());
    let (title, h1) = titles(site.path(), "alerts/manifestwork_apply_failed");
    assert!(title.starts_with("ManifestWorkApplyFailed"), "{title}");
    assert!(h1.contains("ManifestWorkApplyFailed"), "{h1}");
    let (title, h1) = titles(site.path(), "training/scribe");
    assert!(title.starts_with("Scribe"), "{title}");
    assert!(h1.contains("Scribe") && !h1.contains("Purpose"), "{h1}");
}

/// `<user-name>` or `<Type of Incident>` alone on a line is an HTML block to CommonMark:
/// it vanished, where one inside a line is shown as text since session 24. Now both are
/// shown, with the same warning; real HTML after it in the block is cleaned as before.
#[test]
fn a_placeholder_alone_on_a_line_is_shown_as_text() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/playbook.md",
            "# Playbook\n\nLog in as\n\n<user-name>\n\n## Type\n\n<Type of Incident>\n<b>bold</b> <script>alert(1)</script>\n\n- step\n\n  <pod name>\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "playbook");
    for shown in [
        "<p>&lt;user-name&gt;</p>",
        "<p>&lt;Type of Incident&gt;</p>",
        "<p>&lt;pod name&gt;</p>",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let err = stderr(&out);
    let found = problems(&err);
    for (line, tag) in [
        (5, "<user-name>"),
        (9, "<Type of Incident>"),
        (14, "<pod name>"),
    ] {
        let want = format!(
            "content/runbooks/playbook.md:{line} `{tag}` is no HTML element: it is shown as text"
        );
        assert!(found.iter().any(|p| p.starts_with(&want)), "{want}: {err}");
    }
}

/// MkDocs' `!!! note "Title"` over an indented body showed as a "!!!" paragraph (the
/// body run into it) or as code; now it is the callout GitHub's `> [!NOTE]` is, its body
/// Markdown, and a problem in the body is reported at its own line.
#[test]
fn mkdocs_admonitions_are_callouts() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
        ),
        (
            "content/runbooks/index.md",
            "# Home\n\n!!! note \"Read this first\"\n    This is *the* process.\n\n    - one\n    - [two](missing.md)\n\n!!! danger\n\n    Do not run it twice.\n\nAfter.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/index.html"));
    assert!(
        page.contains("<div class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Read this first</p>\n<p>This is <em>the</em> process.</p>\n<ul>"),
        "{page}"
    );
    assert!(
        page.contains("<div class=\"markdown-alert markdown-alert-caution\">\n<p class=\"markdown-alert-title\">Danger</p>\n<p>Do not run it twice.</p>\n</div>"),
        "{page}"
    );
    assert!(!page.contains("!!!"), "{page}");
    let err = stderr(&out);
    assert!(
        problems(&err)
            .iter()
            .any(|p| p.starts_with("content/runbooks/index.md:7 ") && p.contains("missing.md")),
        "{err}"
    );
    assert!(!err.contains("admonition"), "{err}");
}

/// pymdownx.tabbed's content tabs (`=== "macOS"` over an indented body) showed as a
/// `=== "macOS"` paragraph over a code block of their Markdown: each is now a quote under
/// its title in bold, its body Markdown, a problem in it reported at its own line.
#[test]
fn mkdocs_content_tabs_are_titled_quotes() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
        ),
        (
            "content/runbooks/a.md",
            "# Install\n\n=== \"macOS\"\n\n    1. Run `brew install x`.\n    2. See [b](gone.md).\n\n=== \"Linux\"\n\n    ```sh\n    apt install x\n    ```\n\nAfter.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = article(site.path(), "a");
    assert!(
        page.contains("<blockquote>\n<p><strong>macOS</strong></p>\n<ol>"),
        "{page}"
    );
    assert!(page.contains("<p><strong>Linux</strong></p>"), "{page}");
    assert!(!page.contains("==="), "{page}");
    assert!(
        !page.contains("1. Run"),
        "the steps are a list, not code: {page}"
    );
    let err = stderr(&out);
    assert!(
        problems(&err)
            .iter()
            .any(|p| p.starts_with("content/runbooks/a.md:6 ") && p.contains("gone.md")),
        "{err}"
    );
}

/// `a.md -> b.md -> a.md`: the message names the link, where it points and the fix.
#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_named_with_its_target_and_fix() {
    let site = site_of(&[OPS_SITE, ("content/runbooks/real.md", "# Real\n")]);
    let dir = site.path().join("content/runbooks");
    std::os::unix::fs::symlink("b.md", dir.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", dir.join("b.md")).unwrap();
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("`content/runbooks/a.md` is a symbolic link in a loop: it points at `b.md`, which leads back to it through symbolic links"),
        "{err}"
    );
    assert!(
        err.contains("replace `content/runbooks/a.md` with the file itself"),
        "{err}"
    );
    assert!(!err.contains("or to nothing"), "{err}");
}
