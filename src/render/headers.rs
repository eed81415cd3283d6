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
//!
//! Every path is served [`CACHE_CONTROL`]: no file name carries a hash of its content, so
//! each address keeps its name while a build changes what it holds (`/oncall.json`, the
//! feeds, the search index's heads and shards, `sw.js`, the pages). Without it a host or a
//! CDN in front of one may keep a copy for minutes to hours by its own heuristics, and a
//! phone shows last week's on-call answer or a search index of another build.

use std::fmt::Write;

use crate::model::PREVIEW_ROBOTS;

/// The policy of a copied file.
pub const ASSET_POLICY: &str = "sandbox; default-src 'none'";

/// How every path may be cached: kept, but asked again of the server before every use (a
/// `304` when unchanged). Not `public` nor `must-revalidate`: either lets a shared cache
/// keep a reply to a request that carried credentials (RFC 9111, 3.5), and a team's docs
/// are often behind a host's password. Nothing gets a long `immutable` lifetime, as no
/// name is hashed; such files would need a rule that `/*` does not also match, since
/// Netlify joins the values of every matching rule.
pub const CACHE_CONTROL: &str = "no-cache";

/// The policy of every page, allowing the inline CSS and script of `inline`.
pub fn page_policy(inline: &super::inline::Inline) -> String {
    format!(
        "default-src 'self'; script-src 'self' {}; style-src 'self' {}; img-src 'self' data: https:; \
         connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        inline.script_hash, inline.css_hash
    )
}

/// The `_headers` file: `policy` and [`CACHE_CONTROL`] for every path (and, in a
/// `preview`'s build, [`PREVIEW_ROBOTS`]), and the copied files at `rel_paths` (under `content/runbooks`)
/// sandboxed.
pub fn netlify_headers<'a>(
    policy: &str,
    preview: bool,
    rel_paths: impl Iterator<Item = &'a str>,
) -> String {
    let mut out = String::from(
        "# Written by pipebook: the policy of every page (it names the hashes of the CSS and\n\
         # script pages carry inline); every file revalidated before use, as each keeps its\n\
         # name while builds change it; the files copied from beside the runbooks sandboxed.\n",
    );
    let _ = writeln!(
        out,
        "/*\n  Content-Security-Policy: {policy}\n  Cache-Control: {CACHE_CONTROL}"
    );
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
        assert!(h.contains(
            "\n/*\n  Content-Security-Policy: default-src 'self'\n  Cache-Control: no-cache\n"
        ));
        assert!(h.contains(
            "/runbooks/a/flow.png\n  Content-Security-Policy: sandbox; default-src 'none'\n  X-Content-Type-Options: nosniff\n"
        ));
        assert!(h.contains("/runbooks/x%20y/notes\n  Content-Security-Policy: sandbox"));
        assert!(h.contains("/runbooks/b/report.PDF\n  X-Content-Type-Options: nosniff\n"));
    }

    #[test]
    fn every_path_is_revalidated_once_and_none_is_kept_long() {
        for preview in [false, true] {
            let h = netlify_headers("x", preview, ["a/flow.png"].into_iter());
            // One rule sets it, `/*`, so that no path gets two values joined.
            assert_eq!(h.matches("Cache-Control:").count(), 1, "{h}");
            assert!(h.contains("/*\n  Content-Security-Policy: x\n  Cache-Control: no-cache\n"));
            for long in ["immutable", "max-age", "public", "must-revalidate"] {
                assert!(!h.contains(long), "{long} in {h}");
            }
        }
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
