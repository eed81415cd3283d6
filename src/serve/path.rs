//! From a request's path to a file of the built site, and the one redirect serve makes.
//!
//! A request path is untrusted: it is split at its slashes first and each segment then
//! percent-decoded (UTF-8), so an encoded slash can never make a segment boundary, and a
//! segment that decodes to `..`, or holds a slash, a backslash, NUL or another control
//! character is refused. The one redirect (a folder asked for without its trailing
//! slash) is rebuilt from the decoded segments, re-encoded: it always starts with exactly
//! one `/` followed by a plain segment, so it stays on this server, and it holds no control
//! character.

use std::path::{Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// Where a URL path leads in a built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: the path to send it to, encoded.
    Redirect(String),
    /// A rule of the site's `_redirects` sends the reader on (`301`): the path to send
    /// it to, as the rule writes it.
    Moved {
        location: String,
        status: u16,
    },
    /// A rule of the site's `_redirects` answers with another file and a status of its
    /// own (`410` with the 404 page).
    Rewrite {
        file: PathBuf,
        status: u16,
    },
    NotFound,
    /// The path tries to leave the site or is not a plain path.
    Forbidden,
}

/// What is encoded in a path segment of a Location: all but unreserved characters and a
/// few harmless sub-delimiters.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'\\')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What is encoded when a query is copied into a Location: what may not appear in a URL
/// at all (controls, space, quotes, angle brackets, backslash...); `%` stays, since the
/// query is copied as it was encoded.
const QUERY: &AsciiSet = &crate::url::URL_TEXT.add(b'#');

/// Decodes `%XX` escapes; `None` when the result is not UTF-8. A `%` not followed by two
/// hex digits stays as it is (as browsers read it).
pub fn percent_decode(s: &str) -> Option<String> {
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// The decoded segments of a URL path, or `None` when one may not name a file: `..`, or
/// anything holding a slash, a backslash, NUL or another control character, or not UTF-8.
/// Empty and `.` segments are dropped.
pub fn segments(url_path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in url_path.split('/') {
        let segment = percent_decode(raw)?;
        match segment.as_str() {
            "" | "." => {}
            ".." => return None,
            s if s.chars().any(|c| c == '/' || c == '\\' || c.is_control()) => return None,
            _ => out.push(segment),
        }
    }
    Some(out)
}

/// Maps a URL path (without the query) to a file of the site in `dir`: `/a/` to
/// `a/index.html`; never anything outside `dir`. `_headers` is Netlify's, not a page.
pub fn resolve(dir: &Path, url_path: &str) -> Resolved {
    let Some(segments) = segments(url_path) else {
        return Resolved::Forbidden;
    };
    if segments.len() == 1 && matches!(segments[0].as_str(), "_headers" | "_redirects") {
        return Resolved::NotFound;
    }
    let mut file = dir.to_path_buf();
    file.extend(&segments);
    if url_path.ends_with('/') || segments.is_empty() {
        file.push("index.html");
    } else if file.is_dir() {
        return if file.join("index.html").is_file() {
            Resolved::Redirect(folder_location(&segments))
        } else {
            Resolved::NotFound
        };
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

/// `/a/b/` for the segments `a`, `b`, each encoded.
fn folder_location(segments: &[String]) -> String {
    let mut out = String::from("/");
    for s in segments {
        out.extend(utf8_percent_encode(s, SEGMENT));
        out.push('/');
    }
    out
}

/// A redirect target with the request's query copied over, made safe for a header.
pub fn with_query(location: &str, query: Option<&str>) -> String {
    match query {
        Some(q) if !q.is_empty() => {
            let q: String = percent_encoding::percent_encode(q.as_bytes(), QUERY).collect();
            format!("{location}?{q}")
        }
        _ => location.to_string(),
    }
}

/// Whether a Location stays on this server: one `/`, then not another `/` or `\` (which
/// browsers read as `//`, another host).
pub fn is_local(location: &str) -> bool {
    let b = location.as_bytes();
    b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && !location.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn resolves_folders_files_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("runbooks/a b+c/é")).unwrap();
        fs::create_dir_all(d.join("runbooks/x")).unwrap();
        fs::write(d.join("index.html"), "home").unwrap();
        fs::write(d.join("runbooks/a b+c/index.html"), "page").unwrap();
        fs::write(d.join("runbooks/a b+c/é/index.html"), "page").unwrap();
        fs::write(d.join("oncall.ics"), "feed").unwrap();
        fs::write(d.join("_headers"), "/*\n  X: y\n").unwrap();
        assert_eq!(resolve(d, "/"), Resolved::File(d.join("index.html")));
        assert_eq!(resolve(d, ""), Resolved::File(d.join("index.html")));
        assert_eq!(
            resolve(d, "/runbooks/a%20b+c/"),
            Resolved::File(d.join("runbooks/a b+c/index.html"))
        );
        assert_eq!(
            resolve(d, "/runbooks/a%20b%2Bc/%C3%A9/"),
            Resolved::File(d.join("runbooks/a b+c/é/index.html"))
        );
        assert_eq!(
            resolve(d, "/runbooks/a%20b+c"),
            Resolved::Redirect("/runbooks/a%20b+c/".into())
        );
        assert_eq!(
            resolve(d, "/runbooks/a b+c/%C3%A9"),
            Resolved::Redirect("/runbooks/a%20b+c/%C3%A9/".into())
        );
        assert_eq!(
            resolve(d, "/oncall.ics"),
            Resolved::File(d.join("oncall.ics"))
        );
        assert_eq!(resolve(d, "/runbooks/"), Resolved::NotFound);
        assert_eq!(resolve(d, "/runbooks/x"), Resolved::NotFound);
        assert_eq!(resolve(d, "/missing.html"), Resolved::NotFound);
        assert_eq!(resolve(d, "/_headers"), Resolved::NotFound);
        for bad in [
            "/../secret",
            "/runbooks/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2fsecret",
            "/runbooks%2F..%2F..%2Fsecret",
            "/a%5c..%5csecret",
            "/\\evil",
            "/%00",
            "/a%0d%0ab",
            "/%ff",
            "/%2F%2Fevil.example",
            "/%2fevil",
            "/%5Cevil",
        ] {
            assert_eq!(resolve(d, bad), Resolved::Forbidden, "{bad}");
        }
    }

    #[test]
    fn redirects_stay_on_this_server() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("runbooks")).unwrap();
        fs::write(d.join("runbooks/index.html"), "list").unwrap();
        // `//runbooks` would be another host to a browser.
        for path in ["//runbooks", "///runbooks", "/./runbooks", "/.//runbooks"] {
            assert_eq!(
                resolve(d, path),
                Resolved::Redirect("/runbooks/".into()),
                "{path}"
            );
        }
        assert_eq!(
            with_query("/runbooks/", Some("a=1&b=%0D\r\n x")),
            "/runbooks/?a=1&b=%0D%0D%0A%20x"
        );
        assert_eq!(with_query("/runbooks/", Some("")), "/runbooks/");
        assert!(is_local("/runbooks/"));
        for bad in ["//evil", "/\\evil", "http://evil", "", "/a\r\nb"] {
            assert!(!is_local(bad), "{bad}");
        }
    }
}
