//! Where in a piece of raw HTML [`super::clean`] will remove something, read with the
//! same html5ever tokenizer as the cleaning, so that an author learns of it at
//! `file:line`.

use std::cell::{Cell, RefCell};

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::{class_allowed, is_task_checkbox, policy, url_allowed, value_allowed, Nesting};

/// Something [`clean`] will remove from a piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Byte offset in the piece of the `<` of the tag it is in.
    pub at: usize,
    /// What goes, as an author would recognise it: `<script>`, `onclick` on `<img>`, …
    pub what: String,
}

/// What [`clean`] will remove from `raw`, a piece of HTML as written in the Markdown, in
/// the order written. Comments and closing tags are not reported.
pub fn audit(raw: &str) -> Vec<Removal> {
    audit_piece(raw, &mut Nesting::default()).0
}

/// A tag no author writes, put after a piece of raw HTML to learn whether the piece ends
/// outside any tag, attribute or comment.
const END_OF_PIECE: &str = "pipebook-end-of-piece";

/// What [`audit`] finds, and whether `raw` ends in plain text: whether the HTML written
/// after it is read as it would be without it.
/// `nesting` carries the elements open from the page's earlier pieces.
fn audit_piece(raw: &str, nesting: &mut Nesting) -> (Vec<Removal>, bool) {
    let sink = AuditSink {
        raw,
        nesting: RefCell::new(std::mem::take(nesting)),
        found: RefCell::default(),
        ended: Cell::default(),
        cursor: Cell::default(),
        line: Cell::new((
            0,
            0,
            memchr::memchr(b'\n', raw.as_bytes()).map_or(raw.len(), |i| i + 1),
        )),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(raw.into());
    input.push_back(format!("<{END_OF_PIECE}>").into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let ends_in_text =
        tokenizer.sink.ended.get() && !raw.to_ascii_lowercase().contains(END_OF_PIECE);
    *nesting = tokenizer.sink.nesting.take();
    (tokenizer.sink.found.into_inner(), ends_in_text)
}

struct AuditSink<'r> {
    raw: &'r str,
    /// Elements that shrink text, open so far (see [`Nesting`]).
    nesting: RefCell<Nesting>,
    found: RefCell<Vec<Removal>>,
    /// Whether the last start tag read was [`END_OF_PIECE`], as a tag of its own.
    ended: Cell<bool>,
    /// Where the last start tag's name was found in `raw` (see [`AuditSink::tag_start`]).
    cursor: Cell<usize>,
    /// The line (from 0) of the last start tag's end, its start and its end.
    line: Cell<(usize, usize, usize)>,
}

impl AuditSink<'_> {
    /// The offset of the `<` of start tag `name`, which html5ever read up to the end of
    /// line `line` (from 0): it tells only the line a tag ends on, and a tag may span
    /// several. Found forward from the previous tag, so one long line of tags is read
    /// once; `<name` inside an earlier tag's quoted value can be taken for it, which only
    /// moves a warning within that tag.
    fn tag_start(&self, name: &str, line: usize) -> usize {
        let raw = self.raw.as_bytes();
        let from = self.cursor.get().min(raw.len());
        // Lines are asked for in order: each is looked for once.
        let (mut at_line, mut line_start, mut line_end) = self.line.get();
        while at_line < line && line_end < raw.len() {
            line_start = line_end;
            line_end =
                memchr::memchr(b'\n', &raw[line_start..]).map_or(raw.len(), |i| line_start + i + 1);
            at_line += 1;
        }
        self.line.set((at_line, line_start, line_end));
        let line_end = line_end.max(from);
        let name = name.as_bytes();
        let found = memchr::memchr_iter(b'<', &raw[from..line_end])
            .map(|i| from + i)
            .find(|&at| {
                let after = &raw[at + 1..];
                after.len() >= name.len()
                    && after[..name.len()].eq_ignore_ascii_case(name)
                    && after.get(name.len()).is_none_or(|c| {
                        matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'/' | b'>')
                    })
            });
        match found {
            Some(at) => {
                self.cursor.set(at + 1 + name.len());
                at
            }
            // Written in a way not looked for (a name with a NUL): its last line, which
            // is not searched again.
            None => {
                self.cursor.set(line_end);
                line_start
            }
        }
    }
}

impl TokenSink for AuditSink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            self.nesting.borrow_mut().close(&tag.name);
            return TokenSinkResult::Continue;
        }
        let p = policy();
        let name: &str = &tag.name;
        self.ended.set(name == END_OF_PIECE && tag.attrs.is_empty());
        if name == END_OF_PIECE {
            return TokenSinkResult::Continue;
        }
        let line = usize::try_from(line_number.saturating_sub(1)).unwrap_or(usize::MAX);
        let at = self.tag_start(name, line);
        let mut found = self.found.borrow_mut();
        if let Err(limit) =
            self.nesting
                .borrow_mut()
                .open(if p.tags.contains(name) { name } else { "" })
        {
            found.push(Removal {
                at,
                what: format!("`<{name}>` inside {limit} more that shrink text, too small to see deeper (its text stays)"),
            });
        }
        if !p.tags.contains(name) {
            let with = if p.clean_content.contains(name) {
                " and its content"
            } else {
                ""
            };
            found.push(Removal {
                at,
                what: format!("`<{name}>`{with}"),
            });
        } else if name == "input"
            && !is_task_checkbox(
                tag.attrs
                    .iter()
                    .map(|a| (&*a.name.local, &*a.value))
                    .filter(|(n, _)| p.attribute_allowed("input", n)),
            )
        {
            found.push(Removal {
                at,
                what: "`<input>` (a form control; only disabled task list checkboxes stay)"
                    .to_string(),
            });
        } else {
            // The attributes removed from one tag are said together: JSX's `style={{a: 1,
            // b: 2}}` reads as an attribute a word (a Docusaurus page's embed had eight).
            let mut gone: Vec<&str> = Vec::new();
            for attr in &tag.attrs {
                let attr_name: &str = &attr.name.local;
                if !p.attribute_allowed(name, attr_name) {
                    gone.push(attr_name);
                } else if attr_name == "class" {
                    let gone: Vec<&str> = attr
                        .value
                        .split_ascii_whitespace()
                        .filter(|c| !class_allowed(c))
                        .collect();
                    if !gone.is_empty() {
                        found.push(Removal {
                            at,
                            what: format!("class `{}` of `<{name}>`", shorten(&gone.join(" "), 40)),
                        });
                    }
                } else if !value_allowed(name, attr_name, &attr.value) {
                    found.push(Removal {
                        at,
                        what: format!(
                            "`{attr_name}=\"{}\"` of `<{name}>`",
                            shorten(&attr.value, 40)
                        ),
                    });
                }
            }
            if let Some(what) = attributes_removed(&gone, name) {
                found.push(Removal { at, what });
            }
        }
        text_state(name)
    }
}

/// How a browser reads the text after the start tag `name`: text inside these elements
/// is not markup. For every tokenizer of raw HTML, so that all read it alike.
pub(crate) fn text_state(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "iframe" | "noembed" | "noframes" | "xmp" | "noscript" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// Raw HTML and link addresses of one page, gathered while its Markdown is rendered, so
/// that the page is cleaned only when it needs to be and each removal is reported where it
/// was written.
#[derive(Default)]
pub struct PageAudit {
    /// Pieces of raw HTML. The lines of one HTML block arrive as separate events (apart,
    /// in a list or a quote) and are joined back, and so are blocks that touch.
    pub(super) pieces: Vec<Piece>,
    /// End of the last block piece, to join the next one to it.
    block_end: Option<usize>,
    /// Whether the HTML block being read has its piece already.
    in_block: bool,
    /// Link and image addresses of a scheme that is not allowed: offset and address.
    urls: Vec<(usize, String)>,
    /// Pieces of raw HTML as written to the page after their addresses were rewritten
    /// (see `markdown::raw_html`): the page is kept as written only if these pass too.
    rewritten: Vec<String>,
}

/// A piece of raw HTML, joined from one or more events.
#[derive(Default)]
pub(super) struct Piece {
    text: String,
    /// Where each event joined starts: in `text`, and in the Markdown body.
    starts: Vec<(usize, usize)>,
}

impl Piece {
    pub(super) fn push(&mut self, text: &str, body_offset: usize) {
        self.starts.push((self.text.len(), body_offset));
        self.text.push_str(text);
    }

    /// The offset in the body of `offset` in the piece.
    fn to_body(&self, offset: usize) -> usize {
        let i = self.starts.partition_point(|(p, _)| *p <= offset);
        let (in_piece, in_body) = self.starts[i.saturating_sub(1)];
        in_body + offset.saturating_sub(in_piece)
    }
}

/// At most this many removals are reported per page; the rest are counted.
const REPORTED_PER_PAGE: usize = 20;

impl PageAudit {
    /// Takes note of one Markdown event at `range` of the body.
    pub fn see(&mut self, event: &pulldown_cmark::Event, range: &std::ops::Range<usize>) {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => self.in_block = false,
            Event::Html(text) => {
                let joined = self.in_block || self.block_end == Some(range.start);
                if !joined || self.pieces.is_empty() {
                    self.pieces.push(Piece::default());
                }
                if let Some(piece) = self.pieces.last_mut() {
                    piece.push(text, range.start);
                }
                self.in_block = true;
                self.block_end = Some(range.end);
            }
            Event::InlineHtml(text) => {
                let mut piece = Piece::default();
                piece.push(text, range.start);
                self.pieces.push(piece);
                self.block_end = None;
                self.in_block = false;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !url_allowed(dest_url) =>
            {
                self.urls.push((range.start, dest_url.to_string()));
            }
            _ => {}
        }
    }

    /// Takes note of a piece of raw HTML as it goes to the page, rewritten: its original
    /// was seen (and is what removals are reported against), but only what is written
    /// decides whether the page may be kept without cleaning.
    pub fn rewritten(&mut self, piece: &str) {
        self.rewritten.push(piece.to_string());
    }

    /// Whether the page holds anything [`clean`] may have to remove.
    pub fn needs_cleaning(&self) -> bool {
        !self.pieces.is_empty() || !self.urls.is_empty()
    }

    /// Everything that cleaning removes, with the offset in the body where it was
    /// written, in the order written (at most [`REPORTED_PER_PAGE`]), and whether the page
    /// may be kept as written.
    pub fn review(&self) -> Review {
        let mut all: Vec<(usize, String)> = self
            .urls
            .iter()
            .map(|(at, url)| (*at, format!("the address `{}`", shorten(url, 40))))
            .collect();
        let mut all_end_in_text = true;
        let mut nesting = Nesting::default();
        for piece in &self.pieces {
            let (found, ends_in_text) = audit_piece(&piece.text, &mut nesting);
            all_end_in_text &= ends_in_text;
            for r in found {
                all.push((piece.to_body(r.at), r.what));
            }
        }
        let mut nesting = Nesting::default();
        for piece in &self.rewritten {
            let (found, ends_in_text) = audit_piece(piece, &mut nesting);
            all_end_in_text &= ends_in_text && found.is_empty();
        }
        all.sort_by_key(|(at, _)| *at);
        let more = all.len().saturating_sub(REPORTED_PER_PAGE);
        let keep_as_written = all.is_empty() && all_end_in_text;
        all.truncate(REPORTED_PER_PAGE);
        Review {
            removals: all,
            more,
            keep_as_written,
        }
    }
}

/// The verdict on one page's raw HTML.
pub struct Review {
    /// What cleaning removes: offset in the Markdown body, and what.
    pub removals: Vec<(usize, String)>,
    /// Removals beyond those listed.
    pub more: usize,
    /// Nothing is to be removed, and every piece of raw HTML ends outside any tag, so the
    /// HTML that pipebook writes around it (escaped by construction) is read as written:
    /// the page needs no cleaning, which costs a parse into a tree and a serialisation.
    pub keep_as_written: bool,
}

/// How many removed attributes of one tag are named; the rest are counted.
const NAMED_ATTRIBUTES: usize = 4;

/// `attribute `onclick` of `<img>``, or `attributes `style`, `'relative',` and 6 more of
/// `<div>``; None when none goes.
/// Names are cut to 40 characters: a pull request's 1 MB attribute name made a 1 MB
/// warning.
fn attributes_removed(gone: &[&str], tag: &str) -> Option<String> {
    let (first, rest) = gone.split_first()?;
    let tag = shorten(tag, 40);
    if rest.is_empty() {
        // `<img src="x.gif", alt="…">` (mybinder.org's docs): the `,` reads as a name.
        let stray = if !first.is_empty() && !first.contains(|c: char| c.is_alphanumeric()) {
            ", a stray mark between its attributes, which are separated by spaces alone,"
        } else {
            ""
        };
        return Some(format!(
            "attribute `{}` of `<{tag}>`{stray}",
            shorten(first, 40)
        ));
    }
    let named: Vec<String> = gone
        .iter()
        .take(NAMED_ATTRIBUTES)
        .map(|a| format!("`{}`", shorten(a, 40)))
        .collect();
    let more = gone.len().saturating_sub(NAMED_ATTRIBUTES);
    let names = match more {
        0 => named.join(", "),
        _ => format!("{} and {more} more", named.join(", ")),
    };
    Some(format!("attributes {names} of `<{tag}>`"))
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
