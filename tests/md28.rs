//! Runbook repositories written for GitHub and GitLab, and the files beside them
//! (session 28): images of SVGs left out, draw.io and Inkscape exports, files that are not
//! runbooks, a CODEOWNERS pipebook did not write. Each test failed on main (53a4b3b).

mod common;

use common::{article, build_ok, read, site_of, stderr};

const FORGE_SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\nbranch: main\n",
);

const SCRIPTED: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect width=\"10\" height=\"10\"/>\n  <script>alert(document.domain)</script>\n</svg>\n";

/// An image of an SVG left out was a broken image (its address the forge's web page of
/// the file, or nothing). The page now shows its description and a note naming the file,
/// why, and the repository's copy; a raw `<img>` the same. The file's name, the
/// description and the forge's address are the author's: none of them writes markup.
#[test]
fn an_image_of_a_left_out_svg_shows_its_description_and_why() {
    let runbook = concat!(
        "# Disk\n\n",
        "![The *flow* <b>x</b>](flow.svg)\n\n",
        "<p><img src=\"flow.svg\" alt=\"raw &lt;script&gt;\"></p>\n\n",
        "![Named](x%26lt;b.svg)\n\n",
        "[![Linked](flow.svg)](other.md)\n",
    );
    for forge in [true, false] {
        let site_yaml = if forge {
            FORGE_SITE
        } else {
            (
                "content/site.yaml",
                "title: Ops\nbase_url: https://ops.example/\n",
            )
        };
        let site = site_of(&[
            site_yaml,
            ("content/runbooks/disk.md", runbook),
            ("content/runbooks/other.md", "# Other\n"),
            ("content/runbooks/flow.svg", SCRIPTED),
            ("content/runbooks/x&lt;b.svg", SCRIPTED),
        ]);
        let out = build_ok(site.path());
        let html = article(site.path(), "disk");
        assert!(!html.contains("flow.svg\"") || forge, "{html}");
        assert!(!html.contains("<img"), "{html}");
        let copy = if forge {
            "<a href=\"https://github.com/org/ops/blob/main/content/runbooks/flow.svg\">the repository's copy</a>"
        } else {
            "the repository's copy"
        };
        let note = format!(" <small class=\"image-left-out\">(image flow.svg not shown: it could run script; {copy})</small>");
        assert!(
            html.contains(&format!("The <em>flow</em> <b>x</b>{note}")),
            "{html}"
        );
        assert!(
            html.contains(&format!("raw &lt;script&gt;{note}")),
            "{html}"
        );
        assert!(html.contains("(image x&amp;lt;b.svg not shown"), "{html}");
        // Inside a link, the note links nowhere else.
        assert!(
            html.contains("Linked <small class=\"image-left-out\">(image flow.svg not shown: it could run script; the repository's copy)</small></a>"),
            "{html}"
        );
        assert!(stderr(&out).contains("`content/runbooks/flow.svg` is not published"));
    }
}

/// A draw.io export (labels as HTML in `<foreignObject>` inside `<switch>`, with a `<text>`
/// fallback; this one is kubesphere's `static/svg/version.svg`) and an Inkscape file
/// (`sodipodi:namedview`, `<metadata>`) were left out. A copy with those parts cut is
/// published, and passes the same check; a script anywhere still keeps the file out.
#[test]
fn drawio_and_inkscape_exports_are_published_cleaned() {
    let drawio =
        read(&common::repo().join("tests/corpora/kubesphere-runbooks/tree/static/svg/version.svg"));
    let inkscape = concat!(
        "<?xml version=\"1.0\"?>\n",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" viewBox=\"0 0 10 10\" sodipodi:docname=\"flow.svg\">\n",
        "  <sodipodi:namedview id=\"base\" inkscape:zoom=\"1\"><inkscape:grid type=\"xygrid\"/></sodipodi:namedview>\n",
        "  <metadata><rdf:RDF/></metadata>\n",
        "  <g inkscape:label=\"Layer 1\" inkscape:groupmode=\"layer\"><rect width=\"10\" height=\"10\"/></g>\n",
        "</svg>\n",
    );
    let scripted_drawio = drawio.replace("<defs/>", "<defs/><script>alert(1)</script>");
    let site = site_of(&[
        FORGE_SITE,
        (
            "content/runbooks/disk.md",
            "# Disk\n\n![Version](version.svg) ![Flow](flow.svg) ![Bad](bad.svg)\n",
        ),
        ("content/runbooks/version.svg", &drawio),
        ("content/runbooks/flow.svg", inkscape),
        ("content/runbooks/bad.svg", &scripted_drawio),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let public = site.path().join("public/runbooks");
    let version = read(&public.join("version.svg"));
    assert!(
        !version.contains("foreignObject") && !version.contains("xhtml"),
        "{version}"
    );
    assert!(version.contains(">V</text></switch>"), "{version}");
    assert!(
        version.contains("mxfile"),
        "the rest is the file's own: {version}"
    );
    let flow = read(&public.join("flow.svg"));
    assert!(
        !flow.contains("namedview") && !flow.contains("rdf:RDF"),
        "{flow}"
    );
    assert!(
        flow.contains("<rect width=\"10\" height=\"10\"/>"),
        "{flow}"
    );
    assert!(
        !err.contains("version.svg") && !err.contains("flow.svg"),
        "{err}"
    );
    // The script, not the labels, is named, at its own line.
    assert!(!public.join("bad.svg").exists());
    assert!(
        err.contains("`content/runbooks/bad.svg` is not published: it holds a `<script>` element"),
        "{err}"
    );
    let html = article(site.path(), "disk");
    assert!(html.contains("src=\"/runbooks/version.svg\""), "{html}");
    assert!(html.contains("(image bad.svg not shown"), "{html}");
}

/// A runbook folder of a docs site (`runbooks: .`) holds its generator's files: a stray
/// `.html` or `.js` stopped the build, `node_modules/` was walked file by file (its
/// Markdown published as runbooks), and Middleman's `*.html.md.erb` was copied as is.
/// Now pages and scripts are left out with one warning each, dependency folders are not
/// walked, and a template is left out with a warning that pipebook does not run it.
#[test]
fn files_that_are_not_runbooks_beside_runbooks() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrunbooks: .\n",
        ),
        ("disk.md", "# Disk\n\nFine.\n"),
        ("layout.html", "<script>alert(1)</script>\n"),
        ("assets/app.js", "alert(1)\n"),
        ("source/restart.html.md.erb", "# <%= title %>\n"),
        ("node_modules/left-pad/README.md", "# left-pad\n"),
        ("node_modules/left-pad/index.js", "module.exports = 1;\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let public = site.path().join("public");
    for file in ["layout.html", "assets/app.js"] {
        assert_eq!(
            err.matches(&format!("`{file}` is")).count(),
            1,
            "{file}: {err}"
        );
        assert!(!public.join("runbooks").join(file).exists(), "{file}");
    }
    assert!(err.contains("could run script"), "{err}");
    assert!(
        err.contains("`source/restart.html.md.erb` is a template (ERB) that pipebook does not run"),
        "{err}"
    );
    assert!(!public.join("runbooks/source/restart.html.md.erb").exists());
    assert!(!err.contains("node_modules"), "{err}");
    assert!(!public.join("runbooks/node_modules").exists());
    assert!(public.join("runbooks/disk/index.html").is_file());
}

/// A repository's own CODEOWNERS (`* @org/sre`) failed every build as "out of date" with
/// ownership data that names no GitHub handle at all. Such a file is now checked only
/// once some engineer has a `github` handle; one that pipebook wrote always is.
#[test]
fn a_codeowners_pipebook_did_not_write_is_checked_only_with_handles() {
    let site = common::example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let with_handles = read(&team);
    let without: String = with_handles
        .lines()
        .filter(|l| !l.trim_start().starts_with("github:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&team, &without).unwrap();
    std::fs::write(root.join("CODEOWNERS"), "* @org/sre\n").unwrap();
    let out = build_ok(root);
    assert!(!stderr(&out).contains("CODEOWNERS"), "{}", stderr(&out));
    // Pipebook's own file is still checked without handles.
    std::fs::write(
        root.join("CODEOWNERS"),
        "# Generated by `pipebook codeowners` from content/team.yaml and content/pipelines.yaml.\n* @someone\n",
    )
    .unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("CODEOWNERS is out of date"),
        "{}",
        stderr(&out)
    );
    // With a handle, a hand-written file is checked.
    std::fs::write(root.join("CODEOWNERS"), "* @org/sre\n").unwrap();
    std::fs::write(&team, &with_handles).unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("CODEOWNERS is out of date"),
        "{}",
        stderr(&out)
    );
}
