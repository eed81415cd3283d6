//! What runbook repositories written for GitHub and GitLab bring (session 61): the links
//! a README writes to its repository's own pages, its own files under an address the
//! forge leads to, and the table cells it lays out.

mod common;

use common::*;

/// A README's `../../issues`, `../../wiki` and `../../pulls/1` at the repository's root:
/// GitHub resolves a relative link from the file's view
/// (`{repository}/blob/{branch}/README.md`), so two steps above the root are the
/// repository's issues, wiki and pull requests, a common way to link to them without
/// naming the repository. On main each was kept as written, a warning said it "leads
/// outside the repository", and on the site it led to `/issues`, a page that does not
/// exist. Each is the repository's page now, with no warning, from the root and from a
/// folder below it. A climb that lands in a file view (`../x`: the branch `x`), GitLab
/// (whose links stop at the root) and a site without `repository` keep the warning. An
/// image so written (a workflow's badge, `../../actions/workflows/ci.yml/badge.svg`) loads
/// from GitHub, on the forge and on the site, and is reported as any image from another
/// host is, in Markdown and in raw HTML.
#[test]
fn a_readme_s_links_above_the_root_are_the_repository_s_pages_on_github() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nrepository: https://github.com/acme/ops\n",
        ),
        (
            "README.md",
            "# Ops\n\n[issues](../../issues) [wiki](../../wiki#faq) \
             [pull](../../pulls/1?tab=files) [branch](../x)\n",
        ),
        (
            "db/restore.md",
            "# Restore\n\n[new issue](../../../issues/new)\n",
        ),
    ]);
    let out = build_ok(site.path());
    let readme = article(site.path(), "");
    for (text, href) in [
        ("issues", "https://github.com/acme/ops/issues"),
        ("wiki", "https://github.com/acme/ops/wiki#faq"),
        ("pull", "https://github.com/acme/ops/pulls/1?tab=files"),
    ] {
        assert!(
            readme.contains(&format!("<a href=\"{href}\"")),
            "{text}: {readme}"
        );
    }
    assert!(
        article(site.path(), "db/restore")
            .contains("<a href=\"https://github.com/acme/ops/issues/new\""),
        "{}",
        article(site.path(), "db/restore")
    );
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.contains("warning: link `../x` leads outside the repository"),
        "{err}"
    );
    // A badge, in Markdown on one page and in raw HTML on another.
    let badge = "https://github.com/acme/ops/actions/workflows/ci.yml/badge.svg";
    for (md, line) in [
        (
            "# B\n\n![CI](../../actions/workflows/ci.yml/badge.svg)\n",
            3,
        ),
        (
            "# B\n\ntext\n\n<img alt=\"CI\" src=\"../../actions/workflows/ci.yml/badge.svg\">\n",
            5,
        ),
    ] {
        let site = site_of(&[
            (
                "content/site.yaml",
                "title: Ops\nrunbooks: .\nrepository: https://github.com/acme/ops\n",
            ),
            ("b.md", md),
        ]);
        let err = stderr(&build_ok(site.path()));
        assert!(
            article(site.path(), "b").contains(&format!("src=\"{badge}\"")),
            "{}",
            article(site.path(), "b")
        );
        assert!(
            err.contains(&format!(
                "warning: image `{badge}` is loaded from `github.com`"
            )) && err.contains(&format!("b.md:{line}:")),
            "{md}: {err}"
        );
    }
    // GitLab stops a climb at the root; no repository, no forge to lead to.
    for yaml in [
        "title: Ops\nrunbooks: .\nrepository: https://gitlab.com/acme/ops\n",
        "title: Ops\nrunbooks: .\n",
    ] {
        let site = site_of(&[
            ("content/site.yaml", yaml),
            ("README.md", "# Ops\n\n[issues](../../issues)\n"),
        ]);
        let err = stderr(&build_ok(site.path()));
        assert!(
            err.contains("warning: link `../../issues` leads outside the repository"),
            "{yaml}: {err}"
        );
    }
}

/// The repository's own files under the addresses GitHub leads to them from:
/// `http://github.com/…` (written before GitHub was https only) and
/// `https://www.github.com/…` (rook-docs and sourcegraph-handbook write both for their
/// repositories), and a raw SVG with `?sanitize=true` (what READMEs were told to add when
/// GitHub served raw SVG as text; the raw host ignores it now). On main each stayed an
/// address on GitHub while the same link in its `https://github.com/` form was the site's
/// page or copy: a reader left the site for the forge, a dead anchor went unreported, and
/// the image was loaded from GitHub with a warning to copy it into the repository, where it
/// was. Each is the site's now; another repository and another host keep their address.
#[test]
fn the_repository_s_files_under_http_and_www_addresses_are_the_site_s() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"10\">\
               <rect width=\"30\" height=\"10\"/></svg>";
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: docs\nrepository: https://github.com/acme/ops\n\
             broken_links: warning\n",
        ),
        (
            "docs/a.md",
            "# A\n\n\
             [http](http://github.com/acme/ops/blob/main/docs/b.md#steps) \
             [www](https://www.github.com/acme/ops/blob/main/docs/b.md) \
             [both](http://WWW.github.com/acme/ops/tree/main/docs) \
             [dead](https://www.github.com/acme/ops/blob/main/docs/b.md#nope) \
             [fork](http://github.com/fork/ops/blob/main/docs/b.md) \
             [lab](http://gitlab.com/acme/ops/blob/main/docs/b.md)\n\n\
             ![raw](https://raw.githubusercontent.com/acme/ops/main/docs/i.svg?sanitize=true)\n\
             ![path](https://github.com/acme/ops/raw/main/docs/i.svg?sanitize=true)\n",
        ),
        ("docs/b.md", "# B\n\n## Steps\n"),
        ("docs/i.svg", svg),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("http", "/runbooks/b/#steps"),
        ("www", "/runbooks/b/"),
        ("both", "/runbooks/"),
        ("dead", "/runbooks/b/#nope"),
        ("fork", "http://github.com/fork/ops/blob/main/docs/b.md"),
        ("lab", "http://gitlab.com/acme/ops/blob/main/docs/b.md"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\"")) && html.contains(&format!(">{text}</a>")),
            "{text}: {html}"
        );
    }
    for alt in ["raw", "path"] {
        assert!(
            html.contains(&format!("<img src=\"/runbooks/i.svg\" alt=\"{alt}\"")),
            "{alt}: {html}"
        );
    }
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.contains("points to #nope") && err.contains("docs/a.md:3:"),
        "{err}"
    );
}

/// A raw HTML table's `valign` and `width` on `<td>` and `<th>` (a README's side-by-side
/// columns: `<td valign="top" width="50%">`), which GitHub and GitLab keep. On main they
/// were removed with a warning in every such README, and the columns lost their layout.
/// They are kept now, with no warning; `height` is still removed (a cell 100,000 pixels
/// high hides what follows it, as `<hr size>` would).
#[test]
fn table_cells_keep_valign_and_width_as_the_forges_do() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/a.md",
            "# A\n\n<table><tr><th valign=\"bottom\" width=\"30%\">h</th>\
             <td valign=\"top\" width=\"50%\">x</td><td width=\"200\">y</td></tr></table>\n\n\
             <table><tr><td height=\"100000\">z</td></tr></table>\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    for cell in [
        "<th valign=\"bottom\" width=\"30%\">h</th>",
        "<td valign=\"top\" width=\"50%\">x</td>",
        "<td width=\"200\">y</td>",
        "<td>z</td>",
    ] {
        assert!(html.contains(cell), "{cell}: {html}");
    }
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.contains("attribute `height` of `<td>` is removed"),
        "{err}"
    );
}

/// The footer's "Repository" link for a repository given as its clone address
/// (`https://github.com/acme/ops.git/`, what `git remote -v` prints): on main the footer
/// showed it as written, while every link to the repository's files already named its web
/// view (`https://github.com/acme/ops/blob/…`); the forges redirect it, another host need
/// not. The footer names the web view now, as the links do.
#[test]
fn the_footer_names_the_repository_s_web_view_not_its_clone_address() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrepository: https://github.com/acme/ops.git/\n",
        ),
        ("content/runbooks/a.md", "# A\n"),
    ]);
    build_ok(site.path());
    for page in ["index.html", "runbooks/a/index.html"] {
        let html = read(&site.path().join("public").join(page));
        assert!(
            html.contains("<a href=\"https://github.com/acme/ops\">Repository</a>"),
            "{page}: {html}"
        );
        assert!(!html.contains("ops.git"), "{page}");
    }
}
