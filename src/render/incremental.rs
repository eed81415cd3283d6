//! Rendering again after runbooks changed (`serve`): only the pages a change can reach.
//!
//! A full render keeps each runbook's rendered Markdown ([`Kept`]). An update renders the
//! changed runbooks' Markdown again, recomputes what pages share about runbooks (titles,
//! summaries, the folder tree, the anchors links are checked against) from all of them,
//! and renders the pages that show something of a changed runbook:
//!
//! - its own page, always;
//! - when its title changed: the other pages of its folder (their previous and next
//!   links), its folder's page (the listing), the tree fragments of its folder and the
//!   folders below, the pages of the pipelines listing it, the coverage and alerts pages,
//!   and the redirects (their pages name the runbook);
//! - when its summary changed: its folder's page;
//! - every page, when the title of a folder's page changed (breadcrumbs show it);
//! - when the title of a pipeline's main runbook changed: every page that lists
//!   pipelines (each names its main runbook) but folder pages and tree fragments (whose
//!   contexts hold none) and the other pipelines' pages (which hold their own only),
//!   and the runbook pages whose header's pipelines changed
//!   (rendering every page made such an edit 0.4 s on a 10,000-runbook site, against
//!   0.1 s for the others).
//!
//! Anything else it cannot tell the reach of (a changed front matter, a diagram where the
//! site had none, a problem while rendering a page other than the runbooks' own) is left to
//! a full build: the caller gets `None`.

mod data;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::runbooks::RunbookPage;
use super::section_tree::{parent_of, SectionTree};
use super::titles::runbook_title;
use super::{runbook_summary, Job, Renderer};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, MarkdownContext};
use crate::model::RepoFiles;
use crate::search::Doc;
use crate::validate::{Title, TitleChecks};
use crate::write::{OutputFile, Sink};

pub use super::template_deps::TextEdit;
pub use data::pages_reached;
use data::DataKeys;

/// What a full render keeps for updates: each runbook's rendered Markdown, title and
/// problems, in the order of `site.runbooks`.
#[derive(Debug, Default)]
pub struct Kept {
    pages: Vec<KeptPage>,
    /// Problems of the render stage that are no runbook's own nor the anchors' (templates,
    /// snippets): while there are any, an update cannot tell whether they would change.
    others: usize,
    /// The folders and their entries, which change only with a title.
    tree: Option<SectionTree<'static>>,
    /// What runbook pages show of the data files, hashed (see [`Renderer::data_keys`]).
    keys: DataKeys,
    /// Whether `keys` are to be hashed again (a title changed), once the update's files
    /// are written (see [`Renderer::refresh_keys`]); no update starts from them until then.
    keys_stale: bool,
    /// Where each runbook page has the on-call box (see [`super::splice`]), when the
    /// theme lets it be replaced in place; and the box they have.
    marks: Option<HashMap<String, Vec<u32>>>,
    block: String,
    /// The titles' lookalike check, which a full render runs over every page (see
    /// [`crate::validate::check_titles`]): kept so that an update checks the titles that
    /// changed and those that read like them, and tells what a full build would.
    titles: TitleChecks,
}

#[derive(Debug)]
struct KeptPage {
    /// `None` only while an update has it.
    rendered: Option<markdown::Rendered>,
    title: String,
    /// What folder pages show of it besides its title.
    summary: Option<String>,
    diags: Diagnostics,
}

impl Kept {
    pub(super) fn fill(
        &mut self,
        pages: Vec<RunbookPage>,
        diags: Vec<Diagnostics>,
        others: usize,
        tree: SectionTree<'static>,
        keys: DataKeys,
        (marks, block): (Option<HashMap<String, Vec<u32>>>, String),
    ) {
        self.tree = Some(tree);
        self.keys = keys;
        self.marks = marks;
        self.block = block;
        self.titles = TitleChecks::new(pages.len(), |i| title_of(&pages[i]));
        self.pages = pages
            .into_iter()
            .zip(diags)
            .map(|(p, diags)| KeptPage {
                summary: runbook_summary(p.runbook, &p.rendered),
                rendered: Some(p.rendered),
                title: p.title,
                diags,
            })
            .collect();
        self.others = others;
    }

    /// Whether updates can start from this render.
    pub fn usable(&self, runbooks: usize) -> bool {
        self.others == 0
            && self.pages.len() == runbooks
            && self.keys.pages.len() == runbooks
            && !self.keys_stale
    }
}

/// What an update rendered.
pub struct Updated {
    /// Every file that may have changed (pages, fragments, redirects).
    pub files: Vec<OutputFile>,
    /// Pages rendered again.
    pub pages: usize,
    /// After a change of the data files: how many pages the site has now.
    pub total_pages: Option<usize>,
    /// Pages whose on-call box is to be replaced in place.
    pub splice: Splice,
    /// Runbook pages that a template's text changed in (see [`TextSplice`]).
    pub text: TextSplice,
}

/// Runbook pages as written in which the text a template edit changed is to be replaced
/// (see [`super::template_deps::text_edit`]); those that do not hold it once are rendered
/// again ([`Renderer::render_runbooks`]).
#[derive(Debug, Default)]
pub struct TextSplice {
    pub edit: Option<TextEdit>,
    /// Each page's runbook (its index in `site.runbooks`) and file.
    pub pages: Vec<(usize, String)>,
}

/// Runbook pages as written, whose on-call box `old` is to be replaced by `new` (see
/// [`super::splice`]).
#[derive(Debug, Default)]
pub struct Splice {
    old: String,
    new: String,
    /// Each page's file, and where the box is in it.
    pub pages: Vec<(String, Vec<u32>)>,
}

impl Splice {
    /// The page as written (`bytes`, with the box at `at`) with the new box, as the
    /// pieces to write one after the other (see [`super::splice::splice_parts`]); `None`
    /// if the box is not there.
    pub fn parts<'a>(&'a self, bytes: &'a [u8], at: &[u32]) -> Option<Vec<&'a [u8]>> {
        super::splice::splice_parts(bytes, at, &self.old, &self.new)
    }
}

/// Which pages an update renders.
#[derive(Default)]
struct Reach {
    all: bool,
    /// A pipeline's main runbook was retitled: every listing of pipelines names it, and
    /// so may the header of the runbook pages of that pipeline: every page whose
    /// context holds pipelines, but the runbook pages whose pipelines show the same as
    /// before (see [`Renderer::data_keys`]).
    pipelines: bool,
    runbooks: HashSet<String>,
    /// Folders whose page (a section page or the folder's runbook) lists a changed entry.
    listings: HashSet<String>,
    /// Folders whose tree fragment, and those of every folder below, show a changed entry.
    trees: Vec<String>,
    /// Runbooks whose title changed: pages naming them elsewhere.
    retitled: HashSet<String>,
}

impl Reach {
    fn tree(&self, folder: &str) -> bool {
        self.trees.iter().any(|t| {
            t.is_empty()
                || folder == t
                || folder
                    .strip_prefix(t.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

impl<'a> Renderer<'a> {
    /// Asks [`Renderer::render_all`] to keep what updates need (see [`Kept`]).
    pub fn keep_pages(&mut self) {
        self.kept = Some(Kept::default());
        self.mark_boxes(true);
    }

    /// Renders runbook pages recording where they have the on-call box, if `wanted` and
    /// the theme lets it be replaced in place (see [`super::splice`]).
    fn mark_boxes(&mut self, wanted: bool) {
        let templates = &self.site.theme.templates;
        self.marks = (wanted && super::template_deps::splices_box(templates, "runbook.html"))
            .then(super::splice::Marks::new);
    }

    /// What [`Kept::fill`] takes of the on-call box: where the pages have it, and it.
    pub(super) fn take_marks(&self) -> (Option<HashMap<String, Vec<u32>>>, String) {
        (
            self.marks.as_ref().map(super::splice::Marks::take),
            self.snippets.on_call.clone(),
        )
    }

    /// Records the offsets of the box in the runbook pages rendered since the last call.
    fn merge_marks(&self, kept: &mut Kept) {
        match (&self.marks, &mut kept.marks) {
            (Some(marks), Some(all)) => all.extend(marks.take()),
            _ => kept.marks = None,
        }
    }

    /// What [`Renderer::render_all`] kept, if asked to.
    pub fn take_kept(&mut self) -> Option<Kept> {
        self.kept.take()
    }

    /// Renders again what the runbooks at `changed` (indexes into `site.runbooks`, whose
    /// front matter and place are those of the kept render) reach. Problems of every page
    /// go to `diags` as a full render's would. `None` when a full render is needed;
    /// `kept` is then as it was.
    pub fn update(
        &mut self,
        kept: &mut Kept,
        changed: &[usize],
        repository: &(dyn Fn(&[String]) -> RepoFiles + Sync),
        diags: &mut Diagnostics,
    ) -> Option<Updated> {
        let site = self.site;
        if !kept.usable(site.runbooks.len()) {
            return None;
        }
        // The templates are those of the render that kept the boxes' places, which
        // splice the box exactly when places were kept (see `merge_marks`): not read
        // again (their regular expressions were 2 M instructions of every update).
        self.marks = kept.marks.is_some().then(super::splice::Marks::new);
        let fresh = self.render_changed(changed, repository);
        let had_diagrams = kept
            .pages
            .iter()
            .any(|p| p.rendered.as_ref().is_some_and(|r| r.diagrams > 0));

        let mut reach = Reach::default();
        let mut replaced = Vec::with_capacity(fresh.len());
        for (i, rendered, d) in fresh {
            let rb = &site.runbooks[i];
            let title = runbook_title(rb, &rendered);
            let old = &kept.pages[i];
            old.rendered.as_ref()?;
            reach.runbooks.insert(rb.slug.clone());
            // The folder whose page lists it (a folder's page is listed in its parent's).
            let folder = parent_of(&rb.slug).to_string();
            if title != old.title {
                let main = self
                    .pipeline_runbooks
                    .values()
                    .any(|slugs| slugs.first() == Some(&rb.slug.as_str()));
                reach.all |= rb.is_index;
                reach.pipelines |= main;
                reach.retitled.insert(rb.slug.clone());
                reach.listings.insert(folder.clone());
                reach.trees.push(folder.clone());
            }
            let new_summary = runbook_summary(rb, &rendered);
            if new_summary != old.summary {
                reach.listings.insert(folder);
            }
            replaced.push((i, rendered, title, new_summary, d));
        }

        // The kept pages, with the changed ones in their place.
        for (i, rendered, title, summary, d) in replaced {
            let page = &mut kept.pages[i];
            page.rendered = Some(rendered);
            page.title = title;
            page.summary = summary;
            page.diags = d;
        }
        let pages = take_pages(site, kept);
        kept.titles.update(changed, |i| title_of(&pages[i]));
        let tree = match kept.tree.take() {
            Some(tree) if reach.retitled.is_empty() => tree,
            // Runbooks retitled, no folder's page: their folders' entries alone.
            Some(mut tree) if !reach.all => {
                if retitle(&mut tree, &pages, changed, &reach) {
                    tree
                } else {
                    SectionTree::new(&pages)
                }
            }
            _ => SectionTree::new(&pages),
        };
        let has_diagrams = pages.iter().any(|p| p.rendered.diagrams > 0);
        let mut keys = None;
        let result = (has_diagrams == had_diagrams)
            .then(|| self.render_reach(&pages, &tree, &reach, kept, &mut keys, diags))
            .flatten();
        // A pipeline's main runbook's title is in its header on other runbooks' pages;
        // nothing else the keys hash changes with a runbook. Hashed once the page is
        // written (10,000 pages: 21 M instructions), unless the render hashed them.
        if !reach.retitled.is_empty() {
            match keys {
                Some(keys) => kept.keys = keys,
                None => kept.keys_stale = true,
            }
        }
        self.merge_marks(kept);
        put_back(pages, kept);
        kept.tree = Some(tree);
        result
    }

    /// Hashes the data keys again after an update that left them stale (see
    /// [`Renderer::update`]): with the update's renderer, once its files are written.
    pub fn refresh_keys(&self, kept: &mut Kept) {
        if !kept.keys_stale || kept.pages.len() != self.site.runbooks.len() {
            return;
        }
        let pages = take_pages(self.site, kept);
        kept.keys = self.data_keys(&pages);
        put_back(pages, kept);
        kept.keys_stale = false;
    }

    /// The search index's documents, from the kept pages (after an update: see
    /// [`Renderer::update`]).
    pub fn search_docs_of(&mut self, kept: &mut Kept) -> Vec<Doc<'static>> {
        if !kept.usable(self.site.runbooks.len()) {
            return Vec::new();
        }
        let pages = take_pages(self.site, kept);
        self.set_titles(&pages, &kept.pages);
        self.prepare_pipelines(&mut Diagnostics::new());
        let tree = kept.tree.take().unwrap_or_else(|| SectionTree::new(&pages));
        // Owned on the thread pool too: every section's text is copied.
        let docs = self
            .search_docs(&pages, &tree)
            .into_par_iter()
            .map(owned_doc)
            .collect();
        put_back(pages, kept);
        kept.tree = Some(tree);
        docs
    }

    /// The pipelines as pages list them (with their main runbook's title: call it once
    /// `titles` is set), the alerts folder pages list, and the snippets of the runbook
    /// pages; shared by a full build ([`Renderer::stream_runbooks`]) and updates.
    pub(super) fn prepare_pipelines(&mut self, diags: &mut Diagnostics) {
        let site = self.site;
        self.alert_names = self.routes.map(super::nav::alert_names).unwrap_or_default();
        self.pipeline_refs = site
            .pipelines
            .pipelines
            .iter()
            .map(|p| (p.id.as_str(), self.pipeline_ref(p)))
            .collect();
        self.snippets = self.snippets(diags);
    }

    /// Titles and summaries from the kept pages, as [`Renderer::render_all`] sets them.
    /// What both updates start with: the kept pages' problems, anchors and titles
    /// checked again, the pages' titles and the pipelines set; returns the problems of
    /// the pipelines' preparation, which go with the other pages'.
    pub(super) fn kept_problems(
        &mut self,
        pages: &[RunbookPage<'a>],
        kept: &Kept,
        diags: &mut Diagnostics,
    ) -> Diagnostics {
        // Side by side: neither reads what the other makes (10 to 15 ms each on a
        // 10,000-runbook site).
        let (site, routes) = (self.site, self.routes);
        let (found, others) = rayon::join(
            || {
                let mut found = Diagnostics::new();
                for k in &kept.pages {
                    found.extend(k.diags.clone());
                }
                super::check_anchors(site, routes, pages, None, &mut found);
                kept.titles.report(&mut found);
                found
            },
            || {
                let mut others = Diagnostics::new();
                self.set_titles(pages, &kept.pages);
                self.prepare_pipelines(&mut others);
                others
            },
        );
        diags.extend(found);
        others
    }

    fn set_titles(&mut self, pages: &[RunbookPage<'a>], kept: &[KeptPage]) {
        self.titles = pages
            .iter()
            .map(|p| (p.runbook.slug.as_str(), p.title.clone()))
            .collect();
        self.summaries = pages
            .iter()
            .zip(kept)
            .filter_map(|(p, k)| Some((p.runbook.slug.as_str(), k.summary.clone()?)))
            .collect();
    }

    /// The Markdown of the runbooks at `changed`, rendered as [`Renderer::render_all`]
    /// renders it, repository look-ups included.
    fn render_changed(
        &self,
        changed: &[usize],
        repository: &(dyn Fn(&[String]) -> RepoFiles + Sync),
    ) -> Vec<(usize, markdown::Rendered, Diagnostics)> {
        let site = self.site;
        let folder = crate::load::folder::display_prefix(&site.runbook_folder);
        let forge = crate::forge::Forge::new(&site.config);
        let files: RepoFiles;
        let mut targets =
            super::stream::targets(site, &folder, forge.as_ref(), &self.urls.base_path);
        let render = |i: usize, targets: &MarkdownContext| {
            let mut d = Diagnostics::new();
            let rendered = markdown::render(&site.runbooks[i], targets, &mut d);
            (i, rendered, d)
        };
        let mut fresh: Vec<_> = changed.par_iter().map(|&i| render(i, &targets)).collect();
        let wanted: std::collections::BTreeSet<&String> =
            fresh.iter().flat_map(|(_, r, _)| &r.look_up).collect();
        if !wanted.is_empty() {
            let wanted: Vec<String> = wanted.into_iter().cloned().collect();
            files = repository(&wanted);
            targets.repo_files = Some(&files);
            for page in fresh.iter_mut().filter(|(_, r, _)| !r.look_up.is_empty()) {
                *page = render(page.0, &targets);
            }
        }
        fresh
    }

    /// Renders the pages `reach` names, the problems of every page going to `diags`;
    /// the data keys into `fresh_keys` when it hashed them.
    fn render_reach(
        &mut self,
        pages: &[RunbookPage<'a>],
        tree: &SectionTree,
        reach: &Reach,
        kept: &Kept,
        fresh_keys: &mut Option<DataKeys>,
        diags: &mut Diagnostics,
    ) -> Option<Updated> {
        let mut others = self.kept_problems(pages, kept, diags);
        let folders_with_page: HashSet<&str> = pages
            .iter()
            .filter(|p| p.runbook.is_index)
            .map(|p| p.runbook.slug.as_str())
            .collect();
        // The runbook pages whose header names a retitled main runbook, if any is.
        let mut headers: Option<HashSet<&str>> = None;
        let mut all = reach.all;
        if reach.pipelines && !all {
            let keys = self.data_keys(pages);
            all = keys.global != kept.keys.global || keys.pages.len() != kept.keys.pages.len();
            headers = Some(
                pages
                    .iter()
                    .zip(keys.pages.iter().zip(&kept.keys.pages))
                    .filter(|(_, (new, old))| new != old)
                    .map(|(p, _)| p.runbook.slug.as_str())
                    .collect(),
            );
            *fresh_keys = Some(keys);
        }
        let this: &Renderer = self;
        let wanted = |job: &Job| -> bool {
            if all {
                return true;
            }
            let retitled = !reach.retitled.is_empty();
            match (job, &headers) {
                (Job::Runbook(p), Some(headers)) if headers.contains(p.runbook.slug.as_str()) => {
                    return true
                }
                // Their contexts hold no pipeline (folder pages, tree fragments) or their
                // own only (a pipeline's page): as below.
                (Job::Runbook(_) | Job::Section(_) | Job::Tree(_) | Job::Pipeline(_), _) => {}
                (_, Some(_)) => return true,
                _ => {}
            }
            match job {
                Job::Runbook(p) => {
                    let rb = p.runbook;
                    reach.runbooks.contains(&rb.slug)
                        || (rb.is_index && reach.listings.contains(&rb.slug))
                        || (!rb.is_index
                            && retitled
                            && reach.trees.iter().any(|f| f == parent_of(&rb.slug)))
                }
                Job::Section(folder) => {
                    !folders_with_page.contains(folder.as_str()) && reach.listings.contains(folder)
                }
                Job::Tree(folder) => reach.tree(folder),
                Job::Pipeline(p) => this
                    .pipeline_runbooks
                    .get(p.id.as_str())
                    .is_some_and(|slugs| slugs.iter().any(|s| reach.retitled.contains(*s))),
                Job::Coverage | Job::Alerts => retitled,
                // The home page shows the runbook folder's text and entries then.
                Job::Home(Some(_)) => {
                    reach.runbooks.contains("") || reach.listings.contains("") || retitled
                }
                _ => false,
            }
        };
        let jobs: Vec<Job> = this
            .jobs(pages.iter(), tree)
            .0
            .into_iter()
            .filter(|j| wanted(j))
            .collect();
        let mut files = this.render_jobs(&jobs, tree, &mut others);
        if !others.is_empty() {
            return None;
        }
        let count = files.len();
        if !reach.retitled.is_empty() || all {
            if let Some(routes) = this.routes {
                let sink = Sink::memory();
                this.redirects(routes, &sink, &mut others);
                if !others.is_empty() {
                    return None;
                }
                files.extend(sink.into_files());
            }
        }
        Some(Updated {
            files,
            pages: count,
            total_pages: None,
            splice: Splice::default(),
            text: TextSplice::default(),
        })
    }
}

impl Renderer<'_> {
    /// Renders `jobs` on the thread pool, their problems going to `others`, their files
    /// in the order of `jobs`. The pages that list the whole site (see [`heavy`]) start
    /// first: last in the list, the on-call page alone (about 100 ms on a 10,000-runbook
    /// site) kept one core busy after the other had finished, 60 to 90 ms of every data
    /// or template edit.
    fn render_jobs(
        &self,
        jobs: &[Job],
        tree: &SectionTree,
        others: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !heavy(&jobs[i]));
        let mut rendered: Vec<(usize, Option<OutputFile>, Diagnostics)> = order
            .par_iter()
            .map(|&i| {
                let mut d = Diagnostics::new();
                let file = self.render_job(&jobs[i], tree, &mut d);
                (i, file, d)
            })
            .collect();
        rendered.sort_unstable_by_key(|(i, _, _)| *i);
        let mut files = Vec::with_capacity(rendered.len() + 2);
        for (_, file, d) in rendered {
            others.extend(d);
            files.extend(file);
        }
        files
    }

    /// Renders the pages of the runbooks at `indexes` again, after
    /// [`Renderer::update_data`] (whose state it uses), recording where they have the
    /// on-call box. `None` if one fails.
    pub fn render_runbooks(
        &mut self,
        kept: &mut Kept,
        indexes: &[usize],
    ) -> Option<Vec<OutputFile>> {
        let site = self.site;
        let pages = take_pages(site, kept);
        let tree = kept.tree.take().unwrap_or_else(|| SectionTree::new(&pages));
        let this: &Renderer = self;
        let rendered: Vec<Option<OutputFile>> = indexes
            .par_iter()
            .map(|&i| {
                let mut d = Diagnostics::new();
                let file = this.render_job(&Job::Runbook(pages.get(i)?), &tree, &mut d);
                file.filter(|_| d.is_empty())
            })
            .collect();
        self.merge_marks(kept);
        put_back(pages, kept);
        kept.tree = Some(tree);
        rendered.into_iter().collect()
    }
}

impl Kept {
    /// Moves the recorded places of the on-call box in the page of runbook `i` after
    /// `old` bytes at `at` became `new` bytes (see [`super::splice::replace_once`]);
    /// forgets them all if the text overlapped a box.
    pub fn moved_text(&mut self, slug: &str, at: usize, old: usize, new: usize) {
        let box_len = self.block.len();
        let Some(marks) = self.marks.as_mut() else {
            return;
        };
        let Some(boxes) = marks.get_mut(slug) else {
            return;
        };
        match super::splice::moved_by_text(boxes, box_len, at, old, new) {
            Some(moved) => *boxes = moved,
            None => self.marks = None,
        }
    }
}

/// Whether `job` is one page made from the whole site (the on-call schedule, coverage,
/// alerts, the lists of pipelines and engineers, the home page), many times the work of
/// one runbook's page.
fn heavy(job: &Job) -> bool {
    matches!(
        job,
        Job::OnCall | Job::Coverage | Job::Alerts | Job::Pipelines | Job::Engineers | Job::Home(_)
    )
}

/// The kept pages as pages of `site`, their rendered Markdown moved out of `kept`.
fn take_pages<'a>(site: &'a crate::model::Site, kept: &mut Kept) -> Vec<RunbookPage<'a>> {
    site.runbooks
        .iter()
        .zip(kept.pages.iter_mut())
        .map(|(rb, k)| RunbookPage {
            runbook: rb,
            title: k.title.clone(),
            rendered: k.rendered.take().unwrap_or_default(),
        })
        .collect()
}

/// A page's title as the lookalike check reads it (see [`TitleChecks`]).
fn title_of<'p>(page: &'p RunbookPage) -> Title<'p> {
    Title {
        runbook: page.runbook,
        title: &page.title,
        heading_line: page.rendered.h1_line,
    }
}

/// The runbooks at `changed` that `reach` says were retitled, retitled in `tree` (see
/// [`SectionTree::retitle`]); `false` if one could not be.
fn retitle(
    tree: &mut SectionTree,
    pages: &[RunbookPage],
    changed: &[usize],
    reach: &Reach,
) -> bool {
    // A scan of the pages' slugs (well under a millisecond at 10,000), for the retitled
    // runbooks and where their titles tie.
    let position = |slug: &str| pages.iter().position(|p| p.runbook.slug == slug);
    changed
        .iter()
        .filter_map(|&i| pages.get(i))
        .filter(|p| reach.retitled.contains(&p.runbook.slug))
        .all(|p| !p.runbook.is_index && tree.retitle(&p.runbook.slug, &p.title, position))
}

/// The rendered Markdown back where it was kept.
fn put_back(pages: Vec<RunbookPage>, kept: &mut Kept) {
    for (k, p) in kept.pages.iter_mut().zip(pages) {
        k.rendered = Some(p.rendered);
    }
}

fn owned_doc(doc: Doc) -> Doc<'static> {
    Doc {
        url: doc.url,
        title: doc.title,
        kind: doc.kind,
        domains: doc.domains,
        audiences: doc.audiences,
        owners: doc.owners,
        intro: doc.intro,
        names: doc.names,
        summary: doc.summary,
        listing: doc.listing,
        bare: doc.bare,
        draft: doc.draft,
        stub: doc.stub,
        titled_folder: doc.titled_folder,
        sections: doc
            .sections
            .into_iter()
            .map(|s| crate::search::Section {
                anchor: s.anchor.map(|a| a.into_owned().into()),
                heading: s.heading.into_owned().into(),
                parents: s.parents,
                text: s.text.into_owned().into(),
            })
            .collect(),
    }
}
