//! Stage 4: pages, through the theme's Tera templates.
//!
//! Each page gets a small context built for it (a runbook page knows its own pipelines and
//! the current shift, not the whole site), so rendering cost grows with the page, not with
//! the site. Pages render in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Maps keyed by slug over every runbook: foldhash (seeded per process, so file names
/// cannot be chosen to collide) rather than SipHash, which was the largest share of a
/// `serve` update's time.
type SlugMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use tera::Tera;

mod alert_pages;
mod alerts;
mod answers;
mod author_toc;
mod coverage;
mod coverage_html;
/// Dates as pages and feeds show them (the schedule writes them too: it lives below render).
pub(crate) use crate::dates;
mod default_theme;
pub mod diagrams;
pub mod headers;
mod incremental;
pub mod inline;
mod lead;
mod nav;
mod offline;
mod oncall;
mod oncall_html;
mod pages;
mod pages_html;
mod rebase;
mod redirects;
mod refs;
mod runbook_facts;
mod runbook_html;
mod runbooks;
mod search_docs;
mod section_tree;
mod shell_html;
pub mod sitemap;
mod splice;
mod stream;
mod stubs;
pub use stream::WithBody;
pub(crate) mod template_deps;
mod theme;
mod titles;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Engineer, RepoFiles, Site};
use crate::schedule::Schedule;
use crate::url::runbook_path;
use crate::write::Sink;
use oncall::ShiftView;
use pages::{in_page_order, Job};
use refs::{cover_lists, Common, EngineerRef, LinkRef, PipelineRef};
use runbook_facts::{check_anchors, only_pending, runbook_summary, summaries_by_slug, titles};
use runbooks::RunbookPage;
use section_tree::SectionTree;
use theme::{compile, tera_error, Snippets};

/// The site's addresses, in `url` since the feeds and `pipebook alerts` take them too.
pub use crate::url::{runbook_page_file, Urls};
pub use incremental::{pages_reached, Kept, Splice, Updated};
pub use offline::{offline_page, OFFLINE_LIST, SERVICE_WORKER};

/// What [`Renderer::render_all`] wrote.
#[derive(Debug, Default)]
pub struct RenderStats {
    /// HTML pages.
    pub pages: usize,
    pub search: crate::search::Stats,
    /// Time the search index took, beside the pages.
    pub search_time: Option<std::time::Duration>,
    /// Runbook pages with a mermaid diagram (the site then ships the renderer).
    pub diagram_pages: usize,
}

/// The theme's templates compiled: Tera's, and which pages the default templates write
/// (see `default_theme`). Apart from [`Renderer::new`], so that a build compiles them
/// beside validation, which does not read them: 37 M of the renderer's 57 M instructions
/// at 10,000 runbooks, on one core before any page.
pub struct Theme {
    tera: Result<Tera, tera::Error>,
    compiled: default_theme::Compiled,
}

impl Theme {
    /// The templates of `site`'s theme compiled; their errors are reported by
    /// [`Renderer::with_theme`].
    pub fn compile(site: &Site) -> Theme {
        let compiled = default_theme::Compiled::new(&site.theme.templates);
        Theme {
            tera: compile(&compiled.for_tera(&site.theme.templates)),
            compiled,
        }
    }
}

/// Everything rendering needs that is shared by all pages; built once.
pub struct Renderer<'a> {
    site: &'a Site,
    schedule: &'a Schedule,
    urls: &'a Urls,
    tera: Tera,
    /// The pages the theme renders with the default templates, which [`runbook_html`]
    /// writes.
    compiled: default_theme::Compiled,
    engineers: SlugMap<&'a str, &'a Engineer>,
    pipeline_refs: BTreeMap<&'a str, PipelineRef>,
    /// Pipeline ids covered by each runbook slug.
    runbook_pipelines: SlugMap<&'a str, Vec<&'a str>>,
    /// Runbook slugs covering each pipeline id, the main one first.
    pipeline_runbooks: SlugMap<&'a str, Vec<&'a str>>,
    titles: SlugMap<&'a str, String>,
    /// Each runbook's summary for folder pages (see [`nav::summary`]), by slug.
    summaries: SlugMap<&'a str, String>,
    /// The alerts each runbook answers, by slug, as its folder page lists them: its file
    /// name's first (`alerts_from_file_names`), then its `alerts:` in their order.
    alert_names: HashMap<&'a str, Vec<&'a str>>,
    /// Runbooks by slug.
    runbooks: SlugMap<&'a str, &'a crate::model::Runbook>,
    built: String,
    /// The same instant as `oncall.json`'s `generated`, machine-readable in the footer:
    /// the on-call box tells a schedule older than the page (a CDN's stale copy) by it.
    built_iso: String,
    preview: bool,
    /// The site's title as the header shows it (see [`shell_html::brand`]).
    brand: (String, &'static str),
    /// `repository` of site.yaml, encoded once (see [`crate::url::encode_url`]).
    repository: Option<String>,
    /// `edit_url` of site.yaml, encoded once, in the parts around its `{path}`s.
    edit_url: Option<Vec<String>>,
    /// HTML shown on every runbook page, rendered once.
    snippets: Snippets,
    /// What every page carries inline, and its policy hashes.
    inline: inline::Inline,
    /// The current and next shift as pages show them; see `now_and_next`.
    now_and_next: std::sync::OnceLock<(Option<ShiftView>, Option<ShiftView>)>,
    /// Aliases, alert and job routes: their redirects and the `/alerts/` page.
    routes: Option<&'a crate::routes::Routes<'a>>,
    /// Indexes of the schedule's backups by pipeline; see `coming_backups_of`.
    backups_by_pipeline: std::sync::OnceLock<HashMap<&'a str, Vec<usize>>>,
    /// Indexes of the pipelines by owner, primary then secondary, for the engineers'
    /// pages: a scan of every pipeline per engineer cost engineers x pipelines.
    pipelines_by_owner: std::sync::OnceLock<HashMap<&'a str, [Vec<usize>; 2]>>,
    /// The rotation's engineers, made on first use (see `pages::in_rotation`).
    rotation_ids: std::sync::OnceLock<HashSet<&'a str>>,
    /// `runbook_pipelines` as sets, made on first use (see `alert_pages`).
    covered_sets: std::sync::OnceLock<SlugMap<&'a str, HashSet<&'a str>>>,
    /// The domains by id, for each pipeline's domain name and failure modes: a scan of
    /// the domains per pipeline cost pipelines x domains.
    domains_by_id: std::sync::OnceLock<HashMap<&'a str, &'a crate::model::Domain>>,
    /// What `render_all` keeps for later updates (`serve`), when asked to: see
    /// [`Renderer::keep_pages`].
    kept: Option<Kept>,
    /// Where runbook pages got the on-call box, while pages are kept (see [`splice`]).
    marks: Option<splice::Marks>,
    /// Each engineer's colour on the calendar; see `colour`.
    colours: std::sync::OnceLock<HashMap<&'a str, usize>>,
    /// Each engineer's [`EngineerRef`], made once: pages ask for one 26,000 times at
    /// 10,000 runbooks (owners, duties, backups) for some 40 engineers, and each was a
    /// contact lookup, a page URL and two `format!`s (57 M instructions in all).
    engineer_refs: std::sync::OnceLock<SlugMap<&'a str, EngineerRef>>,
    /// What every page's shell shares, written with the first page (see [`Renderer::common`]).
    shell: std::sync::OnceLock<shell_html::Shell>,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates; template errors are reported against their file.
    pub fn new(
        site: &'a Site,
        schedule: &'a Schedule,
        urls: &'a Urls,
        preview: bool,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        Self::with_theme(Theme::compile(site), site, (schedule, urls), preview, diags)
    }

    /// [`Renderer::new`] with the theme compiled already (see [`Theme`]).
    pub fn with_theme(
        theme: Theme,
        site: &'a Site,
        (schedule, urls): (&'a Schedule, &'a Urls),
        preview: bool,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let Theme { tera, compiled } = theme;
        let tera = match tera {
            Ok(tera) => tera,
            Err(e) => {
                diags.error(
                    Location::file(format!("themes/{}/templates", site.config.theme)),
                    format!("theme template error: {}", tera_error(&e)),
                    "fix the template syntax (see the Tera documentation)",
                );
                return None;
            }
        };
        let engineers: SlugMap<&str, &Engineer> = site
            .team
            .engineers
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();

        // A pipeline names its runbook by page or by file (`ops/README` is the page `ops`).
        let slugs: SlugMap<&str, &str> = site
            .runbooks
            .iter()
            .flat_map(|r| {
                let file = crate::model::page_stem(&r.rel_path).unwrap_or(&r.rel_path);
                [(file, r.slug.as_str()), (r.slug.as_str(), r.slug.as_str())]
            })
            .collect();
        // Both directions of "runbook covers pipeline": the pipeline's own `runbook` (listed
        // first, it is the main one) and the runbooks' `pipelines` front matter.
        let named = site.pipelines.pipelines.iter().filter_map(|p| {
            let named = p
                .runbook
                .as_deref()
                .map(|r| r.trim_matches('/'))
                .map(|r| crate::model::page_stem(r).unwrap_or(r));
            named
                .and_then(|s| slugs.get(s))
                .map(|&slug| (slug, p.id.as_str()))
        });
        let listed = site.runbooks.iter().flat_map(|rb| {
            rb.front
                .pipelines
                .iter()
                .map(|id| (rb.slug.as_str(), id.as_str()))
        });
        let (runbook_pipelines, pipeline_runbooks) = cover_lists(named.chain(listed));

        Some(Renderer {
            site,
            schedule,
            urls,
            tera,
            compiled,
            engineers,
            pipeline_refs: BTreeMap::new(),
            runbook_pipelines,
            pipeline_runbooks,
            titles: SlugMap::default(),
            summaries: SlugMap::default(),
            alert_names: HashMap::new(),
            runbooks: site.runbooks.iter().map(|r| (r.slug.as_str(), r)).collect(),
            built: schedule.now.format("%Y-%m-%d %H:%M UTC").to_string(),
            built_iso: schedule.now.to_rfc3339(),
            // The web view, as the runbooks' links name it: not a clone address's `.git`
            // (the forges redirect it, other hosts need not).
            repository: crate::forge::Forge::new(&site.config).map(|f| f.repository().to_owned()),
            edit_url: site.config.edit_url.as_deref().map(|tpl| {
                tpl.trim()
                    .split("{path}")
                    .map(|part| crate::url::encode_url(part).into_owned())
                    .collect()
            }),
            preview,
            brand: shell_html::brand(&site.config.title),
            inline: inline::Inline::from_theme(&site.theme),
            now_and_next: std::sync::OnceLock::new(),
            routes: None,
            snippets: Snippets::default(),
            backups_by_pipeline: std::sync::OnceLock::new(),
            pipelines_by_owner: std::sync::OnceLock::new(),
            covered_sets: std::sync::OnceLock::new(),
            rotation_ids: std::sync::OnceLock::new(),
            domains_by_id: std::sync::OnceLock::new(),
            kept: None,
            marks: None,
            colours: std::sync::OnceLock::new(),
            engineer_refs: std::sync::OnceLock::new(),
            shell: std::sync::OnceLock::new(),
        })
    }

    /// The Content-Security-Policy of every page (it allows the inline CSS and script).
    pub fn page_policy(&self) -> String {
        headers::page_policy(&self.inline)
    }

    /// Whether it renders a preview's pages (`--preview`).
    pub fn is_preview(&self) -> bool {
        self.preview
    }

    /// Writes the redirects of `routes` and the `/alerts/` page with the other pages.
    pub fn set_routes(&mut self, routes: &'a crate::routes::Routes<'a>) {
        self.routes = Some(routes);
        // The header links `/alerts/` when routes have alerts.
        self.shell = std::sync::OnceLock::new();
    }

    /// Renders every page into `sink`, and the search index when `with_search` is set
    /// (beside the pages, on the other cores). Problems (broken links, template errors) go
    /// to `diags`. `repository` looks up the files of the repository that runbooks link to
    /// and the site does not publish (see `load::repository`).
    pub fn render_all(
        &mut self,
        with_search: bool,
        sink: &Sink,
        repository: &(dyn Fn(&[String]) -> RepoFiles + Sync),
        with_body: WithBody,
        diags: &mut Diagnostics,
    ) -> RenderStats {
        // What updates need (`serve`): each runbook's HTML, anchors and own problems.
        let keep = self.kept.is_some();
        // Most runbook pages are written here already (see `stream`), and go to the
        // search index as they are.
        let index = with_search.then(|| crate::search::Index::new(sink));
        let stream::Runbooks {
            mut pages,
            markdown,
            template,
            written,
            summaries,
            pending,
            snippets,
            anchors,
        } = self.stream_runbooks(sink, repository, with_body, keep, index.as_ref());
        let mut page_diags = Vec::new();
        for d in markdown {
            if keep {
                page_diags.push(d.clone());
            }
            diags.extend(d);
        }
        self.check_anchors(&pages, anchors.as_ref(), diags);
        drop(anchors);
        if !keep {
            // Checked: the search index, built next, reuses their memory.
            for p in &mut pages {
                p.rendered.anchors = Default::default();
                p.rendered.anchor_links = Vec::new();
                p.rendered.site_links = Vec::new();
                p.rendered.myst_labels = Vec::new();
            }
        }
        self.titles = titles(&mut pages, &pending, keep);
        // A page written already took its summary before its text went.
        self.summaries = summaries_by_slug(&pages, summaries);
        let diagram_pages = pages.iter().filter(|p| p.rendered.diagrams > 0).count();
        let keys = keep.then(|| self.data_keys(&pages));
        let heading_lines: Vec<Option<usize>> = pages.iter().map(|p| p.rendered.h1_line).collect();
        // Unless kept for updates, only the pages still to write stay: every title is in
        // `self.titles` now, and the other pages and the search index's tail come next
        // (100,000 runbooks: the pages' records, 34 MB, were the build's peak).
        let (pages, still_to_write) = if keep {
            (pages, Vec::new())
        } else {
            (Vec::new(), only_pending(pages, &pending))
        };
        let rest: Vec<(usize, &RunbookPage)> = if keep {
            pending.iter().map(|&i| (i, &pages[i])).collect()
        } else {
            still_to_write.iter().map(|(i, p)| (*i, p)).collect()
        };
        let this = &*self;
        // The title check beside the tree and the other pages; its warnings come first, as
        // before.
        let (title_warnings, tree, ((results, index_took), before_runbooks)) = this
            .titles_and_tree(&heading_lines, |tree| {
                let (jobs, before_runbooks) = this.jobs(rest.iter().map(|&(_, p)| p), tree);
                let pages = this.other_pages(&jobs, tree, index.as_ref(), &rest, sink);
                (pages, before_runbooks)
            });
        drop((heading_lines, rest));
        drop(still_to_write);
        diags.extend(title_warnings);
        let before_jobs = diags.len();
        diags.extend(snippets);
        let mut paths: Vec<String> = Vec::new();
        in_page_order(
            results,
            before_runbooks,
            (&pending, template),
            &mut paths,
            diags,
        );
        let boxes = self.take_marks();
        if let (Some(kept), Some(keys)) = (&mut self.kept, keys) {
            kept.fill(
                pages,
                page_diags,
                diags.len() - before_jobs,
                tree,
                keys,
                boxes,
            );
        } else {
            // Nothing is kept for updates: the pages, their tree and summaries go before
            // the search index's tail, where the build's memory peaks.
            drop((pages, tree));
            self.summaries = SlugMap::default();
        }
        // The runbook pages written as they were rendered (the pages are in the site's
        // order), for the sitemap: made again here, not held through the other pages.
        paths.extend(
            self.site
                .runbooks
                .iter()
                .zip(written)
                .filter(|(_, written)| *written)
                .map(|(rb, _)| runbook_page_file(&rb.slug)),
        );
        let (search, search_time, routes_diags) = self.finish(index, index_took, &paths, sink);
        diags.extend(routes_diags);
        RenderStats {
            pages: paths
                .iter()
                .filter(|p| p.ends_with(".html") && !p.starts_with("_nav/"))
                .count(),
            search,
            search_time,
            diagram_pages,
        }
    }

    /// The search index's tail beside the sitemap of `paths` and the redirects; the
    /// index's figures and its time in all (`index_took` beside the pages), and the
    /// problems of the alert routes' pages.
    fn finish(
        &self,
        index: Option<crate::search::Index>,
        index_took: std::time::Duration,
        paths: &[String],
        sink: &Sink,
    ) -> (
        crate::search::Stats,
        Option<std::time::Duration>,
        Diagnostics,
    ) {
        let sitemap = self.sitemap(paths);
        let mut routes_diags = Diagnostics::new();
        let (index, ()) = rayon::join(
            || {
                index.map(|index| {
                    let started = std::time::Instant::now();
                    let stats = index.finish(&self.site.config.search_synonyms);
                    (stats, index_took + started.elapsed())
                })
            },
            || {
                for file in &sitemap {
                    sink.put(&file.path, &file.bytes);
                }
                if let Some(routes) = self.routes {
                    self.redirects(routes, sink, &mut routes_diags);
                }
            },
        );
        match index {
            Some((stats, took)) => (stats, Some(took), routes_diags),
            None => (crate::search::Stats::default(), None, routes_diags),
        }
    }

    /// The pages other than runbooks and the runbook pages still to write (`jobs`), each
    /// put to `sink` as it is rendered, beside the search index's documents of the pages
    /// it has not counted yet: each job's output path and problems, in order, and how long
    /// the index took.
    fn other_pages(
        &self,
        jobs: &[Job],
        tree: &SectionTree,
        index: Option<&crate::search::Index>,
        pending: &[(usize, &RunbookPage)],
        sink: &Sink,
    ) -> (Vec<(Option<String>, Diagnostics)>, std::time::Duration) {
        rayon::join(
            || {
                jobs.par_iter()
                    .map(|job| {
                        let mut d = Diagnostics::new();
                        let path = self.render_job(job, tree, &mut d).map(|file| {
                            sink.put(&file.path, &file.bytes);
                            file.path
                        });
                        (path, d)
                    })
                    .collect()
            },
            || {
                let started = std::time::Instant::now();
                if let Some(index) = index {
                    self.index_rest(index, pending, tree);
                }
                started.elapsed()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_swaps_the_scheme() {
        assert_eq!(
            oncall::webcal("https://a.b/oncall.ics"),
            "webcal://a.b/oncall.ics"
        );
    }
}
