//! A nineteenth adversarial review (session 24): raw HTML that borrows the theme's own
//! look, `<plaintext>`, images that cleaning removes yet were reported as loaded, and a
//! symbolic link `x.md` beside a folder `x/`. Each test builds a small site in a
//! temporary folder; each failed on 5f53dad.

mod common;

use common::{article, build_ok, pipebook, problems, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// Cleaning keeps the classes pipebook writes in a runbook (it cannot tell them from the
/// author's), so `<div class="toc">` took the theme's contents column, which stays in
/// sight while the reader scrolls: a box "On call now: Mallory" went down the page with
/// every reader. The author's HTML keeps no class of pipebook's own now (`language-*`
/// stays), said once a page at its line; the same classes written by pipebook stay.
#[test]
fn raw_html_cannot_borrow_the_theme_s_own_boxes() {
    let md = "# A\n\nText[^1].\n\n<div class=\"toc\"><p><strong>On call now: Mallory, +1 555 0100</strong></p></div>\n\n\
<div class=\"markdown-alert markdown-alert-warning\"><p class=\"markdown-alert-title\">Verified</p></div>\n\n\
<pre><code class=\"language-sh step-link\">make</code></pre>\n\n> [!NOTE]\n> Real.\n\n[^1]: A note.\n";
    let site = site_of(&[SITE, ("content/runbooks/a.md", md)]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    assert!(!html.contains("class=\"toc\""), "{html}");
    assert!(!html.contains("markdown-alert-warning"), "{html}");
    assert!(!html.contains("markdown-alert-title\">Verified"), "{html}");
    assert!(html.contains("<code class=\"language-sh\">make"), "{html}");
    // Pipebook's own alert and footnotes keep theirs.
    assert!(
        html.contains("<div class=\"markdown-alert markdown-alert-note\">"),
        "{html}"
    );
    assert!(html.contains("class=\"footnote-definition\""), "{html}");
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:5 class `toc` of `<div>` is removed from the page: it is one of pipebook's own"),
        "{found:?}"
    );
}

/// Nothing ends a `<plaintext>`: cleaning removed the element, but every tag after it,
/// to the end of the runbook, was text by then, and the page showed its own HTML
/// (`<h2 id="next">Next…`). Without cleaning it took in the theme's footer and scripts
/// too. The tag is left out.
#[test]
fn plaintext_does_not_show_the_rest_of_the_page_as_html() {
    let md = "# A\n\nText <plaintext> after\n\n## Next\n\nMore **bold**.\n";
    for (sanitize, said) in [
        ("", "`<plaintext>` is removed from the page"),
        (
            "sanitize_html: false\n",
            "raw HTML `<plaintext>` is left out",
        ),
    ] {
        let yaml = format!("{}{sanitize}", SITE.1);
        let site = site_of(&[("content/site.yaml", &yaml), ("content/runbooks/a.md", md)]);
        let out = build_ok(site.path());
        let html = article(site.path(), "a");
        assert!(html.contains("<h2 id=\"next\">"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(!html.contains("&lt;"), "{html}");
        let page = read(&site.path().join("public/runbooks/a/index.html"));
        assert!(!page.to_ascii_lowercase().contains("<plaintext"), "{page}");
        let found = problems(&stderr(&out));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(&format!("content/runbooks/a.md:3 {said}")),
            "{found:?}"
        );
    }
}

/// An image from another host is named as a tracking pixel; but cleaning removes an
/// `<img>`'s `srcset` (only a `<source>` may have one), a `<source>`'s `src`, and all a
/// `<template>` holds, so no browser loads those: they were named all the same. Named
/// now only when they stay, or when the site does not clean its HTML.
#[test]
fn images_that_cleaning_removes_are_not_said_to_be_loaded() {
    let removed = "# A\n\n<img src=\"ok.png\" srcset=\"https://one.example/p.png 2x\">\n\n\
<video><source src=\"https://two.example/v.mp4\"></video>\n\n\
Text <template><img src=\"https://three.example/p.png\"></template> more\n";
    let kept = "# B\n\n<picture><source srcset=\"https://four.example/p.png 1x\"><img src=\"ok.png\"></picture>\n";
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", removed),
        ("content/runbooks/b.md", kept),
        ("content/runbooks/ok.png", "png"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    for host in ["one.example", "two.example", "three.example"] {
        assert!(!err.contains(&format!("loaded from `{host}`")), "{err}");
    }
    assert!(err.contains("loaded from `four.example`"), "{err}");
    for host in ["one.example", "two.example", "three.example"] {
        assert!(!article(site.path(), "a").contains(host));
    }
    // Not cleaned, the `srcset` stays, and is named.
    let yaml = format!("{}sanitize_html: false\n", SITE.1);
    let site = site_of(&[
        ("content/site.yaml", &yaml),
        ("content/runbooks/a.md", removed),
        ("content/runbooks/ok.png", "png"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(err.contains("loaded from `one.example`"), "{err}");
}

/// A symbolic link `x.md` redirects its address to the runbook it points at. Beside a
/// folder `x/`, that address is the folder's page, and the build failed on "alias
/// `/runbooks/x/` … is the address of a page (content/runbooks/x/index.md)", said of the
/// folder's page, which has no alias, without a word of the link. A link to the folder's
/// own page now adds nothing and is said so; a link to another runbook is an error that
/// names the link, both runbooks and the fix.
#[cfg(unix)]
#[test]
fn a_link_beside_a_folder_of_the_same_name_is_named() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/x/index.md", "# X\n"),
        ("content/runbooks/w/one.md", "# W1\n"),
        ("content/runbooks/d.md", "# D\n"),
    ]);
    let dir = site.path().join("content/runbooks");
    std::os::unix::fs::symlink("x/index.md", dir.join("x.md")).unwrap();
    std::os::unix::fs::symlink("d.md", dir.join("e.md")).unwrap();
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(err.contains("`content/runbooks/x.md` is a symbolic link to the runbook `content/runbooks/x/index.md`, whose page is at `/runbooks/x/` already"), "{err}");
    assert!(err.contains("`content/runbooks/e.md` is a symbolic link to the runbook `content/runbooks/d.md`, which is published once, at its own address; its address `/runbooks/e/` redirects there"), "{err}");
    assert!(read(&site.path().join("public/_redirects")).contains("/runbooks/e/"));
    assert!(read(&site.path().join("public/runbooks/x/index.html")).contains(">X</h1>"));

    std::os::unix::fs::symlink("d.md", dir.join("w.md")).unwrap();
    std::fs::remove_file(dir.join("x.md")).unwrap();
    std::os::unix::fs::symlink("d.md", dir.join("x.md")).unwrap();
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: `content/runbooks/x.md` is a symbolic link to the runbook `content/runbooks/d.md`, but its address `/runbooks/x/` is the page of `content/runbooks/x/index.md`"), "{err}");
    assert!(err.contains("error: `content/runbooks/w.md` is a symbolic link to the runbook `content/runbooks/d.md`, but its address `/runbooks/w/` is the listing of the folder `content/runbooks/w/`"), "{err}");
    assert!(!err.contains("alias `"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}
