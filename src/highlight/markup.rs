//! XML and HTML (`xml`, `html`, `svg`, `plist`…): the configuration files, API responses
//! and status pages that runbooks quote. Tags' names, attributes' names and values,
//! comments, declarations (`<?xml …?>`, `<!DOCTYPE …>`), CDATA sections and character
//! references; in HTML, a `<script>` element's content is JavaScript, highlighted as such.
//! One pass: each `<` is read once, a quoted value or comment left open runs to the end.

use super::clike;
use super::flavors;
use super::lex::{skip_while, utf8_len};
use super::spans::Writer;

/// Appends `code`, highlighted as XML (or HTML, with its scripts) and escaped, to `out`.
pub(super) fn highlight(code: &str, html: bool, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    while let Some(n) = memchr::memchr2(b'<', b'&', &b[i..]) {
        let at = i + n;
        i = if b[at] == b'&' {
            reference(b, at, &mut w)
        } else if b[at..].starts_with(b"<!--") {
            let end = find(b, at + 4, b"-->");
            w.span("c", at, end);
            end
        } else if b[at..].starts_with(b"<![CDATA[") {
            let end = find(b, at + 9, b"]]>");
            w.span("s", at, end);
            end
        } else if matches!(b.get(at + 1), Some(b'!' | b'?')) {
            let end = memchr::memchr(b'>', &b[at..]).map_or(b.len(), |n| at + n + 1);
            w.span("k", at, end);
            end
        } else {
            tag(b, at, html, &mut w)
        };
    }
    w.finish();
}

/// The end of `close` searched from `from` (after it), or the code's end.
fn find(b: &[u8], from: usize, close: &[u8]) -> usize {
    memchr::memmem::find(&b[from.min(b.len())..], close).map_or(b.len(), |n| from + n + close.len())
}

/// A character reference at `&` (`&amp;`, `&#x3C;`), classed as a constant when it is
/// one; returns where reading goes on.
fn reference(b: &[u8], at: usize, w: &mut Writer) -> usize {
    let start = at + 1 + usize::from(b.get(at + 1) == Some(&b'#'));
    let end = skip_while(b, start, |c| c.is_ascii_alphanumeric());
    if end > start && b.get(end) == Some(&b';') {
        w.span("n", at, end + 1);
        end + 1
    } else {
        at + 1
    }
}

fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.') || c >= 0x80
}

/// A tag at `<`: its name, then its attributes up to `>`; returns where reading goes on
/// (after the `<` alone when no name follows it: `a < b` in text). In HTML, a script's
/// content up to its `</script` is highlighted as JavaScript.
fn tag(b: &[u8], at: usize, html: bool, w: &mut Writer) -> usize {
    let closing = b.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    if !b
        .get(name_start)
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_' || c >= 0x80)
    {
        return at + 1;
    }
    let name_end = skip_while(b, name_start, name_char);
    w.span("t", name_start, name_end);
    let mut i = name_end;
    while i < b.len() {
        match b[i] {
            b'>' => {
                i += 1;
                break;
            }
            c if name_char(c) && c != b'-' || c == b'@' => {
                let end = skip_while(b, i, |c| name_char(c) || c == b'@');
                w.span("p", i, end);
                i = end;
            }
            b'=' => {
                let value = skip_while(b, i + 1, |c| c.is_ascii_whitespace());
                let end = match b.get(value) {
                    Some(&q @ (b'"' | b'\'')) => {
                        memchr::memchr(q, &b[value + 1..]).map_or(b.len(), |n| value + 1 + n + 1)
                    }
                    _ => skip_while(b, value, |c| !c.is_ascii_whitespace() && c != b'>'),
                };
                w.span("s", value, end);
                i = end.max(i + 1);
            }
            c => i += utf8_len(c),
        }
    }
    let named = |name: &[u8]| b[name_start..name_end].eq_ignore_ascii_case(name);
    if html && !closing && named(b"script") && b[i - 1] == b'>' && b[i - 2] != b'/' {
        let end = script_end(b, i);
        w.embed(i, end, |script, out| {
            clike::highlight(&flavors::JAVASCRIPT, script, out);
        });
        return end;
    }
    i
}

/// Where a script's content that begins at `i` ends: at its `</script` (any case), or
/// the code's end.
fn script_end(b: &[u8], i: usize) -> usize {
    let mut from = i;
    while let Some(n) = memchr::memmem::find(&b[from..], b"</") {
        let at = from + n;
        if b.len() >= at + 8 && b[at + 2..at + 8].eq_ignore_ascii_case(b"script") {
            return at;
        }
        from = at + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn tags_attributes_comments_and_references() {
        let code = "<?xml version=\"1.0\"?>\n<!-- broker -->\n<property name=\"log.retention\" value='168'/>\n<a href=x>&amp; a < b</a>\n<![CDATA[<raw>]]>\n";
        let html = hl("xml", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "<?xml version=\"1.0\"?>"),
                ("c", "<!-- broker -->"),
                ("t", "property"),
                ("p", "name"),
                ("s", "\"log.retention\""),
                ("p", "value"),
                ("s", "'168'"),
                ("t", "a"),
                ("p", "href"),
                ("s", "x"),
                ("n", "&amp;"),
                ("t", "a"),
                ("s", "<![CDATA[<raw>]]>"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn an_html_script_is_javascript() {
        let code = "<script>const n = 1; // </b>\n</script><p>x</p>";
        let html = hl("html", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "script"),
                ("k", "const"),
                ("n", "1"),
                ("c", "// </b>"),
                ("t", "script"),
                ("t", "p"),
                ("t", "p"),
            ]),
            "{html}"
        );
        // In XML a script element's content is text.
        assert_eq!(spans(&hl("xml", code)).len(), 5, "{}", hl("xml", code));
    }

    #[test]
    fn broken_markup_keeps_the_text() {
        for code in [
            "<",
            "<a",
            "<a b=\"open",
            "<!-- open",
            "<![CDATA[",
            "&",
            "&#;",
            "<a =x>",
            "</",
            "<script>",
            "<script/>x",
            "<é a=é>",
            "<a\n b\n=\n'c'>",
        ] {
            for lang in ["xml", "html"] {
                let html = hl(lang, code);
                assert_eq!(text(&html), code, "{lang} {code:?}: {html}");
                assert!(!html.contains("<a"), "{html}");
            }
        }
    }
}
