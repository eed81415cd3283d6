//! Foreign runbooks read as their authors meant (session 26, leftovers of session 25):
//! raw `<img>`s of the site's own without their size, and an interactive SVG beside the
//! runbooks that stopped the whole build. Each test failed on main (ec37b75).

mod common;

use common::{article, build_ok, pipebook, png, problems, read, site_of, stderr, OPS_SITE};

/// The `<img …>` tags of `html` whose `alt` is `alt`.
fn imgs<'h>(html: &'h str, alt: &str) -> Vec<&'h str> {
    let alt = format!("alt=\"{alt}\"");
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .filter(|tag| tag.contains(&alt))
        .collect()
}

/// A raw `<img src>` of an image beside the runbooks gets the width and height of its
/// file, as `![]()` does, so that the page does not shift as it loads: both when the
/// author set neither, the other in proportion when the author set one in pixels, none
/// when the author set a percentage or both. Remote images and `<source>`s are untouched.
#[test]
fn raw_images_of_the_site_get_their_size() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/db/disk.md",
            concat!(
                "# Disk\n\n",
                "<p align=\"center\">\n  <img src=\"flow.png\" alt=\"none\">\n</p>\n\n",
                "Inline <img src=\"./flow.png\" alt=\"wide\" width=\"320\"> and ",
                "<img alt=\"tall\" height=240 src=flow.png>.\n\n",
                "<img src=\"flow.png\" alt=\"share\" width=\"50%\">\n",
                "<img src=\"flow.png\" alt=\"both\" width=\"10\" height=\"10\">\n",
                "<img src=\"https://img.example/r.png\" alt=\"remote\">\n",
                "<img src=\"odd.png\" alt=\"odd\">\n",
            ),
        ),
    ]);
    let dir = site.path().join("content/runbooks/db");
    std::fs::write(dir.join("flow.png"), png(640, 480)).unwrap();
    std::fs::write(dir.join("odd.png"), b"not an image").unwrap();
    build_ok(site.path());
    let html = article(site.path(), "db/disk");
    for (alt, has, lacks) in [
        ("none", &["width=\"640\"", "height=\"480\""][..], &[][..]),
        ("wide", &["width=\"320\"", "height=\"240\""], &[]),
        ("tall", &["height=\"240\"", "width=\"320\""], &[]),
        ("share", &["width=\"50%\""], &["height="]),
        ("both", &["width=\"10\"", "height=\"10\""], &["640", "480"]),
        ("remote", &[], &["width=", "height="]),
        ("odd", &[], &["width=", "height="]),
    ] {
        let tags = imgs(&html, alt);
        assert_eq!(tags.len(), 1, "{alt}: {html}");
        for a in has {
            assert!(tags[0].contains(a), "{alt}: {a} in {}", tags[0]);
        }
        for a in lacks {
            assert!(!tags[0].contains(a), "{alt}: no {a} in {}", tags[0]);
        }
        assert_eq!(
            tags[0].matches("width=").count(),
            usize::from(!lacks.contains(&"width="))
        );
    }
    assert!(
        imgs(&html, "none")[0].contains("src=\"/runbooks/db/flow.png\""),
        "{html}"
    );
}

const SCRIPTED: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect width=\"10\" height=\"10\"/>\n  <script>alert(document.domain)</script>\n</svg>\n";

/// An SVG that could run script (a flame graph's zoom, a handler, HTML in a
/// `<foreignObject>`) stopped the whole build with an error. Now, as the forges and
/// mature generators treat one bad file, it is left out with a warning at its line, each
/// link to it is reported at its own line, and the rest of the site builds; no script is
/// ever served from the site.
#[test]
fn an_svg_with_script_is_left_out_and_the_rest_builds() {
    for (svg, line, why) in [
        (SCRIPTED, 3, "it holds a `<script>` element"),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\n onload=\"init(evt)\">\n</svg>\n",
            1,
            "`<svg>` has an event handler `onload`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></g></svg>",
            3,
            "it holds a `<foreignobject>` element",
        ),
    ] {
        let site = site_of(&[
            OPS_SITE,
            (
                "content/runbooks/db/disk.md",
                "# Disk\n\nSee the flow:\n\n![Flow](flow.svg)\n\n<img src=\"flow.svg\" alt=\"raw\">\n",
            ),
            ("content/runbooks/db/flow.svg", svg),
            ("content/runbooks/other.md", "# Other\n\nFine.\n"),
        ]);
        let root = site.path();
        let out = build_ok(root);
        let err = stderr(&out);
        let at = format!("content/runbooks/db/flow.svg:{line}:");
        assert!(
            err.contains(&format!("warning: `content/runbooks/db/flow.svg` is not published: {why}")),
            "{err}"
        );
        assert!(err.contains(&at), "{at}: {err}");
        assert!(!err.contains("error:"), "{err}");
        let found = problems(&err);
        for line in [5, 7] {
            let want = format!("content/runbooks/db/disk.md:{line} link `flow.svg`");
            assert!(found.iter().any(|p| p.starts_with(&want)), "{want}: {err}");
        }
        let public = root.join("public");
        assert!(!public.join("runbooks/db/flow.svg").exists());
        assert!(public.join("runbooks/other/index.html").is_file());
        assert!(article(root, "db/disk").contains("See the flow"));
        // A gate that takes warnings as failures still fails.
        let strict = pipebook(&["build", "--root", root.to_str().unwrap(), "--deny-warnings"]);
        assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    }
}

/// With the repository known, a link to the SVG left out leads to the forge's view of the
/// file, which shows it without running its script.
#[test]
fn a_left_out_svg_is_linked_on_the_forge() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\nbranch: main\n",
        ),
        ("content/runbooks/disk.md", "# Disk\n\n[The flame graph](flame.svg)\n"),
        ("content/runbooks/flame.svg", SCRIPTED),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "disk");
    assert!(
        html.contains("href=\"https://github.com/org/ops/blob/main/content/runbooks/flame.svg\""),
        "{html}"
    );
}

/// Docusaurus' `unlisted: true`, Hugo's `build: {list: never}` and jekyll-sitemap's
/// `sitemap: false` kept a page out of its generator's lists; pipebook listed, searched
/// and mapped such pages without a word. Session 26 warned at each; session 28 honours
/// them (see tests/ui28.rs), so none is warned about.
#[test]
fn keys_that_hid_a_page_from_lists_are_honoured_not_warned() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/a.md",
            "---\ntitle: Internal\nunlisted: true\n---\n\nText.\n",
        ),
        (
            "content/runbooks/b.md",
            "---\ntitle: Hugo\nbuild:\n  list: never\n  render: always\n---\n\nText.\n",
        ),
        (
            "content/runbooks/c.md",
            "---\ntitle: Jekyll\nsitemap: \"false\"\n---\n\nText.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(problems(&err).is_empty(), "{err}");
    let page = |slug: &str| {
        read(
            &site
                .path()
                .join(format!("public/runbooks/{slug}/index.html")),
        )
    };
    for slug in ["a", "b"] {
        assert!(page(slug).contains(">Unlisted</strong>"), "{slug}");
    }
    assert!(!page("c").contains(">Unlisted</strong>"));
}
