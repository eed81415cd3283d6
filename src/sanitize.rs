//! The policy for HTML written in runbooks: what a pull request's author may put on a page
//! that is served from the site's own origin.
//!
//! One allowlist serves two purposes: [`clean`] applies it to a rendered page with
//! `ammonia` (an html5ever-based sanitizer), and [`audit`] tokenizes each piece of raw HTML
//! as written, with the same html5ever tokenizer, to say *where* in the Markdown something
//! will be removed, so an author learns of it at `file:line` instead of finding it gone.
//!
//! Only pages that hold raw HTML, or a link whose scheme is not allowed, are cleaned: the
//! rest is written by pulldown-cmark and pipebook, which escape every text and attribute,
//! and cleaning costs a full parse and serialisation of the page.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements runbooks may use: ammonia's conservative defaults (text formatting, lists,
/// tables, `details`/`summary`, `kbd`, `sub`/`sup`, `img`, …) plus the disabled checkbox
/// of a task list. Everything else (`script`, `style`, `iframe`, `object`, `embed`,
/// `form`, `input` other than a checkbox, `meta`, `base`, `link`, SVG and MathML) goes.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with their content, not only their tags.
const CLEAN_CONTENT_TAGS: &[&str] = &["script", "style"];

/// Attributes allowed on every element. `id` and `name` keep the anchors that forge
/// Markdown writes by hand (`<a name="step-3">`); `class` and `aria-label` carry what
/// pipebook itself adds (heading anchors, code tokens, footnotes, step links).
const GENERIC_ATTRIBUTES: &[&str] = &["lang", "title", "id", "class", "aria-label", "dir"];

/// Attributes allowed on one element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name"]),
    ("blockquote", &["cite"]),
    ("col", &["align", "span"]),
    ("colgroup", &["align", "span"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("div", &["align"]),
    ("h1", &["align"]),
    ("h2", &["align"]),
    ("h3", &["align"]),
    ("hr", &["align", "size", "width"]),
    ("img", &["align", "alt", "height", "src", "width"]),
    ("input", &["type", "checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("ol", &["start", "type", "reversed"]),
    ("p", &["align"]),
    ("q", &["cite"]),
    ("source", &["srcset", "media", "type"]),
    ("table", &["align", "summary"]),
    ("tbody", &["align"]),
    ("td", &["align", "colspan", "headers", "rowspan"]),
    ("tfoot", &["align"]),
    ("th", &["align", "colspan", "headers", "rowspan", "scope"]),
    ("thead", &["align"]),
    ("time", &["datetime"]),
    ("tr", &["align"]),
];

/// Attributes whose value is a URL, checked against [`URL_SCHEMES`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "xlink:href", "srcset"];

/// Schemes a link or image may use; any relative URL is allowed too. `javascript:`,
/// `data:`, `vbscript:` and `file:` are not among them.
const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "sms", "webcal", "ssh", "sftp", "ftp", "ftps", "irc", "ircs",
    "xmpp", "slack", "msteams", "zoommtg",
];

/// Classes pipebook writes in a runbook's text: heading and step links, code tokens and
/// shell sessions (`src/highlight`), diagrams, tables of contents, footnotes and GitHub
/// alerts. An author's other classes go: the theme's would let a runbook draw a block that
/// reads as the page's own (`oncall-now`, `preview-banner`) or hide text from sight only
/// (`visually-hidden`).
const CLASSES: &[&str] = &[
    "anchor",
    "step-link",
    "cmd",
    "diagram",
    "diagram-note",
    "toc",
    "toc-inline",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "footnotes",
    "task-list-item",
    "contains-task-list",
    "k",
    "s",
    "n",
    "o",
    "c",
    "f",
    "v",
    "t",
    "p",
    "gp",
    "go",
];

/// Whether a class written in a runbook may stay (see [`CLASSES`]); `language-*` of code
/// blocks, `markdown-alert*` and the levels of a table of contents (`l2`) too.
pub fn class_allowed(class: &str) -> bool {
    CLASSES.contains(&class)
        || class
            .strip_prefix("language-")
            .is_some_and(|l| !l.is_empty())
        || class.starts_with("markdown-alert")
        || class
            .strip_prefix('l')
            .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| (b'1'..=b'6').contains(&b)))
}

/// The classes of `value` that may stay, in order.
fn allowed_classes(value: &str) -> String {
    value
        .split_ascii_whitespace()
        .filter(|c| class_allowed(c))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Only a checkbox may be an `input` (task lists), and it may not be changed.
const FIXED_ATTRIBUTE_VALUES: &[(&str, &str, &str)] = &[("input", "type", "checkbox")];

struct Policy {
    tags: HashSet<&'static str>,
    clean_content: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    by_tag: HashMap<&'static str, HashSet<&'static str>>,
}

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy {
        tags: TAGS.iter().copied().collect(),
        clean_content: CLEAN_CONTENT_TAGS.iter().copied().collect(),
        generic: GENERIC_ATTRIBUTES.iter().copied().collect(),
        by_tag: TAG_ATTRIBUTES
            .iter()
            .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
            .collect(),
    })
}

impl Policy {
    fn attribute_allowed(&self, tag: &str, attr: &str) -> bool {
        self.generic.contains(attr) || self.by_tag.get(tag).is_some_and(|a| a.contains(attr))
    }
}

/// Whether a link or image address may stay: relative, or of an allowed scheme. Parsed as
/// browsers and ammonia parse it (`java\tscript:` is `javascript:`).
pub fn url_allowed(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(u) => URL_SCHEMES.contains(&u.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// `srcset` holds several URLs, each followed by an optional size.
fn srcset_allowed(value: &str) -> bool {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .all(url_allowed)
}

fn value_allowed(tag: &str, attr: &str, value: &str) -> bool {
    if let Some((_, _, fixed)) = FIXED_ATTRIBUTE_VALUES
        .iter()
        .find(|(t, a, _)| *t == tag && *a == attr)
    {
        return value.eq_ignore_ascii_case(fixed);
    }
    match attr {
        "srcset" => srcset_allowed(value),
        a if URL_ATTRIBUTES.contains(&a) => url_allowed(value),
        _ => true,
    }
}

/// The rendered page with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaned = CLEANER
        .get_or_init(|| {
            let p = policy();
            let mut builder = ammonia::Builder::empty();
            builder
                .tags(p.tags.clone())
                .clean_content_tags(p.clean_content.clone())
                .generic_attributes(p.generic.clone())
                .tag_attributes(p.by_tag.clone())
                .url_schemes(URL_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(Some("noopener noreferrer"))
                .strip_comments(true)
                .attribute_filter(|tag, attr, value| {
                    if attr == "class" {
                        let kept = allowed_classes(value);
                        return (!kept.is_empty()).then(|| kept.into());
                    }
                    value_allowed(tag, attr, value).then(|| value.into())
                });
            builder
        })
        .clean(html)
        .to_string();
    drop_form_inputs(cleaned)
}

/// Whether an `<input>` with these attributes (name, value) is a task list's checkbox as
/// pipebook writes it: disabled, and nothing else but `checked`. Any other is a form
/// control a reader could type a password into, dropped whole (ammonia can only drop
/// its attributes, which leaves a text box).
fn is_task_checkbox<'a>(mut attrs: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    let (mut checkbox, mut disabled) = (false, false);
    let only_ours = attrs.all(|(name, value)| match name {
        "type" => {
            checkbox = value.eq_ignore_ascii_case("checkbox");
            checkbox
        }
        "disabled" => {
            disabled = true;
            true
        }
        "checked" => true,
        _ => false,
    });
    only_ours && checkbox && disabled
}

/// The cleaned page without its `<input>`s but task list checkboxes. The page is as
/// html5ever writes it: a `<` in text is `&lt;`, every attribute value is in double
/// quotes and holds no `"`, so a tag ends at the first `>` outside quotes.
fn drop_form_inputs(cleaned: String) -> String {
    if !cleaned.contains("<input") {
        return cleaned;
    }
    let mut out = String::with_capacity(cleaned.len());
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find("<input") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i + 1);
        let inner = tag[6..end].trim_end_matches(['>', '/']);
        if is_task_checkbox(attributes(inner)) {
            out.push_str(&tag[..end]);
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// `name="value"` pairs (or a lone `name`) as html5ever writes them.
fn attributes(mut s: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::from_fn(move || {
        s = s.trim_start();
        if s.is_empty() {
            return None;
        }
        let name_end = s.find(['=', ' ']).unwrap_or(s.len());
        let name = &s[..name_end];
        s = &s[name_end..];
        let mut value = "";
        if let Some(after) = s.strip_prefix("=\"") {
            let close = after.find('"').unwrap_or(after.len());
            value = &after[..close];
            s = after.get(close + 1..).unwrap_or("");
        }
        Some((name, value))
    })
}

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
    audit_piece(raw).0
}

/// A tag no author writes, put after a piece of raw HTML to learn whether the piece ends
/// outside any tag, attribute or comment.
const END_OF_PIECE: &str = "pipebook-end-of-piece";

/// What [`audit`] finds, and whether `raw` ends in plain text: whether the HTML written
/// after it is read as it would be without it.
fn audit_piece(raw: &str) -> (Vec<Removal>, bool) {
    let sink = AuditSink {
        raw,
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
    (tokenizer.sink.found.into_inner(), ends_in_text)
}

struct AuditSink<'r> {
    raw: &'r str,
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
            for attr in &tag.attrs {
                let attr_name: &str = &attr.name.local;
                if !p.attribute_allowed(name, attr_name) {
                    found.push(Removal {
                        at,
                        what: format!("attribute `{attr_name}` of `<{name}>`"),
                    });
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
    pieces: Vec<Piece>,
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
struct Piece {
    text: String,
    /// Where each event joined starts: in `text`, and in the Markdown body.
    starts: Vec<(usize, usize)>,
}

impl Piece {
    fn push(&mut self, text: &str, body_offset: usize) {
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
        for piece in &self.pieces {
            let (found, ends_in_text) = audit_piece(&piece.text);
            all_end_in_text &= ends_in_text;
            for r in found {
                all.push((piece.to_body(r.at), r.what));
            }
        }
        for piece in &self.rewritten {
            let (found, ends_in_text) = audit_piece(piece);
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

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(raw: &str) -> Vec<String> {
        audit(raw).into_iter().map(|r| r.what).collect()
    }

    #[test]
    fn what_runbooks_use_is_kept() {
        let html = concat!(
            "<details open><summary>More</summary><p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, ",
            "H<sub>2</sub>O, x<sup>2</sup><br>",
            "<img src=\"flow.png\" alt=\"Flow\" width=\"300\"></p></details>",
            "<a name=\"step-3\"></a><a id=\"x\" href=\"https://example.com/\">x</a>",
            "<table><tr><th>a</th><td colspan=\"2\">b</td></tr></table>",
            "<h2 id=\"verify\" class=\"toc\">Verify<a class=\"anchor\" href=\"#verify\" aria-label=\"Link\">#</a></h2>",
            "<ul><li><input type=\"checkbox\" checked disabled> done</li></ul>",
        );
        assert_eq!(removed(html), Vec::<String>::new());
        let cleaned = clean(html);
        for kept in [
            "<details open=\"\">",
            "<summary>",
            "<kbd>Ctrl</kbd>",
            "<sub>2</sub>",
            "<sup>2</sup>",
            "<br>",
            "src=\"flow.png\"",
            "name=\"step-3\"",
            "id=\"verify\"",
            "class=\"anchor\"",
            "colspan=\"2\"",
            "type=\"checkbox\"",
        ] {
            assert!(cleaned.contains(kept), "{kept} in {cleaned}");
        }
    }

    #[test]
    fn only_the_classes_pipebook_writes_are_kept() {
        for ours in [
            "anchor",
            "language-promql",
            "markdown-alert-note",
            "l2",
            "gp",
            "cmd",
        ] {
            assert!(class_allowed(ours), "{ours}");
        }
        for theirs in [
            "oncall-now",
            "preview-banner",
            "visually-hidden",
            "skip",
            "l7",
            "language-",
            "l",
        ] {
            assert!(!class_allowed(theirs), "{theirs}");
        }
        let cleaned = clean("<p class=\"anchor preview-banner\">a</p><p class=\"skip\">b</p>");
        assert_eq!(cleaned, "<p class=\"anchor\">a</p><p>b</p>");
        assert_eq!(
            removed("<p class=\"anchor skip\">"),
            ["class `skip` of `<p>`"]
        );
    }

    #[test]
    fn what_runs_script_or_navigates_away_goes() {
        let attacks = [
            ("<script>alert(1)</script>", "`<script>` and its content"),
            (
                "<script src=\"/runbooks/evil.js\"></script>",
                "`<script>` and its content",
            ),
            (
                "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
                "`<meta>`",
            ),
            ("<base href=\"https://evil.example/\">", "`<base>`"),
            (
                "<iframe src=\"https://evil.example/\"></iframe>",
                "`<iframe>`",
            ),
            ("<object data=\"x.swf\"></object>", "`<object>`"),
            ("<embed src=\"x.swf\">", "`<embed>`"),
            ("<form action=\"https://evil.example/\"></form>", "`<form>`"),
            (
                "<img src=x onerror=alert(1)>",
                "attribute `onerror` of `<img>`",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "`href=\"javascript:alert(1)\"` of `<a>`",
            ),
            (
                "<a href=\"java\tscript:alert(1)\">x</a>",
                "`href=\"java\tscript:alert(1)\"` of `<a>`",
            ),
            (
                "<img src=\"data:text/html,<script>alert(1)</script>\">",
                "`src=\"data:text/html,<script>alert(1)</script>\"` of `<img>`",
            ),
            ("<svg onload=alert(1)>", "`<svg>`"),
            (
                "<input type=\"text\" value=\"x\">",
                "`<input>` (a form control; only disabled task list checkboxes stay)",
            ),
            (
                "<form><input type=\"password\"></form>",
                "`<input>` (a form control; only disabled task list checkboxes stay)",
            ),
            (
                "<input type=\"checkbox\" checked>",
                "`<input>` (a form control; only disabled task list checkboxes stay)",
            ),
            (
                "<button>Sign in</button><select><option>x</option></select><textarea>y</textarea>",
                "`<button>`",
            ),
            (
                "<div style=\"position:fixed\">x</div>",
                "attribute `style` of `<div>`",
            ),
            ("<link rel=\"stylesheet\" href=\"x.css\">", "`<link>`"),
        ];
        for (html, what) in attacks {
            assert!(
                removed(html).iter().any(|w| w == what),
                "{html}: {:?}",
                removed(html)
            );
            let cleaned = clean(html).to_ascii_lowercase();
            for gone in [
                "<script",
                "alert(1)</",
                "onerror",
                "javascript:",
                "<meta",
                "<base",
                "<iframe",
                "<object",
                "<embed",
                "<form",
                "<svg",
                "style=",
                "<link",
                "data:",
                "value=",
                "<input",
                "<button",
                "<select",
                "<textarea",
            ] {
                assert!(!cleaned.contains(gone), "{html} -> {cleaned}");
            }
        }
    }

    #[test]
    fn removals_carry_their_line() {
        let html = "<p>\nok\n</p>\n<img\n  src=x\n  onclick=y><IMG onclick=z><img/onclick=w>";
        let found = audit(html);
        assert_eq!(found.len(), 3);
        // html5ever tells the line a tag ends on; the removal is where it starts.
        assert_eq!(found[0].at, html.find("<img").unwrap());
        assert_eq!(found[1].at, html.find("<IMG").unwrap());
        assert_eq!(found[2].at, html.find("<img/").unwrap());
    }

    #[test]
    fn a_piece_left_open_makes_the_page_be_cleaned() {
        let review = |pieces: &[&str]| {
            let mut audit = PageAudit::default();
            for (i, piece) in pieces.iter().enumerate() {
                let mut p = Piece::default();
                p.push(piece, i * 100);
                audit.pieces.push(p);
            }
            audit.review().keep_as_written
        };
        assert!(review(&["<details><summary>x</summary>", "</details>"]));
        assert!(review(&["<a name=\"x\"></a>", "<!-- a comment -->"]));
        for open in [
            "<div title=\"",
            "<div title='x",
            "<img src=x",
            "<!-- unclosed",
            "<pipebook-end-of-piece>",
        ] {
            assert!(!review(&["<p>", open]), "{open}");
        }
    }

    #[test]
    fn script_content_is_not_read_as_markup() {
        assert_eq!(
            removed("<script>document.write('<iframe>')</script>"),
            ["`<script>` and its content"]
        );
    }

    #[test]
    fn urls_are_judged_like_a_browser() {
        for ok in [
            "https://x.example/",
            "mailto:a@b.c",
            "tel:+15550100",
            "../flow.png",
            "#steps-2",
            "/runbooks/",
            "slack://channel?id=1",
        ] {
            assert!(url_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ] {
            assert!(!url_allowed(bad), "{bad}");
        }
    }
}
