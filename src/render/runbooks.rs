//! Runbook pages, folder listings and breadcrumbs.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use super::nav::{ChildView, NavView};
use super::titles::readable_name;
use super::{runbook_path, Common, LinkRef, PipelineRef, Renderer, ShiftView};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Heading};
use crate::model::{Runbook, Weight};
use crate::write::OutputFile;

/// A pipeline in a runbook's header, with its owners' contact HTML.
#[derive(Serialize)]
pub(super) struct RunbookPipeline<'a> {
    #[serde(flatten)]
    pub(super) pipeline: &'a PipelineRef,
    pub(super) primary_contact: &'a str,
    pub(super) secondary_contact: &'a str,
}

/// A runbook after its Markdown was rendered.
pub(super) struct RunbookPage<'a> {
    pub(super) runbook: &'a Runbook,
    pub(super) title: String,
    pub(super) rendered: markdown::Rendered,
}

/// A runbook's header names the owners of this many of the pipelines it covers, and counts
/// the rest: each cost about 400 bytes of page (more with long names and contacts) for 7
/// of front matter, so 300 runbooks listing 3,000 pipelines each wrote 1.27 MB pages,
/// 509 MB in all, from 6.2 MB of content.
pub(super) const RUNBOOK_PIPELINES: usize = 10;

/// What a runbook page's template gets (see `runbook.html`); the default theme's page is
/// written from it without Tera (see [`super::runbook_html`]).
#[derive(Serialize)]
pub(super) struct RunbookCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) title: &'a str,
    /// The title heading's id, which links may point at.
    pub(super) title_id: Option<&'a str>,
    /// The title heading as written (links, code), when it is the title.
    pub(super) title_html: Option<&'a str>,
    pub(super) description: Option<&'a str>,
    pub(super) content: &'a str,
    /// `{% if content %}` would make Tera escape the whole body just to test it.
    pub(super) has_content: bool,
    /// The article carries GitHub's `id="readme"` ([`markdown::Rendered::readme_id`]).
    pub(super) readme_id: bool,
    /// The body's first letter is of a right-to-left script (see
    /// [`markdown::reads_right_to_left`]).
    pub(super) rtl: bool,
    pub(super) toc: Vec<TocItem<'a>>,
    /// The author numbered the top-level headings: the list adds no numbers of its own.
    pub(super) toc_numbered: bool,
    /// The class giving its list room for numbers of 2, 3 or 4 digits ([`toc_wide`]).
    pub(super) toc_wide: &'static str,
    /// The first [`RUNBOOK_PIPELINES`] pipelines it covers, with their owners.
    pub(super) pipelines: Vec<RunbookPipeline<'a>>,
    /// How many more it covers.
    pub(super) pipelines_more: usize,
    pub(super) on_call_block: &'a str,
    pub(super) on_call: Option<&'a ShiftView>,
    pub(super) next: Option<&'a ShiftView>,
    pub(super) last_reviewed: Option<String>,
    pub(super) review_due: Option<String>,
    pub(super) overdue: bool,
    /// Marked a draft in its front matter ([`crate::model::Runbook::draft_key`]).
    pub(super) draft: bool,
    /// Left out of the site's lists ([`crate::model::Runbook::unlisted_key`]).
    pub(super) unlisted: bool,
    pub(super) breadcrumbs: Cow<'a, [LinkRef]>,
    pub(super) children: Vec<ChildView>,
    pub(super) nav: NavView,
    pub(super) source: &'a str,
    /// The page has a diagram: it loads the renderer.
    pub(super) diagrams: bool,
}

/// An entry of "On this page". A heading deeper than the page's top level is `sub`: an
/// item of a list inside its section's item, so that the sections number 1, 2, 3 (one
/// flat list numbered "3. Diagnosis, Slow disk, Resource exhaustion, 6. Mitigation").
#[derive(Serialize)]
pub(super) struct TocItem<'a> {
    pub(super) level: u8,
    pub(super) id: &'a str,
    pub(super) text: &'a str,
    pub(super) sub: bool,
}

/// The entries of `headings`: sub-headings before the first top-level one (an h3 ahead of
/// every h2) have no section to go in, and stay at the top level.
pub(super) fn toc_items<'a>(
    headings: impl Iterator<Item = &'a Heading> + Clone,
) -> Vec<TocItem<'a>> {
    let top = headings.clone().map(|h| h.level).min().unwrap_or(0);
    let mut seen_top = false;
    headings
        .map(|h| {
            seen_top |= h.level == top;
            TocItem {
                level: h.level,
                id: &h.id,
                text: &h.text,
                sub: seen_top && h.level > top,
            }
        })
        .collect()
}

/// The class of a contents list of `top` entries whose numbers take 2, 3 or 4 digits: the
/// list scrolls on a phone, which cut the first digit of "10." standing out of it.
fn toc_wide(top: usize) -> &'static str {
    ["", "n2", "n3", "n4"][[10, 100, 1000].iter().filter(|&&n| top >= n).count()]
}

/// What a folder page's template gets (see `section.html`).
#[derive(Serialize)]
pub(super) struct SectionCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) title: String,
    pub(super) breadcrumbs: Cow<'a, [LinkRef]>,
    pub(super) children: Vec<ChildView>,
    pub(super) nav: NavView,
}

impl Renderer<'_> {
    pub(super) fn runbook_page(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let out_path = super::runbook_page_file(&page.runbook.slug);
        let mut file = self.with_runbook_ctx(page, tree, |ctx| {
            if self.compiled.runbook {
                Some(OutputFile {
                    path: out_path,
                    bytes: super::runbook_html::write(ctx).into_bytes(),
                })
            } else {
                self.page("runbook.html", out_path, ctx, d)
            }
        })?;
        if let Some(marks) = &self.marks {
            marks.fill(&page.runbook.slug, &mut file, &self.snippets.on_call);
        }
        Some(file)
    }

    /// Writes the runbook page of `page` into `sink`, as [`Renderer::runbook_page`] makes
    /// it; whether it was made. The default theme's page goes to the sink in three parts,
    /// its inline CSS between the other two, not copied into each page (see
    /// `Sink::put_parts`); unless its on-call box is marked for updates (`serve`), which
    /// works on the page's bytes.
    pub(super) fn put_runbook_page(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        d: &mut Diagnostics,
        sink: &crate::write::Sink,
    ) -> bool {
        if !self.compiled.runbook || self.marks.is_some() {
            let file = self.runbook_page(page, tree, d);
            return file
                .map(|f| {
                    sink.put(&f.path, &f.bytes);
                    super::shell_html::give_back(f.bytes);
                })
                .is_some();
        }
        let path = super::runbook_page_file(&page.runbook.slug);
        let (html, css_at) =
            self.with_runbook_ctx(page, tree, super::runbook_html::write_without_css);
        let (before, after) = html.as_bytes().split_at(css_at);
        let css = self.inline.css_for("runbook.html");
        sink.put_parts(&path, &[before, css.as_bytes(), after]);
        super::shell_html::give_back(html.into_bytes());
        true
    }

    /// `write` given the context of the runbook page of `page`.
    fn with_runbook_ctx<R>(
        &self,
        page: &RunbookPage,
        tree: &SectionTree,
        write: impl FnOnce(&RunbookCtx) -> R,
    ) -> R {
        let rb = page.runbook;
        let due = rb.review_due(self.site.config.review_interval_days);
        let covered = self.runbook_pipelines.get(rb.slug.as_str());
        let mut known = (covered.into_iter().flatten()).filter_map(|id| self.runbook_pipeline(id));
        let pipelines: Vec<RunbookPipeline> = known.by_ref().take(RUNBOOK_PIPELINES).collect();
        let pipelines_more = known.count();
        let path = runbook_path(&rb.slug);
        // The title with break opportunities in its long joined names (see `wbr`), when
        // it has any: else as it was, so that pages without them are written the same.
        let title_html = match page.rendered.h1_html.as_deref() {
            Some(html) => Some(crate::html::wbr::breakable(html)),
            None => {
                let mut escaped = String::with_capacity(page.title.len());
                super::shell_html::esc(&mut escaped, &page.title);
                let broken = crate::html::wbr::breakable(&escaped);
                (broken != escaped).then_some(broken)
            }
        };
        let children = if rb.is_index {
            self.children_view(&rb.slug, tree)
        } else {
            Vec::new()
        };
        // A title from the page's lead heading (`## KubeAPIDown`) is shown once: as the h1,
        // with the heading's id, so that links to it still land.
        let lead = super::titles::title_heading(rb, &page.rendered);
        let mut content = super::author_toc::fold(&page.rendered.html);
        if let Some(h) = lead {
            content = Cow::Owned(without_heading(&content, h));
        }
        // A folder's page of a title alone (Hugo's `_index.md`) and no entries was blank.
        const EMPTY_FOLDER: &str = "<p>This folder has no runbooks yet.</p>";
        if rb.is_index && children.is_empty() && content.trim().is_empty() {
            content = EMPTY_FOLDER.into();
        }
        // A marker (`[[_TOC_]]`) wrote the table of contents in the body.
        let toc = if page.rendered.inline_toc {
            Vec::new()
        } else {
            let lead_id = lead.map(|h| h.id.as_str());
            toc_items(
                (page.rendered.headings.iter())
                    .filter(|h| h.level <= 3 && Some(h.id.as_str()) != lead_id),
            )
        };
        let toc_numbered =
            crate::markdown::numbered_by_author(toc.iter().filter(|h| !h.sub).map(|h| h.text));
        let wide = toc_wide(toc.iter().filter(|h| !h.sub).count());
        let unlisted = rb.unlisted_key().is_some();
        // Its shortcodes as emoji, as the title's and the text's (see `titles`).
        let description = rb.front.description.as_deref().map(markdown::title_shown);
        let mut common = self.common(
            "runbook.html",
            page.title.clone(),
            path.clone(),
            "runbooks",
            Some(&rb.source.display),
        );
        common.noindex = unlisted;
        let ctx = RunbookCtx {
            common,
            title: &page.title,
            title_id: match lead {
                Some(h) => Some(h.id.as_str()),
                None => page.rendered.h1_id.as_deref(),
            },
            title_html: title_html.as_deref(),
            // Shown once: not as the lead when the body opens with it.
            description: description
                .as_deref()
                .filter(|d| !super::lead::repeats_first_paragraph(d, &page.rendered.html)),
            content: &content,
            has_content: !content.trim().is_empty(),
            readme_id: page.rendered.readme_id,
            rtl: markdown::reads_right_to_left(&content),
            toc,
            toc_numbered,
            toc_wide: wide,
            // Shown with the pipelines only: an update after the rotation changed renders
            // again the pages that have some (see `Renderer::data_keys`).
            on_call_block: match &self.marks {
                _ if pipelines.is_empty() => "",
                Some(marks) => marks.token(),
                None => &self.snippets.on_call,
            },
            pipelines,
            pipelines_more,
            on_call: self.now_and_next().0.as_ref(),
            next: self.now_and_next().1.as_ref(),
            last_reviewed: rb.front.last_reviewed.map(super::dates::day_month_year),
            review_due: due.map(super::dates::day_month_year),
            overdue: due.is_some_and(|d| d <= self.today()),
            draft: rb.draft_key().is_some(),
            unlisted,
            breadcrumbs: self.breadcrumbs(&rb.slug, tree),
            children,
            nav: self.nav(&rb.slug, rb.is_index, tree),
            source: &rb.source.display,
            diagrams: page.rendered.diagrams > 0,
        };
        write(&ctx)
    }

    /// A pipeline as a runbook's header shows it.
    pub(super) fn runbook_pipeline(&self, id: &str) -> Option<RunbookPipeline<'_>> {
        let contact =
            |id: &str| -> &str { self.snippets.contacts.get(id).map_or("", String::as_str) };
        self.pipeline_refs.get(id).map(|p| RunbookPipeline {
            pipeline: p,
            primary_contact: contact(&p.primary.id),
            secondary_contact: contact(&p.secondary.id),
        })
    }

    pub(super) fn section_page(
        &self,
        folder: &str,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let title = tree.title_of(folder, self);
        let path = runbook_path(folder);
        let ctx = SectionCtx {
            common: self.common(
                "section.html",
                title.clone(),
                path.clone(),
                "runbooks",
                None,
            ),
            title,
            breadcrumbs: self.breadcrumbs(folder, tree),
            children: self.children_view(folder, tree),
            nav: self.nav(folder, true, tree),
        };
        let out_path = super::runbook_page_file(folder);
        if self.compiled.section {
            return Some(OutputFile {
                path: out_path,
                bytes: super::runbook_html::write_section(&ctx).into_bytes(),
            });
        }
        self.page("section.html", out_path, &ctx, d)
    }

    /// Links to the folders above `slug`, from `/runbooks/` down: the same for every page
    /// of a folder, so written once a folder (see [`SectionTree::crumbs`]).
    fn breadcrumbs<'t>(&self, slug: &str, tree: &'t SectionTree) -> Cow<'t, [LinkRef]> {
        if slug.is_empty() {
            return Cow::Borrowed(&[]);
        }
        let folder = parent_of(slug);
        let base = self.urls.base_path.as_str();
        match tree.crumbs.get(folder) {
            Some(cell) => {
                let (of, crumbs) =
                    cell.get_or_init(|| (base.to_string(), self.crumbs(folder, tree)));
                // A tree kept by `serve` outlives its renderer.
                if of == base {
                    Cow::Borrowed(crumbs)
                } else {
                    Cow::Owned(self.crumbs(folder, tree))
                }
            }
            None => Cow::Owned(self.crumbs(folder, tree)),
        }
    }

    /// Links to `/runbooks/` and every folder down to `folder`, itself included.
    fn crumbs(&self, folder: &str, tree: &SectionTree) -> Vec<LinkRef> {
        let mut crumbs = vec![LinkRef {
            title: tree.title_of("", self),
            url: self.runbook_url(""),
        }];
        if folder.is_empty() {
            return crumbs;
        }
        for (i, _) in folder.match_indices('/').chain([(folder.len(), "")]) {
            let above = &folder[..i];
            crumbs.push(LinkRef {
                title: tree.title_of(above, self),
                url: self.runbook_url(above),
            });
        }
        crumbs
    }
}

/// An entry of a folder: (slug, title, weight, is_folder, and the title's HTML once a
/// page asked, see [`title_html`]).
pub(super) type Entry = (String, String, Weight, bool, OnceLock<String>);

/// An entry of a folder, its title's HTML not made yet.
fn entry(slug: String, title: String, weight: Weight, is_folder: bool) -> Entry {
    (slug, title, weight, is_folder, OnceLock::new())
}

/// An entry's title escaped, with break opportunities in its long joined names (see
/// `wbr`): made once an entry, where the previous and next links of two pages and the
/// folder's tree each made it again.
pub(super) fn title_html(e: &Entry) -> &str {
    e.4.get_or_init(|| crate::html::wbr::breakable_text(&e.1))
}

/// The folders of `content/runbooks` and what is in each, for index pages and breadcrumbs.
#[derive(Debug)]
pub(super) struct SectionTree<'t> {
    /// Folder slug to its entries.
    entries: BTreeMap<String, Vec<Entry>>,
    /// Folders that have an `_index.md`, with its title.
    index_titles: Cow<'t, HashMap<String, String>>,
    /// Each folder's runbooks' previous and next runbook, as indexes of the folder's
    /// entries: found once here, rather than by a scan of the folder per page.
    /// Hashed by foldhash, seeded per process: folder names come from pull requests.
    neighbours: foldhash::HashMap<String, Links>,
    /// Each folder's breadcrumbs for its pages, with the base path they were written for,
    /// once a page asked (see `Renderer::breadcrumbs`).
    crumbs: HashMap<String, OnceLock<(String, Vec<LinkRef>)>>,
    /// The runbooks marked drafts (`Runbook::draft_key`): listed, not counted.
    drafts: foldhash::HashSet<String>,
}

impl<'t> SectionTree<'t> {
    pub(super) fn new(pages: &[RunbookPage]) -> Self {
        Self::with_titles(pages.iter().map(|p| (p.runbook, p.title.as_str())))
    }

    /// [`SectionTree::new`] of each runbook and its title, in the site's order (a build
    /// keeps the titles in the renderer's map, and drops the pages before the tree).
    pub(super) fn with_titles<'p>(pages: impl Iterator<Item = (&'p Runbook, &'p str)>) -> Self {
        let mut entries: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        let mut index_titles = HashMap::new();
        let mut index_weights: HashMap<&str, Weight> = HashMap::new();
        // In order, not a hash set's: folders that tie on weight and title (every folder's
        // index titled "Overview") keep this order through the stable sort, the same in
        // every build.
        let mut folders: BTreeSet<String> = BTreeSet::new();
        let mut drafts = foldhash::HashSet::default();
        entries.entry(String::new()).or_default();
        for (rb, title) in pages {
            if !rb.is_index && rb.draft_key().is_some() {
                drafts.insert(rb.slug.clone());
            }
            if rb.is_index {
                index_titles.insert(rb.slug.clone(), title.to_string());
                index_weights.insert(&rb.slug, rb.front.weight.unwrap_or_default());
                folders.insert(rb.slug.clone());
            } else if rb.unlisted_key().is_none() {
                // Unlisted runbooks are in no list; their folders are there all the same,
                // so that their breadcrumbs lead somewhere.
                let parent = parent_of(&rb.slug);
                entries.entry(parent.to_string()).or_default().push(entry(
                    rb.slug.clone(),
                    title.to_string(),
                    rb.front.weight.unwrap_or_default(),
                    false,
                ));
            }
            // Every folder above the page exists too.
            let mut folder = parent_of(&rb.slug).to_string();
            while !folder.is_empty() {
                folders.insert(folder.clone());
                folder = parent_of(&folder).to_string();
            }
        }
        for folder in &folders {
            if folder.is_empty() {
                continue;
            }
            let weight = index_weights
                .get(folder.as_str())
                .copied()
                .unwrap_or_default();
            let title = index_titles
                .get(folder)
                .cloned()
                .unwrap_or_else(|| readable_name(folder.rsplit('/').next().unwrap_or(folder)));
            entries.entry(folder.clone()).or_default();
            entries
                .entry(parent_of(folder).to_string())
                .or_default()
                .push(entry(folder.clone(), title, weight, true));
        }
        let mut tree = Self::sorted(entries, Cow::Owned(index_titles));
        tree.drafts = drafts;
        tree
    }

    /// The runbooks of one folder (none of them its index page), for their own pages: what
    /// a runbook page shows of the tree (breadcrumbs, previous and next) is the same as
    /// with [`SectionTree::new`] of every page, given the titles of the folders' index
    /// pages.
    pub(super) fn folder(
        folder: &str,
        pages: &[&RunbookPage],
        index_titles: &'t HashMap<String, String>,
    ) -> Self {
        let list = pages
            .iter()
            .filter(|p| p.runbook.unlisted_key().is_none())
            .map(|p| {
                let rb = p.runbook;
                entry(
                    rb.slug.clone(),
                    p.title.clone(),
                    rb.front.weight.unwrap_or_default(),
                    false,
                )
            })
            .collect();
        // Sorting the folder's runbooks alone puts them in the order they have among its
        // subfolders too: the sort is stable.
        Self::sorted(
            BTreeMap::from([(folder.to_string(), list)]),
            Cow::Borrowed(index_titles),
        )
    }

    fn sorted(
        mut entries: BTreeMap<String, Vec<Entry>>,
        index_titles: Cow<'t, HashMap<String, String>>,
    ) -> Self {
        let mut neighbours = foldhash::HashMap::default();
        for (folder, list) in &mut entries {
            // The lower-case title once per entry, not once per comparison.
            list.sort_by_cached_key(|a| (a.2, a.1.to_lowercase()));
            neighbours.insert(folder.clone(), link_neighbours(list));
        }
        let crumbs = entries
            .keys()
            .map(|f| (f.clone(), OnceLock::new()))
            .collect();
        SectionTree {
            entries,
            index_titles,
            neighbours,
            crumbs,
            drafts: Default::default(),
        }
    }

    /// Runbook `slug` (not a folder's page) retitled `title`: its folder's entries and
    /// their neighbours as [`SectionTree::new`] of every page would make them, without
    /// going over every page (a title edit's update sorted 10,000 runbooks again).
    /// `position` gives a runbook's place among the pages [`SectionTree::new`] takes:
    /// entries of equal weight and title keep that order, runbooks before folders.
    /// `false` if `slug` is not one of the tree's runbooks (the tree is then as it was).
    pub(super) fn retitle(
        &mut self,
        slug: &str,
        title: &str,
        position: impl Fn(&str) -> Option<usize>,
    ) -> bool {
        let Some(list) = self.entries.get_mut(parent_of(slug)) else {
            return false;
        };
        let Some(at) = list.iter().position(|e| !e.3 && e.0 == slug) else {
            return false;
        };
        let Some(mine) = position(slug) else {
            return false;
        };
        let mut entry = list.remove(at);
        entry.1 = title.to_string();
        entry.4 = OnceLock::new();
        let key = (entry.2, entry.1.to_lowercase());
        let place = list
            .iter()
            .position(|e| match (e.2, e.1.to_lowercase()).cmp(&key) {
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => e.3 || position(&e.0).is_none_or(|p| p > mine),
            })
            .unwrap_or(list.len());
        list.insert(place, entry);
        let links = link_neighbours(list);
        self.neighbours.insert(parent_of(slug).to_string(), links);
        true
    }

    /// The runbooks before and after runbook `slug` in its folder.
    pub(super) fn neighbours(&self, slug: &str) -> Option<(Option<&Entry>, Option<&Entry>)> {
        let folder = parent_of(slug);
        let list = self.entries(folder);
        let links = self.neighbours.get(folder)?;
        let at = links
            .by_slug
            .binary_search_by(|&i| list[i].0.as_str().cmp(slug))
            .ok()?;
        let [prev, next] = links.around[links.by_slug[at]];
        // `NONE` is past the end of any list.
        Some((list.get(prev), list.get(next)))
    }

    pub(super) fn folders_without_index(&self) -> Vec<String> {
        self.entries
            .keys()
            .filter(|f| !self.index_titles.contains_key(*f))
            .cloned()
            .collect()
    }

    pub(super) fn children(&self, folder: &str, r: &Renderer) -> Vec<LinkRef> {
        self.entries
            .get(folder)
            .map(|list| {
                list.iter()
                    .map(|(slug, title, _, is_folder, _)| LinkRef {
                        title: if *is_folder {
                            format!("{title}/")
                        } else {
                            title.clone()
                        },
                        url: r.runbook_url(slug),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The entries of `folder` in the order pages list them.
    pub(super) fn entries(&self, folder: &str) -> &[Entry] {
        self.entries.get(folder).map_or(&[], Vec::as_slice)
    }

    /// Every folder, the top one (`""`) first.
    pub(super) fn folders(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// Whether runbook `slug` is marked a draft.
    pub(super) fn is_draft(&self, slug: &str) -> bool {
        self.drafts.contains(slug)
    }

    /// How many runbooks `folder` holds, at any depth, drafts aside.
    pub(super) fn runbooks_under(&self, folder: &str) -> usize {
        self.entries(folder)
            .iter()
            .map(|e| match e.3 {
                true => self.runbooks_under(&e.0),
                false => usize::from(!self.drafts.contains(&e.0)),
            })
            .sum()
    }

    pub(super) fn title_of(&self, folder: &str, _r: &Renderer) -> String {
        match self.index_titles.get(folder) {
            Some(t) => t.clone(),
            None if folder.is_empty() => "Runbooks".to_string(),
            None => readable_name(folder.rsplit('/').next().unwrap_or(folder)),
        }
    }
}

/// `html` without the heading `h` (its element and the line break after it), which
/// `markdown::headings` wrote as `<hN id="…">…</hN>`; as it was if not found.
fn without_heading(html: &str, h: &Heading) -> String {
    // Escaped as the heading's writer escapes it (`'` kept as it is).
    let mut id = String::with_capacity(h.id.len());
    crate::html::escape_into(&mut id, &h.id, false);
    let open = format!("<h{} id=\"{}\"", h.level, id.replace('"', "&quot;"));
    let close = format!("</h{}>", h.level);
    let Some(start) = html.find(&open) else {
        return html.to_string();
    };
    let Some(end) = html[start..].find(&close).map(|e| start + e + close.len()) else {
        return html.to_string();
    };
    let end = end + usize::from(html[end..].starts_with('\n'));
    let mut out = String::with_capacity(html.len() - (end - start));
    out.push_str(&html[..start]);
    out.push_str(&html[end..]);
    out
}

pub(super) fn parent_of(slug: &str) -> &str {
    slug.rfind('/').map_or("", |i| &slug[..i])
}

/// The runbooks of one folder's sorted list, found by slug, and each one's previous and
/// next runbook (folders are not neighbours). Positions in the list, not a map keyed by a
/// copy of every slug: about 24 bytes a runbook instead of some 150.
#[derive(Debug, Default)]
struct Links {
    /// The positions of the folder's runbooks (not its subfolders), sorted by slug.
    by_slug: Vec<usize>,
    /// Per entry of the list: the positions of the runbooks before and after it, `NONE`
    /// where there is none.
    around: Vec<[usize; 2]>,
}

/// No position.
const NONE: usize = usize::MAX;

/// The [`Links`] of one folder's sorted `list`.
fn link_neighbours(list: &[Entry]) -> Links {
    let pages: Vec<usize> = (0..list.len()).filter(|&i| !list[i].3).collect();
    let mut around = vec![[NONE, NONE]; list.len()];
    for (k, &i) in pages.iter().enumerate() {
        let prev = k.checked_sub(1).map_or(NONE, |j| pages[j]);
        around[i] = [prev, pages.get(k + 1).copied().unwrap_or(NONE)];
    }
    let mut by_slug = pages;
    // Slugs are unique (see `load::folder_pages::assign`).
    by_slug.sort_unstable_by(|&a, &b| list[a].0.cmp(&list[b].0));
    Links { by_slug, around }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrontMatter, SourceFile};

    #[test]
    fn a_long_contents_list_gets_room_for_its_numbers() {
        let got = [0, 9, 10, 99, 100, 999, 1000, 5000].map(toc_wide);
        assert_eq!(got, ["", "", "n2", "n2", "n3", "n3", "n4", "n4"]);
    }

    fn runbook(slug: &str, is_index: bool, weight: i64) -> Runbook {
        Runbook {
            rel_path: format!("{slug}.md"),
            slug: slug.to_string(),
            is_index,
            front: FrontMatter {
                weight: Some(Weight(weight as f64)),
                ..FrontMatter::default()
            },
            body_start: 0,
            source: SourceFile {
                display: format!("content/runbooks/{slug}.md"),
                text: String::new(),
                spans: Default::default(),
            },
            body_on_disk: None,
        }
    }

    fn page<'a>(rb: &'a Runbook, title: &str) -> RunbookPage<'a> {
        RunbookPage {
            runbook: rb,
            title: title.to_string(),
            rendered: markdown::Rendered::default(),
        }
    }

    /// A folder's runbooks, sorted alone (as pages are written a folder at a time), have
    /// the neighbours they have in the whole tree, among the folder's subfolders.
    #[test]
    fn a_folder_alone_has_the_neighbours_of_the_whole_tree() {
        let runbooks = [
            runbook("ops", true, 0),
            runbook("ops/b", false, 0),
            runbook("ops/a", false, 0),
            runbook("ops/c", false, -1),
            runbook("ops/sub/x", false, -5),
            runbook("other/y", false, 0),
        ];
        let titles = ["Operations", "b", "A", "c", "x", "y"];
        let pages: Vec<RunbookPage> = runbooks
            .iter()
            .zip(titles)
            .map(|(rb, t)| page(rb, t))
            .collect();
        let whole = SectionTree::new(&pages);
        let index_titles = HashMap::from([("ops".to_string(), "Operations".to_string())]);
        let in_ops: Vec<&RunbookPage> = pages[1..4].iter().collect();
        let alone = SectionTree::folder("ops", &in_ops, &index_titles);
        let slugs = |t: &SectionTree, slug: &str| {
            t.neighbours(slug)
                .map(|(p, n)| (p.map(|e| e.0.clone()), n.map(|e| e.0.clone())))
        };
        for slug in ["ops/a", "ops/b", "ops/c"] {
            assert_eq!(slugs(&alone, slug), slugs(&whole, slug), "{slug}");
        }
        // By weight, then title whatever its case; the subfolder is not a neighbour.
        assert_eq!(
            slugs(&whole, "ops/a"),
            Some((Some("ops/c".to_string()), Some("ops/b".to_string())))
        );
        assert_eq!(
            slugs(&whole, "ops/c"),
            Some((None, Some("ops/a".to_string())))
        );
        assert_eq!(alone.index_titles.get("ops"), whole.index_titles.get("ops"));
    }

    /// Folders whose index pages share a title keep one order, the same in every build
    /// (the folders' set was a hash set seeded per process: their order changed from one
    /// build to the next).
    #[test]
    fn folders_of_one_title_keep_one_order() {
        let slugs: Vec<String> = (0..12).map(|i| format!("ops/team-{i:02}")).collect();
        let runbooks: Vec<Runbook> = slugs
            .iter()
            .flat_map(|s| [runbook(s, true, 0), runbook(&format!("{s}/fix"), false, 0)])
            .collect();
        let pages: Vec<RunbookPage> = runbooks
            .iter()
            .map(|rb| page(rb, if rb.is_index { "Overview" } else { "Fix" }))
            .collect();
        for _ in 0..16 {
            let tree = SectionTree::new(&pages);
            let order: Vec<&str> = tree.entries["ops"].iter().map(|e| e.0.as_str()).collect();
            assert_eq!(order, slugs);
        }
    }
}
