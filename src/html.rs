//! HTML escaping shared by the pages, the highlighter and the preview server, and the
//! break opportunities of long names (`wbr`), written by both the Markdown and the pages.

pub mod wbr;

/// Appends `s` to `out` with `&`, `<` and `>` escaped, and `"` and `'` too when `quotes`
/// (text that may end up in an attribute value). The special bytes are found with
/// `memchr` (vectorised), and the runs between them copied whole: they are most of any
/// text.
pub fn escape_into(out: &mut String, s: &str, quotes: bool) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut write = |out: &mut String, i: usize| {
        out.push_str(&s[copied..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        copied = i + 1;
    };
    if bytes.len() < 32 {
        // Too short for the vector search to pay: most calls (names, titles, tokens).
        for (i, b) in bytes.iter().enumerate() {
            if matches!(b, b'&' | b'<' | b'>') || (quotes && matches!(b, b'"' | b'\'')) {
                write(out, i);
            }
        }
        out.push_str(&s[copied..]);
        return;
    }
    let mut angles = memchr::memchr3_iter(b'&', b'<', b'>', bytes).peekable();
    if quotes {
        // Two searches (memchr looks for at most three bytes), merged in order; each
        // moves forward only, so the text is read twice at most.
        let mut quotes = memchr::memchr2_iter(b'"', b'\'', bytes).peekable();
        loop {
            let i = match (angles.peek(), quotes.peek()) {
                (Some(&a), Some(&q)) if q < a => quotes.next(),
                (Some(_), _) => angles.next(),
                (None, _) => quotes.next(),
            };
            match i {
                Some(i) => write(out, i),
                None => break,
            }
        }
    } else {
        for i in angles {
            write(out, i);
        }
    }
    out.push_str(&s[copied..]);
}

/// Escapes text for HTML content and quoted attributes. Unlike Tera's default it leaves
/// `/` alone, which would make every URL in a page longer without making it safer.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s, true);
    out
}

/// The numeric character reference at the start of `bytes` (`&#8203;`, `&#x200B`, with or
/// without `;`, every digit read as a browser reads raw HTML): its length and character;
/// `None` without digits or for a number that is no character.
pub fn numeric_reference(bytes: &[u8]) -> Option<(usize, char)> {
    if !bytes.starts_with(b"&#") {
        return None;
    }
    let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let digits = bytes[start..]
        .iter()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let value = bytes[start..start + digits].iter().fold(0u32, |v, &b| {
        let d = char::from(b).to_digit(16).unwrap_or(0);
        v.saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(d)
    });
    let end = start + digits;
    let c = char::from_u32(value)?;
    Some((end + usize::from(bytes.get(end) == Some(&b';')), c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_keeps_the_rest() {
        assert_eq!(
            escape("a<b>&\"c\" 'd' / é"),
            "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; / é"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
        let mut body = String::new();
        escape_into(&mut body, "a<b> \"c\" 'd'", false);
        assert_eq!(body, "a&lt;b&gt; \"c\" 'd'");
    }

    /// Against the byte-at-a-time rule, on texts long enough for the vector search, with
    /// special bytes at its edges, in runs, and of both kinds interleaved.
    #[test]
    fn agrees_with_escaping_byte_by_byte() {
        fn by_byte(s: &str, quotes: bool) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if quotes => out.push_str("&quot;"),
                    '\'' if quotes => out.push_str("&#39;"),
                    c => out.push(c),
                }
            }
            out
        }
        let pieces = [
            "&",
            "<",
            ">",
            "\"",
            "'",
            "é",
            "plain text ",
            "x",
            "<<&&''\"\"",
        ];
        let mut texts = vec![String::new()];
        for (i, a) in pieces.iter().enumerate() {
            for (j, b) in pieces.iter().enumerate() {
                let long = "y".repeat(i * 7 + j);
                texts.push(format!("{a}{long}{b}{long}{a}"));
                texts.push(format!("{a}{b}").repeat(40));
            }
        }
        for text in &texts {
            for quotes in [false, true] {
                let mut out = String::from("kept ");
                escape_into(&mut out, text, quotes);
                assert_eq!(out, format!("kept {}", by_byte(text, quotes)), "{text:?}");
            }
        }
    }

    #[test]
    fn numeric_references_are_read_as_a_browser_reads_them() {
        use super::numeric_reference as r;
        assert_eq!(r(b"&#x200B;rest"), Some((8, '\u{200B}')));
        assert_eq!(r(b"&#8203 rest"), Some((6, '\u{200B}')));
        assert_eq!(r(b"&#X0000000000202E;"), Some((18, '\u{202E}')));
        assert_eq!(r(b"&#xD800;"), None);
        assert_eq!(r(b"&#99999999999;"), None);
        assert_eq!(r(b"&#;"), None);
        assert_eq!(r(b"&amp;"), None);
    }
}
