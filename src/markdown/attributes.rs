//! How many attributes the tags of raw HTML have, counted before html5ever reads them:
//! its tokenizer compares each attribute of a tag with every one before it (to drop
//! duplicates), so one `<div>` of 60,000 attributes (650 kB) took 2 s of CPU and 1 MB 9 s,
//! and it reads every piece of raw HTML at least twice (addresses, sanitizer).
//!
//! The count follows the tokenizer's states for tags and comments; where it is unsure
//! (text of `<script>`, CDATA) it reads tags the tokenizer would not, so it may count
//! more than the tokenizer, never fewer.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Page;
use crate::diagnostics::Diagnostics;

/// The most attributes one tag of raw HTML may have. Real tags have a handful, SVG ones a
/// few dozen; a tag of this many costs the tokenizer about 30 µs.
pub const MAX_ATTRIBUTES: usize = 256;

impl Page<'_, '_> {
    /// Counts the attributes of a piece of raw HTML before anything reads it; a tag of too
    /// many is an error at its line, and the rest of the file is not rendered.
    pub(super) fn too_many_attributes(
        &mut self,
        event: &Event,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) -> bool {
        let found = match event {
            Event::Start(Tag::HtmlBlock) => {
                self.attributes = Counter::default();
                None
            }
            Event::Html(text) => self.attributes.feed(text, range.start),
            Event::End(TagEnd::HtmlBlock) => None,
            Event::InlineHtml(text) => {
                self.attributes = Counter::default();
                self.attributes.feed(text, range.start)
            }
            _ => return false,
        };
        let ends_piece = matches!(event, Event::End(TagEnd::HtmlBlock) | Event::InlineHtml(_));
        if found.is_none() && ends_piece && !self.attributes.in_text() {
            self.open_piece.get_or_insert(range.start);
        }
        let Some(at) = found else {
            return false;
        };
        diags.error(
            self.location(at),
            format!("a tag of raw HTML with more than {MAX_ATTRIBUTES} attributes: pipebook reads at most {MAX_ATTRIBUTES} per tag"),
            "remove the attributes the tag does not need (a tag has a handful)",
        );
        true
    }

    /// The page as written, before it is cleaned: raw HTML that leaves a tag open makes
    /// the text after it read as that tag's attributes, which the pieces alone do not show.
    pub(super) fn check_attributes(&mut self, html: &mut String, diags: &mut Diagnostics) {
        if too_many(html).is_none() {
            return;
        }
        diags.error(
            self.location(self.open_piece.unwrap_or(0)),
            format!("raw HTML here leaves a tag open, and the page after it reads as a tag of more than {MAX_ATTRIBUTES} attributes: pipebook reads at most {MAX_ATTRIBUTES} per tag"),
            "close the tag with `>` (and any quoted attribute value with its quote)",
        );
        html.clear();
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Data,
    TagOpen,
    EndTagOpen,
    TagName,
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
    AfterQuoted,
    SelfClosing,
    /// After `<!`, and after `<!-`.
    MarkupOpen,
    MarkupDash,
    /// `<?…>`, `<!DOCTYPE …>`, `</1…>`: up to the next `>`.
    Bogus,
    CommentStart,
    CommentStartDash,
    Comment,
    CommentEndDash,
    CommentEnd,
    CommentEndBang,
}

/// Reads raw HTML piece by piece (the lines of one HTML block carry the state over).
#[derive(Debug, Default)]
pub struct Counter {
    state: State,
    /// Attributes of the tag being read, and where its `<` is.
    count: usize,
    tag_at: usize,
}

impl Counter {
    /// Reads `text`, which starts at `base` in the runbook; the offset of the `<` of the
    /// first tag with more than [`MAX_ATTRIBUTES`], if one is.
    pub fn feed(&mut self, text: &str, base: usize) -> Option<usize> {
        use State::*;
        for (i, &c) in text.as_bytes().iter().enumerate() {
            let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
            // Each character is read once, or twice where the tokenizer reconsumes it.
            let mut again = true;
            while again {
                again = false;
                let mut attribute = false;
                self.state = match (self.state, c) {
                    (Data, b'<') => TagOpen,
                    (Data, _) => Data,
                    (TagOpen, b'/') => EndTagOpen,
                    (TagOpen, b'!') => MarkupOpen,
                    (TagOpen, b'?') => Bogus,
                    (TagOpen | EndTagOpen, c) if c.is_ascii_alphabetic() => {
                        self.count = 0;
                        self.tag_at = (base + i).saturating_sub(1);
                        TagName
                    }
                    (TagOpen, _) => {
                        again = true;
                        Data
                    }
                    (EndTagOpen, b'>') => Data,
                    (EndTagOpen, _) => Bogus,
                    (TagName | BeforeName | AfterName | AfterQuoted | Unquoted, _) if space => {
                        if self.state == AfterName {
                            AfterName
                        } else {
                            BeforeName
                        }
                    }
                    (
                        TagName | AfterName | AfterQuoted | Unquoted | SelfClosing | BeforeValue,
                        b'>',
                    ) => Data,
                    (TagName | AfterName | AfterQuoted, b'/') => SelfClosing,
                    (TagName, _) => TagName,
                    (BeforeName, b'/' | b'>') | (Name, b'/' | b'>') => {
                        again = true;
                        AfterName
                    }
                    (Name, _) if space => AfterName,
                    (Name | AfterName, b'=') => BeforeValue,
                    (Name, _) => Name,
                    (BeforeName | AfterName, _) => {
                        attribute = true;
                        Name
                    }
                    (BeforeValue, _) if space => BeforeValue,
                    (BeforeValue, q @ (b'"' | b'\'')) => Quoted(q),
                    (BeforeValue, _) => {
                        again = true;
                        Unquoted
                    }
                    (Quoted(q), c) if c == q => AfterQuoted,
                    (Quoted(q), _) => Quoted(q),
                    (Unquoted, _) => Unquoted,
                    (AfterQuoted | SelfClosing, _) => {
                        again = true;
                        BeforeName
                    }
                    (MarkupOpen, b'-') => MarkupDash,
                    (MarkupDash, b'-') => CommentStart,
                    (MarkupOpen | MarkupDash | Bogus, b'>') => Data,
                    (MarkupOpen | MarkupDash | Bogus, _) => Bogus,
                    (CommentStart, b'-') => CommentStartDash,
                    (CommentStart | CommentStartDash | CommentEnd | CommentEndBang, b'>') => Data,
                    (CommentStartDash | CommentEndDash, b'-') => CommentEnd,
                    (CommentEnd, b'-') => CommentEnd,
                    (CommentEnd, b'!') => CommentEndBang,
                    (Comment | CommentEndBang, b'-') => CommentEndDash,
                    (
                        CommentStart | CommentStartDash | Comment | CommentEndDash | CommentEnd
                        | CommentEndBang,
                        _,
                    ) => Comment,
                };
                if attribute {
                    self.count += 1;
                    if self.count > MAX_ATTRIBUTES {
                        return Some(self.tag_at);
                    }
                }
            }
        }
        None
    }

    /// Whether what was read ends in text, outside any tag or comment.
    pub fn in_text(&self) -> bool {
        self.state == State::Data
    }
}

/// The offset of the first tag in `html` with more than [`MAX_ATTRIBUTES`], if any.
pub fn too_many(html: &str) -> Option<usize> {
    Counter::default().feed(html, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(html: &str) -> usize {
        let mut c = Counter::default();
        assert_eq!(c.feed(html, 0), None);
        c.count
    }

    fn attrs(n: usize, sep: &str) -> String {
        (0..n).map(|i| format!("a{i}=\"x\"{sep}")).collect()
    }

    #[test]
    fn attributes_are_counted_as_the_tokenizer_reads_them() {
        assert_eq!(count("<div a b=c d='e' f=\"g\">"), 4);
        assert_eq!(count("<div a=\"x\"b=\"y\"/c>"), 3);
        assert_eq!(count("<img src=x.png/>"), 1);
        assert_eq!(count("<p title=\"a b > c\" x>"), 2);
        assert_eq!(count("</div a b>"), 2);
        // A quoted `>` does not end the tag; a new tag starts the count again.
        assert_eq!(count("<a x><b y z>"), 2);
    }

    #[test]
    fn comments_and_declarations_hold_no_attributes() {
        let words = "w ".repeat(1000);
        assert!(too_many(&format!("<!-- <div {words}> -->")).is_none());
        assert!(too_many(&format!("<!DOCTYPE html> <? {words} ?> x < {words}")).is_none());
        // A comment closed early (`<!-->`, `--!>`) leaves what follows to be read.
        for close in ["<!-->", "<!--->", "<!-- x --!>", "<!-- x --->"] {
            let html = format!("{close}<div {}>", attrs(MAX_ATTRIBUTES + 1, " "));
            assert_eq!(too_many(&html), Some(close.len()), "{close}");
        }
    }

    #[test]
    fn a_tag_of_too_many_is_found_across_pieces() {
        let mut c = Counter::default();
        assert_eq!(c.feed("x <div\n", 10), None);
        assert!(!c.in_text());
        assert_eq!(c.feed(&attrs(MAX_ATTRIBUTES, "\n"), 17), None);
        assert_eq!(c.feed("last>", 30), Some(12));
        let ok = format!("<div {}>x</div>", attrs(MAX_ATTRIBUTES, ""));
        let mut c = Counter::default();
        assert_eq!(c.feed(&ok, 0), None);
        assert!(c.in_text());
    }
}
