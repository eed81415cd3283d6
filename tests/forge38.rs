//! Runbook repositories written for GitHub, two more collections (session 38): a Docusaurus
//! playbook's video embeds written `<iframe … />` (tests/corpora).

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
