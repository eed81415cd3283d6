//! The author's raw HTML elements, page-wide, against the boxes pipebook writes around
//! them: an alert, a quote, a list item, a table cell, a footnote, the page itself.
//!
//! Raw HTML goes to the page as written, so a closing tag the author did not open closes
//! one of pipebook's own elements: `> [!WARNING]` over `> </div></blockquote><h1>Fake</h1>`
//! ended the alert's box early and put the `<h1>` after it; `</article></main>` leaves the
//! runbook's text for the theme's chrome. The sanitizer cannot tell the author's `</div>`
//! from pipebook's: it reads the page whole.
//!
//! So each element the author opens is remembered with the nesting of the Markdown around
//! it (the parser's events, counted in [`Page::raw_level`]). A closing tag closes the
//! author's own element opened at the same nesting, or is left out as stray; an element
//! still open when its block ends is closed there, before pipebook's closing tag. Each is
//! said once a page, at its line. The cost is a counter per event, and per raw tag a push,
//! or a pop, and a map look-up: linear in the page.

use html5ever::tokenizer::{Tag, TagKind};
use html5ever::LocalName;
use pulldown_cmark::{Event, TagEnd};

use super::implied_end::{self, Reach};
use super::FastMap;
use super::Page;
use crate::diagnostics::Diagnostics;

/// Elements that have no end: their end tags (`</br>`) are not stray, and they are never
/// left open.
pub(super) const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements a browser closes when another of their kind starts (or their parent ends):
/// written without their end tags, they are siblings, not nested. So is `<a>`: a link
/// starting inside another ends it.
const SIBLINGS: &[&str] = &[
    "a", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "rb", "rt", "rp", "rtc", "colgroup", "caption",
];

/// Elements inside which GitHub makes no link of a web address.
const UNLINKED: &[&str] = &["a", "code", "pre", "kbd", "samp"];

/// An element of the author's still open: its name, the nesting it was opened at, and
/// where in the body.
struct Open {
    name: LocalName,
    level: usize,
    /// The `<template>`s open around it.
    templates: usize,
    /// Whether cleaning drops it with its content (see [`RawStack::dropping`]).
    drops: bool,
    at: usize,
    /// Its place in the stack of the author's elements and pipebook's blocks, from the
    /// bottom (1 for the outermost), as `implied_end` counts.
    position: usize,
    /// Where the walks of the start tags that end elements stop, with it innermost.
    reach: Reach,
}

/// The author's open elements, and the nesting of the Markdown around the current event.
#[derive(Default)]
pub(super) struct RawStack {
    open: Vec<Open>,
    /// How many of `open` there are at each (nesting, templates around, name): a closing
    /// tag with none is stray, known without walking the stack. A `<template>`'s content
    /// is a document of its own to a browser: a closing tag inside it closes nothing
    /// outside it (`<div><template></div>` leaves the template open, and with it the
    /// rest of the page, which cleaning dropped while search read it).
    counts: FastMap<(usize, usize, LocalName), usize>,
    level: usize,
    /// A stray closing tag, an element closed by pipebook, was said on this page.
    stray_said: bool,
    unclosed_said: bool,
    /// How many of `open` are `<template>`s, whose content cleaning drops.
    pub(super) templates: usize,
    /// How many of `open` cleaning drops with their content (templates, `<text>`, `<g>`:
    /// see `sanitize::hides_content`; and `<rp>`s, which browsers do not draw; a page not
    /// cleaned, templates, scripts and styles
    /// only): the Markdown inside one is not on the page. Not
    /// `<svg>` and `<math>` themselves: Markdown's own tags (`<p>`, `<li>`) end a drawing
    /// where they stand (the HTML standard's "breakout"), nor what is opened inside one.
    pub(super) dropping: usize,
    /// How many footnote definitions the current event is in: pipebook writes them at
    /// the page's end, so their blocks end nothing of the author's where they stand.
    footnotes: usize,
    /// The author's elements open around the outermost footnote definition the current
    /// event is in, set aside while it is read: pipebook writes the definition at the
    /// page's end, after closing them, so nothing of theirs hides its words (a `<p><rp>`
    /// left open before `[^1]: …` kept the note, shown at the page's end, out of
    /// search) and nothing in it ends them (a `<div>` in the note ended the author's `<p>`
    /// where the note stood). Taken back when the definition ends.
    outside: Option<Box<Outside>>,
    /// Where in `open` those of `dropping` are, innermost last.
    drops_at: Vec<usize>,
    /// How many of `dropping` are `<rp>`s: cleaning keeps them and browsers do not draw
    /// them, but an image inside one loads all the same.
    pub(super) undrawn: usize,
    /// How many of `open` are `<svg>` or `<math>`.
    foreign: usize,
    /// How many of `open` nest one inside another, and the most there were (see
    /// `limits::MAX_RAW_DEPTH`): not counting those a browser closes when the next of
    /// their kind starts (`<li>`, `<p>`, `<td>` written without their end).
    nested: usize,
    pub(super) deepest: usize,
    /// How many of `open` are links or code, where a web address stays text (see
    /// `autolink`).
    pub(super) unlinked: usize,
    /// A class of pipebook's own, taken off the author's element, was said on this page.
    pub(super) theme_class_said: bool,
    /// Where a piece leaving a tag or comment open was said, once a page.
    pub(super) left_open_said: bool,
    /// The blocks pipebook writes around the author's elements (a paragraph's `<p>`, a
    /// list item's `<li>`), each with its nesting and the element it is written as,
    /// innermost last: an author's `<div>` ends the paragraph it stands in, and what
    /// the author opened in it (see `implied_end`).
    md: Vec<(usize, &'static str, Reach)>,
}

/// What [`RawStack::outside`] sets aside: the author's elements open, and their counts.
#[derive(Default)]
struct Outside {
    open: Vec<Open>,
    counts: FastMap<(usize, usize, LocalName), usize>,
    md: Vec<(usize, &'static str, Reach)>,
    drops_at: Vec<usize>,
    templates: usize,
    dropping: usize,
    undrawn: usize,
    foreign: usize,
    unlinked: usize,
}

impl RawStack {
    /// Sets the author's open elements aside as a footnote definition starts (see
    /// [`Self::outside`]): moves, no copies.
    fn set_aside(&mut self) {
        self.outside = Some(Box::new(Outside {
            open: std::mem::take(&mut self.open),
            counts: std::mem::take(&mut self.counts),
            md: std::mem::take(&mut self.md),
            drops_at: std::mem::take(&mut self.drops_at),
            templates: std::mem::take(&mut self.templates),
            dropping: std::mem::take(&mut self.dropping),
            undrawn: std::mem::take(&mut self.undrawn),
            foreign: std::mem::take(&mut self.foreign),
            unlinked: std::mem::take(&mut self.unlinked),
        }));
    }

    /// Takes back what [`Self::set_aside`] set aside, as the definition ends (after what
    /// the author left open in it was closed).
    fn take_back(&mut self) {
        let Some(o) = self.outside.take() else {
            return;
        };
        let o = *o;
        self.open = o.open;
        self.counts = o.counts;
        self.md = o.md;
        self.drops_at = o.drops_at;
        self.templates = o.templates;
        self.dropping = o.dropping;
        self.undrawn = o.undrawn;
        self.foreign = o.foreign;
        self.unlinked = o.unlinked;
    }

    /// Takes a tag of the author's, found at `at` in the body of a page `cleaned` or not;
    /// false when it is a stray closing tag, to be left out.
    pub(super) fn tag(&mut self, tag: &Tag, at: usize, cleaned: bool) -> bool {
        if VOID.contains(&&*tag.name) {
            return true;
        }
        // Nothing ends a `<plaintext>`: the rest of the page, pipebook's tags and the
        // theme's footer and scripts too, showed as text. It is left out.
        if &*tag.name == "plaintext" {
            return tag.kind != TagKind::StartTag;
        }
        let is_template = &*tag.name == "template";
        if tag.kind == TagKind::StartTag {
            if crate::sanitize::ends_rp(&tag.name) {
                self.end_rp();
            }
            self.implied_end(&tag.name);
            if !tag.self_closing {
                let key = (self.level, self.templates, tag.name.clone());
                *self.counts.entry(key).or_default() += 1;
                let foreign = matches!(&*tag.name, "svg" | "math");
                let position = self.open.len() + self.md.len() + 1;
                let reach = self.reach().over(&tag.name, position);
                let drops = !foreign
                    && self.foreign == 0
                    && crate::sanitize::hides_content(&tag.name, cleaned);
                if drops {
                    self.drops_at.push(self.open.len());
                }
                self.open.push(Open {
                    name: tag.name.clone(),
                    level: self.level,
                    templates: self.templates,
                    drops,
                    at,
                    position,
                    reach,
                });
                self.templates += usize::from(is_template);
                self.dropping += usize::from(drops);
                self.undrawn += usize::from(drops && &*tag.name == "rp");
                self.foreign += usize::from(foreign);
                self.nested += usize::from(!SIBLINGS.contains(&&*tag.name));
                self.deepest = self.deepest.max(self.nested);
                self.unlinked += usize::from(UNLINKED.contains(&&*tag.name));
            }
            return true;
        }
        // `</template>` closes the innermost template, opened with one fewer around it.
        let around = self.templates.saturating_sub(usize::from(is_template));
        let key = (self.level, around, tag.name.clone());
        if self.counts.get(&key).copied().unwrap_or(0) == 0 {
            return false;
        }
        // As browsers do: elements opened inside it, and not closed, end with it.
        while let Some(name) = self.pop() {
            if name == tag.name {
                break;
            }
        }
        true
    }

    /// A ruby part starts: an `<rp>` innermost, inside a `<ruby>` open at this nesting,
    /// ends there for a browser (see `sanitize::ends_rp`), and what follows is shown. It
    /// stays open here, so that the `</rp>` an author may write after is no stray.
    fn end_rp(&mut self) {
        let ruby = (self.level, self.templates, LocalName::from("ruby"));
        let in_ruby = self.counts.get(&ruby).is_some_and(|&n| n > 0);
        if let Some(open) = (self.open.last_mut())
            .filter(|o| in_ruby && o.drops && &*o.name == "rp" && o.level == self.level)
        {
            open.drops = false;
            self.dropping -= 1;
            self.undrawn -= 1;
            self.drops_at.pop();
        }
    }

    /// A block of pipebook's starts, written as `name`: the author's elements a browser
    /// ends before it (a `<p>` of theirs, and all open inside it: see `implied_end`) are
    /// shown no more, so what they hid shows from here on (`<p><rp>x`, then a Markdown
    /// paragraph, which Chromium shows and search left out). They stay open here, for
    /// the page's structure: the author's `</p>` after the Markdown (`<p
    /// align="center">`, an image, `</p>`, as forge READMEs write it) is theirs, no stray.
    /// Each element leaves `drops_at` once: linear in the page.
    /// True when it showed some.
    fn block_starts(&mut self, name: &str) -> bool {
        if self.dropping == 0 {
            return false;
        }
        // A Markdown list item or definition starts right inside pipebook's list, so it
        // ends no item of the author's: only a paragraph can be ended.
        let Some(keep) = implied_end::p_ends(name, self.reach()) else {
            return false;
        };
        let before = self.dropping;
        while let Some(&i) = self.drops_at.last() {
            let open = &mut self.open[i];
            if open.position <= keep {
                break;
            }
            open.drops = false;
            self.dropping -= 1;
            self.undrawn -= usize::from(&*open.name == "rp");
            self.drops_at.pop();
        }
        self.dropping < before
    }

    /// Start tag `name` comes: closes what a browser closes before it (see
    /// `implied_end`), of the author's elements and pipebook's blocks around them.
    fn implied_end(&mut self, name: &str) {
        if let Some(keep) = implied_end::item_ends(name, self.reach()) {
            self.pop_to(keep);
        }
        if let Some(keep) = implied_end::p_ends(name, self.reach()) {
            self.pop_to(keep);
        }
    }

    /// Whether the innermost of the author's elements and pipebook's blocks is the
    /// author's: an element opened at nesting `level` is inside the blocks of that nesting
    /// and less.
    fn authors_innermost(&self) -> bool {
        match (self.open.last(), self.md.last()) {
            (Some(open), Some(block)) => open.level >= block.0,
            (open, _) => open.is_some(),
        }
    }

    /// Where the walks of the start tags that end elements stop, in the author's elements
    /// and pipebook's blocks (see `implied_end`).
    fn reach(&self) -> Reach {
        let last = if self.authors_innermost() {
            self.open.last().map(|open| open.reach)
        } else {
            self.md.last().map(|block| block.2)
        };
        last.unwrap_or_default()
    }

    /// Closes the innermost of the author's elements and pipebook's blocks but `keep`.
    fn pop_to(&mut self, keep: usize) {
        while self.open.len() + self.md.len() > keep {
            if self.authors_innermost() {
                self.pop();
            } else {
                self.md.pop();
            }
        }
    }

    /// Closes the innermost element open, and returns its name.
    fn pop(&mut self) -> Option<LocalName> {
        let open = self.open.pop()?;
        if open.drops {
            self.drops_at.pop();
        }
        self.templates = (self.templates).saturating_sub(usize::from(&*open.name == "template"));
        self.dropping = self.dropping.saturating_sub(usize::from(open.drops));
        self.undrawn =
            (self.undrawn).saturating_sub(usize::from(open.drops && &*open.name == "rp"));
        self.nested = (self.nested).saturating_sub(usize::from(!SIBLINGS.contains(&&*open.name)));
        self.foreign =
            (self.foreign).saturating_sub(usize::from(matches!(&*open.name, "svg" | "math")));
        self.unlinked =
            (self.unlinked).saturating_sub(usize::from(UNLINKED.contains(&&*open.name)));
        let key = (open.level, open.templates, open.name);
        if let Some(n) = self.counts.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                self.counts.remove(&key);
            }
        }
        Some(key.2)
    }

    /// The author's elements open at the current nesting, innermost first.
    fn open_here(&self) -> impl Iterator<Item = &Open> {
        let level = self.level;
        self.open.iter().rev().take_while(move |o| o.level == level)
    }

    /// Whether a stray closing tag was said on this page already (and from now on, it was).
    pub(super) fn said_stray(&mut self) -> bool {
        std::mem::replace(&mut self.stray_said, true)
    }
}

impl<'e> Page<'e, '_> {
    /// Counts the Markdown's nesting, and before a block ends writes the closing tags of
    /// the author's elements still open in it (see the module's comment). True when a
    /// limit was hit while they were written. Every event passes here: the common case
    /// is a counter, the rest is [`Self::close_block`].
    #[inline]
    pub(super) fn raw_level(
        &mut self,
        event: &Event<'e>,
        range: &std::ops::Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        match event {
            Event::Start(pulldown_cmark::Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => false,
            Event::Start(tag) => {
                let stack = &mut self.raw_stack;
                stack.level += 1;
                // A footnote's definition is written at the page's end, not here: what
                // the author opened around it is set aside while it is read.
                if matches!(tag, pulldown_cmark::Tag::FootnoteDefinition(_)) {
                    stack.footnotes += 1;
                    if stack.footnotes == 1 {
                        stack.set_aside();
                        self.text.hidden = false;
                    }
                }
                let stack = &mut self.raw_stack;
                if let Some(name) = written_as(tag) {
                    if stack.block_starts(name) {
                        self.text.hidden = stack.dropping > 0;
                    }
                    let position = stack.open.len() + stack.md.len() + 1;
                    let reach = stack.reach().over(name, position);
                    stack.md.push((stack.level, name, reach));
                }
                false
            }
            Event::End(end) => {
                let stack = &mut self.raw_stack;
                let note = matches!(end, TagEnd::FootnoteDefinition);
                if stack.md.last().is_some_and(|b| b.0 == stack.level) {
                    stack.md.pop();
                }
                let stopped = if stack.open.last().is_some_and(|o| o.level == stack.level) {
                    self.close_block(end, range, body, diags)
                } else {
                    stack.level = stack.level.saturating_sub(1);
                    false
                };
                let stack = &mut self.raw_stack;
                if note {
                    stack.footnotes = stack.footnotes.saturating_sub(1);
                    if stack.footnotes == 0 {
                        stack.take_back();
                        self.text.hidden = self.raw_stack.dropping > 0;
                    }
                }
                stopped
            }
            // A thematic break is an `<hr>`, which ends a paragraph too.
            Event::Rule => {
                let stack = &mut self.raw_stack;
                if stack.block_starts("hr") {
                    self.text.hidden = stack.dropping > 0;
                }
                false
            }
            _ => false,
        }
    }

    /// Writes the closing tags of the author's elements open in the block that `end`
    /// ends, as a piece of the author's (which pops them), then leaves the block.
    #[cold]
    fn close_block(
        &mut self,
        end: &TagEnd,
        range: &std::ops::Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        let closers = self.closers(Some(end), diags);
        let piece = Event::InlineHtml(closers.into());
        if self.step(piece, range.start..range.start, body, diags) {
            return true;
        }
        self.raw_stack.level = self.raw_stack.level.saturating_sub(1);
        false
    }

    /// Closes what the author left open at the end of the page.
    pub(super) fn close_raw(&mut self, diags: &mut Diagnostics) {
        self.raw_stack.level = 0;
        let closers = self.closers(None, diags);
        if !closers.is_empty() {
            self.writer.raw(&mut self.html, &closers);
        }
        self.raw_stack = RawStack::default();
    }

    /// The closing tags of the author's elements open at the current nesting, the
    /// first one said once a page; `end` is the block that ends, None for the page.
    fn closers(&mut self, end: Option<&TagEnd>, diags: &mut Diagnostics) -> String {
        let mut closers = String::new();
        let mut first = None;
        for open in self.raw_stack.open_here() {
            closers.push_str("</");
            closers.push_str(&open.name);
            closers.push('>');
            // `<iface>`, `<Type of Incident>`: a placeholder read as an element, which
            // cleaning removes (and says so); closed in silence.
            if crate::sanitize::tag_allowed(&open.name) {
                first = Some((open.name.to_string(), open.at));
            }
        }
        if let Some((name, at)) = first.filter(|_| !self.raw_stack.unclosed_said) {
            self.raw_stack.unclosed_said = true;
            let block = match end {
                None => "the page",
                Some(TagEnd::BlockQuote(Some(_))) => "its alert",
                Some(TagEnd::BlockQuote(None)) => "its quote",
                Some(TagEnd::Item) => "its list item",
                Some(TagEnd::TableCell) => "its table cell",
                Some(TagEnd::FootnoteDefinition) => "its footnote",
                Some(TagEnd::Heading(_)) => "its heading",
                Some(TagEnd::Paragraph) => "its paragraph",
                Some(_) => "the Markdown around it",
            };
            diags.warning(
                self.location(at),
                format!("raw HTML `<{name}>` is not closed before the end of {block}: pipebook closes it there, so that it cannot take in what follows"),
                format!("write `</{name}>` before the end of {block}"),
            );
        }
        closers
    }
}

/// The element pipebook writes a Markdown block as, for [`RawStack::implied_end`]; None
/// for what runs in a line (emphasis, links), which ends no paragraph or item.
fn written_as(tag: &pulldown_cmark::Tag) -> Option<&'static str> {
    use pulldown_cmark::Tag;
    Some(match tag {
        Tag::Paragraph => "p",
        Tag::Heading { .. } => "h2",
        Tag::BlockQuote(None) => "blockquote",
        Tag::BlockQuote(Some(_)) | Tag::FootnoteDefinition(_) => "div",
        Tag::CodeBlock(_) => "pre",
        Tag::List(_) => "ul",
        Tag::Item => "li",
        Tag::DefinitionList => "dl",
        Tag::DefinitionListTitle => "dt",
        Tag::DefinitionListDefinition => "dd",
        Tag::Table(_) => "table",
        Tag::TableHead => "thead",
        Tag::TableRow => "tr",
        Tag::TableCell => "td",
        _ => return None,
    })
}

impl Page<'_, '_> {
    /// Says, once a page, that a class of pipebook's own was taken off the author's
    /// element (see `sanitize::own_classes_out`).
    pub(super) fn report_theme_class(
        &mut self,
        scan: &super::raw_html::Scan,
        to_body: &dyn Fn(usize) -> usize,
        diags: &mut Diagnostics,
    ) {
        let Some((at, class, tag)) = &scan.theme_class else {
            return;
        };
        if std::mem::replace(&mut self.raw_stack.theme_class_said, true) {
            return;
        }
        diags.warning(
            self.location(to_body(*at)),
            format!("class `{class}` of `<{tag}>` is removed from the page: it is one of pipebook's own (a table of contents, an alert, a footnote, a step link), and on the runbook's HTML it would look like the page's own box (said once a page)"),
            "write the box in Markdown (`> [!NOTE]`, `[TOC]`, `[^1]`), or remove the class",
        );
    }

    /// Says the first stray closing tag of a page, and the first piece that ends inside a
    /// tag or a comment, each at its line (`to_body` maps offsets in the piece).
    pub(super) fn report_structure(
        &mut self,
        scan: &super::raw_html::Scan,
        to_body: &dyn Fn(usize) -> usize,
        diags: &mut Diagnostics,
    ) {
        if let Some((at, name)) = scan.strays.first() {
            if !self.raw_stack.said_stray() {
                diags.warning(
                    self.location(to_body(*at)),
                    format!("raw HTML `</{name}>` closes no element this file opened in the same block: it is left out, as it would close the page's own (an alert's or a quote's box, a list, a table, the page)"),
                    format!("remove it, or open `<{name}>` in the same block (alert, quote, list item, table cell or footnote) that closes it"),
                );
            }
        }
        // A cleaned page says it with what cleaning removes.
        if let Some(at) = scan.plaintext.filter(|_| !self.targets.sanitize_html) {
            diags.warning(
                self.location(to_body(at)),
                "raw HTML `<plaintext>` is left out: nothing ends it, and the rest of the page, the site's own menus and scripts too, would show as text",
                "put text to show as written in a code block (```)",
            );
        }
        if scan.left_open && !self.raw_stack.left_open_said {
            self.raw_stack.left_open_said = true;
            diags.warning(
                self.location(to_body(0)),
                "raw HTML here ends inside a tag or a comment (a `>` or `-->` is missing): it is closed where the HTML ends, as it would take in the page after it",
                "end the tag with `>` (and a quoted value with its quote), and a comment with `-->`, before the blank line or the end of the block",
            );
        }
    }
}
