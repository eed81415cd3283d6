//! Mermaid diagrams, built by the binary: a page with a diagram loads the renderer and a
//! page without does not; the site ships mermaid (with its licence) only when it has a
//! diagram; a diagram's source is escaped; one too long stays code, with a warning at its
//! line. The fixture is tests/fixtures/diagrams.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const MODULE: &str = r#"<script type="module" src="/static/diagrams.mjs"></script>"#;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/diagrams"), dir.path());
    dir
}

fn page(root: &Path, slug: &str) -> String {
    read(&root.join(format!("public/runbooks/{slug}/index.html")))
}

#[test]
fn only_pages_with_a_diagram_load_the_renderer() {
    let site = fixture();
    build_ok(site.path());
    let flow = page(site.path(), "flow");
    assert!(flow.contains(MODULE), "{flow}");
    assert_eq!(flow.matches("<figure class=\"diagram\">").count(), 3);
    assert!(flow.contains(
        "<figure class=\"diagram\"><pre><code class=\"language-mermaid\">flowchart LR\n  A[Alert fires] --&gt; B{Pod running?}\n"
    ));
    let hostile = page(site.path(), "hostile");
    assert!(hostile.contains(MODULE));
    assert!(
        hostile.contains("A[\"&lt;img src=x onerror=window.__pwned='img'&gt;\"]")
            && !hostile.contains("<img src=x"),
        "the source is escaped: {hostile}"
    );
    let plain = page(site.path(), "plain");
    assert!(
        !plain.contains("diagrams.mjs") && !plain.contains("<figure"),
        "{plain}"
    );
    for other in [
        "index.html",
        "runbooks/index.html",
        "404.html",
        "search/index.html",
    ] {
        let html = read(&site.path().join("public").join(other));
        assert!(!html.contains("diagrams.mjs"), "{other}");
    }
    // The renderer and its licence are shipped, from the site itself.
    let mermaid = site.path().join("public/static/mermaid");
    assert!(read(&mermaid.join("LICENSE")).starts_with("The MIT License"));
    let entry = read(&mermaid.join("mermaid.esm.min.mjs"));
    for import in entry.split("from\"./").skip(1) {
        let target = &import[..import.find('"').unwrap()];
        assert!(mermaid.join(target).is_file(), "{target}");
    }
    let glue = read(&site.path().join("public/static/diagrams.mjs"));
    assert!(glue.contains("from \"./mermaid/mermaid.esm.min.mjs\""));
    assert!(glue.contains("securityLevel: \"strict\""));
}

#[test]
fn a_site_without_diagrams_ships_no_renderer() {
    let site = fixture();
    let runbooks = site.path().join("content/runbooks");
    fs::remove_file(runbooks.join("flow.md")).unwrap();
    fs::remove_file(runbooks.join("hostile.md")).unwrap();
    build_ok(site.path());
    assert!(!site.path().join("public/static/mermaid").exists());
}

#[test]
fn a_diagram_too_long_stays_code_with_a_warning_at_its_line() {
    let site = fixture();
    let long = format!(
        "# Long\n\nText.\n\n```mermaid\ngraph TD\n{}```\n",
        "  A --> B\n".repeat(1200)
    );
    fs::write(site.path().join("content/runbooks/long.md"), long).unwrap();
    let out = build_ok(site.path());
    let messages = stderr(&out) + &stdout(&out);
    assert!(
        messages.contains("content/runbooks/long.md:5:1")
            && messages.contains("pipebook draws diagrams of at most 10 KiB"),
        "{messages}"
    );
    let html = page(site.path(), "long");
    assert!(
        !html.contains("<figure") && !html.contains("diagrams.mjs"),
        "{html}"
    );
    assert!(html.contains("<pre><code class=\"language-mermaid\">graph TD\n"));
    assert!(html.contains("class=\"diagram-note\""));
}

#[test]
fn cleaning_raw_html_keeps_the_diagrams() {
    let site = fixture();
    let flow = site.path().join("content/runbooks/flow.md");
    let text = read(&flow) + "\n<p onclick=\"steal()\">raw</p>\n";
    fs::write(&flow, text).unwrap();
    build_ok(site.path());
    let html = page(site.path(), "flow");
    assert!(!html.contains("onclick"), "the page was cleaned: {html}");
    assert_eq!(
        html.matches("<figure class=\"diagram\"><pre><code class=\"language-mermaid\">")
            .count(),
        3,
        "{html}"
    );
    assert!(html.contains(MODULE));
}
