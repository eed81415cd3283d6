//! A piece of raw HTML as tokens (html5ever's tokenizer, as the sanitizer reads it) and
//! back, and the lines of a piece, each visited once.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::html::escape_into;
use crate::sanitize::text_state;

/// Whether the piece may hold an attribute this module reads: most pieces are tags
/// without attributes (`<details>`, `</summary>`, `<br>`), which are not tokenized.
pub(super) fn might_hold_links(piece: &str) -> bool {
    if memchr::memchr(b'=', piece.as_bytes()).is_none() {
        return false;
    }
    let lower = piece.to_ascii_lowercase();
    ["href", "src", "id", "name"]
        .iter()
        .any(|a| lower.contains(a))
}

/// Collects the tokens, switching to raw text where browsers do (see `text_state`).
#[derive(Default)]
struct Collect {
    tokens: RefCell<Vec<(Token, u64)>>,
    /// The input ended inside a tag, a comment or a doctype.
    eof_inside: std::cell::Cell<bool>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let next = match &token {
            Token::TagToken(tag) if closed_on_the_spot(tag) => TokenSinkResult::Continue,
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => text_state(&tag.name),
            _ => TokenSinkResult::Continue,
        };
        match &token {
            Token::ParseError(e) if e.starts_with("Saw EOF") || e == "Unexpected EOF" => {
                self.eof_inside.set(true);
            }
            Token::ParseError(_) | Token::EOFToken => {}
            _ => self.tokens.borrow_mut().push((token, line_number)),
        }
        next
    }
}

/// Whether `tag` is a start tag written closed (`<iframe src=… />`, `<template/>`, as JSX
/// and MDX write them) of an element that is not void. HTML ignores the `/`: everything
/// after it became the element's: to the end of the page the text of a raw-text element,
/// which cleaning showed as escaped markup (a Docusaurus page's whole transcript,
/// tests/corpora), or a `<template>`'s content, which cleaning drops, while search read
/// it and `raw_stack` took the element for closed. It is read closed where it stands, as
/// its author meant, and [`serialize`] writes its end tag there, so that every later
/// reader of the page (cleaning, the browser, search) agrees. `<plaintext>` has no end
/// tag and is left to `raw_stack`.
pub(super) fn closed_on_the_spot(tag: &html5ever::tokenizer::Tag) -> bool {
    tag.kind == TagKind::StartTag
        && tag.self_closing
        && &*tag.name != "plaintext"
        && !crate::markdown::raw_stack::VOID.contains(&&*tag.name)
}

pub(super) fn tokenize(piece: &str) -> Vec<(Token, u64)> {
    tokenize_piece(piece).0
}

/// The tokens, and whether the piece ends inside a tag, a comment (a bogus one, `<!x`,
/// too) or a doctype.
pub(super) fn tokenize_piece(piece: &str) -> (Vec<(Token, u64)>, bool) {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(piece.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let tokens = tokenizer.sink.tokens.take();
    let bogus = matches!(
        tokens.last(),
        Some((Token::CommentToken(_) | Token::DoctypeToken(_), _))
    ) && !piece.trim_end().ends_with('>');
    let left_open = tokenizer.sink.eof_inside.get() || bogus;
    (tokens, left_open)
}

/// The tokens as HTML. Text inside `script`, `style` and the like is written as read
/// (it is not markup); everything else is escaped, and every attribute double-quoted.
pub(super) fn serialize(tokens: &[(Token, u64)], replaced: &[(usize, String)]) -> String {
    let mut out = String::new();
    let mut raw_text = false;
    let mut replaced = replaced.iter().peekable();
    for (index, (token, _)) in tokens.iter().enumerate() {
        if let Some((_, html)) = replaced.next_if(|(i, _)| *i == index) {
            out.push_str(html);
            continue;
        }
        match token {
            Token::TagToken(tag) => {
                out.push('<');
                if tag.kind == TagKind::EndTag {
                    out.push('/');
                    raw_text = false;
                }
                out.push_str(&tag.name);
                if tag.kind == TagKind::StartTag {
                    for attr in &tag.attrs {
                        out.push(' ');
                        out.push_str(&attr.name.local);
                        out.push_str("=\"");
                        escape_into(&mut out, &attr.value, true);
                        out.push('"');
                    }
                    if tag.self_closing {
                        out.push_str(" /");
                    }
                    if closed_on_the_spot(tag) {
                        out.push_str("></");
                        out.push_str(&tag.name);
                    }
                    raw_text = !closed_on_the_spot(tag)
                        && matches!(
                            text_state(&tag.name),
                            TokenSinkResult::RawData(RawKind::ScriptData | RawKind::Rawtext)
                                | TokenSinkResult::Plaintext
                        );
                }
                out.push('>');
            }
            Token::CharacterTokens(text) if raw_text => out.push_str(text),
            Token::CharacterTokens(text) => escape_into(&mut out, text, false),
            Token::NullCharacterToken => out.push('\u{FFFD}'),
            Token::CommentToken(text) => {
                out.push_str("<!--");
                out.push_str(text);
                out.push_str("-->");
            }
            Token::DoctypeToken(doctype) => {
                out.push_str("<!DOCTYPE ");
                out.push_str(doctype.name.as_deref().unwrap_or("html"));
                out.push('>');
            }
            Token::EOFToken | Token::ParseError(_) => {}
        }
    }
    out
}

/// Lines of a piece, visited in order: each costs its length once.
pub(super) struct Lines<'a> {
    text: &'a str,
    /// The line (from 1) that starts at `start`.
    line: u64,
    start: usize,
    /// Where that line ends, once looked for: a line of 100,000 tags is asked for by each
    /// (looking again made 1 MB of `<a href=x>` on one line take 2 s).
    end: Option<usize>,
}

/// Addresses are looked for on lines up to this long, so that a piece of one long line
/// costs its length, not its length for every tag on it.
pub(super) const SEARCHED_LINE: usize = 1024;

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines {
            text,
            line: 1,
            start: 0,
            end: None,
        }
    }

    /// Start and end of line `line` (from 1), which is never before the last one asked.
    pub(super) fn seek(&mut self, line: u64) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        while self.line < line {
            match memchr::memchr(b'\n', &bytes[self.start..]) {
                Some(i) => {
                    crate::work::visit(i + 1);
                    self.start += i + 1;
                    self.line += 1;
                    self.end = None;
                }
                None => break,
            }
        }
        let start = self.start;
        let end = *self.end.get_or_insert_with(|| {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            crate::work::visit(end - start);
            end
        });
        (start, end)
    }

    /// Where `what` is written in `from..end`, else `start` (the start of the line
    /// `end` ends).
    pub(super) fn find(&self, what: &str, from: usize, start: usize, end: usize) -> usize {
        if what.is_empty() || end - from > SEARCHED_LINE {
            return start;
        }
        crate::work::visit(end - from);
        self.text[from..end].find(what).map_or(start, |i| from + i)
    }
}
