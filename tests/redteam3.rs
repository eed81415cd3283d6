//! A third adversarial review: shapes of raw HTML that made the build quadratic, each
//! found by building 100 kB and 1 MB of it (`bench/adversarial.py` at those sizes) and
//! checked here at a size where a quadratic build would take minutes.

mod common;

use std::fs;
use std::path::Path;

use common::{pipebook, read, site_of, stderr};

/// A site of one runbook, `runbooks/x.md`.
fn site(md: &str) -> tempfile::TempDir {
    site_of(&[("content/runbooks/x.md", md)])
}

/// Runs `pipebook build --root ROOT`. No clock (a loaded machine made one fail): the
/// cost of these shapes is measured by `bench/adversarial.sh`, and the raw HTML scanner's
/// by a count in its unit tests.
fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

#[test]
fn many_tags_with_addresses_on_one_line_cost_the_line_once() {
    // 80,000 links on one line of a block of HTML (1 MB): each tag looked for the end of
    // its line again, so 1 MB took 2 s of CPU in a release build (and 2 MB 11 minutes in a
    // debug one; 6 s once the line's end is kept).
    let md = format!("<div>\n{}\n</div>\n", "<a href=y.md>".repeat(80_000));
    let dir = site(&md);
    fs::write(dir.path().join("content/runbooks/y.md"), "# Y\n").unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&dir.path().join("public/runbooks/x/index.html"));
    assert!(
        page.contains("href=\"/runbooks/y/\""),
        "links still resolved"
    );
}

#[test]
fn a_tag_of_too_many_attributes_is_refused_at_its_line() {
    // html5ever compares each attribute of a tag with all before it: one `<div>` of 60,000
    // attributes (650 kB) took 2 s of CPU in a release build, 1 MB 9 s.
    let many = |sep: &str| -> String { (0..60_000).map(|i| format!("a{i}=x{sep}")).collect() };
    for (md, at) in [
        (format!("# T\n\n<div {}>x</div>\n", many(" ")), "x.md:3:1"),
        // A tag over many lines of a block, inside a quote.
        (
            format!("# T\n\n> <div\n> {}>x</div>\n", many("\n> ")),
            "x.md:3:3",
        ),
        // Inline, in a paragraph.
        (
            format!("# T\n\nSee <span {}>x</span>\n", many(" ")),
            "x.md:3:5",
        ),
    ] {
        let dir = site(&md);
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(at), "expected an error at {at}: {err}");
        assert!(err.contains("more than 256 attributes"), "{err}");
    }
    // A tag of 256 is built.
    let ok: String = (0..256).map(|i| format!("data-a{i}=x ")).collect();
    let dir = site(&format!("# T\n\n<div {ok}>kept</div>\n"));
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&dir.path().join("public/runbooks/x/index.html")).contains("kept"));
}

#[test]
fn pages_differing_only_in_case_or_unicode_form_are_refused() {
    // On Linux both were written; on macOS (case- and normalization-insensitive) one page
    // silently replaced the other, and readers could not tell the two addresses apart.
    for (first, second) in [("Ops.md", "ops.md"), ("caf\u{e9}.md", "cafe\u{301}.md")] {
        let dir = site("# X\n");
        let runbooks = dir.path().join("content/runbooks");
        fs::write(runbooks.join(first), "# A\n").unwrap();
        fs::write(runbooks.join(second), "# B\n").unwrap();
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("differ only in letter case"), "{err}");
        assert!(err.contains("rename one of the two files"), "{err}");
    }
    // Accented names alone are fine.
    let dir = site("# X\n");
    fs::write(dir.path().join("content/runbooks/caf\u{e9}.md"), "# A\n").unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn bidi_overrides_written_as_character_references_are_errors() {
    // `&#x202E;` became U+202E on the page (Markdown and HTML decode it), past the check
    // that looked for the character itself.
    let md = "# T\n\nOpen inv&#x202E;gnp.exe here.\n\n<p>a&#8238;b</p>\n\nAs code: `&#x202E;`\n\n```\n&#x202E;\n```\n";
    let dir = site(md);
    let out = build(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for at in ["x.md:3:9", "x.md:5:5"] {
        assert!(err.contains(at), "expected an error at {at}: {err}");
    }
    assert_eq!(
        err.matches("bidi override").count(),
        2,
        "code shows the reference as written: {err}"
    );
}

#[test]
fn a_raw_link_whose_text_names_another_host_is_a_warning() {
    // Markdown links were read against their text; `<a href>` of raw HTML was not.
    let md = "# T\n\n<div>\n<p>Log in at <a href=\"https://evil.example/\">https://good.example/</a></p>\n</div>\n\nOr <a href=\"https://evil.example/\">www.good.example</a> inline.\n\nHonest: <a href=\"https://good.example/x\">https://good.example/</a>\n\n<a href=\"https://p\u{430}ypal.com/\">pay</a>\n";
    let dir = site(md);
    let out = build(dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for at in ["x.md:4:23", "x.md:7:13"] {
        assert!(err.contains(at), "expected a warning at {at}: {err}");
    }
    assert_eq!(
        err.matches("shows the host `good.example`").count(),
        2,
        "{err}"
    );
    assert!(!err.contains("x.md:9:"), "an honest link is quiet: {err}");
    assert!(
        err.contains("x.md:11:") && err.contains("mixes letters"),
        "{err}"
    );
}
