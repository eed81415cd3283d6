//! One parser event at a time: the limits checked, then each event handled (steps,
//! code and diagram blocks collected, headings held, links rewritten, raw HTML audited)
//! and queued for the HTML writer with its text read for the search index.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::headings::OpenHeading;
use super::links::{self, resolve_link, Problem};
use super::slug::MAX_ID;
use super::writer::Frame;
use super::{diagram, forge, image_size, limits, raw_html, AnchorLink, HtmlBlock, Page};
use crate::diagnostics::Diagnostics;
use crate::highlight::Lang;

/// What [`Page::quiet_event`] did with an event.
pub(super) enum Quiet {
    /// Written (a text).
    Done,
    /// Read for search: to be written as it is.
    Emit,
    /// Not one of the commonest events, or something is held open: handled in full.
    No,
}

impl<'e> Page<'e, '_> {
    /// Checks the event against the limits (see `limits`); true when rendering stops.
    pub(super) fn refuse(
        &mut self,
        event: &Event,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        if matches!(event, Event::Start(Tag::Heading { .. } | Tag::Item))
            && self.ids.used.len() >= limits::MAX_ANCHORS
        {
            diags.error(
                self.location(range.start),
                format!(
                    "more than {0} headings and numbered steps: pipebook takes at most {0} anchors per page",
                    limits::MAX_ANCHORS
                ),
                "split the runbook into several pages",
            );
            return true;
        }
        if self.too_many_attributes(event, range, diags) {
            return true;
        }
        match limits::check(event, range, body, &mut self.depth) {
            Some(refusal) => {
                diags.error(self.location(range.start), refusal.message, refusal.hint);
                refusal.stop
            }
            None => false,
        }
    }

    /// Handles one event of the parser.
    pub(super) fn event(&mut self, event: Event<'e>, range: Range<usize>, diags: &mut Diagnostics) {
        let event = if self.forge.holds() || forge::concerns(&event) {
            match self.forge_event(event, &range, diags) {
                Some(event) => event,
                None => return,
            }
        } else {
            event
        };
        self.watch(&event, &range, diags);
        if self.step_link_due(&event) {
            self.step_link();
        }
        let in_heading = self.heading.is_some();
        let ordered = matches!(self.lists.last(), Some(Some(_)));
        match event {
            Event::Start(Tag::List(start)) if !in_heading => {
                self.lists.push(start);
                self.emit(Event::Start(Tag::List(start)));
            }
            Event::End(TagEnd::List(ordered)) if !in_heading => {
                self.lists.pop();
                self.section().space();
                self.emit(Event::End(TagEnd::List(ordered)));
            }
            Event::Start(Tag::Item) if !in_heading && ordered => self.step_start(),
            Event::End(TagEnd::Item) if !in_heading && ordered => self.step_end(),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !in_heading && Lang::from_info(&info).is_some() =>
            {
                self.code = Lang::from_info(&info).map(|lang| (lang, String::new(), range.start));
                self.emit(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !in_heading && diagram::is_diagram(&info) =>
            {
                self.diagram = Some((String::new(), range.start));
            }
            Event::Text(text) if self.diagram.is_some() => {
                self.section().push(&text);
                if let Some((source, _)) = self.diagram.as_mut() {
                    source.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if self.diagram.is_some() => self.diagram_end(diags),
            Event::Text(text) if self.code.is_some() => {
                self.section().push(&text);
                if let Some((_, buf, _)) = self.code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if self.code.is_some() => self.code_end(),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let first = self.depth == 0 && !self.seen_heading;
                let title = level == HeadingLevel::H1 && first;
                // Underlined (`Title` over `---`), not `## Title`: a page's only `##`
                // section (`## Steps`) is no title.
                let setext = self
                    .body
                    .get(range.clone())
                    .is_some_and(|s| !s.trim_start().starts_with('#'));
                let opening = level == HeadingLevel::H2 && first && setext;
                self.seen_heading |= self.footnote_open.0 == 0;
                self.heading = Some(OpenHeading {
                    level,
                    // One too long is refused (see `limits`); rendering goes on with a cut.
                    given_id: id.map(|s| {
                        let source = self.body.get(range.clone()).unwrap_or("");
                        let block = super::given_ids::written_block(source, setext);
                        (limits::cut(&s, MAX_ID).to_string(), block.to_string())
                    }),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    attributes: attrs
                        .iter()
                        .take(5)
                        .map(|(name, value)| match value {
                            Some(v) => format!("{name}={v}"),
                            None => name.to_string(),
                        })
                        .collect(),
                    start: range.start,
                    title,
                    opening,
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.heading_end(diags),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.link_start(tag, range.clone(), diags)
            }
            Event::End(TagEnd::Image) => match self.images.pop().flatten() {
                Some(image) => {
                    let note = image.note(self.open_link.is_some());
                    self.push(Event::InlineHtml(note.into()));
                }
                None => self.pass_through(event),
            },
            other => self.html_event(other, range, diags),
        }
    }

    /// A link or image, its destination rewritten.
    fn link_start(&mut self, tag: Tag<'e>, range: Range<usize>, diags: &mut Diagnostics) {
        let offset = range.start;
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                // `<ops@example.com>`: an address, which the writer turns into `mailto:`.
                dest_url: if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.link(&dest_url, offset, true, diags)
                },
                link_type,
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let link = self.resolved(&dest_url, offset, false, diags);
                // An image of a file left out: its description and a note instead, at its
                // end (not inside another image's description, which is text).
                let left_out = self
                    .images
                    .is_empty()
                    .then(|| {
                        links::left_out_image(&dest_url, self.dir, self.targets).or_else(|| {
                            let path = link.on_forge.as_deref()?;
                            Some(links::LeftOutImage::unpublished(path))
                        })
                    })
                    .flatten();
                let is_left_out = left_out.is_some();
                // The repository's own address of a file the site copies loads that copy;
                // a relative one GitHub leads to the repository's pages (`../../actions/…`
                // badges) loads from there; one left out loads nothing (its address, the
                // repository's view of it, was reported as a remote image).
                if link.copied.is_none() && !is_left_out {
                    self.report_remote_image(
                        links::loaded_from(&dest_url, &link.dest),
                        offset,
                        diags,
                    );
                }
                self.images.push(left_out);
                if is_left_out {
                    return;
                }
                self.frame_image(link.copied, range.end);
                Tag::Image {
                    dest_url: link.dest,
                    link_type,
                    title,
                    id,
                }
            }
            other => other,
        };
        self.push(Event::Start(tag));
    }

    /// Frames an image of the site's own (`copied`: see `links::Link`) that is written at
    /// once: its size from its file, and a link to it that opens it at full size unless it
    /// is in a link already; and any image given a size by GitLab's braces right after it
    /// (`end` is where the image ends in the body). Images in a heading (held until its
    /// end) or in another image's text are written as they are.
    fn frame_image(&mut self, copied: Option<Option<(u32, u32)>>, end: usize) {
        if self.heading.is_some() || self.writer.in_image() {
            return;
        }
        let given = image_size::read(self.body.get(end..).unwrap_or(""));
        if let Some((_, len)) = given {
            self.image_size_text = Some((end, len));
        }
        if copied.is_none() && given.is_none() {
            return;
        }
        self.writer.frame_next_image(Frame {
            size: copied.flatten(),
            link: copied.is_some() && self.open_link.is_none(),
            given: given.map(|(g, _)| g),
        });
    }

    /// Raw HTML, its lines of a block collected to be read as one piece; any other event
    /// passes through.
    fn html_event(&mut self, event: Event<'e>, range: Range<usize>, diags: &mut Diagnostics) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(HtmlBlock { lines: Vec::new() });
                self.pass_through(event);
            }
            Event::Html(line) if self.html_block.is_some() => {
                if self.html_block.as_ref().is_some_and(|b| b.lines.is_empty()) {
                    self.check_declaration(range.start, &line, true, diags);
                }
                if let Some(block) = self.html_block.as_mut() {
                    block.lines.push((line, range.start));
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = self.html_block.take() {
                    self.html_block_end(block, diags);
                }
                self.pass_through(event);
            }
            Event::InlineHtml(mut html) => {
                self.check_comment(range.start, &html, diags);
                self.check_declaration(range.start, &html, false, diags);
                let starts = raw_html::inline_starts(&html, self.body, &range);
                if html.contains("<![CDATA[") {
                    let mut text = html.to_string();
                    if self.hide_cdata(&mut text, &starts, diags) {
                        html = text.into();
                    }
                }
                let html = match self.raw_html(&html, &starts, diags) {
                    Some(rewritten) => rewritten.into(),
                    None => html,
                };
                if let Some(open) = raw_html::hides_text(&html, self.targets.sanitize_html) {
                    self.unseen = if open {
                        self.unseen + 1
                    } else {
                        self.unseen.saturating_sub(1)
                    };
                }
                if !self.targets.sanitize_html {
                    match self.drawing.tag(&html) {
                        (false, true) => self.unseen += 1,
                        (true, false) => self.unseen = self.unseen.saturating_sub(1),
                        _ => {}
                    }
                }
                self.push(Event::InlineHtml(html));
            }
            // A footnote's id is its label as written (`[^note]`: `id="note"`): beside a
            // heading `## Note` its link led to the heading, and `[^main]` doubled the
            // theme's `main`. Prefixed as GitHub does (`fn-`), they stay apart.
            // Each label's id is issued once, among the headings' and steps' (see
            // `IdAllocator::footnote`).
            // A reference has an id of its own, as on GitHub (`fnref-<label>`, `-2` for a
            // second one), which the note's back-links lead to: the writer is handed
            // both, apart by a space, which no id holds.
            Event::FootnoteReference(label) => {
                let (n, mut id) = self.footnote_id(&label);
                if !self.writer.in_image() {
                    let refs = self.footnote_refs.entry(n).or_default();
                    let own = self.ids.footnote_reference(n, refs.len() + 1);
                    refs.push(own);
                    id.push(' ');
                    id.push_str(self.ids.footnote_id(own));
                }
                self.pass_through(Event::FootnoteReference(id.into()));
            }
            // Only the first definition of a label comes here, and only of a label the
            // text references (see `footnotes`).
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = self.footnote_id(&label);
                self.footnote_defining = n;
                self.pass_through(Event::Start(Tag::FootnoteDefinition(id.into())))
            }
            other => self.pass_through(other),
        }
    }

    /// The id footnote `label` has now, issued at its first mention. Labels are matched
    /// as pulldown-cmark and GitHub match them, without regard to case: `[^A]` led to
    /// `#fn-A` while its definition `[^a]` had the id `fn-a`, and the page showed it
    /// under another number than the reference's.
    /// The id is made of the label as its first definition writes it, as GitHub's is:
    /// `[^Note]` over `[^NOTE]: …` led to `#fn-Note`, where GitHub's `#fn-NOTE` was
    /// reported missing.
    fn footnote_id(&mut self, label: &str) -> (usize, String) {
        let key = unicase::UniCase::new(label.to_string());
        let n = match self.footnotes.get(&key) {
            Some(&n) => n,
            None => {
                let label = unicase::UniCase::new(CowStr::from(label.to_string()));
                let note = self.footnote_numbers.get(&label);
                let written = note.and_then(|note| note.defined.as_deref());
                let n = self.ids.footnote(written.unwrap_or(&label));
                self.footnotes.insert(key, n);
                if let Some(number) = note.map(|note| note.number) {
                    let id = self.ids.footnote_id(n).to_string();
                    self.writer.number_footnote(id.into(), number);
                }
                n
            }
        };
        (n, self.ids.footnote_id(n).to_string())
    }

    /// Every event not handled above: written as pulldown-cmark writes it, its text read
    /// for the search index.
    pub(super) fn pass_through(&mut self, event: Event<'e>) {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::TableCell)) {
            // The sanitizer closes what a block left open.
            self.unseen = 0;
            self.drawing.clear();
        }
        // An image's alt text (as raw HTML's `alt`) shows only if the image fails to
        // load: a page must not come up for words no reader sees.
        if self.heading.is_none() && self.unseen == 0 && !self.writer.in_image() {
            let section = self.section();
            match &event {
                Event::Text(t) | Event::Code(t) => section.push(t),
                // Inline spans end inside a word or before its punctuation: a space there
                // showed as "the pipeline ." in search excerpts.
                Event::End(
                    TagEnd::Link
                    | TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript,
                ) => {}
                Event::SoftBreak | Event::HardBreak | Event::End(_) => section.space(),
                _ => {}
            }
        }
        self.push(event);
    }

    /// Writes out a heading left open when the parser stopped (it never does at the end of
    /// a file, but a limit can stop it inside one).
    pub(super) fn close(&mut self) {
        if let Some(heading) = self.heading.take() {
            for event in heading.events {
                self.emit(event);
            }
        }
        if let Some(block) = self.html_block.take() {
            for (line, _) in block.lines {
                self.writer.raw(&mut self.html, &line);
            }
        }
    }

    /// Into the open heading, or the page.
    pub(super) fn push(&mut self, event: Event<'e>) {
        match self.heading.as_mut() {
            Some(h) => h.events.push(event),
            None => self.emit(event),
        }
    }

    /// Written into the page.
    pub(super) fn emit(&mut self, event: Event<'e>) {
        let (open, start, number, note) = self.footnote_open;
        match &event {
            Event::Start(Tag::FootnoteDefinition(name)) if open == 0 => {
                let name = name.clone();
                let start = self.html.len();
                self.writer.event(&mut self.html, event);
                let number = self.writer.footnote_number(&name);
                self.footnote_open = (1, start, number, self.footnote_defining);
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                self.footnote_open.0 = open + 1;
                self.writer.event(&mut self.html, event);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.writer.event(&mut self.html, event);
                self.footnote_open.0 = open.saturating_sub(1);
                if open == 1 {
                    let span = start..self.html.len();
                    self.footnote_spans.push((number, note, span));
                }
            }
            _ => self.writer.event(&mut self.html, event),
        }
    }

    /// Handles the commonest events (text, paragraphs, emphasis, table cells, bullets)
    /// whole while nothing is held open (a heading, a code block, a link, raw HTML, a
    /// table of contents marker, an alert's title): none of them is refused, audited or
    /// rewritten, so they are read for search and written at once (text here, the others
    /// by the caller, [`Quiet::Emit`]).
    #[inline]
    pub(super) fn quiet_event(&mut self, event: &Event<'e>, range: &Range<usize>) -> Quiet {
        if self.heading.is_some()
            || self.code.is_some()
            || self.diagram.is_some()
            || self.html_block.is_some()
            || self.open_link.is_some()
            || self.forge.holds()
            || self.unseen > 0
        {
            return Quiet::No;
        }
        // A numbered step has an anchor; any item may pass the page's limit of them.
        let bullet = !matches!(self.lists.last(), Some(Some(_)));
        let under_limit = self.ids.used.len() < limits::MAX_ANCHORS;
        match event {
            Event::Text(t) => {
                // An image's alt text shows only if it fails to load: not searched.
                if !self.writer.in_image() {
                    self.text.push(t);
                }
                self.writer.text(&mut self.html, t);
                return Quiet::Done;
            }
            Event::Code(t) => {
                self.code_ranges.push(range.clone());
                if !self.writer.in_image() {
                    self.text.push(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.text.space(),
            Event::Start(Tag::Paragraph)
                if !forge::is_toc_marker(&self.body[range.clone()])
                    && !self.forge.reports_shortcode(&self.body[range.clone()])
                    && !self.forge.reports_admonition(&self.body[range.clone()])
                    && !self.forge.reports_math(&self.body[range.clone()]) => {}
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell,
            ) => {}
            Event::Start(Tag::Item) if bullet && under_limit => {}
            // An inline span ends inside a word or before its punctuation: no space in
            // the search text there (pass_through says the same).
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::End(TagEnd::Paragraph) if self.step_link_due(event) => return Quiet::No,
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell,
            ) => self.text.space(),
            Event::End(TagEnd::Item) if bullet => self.text.space(),
            _ => return Quiet::No,
        }
        Quiet::Emit
    }

    /// A link's or image's destination, rewritten (see [`Page::resolve`]); a link to an
    /// anchor is kept to be checked once every page is known.
    pub(super) fn link<'d>(
        &mut self,
        dest: &CowStr<'d>,
        offset: usize,
        is_link: bool,
        diags: &mut Diagnostics,
    ) -> CowStr<'d> {
        self.resolved(dest, offset, is_link, diags).dest
    }

    /// [`Page::link`], with what else was learnt of the destination.
    pub(super) fn resolved<'d>(
        &mut self,
        dest: &CowStr<'d>,
        offset: usize,
        is_link: bool,
        diags: &mut Diagnostics,
    ) -> links::Link<'d> {
        if !is_link {
            self.report_theme_image(dest, offset, diags);
        }
        let mut link = self.resolve(dest, offset, diags);
        // A file left out for what it holds was warned of as such (`left_out_image`).
        let unpublished = link
            .on_forge
            .as_deref()
            .filter(|_| !is_link && links::left_out_image(dest, self.dir, self.targets).is_none());
        if let Some(path) = unpublished {
            diags.warning(
                self.location(offset),
                format!("image or media `{dest}` is `{path}`, a file of the repository that the site does not publish: its page on the forge is no image, so it is not shown"),
                "put the image in the runbook folder (not in a hidden folder), beside the page, and write its path from there",
            );
            link.dest = CowStr::Borrowed("");
        }
        // Past the limit, a path is not looked up, and said so when rendered again.
        if let Some(path) = link.look_up.take() {
            if self.look_up.len() < limits::MAX_LOOK_UPS {
                self.look_up.insert(path);
            }
        }
        if let Some(site_path) = link.site_path.take() {
            let location = self.location(offset);
            if self.site_links.len() < limits::MAX_SITE_LINKS {
                self.site_links.push(super::SiteLink {
                    path: site_path.path,
                    written: dest.to_string(),
                    location,
                    without_base: site_path.without_base,
                });
            } else if !self.site_links_dropped {
                // Said once, where checking stops: the count of broken ones reported
                // later is of the links checked; the rest were passed in silence.
                self.site_links_dropped = true;
                diags.warning(
                    location,
                    format!("this file links to more than {} addresses of the site from its root (`/…`): this one and those after it are not checked", limits::MAX_SITE_LINKS),
                    "link to runbooks by their files (`../disk-full.md`), which are checked without limit, or split the page",
                );
            }
        }
        if let Some((page, anchor)) = link.anchor.take().filter(|_| is_link) {
            let location = self.location(offset);
            let page = page.unwrap_or_else(|| self.runbook.slug.clone());
            let by_name = page == self.runbook.slug && !dest.starts_with('#');
            self.anchor_links.push(AnchorLink {
                href: by_name.then(|| link.dest.as_ref().into()),
                page,
                anchor,
                written: self.ref_shifts.written(dest),
                text: super::link_text::link_text(self.body, offset),
                location,
            });
        }
        link
    }

    /// Rewrites a link's destination; one that leads nowhere is an error or a warning as
    /// `broken_links` says, one to a file the site cannot link to a warning.
    pub(super) fn resolve<'d>(
        &mut self,
        dest: &CowStr<'d>,
        offset: usize,
        diags: &mut Diagnostics,
    ) -> links::Link<'d> {
        let (dir, targets) = (self.dir, self.targets);
        // A Hugo `ref` that names no page was reported with the shortcode as written.
        if self.ref_shifts.is_missing(dest) {
            return links::Link::kept(dest);
        }
        resolve_link(dest, dir, targets, |message, hint, problem| {
            let error = problem == Problem::Broken && targets.broken_links_are_errors;
            if !self.reports.admit(error) {
                return;
            }
            let location = self.location(offset);
            diags.broken_link(error, location, message, hint);
        })
    }
}
