//! CommonMark's HTML blocks, which the rewriting leaves as written: their lines are raw
//! HTML to the parser, so a `> !!! note` in a `<div>` rewritten came out as
//! `&gt; &gt; [!note] Note` in the page. MkDocs leaves raw HTML alone too.

/// How an open HTML block ends (CommonMark's seven kinds of start, by their ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ends {
    /// At the line holding this (case-insensitive): `-->`, `?>`, `>`, `]]>`.
    At(&'static str),
    /// At the line holding the end of any raw-text element (`</pre>`, `</script>`,
    /// `</style>`, `</textarea>`): CommonMark ends a `<pre>` block at a `</style>` too.
    RawText,
    /// At a blank line (a block-level tag, or a complete tag alone on its line).
    Blank,
}

/// The block-level tag names of CommonMark's sixth kind of HTML block.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The raw-text tags of the first kind: a block opened by one ends at the line that
/// closes any of them.
const RAW_TAGS: &[&str] = &["pre", "script", "style", "textarea"];

/// Their closing tags, any of which ends such a block.
const RAW_ENDS: &[&str] = &["</pre>", "</script>", "</style>", "</textarea>"];

/// The HTML block that `rest` (a line's text past its containers' columns) opens, and how
/// it ends; `in_paragraph` when the line before continues a paragraph, which only the
/// seventh kind (any other complete tag) cannot interrupt.
pub(super) fn opens(rest: &str, in_paragraph: bool) -> Option<Ends> {
    let s = rest.trim_start_matches(' ');
    if rest.len() - s.len() > 3 || !s.starts_with('<') {
        return None;
    }
    let s = s.trim_end();
    let lower = |n: usize| s.get(..n).map(str::to_ascii_lowercase);
    for tag in RAW_TAGS {
        let after = s.get(1 + tag.len()..).map(|a| a.bytes().next());
        if lower(1 + tag.len()).is_some_and(|p| p[1..] == **tag)
            && matches!(after, Some(None | Some(b' ' | b'\t' | b'>')))
        {
            return Some(Ends::RawText);
        }
    }
    if s.starts_with("<!--") {
        return Some(Ends::At("-->"));
    }
    if s.starts_with("<?") {
        return Some(Ends::At("?>"));
    }
    if s.starts_with("<![CDATA[") {
        return Some(Ends::At("]]>"));
    }
    if s.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) && s.starts_with("<!") {
        return Some(Ends::At(">"));
    }
    let name_at = if s.starts_with("</") { 2 } else { 1 };
    let name_len = s[name_at..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = s[name_at..name_at + name_len].to_ascii_lowercase();
    let after = &s[name_at + name_len..];
    if BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
    {
        return Some(Ends::Blank);
    }
    (!in_paragraph && complete_tag(s)).then_some(Ends::Blank)
}

/// Whether `line` (at an HTML block of the kind `ends`) holds its end.
pub(super) fn ends_at(line: &str, ends: Ends) -> bool {
    match ends {
        Ends::At(end) => {
            memchr::memmem::find(line.to_ascii_lowercase().as_bytes(), end.as_bytes()).is_some()
        }
        Ends::RawText => {
            let line = line.to_ascii_lowercase();
            RAW_ENDS
                .iter()
                .any(|end| memchr::memmem::find(line.as_bytes(), end.as_bytes()).is_some())
        }
        Ends::Blank => false,
    }
}

/// Whether `s` (trimmed) is one complete open or closing tag and nothing else, the
/// seventh kind: `<span class="x">`, `<img src=a />`, `</span>`. A tag name starts with
/// a letter; the raw-text ones are of the first kind.
fn complete_tag(s: &str) -> bool {
    let (closing, body) = match s.strip_prefix("</") {
        Some(b) => (true, b),
        None => (false, &s[1..]),
    };
    let Some(body) = body.strip_suffix('>') else {
        return false;
    };
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let name = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let mut rest = &body[name..];
    if closing {
        return rest.trim().is_empty();
    }
    rest = rest.strip_suffix('/').unwrap_or(rest);
    attributes(rest)
}

/// Whether `s` is a run of HTML attributes (`a`, `b=c`, `d='e'`, `f="g"`), each after
/// white space, with white space after the last allowed.
fn attributes(mut s: &str) -> bool {
    loop {
        let trimmed = s.trim_start();
        if trimmed.is_empty() {
            return true;
        }
        if trimmed.len() == s.len() {
            return false;
        }
        s = trimmed;
        let name = s
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-'))
            .count();
        if name == 0 || !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == ':') {
            return false;
        }
        s = &s[name..];
        let Some(value) = s.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let len = match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => match value[1..].find(q as char) {
                Some(n) => n + 2,
                None => return false,
            },
            Some(_) => value
                .bytes()
                .take_while(|b| !b" \t\"'=<>`".contains(b))
                .count(),
            None => return false,
        };
        if len == 0 {
            return false;
        }
        s = &value[len..];
    }
}

#[cfg(test)]
mod tests {
    use super::super::rewrite;
    use super::{ends_at, opens, Ends};
    use std::borrow::Cow;

    /// Markers in raw HTML stay as written (they were rewritten into the page's HTML as
    /// `&gt; [!note] Note`); after the block ends, or around it, they are read.
    #[test]
    fn raw_html_blocks_are_left_as_written() {
        for md in [
            "<div>\n!!! warning\n    x\n</div>\n",
            "<div class=\"x\">\n> !!! warning\n>     x\n</div>\n",
            "<details>\n<summary>S</summary>\n=== \"T\"\n    x\n</details>\n",
            "<!--\n!!! note\n    x\n\n-->\n",
            "<pre>\n!!! note\n\n    x\n</pre>\n",
            "<span>\n!!! note\n    x\n",
            "- a\n\n  <div>\n  > !!! note\n  >     x\n  </div>\n",
            "> <div>\n> !!! note\n>     x\n",
        ] {
            assert!(matches!(rewrite(md).0, Cow::Borrowed(_)), "{md}");
        }
        for (md, want) in [
            (
                "<div>\n\n!!! note\n    x\n\n</div>\n",
                "<div>\n\n> [!note] Note\n>   x\n\n</div>\n",
            ),
            (
                "!!! note\n    <div>\n    > !!! tip\n    >     x\n    </div>\n",
                "> [!note] Note\n>   <div>\n>   > !!! tip\n>   >     x\n>   </div>\n",
            ),
            (
                "<!-- a -->\n!!! note\n    x\n",
                "<!-- a -->\n> [!note] Note\n>   x\n",
            ),
            // A tag alone does not interrupt a paragraph: no HTML block.
            (
                "Text\n<span>\n\n!!! note\n    x\n",
                "Text\n<span>\n\n> [!note] Note\n>   x\n",
            ),
        ] {
            assert_eq!(rewrite(md).0, want, "{md}");
        }
    }

    #[test]
    fn html_blocks_open_as_commonmark_reads_them() {
        for (line, want) in [
            ("<div>", Some(Ends::Blank)),
            ("<DIV class=\"x\">", Some(Ends::Blank)),
            ("   </details>", Some(Ends::Blank)),
            ("<hr/>", Some(Ends::Blank)),
            ("<pre>", Some(Ends::RawText)),
            ("<Script src=x>", Some(Ends::RawText)),
            ("<!-- hidden", Some(Ends::At("-->"))),
            ("<?php", Some(Ends::At("?>"))),
            ("<!DOCTYPE html>", Some(Ends::At(">"))),
            ("<![CDATA[", Some(Ends::At("]]>"))),
            ("<span class=\"x\" hidden>", Some(Ends::Blank)),
            ("<img src='a.png' />", Some(Ends::Blank)),
            ("</span>", Some(Ends::Blank)),
            ("    <div>", None),
            ("<divx>text", None),
            ("<span>text</span>", None),
            ("<span class=\"x>", None),
            ("<prefix>", Some(Ends::Blank)),
            ("a <div>", None),
            ("<", None),
            ("<1a>", None),
        ] {
            assert_eq!(opens(line, false), want, "{line}");
        }
        // Only the seventh kind cannot interrupt a paragraph.
        assert_eq!(opens("<span>", true), None);
        assert_eq!(opens("<div>", true), Some(Ends::Blank));
    }

    #[test]
    fn html_blocks_end_where_commonmark_ends_them() {
        assert!(ends_at("x</PRE> y", Ends::RawText));
        // CommonMark: a `<pre>` block ends at the end of any raw-text element.
        assert!(ends_at("a</style>", Ends::RawText));
        assert!(ends_at("</textarea> b", Ends::RawText));
        assert!(!ends_at("</pre b>", Ends::RawText));
        assert!(ends_at("end -->", Ends::At("-->")));
        assert!(!ends_at("-- >", Ends::At("-->")));
        assert!(!ends_at("</div>", Ends::Blank));
    }
}
