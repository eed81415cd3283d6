//! HTML escaping shared by the pages, the highlighter and the preview server.

/// Appends `s` to `out` with `&`, `<` and `>` escaped, and `"` and `'` too when `quotes`
/// (text that may end up in an attribute value). Runs without special characters are
/// copied whole; they are most of any text.
pub fn escape_into(out: &mut String, s: &str, quotes: bool) {
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
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
}
