//! What runbook repositories written for GitHub and GitLab bring (session 57): titles
//! written in front matter with the forges' emoji shortcodes, `[^a b]`, which GitHub
//! reads as no footnote, and files saved with a byte order mark.

mod common;

use common::*;

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nrunbooks: .\nbroken_links: error\n",
);

/// `title: ":rocket: Deploy"` in front matter: the same words as a `#` heading show
/// "🚀 Deploy" (heading, `<title>`, listings, search), so a page titled in its front
/// matter showed ":rocket: Deploy" on main, in all of those, beside pages showing the
/// emoji. Both read "🚀 Deploy" now.
#[test]
fn a_front_matter_title_shows_its_shortcodes_as_a_heading_does() {
    let site = site_of(&[
        SITE,
        (
            "deploy.md",
            "---\ntitle: \":rocket: Deploy\"\n---\n\nText.\n",
        ),
        ("release.md", "# :rocket: Release\n\nText.\n"),
        // A name no forge knows, and one run into digits, stay as written, as in a heading.
        (
            "kept.md",
            "---\ntitle: \"At 12:30:00 :no_such_emoji: go\"\n---\n\nText.\n",
        ),
    ]);
    build_ok(site.path());
    let page = |slug: &str| {
        read(
            &site
                .path()
                .join(format!("public/runbooks/{slug}/index.html")),
        )
    };
    let deploy = page("deploy");
    assert!(
        deploy.contains("<title>🚀 Deploy · Ops</title>"),
        "{deploy}"
    );
    assert!(deploy.contains(">🚀 Deploy</h1>"), "{deploy}");
    assert!(!deploy.contains(":rocket:"), "{deploy}");
    // As the heading's title reads.
    assert!(page("release").contains("<title>🚀 Release · Ops</title>"));
    let kept = page("kept");
    assert!(
        kept.contains("<title>At 12:30:00 :no_such_emoji: go · Ops</title>"),
        "{kept}"
    );
    let listing = read(&site.path().join("public/runbooks/index.html"));
    assert!(listing.contains("🚀 Deploy"), "{listing}");
    assert!(!listing.contains(":rocket: Deploy"), "{listing}");
    let meta = read(&site.path().join("public/search/meta.json"));
    assert!(meta.contains("🚀 Deploy"), "{meta}");
    assert!(!meta.contains(":rocket:"), "{meta}");
}

/// A front matter title shown with emoji is still told of at its `title:` line: two pages
/// alike (`title: ":rocket: Deploy"`, `# 🚀 Deploy`) were not warned of on main, their
/// titles differing as written; now they read the same, and the warning names the front
/// matter's line, not "made from the file name".
#[test]
fn a_front_matter_title_with_emoji_is_located_at_its_line() {
    let site = site_of(&[
        SITE,
        (
            "deploy.md",
            "---\ntitle: \":rocket: Deploy\"\n---\n\nText.\n",
        ),
        ("other.md", "# 🚀 Deploy\n\nOther.\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(err.contains("deploy.md:2"), "{err}");
    assert!(err.contains("other.md:1"), "{err}");
    assert!(!err.contains("file name"), "{err}");
}

/// `[^a b]: https://example.com`: GitHub's footnote labels hold no space (cmark-gfm
/// 0.29.0.gfm.13), so there it is a link reference definition, shown nowhere, each
/// `[^a b]` (and `[t][^a  B]`) a link to it reading "^a b", and `[^x y]: some words` a
/// paragraph with `[^x y]` as text. On main the site showed footnotes for both (a
/// footnotes section holding "https://example.com" and "some words here", and numbered
/// references) with a warning. Now it reads them as GitHub does: the article below is
/// cmarkgfm's reading but for pipebook's own footnote markup; code keeps `[^a b]` as
/// written, and offsets do not move (the broken link is told at its line).
#[test]
fn a_footnote_label_with_a_space_is_read_as_github_reads_it() {
    let site = site_of(&[
        SITE,
        (
            "spaced.md",
            "# Spaced\n\nSee [^a b] and [^c] and [^no def] and `[^a b]`.\n\n[^a b]: https://example.com\n\n[^c]: fine\n\n[^x y]: some words here\n\nAlso [^x y] and [t][^A  B].\n\n```\n[^a b]\n```\n\n[Broken](#nowhere)\n",
        ),
    ]);
    let o = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("spaced.md:17:1"), "{err}");
    assert!(err.contains("spaced.md:5:1"), "{err}");
    assert!(
        err.contains("GitHub reads no footnote there but a link reference definition"),
        "{err}"
    );
    edit(site.path(), "spaced.md", "(#nowhere)", "(#spaced)");
    build_ok(site.path());
    let page = article(site.path(), "spaced");
    for shown in [
        "<p>See <a href=\"https://example.com\">^a b</a> and <sup class=\"footnote-reference\"><a href=\"#fn-c\" id=\"fnref-c\">1</a></sup> and [^no def] and <code>[^a b]</code>.</p>",
        "<p>[^x y]: some words here</p>",
        "<p>Also [^x y] and <a href=\"https://example.com\">t</a>.</p>",
        "<pre><code>[^a b]\n</code></pre>",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    // One footnote, `[^c]`'s.
    assert_eq!(
        page.matches("footnote-definition-label").count(),
        1,
        "{page}"
    );
    assert!(!page.contains("fn-a"), "{page}");
}

/// A runbook saved "UTF-8 with BOM" (Notepad, Visual Studio), `U+FEFF# Deploy`: GitHub
/// and GitLab read past the mark, so the file opens with its heading. On main the mark was
/// the first character of the body: `# Deploy` showed as a paragraph reading "# Deploy",
/// the page was titled "Deploy-app" from its file's name, and a link to `#deploy` was a
/// broken link that failed the build. Now the heading is the page's title and its anchor,
/// with CRLF line ends too; a file with front matter after the mark was read so already.
#[test]
fn a_byte_order_mark_opens_no_text() {
    let site = site_of(&[
        SITE,
        (
            "deploy-app.md",
            "\u{feff}# Deploy\r\n\r\n## Roll back\r\n\r\nText.\r\n",
        ),
        ("plain.md", "\u{feff}Just text.\n"),
        (
            "links.md",
            "# Links\n\n[Deploy](deploy-app.md#deploy), [back](deploy-app.md#roll-back).\n",
        ),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/deploy-app/index.html"));
    assert!(page.contains("<title>Deploy · Ops</title>"), "{page}");
    assert!(page.contains("<h1 id=\"deploy\">Deploy</h1>"), "{page}");
    assert!(!page.contains("# Deploy"), "{page}");
    assert!(!page.contains('\u{feff}'), "{page}");
    let plain = article(site.path(), "plain");
    assert!(plain.contains("<p>Just text.</p>"), "{plain}");
}

/// `description: ":warning: Production only"`: the page's lead, its folder listing and
/// its search summary showed ":warning:" on main, where the same words in the text show
/// "⚠️"; now they show the emoji too.
#[test]
fn a_front_matter_description_shows_its_shortcodes_as_the_text_does() {
    let site = site_of(&[
        SITE,
        (
            "deploy.md",
            "---\ndescription: \":warning: Production only\"\n---\n\n# Deploy\n\nText.\n",
        ),
    ]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/deploy/index.html"));
    assert!(
        page.contains("<p class=\"lead\">⚠️ Production only</p>"),
        "{page}"
    );
    let listing = read(&site.path().join("public/runbooks/index.html"));
    assert!(listing.contains("⚠️ Production only"), "{listing}");
    let entry = search_entry(site.path(), "/runbooks/deploy/");
    assert!(entry.contains("⚠️ Production only"), "{entry}");
    for text in [&page, &listing, &entry] {
        assert!(!text.contains(":warning:"), "{text}");
    }
}
