//! What runbook repositories written for GitHub and GitLab bring (session 59): the
//! repository's own address of a runbook on its default branch, and footnotes' way back.

mod common;

use common::*;

/// A full address of the repository's own runbook on `main` or `master` (rust-infra-team's
/// meeting notes link `blob/master/docs/hosts/bastion.md#…` on a repository whose branch
/// is `main`, which GitHub redirects) or on `HEAD`, in a site.yaml that names another
/// branch or none. On main each stayed a link to the forge (only the branch site.yaml
/// names, default `HEAD`, was the site's): the reader left the site mid-incident for a
/// page it has, and a dead anchor went unreported. Each is the page now, checked; a tag,
/// a commit, another branch and a file the site does not have keep their address.
#[test]
fn the_repository_s_own_runbook_on_its_default_branch_is_the_site_s_page() {
    let runbook = "# A\n\n\
        [main](https://github.com/acme/ops/blob/main/runbooks/b.md#steps) \
        [master](https://github.com/acme/ops/blob/master/runbooks/b.md) \
        [head](https://github.com/acme/ops/blob/HEAD/runbooks/b.md) \
        [dead](https://github.com/acme/ops/blob/main/runbooks/b.md#nope) \
        [tag](https://github.com/acme/ops/blob/v1.2/runbooks/b.md) \
        [commit](https://github.com/acme/ops/blob/12acabb412c31e94d5ca7d4194c097f66c6d0ec7/runbooks/b.md) \
        [gone](https://github.com/acme/ops/blob/main/runbooks/gone.md)\n";
    for branch in ["", "branch: production\n"] {
        let site = site_of(&[
            (
                "content/site.yaml",
                &format!(
                    "title: Ops\nrunbooks: runbooks\nrepository: https://github.com/acme/ops\n\
                     broken_links: warning\n{branch}"
                ),
            ),
            ("runbooks/a.md", runbook),
            ("runbooks/b.md", "# B\n\n## Steps\n\nDo.\n"),
        ]);
        let out = build_ok(site.path());
        let html = article(site.path(), "a");
        for (text, href) in [
            ("main", "/runbooks/b/#steps"),
            ("master", "/runbooks/b/"),
            ("head", "/runbooks/b/"),
            ("tag", "https://github.com/acme/ops/blob/v1.2/runbooks/b.md"),
            (
                "commit",
                "https://github.com/acme/ops/blob/12acabb412c31e94d5ca7d4194c097f66c6d0ec7/runbooks/b.md",
            ),
            ("gone", "https://github.com/acme/ops/blob/main/runbooks/gone.md"),
        ] {
            assert!(
                html.contains(&format!("<a href=\"{href}\">{text}</a>")),
                "{branch}{text}: {html}"
            );
        }
        // `check` reports it as `build` does.
        let checked = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
        for err in [stderr(&out), stderr(&checked)] {
            assert_eq!(err.matches("warning: ").count(), 1, "{branch}{err}");
            assert!(
                err.contains("warning: link `https://github.com/acme/ops/blob/main/runbooks/b.md#nope` points to #nope")
                    && err.contains("runbooks/a.md:3:"),
                "{err}"
            );
        }
    }
}

/// Every `id="…"` of `html`, in order.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

/// GitHub (cmark-gfm 0.29.0.gfm.13) gives each footnote reference an id, `fnref-a`, then
/// `fnref-a-2` for a second reference to the same note, and ends each note with a link
/// back to each reference (`↩`, `↩²`, labelled "Back to reference 1", "… 1-2"), in its
/// last paragraph or after its last block. On main a reference had no id and a note no
/// way back: a reader who tapped `¹` mid-step on a phone was left at the page's end, and
/// `[up](#fnref-b)` copied from GitHub was a broken link (an error here). A heading that
/// wants a reference's id keeps it, before or after the reference, as it keeps a note's:
/// ids stay unique on the page.
#[test]
fn footnote_references_have_ids_and_notes_lead_back_to_them_as_on_github() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nbroken_links: error\n",
        ),
        (
            "a.md",
            "# A\n\nRestart[^a] then check[^b] and again[^A]. [Up](#fnref-b)\n\n\
             [^a]: Twice loses data.\n[^b]: Check the lag[^c].\n[^c]: - a list\n",
        ),
        (
            "h.md",
            "# H\n\n## fnref x\n\nOne[^x] two[^x] three[^x].\n\n## fnref x 2\n\n[^x]: Note.\n",
        ),
    ]);
    let out = build_ok(site.path());
    assert!(!stderr(&out).contains("fnref"), "{}", stderr(&out));
    let a = article(site.path(), "a");
    for reference in [
        "Restart<sup class=\"footnote-reference\"><a href=\"#fn-a\" id=\"fnref-a\">1</a></sup>",
        "check<sup class=\"footnote-reference\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup>",
        "again<sup class=\"footnote-reference\"><a href=\"#fn-a\" id=\"fnref-a-2\">1</a></sup>",
        "lag<sup class=\"footnote-reference\"><a href=\"#fn-c\" id=\"fnref-c\">3</a></sup>",
    ] {
        assert!(a.contains(reference), "{reference}: {a}");
    }
    for note in [
        "<p>Twice loses data. <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> \
         <a href=\"#fnref-a-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n</div>",
        "</sup>. <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩</a></p>\n</div>",
        "</ul>\n<p><a href=\"#fnref-c\" class=\"footnote-backref\" aria-label=\"Back to reference 3\">↩</a></p>\n</div>",
    ] {
        assert!(a.contains(note), "{note}: {a}");
    }
    let h = article(site.path(), "h");
    let found = ids(&h);
    for heading in ["fnref-x", "fnref-x-2"] {
        assert!(
            h.contains(&format!("<h2 id=\"{heading}\">")),
            "{heading}: {h}"
        );
    }
    let mut unique = found.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), found.len(), "{found:?}");
    // Each back-link leads to a reference's id, and each reference has one.
    let backs: Vec<&str> = h
        .split("<a href=\"#")
        .skip(1)
        .filter(|rest| {
            rest.contains("\" class=\"footnote-backref\"")
                && rest.find('"') == rest.find("\" class=\"footnote-backref\"")
        })
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(backs.len(), 3, "{h}");
    for back in backs {
        assert!(
            h.contains(&format!("<a href=\"#fn-x\" id=\"{back}\">")),
            "{back}: {h}"
        );
    }
}

/// Many references to one note: each an id and a link back, in time linear in their
/// number (2,000 here; a page of far more is refused for its size, as before).
#[test]
fn many_references_to_one_note_each_lead_back() {
    let md = format!("# M\n\n{}\n\n[^n]: Note.\n", "x[^n] ".repeat(2000));
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nrunbooks: .\n"),
        ("m.md", &md),
    ]);
    build_ok(site.path());
    let m = article(site.path(), "m");
    assert_eq!(m.matches("class=\"footnote-backref\"").count(), 2000);
    assert!(m.contains("<a href=\"#fn-n\" id=\"fnref-n-2000\">1</a>"));
    assert!(m.contains(
        "<a href=\"#fnref-n-2000\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2000\">↩<sup>2000</sup></a></p>"
    ));
    let found = ids(&m);
    let mut unique = found.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), found.len());
}
