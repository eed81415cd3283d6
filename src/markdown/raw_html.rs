//! Raw HTML in runbooks, as the forges read it: a relative `href`, `src` or `srcset`
//! (`<img src="diagram.png">`, `<a href="other.md#x">`) resolves like a Markdown link, and
//! every `id` and `<a name>` is an anchor that links may point at.
//!
//! A piece of HTML is read with html5ever's tokenizer, the one the sanitizer reads it with,
//! and written again from its tokens only when an address changes. The sanitizer then
//! judges the piece as rewritten (`sanitize::PageAudit::rewritten`), and cleaning, when a
//! page needs it, runs on the page as written: rewriting cannot let anything past it.

use std::ops::Range;

use pulldown_cmark::CowStr;

use super::{limits, links, HtmlBlock, Page};
use crate::diagnostics::Diagnostics;

mod addresses;
pub(super) mod comment;
pub(super) mod declaration;
pub(super) mod drawing;
pub(super) mod shown;
mod tokens;

#[cfg(test)]
use addresses::{scan, srcset_candidates};
pub(super) use addresses::{scan_tags, RawLink, Resolved, Scan};

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

#[cfg(test)]
mod tests;
