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
use tera::{Context, Tera};

mod alerts;
mod answers;
mod coverage;
pub mod diagrams;
pub mod headers;
mod incremental;
pub mod inline;
mod nav;
mod offline;
mod oncall;
mod oncall_html;
mod pages_html;
mod redirects;
mod runbook_html;
mod runbooks;
mod search_docs;
mod splice;
mod stream;
pub use stream::WithBody;
pub(crate) mod template_deps;
mod titles;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Engineer, Pipeline, RepoFiles, Site};
use crate::schedule::Schedule;
use crate::write::{OutputFile, Sink};
use oncall::{webcal, ShiftView};
use runbooks::{RunbookPage, SectionTree};

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
        format!("{}{}", self.base_path, crate::url::encode_path(path))
    }

    /// A site path as an absolute URL, percent-encoded.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, crate::url::encode_path(path))
    }
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
    built: String,
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
}

const SNIPPET_CONTACT: &str = "__pipebook/contact.html";
const SNIPPET_ON_CALL: &str = "__pipebook/on_call.html";

/// The output of the theme's `contact` and `on_call` macros, rendered once per site for
/// the runbook pages: calling Tera macros on each of 10,000 pages was a tenth of the
/// build. Templates get them as `primary_contact`, `secondary_contact` (per pipeline) and
/// `on_call_block`, and can still call the macros themselves.
#[derive(Debug, Default)]
struct Snippets {
    /// Contact HTML by engineer id.
    contacts: HashMap<String, String>,
    on_call: String,
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
    compiled: runbook_html::Compiled,
    /// Whether the theme's `oncall.html`, `base.html` and `macros.html` are the default
    /// ones, which [`oncall_html`] writes.
    oncall_compiled: bool,
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
    /// What `render_all` keeps for later updates (`serve`), when asked to: see
    /// [`Renderer::keep_pages`].
    kept: Option<Kept>,
    /// Where runbook pages got the on-call box, while pages are kept (see [`splice`]).
    marks: Option<splice::Marks>,
    /// Each engineer's colour on the calendar; see `colour`.
    colours: std::sync::OnceLock<HashMap<&'a str, usize>>,
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
        let compiled = runbook_html::Compiled::new(&site.theme.templates);
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

        // Both directions of "runbook covers pipeline": the pipeline's own `runbook` (listed
        // first, it is the main one) and the runbooks' `pipelines` front matter.
        let mut runbook_pipelines: SlugMap<&str, Vec<&str>> = SlugMap::default();
        let mut pipeline_runbooks: SlugMap<&str, Vec<&str>> = SlugMap::default();
        // A pipeline names its runbook by page or by file (`ops/README` is the page `ops`).
        let slugs: SlugMap<&str, &str> = site
            .runbooks
            .iter()
            .flat_map(|r| {
                let file = r.rel_path.strip_suffix(".md").unwrap_or(&r.rel_path);
                [(file, r.slug.as_str()), (r.slug.as_str(), r.slug.as_str())]
            })
            .collect();
        let mut link = |rb: &'a str, p: &'a str| {
            let list = runbook_pipelines.entry(rb).or_default();
            if !list.contains(&p) {
                list.push(p);
            }
            let list = pipeline_runbooks.entry(p).or_default();
            if !list.contains(&rb) {
                list.push(rb);
            }
        };
        for p in &site.pipelines.pipelines {
            let named = p
                .runbook
                .as_deref()
                .map(|r| r.trim_matches('/').trim_end_matches(".md"));
            if let Some(slug) = named.and_then(|s| slugs.get(s)).copied() {
                link(slug, &p.id);
            }
        }
        for rb in &site.runbooks {
            for id in &rb.front.pipelines {
                link(&rb.slug, id);
            }
        }

        Some(Renderer {
            site,
            schedule,
            urls,
            tera,
            compiled,
            oncall_compiled: oncall_html::is_default(&site.theme.templates),
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
            kept: None,
            marks: None,
            colours: std::sync::OnceLock::new(),
        })
    }

    fn engineer_ref(&self, id: &str) -> EngineerRef {
        let contact = self.engineers.get(id).map_or_else(Default::default, |e| {
            crate::privacy::contact(&e.contact, &self.site.config)
        });
        EngineerRef {
            id: id.to_string(),
            name: self
                .engineers
                .get(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            url: self.urls.link(&format!("engineers/{id}/")),
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
            url: self.urls.link(&format!("pipelines/{}/", p.id)),
            description: p.description.clone(),
            domain: p.domain.clone(),
            domain_name,
            audience: p.audience.clone(),
            primary: self.engineer_ref(&p.primary),
            secondary: self.engineer_ref(&p.secondary),
            runbook,
        }
    }

    fn snippets(&self, diags: &mut Diagnostics) -> Snippets {
        let render = |template: &str, ctx: &tera::Context, diags: &mut Diagnostics| {
            self.tera.render(template, ctx).unwrap_or_else(|e| {
                diags.error(
                    Location::file(format!(
                        "themes/{}/templates/macros.html",
                        self.site.config.theme
                    )),
                    format!("cannot render the theme's macros: {}", tera_error(&e)),
                    "the templates use the macros `contact(e)` and `on_call(shift, next, base)` of macros.html",
                );
                String::new()
            })
        };
        let mut contacts = HashMap::new();
        for p in &self.site.pipelines.pipelines {
            for id in [&p.primary, &p.secondary] {
                if contacts.contains_key(id.as_str()) {
                    continue;
                }
                let mut ctx = tera::Context::new();
                ctx.insert("e", &self.engineer_ref(id));
                contacts.insert(id.clone(), render(SNIPPET_CONTACT, &ctx, diags));
            }
        }
        let mut ctx = tera::Context::new();
        ctx.insert("on_call", &self.current_shift());
        ctx.insert("next", &self.next_shift());
        ctx.insert("base", &self.urls.base_path);
        let on_call = render(SNIPPET_ON_CALL, &ctx, diags);
        Snippets { contacts, on_call }
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
        Common {
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
            built: self.built.clone(),
            search: self.site.config.search,
            preview: self.preview,
            has_pipelines: !self.site.pipelines.pipelines.is_empty(),
            has_team: !self.site.team.engineers.is_empty(),
            has_oncall: self.site.oncall.rotation.is_some()
                || !self.site.oncall.overrides.is_empty(),
            has_alerts: self.routes.is_some_and(|r| !r.alerts.is_empty()),
            inline_css: &self.inline.css,
            inline_script: &self.inline.script,
        }
    }

    /// The Content-Security-Policy of every page (it allows the inline CSS and script).
    pub fn page_policy(&self) -> String {
        headers::page_policy(&self.inline)
    }

    fn page<T: Serialize>(
        &self,
        template: &str,
        out_path: String,
        data: &T,
        diags: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let ctx = match Context::from_serialize(data) {
            Ok(ctx) => ctx,
            Err(e) => {
                diags.error(
                    Location::file(template),
                    format!("cannot build the context of {out_path}: {e}"),
                    "this is a bug in pipebook; please report it",
                );
                return None;
            }
        };
        // Sized for a typical page up front: growing the buffer by doubling was a
        // noticeable share of rendering time.
        let mut html = Vec::with_capacity(32 * 1024);
        match self.tera.render_to(template, &ctx, &mut html) {
            Ok(()) => Some(OutputFile {
                path: out_path,
                bytes: html,
            }),
            Err(e) => {
                diags.error(
                    Location::file(format!(
                        "themes/{}/templates/{template}",
                        self.site.config.theme
                    )),
                    format!("cannot render {out_path}: {}", tera_error(&e)),
                    "fix the template, or remove it to fall back to the default theme's",
                );
                None
            }
        }
    }

    /// Writes the redirects of `routes` and the `/alerts/` page with the other pages.
    pub fn set_routes(&mut self, routes: &'a crate::routes::Routes<'a>) {
        self.routes = Some(routes);
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
            paths: runbook_paths,
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
        crate::validate::check_titles(
            pages.iter().map(|p| crate::validate::Title {
                runbook: p.runbook,
                title: &p.title,
                heading_line: p.rendered.h1_line,
            }),
            diags,
        );
        let before_jobs = diags.len();
        if !keep {
            // Checked: the search index, built next, reuses their memory.
            for p in &mut pages {
                p.rendered.anchors = Default::default();
                p.rendered.anchor_links = Vec::new();
            }
        }
        self.titles = pages
            .iter()
            .map(|p| (p.runbook.slug.as_str(), p.title.clone()))
            .collect();
        // A page written already took its summary before its text went.
        self.summaries = pages
            .iter()
            .zip(summaries)
            .filter_map(|(p, written)| {
                let summary = written.or_else(|| runbook_summary(p.runbook, &p.rendered));
                Some((p.runbook.slug.as_str(), summary?))
            })
            .collect();
        diags.extend(snippets);

        let tree = SectionTree::new(&pages);
        let (jobs, before_runbooks) = self.jobs(pending.iter().map(|&i| &pages[i]), &tree);
        let (results, index_took) =
            self.other_pages(&jobs, &tree, index.as_ref(), (&pages, &pending), sink);
        drop(jobs);
        let mut paths: Vec<String> = runbook_paths.into_iter().flatten().collect();
        in_page_order(
            results,
            before_runbooks,
            (&pending, template),
            &mut paths,
            diags,
        );
        let diagram_pages = pages.iter().filter(|p| p.rendered.diagrams > 0).count();
        let keys = keep.then(|| self.data_keys(&pages));
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
        let sitemap = self.sitemap(&paths);
        let this: &Renderer = self;
        let (index, ()) = rayon::join(
            || {
                index.map(|index| {
                    let started = std::time::Instant::now();
                    let stats = index.finish(&this.site.config.search_synonyms);
                    (stats, index_took + started.elapsed())
                })
            },
            || {
                sink.put(&sitemap.path, &sitemap.bytes);
                if let Some(routes) = this.routes {
                    this.redirects(routes, sink);
                }
            },
        );
        let (search, search_time) = match index {
            Some((stats, took)) => (stats, Some(took)),
            None => (crate::search::Stats::default(), None),
        };
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

    /// The pages other than runbooks and the runbook pages still to write (`jobs`), each
    /// put to `sink` as it is rendered, beside the search index's documents of the pages
    /// it has not counted yet: each job's output path and problems, in order, and how long
    /// the index took.
    fn other_pages(
        &self,
        jobs: &[Job],
        tree: &SectionTree,
        index: Option<&crate::search::Index>,
        (pages, pending): (&[RunbookPage], &[usize]),
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
                    self.index_rest(index, pages, pending, tree);
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
        let site = self.site;
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
        if let Some(routes) = self.routes {
            crate::alerts::check::anchors(site, routes, lookup, diags);
        }
    }

    /// Every page and fragment to render but the redirects, the sitemap and the runbook
    /// pages not in `runbooks`; and how many come before the first runbook page.
    fn jobs<'p>(
        &self,
        runbooks: impl Iterator<Item = &'p RunbookPage<'a>>,
        tree: &SectionTree,
    ) -> (Vec<Job<'p, 'a>>, usize) {
        let site = self.site;
        let mut jobs: Vec<Job> = Vec::new();
        jobs.push(Job::Home);
        jobs.push(Job::Pipelines);
        jobs.extend(site.pipelines.pipelines.iter().map(Job::Pipeline));
        jobs.push(Job::Engineers);
        jobs.extend(site.team.engineers.iter().map(Job::Engineer));
        let before_runbooks = jobs.len();
        jobs.extend(runbooks.map(Job::Runbook));
        jobs.extend(tree.folders_without_index().into_iter().map(Job::Section));
        jobs.push(Job::OnCall);
        jobs.push(Job::Coverage);
        if self.routes.is_some() {
            jobs.push(Job::Alerts);
        }
        if site.config.search {
            jobs.push(Job::Search);
        }
        jobs.push(Job::NotFound);
        jobs.push(Job::Offline);
        jobs.extend(tree.folders().into_iter().map(Job::Tree));
        (jobs, before_runbooks)
    }

    fn render_job(&self, job: &Job, tree: &SectionTree, d: &mut Diagnostics) -> Option<OutputFile> {
        match job {
            Job::Home => self.home(d),
            Job::Pipelines => self.pipelines_page(d),
            Job::Pipeline(p) => self.pipeline_page(p, d),
            Job::Engineers => self.engineers_page(d),
            Job::Engineer(e) => self.engineer_page(e, d),
            Job::Runbook(page) => self.runbook_page(page, tree, d),
            Job::Section(folder) => self.section_page(folder, tree, d),
            Job::OnCall => self.oncall_page(d),
            Job::Coverage => self.coverage_page(d),
            Job::Alerts => self.alerts_page(self.routes?, d),
            Job::Offline => self.offline_page(d),
            Job::Tree(folder) => self.tree_fragment(folder, tree, d),
            Job::Search => {
                #[derive(Serialize)]
                struct Ctx<'a> {
                    #[serde(flatten)]
                    common: Common<'a>,
                }
                let common = self.common("Search".into(), "search/".into(), "search", None);
                self.page(
                    "search.html",
                    "search/index.html".into(),
                    &Ctx { common },
                    d,
                )
            }
            Job::NotFound => {
                #[derive(Serialize)]
                struct Ctx<'a> {
                    #[serde(flatten)]
                    common: Common<'a>,
                }
                let common = self.common("Page not found".into(), "404.html".into(), "", None);
                self.page("404.html", "404.html".into(), &Ctx { common }, d)
            }
        }
    }

    fn domains(&self) -> Vec<DomainView> {
        self.site
            .pipelines
            .domains
            .iter()
            .map(|d| DomainView {
                id: d.id.clone(),
                name: d.name.clone(),
                failure_modes: d.failure_modes.clone(),
                pipelines: self
                    .site
                    .pipelines
                    .pipelines
                    .iter()
                    .filter(|p| p.domain == d.id)
                    .map(|p| self.pipeline_refs[p.id.as_str()].clone())
                    .collect(),
            })
            .collect()
    }

    fn home(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            on_call: Option<ShiftView>,
            next: Option<ShiftView>,
            domains: Vec<DomainView>,
            runbook_count: usize,
            has_rotation: bool,
        }
        let ctx = Ctx {
            common: self.common(self.site.config.title.clone(), String::new(), "home", None),
            on_call: self.current_shift(),
            next: self.next_shift(),
            domains: self.domains(),
            runbook_count: self.site.runbooks.iter().filter(|r| !r.is_index).count(),
            has_rotation: !self.schedule.shifts.is_empty(),
        };
        self.page("home.html", "index.html".into(), &ctx, d)
    }

    fn pipelines_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            domains: Vec<DomainView>,
        }
        let ctx = Ctx {
            common: self.common(
                "Pipelines".into(),
                "pipelines/".into(),
                "pipelines",
                Some("content/pipelines.yaml"),
            ),
            domains: self.domains(),
        };
        self.page("pipelines.html", "pipelines/index.html".into(), &ctx, d)
    }

    fn pipeline_page(&self, p: &Pipeline, d: &mut Diagnostics) -> Option<OutputFile> {
        let pipeline = self.pipeline_refs[p.id.as_str()].clone();
        let main_runbook = self
            .pipeline_runbooks
            .get(p.id.as_str())
            .and_then(|slugs| slugs.first())
            .and_then(|slug| self.runbooks.get(slug).copied());
        let runbook_reviewed = main_runbook
            .and_then(|r| r.front.last_reviewed)
            .map(|d| d.format("%-d %b %Y").to_string());
        let runbook_overdue = main_runbook
            .and_then(|r| r.review_due(self.site.config.review_interval_days))
            .is_some_and(|due| due <= self.today());
        let other_runbooks = self
            .pipeline_runbooks
            .get(p.id.as_str())
            .map(|slugs| {
                slugs
                    .iter()
                    .skip(1)
                    .map(|slug| self.runbook_link(slug))
                    .collect()
            })
            .unwrap_or_default();
        let backups = self.coming_backups_of(&p.id);
        let ctx = pages_html::PipelineCtx {
            common: self.common(
                p.name.clone(),
                format!("pipelines/{}/", p.id),
                "pipelines",
                Some("content/pipelines.yaml"),
            ),
            failure_modes: self
                .site
                .pipelines
                .domains
                .iter()
                .find(|dm| dm.id == p.domain)
                .map(|dm| dm.failure_modes.clone())
                .unwrap_or_default(),
            pipeline,
            on_call: self.current_shift(),
            next: self.next_shift(),
            other_runbooks,
            runbook_reviewed,
            runbook_overdue,
            backup_groups: oncall::backup_groups(&backups),
            backups,
        };
        let path = format!("pipelines/{}/index.html", p.id);
        if self.compiled.pipeline {
            let contact = |id: &str| self.snippets.contacts.get(id).cloned().unwrap_or_default();
            let html = pages_html::pipeline(&ctx, &contact, &self.snippets.on_call);
            return Some(OutputFile {
                path,
                bytes: html.into_bytes(),
            });
        }
        self.page("pipeline.html", path, &ctx, d)
    }

    fn engineers_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Row {
            engineer: EngineerRef,
            primary: usize,
            secondary: usize,
            next_shift: Option<String>,
            on_call_now: bool,
        }
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            engineers: Vec<Row>,
        }
        let pipelines = &self.site.pipelines.pipelines;
        let rows = self
            .site
            .team
            .engineers
            .iter()
            .map(|e| Row {
                engineer: self.engineer_ref(&e.id),
                primary: pipelines.iter().filter(|p| p.primary == e.id).count(),
                secondary: pipelines.iter().filter(|p| p.secondary == e.id).count(),
                next_shift: self
                    .schedule
                    .upcoming_for(&e.id)
                    .find(|s| s.start > self.schedule.now)
                    .map(|s| self.local_time(s.start)),
                on_call_now: self.schedule.current().is_some_and(|s| s.engineer == e.id),
            })
            .collect();
        let ctx = Ctx {
            common: self.common(
                "Team".into(),
                "engineers/".into(),
                "engineers",
                Some("content/team.yaml"),
            ),
            engineers: rows,
        };
        self.page("engineers.html", "engineers/index.html".into(), &ctx, d)
    }

    fn engineer_page(&self, e: &Engineer, d: &mut Diagnostics) -> Option<OutputFile> {
        let pick = |f: &dyn Fn(&Pipeline) -> bool| -> Vec<PipelineRef> {
            self.site
                .pipelines
                .pipelines
                .iter()
                .filter(|p| f(p))
                .map(|p| self.pipeline_refs[p.id.as_str()].clone())
                .collect()
        };
        let shifts: Vec<ShiftView> = self
            .schedule
            .upcoming_for(&e.id)
            .map(|s| self.shift_view(s))
            .collect();
        let feed = format!("oncall/{}.ics", e.id);
        // The page written without Tera shows the backups by date only.
        let mine = |b: &crate::schedule::Backup| b.engineer == e.id;
        let (backups, backup_dates) = if self.compiled.engineer {
            (Vec::new(), self.coming_backup_dates(mine))
        } else {
            let backups = self.coming_backups(mine);
            let dates = oncall::backup_dates(&backups);
            (backups, dates)
        };
        let has_feed = self.schedule.has_feed(&e.id);
        let ctx = pages_html::EngineerCtx {
            common: self.common(
                e.name.clone(),
                format!("engineers/{}/", e.id),
                "engineers",
                Some("content/team.yaml"),
            ),
            engineer: self.engineer_ref(&e.id),
            primary: pick(&|p| p.primary == e.id),
            secondary: pick(&|p| p.secondary == e.id),
            on_call_now: shifts.first().is_some_and(|s| s.current),
            in_rotation: self
                .site
                .oncall
                .rotation
                .as_ref()
                .is_some_and(|r| r.order.contains(&e.id)),
            shifts,
            feed_url: has_feed.then(|| self.urls.absolute(&feed)),
            webcal_url: has_feed.then(|| webcal(&self.urls.absolute(&feed))),
            backup_dates,
            backups,
        };
        let path = format!("engineers/{}/index.html", e.id);
        if self.compiled.engineer {
            return Some(OutputFile {
                path,
                bytes: pages_html::engineer(&ctx).into_bytes(),
            });
        }
        self.page("engineer.html", path, &ctx, d)
    }

    /// `sitemap.xml` of every HTML page but the 404.
    fn sitemap(&self, pages: &[String]) -> OutputFile {
        let mut paths: Vec<&str> = pages
            .iter()
            .map(String::as_str)
            .filter(|p| p.ends_with("index.html"))
            .collect();
        paths.sort_unstable();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for p in paths {
            let url = self
                .urls
                .absolute(p.strip_suffix("index.html").unwrap_or(p));
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&url)));
        }
        xml.push_str("</urlset>\n");
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct DomainView {
    id: String,
    name: String,
    failure_modes: Vec<String>,
    pipelines: Vec<PipelineRef>,
}

enum Job<'p, 'a> {
    Home,
    Pipelines,
    Pipeline(&'a Pipeline),
    Engineers,
    Engineer(&'a Engineer),
    Runbook(&'p RunbookPage<'a>),
    Section(String),
    OnCall,
    Coverage,
    Alerts,
    Search,
    NotFound,
    Offline,
    /// The tree fragment of a folder (see [`nav`]).
    Tree(String),
}

/// The output paths and problems of the jobs (see [`Renderer::jobs`]) into `paths` and
/// `diags`, problems in the order of the pages: the pages before the runbooks, then the
/// runbooks in the site's order (those still to write, `pending`, with their jobs'
/// problems in `template`), then the rest.
fn in_page_order(
    results: Vec<(Option<String>, Diagnostics)>,
    before_runbooks: usize,
    (pending, mut template): (&[usize], Vec<Diagnostics>),
    paths: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    let mut results = results.into_iter();
    for (path, d) in results.by_ref().take(before_runbooks) {
        diags.extend(d);
        paths.extend(path);
    }
    for (&i, (path, d)) in pending.iter().zip(results.by_ref()) {
        template[i] = d;
        paths.extend(path);
    }
    for d in template {
        diags.extend(d);
    }
    for (path, d) in results {
        diags.extend(d);
        paths.extend(path);
    }
}

/// The site path of a runbook page or folder (`runbooks/profit/aggregate-profit/`): the
/// folder it is written to, with the file system's names. Links encode it through
/// [`Urls::link`].
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
    format!("{}index.html", runbook_path(slug))
}

fn runbook_path(slug: &str) -> String {
    if slug.is_empty() {
        "runbooks/".to_string()
    } else {
        format!("runbooks/{slug}/")
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The theme's templates, compiled. The last theme compiled is kept, by a hash of its
/// templates, so that several builds in one process (a preview server, the fuzz targets)
/// compile an unchanged theme once; a build on its own compiles it as before.
fn compile(templates: &[(String, String)]) -> Result<Tera, tera::Error> {
    static LAST: std::sync::Mutex<Option<(u128, Tera)>> = std::sync::Mutex::new(None);
    let mut key = Vec::new();
    for (name, text) in templates {
        for part in [name, text] {
            key.extend_from_slice(&(part.len() as u64).to_le_bytes());
            key.extend_from_slice(part.as_bytes());
        }
    }
    let key = xxhash_rust::xxh3::xxh3_128(&key);
    if let Ok(last) = LAST.lock() {
        if let Some((_, tera)) = last.as_ref().filter(|(k, _)| *k == key) {
            return Ok(tera.clone());
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::html::escape);
    // Snippets every runbook page shows, rendered once per site with the theme's own
    // macros (see `Snippets`).
    let snippets = [
        (
            SNIPPET_CONTACT,
            "{% import \"macros.html\" as m %}{{ m::contact(e=e) }}",
        ),
        (
            SNIPPET_ON_CALL,
            "{% import \"macros.html\" as m %}{{ m::on_call(shift=on_call, next=next, base=base) }}",
        ),
    ];
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .chain(snippets),
    )?;
    if let Ok(mut last) = LAST.lock() {
        *last = Some((key, tera.clone()));
    }
    Ok(tera)
}

/// Tera nests the useful message in the error's sources.
fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(webcal("https://a.b/oncall.ics"), "webcal://a.b/oncall.ics");
    }
}
