//! `_headers`: the site's Content-Security-Policy, and the response headers of the files
//! copied from beside the runbooks, in Netlify's format (`pipebook serve` reads the same
//! file).
//!
//! The policy of every page is written here rather than in `netlify.toml` because it
//! names the hashes of the CSS and script each page carries inline (see
//! [`super::inline`]), which change with the theme: it allows scripts, styles, data and
//! workers from the site itself, and no other inline code.
//!
//! Every copied file is served with a `sandbox` Content-Security-Policy: should a browser
//! render one as a document (an HTML file renamed `.txt` served with a guessed type, a
//! file without an extension), it runs no script and has no origin, so it cannot reach
//! the site's pages, storage or cookies. PDFs are the exception: Chrome refuses to show a
//! PDF under `sandbox`, and its viewer runs a PDF's scripts apart from the site anyway.

use std::fmt::Write;

use crate::model::PREVIEW_ROBOTS;

/// The policy of a copied file.
pub const ASSET_POLICY: &str = "sandbox; default-src 'none'";

/// The policy of every page, allowing the inline CSS and script of `inline`.
pub fn page_policy(inline: &super::inline::Inline) -> String {
    format!(
        "default-src 'self'; script-src 'self' {}; style-src 'self' {}; img-src 'self' data: https:; \
         connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        inline.script_hash, inline.css_hash
    )
}

/// The `_headers` file: `policy` for every path (and, in a `preview`'s build,
/// [`PREVIEW_ROBOTS`]), and the copied files at `rel_paths` (under `content/runbooks`)
/// sandboxed.
pub fn netlify_headers<'a>(
    policy: &str,
    preview: bool,
    rel_paths: impl Iterator<Item = &'a str>,
) -> String {
    let mut out = String::from(
        "# Written by pipebook: the policy of every page (it names the hashes of the CSS and\n\
         # script pages carry inline), and the files copied from beside the runbooks sandboxed.\n",
    );
    let _ = writeln!(out, "/*\n  Content-Security-Policy: {policy}");
    if preview {
        let _ = writeln!(out, "  {PREVIEW_ROBOTS}");
    }
    for rel in rel_paths {
        let pdf = rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("pdf"));
        let _ = writeln!(out, "/runbooks/{}", crate::url::encode_path(rel));
        if !pdf {
            let _ = writeln!(out, "  Content-Security-Policy: {ASSET_POLICY}");
        }
        out.push_str("  X-Content-Type-Options: nosniff\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_copied_file_is_listed_sandboxed_but_pdfs() {
        let h = netlify_headers(
            "default-src 'self'",
            false,
            ["a/flow.png", "x y/notes", "b/report.PDF"].into_iter(),
        );
        assert!(!h.contains("X-Robots-Tag"));
        assert!(h.contains("\n/*\n  Content-Security-Policy: default-src 'self'\n"));
        assert!(h.contains(
            "/runbooks/a/flow.png\n  Content-Security-Policy: sandbox; default-src 'none'\n  X-Content-Type-Options: nosniff\n"
        ));
        assert!(h.contains("/runbooks/x%20y/notes\n  Content-Security-Policy: sandbox"));
        assert!(h.contains("/runbooks/b/report.PDF\n  X-Content-Type-Options: nosniff\n"));
    }

    #[test]
    fn the_page_policy_allows_only_the_inline_code_it_hashes() {
        let inline = super::super::inline::Inline {
            css_hash: "'sha256-A'".into(),
            script_hash: "'sha256-B'".into(),
            ..Default::default()
        };
        let policy = page_policy(&inline);
        assert!(policy.contains("script-src 'self' 'sha256-B';"), "{policy}");
        assert!(policy.contains("style-src 'self' 'sha256-A';"), "{policy}");
        assert!(!policy.contains("unsafe"), "{policy}");
        assert!(policy.contains("object-src 'none'") && policy.contains("frame-ancestors 'none'"));
    }
}
