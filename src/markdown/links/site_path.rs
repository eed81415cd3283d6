//! An address written from the site's root, read as a browser reads it before asking the
//! host: its dot segments resolved (`/runbooks/../../runbooks/` is `/runbooks/`, and
//! `%2e%2e` is `..`, as the URL Standard says), and an encoded slash (`%2F`) kept inside
//! its segment. Before, `..` was compared as a name, so a link every browser opens was
//! reported as leading nowhere, and `%2F` was decoded into a separator, so
//! `/%2F/evil.example` passed as the home page and `/runbooks%2Fx/` as the page
//! `/runbooks/x/`, where the browser asks the host for another path.

use super::{percent_decode, SitePath};

/// What an encoded slash decodes to in a checked path: no page, file or route has it in
/// its name (file names cannot hold it), so such a path leads to none of them.
pub(crate) const ENCODED_SLASH: char = '\0';

/// The path under the site's base path of `raw`, an address from the site's root (one
/// `/`), resolved and percent-decoded, without its query and fragment. An address outside
/// the base path (`/other-app/` beside a site at `/docs/`) is kept from the host's root
/// with the same address under the base path: it is not the site's to judge unless it
/// names one of its pages, when the base path was forgotten (`/runbooks/x/` for
/// `/docs/runbooks/x/`).
pub(super) fn site_path(raw: &str, base_path: &str) -> SitePath {
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let segments = resolved_segments(&raw[..end]);
    let path = decoded(&segments);
    let under = match path.strip_prefix(base_path) {
        Some(rest) => rest,
        // The base path written without its last `/` is its home page.
        None if path == base_path.trim_end_matches('/') => "",
        None => {
            let from_host = path.trim_start_matches('/');
            return SitePath {
                without_base: Some(format!("{base_path}{}{}", segments.join("/"), &raw[end..])),
                path: from_host.to_string(),
            };
        }
    };
    SitePath {
        path: under.to_string(),
        without_base: None,
    }
}

/// The segments of `path` (which starts with `/`) after the URL Standard's path state:
/// `.` is dropped and `..` drops the segment before it (none above the root), and either
/// one last leaves the path ending with `/`.
fn resolved_segments(path: &str) -> Vec<&str> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let mut out = Vec::new();
    let mut parts = path.split('/').peekable();
    while let Some(seg) = parts.next() {
        let last = parts.peek().is_none();
        if is_double_dot(seg) {
            out.pop();
        } else if !is_single_dot(seg) {
            out.push(seg);
            continue;
        }
        if last {
            out.push("");
        }
    }
    out
}

/// `/` and the segments, each percent-decoded, a `/` decoded inside one kept apart as
/// [`ENCODED_SLASH`].
fn decoded(segments: &[&str]) -> String {
    let mut path = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum());
    for seg in segments {
        path.push('/');
        let seg = percent_decode(seg);
        if seg.contains('/') {
            path.extend(
                seg.chars()
                    .map(|c| if c == '/' { ENCODED_SLASH } else { c }),
            );
        } else {
            path.push_str(&seg);
        }
    }
    if segments.is_empty() {
        path.push('/');
    }
    path
}

fn is_single_dot(seg: &str) -> bool {
    seg == "." || seg.eq_ignore_ascii_case("%2e")
}

fn is_double_dot(seg: &str) -> bool {
    seg == ".."
        || [".%2e", "%2e.", "%2e%2e"]
            .iter()
            .any(|d| seg.eq_ignore_ascii_case(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> String {
        site_path(raw, "/").path
    }

    #[test]
    fn dot_segments_resolve_as_a_browser_resolves_them() {
        assert_eq!(path("/runbooks/../../runbooks/"), "runbooks/");
        assert_eq!(path("/runbooks/./profit/x/"), "runbooks/profit/x/");
        assert_eq!(
            path("/runbooks/profit/%2E%2e/growth/y/"),
            "runbooks/growth/y/"
        );
        assert_eq!(path("/runbooks/x/.%2E"), "runbooks/");
        assert_eq!(path("/runbooks/x/."), "runbooks/x/");
        assert_eq!(path("/runbooks/.."), "");
        assert_eq!(path("/.."), "");
        assert_eq!(path("/"), "");
        // `...` and `.x` are names.
        assert_eq!(path("/runbooks/.../.x"), "runbooks/.../.x");
        assert_eq!(path("/runbooks/a%20b/?q=1#s"), "runbooks/a b/");
    }

    #[test]
    fn an_encoded_slash_stays_in_its_segment() {
        assert_eq!(path("/%2F/evil.example"), "\0/evil.example");
        assert_eq!(path("/runbooks%2fx/"), "runbooks\0x/");
        // A decoded `..` is a name: the browser never resolves it.
        assert_eq!(path("/runbooks/%2E%2E%2F/x"), "runbooks/..\0/x");
    }

    #[test]
    fn the_base_path_is_judged_after_resolving() {
        let under = site_path("/ops/runbooks/../engineers/", "/ops/");
        assert_eq!(
            (under.path.as_str(), under.without_base),
            ("engineers/", None)
        );
        let out = site_path("/ops/../runbooks/x/#step", "/ops/");
        assert_eq!(out.path, "runbooks/x/");
        assert_eq!(out.without_base.as_deref(), Some("/ops/runbooks/x/#step"));
    }
}
