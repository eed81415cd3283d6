//! What runbook repositories written for GitHub and GitLab bring (session 60): the
//! repository's web view of its root folder and of the runbook folder, written without
//! the trailing slash.

mod common;

use common::*;

/// `tree/main` (the repository's root folder, where `runbooks: .`) and
/// `tree/main/runbooks` (the runbook folder), as the forge's address bar shows them: no
/// trailing slash, or GitLab's `?ref_type=heads`. On main each stayed a link to the forge
/// while the same address with a `/` was the site's page (`/runbooks/`): a reader left the
/// site for a listing it has, and a dead anchor on it went unreported. Each is the site's
/// page now, checked; the repository's address alone stays the repository's (readers
/// follow it to clone it, to file an issue), as do a folder the site does not publish and
/// a branch whose name only begins like the site's.
#[test]
fn the_root_and_runbook_folders_on_the_forge_are_the_site_s_folder_pages() {
    let links = "[root](https://github.com/acme/ops/tree/main) \
        [slash](https://github.com/acme/ops/tree/main/) \
        [book](https://github.com/acme/ops/tree/main/runbooks) \
        [heads](https://github.com/acme/ops/tree/main/runbooks?ref_type=heads) \
        [anchor](https://github.com/acme/ops/tree/main/runbooks#nope) \
        [repo](https://github.com/acme/ops) \
        [scripts](https://github.com/acme/ops/tree/main/scripts) \
        [other](https://github.com/acme/ops/tree/mainline) \
        [near](https://github.com/acme/ops/tree/main/runbooks-old)\n";
    // The runbook folder is a folder of the repository.
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: runbooks\nrepository: https://github.com/acme/ops\n\
             broken_links: warning\n",
        ),
        ("runbooks/a.md", &format!("# A\n\n{links}")),
        ("runbooks/README.md", "# Runbooks\n"),
        ("scripts/x.sh", "echo\n"),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("root", "https://github.com/acme/ops/tree/main"),
        ("slash", "https://github.com/acme/ops/tree/main/"),
        ("book", "/runbooks/"),
        ("heads", "/runbooks/"),
        ("anchor", "/runbooks/#nope"),
        ("repo", "https://github.com/acme/ops"),
        ("scripts", "https://github.com/acme/ops/tree/main/scripts"),
        ("other", "https://github.com/acme/ops/tree/mainline"),
        ("near", "https://github.com/acme/ops/tree/main/runbooks-old"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text}: {html}"
        );
    }
    // `check` reports the dead anchor as `build` does.
    let checked = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    for err in [stderr(&out), stderr(&checked)] {
        assert_eq!(err.matches("warning: ").count(), 1, "{err}");
        assert!(
            err.contains("warning: link `https://github.com/acme/ops/tree/main/runbooks#nope` points to #nope")
                && err.contains("runbooks/a.md:3:"),
            "{err}"
        );
    }
    // The runbook folder is the repository's root: `tree/main`, slash or not, is its page.
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nrepository: https://gitlab.com/acme/ops\n",
        ),
        (
            "a.md",
            "# A\n\n[root](https://gitlab.com/acme/ops/-/tree/main) \
             [heads](https://gitlab.com/acme/ops/-/tree/main?ref_type=heads#readme) \
             [repo](https://gitlab.com/acme/ops)\n",
        ),
        ("README.md", "# Ops\n"),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("root", "/runbooks/"),
        ("heads", "/runbooks/#readme"),
        ("repo", "https://gitlab.com/acme/ops"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text}: {html}"
        );
    }
}

/// An image a README holds, given by the repository's own raw address, as READMEs give
/// them (Incident-Playbook's SIEM page: `![](https://github.com/austinsonger/Incident-Playbook/raw/main/SIEM/images/….png)`):
/// `raw.githubusercontent.com/{owner}/{repo}/{branch}/…` (and `refs/heads/{branch}`, the
/// form of GitHub's Raw button), `{repository}/raw/{branch}/…` and
/// `{repository}/blob/{branch}/…?raw=true`, in Markdown and in raw HTML. On main each was
/// loaded from GitHub although the site copies the file: every reader's browser asked
/// GitHub for it (a warning said so, and told the author to copy the image into the
/// repository, where it already was), no size was given, and for a private repository the
/// image was broken. Each is the site's copy now, with its size and no warning. Another
/// branch, a runbook's raw source and another repository keep their address, and the
/// warning.
#[test]
fn the_repository_s_own_raw_images_are_the_site_s_copies() {
    let png = {
        // A 40 × 20 PNG: signature, then an IHDR chunk (the size is all that is read).
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend_from_slice(&40u32.to_be_bytes());
        b.extend_from_slice(&20u32.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b
    };
    let runbook = "# A\n\n\
        ![raw](https://raw.githubusercontent.com/acme/ops/main/docs/img/a.png)\n\
        ![refs](https://raw.githubusercontent.com/acme/ops/refs/heads/main/docs/img/a.png)\n\
        ![path](https://github.com/acme/ops/raw/main/docs/img/a.png)\n\
        ![query](https://github.com/acme/ops/blob/main/docs/img/a.png?raw=true)\n\
        <img alt=\"html\" src=\"https://raw.githubusercontent.com/acme/ops/HEAD/docs/img/a.png\">\n\n\
        [download](https://github.com/acme/ops/raw/main/docs/img/a.png)\n\n\
        ![dark](https://raw.githubusercontent.com/acme/ops/main/docs/img/a.png#gh-dark-mode-only)\n\n";
    for (tail, warned) in [
        ("", None),
        (
            "![tag](https://raw.githubusercontent.com/acme/ops/v1/docs/img/a.png)\n",
            Some("https://raw.githubusercontent.com/acme/ops/v1/docs/img/a.png"),
        ),
        (
            "![source](https://raw.githubusercontent.com/acme/ops/main/docs/a.md)\n",
            Some("https://raw.githubusercontent.com/acme/ops/main/docs/a.md"),
        ),
        (
            "![fork](https://raw.githubusercontent.com/fork/ops/main/docs/img/a.png)\n",
            Some("https://raw.githubusercontent.com/fork/ops/main/docs/img/a.png"),
        ),
    ] {
        let site = site_of(&[
            (
                "content/site.yaml",
                "title: Ops\nrunbooks: docs\nrepository: https://github.com/acme/ops\n\
                 broken_links: error\n",
            ),
            ("docs/a.md", &format!("{runbook}{tail}")),
        ]);
        std::fs::create_dir_all(site.path().join("docs/img")).unwrap();
        std::fs::write(site.path().join("docs/img/a.png"), &png).unwrap();
        let out = build_ok(site.path());
        let html = article(site.path(), "a");
        for alt in ["raw", "refs", "path", "query"] {
            assert!(
                html.contains(&format!(
                    "<img src=\"/runbooks/img/a.png\" alt=\"{alt}\" width=\"40\" height=\"20\" />"
                )),
                "{alt}: {html}"
            );
        }
        assert!(
            html.contains(
                "<img alt=\"html\" src=\"/runbooks/img/a.png\" width=\"40\" height=\"20\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/runbooks/img/a.png\">download</a>"),
            "{html}"
        );
        // GitHub's image for one colour scheme keeps its mark, which the theme reads.
        assert!(
            html.contains("<img src=\"/runbooks/img/a.png#gh-dark-mode-only\" alt=\"dark\""),
            "{html}"
        );
        let err = stderr(&out);
        match warned {
            None => assert!(!err.contains("warning"), "{err}"),
            Some(url) => {
                assert_eq!(err.matches("warning: ").count(), 1, "{err}");
                assert!(
                    err.contains(&format!("warning: image `{url}` is loaded from")),
                    "{err}"
                );
                assert!(html.contains(&format!("src=\"{url}\"")), "{html}");
            }
        }
    }
}

/// Attributes of a table cell that pipebook's cleaning removes, with a warning (`height`
/// and `bgcolor` since session 61, which keeps GitHub's `valign` and `width`). On main the
/// warning read "attributes `valign`, `width` of `<td>` is removed from the page"; several
/// attributes "are" removed, one "is".
#[test]
fn removed_attributes_are_named_in_the_plural() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nrunbooks: .\n"),
        (
            "a.md",
            "# A\n\n<table><tr><td height=\"50\" bgcolor=\"red\">x</td><td nowrap=\"nowrap\">y</td></tr></table>\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("warning: attributes `height`, `bgcolor` of `<td>` are removed from the page"),
        "{err}"
    );
    assert!(
        err.contains("warning: attribute `nowrap` of `<td>` is removed from the page"),
        "{err}"
    );
}

/// site.yaml's `repository` pasted as the address to clone, `https://github.com/acme/ops.git`
/// (what `git remote -v` shows). On main every link to a file the site does not publish
/// went to `https://github.com/acme/ops.git/blob/HEAD/…`, and the repository's own
/// addresses of its pages (written without `.git`, as the forge shows them) stayed links
/// to the forge, unchecked. Now the web view is the repository's without `.git`, which
/// neither forge allows a name to end with.
#[test]
fn a_repository_given_as_its_clone_address_is_its_web_view() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: runbooks\nrepository: https://github.com/acme/ops.git\n\
             broken_links: error\n",
        ),
        (
            "runbooks/a.md",
            "# A\n\n[own](https://github.com/acme/ops/blob/main/runbooks/b.md#steps) \
             [script](../scripts/x.sh)\n",
        ),
        ("runbooks/b.md", "# B\n\n## Steps\n\nDo.\n"),
        ("scripts/x.sh", "echo\n"),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("own", "/runbooks/b/#steps"),
        (
            "script",
            "https://github.com/acme/ops/blob/HEAD/scripts/x.sh",
        ),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text}: {html}"
        );
    }
}
