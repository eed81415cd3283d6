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

use pulldown_cmark::{CowStr, Event, LinkType, Options, Tag, TagEnd};

use crate::diagnostics::{Diagnostics, LineIndex, Location};
use crate::forge::Forge;
use crate::highlight::Lang;
use crate::model::{HeadingIds, RepoFiles, Runbook};
use crate::sanitize;

mod admonitions;
mod attributes;
mod autolink;
mod bidi_numbers;
pub use bidi_numbers::{is_rtl_letter, reads_right_to_left};
mod blocks;
mod code_dashes;
mod conflicts;
mod deceptive;
mod diagram;
mod events;
mod finish;
mod footnotes;
mod foreign;
mod foreign_template;
pub(crate) use foreign::site_link_hint;
mod forge;
mod forge_text;
mod given_ids;
mod heading_unseen;
mod headings;
mod hidden_code;
mod image_size;
mod implied_end;
mod limits;
mod link_text;
mod links;
mod math;
mod myst_labels;
pub use myst_labels::{label_hint, labels_by_name, relative_path, LabelAt, MystLabel};
mod raw_html;
mod raw_stack;
mod read;
mod references;
mod slug;
mod spaced_labels;
mod tag_text;
mod writer;

pub use forge::numbered_by_author;
pub use forge_text::title_shown;
pub use headings::Heading;
pub use slug::{keeps as id_keeps, slug as heading_slug, MAX_ID};

use forge::ForgeState;
use headings::OpenHeading;
use limits::LinkReports;
use links::replace_hugo_refs;
pub use links::PageNames;
use slug::IdAllocator;
use writer::Writer;

/// The id GitHub gives the element holding a rendered Markdown file, on its own page and
/// under a folder's listing: `/playbooks#readme`, `deploy.md#readme` scroll past the
/// forge's header to the text (Artsy's handbook writes 57 such links). With GitHub's
/// heading ids, a page none of whose own ids is `readme` gives it to its article
/// ([`Rendered::readme_id`]), and links to it are found (`validate::AnchorLookup::finds`).
pub const README_ID: &str = "readme";

/// A page's ids ([`Rendered::anchors`]). foldhash, seeded per process (ids come from
/// untrusted headings, so they must not be chosen to collide), costs a fraction of SipHash
/// on these short keys: every heading and step id of every page is inserted once.
pub type IdSet = HashSet<String, foldhash::fast::RandomState>;

/// The site's runbooks, assets and folders as links look them up (foldhash, as [`IdSet`]).
pub type FastMap<K, V> = foldhash::HashMap<K, V>;
/// See [`FastMap`].
pub type FastSet<K> = foldhash::HashSet<K>;

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
    pub anchors: IdSet,
    /// The page's article carries GitHub's `id="readme"` ([`README_ID`]): no id of the
    /// runbook's own is `readme`.
    pub readme_id: bool,
    /// Links to an anchor (`#steps-2`, `other.md#checks`), checked once every page is known.
    pub anchor_links: Vec<AnchorLink>,
    /// Mermaid diagrams on the page, to be drawn in the browser (see `diagram`).
    pub diagrams: usize,
    /// Paths of the repository (from its root) that links point at and the site does not
    /// publish, when rendered without [`MarkdownContext::repo_files`]: look them up and
    /// render the page again with them.
    pub look_up: Vec<String>,
    /// Links to an address of the site from its root (`/runbooks/x/`, `/engineers/ann/`)
    /// that name no source file, checked against the site's pages and routes once
    /// rendering is done (see `validate::check_site_links`).
    pub site_links: Vec<SiteLink>,
    /// The MyST labels (`(label)=`) the page defines, for the hint of a link to one.
    pub myst_labels: Vec<MystLabel>,
}

/// A link written as an address of the site (from its root), and where it was written.
#[derive(Debug, Clone)]
pub struct SiteLink {
    /// The address's path under the site's base path, percent-decoded, without its
    /// query and fragment (`runbooks/x/`, `` for the home page).
    pub path: String,
    /// The link as written.
    pub written: String,
    pub location: Location,
    /// For a link outside the base path of a site served under one (`/runbooks/x/` for a
    /// site at `/ops/`): the same address under the base path (`/ops/runbooks/x/`), and
    /// `path` is the address as written, from the host's root. Such a link is the host's
    /// to judge, unless it names a page of this site: then the base path was forgotten.
    pub without_base: Option<String>,
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
    /// The address written to the page, for a link to its own page by its file's name
    /// (`disk-full.md#Check`): rewritten like `#Check` when the anchor is found in
    /// another letter case (see `anchors_in_any_case`).
    pub href: Option<Box<str>>,
    /// The link's text as written, if short: a heading it names is the likelier target
    /// when the anchor is missing.
    pub text: Option<Box<str>>,
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

/// The text of the section being read. One buffer serves the whole page: each section's
/// text is copied out of it at its exact size when the next heading starts (a `String`
/// per section grew by doubling, a copy each time, and was shrunk at the end).
#[derive(Default)]
struct SectionText {
    text: String,
    /// Inside an element of the author's whose content cleaning drops (a `<template>`,
    /// a `<text>`: see `raw_stack`): the page does not show the Markdown there, and
    /// search does not read it.
    hidden: bool,
}

impl SectionText {
    fn push(&mut self, s: &str) {
        if !self.hidden {
            self.text.push_str(s);
        }
    }

    /// Words read from an HTML block, which knows what of it is shown (see
    /// `raw_html::shown`).
    fn push_shown(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }
}

/// Line and column of an offset of a runbook's file. Most pages ask for a location or two
/// (a link to an anchor keeps where it was written), which are counted from the start of
/// the file; past [`Locator::COUNTED`] the file's lines are indexed once, so that a page
/// with thousands of problems stays linear.
#[derive(Default)]
struct Locator {
    counted: usize,
    index: Option<LineIndex>,
}

impl Locator {
    const COUNTED: usize = 4;

    fn location(&mut self, file: &str, text: &str, span: Range<usize>) -> Location {
        if self.index.is_none() && self.counted < Self::COUNTED {
            self.counted += 1;
            let mut offset = span.start.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text.as_bytes()[..offset];
            crate::work::visit(offset);
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            return Location {
                file: file.to_string(),
                line: 1 + memchr::memchr_iter(b'\n', before).count(),
                col: 1 + text[line_start..offset].chars().count(),
                span: Some(span),
            };
        }
        self.index
            .get_or_insert_with(|| LineIndex::new(text))
            .location(file, text, span)
    }
}

/// What rendering needs to know about the site: what links can point at (runbook files,
/// folders and assets, by path under the runbook folder; files of the repository), and
/// whether raw HTML is cleaned.
pub struct MarkdownContext<'a> {
    /// `rel_path` of each runbook to its page slug.
    pub runbooks: FastMap<&'a str, &'a str>,
    pub assets: FastSet<&'a str>,
    /// Files left out with a warning (SVGs that could run script), by path under the
    /// runbook folder, with why as a page's note says it.
    pub left_out: FastMap<&'a str, &'static str>,
    /// Width and height of the images among `assets` whose headers give them.
    pub image_sizes: FastMap<&'a str, (u32, u32)>,
    /// Folders that have a page (every folder holding a runbook, and `""`, the runbook
    /// folder itself), by path under the runbook folder.
    pub folders: FastSet<&'a str>,
    /// The repository's web view, where links to files the site does not publish go.
    pub forge: Option<&'a Forge>,
    /// Those files, once looked up (see [`Rendered::look_up`]); `None` before.
    pub repo_files: Option<&'a RepoFiles>,
    /// The MyST labels of every page (see [`labels_by_name`]), known with `repo_files`:
    /// a link to a missing file named as a label (`[how](deploying-a-change)`, which MyST
    /// takes for a reference) is said to be one, with the link that works.
    pub myst_labels: Option<&'a HashMap<&'a str, LabelAt<'a>>>,
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
    /// The pages by the names Hugo's `ref` and wiki links may give, built on first use.
    pub names: PageNames,
    /// The theme's stylesheets show GitHub's `#gh-dark-mode-only` images in one colour
    /// scheme only, as GitHub does (the default theme's do): no warning about them.
    pub theme_shows_one_scheme: bool,
}

/// An HTML block while its lines are collected: they are read as one piece (a tag may
/// span lines), each line's start in the piece and in the body kept to place problems.
struct HtmlBlock<'e> {
    lines: Vec<(CowStr<'e>, usize)>,
}

/// The Markdown pipebook reads: CommonMark with GitHub's tables, footnotes,
/// strikethrough, task lists and alerts, and `{#id .class}` after headings. Not math
/// (`$…$`): runbooks' prose and tables are full of `$VAR` and SQL's `$1`, which it would
/// swallow (see the README).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_GFM);

/// Renders `runbook`'s body, reporting links that lead nowhere as warnings.
pub fn render(runbook: &Runbook, targets: &MarkdownContext, diags: &mut Diagnostics) -> Rendered {
    render_file(runbook, &runbook.source.text, targets, diags)
}

/// [`render`] with the runbook's whole file given beside it: its text read again when a
/// build left the body on disk (see `load::whole_text`), without a copy of the runbook.
pub fn render_file(
    runbook: &Runbook,
    file: &str,
    targets: &MarkdownContext,
    diags: &mut Diagnostics,
) -> Rendered {
    let dir = runbook
        .rel_path
        .rfind('/')
        .map_or("", |i| &runbook.rel_path[..i]);
    let (written, admonition_shifts) =
        admonitions::rewrite(file.get(runbook.body_start..).unwrap_or(""));
    let (body, ref_shifts) = replace_hugo_refs(&written, dir, targets);
    // What the parser reads when the body has `[^a b]` (see `spaced_labels`).
    let hidden = spaced_labels::hide(&body);
    let mut page = Page::new(runbook, file, targets, &body);
    page.look_for_liquid(&body);
    page.ref_shifts = ref_shifts;
    page.admonition_shifts = admonition_shifts;
    page.report_refs(diags);
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
    page.html.reserve(body.len() * 3 / 2);
    page.read_body(&body, hidden.as_ref().map(|(t, b)| (t.as_str(), *b)), diags);
    // Whatever is still open (a heading at the end of the file) is written.
    page.close();
    page.close_raw(diags);
    let html_out = std::mem::take(&mut page.html);
    let mut rendered = page.finish(html_out, diags);
    rendered.myst_labels = myst_labels::labels(file, runbook.body_start, &rendered);
    rendered
}

impl<'e> Page<'e, '_> {
    /// Handles one event of the parser; true when a limit was hit.
    fn step(
        &mut self,
        event: Event<'e>,
        range: Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        // Each pass of an event by value moves it (80 bytes): most events are neither
        // another forge's writing nor held, and are only looked at by reference.
        let event = if self.foreign_concerns(&event) {
            match self.foreign_event(event, &range, body, diags) {
                Some(event) => event,
                None => return false,
            }
        } else {
            event
        };
        if self.raw_level(&event, &range, body, diags) {
            return true;
        }
        match self.quiet_event(&event, &range) {
            events::Quiet::Done => return false,
            events::Quiet::Emit => {
                self.emit(event);
                return false;
            }
            events::Quiet::No => {}
        }
        if self.refuse(&event, &range, body, diags) {
            return true;
        }
        if self.targets.sanitize_html && audited(&event) {
            self.html_audit.see(&event, &range);
        }
        self.event(event, range, diags);
        false
    }

    /// A text's pieces with the forges' syntax read (see `forge_text`): text as text
    /// events, deletions as strikethrough (`<del>`), additions as `<ins>` written as
    /// pipebook's own HTML (not the author's: nothing to clean). True when a limit was hit.
    fn forge_pieces(
        &mut self,
        pieces: Vec<forge_text::Piece>,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        use forge_text::Piece;
        for piece in pieces {
            let event = match piece {
                Piece::Text(t) => Event::Text(t.into()),
                // In an image's alt text, or a line left out, the text alone.
                Piece::Link { text, .. } if self.writer.in_image() || self.forge.holds() => {
                    Event::Text(text.into())
                }
                // Read as `<https://…>` is: checked and written as any link.
                Piece::Link { text, href, mail } => {
                    let start = Event::Start(Tag::Link {
                        link_type: if mail {
                            LinkType::Email
                        } else {
                            LinkType::Autolink
                        },
                        dest_url: href.into(),
                        title: "".into(),
                        id: "".into(),
                    });
                    for event in [start, Event::Text(text.into())] {
                        if self.step(event, range.clone(), body, diags) {
                            return true;
                        }
                    }
                    Event::End(TagEnd::Link)
                }
                Piece::Del(true) => Event::Start(Tag::Strikethrough),
                Piece::Del(false) => Event::End(TagEnd::Strikethrough),
                // In an image's alt text, or a line left out (an alert's title), the
                // text alone.
                Piece::Ins(_) if self.writer.in_image() || self.forge.holds() => continue,
                // Never in a heading (see `render_file`): written into the page.
                Piece::Ins(open) => {
                    let tag = if open { "<ins>" } else { "</ins>" };
                    self.writer.raw(&mut self.html, tag);
                    continue;
                }
            };
            if self.step(event, range.clone(), body, diags) {
                return true;
            }
        }
        false
    }
}

/// Whether the raw HTML audit (`sanitize::PageAudit::see`) reads `event`: raw HTML, and
/// links' and images' addresses. Asked here, the other events (nearly all) skip the call.
fn audited(event: &Event) -> bool {
    matches!(
        event,
        Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::HtmlBlock | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::HtmlBlock)
    )
}

/// One runbook being rendered: what was written so far and what is open. Events borrow
/// from the Markdown text (`'e`).
struct Page<'e, 'r> {
    runbook: &'r Runbook,
    /// The runbook's whole file (its `source.text`, or the text read again), which
    /// locations are counted in.
    file: &'r str,
    /// The Markdown being rendered (the runbook's body), which the events borrow from.
    body: &'e str,
    targets: &'r MarkdownContext<'r>,
    /// The runbook's folder under content/runbooks, which relative links start from.
    dir: &'r str,
    /// Where offsets of the runbook's file are (see [`Locator`]).
    locator: Locator,
    reports: LinkReports,
    /// Lists, block quotes and footnotes open around the current event.
    depth: usize,
    ids: IdAllocator,
    headings: Vec<Heading>,
    /// Sections read so far; the last one's text is still in `text`.
    sections: Vec<TextSection>,
    text: SectionText,
    /// Inline elements open whose text the page does not show (`<template>`, `<style>`;
    /// see `raw_html::hides_text`): their words are kept out of the search index, where a
    /// pull request's runbook hid words to come first for queries it does not answer.
    unseen: usize,
    /// SVG or MathML open in the paragraph, on a page not cleaned (see `raw_html::drawing`).
    drawing: raw_html::drawing::InlineDrawing,
    anchor_links: Vec<AnchorLink>,
    site_links: Vec<SiteLink>,
    /// Whether links past [`limits::MAX_SITE_LINKS`] were left unchecked (said once).
    site_links_dropped: bool,
    h1: Option<String>,
    h1_id: Option<String>,
    h1_html: Option<String>,
    h1_line: Option<usize>,
    /// The page's HTML so far, and what its writer remembers.
    html: String,
    writer: Writer<'e>,
    heading: Option<OpenHeading<'e>>,
    /// Whether a heading was seen: the title heading comes before any other.
    seen_heading: bool,
    /// Heading ids written by hand, settled at the page's end (see `given_ids`).
    given: Vec<given_ids::GivenId>,
    /// The ids of `given`, and the heading (its index in `headings`) whose steps are
    /// numbered under the id written on it (see `Page::given_id`).
    given_seen: HashSet<String>,
    /// On a GitLab repository, each heading's id by the other rule (see
    /// `Page::other_rule_id`).
    other_ids: Option<IdAllocator>,
    /// The ids `other_ids` gave, each written once.
    other_seen: HashSet<String>,
    given_steps: Option<(usize, String)>,
    /// Footnotes' numbers by label (see `IdAllocator::footnote`), and the labels defined
    /// (see `events::html_event`).
    footnotes: FastMap<footnotes::Label, usize>,
    /// Each referenced label's number on GitHub (see `footnotes::referenced`).
    footnote_numbers: footnotes::Referenced<'e>,
    /// Footnote definitions as written (their number and place in `html`), and the one
    /// open with its nesting: moved to the page's end, as GitHub and GitLab show them.
    footnote_spans: Vec<(u64, usize, std::ops::Range<usize>)>,
    footnote_open: (usize, usize, u64, usize),
    /// The footnote (see `IdAllocator::footnote`) whose definition is being written,
    /// stored with its span; and each footnote's references' ids in the order written
    /// (see `IdAllocator::footnote_reference`), which its back-links lead to.
    footnote_defining: usize,
    footnote_refs: FastMap<usize, Vec<usize>>,
    /// A `##` heading that may yet be the page's title (see [`headings::Opening`]).
    opening: Option<headings::Opening>,
    /// Table of contents markers and alerts.
    forge: ForgeState<'e>,
    /// Numbered steps: for each open list, whether it is ordered and its next number.
    lists: Vec<Option<u64>>,
    step_path: Vec<u64>,
    /// Numbered steps open around the current event (see [`headings::OpenStep`]).
    steps: Vec<headings::OpenStep>,
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
    raw_anchors: IdSet,
    /// Whether the raw HTML's `id` and `name` attributes passed [`limits::MAX_ANCHORS`]
    /// (said once a page: it was said again at every piece of HTML after, 320,000
    /// times for a file of 3.9 MB).
    raw_anchors_over: bool,
    /// The author's raw elements still open (see `raw_stack`).
    raw_stack: raw_stack::RawStack,
    /// What HTML blocks left open that hides their text (see `raw_html::shown`).
    shown: raw_html::shown::Shown,
    /// The author's HTML nested past [`limits::MAX_RAW_DEPTH`] (said): the page is not
    /// cleaned, nor written.
    raw_too_deep: bool,
    html_block: Option<HtmlBlock<'e>>,
    /// Attributes of raw HTML's tags, counted before html5ever reads them.
    attributes: attributes::Counter,
    /// Where the first piece of raw HTML left a tag or comment open, if one did.
    open_piece: Option<usize>,
    /// A link being read: where it starts, its target and its visible text so far.
    open_link: Option<(usize, String, String)>,
    /// The images open (one inside another's description), each with the file left out
    /// that it names, if any (see `links::left_out_image`).
    images: Vec<Option<links::LeftOutImage>>,
    /// Where the text after an image starts, and the length of GitLab's size in braces at
    /// its start, which was read and is not shown (see `image_size`).
    image_size_text: Option<(usize, usize)>,
    /// Links told of as misleading (see `deceptive`), capped like broken ones.
    misleading: LinkReports,
    /// Inline comments GitHub shows as text (see `raw_html::comment`), capped alike.
    github_comments: LinkReports,
    /// Declarations GitHub shows as text (see `raw_html::declaration`), capped alike.
    github_declarations: LinkReports,
    /// Hand-written ids left out as another's (see `given_ids`), capped alike.
    given_taken: LinkReports,
    /// Other forges' writing read so far (see `foreign`).
    foreign: foreign::Foreign,
    /// Jinja's statements in code blocks (see `foreign_template`).
    templates: foreign_template::Templates,
    /// Where code is (blocks and spans), to weigh the bidi controls found in it.
    code_ranges: Vec<Range<usize>>,
    /// Where the text after each Hugo `ref` is in the file.
    ref_shifts: links::RefShifts,
    /// Where the text of MkDocs' admonitions, written as alerts, is (see `admonitions`).
    admonition_shifts: admonitions::Shifts,
    /// Whether a wiki link (`[[Page]]`) made a link (bit 1) or was left as written (bit
    /// 2), or another tool's directive (bit 4, `{% include %}`), was reported on this
    /// page: each once a page.
    wiki_reported: u8,
}

/// Blocks written plain that `-v` names one by one per page; the rest are counted.
const MAX_NOTES: usize = 10;

impl<'e, 'r> Page<'e, 'r> {
    fn new(
        runbook: &'r Runbook,
        file: &'r str,
        targets: &'r MarkdownContext<'r>,
        body: &'e str,
    ) -> Self {
        Page {
            runbook,
            file,
            body,
            targets,
            dir: runbook
                .rel_path
                .rfind('/')
                .map_or("", |i| &runbook.rel_path[..i]),
            locator: Locator::default(),
            reports: LinkReports::default(),
            depth: 0,
            attributes: attributes::Counter::default(),
            open_piece: None,
            ids: IdAllocator::new(targets.heading_ids),
            other_ids: targets
                .forge
                .is_some_and(|f| f.is_gitlab())
                .then(|| IdAllocator::new(targets.heading_ids.other())),
            headings: Vec::new(),
            sections: vec![TextSection::default()],
            text: SectionText {
                text: String::with_capacity(body.len()),
                hidden: false,
            },
            shown: raw_html::shown::Shown::default(),
            raw_too_deep: false,
            unseen: 0,
            drawing: raw_html::drawing::InlineDrawing::default(),
            anchor_links: Vec::new(),
            site_links: Vec::new(),
            site_links_dropped: false,
            h1: None,
            h1_id: None,
            h1_html: None,
            h1_line: None,
            html: String::new(),
            writer: Writer::default(),
            heading: None,
            seen_heading: false,
            given: Vec::new(),
            given_seen: HashSet::new(),
            other_seen: HashSet::new(),
            given_steps: None,
            opening: None,
            footnotes: FastMap::default(),
            footnote_numbers: FastMap::default(),
            footnote_spans: Vec::new(),
            footnote_open: (0, 0, 0, 0),
            footnote_defining: 0,
            footnote_refs: FastMap::default(),
            forge: ForgeState::default(),
            lists: Vec::new(),
            step_path: Vec::new(),
            steps: Vec::new(),
            code: None,
            diagram: None,
            diagrams: 0,
            html_audit: sanitize::PageAudit::default(),
            highlighted: 0,
            plain_blocks: 0,
            look_up: HashSet::new(),
            raw_anchors: IdSet::default(),
            raw_anchors_over: false,
            raw_stack: raw_stack::RawStack::default(),
            html_block: None,
            open_link: None,
            images: Vec::new(),
            image_size_text: None,
            misleading: LinkReports::default(),
            github_comments: LinkReports::default(),
            github_declarations: LinkReports::default(),
            given_taken: LinkReports::default(),
            foreign: foreign::Foreign::default(),
            templates: foreign_template::Templates::default(),
            code_ranges: Vec::new(),
            ref_shifts: links::RefShifts::default(),
            admonition_shifts: admonitions::Shifts::default(),
            wiki_reported: 0,
        }
    }

    /// Where the byte at `offset` of the body is in the body as written.
    fn as_written(&self, offset: usize) -> usize {
        let written = self.ref_shifts.original(offset);
        self.admonition_shifts.original(written)
    }

    /// Where the byte at `offset` of the body is, in the runbook's file.
    fn location(&mut self, offset: usize) -> Location {
        let start = self.runbook.body_start + self.as_written(offset);
        let (file, text) = (&self.runbook.source.display, self.file);
        self.locator.location(file, text, start..start + 1)
    }

    fn section(&mut self) -> &mut SectionText {
        &mut self.text
    }

    /// Ends the section being read (its text trimmed, at its size) and starts the next.
    fn next_section(&mut self, next: Option<TextSection>) {
        let last = self.sections.last_mut().expect("always one section");
        last.text = self.text.text.trim_end().to_string();
        self.text.text.clear();
        self.sections.extend(next);
    }
}

#[cfg(test)]
mod tests;
