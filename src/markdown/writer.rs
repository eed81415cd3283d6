//! The page's HTML, written from each event as it is handled, into the page's own buffer.
//!
//! It writes the bytes pulldown-cmark's HTML writer writes for the same events (a test
//! compares the two on every kind of event), but takes events one at a time from the
//! page's handling instead of pulling them through an iterator: the page no longer
//! queues its events for a writer of its own, and writes its headings, steps and
//! highlighted code straight into the buffer instead of as `Html` events.

use std::collections::HashMap;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// What the writer remembers between events.
pub(super) struct Writer<'e> {
    /// Whether the last byte written (if any) is a line break: block tags start a line.
    end_newline: bool,
    /// In a table: whether in its head, its columns' alignments, the cell's column.
    table_head: bool,
    alignments: Vec<Alignment>,
    cell: usize,
    /// Inside a table cell, whose long names (`kubevirt_configuration_emulation_enabled`)
    /// get a `<wbr>` after each `_` and `.` (see `html::wbr`): the theme breaks a cell's
    /// words there, not at any letter.
    in_cell: bool,
    /// Inside a heading of the page, whose long names get the same: a section per alert
    /// (`## TelemeterServerMetricsUploadWriteAvailabilityErrorBudgetBurning`, rhobs's SOPs)
    /// broke at any letter on a phone ("…MetricsUplo / adWrite…"). Set by `heading_end`,
    /// which writes the heading's tags itself.
    pub(super) in_heading: bool,
    /// Footnotes' numbers: given by the page (see [`Self::number_footnote`]), else by
    /// first mention (a page has few or none).
    numbers: HashMap<CowStr<'e>, u64>,
    /// The highest of `numbers`.
    top_number: u64,
    /// Inside an image: its title, written after its alt text, the tags open in the alt
    /// text, and what frames it (see [`Frame`]).
    image: Option<(CowStr<'e>, usize, Frame)>,
    /// What frames the next image written.
    next_frame: Frame,
    /// In a metadata block, whose text is not written.
    metadata: bool,
    /// The open link, while its text may still be its address (see [`BareLink`]).
    bare: Option<BareLink>,
}

/// A link whose visible text is its own address (`<https://…>`, a bare address in text,
/// `[https://x](https://x)`) gets `class="bare"`, so that print, which writes each web
/// link's address after its text, does not write this one twice.
struct BareLink {
    /// Where in the HTML the class goes: just after `<a`.
    at: usize,
    href: String,
    /// The link's text so far, no longer kept once longer than `href` (linear).
    text: String,
}

impl Default for Writer<'_> {
    fn default() -> Self {
        Writer {
            end_newline: true,
            table_head: true,
            alignments: Vec::new(),
            cell: 0,
            in_cell: false,
            in_heading: false,
            numbers: HashMap::new(),
            top_number: 0,
            image: None,
            next_frame: Frame::default(),
            metadata: false,
            bare: None,
        }
    }
}

/// `s` written into `out` at a block's start: on a line of its own.
fn block(out: &mut String, end_newline: bool, s: &str) {
    if !end_newline {
        out.push('\n');
    }
    out.push_str(s);
}

/// What pipebook adds around an image of the site's own: its width and height, so that
/// the page does not shift as it loads, and a link to the image itself, which opens it
/// at full size.
#[derive(Default, Clone, Copy)]
pub(super) struct Frame {
    pub size: Option<(u32, u32)>,
    pub link: bool,
    /// GitLab's `{width=…}` after the image (see `image_size`).
    pub given: Option<super::image_size::Given>,
}

impl<'e> Writer<'e> {
    /// Frames the next image written (its start must be the next event written).
    pub(super) fn frame_next_image(&mut self, frame: Frame) {
        self.next_frame = frame;
    }

    /// Whether an image's alt text is being written (where no tag may go).
    pub(super) fn in_image(&self) -> bool {
        self.image.is_some()
    }

    /// Writes raw HTML (pipebook's own or the author's), as an `Html` event is written.
    pub(super) fn raw(&mut self, out: &mut String, s: &str) {
        out.push_str(s);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// Notes what HTML written into `out` from `from` on by other means (highlighted
    /// code) ends with, as [`Writer::raw`] would.
    pub(super) fn wrote(&mut self, out: &str, from: usize) {
        if out.len() > from {
            self.end_newline = out.ends_with('\n');
        }
    }

    /// Writes the text of a paragraph, a heading, a cell.
    pub(super) fn text(&mut self, out: &mut String, t: &str) {
        if self.metadata {
            return;
        }
        self.link_text(t);
        if self.image.is_some() {
            let _ = escape_html(&mut *out, t);
        } else {
            self.body_text(out, t);
        }
        self.end_newline = t.ends_with('\n');
    }

    /// `t` escaped, with break opportunities in a table cell's long names.
    fn body_text(&self, out: &mut String, t: &str) {
        if self.in_cell || self.in_heading {
            let mut escaped = String::with_capacity(t.len());
            let _ = escape_html_body_text(&mut escaped, t);
            out.push_str(&crate::html::wbr::breakable(&escaped));
        } else {
            let _ = escape_html_body_text(&mut *out, t);
        }
    }

    /// Writes one event.
    pub(super) fn event(&mut self, out: &mut String, event: Event<'e>) {
        if self.image.is_some() {
            return self.alt_text(out, event);
        }
        match event {
            Event::Start(tag) => self.start(out, tag),
            Event::End(tag) => self.end(out, tag),
            Event::Text(t) => self.text(out, &t),
            Event::Code(t) => {
                self.link_text(&t);
                out.push_str("<code>");
                self.body_text(out, &t);
                out.push_str("</code>");
                self.end_newline = false;
            }
            Event::InlineMath(t) => self.math(out, "<span class=\"math math-inline\">", &t),
            Event::DisplayMath(t) => self.math(out, "<span class=\"math math-display\">", &t),
            Event::Html(h) | Event::InlineHtml(h) => self.raw(out, &h),
            Event::SoftBreak => {
                out.push('\n');
                self.end_newline = true;
            }
            Event::HardBreak => self.raw(out, "<br />\n"),
            Event::Rule => {
                block(out, self.end_newline, "<hr />\n");
                self.end_newline = true;
            }
            Event::FootnoteReference(name) => {
                let (name, own) = reference_ids(name);
                out.push_str("<sup class=\"footnote-reference\"><a href=\"#");
                let _ = escape_html(&mut *out, &name);
                if let Some(own) = own {
                    out.push_str("\" id=\"");
                    let _ = escape_html(&mut *out, &own);
                }
                out.push_str("\">");
                let n = self.number(name);
                push_number(out, n);
                out.push_str("</a></sup>");
                self.end_newline = false;
            }
            Event::TaskListMarker(true) => self.raw(
                out,
                "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n",
            ),
            Event::TaskListMarker(false) => {
                self.raw(out, "<input disabled=\"\" type=\"checkbox\"/>\n")
            }
        }
    }

    fn math(&mut self, out: &mut String, open: &str, t: &str) {
        out.push_str(open);
        let _ = escape_html(&mut *out, t);
        out.push_str("</span>");
        self.end_newline = false;
    }

    /// The number footnote `name` shows (0 before it is mentioned).
    pub(super) fn footnote_number(&self, name: &str) -> u64 {
        self.numbers.get(name).copied().unwrap_or(0)
    }

    /// Gives footnote `name` number `n`, before it is written: GitHub numbers footnotes by
    /// their first reference, which the page knows and the writer, meeting a definition
    /// before its reference, does not.
    pub(super) fn number_footnote(&mut self, name: CowStr<'e>, n: u64) {
        let n = *self.numbers.entry(name).or_insert(n);
        self.top_number = self.top_number.max(n);
    }

    fn number(&mut self, name: CowStr<'e>) -> u64 {
        if let Some(&n) = self.numbers.get(&name) {
            return n;
        }
        self.top_number += 1;
        self.numbers.insert(name, self.top_number);
        self.top_number
    }

    /// An event inside an image: its text is the `alt` attribute, its tags are not
    /// written; the image's end writes its title and closes the tag.
    fn alt_text(&mut self, out: &mut String, event: Event<'e>) {
        let Some((_, depth, _)) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::Start(_) => *depth += 1,
            Event::End(_) if *depth > 0 => *depth -= 1,
            Event::End(_) => {
                let mut frame = Frame::default();
                if let Some((title, _, f)) = self.image.take() {
                    if !title.is_empty() {
                        out.push_str("\" title=\"");
                        let _ = escape_html(&mut *out, &title);
                    }
                    frame = f;
                }
                let [width, height] = super::image_size::attributes(frame.given, frame.size);
                for (name, value) in [("\" width=\"", width), ("\" height=\"", height)] {
                    if let Some(value) = value {
                        out.push_str(name);
                        out.push_str(&value);
                    }
                }
                out.push_str(if frame.link { "\" /></a>" } else { "\" />" });
                self.end_newline = false;
            }
            Event::Html(_) => {}
            Event::InlineHtml(t) | Event::Code(t) | Event::Text(t) => {
                let _ = escape_html(&mut *out, &t);
                self.end_newline = t.ends_with('\n');
            }
            Event::InlineMath(t) => self.alt_math(out, "$", &t),
            Event::DisplayMath(t) => self.alt_math(out, "$$", &t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.raw(out, " "),
            Event::FootnoteReference(name) => {
                let n = self.number(reference_ids(name).0);
                out.push('[');
                push_number(out, n);
                out.push(']');
            }
            Event::TaskListMarker(true) => self.raw(out, "[x]"),
            Event::TaskListMarker(false) => self.raw(out, "[ ]"),
        }
    }

    fn alt_math(&mut self, out: &mut String, delimiter: &str, t: &str) {
        out.push_str(delimiter);
        let _ = escape_html(&mut *out, t);
        out.push_str(delimiter);
        self.end_newline = false;
    }

    /// A block's start tag, on a line of its own.
    fn open_block(&mut self, out: &mut String, s: &str) {
        block(out, self.end_newline, s);
        self.end_newline = s.ends_with('\n');
    }

    fn start(&mut self, out: &mut String, tag: Tag<'e>) {
        match tag {
            Tag::HtmlBlock => {}
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::Paragraph => self.open_block(out, "<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => self.heading(out, level as usize, id, &classes, attrs),
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.raw(out, "<table>");
            }
            Tag::TableHead => {
                self.table_head = true;
                self.cell = 0;
                self.raw(out, "<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.raw(out, "<tr>");
            }
            Tag::TableCell => {
                self.in_cell = true;
                self.table_cell(out);
            }
            Tag::BlockQuote(kind) => self.open_block(out, blockquote_tag(kind)),
            Tag::CodeBlock(kind) => self.code_block(out, &kind),
            Tag::List(Some(1)) => self.open_block(out, "<ol>\n"),
            Tag::List(Some(start)) => {
                block(out, self.end_newline, "<ol start=\"");
                push_number(out, start);
                self.raw(out, "\">\n");
            }
            Tag::List(None) => self.open_block(out, "<ul>\n"),
            Tag::Item => self.open_block(out, "<li>"),
            Tag::DefinitionList => self.open_block(out, "<dl>\n"),
            Tag::DefinitionListTitle => self.open_block(out, "<dt>"),
            Tag::DefinitionListDefinition => self.open_block(out, "<dd>"),
            Tag::Subscript => self.raw(out, "<sub>"),
            Tag::Superscript => self.raw(out, "<sup>"),
            Tag::Emphasis => self.raw(out, "<em>"),
            Tag::Strong => self.raw(out, "<strong>"),
            Tag::Strikethrough => self.raw(out, "<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.link(out, link_type, &dest_url, &title),
            Tag::Image {
                dest_url, title, ..
            } => {
                let frame = std::mem::take(&mut self.next_frame);
                if frame.link {
                    out.push_str("<a href=\"");
                    let _ = escape_href(&mut *out, &dest_url);
                    out.push_str("\">");
                }
                out.push_str("<img src=\"");
                let _ = escape_href(&mut *out, &dest_url);
                self.raw(out, "\" alt=\"");
                self.image = Some((title, 0, frame));
            }
            Tag::FootnoteDefinition(name) => self.footnote_definition(out, name),
        }
    }

    /// A heading's start tag with its id, classes and attributes (from `{#id .class k=v}`).
    fn heading(
        &mut self,
        out: &mut String,
        level: usize,
        id: Option<CowStr<'e>>,
        classes: &[CowStr<'e>],
        attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
    ) {
        block(out, self.end_newline, "<");
        out.push_str(level_name(level));
        if let Some(id) = id {
            out.push_str(" id=\"");
            let _ = escape_html(&mut *out, &id);
            out.push('"');
        }
        for (i, class) in classes.iter().enumerate() {
            out.push_str(if i == 0 { " class=\"" } else { " " });
            let _ = escape_html(&mut *out, class);
        }
        if !classes.is_empty() {
            out.push('"');
        }
        for (name, value) in attrs {
            out.push(' ');
            let _ = escape_html(&mut *out, &name);
            out.push_str("=\"");
            if let Some(value) = value {
                let _ = escape_html(&mut *out, &value);
            }
            out.push('"');
        }
        self.raw(out, ">");
    }

    /// A cell's start tag, with its column's alignment.
    fn table_cell(&mut self, out: &mut String) {
        out.push_str(if self.table_head { "<th" } else { "<td" });
        self.raw(
            out,
            match self.alignments.get(self.cell) {
                Some(Alignment::Left) => " style=\"text-align: left\">",
                Some(Alignment::Center) => " style=\"text-align: center\">",
                Some(Alignment::Right) => " style=\"text-align: right\">",
                _ => ">",
            },
        );
    }

    /// A code block's start tag, with the language of a fenced block's info string.
    fn code_block(&mut self, out: &mut String, kind: &CodeBlockKind<'e>) {
        block(out, self.end_newline, "");
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        if lang.is_empty() {
            out.push_str("<pre><code>");
        } else {
            out.push_str("<pre><code class=\"language-");
            let _ = escape_html(&mut *out, lang);
            out.push_str("\">");
        }
        self.end_newline = false;
    }

    /// Adds `t` to the open link's text, while that may still be its address.
    fn link_text(&mut self, t: &str) {
        if let Some(link) = &mut self.bare {
            if link.text.len() + t.len() <= link.href.len() {
                link.text.push_str(t);
            } else {
                self.bare = None;
            }
        }
    }

    /// A link's start tag (`mailto:` before an email autolink's address).
    fn link(&mut self, out: &mut String, link_type: LinkType, dest_url: &str, title: &str) {
        self.bare = (link_type != LinkType::Email).then(|| BareLink {
            at: out.len() + "<a".len(),
            href: dest_url.to_string(),
            text: String::new(),
        });
        out.push_str(if link_type == LinkType::Email {
            "<a href=\"mailto:"
        } else {
            "<a href=\""
        });
        let _ = escape_href(&mut *out, dest_url);
        if !title.is_empty() {
            out.push_str("\" title=\"");
            let _ = escape_html(&mut *out, title);
        }
        self.raw(out, "\">");
    }

    /// A footnote definition's start, numbered as its first mention.
    fn footnote_definition(&mut self, out: &mut String, name: CowStr<'e>) {
        block(
            out,
            self.end_newline,
            "<div class=\"footnote-definition\" id=\"",
        );
        let _ = escape_html(&mut *out, &name);
        out.push_str("\"><sup class=\"footnote-definition-label\">");
        let n = self.number(name);
        push_number(out, n);
        self.raw(out, "</sup>");
    }

    fn end(&mut self, out: &mut String, tag: TagEnd) {
        let s = match tag {
            TagEnd::HtmlBlock | TagEnd::Image => return,
            TagEnd::MetadataBlock(_) => {
                self.metadata = false;
                return;
            }
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Heading(level) => {
                out.push_str("</");
                out.push_str(level_name(level as usize));
                ">\n"
            }
            TagEnd::Table => "</tbody></table>\n",
            TagEnd::TableHead => {
                self.table_head = false;
                "</tr></thead><tbody>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell => {
                self.cell += 1;
                self.in_cell = false;
                if self.table_head {
                    "</th>"
                } else {
                    "</td>"
                }
            }
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::DefinitionList => "</dl>\n",
            TagEnd::DefinitionListTitle => "</dt>\n",
            TagEnd::DefinitionListDefinition => "</dd>\n",
            TagEnd::Emphasis => "</em>",
            TagEnd::Superscript => "</sup>",
            TagEnd::Subscript => "</sub>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => {
                if let Some(link) = self.bare.take().filter(|l| l.text == l.href) {
                    // Moves only this link's own HTML along.
                    out.insert_str(link.at, " class=\"bare\"");
                }
                "</a>"
            }
            TagEnd::FootnoteDefinition => "</div>\n",
        };
        self.raw(out, s);
    }
}

/// A block quote's start tag; GitHub's alerts (`> [!NOTE]`) get their kind's class.
fn blockquote_tag(kind: Option<BlockQuoteKind>) -> &'static str {
    match kind {
        None => "<blockquote>\n",
        Some(BlockQuoteKind::Note) => "<blockquote class=\"markdown-alert-note\">\n",
        Some(BlockQuoteKind::Tip) => "<blockquote class=\"markdown-alert-tip\">\n",
        Some(BlockQuoteKind::Important) => "<blockquote class=\"markdown-alert-important\">\n",
        Some(BlockQuoteKind::Warning) => "<blockquote class=\"markdown-alert-warning\">\n",
        Some(BlockQuoteKind::Caution) => "<blockquote class=\"markdown-alert-caution\">\n",
    }
}

/// `h1` to `h6` (the level's name, as pulldown-cmark writes it).
fn level_name(level: usize) -> &'static str {
    ["h1", "h2", "h3", "h4", "h5", "h6"][level.clamp(1, 6) - 1]
}

/// Writes `n` in decimal, as `{}` would, without the formatting machinery.
pub(super) fn push_number(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut n = n;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// A footnote reference's event as the page hands it over: the footnote's id, then the
/// reference's own when it has one, apart by a space (see `Page::html_event`).
fn reference_ids(name: CowStr<'_>) -> (CowStr<'_>, Option<String>) {
    match name.split_once(' ') {
        Some((note, own)) => (CowStr::from(note.to_string()), Some(own.to_string())),
        None => (name, None),
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::Writer;

    /// Every kind of event the parser gives (with every option, math and metadata too),
    /// written by [`Writer`] and by pulldown-cmark's writer: the same bytes, but for the
    /// class of a link whose text is its address.
    #[test]
    fn writes_what_pulldown_cmark_writes() {
        let samples = [
            "# Title {#an-id .a .b data-x=y flag}\n\nText *em* **strong** ~~del~~ `code` <b>inline</b>\nsoft\\\nhard  \nend",
            "text\n***\n- a\n- [x] done\n- [ ] not\n\n1. one\n2. two\n\n7. seven\n\n10) ten",
            "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| x |\n\ntext after",
            "> quote\n> more\n\n> [!NOTE]\n> note\n\n> [!WARNING]\n> w\n\n> [!TIP]\n> t\n\n> [!IMPORTANT]\n> i\n\n> [!CAUTION]\n> c",
            "```sh extra\necho <x> & y\n```\n\n    indented\n    code\n\n~~~\nplain\n~~~\n\n```\n```",
            "Footnote[^a] and[^b] again[^a].\n\n[^a]: The *a* note.\n[^b]: B with [^a].",
            "![alt *with* `code` and <b>html</b> $m$ [^a]\nbreak](img.png \"a title\") and ![](x.png)\n\n![x ![inner](i.png) y](o.png)\n\n[^a]: n",
            "[link](http://x.example/a b \"t&t\") <mailto@example.com> <https://auto.example/?a=1&b=2> [e](<a\"b>)",
            "<div>\n<p>block html</p>\n</div>\n\ntext <span>inline</span> & < > \"q\" 'a'\n\n<!-- comment -->",
            "---\ntitle: x\n---\n\n$$display$$ and $inline < x$\n\nTerm\n: definition\n\nH~2~O and x^2^",
            "Setext\n======\n\n## ATX ##\n\n###### six\n\npara\n- list right after\n\n***\n***",
            "a\n\n<table><tr><td>\n\n*md in html*\n\n</td></tr></table>\n\n1. x\n\n   ```\n   code in item\n   ```\n2. y",
        ];
        for md in samples {
            let events: Vec<_> = Parser::new_ext(md, Options::all()).collect();
            let mut theirs = String::new();
            pulldown_cmark::html::push_html(&mut theirs, events.clone().into_iter());
            let mut ours = String::new();
            let mut writer = Writer::default();
            for event in events {
                writer.event(&mut ours, event);
            }
            assert_eq!(ours.replace(" class=\"bare\"", ""), theirs, "{md}");
        }
    }

    fn written(md: &str) -> String {
        let mut out = String::new();
        let mut writer = Writer::default();
        for event in Parser::new_ext(md, Options::all()) {
            writer.event(&mut out, event);
        }
        out
    }

    #[test]
    fn a_link_whose_text_is_its_address_is_bare() {
        for (md, bare) in [
            ("<https://x.example/a>", true),
            ("[https://x.example/a](https://x.example/a)", true),
            ("[`https://x.example/a`](https://x.example/a)", true),
            (
                "| [https://x.example/a_b](https://x.example/a_b) |\n|-|",
                true,
            ),
            ("[the runbook](https://x.example/a)", false),
            ("[https://x.example/a](https://evil.example/a)", false),
            ("[https://x.example/a/more](https://x.example/a)", false),
            ("[x.example/a](https://x.example/a)", false),
            ("<ops@x.example>", false),
        ] {
            let html = written(md);
            assert_eq!(
                html.contains("<a class=\"bare\" href="),
                bare,
                "{md}: {html}"
            );
        }
        // Both of two links in a row, and text after the first does not join the second.
        let two = written("<https://a.example> and <https://b.example>");
        assert_eq!(two.matches("class=\"bare\"").count(), 2, "{two}");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0u64, 7, 10, 1234567890, u64::MAX] {
            let mut s = String::new();
            super::push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
