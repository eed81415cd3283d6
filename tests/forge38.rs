//! Runbook repositories written for GitHub, two more collections (session 38): a Docusaurus
//! playbook's video embeds written `<iframe … />`, and a handbook's links to its own page
//! by file name with anchors in another letter case (tests/corpora).

mod common;

use common::{article, build_ok, site_of, stderr};

const YAML: (&str, &str) = ("content/site.yaml", "title: Ops\nrunbooks: .\n");

/// Docusaurus pages embed videos as JSX writes them, `<iframe src=… />`. HTML ignores the
/// `/`: all that followed, to the end of the page, was the `<iframe>`'s text, which the
/// page showed as escaped markup (`<h2 id="transcript">…` as text, the headings gone). It
/// now ends where it stands, as its author meant; the `<iframe>` itself is still removed.
#[test]
fn an_iframe_written_closed_does_not_take_in_the_rest_of_the_page() {
    let md = "# Episode 32\n\n<div>\n  <iframe\n    src=\"https://www.youtube.com/embed/x\"\n    allowFullScreen\n  />\n</div>\n\n## Transcript\n\n**Jordan**: Today.\n\n<textarea/>\n\n## Notes\n";
    let site = site_of(&[YAML, ("episode.md", md)]);
    let err = stderr(&build_ok(site.path()));
    let html = article(site.path(), "episode");
    for id in ["transcript", "notes"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\"")), "{id}: {html}");
    }
    assert!(!html.contains("&lt;h2"), "{html}");
    assert!(html.contains("<strong>Jordan</strong>"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    assert!(err.contains("`<iframe>` is removed from the page"), "{err}");
    assert!(!err.contains("is not closed before the end"), "{err}");
}

/// `[FAQ](leave-of-absence.md#FAQ)` in `leave-of-absence.md` (Sourcegraph's handbook) works
/// on GitHub, as `[FAQ](#FAQ)` does: its page script looks for the anchor in lower case. The
/// `#FAQ` form was rewritten to the heading since session 34; the form by file name stayed
/// a warning and a dead link. Both lead to the heading now; a missing anchor still warns.
#[test]
fn a_link_to_its_own_page_by_name_finds_an_anchor_in_another_case() {
    let md = "# Leave\n\n- [TL;DR](leave.md#LOA-TLDR)\n- [FAQ](./leave.md#FAQ)\n- [Top](#FAQ)\n- [None](leave.md#Nowhere)\n\n## LOA TL;DR\n\n## FAQ\n";
    let site = site_of(&[YAML, ("leave.md", md)]);
    let err = stderr(&build_ok(site.path()));
    let html = article(site.path(), "leave");
    for anchor in ["LOA-TLDR", "FAQ"] {
        assert!(!html.contains(&format!("#{anchor}\"")), "{anchor}: {html}");
        assert!(!err.contains(&format!("points to #{anchor}")), "{err}");
    }
    assert!(html.contains("/leave/#loa-tldr\">TL;DR</a>"), "{html}");
    assert!(html.contains("/leave/#faq\">FAQ</a>"), "{html}");
    assert!(html.contains("<a href=\"#faq\">Top</a>"), "{html}");
    assert!(err.contains("points to #Nowhere"), "{err}");
}

/// `[Release](../release/index.md#Responsibilities)` for `## Responsibilities` (whose id is
/// `responsibilities`), six links of Sourcegraph's handbook: GitHub's page script, not
/// finding the anchor as written, finds it in lower case. The target's anchors are not
/// known when the page is written, so the address stays and site.js goes on to the anchor
/// (tests/browser/test_anchor_case.py); the build no longer calls the link broken. An
/// anchor in another case that is not lower case, or missing, still is, and with GitLab's
/// ids, which are exact, so is any other case.
#[test]
fn a_link_to_another_page_finds_its_anchor_in_lower_case() {
    let yaml = (
        "content/site.yaml",
        "title: Ops\nrunbooks: .\nbroken_links: error\n",
    );
    let release = "# Release\n\n## Responsibilities\n\n## Mixed Case {#Mixed-Case}\n";
    let ok = "# Oncall\n\n- [R](release.md#Responsibilities)\n- [R](release.md#RESPONSIBILITIES)\n- [M](release.md#Mixed-Case)\n";
    let site = site_of(&[yaml, ("release.md", release), ("oncall.md", ok)]);
    let err = stderr(&build_ok(site.path()));
    assert!(!err.contains("points to #"), "{err}");
    let html = article(site.path(), "oncall");
    assert!(html.contains("/release/#Responsibilities\""), "{html}");
    for bad in ["mixed-case", "Nowhere"] {
        let md = format!("# Oncall\n\n- [X](release.md#{bad})\n");
        let site = site_of(&[yaml, ("release.md", release), ("oncall.md", &md)]);
        let out = common::pipebook(&["build", "--root", &site.path().display().to_string()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{bad}: {err}");
        assert!(err.contains(&format!("points to #{bad}")), "{err}");
    }
    let gitlab = (
        yaml.0,
        "title: Ops\nrunbooks: .\nbroken_links: error\nheading_ids: gitlab\n",
    );
    let site = site_of(&[gitlab, ("release.md", release), ("oncall.md", ok)]);
    let out = common::pipebook(&["build", "--root", &site.path().display().to_string()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("points to #Responsibilities"), "{err}");
    assert!(!err.contains("points to #Mixed-Case"), "{err}");
}
