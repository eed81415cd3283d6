//! Raw HTML in runbooks, as the forges read it: a relative `href`, `src` or `srcset`
//! (`<img src="diagram.png">`, `<a href="other.md#x">`) resolves like a Markdown link, and
//! every `id` and `<a name>` is an anchor that links may point at.
//!
//! A piece of HTML is read with html5ever's tokenizer, the one the sanitizer reads it with,
//! and written again from its tokens only when an address changes. The sanitizer then
//! judges the piece as rewritten (`sanitize::PageAudit::rewritten`), and cleaning, when a
//! page needs it, runs on the page as written: rewriting cannot let anything past it.

use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token};

use pulldown_cmark::CowStr;

use super::{limits, links, HtmlBlock, Page};
use crate::diagnostics::Diagnostics;
use crate::html::escape_into;
use tokens::{
    closed_on_the_spot, might_hold_links, serialize, tokenize_piece, Lines, SEARCHED_LINE,
};

pub(super) mod comment;
pub(super) mod declaration;
pub(super) mod drawing;
pub(super) mod shown;
mod tokens;

impl<'e> Page<'e, '_> {
    /// Writes an HTML block, its addresses rewritten (see `raw_html`).
    pub(super) fn html_block_end(&mut self, block: HtmlBlock<'e>, diags: &mut Diagnostics) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(block.lines.len());
        for (line, start) in &block.lines {
            starts.push((text.len(), *start));
            text.push_str(line);
        }
        let span = match (block.lines.first(), block.lines.last()) {
            (Some((_, start)), Some((line, last))) => (*start, last + line.len()),
            _ => (0, 0),
        };
        let dropping = self.raw_stack.dropping;
        self.hide_cdata(&mut text, &starts, diags);
        if !self.seen_heading && self.depth == 0 && self.raw_title(&mut text, &mut starts, diags) {
            if let Some(html) = self.raw_html(&text, &starts, diags) {
                text = html;
            }
            self.writer.raw(&mut self.html, &text);
            self.read_shown(&text, span, dropping);
            return;
        }
        match self.raw_html(&text, &starts, diags) {
            Some(html) => {
                self.writer.raw(&mut self.html, &html);
                self.read_shown(&html, span, dropping);
            }
            None => {
                self.writer.raw(&mut self.html, &text);
                self.read_shown(&text, span, dropping);
            }
        }
    }

    /// Reads for search the words of an HTML block that its page shows (see `shown`):
    /// `span` is where it is in the body, `dropping` the elements open before it whose
    /// content cleaning drops (see `raw_stack`).
    fn read_shown(&mut self, html: &str, (start, end): (usize, usize), dropping: usize) {
        let mut words = String::new();
        let cleaned = self.targets.sanitize_html;
        self.shown.read(
            html,
            (self.body, start, end),
            (dropping, cleaned),
            &mut words,
        );
        if self.heading.is_none() && self.unseen == 0 {
            self.text.space();
            self.text.push_shown(&words);
            self.text.space();
        }
    }

    /// Outside SVG and MathML a CDATA section is no HTML: browsers, and cleaning, read
    /// `<![CDATA[` as a comment that ends at its first `>`, and show the rest as text, so
    /// `<![CDATA[<script>alert(1)</script>]]>` showed "alert(1)]]>" with no word to its
    /// author. When HTML is cleaned (and SVG and MathML removed), each section is blanked
    /// out, its line breaks kept (offsets in the piece hold), and reported.
    pub(super) fn hide_cdata(
        &mut self,
        piece: &mut String,
        starts: &[(usize, usize)],
        diags: &mut Diagnostics,
    ) -> bool {
        const OPEN: &str = "<![CDATA[";
        if !self.targets.sanitize_html || !piece.contains(OPEN) {
            return false;
        }
        let mut blanked = std::mem::take(piece).into_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memmem::find(&blanked[from..], OPEN.as_bytes()) {
            let at = from + i;
            let inner = at + OPEN.len();
            let end = memchr::memmem::find(&blanked[inner..], b"]]>")
                .map_or(blanked.len(), |j| inner + j + 3);
            // Byte for byte: a character of several bytes becomes as many spaces.
            for b in &mut blanked[at..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
            let in_body = in_body(starts, at);
            diags.warning(
                self.location(in_body),
                "a CDATA section (`<![CDATA[ … ]]>`) is removed from the page: outside SVG and MathML, browsers end it at its first `>` and show the rest as text",
                "put code or text to show in a code block (```), or remove the section",
            );
            from = end;
        }
        // Only ASCII bytes were written, over whole characters.
        *piece = String::from_utf8(blanked).unwrap_or_default();
        self.html_audit.rewritten(piece);
        true
    }

    /// A piece of raw HTML with its relative addresses resolved like Markdown links, when
    /// one changed; its `id`s and `<a name>`s are taken as anchors. `starts` maps offsets
    /// in the piece to offsets in the body: (start in the piece, start in the body) of each
    /// line.
    pub(super) fn raw_html(
        &mut self,
        piece: &str,
        starts: &[(usize, usize)],
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let to_body = |offset: usize| in_body(starts, offset);
        let mut stack = std::mem::take(&mut self.raw_stack);
        // Elements open whose content cleaning drops (`<template>`), page-wide: each tag
        // of a paragraph is a piece of its own.
        // Not `<rp>`s: browsers do not draw them, but load their images.
        let templates = std::cell::Cell::new(stack.dropping - stack.undrawn);
        let sanitize = self.targets.sanitize_html;
        let mut tags = |tag: &html5ever::tokenizer::Tag, at: usize| {
            let keep = stack.tag(tag, to_body(at), sanitize);
            templates.set(stack.dropping - stack.undrawn);
            keep
        };
        let mut scan = scan_tags(piece, Some(&mut tags), sanitize, |address| {
            let offset = to_body(address.offset);
            // What cleaning removes is never loaded: `srcset` of an `<img>`, `src` of a
            // `<source>`, anything inside a `<template>`.
            let kept = address.kept && templates.get() == 0;
            let written = CowStr::Borrowed(address.url);
            let link = self.resolved(&written, offset, address.is_link, diags);
            if address.image && !address.is_link {
                let in_link = address.in_link || self.open_link.is_some();
                let image =
                    links::left_out_image(address.url, self.dir, self.targets).or_else(|| {
                        link.on_forge
                            .as_deref()
                            .map(links::LeftOutImage::unpublished)
                    });
                // Left out, it loads nothing.
                if let Some(image) = image {
                    return Resolved {
                        left_out: Some(image.note(in_link)),
                        ..Resolved::default()
                    };
                }
            }
            // The repository's own address of a file the site copies loads that copy.
            if address.image && (kept || !sanitize) && link.copied.is_none() {
                self.report_remote_image(
                    links::loaded_from(address.url, &link.dest),
                    offset,
                    diags,
                );
            }
            Resolved {
                size: link.copied.flatten(),
                url: (*link.dest != *address.url).then(|| link.dest.into_string()),
                left_out: None,
            }
        });
        self.raw_stack = stack;
        self.text.hidden = self.raw_stack.dropping > 0;
        if self.raw_stack.deepest > limits::MAX_RAW_DEPTH && !self.raw_too_deep {
            self.raw_too_deep = true;
            let at = starts.first().map_or(0, |s| s.1);
            diags.error(
                self.location(at),
                format!(
                    "raw HTML here nests more than {0} elements one inside another: pipebook takes at most {0}",
                    limits::MAX_RAW_DEPTH
                ),
                "close the elements (`</div>`) before opening others, or write the text in Markdown",
            );
        }
        self.report_structure(&scan, &to_body, diags);
        self.report_theme_class(&scan, &to_body, diags);
        let over = self.raw_anchors.len() + scan.anchors.len() > limits::MAX_ANCHORS;
        if over && !self.raw_anchors_over {
            self.raw_anchors_over = true;
            let at = starts.first().map_or(0, |s| s.1);
            diags.error(
                self.location(at),
                format!(
                    "more than {0} `id` and `name` attributes in this file's HTML: pipebook takes at most {0} per page",
                    limits::MAX_ANCHORS
                ),
                "split the runbook into several pages",
            );
        } else if !self.raw_anchors_over {
            self.raw_anchors.extend(scan.anchors);
        }
        for link in std::mem::take(&mut scan.links) {
            self.check_link(to_body(link.offset), &link, diags);
        }
        if let Some((start, dest, text)) = self.open_link.as_mut() {
            let more = &scan.in_open_link;
            super::deceptive::push_shown(text, &more.text);
            let (start, dest) = (*start, dest.clone());
            self.check_title(start, &dest, &more.title, diags);
            self.check_label(start, &dest, &more.label, diags);
        }
        if let Some(mut link) = scan.open_link.take() {
            // Its text is the Markdown after it, up to a piece holding `</a>`.
            let start = to_body(link.offset);
            let text = std::mem::take(&mut link.text);
            self.check_link(start, &link, diags);
            self.open_link = Some((start, link.href, text));
        }
        let html = scan.html?;
        if self.targets.sanitize_html {
            self.html_audit.rewritten(&html);
        }
        Some(html)
    }
}

impl Page<'_, '_> {
    /// A README's raw `<h1>` before any heading (`<h1 align="center">Name</h1>`, often
    /// inside a centred `<div>`) is its title on the forges, as a `#` heading would be:
    /// it is taken out of `text` and made the page's title (its text only: a logo inside
    /// it stays out of the title), so that the page has one `<h1>`. True when taken.
    fn raw_title(
        &mut self,
        text: &mut String,
        starts: &mut [(usize, usize)],
        diags: &mut Diagnostics,
    ) -> bool {
        let Some(range) = first_h1(text) else {
            return false;
        };
        // The words a browser shows of it: not a `<script>`'s, `<style>`'s, `<template>`'s
        // or `<rp>`'s (`<h1>Lag <script>database down</script></h1>` was titled "Lag
        // database down" on the page, its tab, listings and search; GitHub shows "Lag").
        let mut title = String::new();
        let h1 = &text[range.clone()];
        let hidden = (self.raw_stack.dropping, self.targets.sanitize_html);
        shown::Shown::default().read(h1, (h1, 0, h1.len()), hidden, &mut title);
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return false;
        }
        self.seen_heading = true;
        let at = in_body(starts, range.start);
        if title.len() > crate::model::MAX_TITLE {
            diags.error(
                self.location(at),
                crate::model::title_too_long(title.len()),
                "keep the title short, and put the rest in the text below it",
            );
        }
        self.h1_line = Some(self.location(at).line);
        self.h1 = Some(title);
        let removed = range.len();
        text.replace_range(range.clone(), "");
        for (p, _) in starts.iter_mut() {
            if *p > range.start {
                *p = (*p).saturating_sub(removed).max(range.start);
            }
        }
        true
    }
}

/// The offset in the body of `offset` in a piece whose `starts` (sorted by start in the
/// piece, see `raw_html`) map it: found by halving, since every tag and address of the
/// piece asks. A walk back from the last line made a 4 MB block of one-line `<div>`s
/// (one start a line) take 7.4 s against 0.6 s for 1 MB.
fn in_body(starts: &[(usize, usize)], offset: usize) -> usize {
    let i = starts.partition_point(|&(p, _)| p <= offset);
    i.checked_sub(1)
        .map_or(offset, |i| starts[i].1 + (offset - starts[i].0))
}

/// The byte range of the first `<h1 …>…</h1>` element of a piece of HTML, if whole.
fn first_h1(text: &str) -> Option<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let start = lower.match_indices("<h1").map(|(i, _)| i).find(|&i| {
        matches!(
            lower.as_bytes().get(i + 3),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        )
    })?;
    let close = start + lower[start..].find("</h1")?;
    let end = close + lower[close..].find('>')? + 1;
    Some(start..end)
}

/// The inline HTML `html` (one tag, as pulldown-cmark gives it) as (whether it is an end
/// tag, its name as written); `None` for a comment, a declaration or a name past 64
/// characters.
pub(super) fn inline_tag(html: &str) -> Option<(bool, &str)> {
    let rest = html.strip_prefix('<')?;
    let (close, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    (len > 0 && len <= 64).then(|| (close, &rest[..len]))
}

/// Whether the inline HTML `html` (one tag, as pulldown-cmark gives it) opens (`true`)
/// or closes (`false`) an element whose text the page does not show (scripts, styles, a
/// template's content, SVG, MathML and HTML elements named as theirs: see
/// `sanitize::hides_content`: on a page not `cleaned`, scripts, styles and templates
/// only), so that search does not read it; `None` for any other, or one closed where it
/// stands.
pub(super) fn hides_text(html: &str, cleaned: bool) -> Option<bool> {
    let (close, name) = inline_tag(html)?;
    let name = name.to_ascii_lowercase();
    // An `<rp>` is followed by `raw_stack` alone (`SectionText::hidden`), which knows
    // where a browser ends one without its end tag (`sanitize::ends_rp`).
    if name == "rp" || !crate::sanitize::hides_content(&name, cleaned) {
        return None;
    }
    // `<style /></style>`: a tag written closed, as `closed_on_the_spot` writes it (its
    // end, not an attribute's `</style>`).
    let end = format!("</{name}>");
    let tail = html.trim_end().as_bytes();
    let ends_here = tail.len() > end.len()
        && tail[tail.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes());
    (close || !(html.trim_end().ends_with("/>") || ends_here)).then_some(!close)
}

/// Where each line of `text`, a piece of inline HTML found at `range` of `body`, starts in
/// the body: (start in the piece, start in the body), as [`Page::raw_html`] takes them. A
/// tag over several lines of a quote or a list item comes without the `> ` or the
/// indentation of its lines, each of which ends as written.
pub(super) fn inline_starts(text: &str, body: &str, range: &Range<usize>) -> Vec<(usize, usize)> {
    let mut starts = vec![(0, range.start)];
    let Some(written) = body.get(range.clone()).filter(|w| *w != text) else {
        return starts;
    };
    let (text, written) = (text.as_bytes(), written.as_bytes());
    let mut body_lines = memchr::memchr_iter(b'\n', written).map(|i| i + 1);
    for piece_line in memchr::memchr_iter(b'\n', text).map(|i| i + 1) {
        let Some(body_line) = body_lines.next() else {
            break;
        };
        let line_end =
            |s: &[u8], from: usize| memchr::memchr(b'\n', &s[from..]).map_or(s.len(), |i| from + i);
        let in_piece = &text[piece_line..line_end(text, piece_line)];
        let in_body = &written[body_line..line_end(written, body_line)];
        let at = if in_body.ends_with(in_piece) {
            body_line + in_body.len() - in_piece.len()
        } else {
            body_line
        };
        starts.push((piece_line, range.start + at));
    }
    starts
}

/// What a piece of raw HTML holds for links.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// `id`s and `<a name>`s, in the order written.
    pub anchors: Vec<String>,
    /// The piece written again with its new addresses, when one changed.
    pub html: Option<String>,
    /// Its `<a href>`s closed in the piece, with their text, and the one left open.
    pub links: Vec<RawLink>,
    pub open_link: Option<RawLink>,
    /// What the tags before the piece's first `<a>` or `</a>` add to a link that an
    /// earlier piece left open (`<a href="…">` `<img alt="…">` `</a>` in a paragraph are
    /// three pieces): its `href` unknown here, empty.
    pub in_open_link: RawLink,
    /// Closing tags left out (see `raw_stack`): the offset of their line, their name.
    pub strays: Vec<(usize, String)>,
    /// The offset of the line of the first `<plaintext>` left out (see `raw_stack`).
    pub plaintext: Option<usize>,
    /// Whether the piece ends inside a tag or a comment, which would take in the page's
    /// HTML after it (the alert's `</div>`, up to the next `>` or `-->`).
    pub left_open: bool,
    /// The first class of pipebook's own taken off an element (see
    /// `sanitize::own_classes_out`): the offset of its line, the class and the element.
    pub theme_class: Option<(usize, String, String)>,
}

/// An `<a href>` of raw HTML: where it is in the piece, its address as written, its text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct RawLink {
    pub offset: usize,
    pub href: String,
    /// Its `title`, shown as a tooltip, and those of the elements inside it (pointed at,
    /// a `<span title>` in the link shows its own).
    pub title: String,
    /// Its text, with the `alt` of the images in it (what the link reads as when they
    /// do not load, as a Markdown link's image).
    pub text: String,
    /// The `aria-label`s of it and of the elements inside it: the link's name for screen
    /// readers and voice control in place of its text.
    pub label: String,
}

/// An address in a piece, as [`scan`] hands it over.
pub(super) struct Address<'a> {
    pub url: &'a str,
    /// An `href`, which may point at an anchor; `src` and `srcset` load a file.
    pub is_link: bool,
    /// The `src` or `srcset` of an `<img>` or a `<source>`, which the page loads as it
    /// is read (an `<iframe>`'s is removed by cleaning, a `<script>`'s too).
    pub image: bool,
    /// Whether cleaning keeps the attribute on its element (a `<template>` around it,
    /// whose content cleaning drops, is known to the page: see `raw_stack`).
    pub kept: bool,
    /// Byte offset in the piece: the address as written when it is found on the lines
    /// of its tag (when they are short), else the start of the line where the tag ends.
    pub offset: usize,
    /// Whether an `<a>` of the piece is open around it.
    pub in_link: bool,
}

/// What `resolve` learnt of an address: the new address when it changes, and the width
/// and height of the image of the site's own it names, when its header gives them.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    pub url: Option<String>,
    pub size: Option<(u32, u32)>,
    /// For an `<img>`'s `src` naming a file left out (see `links::left_out_image`): the
    /// note written after its `alt` in place of the tag.
    pub left_out: Option<String>,
}

/// Reads a piece of raw HTML: its anchors, and its addresses, each given to `resolve`,
/// which returns the new address when it changes.
#[cfg(test)]
pub(super) fn scan(piece: &str, mut resolve: impl FnMut(Address) -> Option<String>) -> Scan {
    scan_tags(piece, None, true, |a| Resolved {
        url: resolve(a),
        ..Resolved::default()
    })
}

/// What [`scan_tags`] gives each tag to: false leaves the tag out.
pub(super) type TagHook<'h> = &'h mut dyn FnMut(&Tag, usize) -> bool;

/// [`scan`], each tag also given to `tags` (with the offset of its line), which returns
/// false for a tag to leave out (see `raw_stack`). A piece that ends inside a tag or a
/// comment is written again, its end closed or left out (see [`Scan::left_open`]). When
/// the page is cleaned (`sanitize`), pipebook's own classes are taken off its elements.
pub(super) fn scan_tags(
    piece: &str,
    mut tags: Option<TagHook<'_>>,
    sanitize: bool,
    mut resolve: impl FnMut(Address) -> Resolved,
) -> Scan {
    let mut result = Scan::default();
    let read_tags = tags.is_some() && memchr::memchr(b'<', piece.as_bytes()).is_some();
    if !read_tags && !might_hold_links(piece) {
        return result;
    }
    let (mut tokens, left_open) = tokenize_piece(piece);
    let mut lines = Lines::new(piece);
    let mut changed = false;
    if read_tags && left_open {
        result.left_open = true;
        changed = true;
    }
    // Where the line of the token before starts: a tag may span several lines.
    let mut before = 0;
    // Tokens written as other HTML (an `<img>` of a file left out), by index.
    let mut replaced: Vec<(usize, String)> = Vec::new();
    // No `<a>` or `</a>` seen yet: a tag may be inside a link of an earlier piece.
    let mut before_a = true;
    for (index, (token, line)) in tokens.iter_mut().enumerate() {
        let (line_start, line_end) = lines.seek(*line);
        // Addresses of a tag over several short lines are looked for on all of them.
        let from = if line_end - before <= SEARCHED_LINE {
            before
        } else {
            line_start
        };
        before = line_start;
        if let (Some(keep), Token::TagToken(tag)) = (tags.as_mut(), &*token) {
            if !keep(tag, line_start) {
                if tag.kind == TagKind::StartTag {
                    result.plaintext.get_or_insert(line_start);
                } else {
                    result.strays.push((line_start, tag.name.to_string()));
                }
                *token = Token::CharacterTokens(StrTendril::new());
                changed = true;
                continue;
            }
        }
        // `<iframe … />`: its end tag is written after it (see `closed_on_the_spot`).
        if matches!(&*token, Token::TagToken(tag) if closed_on_the_spot(tag)) {
            changed = true;
        }
        // A comment (`<!--DS: internal note-->`) is not shown, but shipped it is published.
        if let Token::CommentToken(_) = token {
            *token = Token::CharacterTokens(StrTendril::new());
            changed = true;
            continue;
        }
        let tag = match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => tag,
            Token::TagToken(tag) if &*tag.name == "a" => {
                before_a = false;
                result.links.extend(result.open_link.take());
                continue;
            }
            Token::CharacterTokens(t) => {
                if let Some(link) = result.open_link.as_mut() {
                    super::deceptive::push_shown(&mut link.text, t);
                }
                continue;
            }
            _ => continue,
        };
        let is_a = &*tag.name == "a";
        before_a &= !is_a;
        if sanitize {
            if let Some(class) = crate::sanitize::own_classes_out(tag) {
                result
                    .theme_class
                    .get_or_insert((line_start, class, tag.name.to_string()));
                changed = true;
            }
        }
        let place = TagPlace {
            lines: &lines,
            from,
            line_start,
            line_end,
        };
        let read = read_attrs(tag, &place, &mut result, &mut resolve);
        changed |= read.changed;
        let (size, note) = (read.size, read.note);
        if let Some(link) = result.open_link.as_mut() {
            shown_in_link(link, is_a, tag);
        } else if before_a {
            shown_in_link(&mut result.in_open_link, false, tag);
        }
        if let Some(note) = note {
            replaced.push((index, left_out_img(tag, &note)));
            changed = true;
        }
        if size.is_some_and(|size| give_size(tag, size)) {
            changed = true;
        }
    }
    if changed {
        result.html = Some(serialize(&tokens, &replaced));
    }
    result
}

/// Where a start tag is in its piece: its addresses are looked for from `from` (an
/// earlier line, when the tag spans short lines) to the end of the line where it ends.
struct TagPlace<'l, 'a> {
    lines: &'l Lines<'a>,
    from: usize,
    line_start: usize,
    line_end: usize,
}

impl TagPlace<'_, '_> {
    /// The offset of `what` (an attribute's value) in the piece, as [`Address::offset`].
    fn find(&self, what: &str) -> usize {
        self.lines
            .find(what, self.from, self.line_start, self.line_end)
    }
}

/// What [`read_attrs`] learnt of a start tag.
#[derive(Default)]
struct AttrsRead {
    /// Whether an attribute was rewritten.
    changed: bool,
    /// The size of the image an `<img>`'s `src` names, read from its file.
    size: Option<(u32, u32)>,
    /// The note written in place of an `<img>` whose `src` names a file left out.
    note: Option<String>,
}

/// Reads the attributes of the start tag `tag`: its `id`s (and an `<a>`'s `name`) into
/// `result`'s anchors, each `href`, `src` and `srcset` address given to `resolve` and
/// rewritten when it changes; an `<a href>` opens a link in `result`.
fn read_attrs(
    tag: &mut Tag,
    place: &TagPlace,
    result: &mut Scan,
    resolve: &mut impl FnMut(Address) -> Resolved,
) -> AttrsRead {
    let mut read = AttrsRead::default();
    let is_a = &*tag.name == "a";
    let is_image = matches!(&*tag.name, "img" | "source");
    let kept = |attr: &str| crate::sanitize::attribute_kept(&tag.name, attr);
    let (src_kept, srcset_kept) = (kept("src"), kept("srcset"));
    let title = match is_a {
        true => tag
            .attrs
            .iter()
            .find(|a| &*a.name.local == "title")
            .map_or_else(String::new, |a| a.value.to_string()),
        false => String::new(),
    };
    let is_img = &*tag.name == "img";
    for attr in &mut tag.attrs {
        let name: &str = &attr.name.local;
        match name {
            "id" => {
                result.anchors.push(attr.value.to_string());
                // One of the theme's ids: the author's element gets its own.
                if let std::borrow::Cow::Owned(prefixed) = crate::theme_ids::content_id(&attr.value)
                {
                    result.anchors.push(prefixed.clone());
                    attr.value = prefixed.into();
                    read.changed = true;
                }
            }
            "name" if is_a => result.anchors.push(attr.value.to_string()),
            "href" | "src" => {
                let offset = place.find(&attr.value);
                if is_a && name == "href" {
                    result.links.extend(result.open_link.replace(RawLink {
                        offset,
                        href: attr.value.to_string(),
                        title: title.clone(),
                        ..RawLink::default()
                    }));
                }
                let url = Address {
                    url: &attr.value,
                    is_link: name == "href",
                    image: is_image && name == "src",
                    kept: src_kept,
                    offset,
                    in_link: result.open_link.is_some(),
                };
                let resolved = resolve(url);
                if name == "src" && is_img {
                    read.size = resolved.size;
                    read.note = resolved.left_out;
                }
                if let Some(new) = resolved.url {
                    attr.value = new.into();
                    read.changed = true;
                }
            }
            "srcset" => {
                let address = |url| Address {
                    url,
                    is_link: false,
                    image: is_image,
                    kept: srcset_kept,
                    offset: place.find(url),
                    in_link: false,
                };
                if let Some(new) = resolve_srcset(&attr.value, address, resolve) {
                    attr.value = new.into();
                    read.changed = true;
                }
            }
            _ => {}
        }
    }
    read
}

/// A `srcset` written again with each candidate's address resolved, when one changed.
fn resolve_srcset<'v>(
    value: &'v str,
    address: impl Fn(&'v str) -> Address<'v>,
    resolve: &mut impl FnMut(Address) -> Resolved,
) -> Option<String> {
    let mut any = false;
    let candidates: Vec<String> = srcset_candidates(value)
        .into_iter()
        .map(|(url, size)| {
            let url = match resolve(address(url)).url {
                Some(new) => {
                    any = true;
                    new
                }
                None => url.to_string(),
            };
            format!("{url} {size}").trim_end().to_string()
        })
        .collect();
    any.then(|| candidates.join(", "))
}

/// What `tag`, inside the open `link` (or the link itself, `is_a`), adds to what the link
/// shows: its `aria-label` to the link's name, an inner element's `title` to its tooltips,
/// an image's `alt` to its text.
fn shown_in_link(link: &mut RawLink, is_a: bool, tag: &Tag) {
    let push = |into: &mut String, value: &str| {
        super::deceptive::push_shown(into, " ");
        super::deceptive::push_shown(into, value);
    };
    for attr in &tag.attrs {
        match &*attr.name.local {
            "aria-label" => push(&mut link.label, &attr.value),
            "title" if !is_a => push(&mut link.title, &attr.value),
            "alt" if &*tag.name == "img" => push(&mut link.text, &attr.value),
            _ => {}
        }
    }
}

/// What an `<img>` of a file left out is written as: its `alt`, then `note`.
fn left_out_img(tag: &Tag, note: &str) -> String {
    let mut out = String::new();
    if let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt") {
        escape_into(&mut out, &alt.value, false);
    }
    out.push_str(note);
    out
}

/// Gives an `<img>` of the site's own the `width` and `height` of its file, as a Markdown
/// image gets them (`events::frame_image`), so that the page does not shift as it loads:
/// both when the author set neither, the other one in proportion when the author set one
/// in pixels (`width="300"`), none otherwise. Whether the tag changed.
fn give_size(tag: &mut Tag, (w, h): (u32, u32)) -> bool {
    let pixels = |name: &str| {
        let attr = tag.attrs.iter().find(|a| &*a.name.local == name);
        attr.map(|a| a.value.trim().parse::<u64>().ok().filter(|&n| n > 0))
    };
    let scaled =
        |n: u64, from: u32, to: u32| (n * u64::from(to) + u64::from(from) / 2) / u64::from(from);
    let added = match (pixels("width"), pixels("height")) {
        (None, None) => vec![("width", u64::from(w)), ("height", u64::from(h))],
        (Some(Some(width)), None) => vec![("height", scaled(width, w, h).max(1))],
        (None, Some(Some(height))) => vec![("width", scaled(height, h, w).max(1))],
        _ => return false,
    };
    for (name, value) in added {
        tag.attrs.push(html5ever::Attribute {
            name: html5ever::QualName::new(None, html5ever::ns!(), name.into()),
            value: value.to_string().into(),
        });
    }
    true
}

/// The candidates of a `srcset`, each its address and its descriptors (`2x`, `480w`), read
/// as browsers read them (HTML's "parse a srcset attribute"): an address runs to the next
/// white space, so the commas of `data:image/png;base64,iVBOR…` are its own, and only a
/// comma after it (outside parentheses) ends the candidate. Split at every comma, such an
/// image was reported as a broken link `iVBOR…`, and an SVG written into one as `<svg`.
fn srcset_candidates(value: &str) -> Vec<(&str, &str)> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
    let mut candidates = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| is_space(c) || c == ',');
        if rest.is_empty() {
            return candidates;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        if let Some(url) = url.strip_suffix(',') {
            candidates.push((url.trim_end_matches(','), ""));
            rest = after;
            continue;
        }
        // Descriptors run to a comma outside parentheses (`(…,…)` is one descriptor's).
        let mut depth = 0usize;
        let stop = after
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => return true,
                    _ => {}
                }
                false
            })
            .map_or(after.len(), |(i, _)| i);
        candidates.push((url, after[..stop].trim_matches(is_space)));
        rest = &after[stop..];
    }
}

#[cfg(test)]
mod tests;
