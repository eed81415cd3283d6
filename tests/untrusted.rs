//! What a pull request's author can put under `content/`, tried as an attacker would
//! (issue 12): nothing they add runs script on the site's origin or sends readers away.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const RUNBOOK: &str = "content/runbooks/profit/aggregate-profit.md";

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let before = read(&path);
    fs::write(&path, before + text).unwrap();
}

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Line of the first occurrence of `needle` in the site's file, from 1.
fn line_of(root: &Path, file: &str, needle: &str) -> usize {
    let text = read(&root.join(file));
    let at = text.find(needle).expect("needle in file");
    text[..at].matches('\n').count() + 1
}

#[test]
fn raw_html_that_runs_script_or_navigates_is_removed_where_it_was_written() {
    let site = example_site();
    let root = site.path();
    append(
        root,
        RUNBOOK,
        concat!(
            // From another host: `/runbooks/evil.js`, a file the site lacks, is now also a
            // broken link (as `evil.js` was), an error on the example site (session 18).
            "\n<script src=\"https://cdn.evil.example/evil.js\"></script>\n\n",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n",
            "Click <a href=\"javascript:alert(document.domain)\">here</a> or ",
            "[there](javascript:alert(1)) <img src=https://img.example/x.png onerror=\"alert(2)\">.\n\n",
            "<details><summary>Kept</summary>\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd> ",
            "<a name=\"manual-step\"></a>H<sub>2</sub>O<br>\n\n</details>\n",
        ),
    );
    let o = build_ok(root);
    let err = stderr(&o);
    let script_line = line_of(root, RUNBOOK, "<script src");
    let meta_line = line_of(root, RUNBOOK, "<meta");
    let click_line = line_of(root, RUNBOOK, "Click <a");
    for expected in [
        format!("{RUNBOOK}:{script_line}:1"),
        "warning: `<script>` and its content is removed from the page: HTML in runbooks is sanitized".to_string(),
        format!("{RUNBOOK}:{meta_line}:1"),
        "warning: `<meta>` is removed".to_string(),
        format!("{RUNBOOK}:{click_line}:"),
        "`href=\"javascript:alert(document.domain)\"` of `<a>` is removed".to_string(),
        "the address `javascript:alert(1)` is removed".to_string(),
        "attribute `onerror` of `<img>` is removed".to_string(),
        "sanitize_html: false".to_string(),
    ] {
        assert!(err.contains(&expected), "{expected:?} missing from:\n{err}");
    }
    let page = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    let body = &page[page.find("<main").expect("main")..];
    for gone in [
        "evil.js",
        "http-equiv",
        "evil.example",
        "javascript:",
        "onerror",
        "alert(",
    ] {
        assert!(!body.contains(gone), "{gone} still in the page");
    }
    for kept in [
        "<details>",
        "<summary>Kept</summary>",
        "<kbd>Ctrl</kbd>",
        "name=\"manual-step\"",
        "<sub>2</sub>",
        "<br>",
        // pipebook's own anchors and highlighting survive cleaning.
        "class=\"anchor\"",
        "class=\"step-link\"",
    ] {
        assert!(body.contains(kept), "{kept} removed from the page");
    }
}

#[test]
fn a_trusted_site_may_keep_its_raw_html() {
    let site = example_site();
    let root = site.path();
    append(root, "content/site.yaml", "sanitize_html: false\n");
    append(
        root,
        RUNBOOK,
        "\n<div style=\"color: red\" onclick=\"x()\">raw</div>\n",
    );
    let o = build_ok(root);
    assert!(!stderr(&o).contains("is removed"), "{}", stderr(&o));
    let page = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    assert!(page.contains("<div style=\"color: red\" onclick=\"x()\">raw</div>"));
}

#[test]
fn pages_without_raw_html_are_written_as_before() {
    // Cleaning is skipped where there is nothing to clean: the example site's pages are
    // the same with and without sanitizing.
    let a = example_site();
    build_ok(a.path());
    let b = example_site();
    append(b.path(), "content/site.yaml", "sanitize_html: false\n");
    build_ok(b.path());
    let page = "public/runbooks/profit/aggregate-profit/index.html";
    assert_eq!(read(&a.path().join(page)), read(&b.path().join(page)));
}

#[test]
fn files_a_browser_would_run_are_refused_naming_the_file() {
    for (name, body, why) in [
        (
            "content/runbooks/profit/evil.js",
            "alert(1)",
            "is JavaScript",
        ),
        (
            "content/runbooks/profit/help.html",
            "<script>alert(1)</script>",
            "is an HTML page",
        ),
        (
            "content/runbooks/index.html",
            "<h1>Not the listing</h1>",
            "is an HTML page",
        ),
        (
            "content/runbooks/profit/index.HTM",
            "<h1>x</h1>",
            "is an HTML page",
        ),
        (
            "content/runbooks/profit/feed.xml",
            "<?xml-stylesheet href=\"x.xsl\"?><x/>",
            "is XML",
        ),
    ] {
        let site = example_site();
        let root = site.path();
        fs::write(root.join(name), body).unwrap();
        // Left out with a warning since session 28, the rest built (as an SVG with script
        // since session 26: tests/md26.rs); never published.
        let o = build_ok(root);
        let err = stderr(&o);
        assert!(
            err.contains(&format!("warning: `{name}` {why}")),
            "{name}: {err}"
        );
        let published = root
            .join("public")
            .join(name.trim_start_matches("content/"));
        // `runbooks/index.html` is the site's own listing, never the author's file.
        assert!(
            !published.exists() || !read(&published).contains(body),
            "{name}"
        );
        let strict =
            common::pipebook(&["build", "--root", root.to_str().unwrap(), "--deny-warnings"]);
        assert_eq!(strict.status.code(), Some(1), "{name}");
    }
}

#[test]
fn inert_files_are_copied_and_served_sandboxed() {
    let site = example_site();
    let root = site.path();
    let files = [
        ("content/runbooks/profit/flow.png", &b"\x89PNG\r\n\x1a\n"[..]),
        ("content/runbooks/profit/report.pdf", b"%PDF-1.4\n"),
        ("content/runbooks/profit/cleanup.sh", b"#!/bin/sh\necho hi\n"),
        ("content/runbooks/profit/notes", b"<script>alert(1)</script>"),
        (
            "content/runbooks/profit/diagram.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://example.com/\"><rect/></a></svg>",
        ),
    ];
    for (name, bytes) in files {
        fs::write(root.join(name), bytes).unwrap();
    }
    build_ok(root);
    let headers = read(&root.join("public/_headers"));
    for (name, bytes) in files {
        let rel = name.strip_prefix("content/").unwrap();
        assert_eq!(fs::read(root.join("public").join(rel)).unwrap(), bytes);
        let entry = format!("/{rel}\n");
        let at = headers
            .find(&entry)
            .unwrap_or_else(|| panic!("{rel} not in _headers:\n{headers}"));
        let block: String = headers[at + entry.len()..]
            .lines()
            .take_while(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(block.contains("X-Content-Type-Options: nosniff"), "{rel}");
        assert_eq!(
            block.contains("Content-Security-Policy: sandbox; default-src 'none'"),
            !rel.ends_with(".pdf"),
            "{rel}: {block}"
        );
    }
}

#[test]
fn a_copied_file_never_replaces_a_page() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let before = snapshot(&root.join("public"));
    // A file named like the runbook's page folder.
    fs::write(
        root.join("content/runbooks/profit/aggregate-profit"),
        "stray",
    )
    .unwrap();
    let o = build(root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`content/runbooks/profit/aggregate-profit` and `content/runbooks/profit/aggregate-profit.md` would be written to the same place in the site"),
        "{err}"
    );
    assert_eq!(snapshot(&root.join("public")), before);
}

#[test]
fn site_urls_are_http_with_a_host_and_base_url_cannot_move_hosts() {
    for (from, to, message) in [
        (
            "repository: https://github.com/example-org/pipebook",
            "repository: \"javascript:alert(document.domain)\"",
            "repository `javascript:alert(document.domain)` is not an http(s) URL",
        ),
        (
            "base_url: https://pipebook-example.netlify.app/",
            "base_url: \"//evil.example/\"",
            "base_url `//evil.example/` is not an absolute http(s) URL",
        ),
        (
            "base_url: https://pipebook-example.netlify.app/",
            "base_url: \"https://ops.example.com/\\\\evil.example/\"",
            "holds white space, a control character or a backslash",
        ),
    ] {
        let site = example_site();
        let root = site.path();
        edit(root, "content/site.yaml", from, to);
        let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(message), "{message} missing from {err}");
        assert!(err.contains("content/site.yaml:"), "{err}");
    }
    // --base-url gets the same checks.
    let site = example_site();
    let root = site.path();
    let o = pipebook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--base-url",
        "https://ops.example.com//evil.example/",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("has an empty path segment"),
        "{}",
        stderr(&o)
    );
    assert!(!root.join("public").exists());
}

#[test]
fn control_characters_in_data_are_errors_printed_escaped() {
    for (file, from, to) in [
        (
            "content/team.yaml",
            "name: Data Engineer 3",
            "name: \"\\e]0;PWNED\\a\\e[2J\"",
        ),
        (
            "content/pipelines.yaml",
            "name: Aggregate profit",
            "name: \"Aggregate\\0profit\"",
        ),
        (
            "content/oncall.yaml",
            "name: \"Thanksgiving Day\"",
            "name: \"Thanksgiving\\vDay\"",
        ),
        (RUNBOOK, "title:", "description: \"a\\x1bb\"\ntitle:"),
        // An id is quoted in other messages too ("unknown engineer …").
        (
            "content/pipelines.yaml",
            "primary: de2",
            "primary: \"\\e]0;PWNED\\a\\e[2J\"",
        ),
    ] {
        let site = example_site();
        let root = site.path();
        edit(root, file, from, to);
        let line = line_of(root, file, to.lines().next().unwrap());
        let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.contains(&format!("{file}:{line}:")),
            "{file}:{line} missing from {err}"
        );
        assert!(err.contains("holds the control character"), "{err}");
        assert!(
            !err.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "raw control characters printed: {err:?}"
        );
    }
}
