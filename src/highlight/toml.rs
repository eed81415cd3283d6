//! TOML (`toml`), the format of `netlify.toml`, Cargo and many tools' configuration,
//! highlighted by a lexer in one pass: comments, `[table]` and `[[array]]` headers, keys,
//! strings (basic, literal and their multi-line forms), numbers, dates and booleans. Inline
//! tables' keys are keys; arrays run over lines.

use super::lex::{skip_while, utf8_len};
use super::spans::Writer;

/// Appends `code`, highlighted as TOML and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    // The open arrays (`[`) and inline tables (`{`) of the value being read, innermost
    // last: a newline inside one does not begin a key.
    let mut open: Vec<u8> = Vec::new();
    // Whether a key is expected: at the start of a line outside any value, and after `{`
    // or a `,` of an inline table.
    let mut key = true;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let class = match c {
            b'\n' => {
                key = open.is_empty();
                i += 1;
                None
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                None
            }
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                Some("c")
            }
            b'[' if key && open.is_empty() => {
                i = header_end(b, i);
                key = false;
                Some("t")
            }
            b'"' | b'\'' => {
                i = string(b, i);
                Some(if key { "p" } else { "s" })
            }
            b'=' => {
                key = false;
                i += 1;
                None
            }
            b'[' | b'{' => {
                open.push(c);
                key = c == b'{';
                i += 1;
                None
            }
            b']' | b'}' => {
                open.pop();
                i += 1;
                None
            }
            b',' => {
                key = open.last() == Some(&b'{');
                i += 1;
                None
            }
            _ if key && bare_key(c) => {
                i = skip_while(b, i, bare_key);
                Some("p")
            }
            b'0'..=b'9' | b'+' | b'-' if !key => {
                i = skip_while(b, i + 1, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'+' | b'-')
                });
                Some("n")
            }
            _ if c.is_ascii_alphabetic() && !key => {
                i = skip_while(b, i, |c| c.is_ascii_alphanumeric());
                matches!(&code[start..i], "true" | "false" | "inf" | "nan").then_some("n")
            }
            _ => {
                i += utf8_len(c);
                None
            }
        };
        if let Some(class) = class {
            w.span(class, start, i);
        }
    }
    w.finish();
}

/// A bare key's characters (`.` joins dotted keys).
fn bare_key(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

/// The end of a table header opening at `i`: after its last `]` on the line, before a
/// comment (a quoted key in a header may hold `]` or `#`).
fn header_end(b: &[u8], i: usize) -> usize {
    let line_end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let mut j = i;
    let mut end = line_end;
    while j < line_end {
        match b[j] {
            // A key in a header is on one line: a quote is looked for no further (a
            // multi-line string's scan to the code's end, at every such line, was
            // quadratic).
            q @ (b'"' | b'\'') => {
                j = memchr::memchr(q, &b[j + 1..line_end]).map_or(line_end, |n| j + 1 + n + 1)
            }
            b']' => {
                j += 1;
                end = j;
            }
            b'#' => break,
            _ => j += 1,
        }
    }
    if end == line_end {
        // No `]`: the rest of the line, its blanks aside.
        while end > i && matches!(b[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
    }
    end
}

/// The end of the string opening at `i` (after its closing quote; an unclosed one-line
/// string ends with its line, an unclosed multi-line one with the code).
fn string(b: &[u8], i: usize) -> usize {
    let quote = b[i];
    let escapes = quote == b'"';
    let triple = [quote; 3];
    if b[i..].starts_with(&triple) {
        let mut j = i + 3;
        while j < b.len() {
            if escapes && b[j] == b'\\' {
                j += 2;
            } else if b[j..].starts_with(&triple) {
                // Up to two more quotes belong to the string (`""""a"""""`).
                let mut end = j + 3;
                while end < b.len() && end < j + 5 && b[end] == quote {
                    end += 1;
                }
                return end;
            } else {
                j += 1;
            }
        }
        return b.len();
    }
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if escapes => j += 2,
            b'\n' => return j,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn a_netlify_toml() {
        let code = "# deploy\n[build]\n  command = \"make site\" # here\n  publish = 'public'\n\n[[redirects]]\nfrom = \"/old/*\"\nstatus = 301\nforce = true\nheaders = { X-Frame = \"DENY\", ttl = 1.5e3 }\nwhen = 1979-05-27T07:32:00Z\nlist = [\n  \"a\",\n  2,\n]\nsite.name = \"\"\"multi\nline\"\"\"\nnext = -7\n";
        let html = hl("toml", code);
        assert_eq!(text(&html), code);
        let want = pairs(&[
            ("c", "# deploy"),
            ("t", "[build]"),
            ("p", "command"),
            ("s", "\"make site\""),
            ("c", "# here"),
            ("p", "publish"),
            ("s", "'public'"),
            ("t", "[[redirects]]"),
            ("p", "from"),
            ("s", "\"/old/*\""),
            ("p", "status"),
            ("n", "301"),
            ("p", "force"),
            ("n", "true"),
            ("p", "headers"),
            ("p", "X-Frame"),
            ("s", "\"DENY\""),
            ("p", "ttl"),
            ("n", "1.5e3"),
            ("p", "when"),
            ("n", "1979-05-27T07:32:00Z"),
            ("p", "list"),
            ("s", "\"a\""),
            ("n", "2"),
            ("p", "site.name"),
            ("s", "\"\"\"multi\nline\"\"\""),
            ("p", "next"),
            ("n", "-7"),
        ]);
        assert_eq!(spans(&html), want, "{html}");
    }

    #[test]
    fn quoted_keys_headers_with_brackets_and_broken_toml_keep_the_text() {
        let html = hl("toml", "[a.\"b]#\"] # c\n\"k y\" = 1\n");
        assert!(
            html.starts_with(r##"<span class="t">[a."b]#"]</span> <span class="c"># c</span>"##),
            "{html}"
        );
        assert!(html.contains(r#"<span class="p">"k y"</span>"#), "{html}");
        for code in [
            "[open\n",
            "a = \"open\nb = 1\n",
            "a = '''open",
            "]]]}}} = = ,,, [[[{{{",
            "ключ = \"значение\" # é\n",
            "a = \"<script>\" # <b>\n",
            "\"\"\"",
            "[\"\"\"\n",
        ] {
            let html = hl("toml", code);
            assert_eq!(text(&html), code, "{html}");
            assert!(
                !html.contains("<script>") && !html.contains("<b>"),
                "{html}"
            );
        }
    }
}
