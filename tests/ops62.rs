//! What runbook repositories written for GitHub and GitLab bring (session 62): files
//! named from the repository's root outside the runbook folder, raw links under
//! `http://`, climbs into the owner's other repositories, and table cells of any width.

mod common;

use common::*;

/// `/images/flow.png` from `docs/a.md` (aws-customer-playbook-framework writes its 51
/// images so): GitHub reads `/` as the repository's root, so it is `images/flow.png`, as
/// `../images/flow.png` is. On main it was kept as a site path that led nowhere (51
/// broken images in that corpus, each a warning that it "leads outside the site"); now it
/// is the repository's file, said not to be published, as the relative form is, and a
/// link so written opens the file on the forge. A path the repository does not hold, and
/// one of the site's own, stay site paths.
#[test]
fn a_path_from_the_root_outside_the_runbook_folder_is_the_repository_s_file() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: docs\nrepository: https://github.com/acme/ops\n\
             broken_links: warning\n",
        ),
        (
            "docs/a.md",
            "# A\n\n![flow](/images/flow.png)\n\n[script](/scripts/x.sh) \
             [gone](/images/gone.png) [oncall](/oncall/)\n",
        ),
        ("images/flow.png", "png"),
        ("scripts/x.sh", "echo\n"),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    let err = stderr(&out);
    assert!(!html.contains("src=\"/images/flow.png\""), "{html}");
    assert!(
        err.contains("image or media `/images/flow.png` is `images/flow.png`, a file of the repository that the site does not publish")
            && err.contains("docs/a.md:3:"),
        "{err}"
    );
    assert!(
        html.contains("<a href=\"https://github.com/acme/ops/blob/HEAD/scripts/x.sh\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"/images/gone.png\""), "{html}");
    assert!(html.contains("<a href=\"/oncall/\""), "{html}");
    assert!(
        err.contains("link `/images/gone.png` leads to no page of this site"),
        "{err}"
    );
    assert_eq!(err.matches("warning: ").count(), 2, "{err}");
}

/// `http://raw.githubusercontent.com/acme/ops/main/docs/i.svg` (the raw host redirects
/// it to `https://`): on main the `https://` form was the site's copy, and this one was
/// loaded from GitHub with a warning to copy the image into the repository, where it was.
#[test]
fn an_http_raw_address_of_the_repository_s_file_is_the_site_s_copy() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"10\">\
               <rect width=\"30\" height=\"10\"/></svg>";
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: docs\nrepository: https://github.com/acme/ops\n",
        ),
        (
            "docs/a.md",
            "# A\n\n![http](http://raw.githubusercontent.com/acme/ops/main/docs/i.svg)\n\n\
             ![other](http://raw.githubusercontent.com/acme/other/main/docs/i.svg)\n",
        ),
        ("docs/i.svg", svg),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    assert!(
        html.contains("<img src=\"/runbooks/i.svg\" alt=\"http\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"http://raw.githubusercontent.com/acme/other/main/docs/i.svg\""),
        "{html}"
    );
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.contains("acme/other/main/docs/i.svg") && err.contains("docs/a.md:5:"),
        "{err}"
    );
}

/// `../../../other-repo/blob/main/x.md` from a root README: GitHub resolves it from the
/// file's view (`{repository}/blob/{branch}/README.md`), so three steps up are the
/// owner's repositories, and it is `https://github.com/acme/other-repo/blob/main/x.md`.
/// On main it stayed as written with a warning that it "leads outside the repository",
/// and on the site it led to `/other-repo/…`, nowhere. Another owner (four steps up), the
/// owner's own page and GitLab (which stops at the root) keep the warning.
#[test]
fn a_climb_into_another_repository_of_the_owner_goes_there_on_github() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nrepository: https://github.com/acme/ops\n",
        ),
        (
            "README.md",
            "# Ops\n\n[other](../../../other-repo/blob/main/x.md#setup) \
             [evil](../../../../evil/repo) [owner](../../../)\n",
        ),
        (
            "db/b.md",
            "# B\n\n[tf](../../../../infra/tree/main/modules)\n",
        ),
    ]);
    let out = build_ok(site.path());
    let readme = article(site.path(), "");
    assert!(
        readme.contains("<a href=\"https://github.com/acme/other-repo/blob/main/x.md#setup\""),
        "{readme}"
    );
    assert!(
        article(site.path(), "db/b")
            .contains("<a href=\"https://github.com/acme/infra/tree/main/modules\""),
        "{}",
        article(site.path(), "db/b")
    );
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 2, "{err}");
    for link in ["../../../../evil/repo", "../../../"] {
        assert!(
            err.contains(&format!(
                "warning: link `{link}` leads outside the repository"
            )),
            "{link}: {err}"
        );
    }
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nrepository: https://gitlab.com/acme/ops\n",
        ),
        (
            "README.md",
            "# Ops\n\n[other](../../../other-repo/blob/main/x.md)\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(err.contains("leads outside the repository"), "{err}");
}

/// `<td width="100000">`: browsers lay the row out 100,000 pixels wide, and a reader
/// scrolls sideways through blank space. On main the width was kept (ops61 kept `width`
/// for READMEs' `width="50%"` columns) with no warning. Now a cell's width is kept up to
/// 100% or 1,280 pixels, and a wider one (or one that is no width) is removed with a
/// warning naming it.
#[test]
fn a_table_cell_wider_than_any_screen_loses_its_width() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nrunbooks: .\n"),
        (
            "a.md",
            "# A\n\n<table><tr><td width=\"50%\">a</td><th width=\"400px\">b</th>\
             <td width=\"100000\">c</td><th width=\"150%\">d</th><td width=\"1e9\">e</td>\
             </tr></table>\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    assert!(html.contains("<td width=\"50%\">a</td>"), "{html}");
    assert!(html.contains("<th width=\"400px\">b</th>"), "{html}");
    for cell in ["<td>c</td>", "<th>d</th>", "<td>e</td>"] {
        assert!(html.contains(cell), "{cell}: {html}");
    }
    let err = stderr(&out);
    for gone in ["width=\"100000\"", "width=\"150%\"", "width=\"1e9\""] {
        assert!(err.contains(gone), "{gone}: {err}");
    }
    assert_eq!(err.matches("warning: ").count(), 3, "{err}");
}
