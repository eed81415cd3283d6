//! A twenty-first adversarial review (session 26): a hostile pull request's author trying
//! ways not tried before. Each test builds a small site in a temporary folder; each failed
//! on ec37b75.

mod common;

use common::{build_ok, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// The problems reported for a site of one runbook `a.md` holding `md`, as `file:line
/// message`.
fn problems_of(md: &str) -> Vec<String> {
    let site = site_of(&[SITE, ("content/runbooks/a.md", md)]);
    let err = stderr(&build_ok(site.path()));
    problems(&err.replace("  --> ", "  ┌─ "))
}

/// A link's text written with the ideographic full stop (`ops。example`, which IDNA and
/// so every browser takes for a dot), fullwidth forms (`https：／／`) or a fraction
/// slash shows the reader `ops.example`; to the check it was no
/// host, and the link led to evil.example without a word.
#[test]
fn link_text_with_lookalike_dots_slashes_or_letters_names_its_host() {
    let texts = [
        "https://ops\u{3002}example/login",
        "https://ops\u{FF0E}example/login",
        "www.ops\u{FF61}example",
        "https\u{FF1A}\u{FF0F}\u{FF0F}ops.example/login",
        "https://ops.example\u{2044}login",
    ];
    let mut md = String::from("# A\n");
    for text in texts {
        md.push_str(&format!("\n[{text}](https://evil.example/)\n"));
    }
    // The same host written so is no warning.
    md.push_str("\n[https://ops\u{3002}example/x](https://ops.example/x)\n");
    let found = problems_of(&md);
    let says = "the link's text shows the host `ops.example`, but the link leads to `evil.example`";
    for (i, text) in texts.iter().enumerate() {
        let at = format!("content/runbooks/a.md:{} ", 3 + 2 * i);
        assert!(
            found.iter().any(|p| p.starts_with(&at) && p.contains(says)),
            "{}: {found:#?}",
            text.escape_unicode()
        );
    }
    assert_eq!(found.len(), texts.len(), "{found:#?}");
}
