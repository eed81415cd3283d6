//! Reading-comfort defects a reviewer found in real collections (session 25, look25): an
//! anchor hint that pointed at the wrong step, HTML comments shipped in the page, and a
//! drawer expander for a folder of nothing. Each test builds a small site in a temporary
//! folder; each failed on 239d118.

mod common;

use common::{article, build_ok, pipebook, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
);

/// `[Determine your Go version](#step-1)` on a page whose headings are numbered steps
/// (`## 1. Determine your Go version`, `## Step 2`): the hint named `#step-2`, the anchor
/// nearest in spelling; the heading the link's text names is the one meant.
#[test]
fn a_broken_anchors_hint_names_the_heading_its_text_names() {
    let md = "# Cannot find module\n\nFirst [Determine your Go version](#step-1), then \
[the next step](#step-3).\n\n## 1. Determine your Go version\n\nRun `go version`.\n\n\
## Step 2\n\nUpgrade.\n";
    let site = site_of(&[SITE, ("content/runbooks/go.md", md)]);
    let out = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let hints: Vec<&str> = err.lines().filter(|l| l.contains("did you mean")).collect();
    assert_eq!(hints.len(), 2, "{err}");
    assert!(
        hints[0].contains("did you mean #1-determine-your-go-version,"),
        "{err}"
    );
    assert!(!hints[0].contains("#step-2"), "{err}");
    // A text that names no heading: the anchors spelled like the missing one, as before.
    assert!(hints[1].contains("did you mean #step-2?"), "{err}");
}

/// `<!--DS: … Customer Portal …-->` notes of a downstream copy, as blocks and inline, are
/// not shown, but shipped in the page they were published: left out, with the text
/// around them kept, whether the page's HTML is cleaned or trusted.
#[test]
fn html_comments_are_left_out_of_the_page() {
    let md = "# Stuck VM\n\nBefore the note.\n\n<!--DS: If you cannot resolve the issue, \
log in to the\nCustomer Portal and open a case. -->\n\n<!--USstart-->\nUpstream text <!-- \
inline secret --> goes on.\n<!--USend-->\n\n<div>\n<!-- in a block secret -->\n<b>Bold</b>\n\
</div>\n\nAfter the note.\n";
    for sanitize in ["true", "false"] {
        let site_yaml = format!("{}sanitize_html: {sanitize}\n", SITE.1);
        let site = site_of(&[
            ("content/site.yaml", &site_yaml),
            ("content/runbooks/vm.md", md),
        ]);
        build_ok(site.path());
        let page = read(&site.path().join("public/runbooks/vm/index.html"));
        for secret in ["Customer Portal", "USstart", "USend", "secret", "<!--DS"] {
            assert!(!page.contains(secret), "{sanitize}: {secret}: {page}");
        }
        let html = article(site.path(), "vm");
        for kept in [
            "Before the note.",
            "Upstream text",
            "goes on.",
            "<b>Bold</b>",
            "After the note.",
        ] {
            assert!(html.contains(kept), "{sanitize}: {kept}: {html}");
        }
    }
}

/// A folder whose `_index.md` holds only a title has no entries: the drawer showed it as
/// a closed folder (a ▸ that opened onto a blank page). It is listed as a page; a folder
/// with runbooks keeps its expander.
#[test]
fn a_folder_of_nothing_is_no_expander_in_the_drawer() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/general/_index.md",
            "---\ntitle: General\n---\n",
        ),
        (
            "content/runbooks/db/_index.md",
            "---\ntitle: Databases\n---\n",
        ),
        (
            "content/runbooks/db/disk.md",
            "# Disk full\n\nFree space.\n",
        ),
    ]);
    build_ok(site.path());
    let tree = read(&site.path().join("public/_nav/tree.html"));
    let entry = |title: &str| {
        let end = tree.find(&format!(">{title}</a>")).expect(title);
        let start = tree[..end].rfind("<li").expect("its item");
        tree[start..end].to_string()
    };
    let general = entry("General");
    assert!(general.starts_with("<li><a "), "{tree}");
    assert!(
        entry("Databases").starts_with("<li class=\"folder\""),
        "{tree}"
    );
}
