//! Session 39's forge round: what MkDocs reads inside a `>` quote (admonitions and
//! content tabs) and Hugo's callout shortcodes (Docsy's `alert`, Learn's `notice`,
//! Hextra's `callout`) are read as their sites draw them, and problems in them keep their
//! lines. Each test failed on main (319926b).

mod common;

use common::{article, build_ok, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
);

/// `> !!! warning` over `>     Body` showed as a "!!!" paragraph with the body run into
/// it, and a tab as `=== "macOS"`; now they are the callout and the titled quote MkDocs
/// draws, inside the quote, and a broken link in the body is reported at its own line.
#[test]
fn admonitions_and_tabs_in_quotes_are_read_as_mkdocs_reads_them() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# Restore\n\n> Before you start:\n>\n> !!! warning \"Disk space\"\n>     Check the *disk*.\n>\n>     - [one](gone.md)\n>\n> === \"macOS\"\n>     Run `brew`.\n>\n> After.\n\n- Step\n\n    > ??? tip\n    >     In an item.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = article(site.path(), "a");
    assert!(
        page.contains("<blockquote>\n<p>Before you start:</p>\n<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Disk space</p>\n<p>Check the <em>disk</em>.</p>\n<ul>"),
        "{page}"
    );
    assert!(
        page.contains("<blockquote>\n<p><strong>macOS</strong></p>\n<p>Run <code>brew</code>.</p>\n</blockquote>\n<p>After.</p>\n</blockquote>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"markdown-alert-title\">Tip</p>\n<p>In an item.</p>"),
        "{page}"
    );
    assert!(
        !page.contains("!!!") && !page.contains("???") && !page.contains("==="),
        "{page}"
    );
    let err = stderr(&out);
    assert!(
        problems(&err)
            .iter()
            .any(|p| p.starts_with("content/runbooks/a.md:8 ") && p.contains("gone.md")),
        "{err}"
    );
    assert!(!err.contains("admonition"), "{err}");
}

/// Docsy's `{{% alert title="TL;DR" color="warning" %}}` over its body and `{{% /alert %}}`
/// showed as its markers in a paragraph with the body run into it, and a warning that the
/// shortcode is not read; now it is the callout the Hugo site drew, its body Markdown
/// (code in it too), a problem in it reported at its own line.
#[test]
fn hugo_callout_shortcodes_are_callouts() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/b.md",
            "# Apps

{{% alert title=\"TL;DR\" color=\"warning\" %}}\nDon't use the `-app` suffix.\n\n```text\nAWS >= 13.1.0\n```\nSee [c](gone.md).\n{{% /alert %}}\n\n{{% notice tip %}}\nA tip.\n{{% /notice %}}\n\nAfter.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = article(site.path(), "b");
    assert!(
        page.contains("<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">TL;DR</p>\n<p>Don't use the <code>-app</code> suffix.</p>\n<pre"),
        "{page}"
    );
    assert!(
        page.contains("<div class=\"markdown-alert markdown-alert-tip\">\n<p class=\"markdown-alert-title\">Tip</p>\n<p>A tip.</p>\n</div>\n<p>After.</p>"),
        "{page}"
    );
    assert!(!page.contains("{{"), "{page}");
    let err = stderr(&out);
    assert!(
        problems(&err)
            .iter()
            .any(|p| p.starts_with("content/runbooks/b.md:9 ") && p.contains("gone.md")),
        "{err}"
    );
    assert!(!err.contains("shortcode"), "{err}");
}

/// GitHub alerts in a list item or in another quote stay callouts, as GitLab draws them
/// (GitHub has shown them as plain quotes under `[!NOTE]` since November 2023): the
/// author meant the callout. This pins a choice main already made; it passes there too.
#[test]
fn nested_github_alerts_stay_callouts() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/c.md",
            "# Nested\n\n- Step\n\n  > [!NOTE]\n  > In an item.\n\n> Outer.\n>\n> > [!WARNING]\n> > In a quote.\n",
        ),
    ]);
    build_ok(site.path());
    let page = article(site.path(), "c");
    assert!(
        page.contains("<li>\n<p>Step</p>\n<div class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Note</p>\n<p>In an item.</p>\n</div>\n</li>"),
        "{page}"
    );
    assert!(
        page.contains("<blockquote>\n<p>Outer.</p>\n<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Warning</p>\n<p>In a quote.</p>\n</div>\n</blockquote>"),
        "{page}"
    );
}
