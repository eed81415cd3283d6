//! HTTP messages (`http`): a request's method, target and version or a response's status
//! line, the header fields' names, and a body that is JSON highlighted as JSON (a
//! token request, a webhook's payload: what runbooks of services show). One pass: the
//! head line by line, then the body once.

use super::lex::{line_end, skip_while};
use super::spans::Writer;
use super::tree::{tree, Grammar};

/// Appends `code`, highlighted as an HTTP message and escaped, to `out`. Returns why the
/// body was written plain, when its JSON could not be parsed safely.
pub(super) fn highlight(code: &str, out: &mut String) -> Option<&'static str> {
    let b = code.as_bytes();
    let body = body_start(b);
    let head = &code[..body];
    let mut w = Writer::new(head, out);
    let mut start = skip_while(b, 0, |c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
    let mut first = true;
    while start < body {
        let end = line_end(b, start).min(body);
        let line = &b[start..end];
        if first {
            start_line(b, start, end, &mut w);
            first = false;
        } else if let Some(colon) = memchr::memchr(b':', line) {
            if colon > 0 && line[..colon].iter().all(u8::is_ascii_graphic) {
                w.span("p", start, start + colon);
            }
        }
        start = end + 1;
    }
    w.finish();
    let rest = &code[body..];
    if rest.trim_start().starts_with(['{', '[']) {
        tree(Grammar::Json, rest, out)
    } else {
        super::escape(rest, out);
        None
    }
}

/// Where the body begins: after the blank line that ends the head (the start line and
/// the header fields), or the end.
fn body_start(b: &[u8]) -> usize {
    let mut start = skip_while(b, 0, |c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
    let mut first = true;
    while start < b.len() {
        let end = line_end(b, start);
        if !first
            && b[start..end]
                .iter()
                .all(|&c| matches!(c, b' ' | b'\t' | b'\r'))
        {
            return (end + 1).min(b.len());
        }
        first = false;
        start = end + 1;
    }
    b.len()
}

/// A request line (`GET /path HTTP/1.1`: method, target, version) or a status line
/// (`HTTP/1.1 200 OK`: version, code).
fn start_line(b: &[u8], start: usize, end: usize, w: &mut Writer) {
    let first_end = skip_while(b, start, |c| c != b' ' && c != b'\t').min(end);
    let second = skip_while(b, first_end, |c| c == b' ' || c == b'\t').min(end);
    let second_end = skip_while(b, second, |c| c != b' ' && c != b'\t').min(end);
    if b[start..first_end].starts_with(b"HTTP/") {
        w.span("t", start, first_end);
        w.span("n", second, second_end);
    } else if b[start..first_end].iter().all(|c| c.is_ascii_uppercase()) {
        w.span("k", start, first_end);
        w.span("s", second, second_end);
        let third = skip_while(b, second_end, |c| c == b' ' || c == b'\t').min(end);
        if b[third..end].starts_with(b"HTTP/") {
            w.span(
                "t",
                third,
                skip_while(b, third, |c| !c.is_ascii_whitespace()).min(end),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn a_request_with_a_json_body_and_a_response() {
        let code = "POST /api/token?aud=<x> HTTP/1.1\nHost: auth.example\nContent-Type: application/json\n\n{\"target\": \"<t>\", \"n\": 1}\n";
        let html = hl("http", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "POST"),
                ("s", "/api/token?aud=<x>"),
                ("t", "HTTP/1.1"),
                ("p", "Host"),
                ("p", "Content-Type"),
                ("p", "\"target\""),
                ("s", "\"<t>\""),
                ("p", "\"n\""),
                ("n", "1"),
            ]),
            "{html}"
        );
        let html = hl("http", "HTTP/1.1 200 OK\nX: y\n\nplain <body>: z\n");
        assert_eq!(
            spans(&html),
            pairs(&[("t", "HTTP/1.1"), ("n", "200"), ("p", "X")]),
            "{html}"
        );
        for code in ["", "\n\n", "GET", "a: b\n\n[", "HTTP/1.1 \r\n\r\n{\"a\""] {
            assert_eq!(text(&hl("http", code)), code, "{code:?}");
        }
    }
}
