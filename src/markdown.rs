//! Runbook Markdown to HTML: heading anchors, a table of contents, and links between
//! runbooks rewritten to their pages.
//!
//! Relative links are resolved against the runbook's folder, as they are when the files
//! are read on GitHub: `[x](../other.md#step-2)` becomes `/runbooks/other/#step-2`, and
//! `![diagram](flow.png)` points at the copy of `flow.png` beside the page, in Markdown
//! and in raw HTML alike. Hugo's `{{< ref "x.md" >}}` and `{{< relref "x.md" >}}` (common
//! in imported runbooks) are read as plain relative links.

use std::collections::{HashMap, HashSet};

use std::ops::Range;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostics, LineIndex, Location};
use crate::forge::Forge;
use crate::highlight::{self, Lang};
use crate::model::{RepoFiles, Runbook};
use crate::sanitize;

mod limits;
mod links;
mod raw_html;

use limits::LinkReports;
use links::{replace_hugo_refs, resolve_link, Problem};

/// A heading of a rendered runbook, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The HTML of a runbook and what was learnt while rendering it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    /// Text of the leading `# Title`, which is taken out of the body.
    pub h1: Option<String>,
    pub headings: Vec<Heading>,
    /// The page's text split at its headings, for the search index. The first section
    /// holds the text before the first heading.
    pub sections: Vec<TextSection>,
    /// Every `id` on the page (headings and steps), which links may point at.
    pub anchors: HashSet<String>,
    /// Links to an anchor (`#steps-2`, `other.md#checks`), checked once every page is known.
    pub anchor_links: Vec<AnchorLink>,
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
    /// Folders at the top of the runbook folder that are not read as runbooks (the root's
    /// `content` and `themes` when the runbook folder is the root).
    pub unread: &'a [&'a str],
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
}

impl MarkdownContext<'_> {
    /// Whether `rel`, a path under the runbook folder, may be a file the site does not
    /// publish: under a hidden or unread folder, or hidden itself. Everything else under
    /// the runbook folder was read, so a path that is not on the site is not there.
    fn unpublished(&self, rel: &str) -> bool {
        let first = rel.split('/').next().unwrap_or_default();
        self.unread.contains(&first) || rel.split('/').any(|part| part.starts_with('.'))
    }
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
    let body = replace_hugo_refs(runbook.body());
    let mut page = Page::new(runbook, targets);
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
    // The events stream into the HTML writer as they are handled, so that no more than a
    // heading's or a code block's are held at once.
    let events = Events {
        parser: Parser::new_ext(&body, OPTIONS).into_offset_iter(),
        page: &mut page,
        body: &body,
        diags,
        stopped: false,
    };
    html::push_html(&mut html_out, events);
    page.finish(html_out, diags)
}

/// The page's events, handled one parser event at a time (see [`Page::event`]).
struct Events<'e, 'p, 'r, I> {
    parser: I,
    page: &'p mut Page<'e, 'r>,
    body: &'e str,
    diags: &'p mut Diagnostics,
    /// A limit was hit: the rest of the file is not rendered.
    stopped: bool,
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Iterator for Events<'e, '_, '_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        loop {
            if let Some(event) = self.page.out.pop_front() {
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

/// A heading while its content is collected.
struct OpenHeading<'e> {
    level: HeadingLevel,
    given_id: Option<String>,
    classes: Vec<String>,
    /// Whether it is the page's first block (a leading `# Title` is the page's title).
    first: bool,
    events: Vec<Event<'e>>,
}

/// One runbook being rendered: what was written so far and what is open. Events borrow
/// from the Markdown text (`'e`).
struct Page<'e, 'r> {
    runbook: &'r Runbook,
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
    /// Events handled and not yet written.
    out: std::collections::VecDeque<Event<'e>>,
    heading: Option<OpenHeading<'e>>,
    seen_block: bool,
    /// Numbered steps: for each open list, whether it is ordered and its next number.
    lists: Vec<Option<u64>>,
    step_path: Vec<u64>,
    step_ids: Vec<String>,
    /// A fenced block in a highlighted language, while its text is collected, and where
    /// it starts.
    code: Option<(Lang, String, usize)>,
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
}

/// Blocks written plain that `-v` names one by one per page; the rest are counted.
const MAX_NOTES: usize = 10;

impl<'e, 'r> Page<'e, 'r> {
    fn new(runbook: &'r Runbook, targets: &'r MarkdownContext<'r>) -> Self {
        Page {
            runbook,
            targets,
            dir: runbook
                .rel_path
                .rfind('/')
                .map_or("", |i| &runbook.rel_path[..i]),
            locator: LineIndex::new(&runbook.source.text),
            reports: LinkReports::default(),
            depth: 0,
            ids: IdAllocator::default(),
            headings: Vec::new(),
            sections: vec![TextSection::default()],
            anchor_links: Vec::new(),
            h1: None,
            out: Default::default(),
            heading: None,
            seen_block: false,
            lists: Vec::new(),
            step_path: Vec::new(),
            step_ids: Vec::new(),
            code: None,
            html_audit: sanitize::PageAudit::default(),
            highlighted: 0,
            plain_blocks: 0,
            look_up: HashSet::new(),
            raw_anchors: HashSet::new(),
            html_block: None,
        }
    }

    /// Where the byte at `offset` of the body is, in the runbook's file.
    fn location(&mut self, offset: usize) -> Location {
        let start = self.runbook.body_start + offset;
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
        let in_heading = self.heading.is_some();
        let ordered = matches!(self.lists.last(), Some(Some(_)));
        match event {
            Event::Start(Tag::List(start)) if !in_heading => {
                self.seen_block = true;
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
                self.seen_block = true;
                self.code = Lang::from_info(&info).map(|lang| (lang, String::new(), range.start));
                self.out
                    .push_back(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            }
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
                let first = !self.seen_block;
                self.seen_block = true;
                self.heading = Some(OpenHeading {
                    level,
                    // One too long is refused (see `limits`); rendering goes on with a cut.
                    given_id: id.map(|s| limits::cut(&s, MAX_ID).to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    first,
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.heading_end(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link(&dest_url, range.start, true, diags);
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
                let html = match self.raw_html(&html, &[(0, range.start)], diags) {
                    Some(rewritten) => rewritten.into(),
                    None => html,
                };
                self.push(Event::InlineHtml(html));
            }
            other => self.pass_through(other),
        }
    }

    /// Every event not handled above: written as pulldown-cmark writes it, its text read
    /// for the search index.
    fn pass_through(&mut self, event: Event<'e>) {
        if let Event::Start(_) = &event {
            self.seen_block = true;
        }
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

    /// Every numbered step gets a stable anchor (`steps-3`, `steps-3-2` when nested) and
    /// a link to itself, so a step can be pointed at in a chat.
    fn step_start(&mut self) {
        let n = match self.lists.last_mut() {
            Some(Some(n)) => {
                let this = *n;
                *n += 1;
                this
            }
            _ => 0,
        };
        self.step_path.push(n);
        let prefix = self.headings.last().map_or("step", |h| h.id.as_str());
        let numbers: Vec<String> = self.step_path.iter().map(u64::to_string).collect();
        let id = self
            .ids
            .allocate(Some(&format!("{prefix}-{}", numbers.join("-"))), "");
        self.out.push_back(Event::Html(
            format!("<li id=\"{}\">", escape_attr(&id)).into(),
        ));
        self.step_ids.push(id);
    }

    fn step_end(&mut self) {
        self.section().space();
        let label = self
            .step_path
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".");
        self.step_path.pop();
        let id = self.step_ids.pop().unwrap_or_default();
        self.out.push_back(Event::Html(
            format!(
                " <a class=\"step-link\" href=\"#{0}\" aria-label=\"Link to step {label}\">#</a></li>\n",
                escape_attr(&id)
            )
            .into(),
        ));
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

    fn heading_end(&mut self) {
        let Some(mut heading) = self.heading.take() else {
            return;
        };
        let text = plain_text(&heading.events);
        if heading.level == HeadingLevel::H1 && heading.first && self.h1.is_none() {
            self.h1 = Some(text);
            return;
        }
        let id = self.ids.allocate(heading.given_id.as_deref(), &text);
        let n = heading.level as u8;
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&heading.classes.join(" ")))
        };
        self.out.push_back(Event::Html(
            format!("<h{n} id=\"{}\"{class}>", escape_attr(&id)).into(),
        ));
        self.out.extend(heading.events.drain(..));
        self.out.push_back(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{n}>\n",
                escape_attr(&id)
            )
            .into(),
        ));
        self.sections.push(TextSection {
            anchor: Some(id.clone()),
            heading: text.clone(),
            text: String::new(),
        });
        self.headings.push(Heading { level: n, id, text });
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
        if self.targets.sanitize_html && self.html_audit.needs_cleaning() {
            let review = self.html_audit.review();
            self.report_removals(&review, diags);
            if !review.keep_as_written {
                html_out = sanitize::clean(&html_out);
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
            headings: self.headings,
            sections: self.sections,
            anchors: {
                let mut anchors = self.ids.used;
                anchors.extend(self.raw_anchors);
                anchors
            },
            anchor_links: self.anchor_links,
            look_up: self.look_up.into_iter().collect(),
        }
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                s.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Gives each heading a unique id: the one written as `{#id}`, or a GitHub-style slug.
#[derive(Default)]
struct IdAllocator {
    used: HashSet<String>,
    /// The next number to try for each base given twice, so that a thousand headings of the
    /// same text cost a thousand tries, not half a million.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, given: Option<&str>, text: &str) -> String {
        let base = match given {
            Some(id) => id.to_string(),
            None => slugify(text),
        };
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        // Each id `{base}-{n}` is tried by this base alone (the number ends it), and a try
        // that fails moves the counter on for good: linear over the page.
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The longest id pipebook makes from a heading's text, in bytes (a slug stops at the
/// character that reaches it), and the longest it accepts as `{#id}`.
pub const MAX_ID: usize = 100;

/// GitHub's anchor rule: lowercase, spaces to `-`, punctuation dropped, letters of any
/// script kept, cut at [`MAX_ID`] bytes. Anchors then match the ones readers know from the
/// repository view.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len().min(MAX_ID + 4));
    for c in text.trim().chars() {
        // Each numbered step's id begins with its heading's: a long heading would make
        // every step below it as long.
        if slug.len() >= MAX_ID {
            break;
        }
        if c.is_ascii() {
            match c {
                'A'..='Z' => slug.push(c.to_ascii_lowercase()),
                'a'..='z' | '0'..='9' | '-' | '_' => slug.push(c),
                ' ' => slug.push('-'),
                _ => {}
            }
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
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
            unread: &[],
            base_path: "/",
            folder: "content/runbooks/",
            sanitize_html: false,
            broken_links_are_errors: false,
        }
    }

    #[test]
    fn headings_get_github_ids_and_explicit_ids_win() {
        let rb = runbook(
            "a/one.md",
            "# Title\n\n## Step 1: Check the *load*\n\n## Step 1: Check the load\n\n## Custom {#my-id}\n",
        );
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert_eq!(r.h1.as_deref(), Some("Title"));
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["step-1-check-the-load", "step-1-check-the-load-1", "my-id"]
        );
        assert!(r.html.contains("<h2 id=\"my-id\">Custom"), "{}", r.html);
        assert!(
            !r.html.contains("<h1"),
            "the leading H1 is the page title: {}",
            r.html
        );
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
    fn numbered_steps_get_stable_anchors() {
        let rb = runbook(
            "a/one.md",
            "## Steps\n\n1. First\n2. Second\n   1. Inner\n\n- bullet\n\n## Verify\n\n3. Third from three\n",
        );
        let r = render(&rb, &targets(), &mut Diagnostics::new());
        assert!(r.html.contains(r##"<li id="steps-1">First <a class="step-link" href="#steps-1" aria-label="Link to step 1">#</a></li>"##), "{}", r.html);
        assert!(r.html.contains(r#"<li id="steps-2-1">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<li id="verify-3">"#),
            "numbering follows the list's start: {}",
            r.html
        );
        assert!(
            r.html.contains("<li>bullet</li>"),
            "bullets get no anchor: {}",
            r.html
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
            clean.html.contains(r#"<li id="steps-1">"#),
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
    fn slugify_matches_github() {
        assert_eq!(
            slugify("Step 2: Re-run the job (safely)"),
            "step-2-re-run-the-job-safely"
        );
        assert_eq!(slugify("Überprüfung"), "überprüfung");
    }
}
