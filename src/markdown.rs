//! Runbook Markdown to HTML: heading anchors, a table of contents, and links between
//! runbooks rewritten to their pages.
//!
//! Relative links are resolved against the runbook's folder, as they are when the files
//! are read on GitHub: `[x](../other.md#step-2)` becomes `/runbooks/other/#step-2`, and
//! `![diagram](flow.png)` points at the copy of `flow.png` beside the page, in Markdown
//! and in raw HTML alike. Hugo's `{{< ref "x.md" >}}` and `{{< relref "x.md" >}}` (common
//! in imported runbooks) are read as plain relative links.

use std::collections::{HashMap, HashSet};

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostics, LineIndex, Location};
use crate::forge::Forge;
use crate::highlight::{self, Lang};
use crate::model::{HeadingIds, RepoFiles, Runbook};
use crate::sanitize;

mod attributes;
mod deceptive;
mod diagram;
mod forge;
mod headings;
mod limits;
mod links;
mod raw_html;
mod slug;

pub use headings::Heading;
pub use slug::MAX_ID;

use forge::ForgeState;
use headings::OpenHeading;
use limits::LinkReports;
use links::{replace_hugo_refs, resolve_link, Problem};
use slug::IdAllocator;

/// The HTML of a runbook and what was learnt while rendering it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Text of the page's title heading (its first `#` heading, if no other heading comes
    /// before it: see `markdown::headings`), which is taken out of the body: the page shows
    /// it as its `<h1>`.
    pub h1: Option<String>,
    /// The title heading's id.
    pub h1_id: Option<String>,
    /// The title heading's content as HTML (its links, code and emphasis), cleaned like
    /// the body.
    pub h1_html: Option<String>,
    /// The line of the runbook's file the title heading starts on, for messages about the
    /// title (see `validate::check_titles`).
    pub h1_line: Option<usize>,
    /// Whether a marker (`[[_TOC_]]`) placed the table of contents in the body, so that
    /// the page writes no other.
    pub inline_toc: bool,
    pub headings: Vec<Heading>,
    /// The page's text split at its headings, for the search index. The first section
    /// holds the text before the first heading.
    pub sections: Vec<TextSection>,
    /// Every `id` on the page (headings and steps), which links may point at.
    pub anchors: HashSet<String>,
    /// Links to an anchor (`#steps-2`, `other.md#checks`), checked once every page is known.
    pub anchor_links: Vec<AnchorLink>,
    /// Mermaid diagrams on the page, to be drawn in the browser (see `diagram`).
    pub diagrams: usize,
    /// Paths of the repository (from its root) that links point at and the site does not
    /// publish, when rendered without [`MarkdownContext::repo_files`]: look them up and
    /// render the page again with them.
    pub look_up: Vec<String>,
}

/// A link to an anchor of a runbook page, and where it was written.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Slug of the page linked to.
    pub page: String,
    /// The anchor, without `#`.
    pub anchor: String,
    /// The link as written.
    pub written: String,
    pub location: Location,
}

/// The plain text under one heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// Anchor of the heading; `None` for the text before the first heading.
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

impl TextSection {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }
}

/// What rendering needs to know about the site: what links can point at (runbook files,
/// folders and assets, by path under the runbook folder; files of the repository), and
/// whether raw HTML is cleaned.
pub struct MarkdownContext<'a> {
    /// `rel_path` of each runbook to its page slug.
    pub runbooks: HashMap<&'a str, &'a str>,
    pub assets: HashSet<&'a str>,
    /// Folders that have a page (every folder holding a runbook, and `""`, the runbook
    /// folder itself), by path under the runbook folder.
    pub folders: HashSet<&'a str>,
    /// The repository's web view, where links to files the site does not publish go.
    pub forge: Option<&'a Forge>,
    /// Those files, once looked up (see [`Rendered::look_up`]); `None` before.
    pub repo_files: Option<&'a RepoFiles>,
    /// Path part of the base URL, with slashes at both ends (`/` or `/docs/`).
    pub base_path: &'a str,
    /// How files of the runbook folder are named in messages: `content/runbooks/`, or
    /// nothing when the folder is the root.
    pub folder: &'a str,
    /// `site.yaml`'s `sanitize_html`: strip scripts, event handlers and other unsafe HTML
    /// written in the Markdown (with `ammonia`), keeping what pipebook itself emits.
    pub sanitize_html: bool,
    /// `site.yaml`'s `broken_links: error`: a link that leads nowhere fails the build.
    pub broken_links_are_errors: bool,
    /// `site.yaml`'s `heading_ids`: whose rule makes heading ids.
    pub heading_ids: HeadingIds,
}

/// An HTML block while its lines are collected: they are read as one piece (a tag may
/// span lines), each line's start in the piece and in the body kept to place problems.
struct HtmlBlock<'e> {
    lines: Vec<(CowStr<'e>, usize)>,
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_GFM);

/// Renders `runbook`'s body, reporting links that lead nowhere as warnings.
pub fn render(runbook: &Runbook, targets: &MarkdownContext, diags: &mut Diagnostics) -> Rendered {
    let (body, ref_shifts) = replace_hugo_refs(runbook.body());
    let mut page = Page::new(runbook, targets, &body);
    page.ref_shifts = ref_shifts;
    if let Some(at) = limits::too_deep_line(&body) {
        diags.error(
            page.location(at),
            format!(
                "lists and block quotes nest more than {0} deep here: pipebook takes at most {0} levels",
                limits::MAX_NESTING
            ),
            "flatten the list: split deep steps into sections with their own headings",
        );
        return page.finish(String::new(), diags);
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    let written = Cell::new(0);
    // The events stream into the HTML writer as they are handled, so that no more than a
    // heading's or a code block's are held at once.
    let events = Events {
        parser: Parser::new_ext(&body, OPTIONS).into_offset_iter(),
        page: &mut page,
        body: &body,
        diags,
        stopped: false,
        written: &written,
    };
    let writer = Counting {
        out: &mut html_out,
        len: &written,
    };
    // Writing to a String cannot fail.
    let _ = html::write_html_fmt(writer, events);
    page.finish(html_out, diags)
}

/// The HTML writer's output, whose length the events can see: where a table of contents
/// marker stood is known only as the bytes written before it.
struct Counting<'a> {
    out: &'a mut String,
    len: &'a Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.len.set(self.out.len());
        Ok(())
    }
}

/// The page's events, handled one parser event at a time (see [`Page::event`]).
struct Events<'e, 'p, 'r, I> {
    parser: I,
    page: &'p mut Page<'e, 'r>,
    body: &'e str,
    diags: &'p mut Diagnostics,
    /// A limit was hit: the rest of the file is not rendered.
    stopped: bool,
    /// Bytes of HTML written so far.
    written: &'p Cell<usize>,
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Iterator for Events<'e, '_, '_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        loop {
            if let Some(event) = self.page.out.pop_front() {
                // Every event before it is written: the table of contents goes here.
                if self.page.forge.toc_at_event == Some(self.page.events_written) {
                    self.page.toc_offset = Some(self.written.get());
                }
                self.page.events_written += 1;
                return Some(event);
            }
            if self.stopped {
                return None;
            }
            let Some((event, range)) = self.parser.next() else {
                // Whatever is still open (a heading at the end of the file) is written.
                self.stopped = true;
                self.page.close();
                continue;
            };
            if self.page.refuse(&event, &range, self.body, self.diags) {
                self.stopped = true;
                continue;
            }
            if self.page.targets.sanitize_html {
                self.page.html_audit.see(&event, &range);
            }
            self.page.event(event, range, self.diags);
        }
    }
}

/// One runbook being rendered: what was written so far and what is open. Events borrow
/// from the Markdown text (`'e`).
struct Page<'e, 'r> {
    runbook: &'r Runbook,
    /// The Markdown being rendered (the runbook's body), which the events borrow from.
    body: &'e str,
    targets: &'r MarkdownContext<'r>,
    /// The runbook's folder under content/runbooks, which relative links start from.
    dir: &'r str,
    locator: LineIndex,
    reports: LinkReports,
    /// Lists, block quotes and footnotes open around the current event.
    depth: usize,
    ids: IdAllocator,
    headings: Vec<Heading>,
    sections: Vec<TextSection>,
    anchor_links: Vec<AnchorLink>,
    h1: Option<String>,
    h1_id: Option<String>,
    h1_html: Option<String>,
    h1_line: Option<usize>,
    /// Events handled and not yet written.
    out: std::collections::VecDeque<Event<'e>>,
    heading: Option<OpenHeading<'e>>,
    /// Whether a heading was seen: the title heading comes before any other.
    seen_heading: bool,
    /// Table of contents markers and alerts.
    forge: ForgeState<'e>,
    /// Events written so far, and where in the HTML the table of contents goes.
    events_written: usize,
    toc_offset: Option<usize>,
    /// Numbered steps: for each open list, whether it is ordered and its next number.
    lists: Vec<Option<u64>>,
    step_path: Vec<u64>,
    step_ids: Vec<String>,
    /// A fenced block in a highlighted language, while its text is collected, and where
    /// it starts.
    code: Option<(Lang, String, usize)>,
    /// A `mermaid` block while its source is collected, and where it starts.
    diagram: Option<(String, usize)>,
    /// Diagrams drawn, and one more once the page's limit was passed and said.
    diagrams: usize,
    /// Raw HTML and unsafe addresses, for cleaning (see `sanitize`).
    html_audit: sanitize::PageAudit,
    /// Bytes of code highlighted so far.
    highlighted: usize,
    /// Blocks written plain, for `-v`.
    plain_blocks: usize,
    /// Paths of the repository to look up (see [`Rendered::look_up`]), at most
    /// [`limits::MAX_LOOK_UPS`].
    look_up: HashSet<String>,
    /// `id`s and `<a name>`s of raw HTML.
    raw_anchors: HashSet<String>,
    html_block: Option<HtmlBlock<'e>>,
    /// Attributes of raw HTML's tags, counted before html5ever reads them.
    attributes: attributes::Counter,
    /// Where the first piece of raw HTML left a tag or comment open, if one did.
    open_piece: Option<usize>,
    /// A link being read: where it starts, its target and its visible text so far.
    open_link: Option<(usize, String, String)>,
    /// Where code is (blocks and spans), to weigh the bidi controls found in it.
    code_ranges: Vec<Range<usize>>,
    /// Where the text after each Hugo `ref` is in the file.
    ref_shifts: links::RefShifts,
}

/// Blocks written plain that `-v` names one by one per page; the rest are counted.
const MAX_NOTES: usize = 10;

impl<'e, 'r> Page<'e, 'r> {
    fn new(runbook: &'r Runbook, targets: &'r MarkdownContext<'r>, body: &'e str) -> Self {
        Page {
            runbook,
            body,
            targets,
            dir: runbook
                .rel_path
                .rfind('/')
                .map_or("", |i| &runbook.rel_path[..i]),
            locator: LineIndex::new(&runbook.source.text),
            reports: LinkReports::default(),
            depth: 0,
            attributes: attributes::Counter::default(),
            open_piece: None,
            ids: IdAllocator::new(targets.heading_ids),
            headings: Vec::new(),
            sections: vec![TextSection::default()],
            anchor_links: Vec::new(),
            h1: None,
            h1_id: None,
            h1_html: None,
            h1_line: None,
            out: Default::default(),
            heading: None,
            seen_heading: false,
            forge: ForgeState::default(),
            events_written: 0,
            toc_offset: None,
            lists: Vec::new(),
            step_path: Vec::new(),
            step_ids: Vec::new(),
            code: None,
            diagram: None,
            diagrams: 0,
            html_audit: sanitize::PageAudit::default(),
            highlighted: 0,
            plain_blocks: 0,
            look_up: HashSet::new(),
            raw_anchors: HashSet::new(),
            html_block: None,
            open_link: None,
            code_ranges: Vec::new(),
            ref_shifts: links::RefShifts::default(),
        }
    }

    /// Where the byte at `offset` of the body is, in the runbook's file.
    fn location(&mut self, offset: usize) -> Location {
        let start = self.runbook.body_start + self.ref_shifts.original(offset);
        self.locator.location(
            &self.runbook.source.display,
            &self.runbook.source.text,
            start..start + 1,
        )
    }

    fn section(&mut self) -> &mut TextSection {
        self.sections.last_mut().expect("always one section")
    }

    /// Checks the event against the limits (see `limits`); true when rendering stops.
    fn refuse(
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
    fn event(&mut self, event: Event<'e>, range: Range<usize>, diags: &mut Diagnostics) {
        let Some(event) = self.forge_event(event, &range, diags) else {
            return;
        };
        self.watch(&event, &range, diags);
        let in_heading = self.heading.is_some();
        let ordered = matches!(self.lists.last(), Some(Some(_)));
        match event {
            Event::Start(Tag::List(start)) if !in_heading => {
                self.lists.push(start);
                self.out.push_back(Event::Start(Tag::List(start)));
            }
            Event::End(TagEnd::List(ordered)) if !in_heading => {
                self.lists.pop();
                self.section().space();
                self.out.push_back(Event::End(TagEnd::List(ordered)));
            }
            Event::Start(Tag::Item) if !in_heading && ordered => self.step_start(),
            Event::End(TagEnd::Item) if !in_heading && ordered => self.step_end(),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !in_heading && Lang::from_info(&info).is_some() =>
            {
                self.code = Lang::from_info(&info).map(|lang| (lang, String::new(), range.start));
                self.out
                    .push_back(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
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
                level, id, classes, ..
            }) => {
                let title = level == HeadingLevel::H1 && self.depth == 0 && !self.seen_heading;
                self.seen_heading = true;
                self.heading = Some(OpenHeading {
                    level,
                    // One too long is refused (see `limits`); rendering goes on with a cut.
                    given_id: id.map(|s| limits::cut(&s, MAX_ID).to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    start: range.start,
                    title,
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.heading_end(diags),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // `<ops@example.com>`: an address, which the writer turns into `mailto:`.
                let dest = if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.link(&dest_url, range.start, true, diags)
                };
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link(&dest_url, range.start, false, diags);
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(HtmlBlock { lines: Vec::new() });
                self.pass_through(event);
            }
            Event::Html(line) if self.html_block.is_some() => {
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
            Event::InlineHtml(html) => {
                let starts = raw_html::inline_starts(&html, self.body, &range);
                let html = match self.raw_html(&html, &starts, diags) {
                    Some(rewritten) => rewritten.into(),
                    None => html,
                };
                self.push(Event::InlineHtml(html));
            }
            // A footnote's id is its label as written (`[^note]`: `id="note"`): beside a
            // heading `## Note` its link led to the heading, and `[^main]` doubled the
            // theme's `main`. Prefixed as GitHub does (`fn-`), they stay apart.
            Event::FootnoteReference(label) => {
                self.pass_through(Event::FootnoteReference(format!("fn-{label}").into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.pass_through(Event::Start(
                Tag::FootnoteDefinition(format!("fn-{label}").into()),
            )),
            other => self.pass_through(other),
        }
    }

    /// Every event not handled above: written as pulldown-cmark writes it, its text read
    /// for the search index.
    fn pass_through(&mut self, event: Event<'e>) {
        if self.heading.is_none() {
            let section = self.section();
            match &event {
                Event::Text(t) | Event::Code(t) => section.push(t),
                Event::SoftBreak | Event::HardBreak | Event::End(_) => section.space(),
                _ => {}
            }
        }
        self.push(event);
    }

    /// Writes out a heading left open when the parser stopped (it never does at the end of
    /// a file, but a limit can stop it inside one).
    fn close(&mut self) {
        if let Some(heading) = self.heading.take() {
            self.out.extend(heading.events);
        }
        if let Some(block) = self.html_block.take() {
            self.out
                .extend(block.lines.into_iter().map(|(line, _)| Event::Html(line)));
        }
    }

    /// Into the open heading, or the page.
    fn push(&mut self, event: Event<'e>) {
        match self.heading.as_mut() {
            Some(h) => h.events.push(event),
            None => self.out.push_back(event),
        }
    }

    /// A link's or image's destination, rewritten (see [`Page::resolve`]); a link to an
    /// anchor is kept to be checked once every page is known.
    fn link<'d>(
        &mut self,
        dest: &CowStr<'d>,
        offset: usize,
        is_link: bool,
        diags: &mut Diagnostics,
    ) -> CowStr<'d> {
        let link = self.resolve(dest, offset, diags);
        // Past the limit, a path is not looked up, and said so when rendered again.
        if let Some(path) = link.look_up {
            if self.look_up.len() < limits::MAX_LOOK_UPS {
                self.look_up.insert(path);
            }
        }
        if let Some((page, anchor)) = link.anchor.filter(|_| is_link) {
            let location = self.location(offset);
            self.anchor_links.push(AnchorLink {
                page: page.unwrap_or_else(|| self.runbook.slug.clone()),
                anchor,
                written: dest.to_string(),
                location,
            });
        }
        link.dest
    }

    /// Rewrites a link's destination; one that leads nowhere is an error or a warning as
    /// `broken_links` says, one to a file the site cannot link to a warning.
    fn resolve<'d>(
        &mut self,
        dest: &CowStr<'d>,
        offset: usize,
        diags: &mut Diagnostics,
    ) -> links::Link<'d> {
        let (dir, targets) = (self.dir, self.targets);
        resolve_link(dest, dir, targets, |message, hint, problem| {
            let error = problem == Problem::Broken && targets.broken_links_are_errors;
            if !self.reports.admit(error) {
                return;
            }
            let location = self.location(offset);
            if error {
                diags.error(location, message, hint);
            } else {
                diags.warning(location, message, hint);
            }
        })
    }

    /// Fenced code in a known language is highlighted (see `highlight`): its text was
    /// collected, and is written as spans between the `<pre><code>` tags that
    /// pulldown-cmark writes. The search index gets the same text as without.
    fn code_end(&mut self) {
        if let Some((lang, buf, start)) = self.code.take() {
            let mut html = String::with_capacity(buf.len() * 2);
            let plain = if self.highlighted + buf.len() > limits::MAX_HIGHLIGHTED {
                crate::html::escape_into(&mut html, &buf, false);
                Some("the page has more code than pipebook highlights on one page (1 MiB)")
            } else {
                self.highlighted += buf.len();
                highlight::highlight(lang, &buf, &mut html)
            };
            if let Some(why) = plain.filter(|_| highlight::verbose()) {
                self.plain_blocks += 1;
                if self.plain_blocks <= MAX_NOTES {
                    let at = self.location(start);
                    eprintln!("note: {at}: {lang:?} block written without highlighting: {why}");
                }
            }
            self.out.push_back(Event::Html(html.into()));
        }
        self.section().space();
        self.out.push_back(Event::End(TagEnd::CodeBlock));
    }

    /// A mermaid block: a figure the browser draws, or its code with a note past a limit.
    fn diagram_end(&mut self, diags: &mut Diagnostics) {
        let Some((source, start)) = self.diagram.take() else {
            return;
        };
        let mut html = String::with_capacity(source.len() + 96);
        match diagram::write(&source, self.diagrams, &mut html) {
            Ok(()) => self.diagrams += 1,
            // Past the page's limit, the first one left out says so for all.
            Err(refusal) if refusal.per_page && self.diagrams > diagram::MAX_PER_PAGE => {}
            Err(refusal) => {
                if refusal.per_page {
                    self.diagrams += 1;
                }
                let at = self.location(start);
                diags.warning(at, refusal.message, refusal.hint);
            }
        }
        self.section().space();
        self.out.push_back(Event::Html(html.into()));
    }

    /// What cleaning takes out of the page, as warnings where it was written: the author
    /// learns of it instead of finding it silently gone.
    fn report_removals(&mut self, review: &sanitize::Review, diags: &mut Diagnostics) {
        for (offset, what) in &review.removals {
            diags.warning(
                self.location(*offset),
                format!("{what} is removed from the page: HTML in runbooks is sanitized"),
                "write it in Markdown, or remove it; only a site whose every author is trusted should set `sanitize_html: false` in site.yaml (see the README's threat model)",
            );
        }
        if review.more > 0 {
            let offset = review.removals.last().map_or(0, |(o, _)| *o);
            diags.warning(
                self.location(offset),
                format!(
                    "{} more pieces of HTML are removed from this page",
                    review.more
                ),
                "see the warnings above for what is allowed",
            );
        }
    }

    /// The HTML and what was learnt; reports the links left out, and refuses a page that
    /// grew out of proportion to its file.
    fn finish(mut self, mut html_out: String, diags: &mut Diagnostics) -> Rendered {
        self.report_bidi(diags);
        if self.plain_blocks > MAX_NOTES {
            eprintln!(
                "note: {}: {} more blocks written without highlighting",
                self.runbook.source.display,
                self.plain_blocks - MAX_NOTES
            );
        }
        if let Some((error, more)) = self.reports.suppressed() {
            let location = self.location(0);
            let message = format!(
                "{more} more links of this file lead nowhere (the first {} are reported)",
                limits::MAX_LINK_REPORTS
            );
            let hint = "fix the links reported above, then run again to see the rest";
            if error {
                diags.error(location, message, hint);
            } else {
                diags.warning(location, message, hint);
            }
        }
        if self.forge.has_toc() {
            // A marker after the last event (at the end of the file) is at the end.
            let at = self.toc_offset.unwrap_or(html_out.len());
            // Made of what cleaning keeps, so it is written the same on a cleaned page.
            html_out.insert_str(at, &forge::toc_html(&self.headings));
        }
        if self.targets.sanitize_html && self.html_audit.needs_cleaning() {
            self.check_attributes(&mut html_out, diags);
            let review = self.html_audit.review();
            self.report_removals(&review, diags);
            if !review.keep_as_written {
                html_out = sanitize::clean(&html_out);
                self.h1_html = self.h1_html.map(|h| sanitize::clean(&h));
            }
        }
        let source_len = self.runbook.source.text.len();
        if html_out.len() > limits::MAX_GROWTH * source_len + limits::GROWTH_SLACK {
            diags.error(
                self.location(0),
                format!(
                    "the runbook renders to {} bytes, more than {} times its {source_len} bytes: pipebook refuses pages that grow so much",
                    html_out.len(),
                    limits::MAX_GROWTH
                ),
                "such growth comes from thousands of empty numbered steps or footnote references, or tiny tokens in highlighted code: write them as text",
            );
            html_out.clear();
        }
        // Every page's result is held until all pages are rendered: no spare capacity.
        html_out.shrink_to_fit();
        for section in &mut self.sections {
            section.text.truncate(section.text.trim_end().len());
            section.text.shrink_to_fit();
        }
        Rendered {
            html: html_out,
            h1: self.h1,
            h1_id: self.h1_id,
            h1_html: self.h1_html,
            h1_line: self.h1_line,
            inline_toc: self.forge.has_toc(),
            headings: self.headings,
            sections: self.sections,
            anchors: {
                let mut anchors = self.ids.used;
                anchors.extend(self.raw_anchors);
                anchors
            },
            anchor_links: self.anchor_links,
            diagrams: self.diagrams.min(diagram::MAX_PER_PAGE),
            look_up: self.look_up.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrontMatter, SourceFile};

    pub(super) fn runbook(rel: &str, text: &str) -> Runbook {
        Runbook {
            rel_path: rel.to_string(),
            slug: rel.trim_end_matches(".md").to_string(),
            is_index: false,
            front: FrontMatter::default(),
            body_start: 0,
            source: SourceFile {
                display: format!("content/runbooks/{rel}"),
                text: text.to_string(),
                spans: Default::default(),
            },
            body_on_disk: None,
        }
    }

    pub(super) fn targets<'a>() -> MarkdownContext<'a> {
        MarkdownContext {
            runbooks: [
                ("a/one.md", "a/one"),
                ("b/two.md", "b/two"),
                ("b/_index.md", "b"),
            ]
            .into_iter()
            .collect(),
            assets: ["a/flow chart.png"].into_iter().collect(),
            folders: ["", "a", "b"].into_iter().collect(),
            forge: None,
            // Looked up already, and nothing found outside the runbook folder.
            repo_files: Some(Box::leak(Box::default())),
            base_path: "/",
            folder: "content/runbooks/",
            sanitize_html: false,
            broken_links_are_errors: false,
            heading_ids: HeadingIds::Github,
        }
    }

    #[test]
    fn relative_links_become_page_urls() {
        let rb = runbook(
            "a/one.md",
            "[x](../b/two.md#verify) [y](../b/_index.md) [z](two.md) ![d](flow%20chart.png) [w](https://example.com/x.md)\n",
        );
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert!(
            r.html.contains("href=\"/runbooks/b/two/#verify\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/runbooks/b/\""), "{}", r.html);
        assert!(
            r.html.contains("src=\"/runbooks/a/flow%20chart.png\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"https://example.com/x.md\""),
            "{}",
            r.html
        );
        // two.md is not in folder a: one warning, with line and column.
        assert_eq!(d.warning_count(), 1);
        let w = d.sorted()[0];
        assert!(w.message.contains("`two.md`"), "{}", w.message);
        assert_eq!((w.location.line, w.location.col), (1, 45));
    }

    #[test]
    fn hugo_refs_resolve_like_relative_links() {
        let rb = runbook(
            "b/two.md",
            "See [two]({{< ref \"./_index.md\" >}}) and [one]({{< relref \"../a/one.md\" >}}).\n",
        );
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert!(r.html.contains("href=\"/runbooks/b/\""), "{}", r.html);
        assert!(r.html.contains("href=\"/runbooks/a/one/\""), "{}", r.html);
        assert_eq!(d.warning_count(), 0);
    }

    #[test]
    fn gfm_extensions_render() {
        let rb = runbook(
            "a/one.md",
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
        );
        let r = render(&rb, &targets(), &mut Diagnostics::new());
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn text_is_split_at_headings_for_search() {
        let rb = runbook(
            "a/one.md",
            "# Title\n\nIntro with `code`.\n\n## Steps\n\n1. Restart the `etl_job`.\n2. Check\nlogs.\n\n```sql\nSELECT 1;\n```\n",
        );
        let r = render(&rb, &targets(), &mut Diagnostics::new());
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].text, "Intro with code.");
        assert_eq!(r.sections[1].anchor.as_deref(), Some("steps"));
        assert_eq!(r.sections[1].heading, "Steps");
        assert_eq!(
            r.sections[1].text,
            "Restart the etl_job. Check logs. SELECT 1;"
        );
    }

    #[test]
    fn raw_html_is_kept_unless_the_site_asks_to_sanitize_it() {
        let rb = runbook(
            "a/one.md",
            "## Steps\n\n1. Run <code>x</code><script>alert(1)</script>\n\n<img src=\"a.png\" onerror=\"alert(2)\">\n\n- [x] done\n",
        );
        let kept = render(&rb, &targets(), &mut Diagnostics::new());
        assert!(kept.html.contains("<script>alert(1)</script>"));
        let mut t = targets();
        t.sanitize_html = true;
        let clean = render(&rb, &t, &mut Diagnostics::new());
        assert!(
            !clean.html.contains("<script") && !clean.html.contains("onerror"),
            "{}",
            clean.html
        );
        assert!(clean.html.contains(r#"<h2 id="steps">"#), "{}", clean.html);
        assert!(
            clean.html.contains(r#"<li id="steps.1">"#),
            "{}",
            clean.html
        );
        assert!(
            clean.html.contains(r#"class="step-link""#),
            "{}",
            clean.html
        );
        assert!(clean.html.contains(r#"type="checkbox""#), "{}", clean.html);
    }

    #[test]
    fn fenced_code_in_a_known_language_is_highlighted() {
        let md = "## Checks\n\n1. Count:\n\n   ```sql\n   SELECT a FROM t WHERE a < 2 AND b = '&';\n   ```\n\n```promql\nrate(x[5m]) < 1\n```\n\n```\nplain <b>\n```\n\n    indented <i>\n";
        let rb = runbook("a/one.md", md);
        let mut t = targets();
        for sanitize in [false, true] {
            t.sanitize_html = sanitize;
            let r = render(&rb, &t, &mut Diagnostics::new());
            assert!(
                r.html.contains(r#"<pre><code class="language-sql"><span class="k">SELECT</span> a <span class="k">FROM</span> t <span class="k">WHERE</span> a &lt; <span class="n">2</span> <span class="k">AND</span> b = <span class="s">'&amp;'</span>;"#),
                "sanitize {sanitize}: {}",
                r.html
            );
            // Unknown languages, no language and indented code: as pulldown-cmark writes
            // them.
            assert!(
                r.html.contains(
                    "<pre><code class=\"language-promql\">rate(x[5m]) &lt; 1\n</code></pre>"
                ),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<pre><code>plain &lt;b&gt;\n</code></pre>"),
                "{}",
                r.html
            );
            assert!(
                r.html
                    .contains("<pre><code>indented &lt;i&gt;\n</code></pre>"),
                "{}",
                r.html
            );
            // The search index reads the code's text, not the markup: the same text as
            // when the block is not highlighted.
            assert!(
                r.sections[1]
                    .text
                    .starts_with("Count: SELECT a FROM t WHERE a < 2 AND b = '&';\n rate"),
                "{:?}",
                r.sections
            );
            let unhighlighted = runbook("a/one.md", &md.replace("```sql", "```text"));
            let plain = render(&unhighlighted, &t, &mut Diagnostics::new());
            assert_eq!(r.sections, plain.sections);
        }
    }

    #[test]
    fn mermaid_blocks_become_figures_within_limits() {
        let big = format!("```mermaid\ngraph TD\n{}```\n", "  A --> B\n".repeat(1100));
        let md = format!(
            "## Flow\n\n```mermaid\ngraph TD\n  A[\"<b>x</b>\"] --> B\n```\n\n{big}\n{}",
            "```Mermaid\ngraph LR\n A --> B\n```\n\n".repeat(diagram::MAX_PER_PAGE + 5)
        );
        let rb = runbook("a/one.md", &md);
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert_eq!(r.diagrams, diagram::MAX_PER_PAGE);
        assert!(r.html.contains("<h2 id=\"flow\">"), "{}", r.html);
        assert!(
            r.html.contains("<figure class=\"diagram\"><pre><code class=\"language-mermaid\">graph TD\n  A[\"&lt;b&gt;x&lt;/b&gt;\"] --&gt; B\n</code></pre></figure>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.html.matches("<figure class=\"diagram\">").count(),
            diagram::MAX_PER_PAGE
        );
        // The long one, and the 6 past the 20th.
        assert_eq!(r.html.matches("class=\"diagram-note\"").count(), 7);
        // One warning for the long diagram, at its line; one for all past the page's limit.
        let warnings = d.sorted();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].location.line, 8);
        assert!(warnings[0].message.contains("bytes long"));
        assert!(warnings[1].message.contains("more than 20"));
        // The source is searchable, like any code.
        assert!(r.sections[1].text.contains("graph TD"));
        let plain = render(
            &runbook("a/one.md", "```text\ngraph\n```\n"),
            &targets(),
            &mut d,
        );
        assert_eq!(plain.diagrams, 0);
    }

    #[test]
    fn email_autolinks_are_addresses_not_paths() {
        let rb = runbook("a/one.md", "Write to <support@example.com>.\n");
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert!(
            r.html.contains("href=\"mailto:support@example.com\""),
            "{}",
            r.html
        );
        assert!(d.is_empty(), "{:?}", d.sorted());
    }
}
