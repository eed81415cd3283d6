//! `_headers`: the response headers of the files copied from beside the runbooks, in
//! Netlify's format (`pipebook serve` reads the same file).
//!
//! Every copied file is served with a `sandbox` Content-Security-Policy: should a browser
//! render one as a document (an HTML file renamed `.txt` served with a guessed type, a
//! file without an extension), it runs no script and has no origin, so it cannot reach
//! the site's pages, storage or cookies. PDFs are the exception: Chrome refuses to show a
//! PDF under `sandbox`, and its viewer runs a PDF's scripts apart from the site anyway.

use std::fmt::Write;

/// The policy of a copied file.
pub const ASSET_POLICY: &str = "sandbox; default-src 'none'";

/// The `_headers` file for the copied files at `rel_paths` (under `content/runbooks`).
pub fn netlify_headers<'a>(rel_paths: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(
        "# Written by pipebook: files copied from beside the runbooks are served sandboxed.\n",
    );
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
        let h = netlify_headers(["a/flow.png", "x y/notes", "b/report.PDF"].into_iter());
        assert!(h.contains(
            "/runbooks/a/flow.png\n  Content-Security-Policy: sandbox; default-src 'none'\n  X-Content-Type-Options: nosniff\n"
        ));
        assert!(h.contains("/runbooks/x%20y/notes\n  Content-Security-Policy: sandbox"));
        assert!(h.contains("/runbooks/b/report.PDF\n  X-Content-Type-Options: nosniff\n"));
    }
}
