//! A page's HTML shown at another address: the runbook folder's text on the home page of a
//! runbook collection. pipebook writes its own links root-relative, but an author's raw
//! HTML keeps what was typed (`<a href="docs/x.md">` in a README's table), which resolves
//! against the page's address: written for `/runbooks/`, it breaks at `/`.

use std::borrow::Cow;

/// `html` with every relative `href` and `src` of its tags prefixed by `prefix` (the
/// root-relative address of the page it was written for, ending in `/`). One pass over
/// the text; text between tags, comments and absolute addresses are left as they are.
pub fn rebased<'h>(html: &'h str, prefix: &str) -> Cow<'h, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // A start tag: its attributes up to the `>` outside quotes.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        while i < b.len() && b[i] != b'>' {
            if b[i].is_ascii_whitespace() || b[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let name = &html[name_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    (i + 1, end)
                }
                _ => {
                    let mut e = i;
                    while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (i, e)
                }
            };
            let value = &html[start..end];
            if (name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src"))
                && relative(value)
            {
                out.push_str(&html[copied..start]);
                out.push_str(prefix);
                copied = start;
            }
            i = (end + 1).min(b.len());
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// An address that resolves against the page's own: not empty, not root- or
/// protocol-relative, no fragment or query alone, no scheme (`mailto:`, `https:`).
fn relative(value: &str) -> bool {
    let v = value.trim_start();
    if v.is_empty() || v.starts_with(['/', '#', '?', '\\']) {
        return false;
    }
    let head = v.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

#[cfg(test)]
mod tests {
    use super::rebased;

    #[test]
    fn relative_addresses_of_tags_are_prefixed() {
        let html =
            r#"<p><a href="docs/x.md">x</a> <img src='img/a.png' alt="a"> <a href=y/>y</a></p>"#;
        assert_eq!(
            rebased(html, "/ops/runbooks/"),
            r#"<p><a href="/ops/runbooks/docs/x.md">x</a> <img src='/ops/runbooks/img/a.png' alt="a"> <a href=/ops/runbooks/y/>y</a></p>"#
        );
    }

    #[test]
    fn absolute_addresses_fragments_and_text_are_left() {
        let html = concat!(
            r##"<a href="/ops/runbooks/a/">a</a><a href="#steps">s</a><a href="https://x.example/">x</a>"##,
            r#"<a href="mailto:a@b.example">m</a><a href="?q=1">q</a>"#,
            r#"<code>&lt;a href="docs/x.md"&gt;</code> and href="z" in text"#,
            r#"<a title="a > b" href="c/">c</a>"#
        );
        let out = rebased(html, "/r/");
        assert_eq!(out.matches("/r/").count(), 1, "{out}");
        assert!(out.contains(r#"title="a > b" href="/r/c/""#), "{out}");
        assert!(out.contains(r#"&lt;a href="docs/x.md"&gt;"#), "{out}");
        assert!(matches!(
            rebased("<p>plain</p>", "/r/"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
