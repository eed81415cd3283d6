//! Stage 4: pages, through the theme's Tera templates.
//!
//! Each page gets a small context built for it (a runbook page knows its own pipelines and
//! the current shift, not the whole site), so rendering cost grows with the page, not with
//! the site. Pages render in parallel.

use std::collections::{BTreeMap, HashMap};

/// Maps keyed by slug over every runbook: foldhash (seeded per process, so file names
/// cannot be chosen to collide) rather than SipHash, which was the largest share of a
/// `serve` update's time.
type SlugMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

mod alerts;
mod answers;
mod author_toc;
mod coverage;
mod coverage_html;
pub(crate) mod dates;
mod default_theme;
pub mod diagrams;
pub mod headers;
mod incremental;
pub mod inline;
mod nav;
mod offline;
mod oncall;
mod oncall_html;
mod pages;
mod pages_html;
mod redirects;
mod runbook_html;
mod runbooks;
mod search_docs;
mod shell_html;
pub mod sitemap;
mod splice;
mod stream;
pub use stream::WithBody;
pub(crate) mod template_deps;
mod theme;
mod titles;
mod wbr;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Engineer, Pipeline, RepoFiles, Runbook, Site};
use crate::schedule::Schedule;
use crate::write::Sink;
use oncall::ShiftView;
use pages::{in_page_order, Job};
use runbooks::{RunbookPage, SectionTree};
use theme::{compile, tera_error, Snippets};

pub use incremental::{pages_reached, Kept, Splice, Updated};
pub use offline::{OFFLINE_LIST, SERVICE_WORKER};

/// Addresses of the site, derived from its base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute base URL, ending in `/` (`https://ops.example.com/`).
    pub base_url: String,
    /// Path part of it, with slashes at both ends (`/`).
    pub base_path: String,
    /// Host, for calendar `UID`s.
    pub host: String,
}

/// The host as calendar `UID`s name it: one spelling per host (lower case, no default port,
/// no trailing dot), so that writing the base URL another way (`https://Ops.Example.com:443/`)
/// does not give every event a new UID, which subscribers see as a new calendar.
fn uid_host(base_url: &str) -> Option<String> {
    let parsed = url::Url::parse(base_url).ok()?;
    let host = parsed.host_str()?.trim_end_matches('.');
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        let base_url = format!(
            "{}/",
            crate::url::encode_url(base_url.trim()).trim_end_matches('/')
        );
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url.as_str(), |(_, r)| r);
        let (host, path) = match after_scheme.find('/') {
            Some(i) => (&after_scheme[..i], &after_scheme[i..]),
            None => (after_scheme, "/"),
        };
        Urls {
            host: uid_host(&base_url).unwrap_or_else(|| host.to_string()),
            base_path: path.to_string(),
            base_url,
        }
    }

    /// A site path (`pipelines/x/`, with the output's real file names) as a root-relative
    /// link, percent-encoded (see [`crate::url`]).
    pub fn link(&self, path: &str) -> String {
        joined(&self.base_path, path)
    }

    /// A site path as an absolute URL, percent-encoded.
    pub fn absolute(&self, path: &str) -> String {
        joined(&self.base_url, path)
    }

    /// The link to the page of `id` in `folder` (`engineers/`, `pipelines/`): the same
    /// as `link(&format!("{folder}{id}/"))`, built once (every person a page shows).
    pub fn page_of(&self, folder: &str, id: &str) -> String {
        let encoded = crate::url::encode_path(id);
        let base = &self.base_path;
        let mut url = String::with_capacity(base.len() + folder.len() + encoded.len() + 1);
        url.push_str(base);
        url.push_str(folder);
        url.push_str(&encoded);
        url.push('/');
        url
    }
}

/// `start` and `path` encoded, in one allocation of their size: a `format!` grew its
/// string twice or three times (links are made for every crumb, neighbour and person).
fn joined(start: &str, path: &str) -> String {
    let encoded = crate::url::encode_path(path);
    let mut url = String::with_capacity(start.len() + encoded.len());
    url.push_str(start);
    url.push_str(&encoded);
    url
}

/// An engineer as shown in a link or an incident header, with the contact fields the
/// site publishes (see [`crate::privacy`]).
#[derive(Debug, Clone, Default, Serialize)]
struct EngineerRef {
    id: String,
    name: String,
    url: String,
    // Fields a site does not publish are left out rather than null: most pages show
    // several engineers, and each field is a map entry of the page's Tera context.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    /// The `mailto:` link of `email`, encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    email_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    /// The `tel:` link of `phone`, encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_url: Option<String>,
}

/// A pipeline as shown in lists and headers.
#[derive(Debug, Clone, Serialize)]
struct PipelineRef {
    id: String,
    name: String,
    url: String,
    description: Option<String>,
    domain: String,
    domain_name: String,
    audience: String,
    primary: EngineerRef,
    secondary: EngineerRef,
    runbook: Option<LinkRef>,
}

#[derive(Debug, Clone, Serialize)]
struct LinkRef {
    title: String,
    url: String,
}

/// Fields every page has.
#[derive(Debug, Serialize)]
struct Common<'a> {
    site_title: &'a str,
    base: &'a str,
    page_title: String,
    /// Site path of this page, for the canonical link and the active menu entry.
    path: String,
    canonical: String,
    section: &'static str,
    repository: Option<&'a str>,
    edit_url: Option<String>,
    /// Whether the site has search (the header shows the search box).
    search: bool,
    /// A preview build: show a banner and ask search engines not to index it.
    preview: bool,
    built: &'a str,
    /// Which parts of the site have data (a tree of runbooks alone has none of them): the
    /// header links only those.
    has_pipelines: bool,
    has_team: bool,
    has_oncall: bool,
    /// Whether any runbook answers an alert (the header links `/alerts/`).
    has_alerts: bool,
    /// The critical CSS and head script every page carries inline (see [`inline`]).
    inline_css: &'a str,
    inline_script: &'a str,
    /// The parts of the default theme's `base.html` that are the same on every page, if
    /// written already (see [`shell_html::Shell`]).
    #[serde(skip)]
    shell: Option<&'a shell_html::Shell>,
}

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
    preview: bool,
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
        let compiled = default_theme::Compiled::new(&site.theme.templates);
        let tera = match compile(&compiled.for_tera(&site.theme.templates)) {
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
            repository: site
                .config
                .repository
                .as_deref()
                .map(|r| crate::url::encode_url(r.trim()).into_owned()),
            edit_url: site.config.edit_url.as_deref().map(|tpl| {
                tpl.trim()
                    .split("{path}")
                    .map(|part| crate::url::encode_url(part).into_owned())
                    .collect()
            }),
            preview,
            inline: inline::Inline::from_theme(&site.theme),
            now_and_next: std::sync::OnceLock::new(),
            routes: None,
            snippets: Snippets::default(),
            backups_by_pipeline: std::sync::OnceLock::new(),
            pipelines_by_owner: std::sync::OnceLock::new(),
            kept: None,
            marks: None,
            colours: std::sync::OnceLock::new(),
            engineer_refs: std::sync::OnceLock::new(),
            shell: std::sync::OnceLock::new(),
        })
    }

    fn engineer_ref(&self, id: &str) -> EngineerRef {
        let refs = self.engineer_refs.get_or_init(|| {
            self.engineers
                .keys()
                .map(|&id| (id, self.make_engineer_ref(id)))
                .collect()
        });
        refs.get(id)
            .cloned()
            .unwrap_or_else(|| self.make_engineer_ref(id))
    }

    /// [`Renderer::engineer_ref`] made anew (an id that names no engineer gets itself as
    /// its name).
    fn make_engineer_ref(&self, id: &str) -> EngineerRef {
        let contact = self.engineers.get(id).map_or_else(Default::default, |e| {
            crate::privacy::contact(&e.contact, &self.site.config)
        });
        EngineerRef {
            id: id.to_string(),
            name: self
                .engineers
                .get(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            url: self.urls.page_of("engineers/", id),
            email_url: contact.email.as_deref().map(crate::url::mailto),
            phone_url: contact.phone.as_deref().map(crate::url::tel),
            email: contact.email,
            slack: contact.slack,
            phone: contact.phone,
        }
    }

    fn pipeline_ref(&self, p: &Pipeline) -> PipelineRef {
        let domain_name = self
            .site
            .pipelines
            .domains
            .iter()
            .find(|d| d.id == p.domain)
            .map_or_else(|| p.domain.clone(), |d| d.name.clone());
        let runbook = self
            .pipeline_runbooks
            .get(p.id.as_str())
            .and_then(|slugs| slugs.first())
            .map(|slug| self.runbook_link(slug));
        PipelineRef {
            id: p.id.clone(),
            name: p.name.clone(),
            url: self.urls.page_of("pipelines/", &p.id),
            description: p.description.clone(),
            domain: p.domain.clone(),
            domain_name,
            audience: p.audience.clone(),
            primary: self.engineer_ref(&p.primary),
            secondary: self.engineer_ref(&p.secondary),
            runbook,
        }
    }

    fn runbook_link(&self, slug: &str) -> LinkRef {
        LinkRef {
            title: self
                .titles
                .get(slug)
                .cloned()
                .unwrap_or_else(|| slug.to_string()),
            url: self.runbook_url(slug),
        }
    }

    fn runbook_url(&self, slug: &str) -> String {
        // `urls.link(&runbook_path(slug))` in one allocation: pages call this for every
        // crumb, neighbour and tree entry (2.5 % of a build with two `format!`s).
        let base = &self.urls.base_path;
        if slug.is_empty() {
            return format!("{base}runbooks/");
        }
        let encoded = crate::url::encode_path(slug);
        let mut url = String::with_capacity(base.len() + encoded.len() + 10);
        url.push_str(base);
        url.push_str("runbooks/");
        url.push_str(&encoded);
        url.push('/');
        url
    }

    fn common(
        &self,
        page_title: String,
        path: String,
        section: &'static str,
        source: Option<&str>,
    ) -> Common<'_> {
        let mut common = Common {
            site_title: &self.site.config.title,
            base: &self.urls.base_path,
            canonical: self.urls.absolute(&path),
            page_title,
            path,
            section,
            repository: self.repository.as_deref(),
            edit_url: match (source, &self.edit_url) {
                (Some(src), Some(parts)) => Some(parts.join(&crate::url::encode_path(src))),
                _ => None,
            },
            built: &self.built,
            search: self.site.config.search,
            preview: self.preview,
            has_pipelines: !self.site.pipelines.pipelines.is_empty(),
            has_team: !self.site.team.engineers.is_empty(),
            has_oncall: self.site.oncall.rotation.is_some()
                || !self.site.oncall.overrides.is_empty(),
            has_alerts: self.routes.is_some_and(|r| !r.alerts.is_empty()),
            inline_css: &self.inline.css,
            inline_script: &self.inline.script,
            shell: None,
        };
        // Every field the shell reads is the site's, the same on every page.
        common.shell = Some(self.shell.get_or_init(|| shell_html::Shell::new(&common)));
        common
    }

    /// The Content-Security-Policy of every page (it allows the inline CSS and script).
    pub fn page_policy(&self) -> String {
        headers::page_policy(&self.inline)
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
            }
        }
        self.titles = titles(&mut pages, &pending, keep);
        // A page written already took its summary before its text went.
        self.summaries = pages
            .iter()
            .zip(summaries)
            .filter_map(|(p, written)| {
                let summary = written.or_else(|| runbook_summary(p.runbook, &p.rendered));
                Some((p.runbook.slug.as_str(), summary?))
            })
            .collect();
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
        // Their warnings come first, as before.
        let (title_warnings, tree) = this.titles_and_tree(&heading_lines);
        drop(heading_lines);
        let (jobs, before_runbooks) = this.jobs(rest.iter().map(|&(_, p)| p), &tree);
        let (results, index_took) = this.other_pages(&jobs, &tree, index.as_ref(), &rest, sink);
        drop((jobs, rest));
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
        let (search, search_time) = self.finish(index, index_took, &paths, sink);
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

    /// The warnings of titles that read like an earlier page's (one thread, a tenth of a
    /// second at 10,000 runbooks) beside the folders' tree: both of every runbook titled
    /// as in `self.titles`, each title heading's line in `heading_lines`.
    fn titles_and_tree(
        &self,
        heading_lines: &[Option<usize>],
    ) -> (Diagnostics, SectionTree<'static>) {
        let runbooks = &self.site.runbooks;
        let title_of = |rb: &Runbook| self.titles.get(rb.slug.as_str()).map_or("", String::as_str);
        rayon::join(
            || check_titles(runbooks, heading_lines, title_of),
            || SectionTree::with_titles(runbooks.iter().map(|rb| (rb, title_of(rb)))),
        )
    }

    /// The search index's tail beside the sitemap of `paths` and the redirects; the
    /// index's figures and its time in all (`index_took` beside the pages).
    fn finish(
        &self,
        index: Option<crate::search::Index>,
        index_took: std::time::Duration,
        paths: &[String],
        sink: &Sink,
    ) -> (crate::search::Stats, Option<std::time::Duration>) {
        let sitemap = self.sitemap(paths);
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
                    self.redirects(routes, sink);
                }
            },
        );
        match index {
            Some((stats, took)) => (stats, Some(took)),
            None => (crate::search::Stats::default(), None),
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

    /// The `#anchor`s links name, in runbooks and in alert rules' `runbook_url`s: the
    /// pages' anchors are in `anchors` after a build's [`Renderer::stream_runbooks`],
    /// else in the pages (`serve`).
    fn check_anchors(
        &self,
        pages: &[RunbookPage],
        anchors: Option<&crate::validate::AnchorIndex>,
        diags: &mut Diagnostics,
    ) {
        check_anchors(self.site, self.routes, pages, anchors, diags);
    }
}

/// [`Renderer::check_anchors`], of `site` and its `routes` alone (`serve`'s updates check
/// them beside other work of the renderer).
fn check_anchors(
    site: &Site,
    routes: Option<&crate::routes::Routes>,
    pages: &[RunbookPage],
    anchors: Option<&crate::validate::AnchorIndex>,
    diags: &mut Diagnostics,
) {
    let sets;
    let lookup: &dyn crate::validate::AnchorLookup = match anchors {
        Some(index) => index,
        None => {
            sets = crate::validate::AnchorSets(
                pages
                    .iter()
                    .map(|p| (p.runbook.slug.as_str(), &p.rendered.anchors))
                    .collect(),
            );
            &sets
        }
    };
    crate::validate::check_anchors(
        pages
            .iter()
            .map(|p| (p.runbook.slug.as_str(), p.rendered.anchor_links.as_slice())),
        lookup,
        site.config.broken_links,
        diags,
    );
    if let Some(routes) = routes {
        crate::alerts::check::anchors(site, routes, lookup, diags);
        crate::validate::check_site_links(
            site,
            routes,
            pages
                .iter()
                .map(|p| p.rendered.site_links.as_slice())
                .filter(|links| !links.is_empty()),
            diags,
        );
    }
}

/// What folder pages show of a runbook besides its title (see [`nav::summary`]).
fn runbook_summary(
    rb: &crate::model::Runbook,
    rendered: &crate::markdown::Rendered,
) -> Option<String> {
    let text = rendered
        .sections
        .iter()
        .map(|s| s.text.trim())
        .find(|t| !t.is_empty());
    nav::summary(rb.front.description.as_deref(), text.unwrap_or(""), 160)
}

/// The file of a runbook's page (or a folder's page), from its slug.
pub fn runbook_page_file(slug: &str) -> String {
    runbook_path_and(slug, "index.html")
}

/// The site path of a runbook page or folder (`runbooks/profit/aggregate-profit/`): the
/// folder it is written to, with the file system's names. Links encode it through
/// [`Urls::link`].
fn runbook_path(slug: &str) -> String {
    runbook_path_and(slug, "")
}

/// [`runbook_path`] followed by `file`, in one allocation of its size: the `format!`s it
/// replaced grew each path two or three times (four paths a runbook page, 50 M
/// instructions at 10,000 runbooks).
fn runbook_path_and(slug: &str, file: &str) -> String {
    let mut path = String::with_capacity("runbooks/".len() + slug.len() + 1 + file.len());
    path.push_str("runbooks/");
    if !slug.is_empty() {
        path.push_str(slug);
        path.push('/');
    }
    path.push_str(file);
    path
}

/// Each runbook's title by slug. Unless the pages are kept for updates (`keep`), the
/// titles of the pages written already move to it rather than being copied: the pages
/// still to write (`pending`) keep theirs, the others' are read from the map.
/// A copy of every title in the pages and another in the map held some 70 bytes a
/// runbook through the other pages.
fn titles<'a>(
    pages: &mut [RunbookPage<'a>],
    pending: &[usize],
    keep: bool,
) -> SlugMap<&'a str, String> {
    let mut stays = vec![keep; pages.len()];
    for &i in pending {
        stays[i] = true;
    }
    pages
        .iter_mut()
        .zip(stays)
        .map(|(p, stays)| {
            let title = if stays {
                p.title.clone()
            } else {
                std::mem::take(&mut p.title)
            };
            (p.runbook.slug.as_str(), title)
        })
        .collect()
}

/// The warnings of titles that read like an earlier page's (see
/// [`crate::validate::check_titles`]), each runbook titled `title_of` it, with the line
/// of its title heading in `heading_lines` (in the same order).
fn check_titles<'r>(
    runbooks: &'r [Runbook],
    heading_lines: &[Option<usize>],
    title_of: impl Fn(&'r Runbook) -> &'r str,
) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    crate::validate::check_titles(
        runbooks
            .iter()
            .zip(heading_lines)
            .map(|(rb, &heading_line)| crate::validate::Title {
                runbook: rb,
                title: title_of(rb),
                heading_line,
            }),
        &mut warnings,
    );
    warnings
}

/// The pages of `pending` (in order) with their numbers, moved out of `pages`, which go.
fn only_pending<'a>(
    pages: Vec<RunbookPage<'a>>,
    pending: &[usize],
) -> Vec<(usize, RunbookPage<'a>)> {
    let mut wanted = pending.iter().copied().peekable();
    pages
        .into_iter()
        .enumerate()
        .filter(|(i, _)| wanted.next_if_eq(i).is_some())
        .collect()
}

/// One direction of "runbook covers pipeline": a slug or id to the other side's.
type CoverLists<'a> = SlugMap<&'a str, Vec<&'a str>>;

/// Runbook -> pipelines and pipeline -> runbooks from `(runbook, pipeline)` pairs, each
/// list in the pairs' order, each pair once.
fn cover_lists<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> (CoverLists<'a>, CoverLists<'a>) {
    let mut runbook_pipelines: SlugMap<&str, Vec<&str>> = SlugMap::default();
    let mut pipeline_runbooks: SlugMap<&str, Vec<&str>> = SlugMap::default();
    // A set of the pairs seen, not a look through the lists: a pipeline that every runbook
    // of a 100,000-runbook site lists (or a runbook named by 10,000 pipelines) made that
    // look quadratic (60,000 runbooks listing one pipeline: 15.9 s, against 4.0 s).
    let mut seen: rustc_hash::FxHashSet<(&str, &str)> = Default::default();
    for (rb, p) in pairs {
        if seen.insert((rb, p)) {
            runbook_pipelines.entry(rb).or_default().push(p);
            pipeline_runbooks.entry(p).or_default().push(rb);
        }
    }
    (runbook_pipelines, pipeline_runbooks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_lists_keep_each_pair_once_in_order() {
        let pairs = [
            ("x", "p"),
            ("x", "p"),
            ("y", "p"),
            ("x", "q"),
            ("x", "p"),
            ("y", "p"),
        ];
        let (runbooks, pipelines) = cover_lists(pairs.into_iter());
        assert_eq!(runbooks["x"], ["p", "q"]);
        assert_eq!(runbooks["y"], ["p"]);
        assert_eq!(pipelines["p"], ["x", "y"]);
        assert_eq!(pipelines["q"], ["x"]);
        assert_eq!((runbooks.len(), pipelines.len()), (2, 2));
    }

    #[test]
    fn urls_from_base_url() {
        let u = Urls::new("https://deploy-preview-3--ops.netlify.app");
        assert_eq!(u.base_url, "https://deploy-preview-3--ops.netlify.app/");
        assert_eq!(u.base_path, "/");
        assert_eq!(u.host, "deploy-preview-3--ops.netlify.app");
        let u = Urls::new("https://example.com/docs/");
        assert_eq!(u.link("pipelines/"), "/docs/pipelines/");
        assert_eq!(
            u.absolute("oncall.ics"),
            "https://example.com/docs/oncall.ics"
        );
    }

    #[test]
    fn webcal_swaps_the_scheme() {
        assert_eq!(
            oncall::webcal("https://a.b/oncall.ics"),
            "webcal://a.b/oncall.ics"
        );
    }
}
