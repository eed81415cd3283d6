//! The body read event by event: what each event tells besides its HTML (code, links,
//! references, conflict markers, stacked marks, wiki links and the forges' inline
//! syntax), before [`Page::step`] writes it.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};

use super::footnotes::{Footnotes, Shown};
use super::{conflicts, forge_text, links, references, spaced_labels, Page, OPTIONS};
use crate::diagnostics::Diagnostics;

/// What the reading carries from one event to the next.
#[derive(Default)]
struct Reading {
    in_code: bool,
    /// Links open around the text: no address in a link's text becomes another link.
    in_link: usize,
    stacked: StackedMarks,
    conflicts: conflicts::ConflictMarkers,
    /// References that name no definition are weighed against the definitions no link
    /// uses (see `references`).
    refs: references::References,
}

/// What becomes of an event once [`Page::track`] has read it.
enum Flow {
    /// Handled on: the forges' syntax, then [`Page::step`].
    On,
    /// Written already (a wiki link).
    Done,
    /// A limit was hit: the rest of the file is not rendered.
    Stop,
}

impl<'e> Page<'e, '_> {
    /// Reads and writes the whole body. Each event is handled as it comes and written
    /// straight into the page's HTML; only a heading's events and a code block's text
    /// are held until their end. Text split at brackets and entities is merged, so that
    /// the forges' inline syntax (`[- removed -]`) is read whole; code's text is never
    /// read for it, headings' for addresses only.
    /// `hidden` is the body the parser reads instead when it has `[^a b]` brackets, and
    /// the byte standing for their `^` (see `spaced_labels`); offsets are the same.
    pub(super) fn read_body(
        &mut self,
        body: &'e str,
        hidden: Option<(&'e str, u8)>,
        diags: &mut Diagnostics,
    ) {
        let mut reading = Reading::default();
        let parsed = hidden.map_or(body, |(text, _)| text);
        let caret = hidden.map(|(_, byte)| byte);
        // Before the page's own parser is made, so that the two are never held at once.
        self.footnote_numbers = super::footnotes::referenced(parsed);
        let mut notes = Footnotes::default();
        let mut unresolved = Vec::new();
        let parser = Parser::new_with_broken_link_callback(
            parsed,
            OPTIONS,
            Some(|b: pulldown_cmark::BrokenLink| {
                if unresolved.len() < references::MAX_KEPT {
                    let name = match caret {
                        Some(byte) => spaced_labels::label(&b.reference, byte),
                        None => b.reference.into_string(),
                    };
                    unresolved.push((b.span, b.link_type, name));
                }
                None
            }),
        );
        if let Some(byte) = caret {
            self.spaced_definitions(&parser, byte, diags);
        }
        reading.refs.definitions(&parser);
        let events = TextMergeWithOffset::new(parser.into_offset_iter());
        for (event, range) in super::math::Math::new(events, body) {
            let event = match caret {
                Some(byte) => spaced_labels::restore(event, byte),
                None => event,
            };
            // A footnote GitHub does not show is not read at all (see `footnotes`).
            if let Shown::No(why) = notes.shown(&event, &self.footnote_numbers) {
                if let (Some(why), Event::Start(Tag::FootnoteDefinition(label))) = (why, &event) {
                    self.footnote_left_out(&mut notes, label, why, &range, diags);
                }
                continue;
            }
            if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
                self.footnote_label_spaced(&mut notes, label, &range, diags);
            }
            // GitLab's `{width=300}` after an image sizes it (see `image_size`).
            let Some((event, range)) = self.past_image_size(event, range) else {
                continue;
            };
            match self.track(&mut reading, &event, &range, body, diags) {
                Flow::Stop => break,
                Flow::Done => continue,
                Flow::On => {}
            }
            if self.step(event, range, body, diags) {
                // A limit was hit: the rest of the file is not rendered.
                break;
            }
        }
        report_marks(self, &reading.conflicts, &reading.stacked, diags);
        self.report_footnotes_left_out(&notes, diags);
        for (span, kind, name) in unresolved {
            reading.refs.unresolved(span, kind, &name);
        }
        self.report_references(&reading.refs, body, diags);
    }

    /// Tells of each `[^a b]: …` the parser read as a link reference definition, as
    /// GitHub reads it (see `spaced_labels`).
    fn spaced_definitions<'i, F: pulldown_cmark::BrokenLinkCallback<'i>>(
        &mut self,
        parser: &Parser<'i, F>,
        byte: u8,
        diags: &mut Diagnostics,
    ) {
        let mut spaced: Vec<(String, Range<usize>)> = parser
            .reference_definitions()
            .iter()
            .filter(|(label, _)| label.as_bytes().first() == Some(&byte))
            .map(|(label, def)| (spaced_labels::label(&label[1..], byte), def.span.clone()))
            .collect();
        spaced.sort_by_key(|(_, span)| span.start);
        self.tell_spaced_definitions(&spaced, diags);
    }

    /// Reads what `event` tells besides its HTML, and writes it when it is a wiki link or
    /// holds the forges' inline syntax. Only a text outside code holding a byte that those
    /// begin with (`[`, `:`, `{`) is read for them: most texts hold none, and one search
    /// of each text answers both.
    fn track(
        &mut self,
        reading: &mut Reading,
        event: &Event<'e>,
        range: &Range<usize>,
        body: &'e str,
        diags: &mut Diagnostics,
    ) -> Flow {
        let mut worth = false;
        if let Event::Text(t) = event {
            if !reading.in_code {
                self.liquid_text(t, range, body, diags);
                self.span_attribute_list(t, range, diags);
                worth = forge_text::worth_reading(t);
            } else {
                self.template_in_code(t, range, body, diags);
            }
        }
        if self.heading.is_none() {
            reading.stacked.read(event, range, body);
        }
        reading.conflicts.read(event, range);
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                reading.in_code = true;
                self.template_block(kind);
            }
            Event::End(TagEnd::CodeBlock) => reading.in_code = false,
            Event::Start(Tag::Link { link_type, id, .. }) => {
                reading.refs.used(*link_type, id);
                reading.in_link += 1;
            }
            Event::Start(Tag::Image { link_type, id, .. }) => reading.refs.used(*link_type, id),
            Event::End(TagEnd::Link) => reading.in_link = reading.in_link.saturating_sub(1),
            // Not in headings: their ids (and titles) are made from the text as
            // written, and links written for the forges use those ids.
            Event::Text(t) if worth && self.heading.is_none() && links::may_hold_wiki(t) => {
                match self.wiki_text(t, range, body, diags) {
                    Some(true) => return Flow::Stop,
                    Some(false) => return Flow::Done,
                    None => {}
                }
            }
            Event::Text(t) if worth && self.heading.is_some() && links::may_hold_wiki(t) => {
                self.wiki_in_heading(t, range, body, diags);
            }
            Event::Start(Tag::Paragraph) => self.foreign_directive(false, range, body, diags),
            Event::Start(Tag::Item) => self.foreign_directive(true, range, body, diags),
            _ => {}
        }
        match event {
            Event::Text(t) if worth => self.forge_syntax(t, reading.in_link, range, body, diags),
            _ => Flow::On,
        }
    }

    /// Writes a text's forges' inline syntax (shortcodes, diffs) and bare addresses as
    /// links, if it holds any. A heading's addresses are links, as on GitHub, but its
    /// shortcodes and diffs stay as written: its id is made from the text, which a link
    /// leaves as it is.
    fn forge_syntax(
        &mut self,
        t: &str,
        in_link: usize,
        range: &Range<usize>,
        body: &'e str,
        diags: &mut Diagnostics,
    ) -> Flow {
        let mut pieces = match self.heading {
            None => forge_text::pieces(t),
            Some(_) => None,
        };
        if in_link == 0 && self.raw_stack.unlinked == 0 {
            pieces = forge_text::linked(t, pieces);
        }
        match pieces {
            None => Flow::On,
            Some(pieces) => match self.forge_pieces(pieces, range, body, diags) {
                true => Flow::Stop,
                false => Flow::Done,
            },
        }
    }
}

/// What the text held that is reported once a page is read: the first conflict (see
/// `conflicts`) and the letters carrying stacked marks (a warning, with how many more).
fn report_marks(
    page: &mut Page<'_, '_>,
    conflicts: &conflicts::ConflictMarkers,
    stacked: &StackedMarks,
    diags: &mut Diagnostics,
) {
    page.report_conflicts(conflicts, diags);
    if let Some(at) = stacked.first {
        let more = match stacked.runs {
            0 | 1 => String::new(),
            2 => " (and one more letter on this page)".to_string(),
            n => format!(" (and {} more letters on this page)", n - 1),
        };
        diags.warning(
            page.location(at),
            crate::diagnostics::stacked_marks_message("this text") + &more,
            crate::diagnostics::STACKED_MARKS_HINT,
        );
    }
}

/// Letters of the text outside headings that carry more combining marks than real
/// writing (see `diagnostics::stacked_marks`): a warning, as they stay within the text
/// (the theme paints its header, breadcrumbs and on-call box over them), and code may
/// quote such text on purpose. Headings are refused (see `headings`).
#[derive(Default)]
struct StackedMarks {
    /// Where the first is, in the body.
    first: Option<usize>,
    /// How many there are.
    runs: usize,
}

impl StackedMarks {
    fn read(&mut self, event: &Event<'_>, range: &Range<usize>, body: &str) {
        let (Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t)) = event
        else {
            return;
        };
        if let Some((at, runs)) = crate::diagnostics::stacked_marks(t) {
            // The text is the source's own but where the parser took escapes out.
            let at = match body.get(range.clone()) == Some(&**t) {
                true => range.start + at,
                false => range.start,
            };
            self.first.get_or_insert(at);
            self.runs += runs;
        }
    }
}
