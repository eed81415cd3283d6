//! Runbook pages a folder at a time, each written as soon as it is rendered.
//!
//! A runbook's page needs, besides its own Markdown, the titles of the runbooks of its
//! folder (previous and next), of the folders above it (breadcrumbs) and of its pipelines'
//! main runbooks (its header). So the pages other pages name are rendered first (folder
//! pages and the pipelines' main runbooks); then each folder's runbooks are rendered and
//! written, and only what the rest of the build needs is kept of them (title, headings,
//! anchors, text for the search index), not their HTML. Holding every page's HTML until
//! the last was rendered took 1.7 GB for 100,000 runbooks.
//!
//! Folder pages, which list their runbooks' summaries, and the pages whose links name
//! files of the repository (looked up once for the whole site, then those pages rendered
//! again) are written with the other pages, after every runbook is known.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use super::runbooks::RunbookPage;
use super::search_docs::{runbook_numbers, NOT_SEARCHED};
use super::section_tree::{parent_of, SectionTree};
use super::titles::runbook_title;
use super::Renderer;
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, MarkdownContext};
use crate::model::{BrokenLinks, RepoFiles, Runbook, Site};
use crate::search::Index;
use crate::validate::AnchorIndex;
use crate::write::Sink;

/// Every runbook after [`Renderer::stream_runbooks`], in the site's order.
pub(super) struct Runbooks<'a> {
    /// The pages; the HTML of those already written is dropped.
    pub pages: Vec<RunbookPage<'a>>,
    /// The problems found in each page's Markdown.
    pub markdown: Vec<Diagnostics>,
    /// The problems found writing each page with its template.
    pub template: Vec<Diagnostics>,
    /// Whether each page was written (at `runbook_page_file` of its slug): its path is
    /// made again for the sitemap rather than held through the other pages, some 170
    /// bytes a runbook.
    pub written: Vec<bool>,
    /// The summary of each page written (see [`super::runbook_summary`]), taken before
    /// its text was dropped; `None` for the pages still to write, which keep their text.
    pub summaries: Vec<Option<String>>,
    /// The pages still to write (in order): folder pages, and those rendered again with
    /// the repository's files.
    pub pending: Vec<usize>,
    /// Problems of the snippets every page shows (see `Renderer::snippets`).
    pub snippets: Diagnostics,
    /// Every page's anchors, unless the pages keep their own (`keep_html`). Each page's
    /// `anchor_links` then holds only the links whose anchor was not found yet.
    pub anchors: Option<AnchorIndex<'a>>,
}

/// A runbook's whole text: its `source.text`, or its file read again (see
/// `Runbook::body_on_disk`); a file that cannot be read again is reported.
pub type WithBody<'f> = &'f (dyn for<'r> Fn(&'r Runbook, &mut Diagnostics) -> Cow<'r, str> + Sync);

/// One page once rendered: its number in the site's order, the page and its problems.
type Page<'a> = (usize, RunbookPage<'a>, Diagnostics);

fn render<'a>(
    i: usize,
    rb: &'a Runbook,
    targets: &MarkdownContext,
    with_body: WithBody,
) -> Page<'a> {
    let mut d = Diagnostics::new();
    // The whole text only while the page is rendered (see `Runbook::body_on_disk`).
    let file = with_body(rb, &mut d);
    let rendered = markdown::render_file(rb, &file, targets, &mut d);
    let title = runbook_title(rb, &rendered);
    (
        i,
        RunbookPage {
            runbook: rb,
            title,
            rendered,
        },
        d,
    )
}

/// What links in the runbooks can point at: every runbook, asset and folder.
pub(super) fn targets<'t>(
    site: &'t Site,
    folder: &'t str,
    forge: Option<&'t crate::forge::Forge>,
    base_path: &'t str,
) -> MarkdownContext<'t> {
    let mut folders = markdown::FastSet::default();
    folders.insert("");
    for rb in &site.runbooks {
        let mut path = rb.rel_path.as_str();
        while let Some((dir, _)) = path.rsplit_once('/') {
            if !folders.insert(dir) {
                break;
            }
            path = dir;
        }
    }
    MarkdownContext {
        folder,
        runbooks: site
            .runbooks
            .iter()
            .map(|r| (r.rel_path.as_str(), r.slug.as_str()))
            .collect(),
        assets: site.assets.iter().map(|a| a.rel_path.as_str()).collect(),
        left_out: (site.left_out.iter())
            .map(|f| (f.rel_path.as_str(), f.why))
            .collect(),
        image_sizes: (site.assets.iter())
            .filter_map(|a| Some((a.rel_path.as_str(), a.size?)))
            .collect(),
        folders,
        forge,
        repo_files: None,
        myst_labels: None,
        base_path,
        sanitize_html: site.config.sanitize_html,
        broken_links_are_errors: site.config.broken_links == BrokenLinks::Error,
        heading_ids: site.config.heading_ids,
        names: markdown::PageNames::default(),
        theme_shows_one_scheme: shows_one_scheme(&site.theme),
    }
}

/// Whether a stylesheet of the theme names GitHub's `#gh-dark-mode-only` (the default
/// theme's hides the image for the other scheme): one pass over the theme's CSS a build.
fn shows_one_scheme(theme: &crate::model::Theme) -> bool {
    let finder = memchr::memmem::Finder::new(b"gh-dark-mode-only");
    (theme.static_files.iter())
        .any(|(path, bytes)| path.ends_with(".css") && finder.find(bytes).is_some())
}

/// The pages rendered before the others (see [`Renderer::render_early`]).
struct Early<'a> {
    /// Folder pages, written once every runbook is known.
    indexes: Vec<Page<'a>>,
    /// The pipelines' main runbooks by number, until their folder is written.
    named: Mutex<HashMap<usize, Page<'a>>>,
    /// Folder pages' titles by slug, for the folders' trees.
    index_titles: HashMap<String, String>,
    snippets: Diagnostics,
}

/// A runbook page once its folder is written: the page, its template's problems, whether
/// it was written and its summary if so, and whether it is still to write.
type Written<'a> = (Page<'a>, Diagnostics, bool, Option<String>, bool);

/// What every folder's pages are written with.
struct Stream<'s, 'a> {
    sink: &'s Sink,
    targets: &'s MarkdownContext<'s>,
    with_body: WithBody<'s>,
    keep_html: bool,
    index: Option<&'s Index<'s>>,
    /// Each runbook's number in the search index.
    numbers: Vec<u32>,
    early: Early<'a>,
    anchors: Option<Mutex<AnchorIndex<'a>>>,
}

impl<'a> Renderer<'a> {
    /// Renders every runbook's Markdown with what links can point at, and writes the page
    /// of each that needs nothing more; sets the titles, pipelines and snippets that pages
    /// show. `repository` looks up the files of the repository that links name and the
    /// site does not publish (see `load::repository`). `keep_html` keeps the HTML of the
    /// pages written (`serve`'s updates render them again). `with_body` gives each
    /// runbook's whole text. Each page written goes to the search `index` too, if any
    /// (see [`Renderer::index_runbook`]).
    pub(super) fn stream_runbooks(
        &mut self,
        sink: &Sink,
        repository: &(dyn Fn(&[String]) -> RepoFiles + Sync),
        with_body: WithBody,
        keep_html: bool,
        index: Option<&Index>,
    ) -> Runbooks<'a> {
        let site = self.site;
        let folder = crate::load::folder::display_prefix(&site.runbook_folder);
        let forge = crate::forge::Forge::new(&site.config);
        let base_path = self.urls.base_path.clone();
        let targets = targets(site, &folder, forge.as_ref(), &base_path);
        let mut early = self.render_early(&targets, with_body);
        let anchors = (!keep_html).then(|| {
            let mut anchors = AnchorIndex::default();
            found_anchors(&mut anchors, &mut early.indexes);
            Mutex::new(anchors)
        });
        let stream = Stream {
            sink,
            targets: &targets,
            with_body,
            keep_html,
            index,
            numbers: runbook_numbers(site.runbooks.iter()),
            early,
            anchors,
        };
        let written = self.write_folders(&stream);
        let Stream { early, anchors, .. } = stream;
        let mut out = in_site_order(site.runbooks.len(), written, early);
        out.anchors = anchors.map(|a| a.into_inner().unwrap_or_else(|p| p.into_inner()));
        self.render_with_repository(&mut out, targets, repository, with_body);
        out
    }

    /// The pages others name, rendered first: folder pages (whose titles the folders'
    /// trees show) and the pipelines' main runbooks (whose titles pipeline headers show);
    /// sets the titles and pipelines pages show.
    fn render_early(&mut self, targets: &MarkdownContext, with_body: WithBody) -> Early<'a> {
        let site = self.site;
        let named: HashSet<&str> = self
            .pipeline_runbooks
            .values()
            .filter_map(|slugs| slugs.first().copied())
            .collect();
        let early: Vec<Page<'a>> = site
            .runbooks
            .par_iter()
            .enumerate()
            .filter(|(_, rb)| rb.is_index || named.contains(rb.slug.as_str()))
            .map(|(i, rb)| render(i, rb, targets, with_body))
            .collect();
        self.titles = early
            .iter()
            .map(|(_, p, _)| (p.runbook.slug.as_str(), p.title.clone()))
            .collect();
        let mut snippets = Diagnostics::new();
        self.prepare_pipelines(&mut snippets);
        let index_titles: HashMap<String, String> = early
            .iter()
            .filter(|(_, p, _)| p.runbook.is_index)
            .map(|(_, p, _)| (p.runbook.slug.clone(), p.title.clone()))
            .collect();
        let (indexes, named): (Vec<Page>, Vec<Page>) =
            early.into_iter().partition(|(_, p, _)| p.runbook.is_index);
        Early {
            indexes,
            named: Mutex::new(named.into_iter().map(|page| (page.0, page)).collect()),
            index_titles,
            snippets,
        }
    }

    /// Every runbook but the folder pages, a folder at a time (see [`Self::write_folder`]):
    /// each folder's pages in the site's order.
    fn write_folders(&self, stream: &Stream<'_, 'a>) -> Vec<Vec<Written<'a>>> {
        let mut folders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, rb) in self.site.runbooks.iter().enumerate() {
            if !rb.is_index {
                folders.entry(parent_of(&rb.slug)).or_default().push(i);
            }
        }
        // A list per folder, not one of every page: that was collected in pieces, then
        // moved into one vector, then sorted, then split (two copies of every page's
        // record, some 430 bytes, at once).
        folders
            .par_iter()
            .map(|(folder, members)| self.write_folder(stream, folder, members))
            .collect()
    }

    /// Renders the runbooks of one folder (`members`), then writes each page that needs
    /// nothing more and adds it to the search index, keeping only what the rest of the
    /// build needs of it.
    fn write_folder(
        &self,
        stream: &Stream<'_, 'a>,
        folder: &str,
        members: &[usize],
    ) -> Vec<Written<'a>> {
        let site = self.site;
        let mut pages: Vec<Page<'a>> = members
            .par_iter()
            .map(|&i| {
                let named = stream.early.named.lock();
                let kept = named.unwrap_or_else(|p| p.into_inner()).remove(&i);
                let rb = &site.runbooks[i];
                kept.unwrap_or_else(|| render(i, rb, stream.targets, stream.with_body))
            })
            .collect();
        if let Some(anchors) = &stream.anchors {
            found_anchors(
                &mut anchors.lock().unwrap_or_else(|p| p.into_inner()),
                &mut pages,
            );
        }
        let listed: Vec<&RunbookPage> = pages.iter().map(|(_, p, _)| p).collect();
        let tree = SectionTree::folder(folder, &listed, &stream.early.index_titles);
        pages
            .into_par_iter()
            .map(|(i, mut page, md)| {
                let mut template = Diagnostics::new();
                // Links to files of the repository: written later, with them.
                if !page.rendered.look_up.is_empty() {
                    return ((i, page, md), template, false, None, true);
                }
                let written = self.put_runbook_page(&page, &tree, &mut template, stream.sink);
                if let Some(index) = stream.index.filter(|_| stream.numbers[i] != NOT_SEARCHED) {
                    self.index_runbook(index, stream.numbers[i], &page);
                }
                let mut summary = None;
                if !stream.keep_html {
                    summary = super::runbook_summary(page.runbook, &page.rendered);
                    page.rendered = what_follows_writing(page.rendered);
                }
                ((i, page, md), template, written, summary, false)
            })
            .collect()
    }

    /// Links to what the site does not publish are looked up in the repository, once for
    /// all pages, and those pages rendered again knowing what is there.
    fn render_with_repository(
        &self,
        out: &mut Runbooks<'a>,
        targets: MarkdownContext,
        repository: &(dyn Fn(&[String]) -> RepoFiles + Sync),
        with_body: WithBody,
    ) {
        let wanted: BTreeSet<&String> =
            out.pages.iter().flat_map(|p| &p.rendered.look_up).collect();
        if wanted.is_empty() {
            return;
        }
        let wanted: Vec<String> = wanted.into_iter().cloned().collect();
        let files = repository(&wanted);
        // A missing file named as a MyST label is said to be one (`links::missing`).
        let labels = markdown::labels_by_name(out.pages.iter().map(|p| {
            (
                p.runbook.source.display.as_str(),
                p.rendered.myst_labels.as_slice(),
            )
        }));
        let targets = MarkdownContext {
            repo_files: Some(&files),
            myst_labels: Some(&labels),
            ..targets
        };
        let mut again: Vec<Page<'a>> = out
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, p)| !p.rendered.look_up.is_empty())
            .map(|(i, p)| render(i, p.runbook, &targets, with_body))
            .collect();
        if let Some(anchors) = &mut out.anchors {
            found_anchors(anchors, &mut again);
        }
        for (i, page, md) in again {
            out.pages[i] = page;
            out.markdown[i] = md;
        }
    }
}

/// Moves each page's anchors into `anchors`, and drops the links of the pages whose
/// anchor is found there already: a folder's links to its own pages, and to pages written
/// before. The rest are checked once every page is known (see `validate::check_anchors`).
fn found_anchors<'a>(anchors: &mut AnchorIndex<'a>, pages: &mut [Page<'a>]) {
    for (_, page, _) in pages.iter_mut() {
        let ids = std::mem::take(&mut page.rendered.anchors);
        anchors.add(page.runbook.slug.as_str(), ids.iter().map(String::as_str));
    }
    for (_, page, _) in pages.iter_mut() {
        anchors.keep_unfound(&mut page.rendered.anchor_links);
    }
}

/// What the rest of the build needs of a runbook page once it is written and in the
/// search index: its title heading's line (`validate::check_titles`), the links whose
/// anchor is not found yet, its MyST labels (for their hints), and whether it has
/// diagrams. Its HTML, text by section,
/// headings and title heading go: at 100,000 runbooks they are kept until the last
/// page is written.
fn what_follows_writing(rendered: markdown::Rendered) -> markdown::Rendered {
    let mut anchor_links = rendered.anchor_links;
    anchor_links.shrink_to_fit();
    markdown::Rendered {
        h1_line: rendered.h1_line,
        anchor_links,
        site_links: rendered.site_links,
        myst_labels: rendered.myst_labels,
        diagrams: rendered.diagrams,
        look_up: rendered.look_up,
        ..markdown::Rendered::default()
    }
}

/// The pages moved between two releases of the folders' lists' memory in
/// [`in_site_order`]: some 3.5 MB of them (a dozen releases at 100,000 runbooks, each a
/// few system calls).
const RELEASE_EVERY: usize = 8192;

/// The pages written, a list per folder, and the folder pages, in the site's order: the
/// lists (each in the site's order already) are merged by page number, and each is freed
/// as soon as it is used up, so that the pages are not held twice at once.
fn in_site_order<'a>(n: usize, folders: Vec<Vec<Written<'a>>>, early: Early<'a>) -> Runbooks<'a> {
    let indexes: Vec<Written<'a>> = early
        .indexes
        .into_iter()
        .map(|page| (page, Diagnostics::new(), false, None, true))
        .collect();
    let mut lists: Vec<std::vec::IntoIter<Written<'a>>> = folders
        .into_iter()
        .chain([indexes])
        .map(Vec::into_iter)
        .collect();
    // The number of each list's next page, smallest first.
    let mut heads: BinaryHeap<Reverse<(usize, usize)>> = lists
        .iter()
        .enumerate()
        .filter_map(|(k, list)| Some(Reverse((list.as_slice().first()?.0 .0, k))))
        .collect();
    let mut out = Runbooks {
        pages: Vec::with_capacity(n),
        markdown: Vec::with_capacity(n),
        template: Vec::with_capacity(n),
        written: Vec::with_capacity(n),
        summaries: Vec::with_capacity(n),
        pending: Vec::new(),
        snippets: early.snippets,
        anchors: None,
    };
    let mut released = 0;
    while let Some(Reverse((_, k))) = heads.pop() {
        let Some(((_, page, md), template, written, summary, pending)) = lists[k].next() else {
            continue;
        };
        match lists[k].as_slice().first() {
            Some(next) => heads.push(Reverse((next.0 .0, k))),
            // Used up: its memory goes now, not with the last list.
            None => {
                lists[k] = Vec::new().into_iter();
                // And back to the system every few thousand pages: jemalloc held it for
                // its decay time beside the list of every page, which grows meanwhile
                // (100,000 runbooks: 30-40 MB more, the build's peak).
                if out.pages.len() - released >= RELEASE_EVERY {
                    crate::memory::release_freed();
                    released = out.pages.len();
                }
            }
        }
        if pending {
            out.pending.push(out.pages.len());
        }
        out.pages.push(page);
        out.markdown.push(md);
        out.template.push(template);
        out.written.push(written);
        out.summaries.push(summary);
    }
    out
}
