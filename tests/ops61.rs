//! What runbook repositories written for GitHub and GitLab bring (session 61): the links
//! a README writes to its repository's own pages, its own files under an address the
//! forge leads to, and the table cells it lays out.

mod common;

use common::*;

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
