//! Runbooks written for GitHub and GitLab read on the site as on the forge (session 33's
//! survey of the forges' Markdown). Each test failed on main b261213.

mod common;

use common::{build_ok, problems, site_of, stderr};

/// A web or mail address written bare in a heading is a link on GitHub (cmark-gfm links
/// the text of headings as of any other block) and was plain text on the site. It is a
/// link now, in `##` headings, underlined ones and the page's title, while the heading's
/// id is still made from its text (links written for GitHub's anchor land) and the table
/// of contents, itself links, shows the address as text.
#[test]
fn addresses_in_headings_are_links_and_keep_the_heading_id() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/heads.md",
            "# Status at https://status.ops.example\n\n\
             [to mail](#ask-oncallopsexample) [to setext](#setext-wwwopsexample)\n\n\
             ## Ask oncall@ops.example\n\n\
             Setext www.ops.example\n\
             ---\n\n\
             ### Not `https://code.example` nor [text https://x.example](https://x.example/a)\n",
        ),
        (
            "content/runbooks/deceptive.md",
            "# Deceptive\n\n## Log in at https://grafana.ops.example@evil.example/ now\n",
        ),
    ]);
    let out = build_ok(site.path());
    // Checked as any link: a host shown before an `@` is warned of, in a heading too.
    let found = problems(&stderr(&out));
    assert!(
        found.len() == 1
            && found[0].starts_with("content/runbooks/deceptive.md:3 ")
            && found[0].contains("before an `@`"),
        "{found:?}"
    );
    let page = common::read(&site.path().join("public/runbooks/heads/index.html"));
    for link in [
        "<h1 id=\"status-at-httpsstatusopsexample\">Status at <a class=\"bare\" href=\"https://status.ops.example\">",
        // A heading's long words (in code and links too) break after a `.` (html::wbr), as
        // a table cell's do.
        "<h2 id=\"ask-oncallopsexample\">Ask <a href=\"mailto:oncall@ops.example\">oncall@ops.<wbr>example</a>",
        "<h2 id=\"setext-wwwopsexample\">Setext <a href=\"http://www.ops.example\">www.ops.example</a>",
        "<code>https://code.<wbr>example</code>",
        "<a href=\"https://x.example/a\">text https://x.<wbr>example</a>",
    ] {
        assert!(page.contains(link), "{link} in {page}");
    }
    assert!(
        page.contains("<a href=\"#ask-oncallopsexample\">Ask oncall@ops.<wbr>example</a>"),
        "the table of contents: {page}"
    );
}

/// GitHub shows a heading's emoji shortcodes as emoji and makes its id from the text as
/// written (`## :desert_island: Installation` is `#desert_island-installation`, as GitHub
/// staff describe it in github/markup#1231). The site showed `:desert_island:`; it shows
/// the emoji now, with the same id, in the heading, the title and the table of contents.
/// Code and raw HTML in a heading keep theirs as written.
#[test]
fn shortcodes_in_headings_show_emoji_and_keep_the_written_id() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/emoji.md",
            "# Deploy :rocket:\n\n\
             [install](#desert_island-installation) [code](#the-warning-flag)\n\n\
             ## :desert_island: Installation\n\n\
             ## The `:warning:` flag\n\n\
             ## Raw <sub>:x:</sub> stays\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = common::read(&site.path().join("public/runbooks/emoji/index.html"));
    for shown in [
        "<h1 id=\"deploy-rocket\">Deploy 🚀</h1>",
        "<h2 id=\"desert_island-installation\">🏝\u{fe0f} Installation</h2>",
        "<a href=\"#desert_island-installation\">🏝\u{fe0f} Installation</a>",
        "<code>:warning:</code>",
        "Raw <sub>:x:</sub> stays",
        "<title>Deploy 🚀",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    let found = problems(&stderr(&out));
    assert!(found.is_empty(), "{found:?}");
}

/// GitLab sizes an image written `![x](a.png){width=300}` (`width` and `height`, in pixels,
/// `px` or `%`: GitLab's merge request 104904); GitHub shows the braces as text. The site
/// showed `{width=300}` after the image, with no word; it sizes the image now as GitLab
/// does (the other side in proportion to the file, as for `<img width>`). Braces holding
/// anything else, or a number past five digits, stay as written.
#[test]
fn gitlab_image_sizes_set_the_image_s_size() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/img.md",
            "# Images\n\n\
             ![a](p.png){width=20} then\n\n\
             ![b](p.png){ width=75% }\n\n\
             ![c](p.png){height=5px width=30}\n\n\
             ![d](p.png){width=10 onclick=x}\n\n\
             ![e](p.png){width=999999}\n\n\
             Text {width=5} alone.\n",
        ),
    ]);
    std::fs::write(
        site.path().join("content/runbooks/p.png"),
        common::png(40, 20),
    )
    .unwrap();
    let out = build_ok(site.path());
    let page = common::article(site.path(), "img");
    for shown in [
        "alt=\"a\" width=\"20\" height=\"10\" /></a> then",
        "alt=\"b\" width=\"75%\" /></a>",
        "alt=\"c\" width=\"30\" height=\"5\" /></a>",
        "alt=\"d\" width=\"40\" height=\"20\" /></a>{width=10 onclick=x}",
        "alt=\"e\" width=\"40\" height=\"20\" /></a>{width=999999}",
        "Text {width=5} alone.",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    let found = problems(&stderr(&out));
    assert!(found.is_empty(), "{found:?}");
}

/// GitLab fills `::include{file=other.md}` (on a line of its own, in repository files) in
/// with the file; pipebook, like GitHub, shows the line as written. Nothing was said, and
/// the reader missed the included text; now a warning names the line and the way out.
#[test]
fn a_gitlab_include_is_warned_at_its_line() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/inc.md",
            "# Include\n\nFirst.\n\n::include{file=shared/contacts.md}\n",
        ),
        (
            "content/runbooks/shared/contacts.md",
            "# Contacts\n\nAnn.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/runbooks/inc.md:5 `::include{file=shared/contacts.md}` is GitLab's include"
        ),
        "{found:?}"
    );
    let err = stderr(&out);
    assert!(err.contains("[contacts](shared/contacts.md)"), "{err}");
}
