//! The pages other than runbooks: which there are (the jobs), and the home, pipeline and
//! team pages; the sitemap.

use serde::Serialize;

use super::nav::ChildView;
use super::oncall::{self, webcal, ShiftView};
use super::runbooks::RunbookPage;
use super::section_tree::SectionTree;
use super::{pages_html, Common, EngineerRef, PipelineRef, Renderer};
use crate::diagnostics::Diagnostics;
use crate::model::{Engineer, Pipeline};
use crate::write::OutputFile;

impl<'a> Renderer<'a> {
    /// Every page and fragment to render but the redirects, the sitemap and the runbook
    /// pages not in `runbooks`; and how many come before the first runbook page.
    pub(super) fn jobs<'p>(
        &self,
        runbooks: impl Iterator<Item = &'p RunbookPage<'a>>,
        tree: &SectionTree,
    ) -> (Vec<Job<'p, 'a>>, usize) {
        let site = self.site;
        let mut jobs: Vec<Job> = Vec::new();
        // The runbook folder's own page, for a home page with no pipelines to list.
        let mut landing = None;
        let runbooks = runbooks.inspect(|p| {
            if p.runbook.is_index && p.runbook.slug.is_empty() {
                landing = Some(*p);
            }
        });
        jobs.push(Job::Home(None));
        jobs.push(Job::Pipelines);
        jobs.extend(site.pipelines.pipelines.iter().map(Job::Pipeline));
        jobs.push(Job::Engineers);
        jobs.extend(site.team.engineers.iter().map(Job::Engineer));
        let before_runbooks = jobs.len();
        jobs.extend(runbooks.map(Job::Runbook));
        jobs[0] = Job::Home(landing);
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

    pub(super) fn render_job(
        &self,
        job: &Job,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        match job {
            Job::Home(landing) => self.home(*landing, tree, d),
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
                let common = self.common(
                    "search.html",
                    "Search".into(),
                    "search/".into(),
                    "search",
                    None,
                );
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
                let common = self.common(
                    "404.html",
                    "Page not found".into(),
                    "404.html".into(),
                    "",
                    None,
                );
                self.page("404.html", "404.html".into(), &Ctx { common }, d)
            }
        }
    }

    /// Each domain with its pipelines, found in one pass (a scan of the pipelines per
    /// domain cost domains x pipelines).
    fn domains(&self) -> Vec<DomainView> {
        let pipelines = &self.site.pipelines;
        let by_domain = pipelines.by_domain();
        pipelines
            .domains
            .iter()
            .map(|d| DomainView {
                id: d.id.clone(),
                name: d.name.clone(),
                failure_modes: d.failure_modes.clone(),
                pipelines: (by_domain.get(d.id.as_str()).map_or(&[][..], Vec::as_slice))
                    .iter()
                    .map(|&i| self.pipeline_refs[pipelines.pipelines[i].id.as_str()].clone())
                    .collect(),
            })
            .collect()
    }

    /// The home page. A site without pipelines (an imported runbook collection) has
    /// nothing else to show there, so it shows the runbook folder's own text (`landing`,
    /// its `index.md`, `README.md` or `_index.md`) and its sections: the same as
    /// `/runbooks/`, which stays that page's address, one tap less (a reader came to a
    /// title and "All 35 runbooks").
    fn home(
        &self,
        landing: Option<&RunbookPage>,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            on_call: Option<ShiftView>,
            next: Option<ShiftView>,
            domains: Vec<DomainView>,
            runbook_count: usize,
            has_rotation: bool,
            /// The runbook folder's text (HTML), on a site without pipelines.
            landing: &'a str,
            /// The runbook folder's entries, on a site without pipelines.
            children: Vec<ChildView>,
        }
        let domains = self.domains();
        let collection = self.site.pipelines.pipelines.is_empty();
        // Written for `/runbooks/`: the author's relative links are made to resolve there.
        let runbooks_path = self.urls.link("runbooks/");
        let landing = landing
            .filter(|_| collection)
            .map(|p| super::rebase::rebased(&p.rendered.html, &runbooks_path));
        let ctx = Ctx {
            common: self.common(
                "home.html",
                self.site.config.title.clone(),
                String::new(),
                "home",
                None,
            ),
            on_call: self.current_shift(),
            next: self.next_shift(),
            // Drafts are listed, not counted (`Runbook::draft_key`); unlisted pages neither.
            runbook_count: (self.site.runbooks.iter())
                .filter(|r| !r.is_index && r.draft_key().is_none() && r.unlisted_key().is_none())
                .count(),
            has_rotation: !self.schedule.shifts.is_empty(),
            landing: landing.as_deref().unwrap_or(""),
            children: if collection {
                self.children_view("", tree)
            } else {
                Vec::new()
            },
            domains,
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
                "pipelines.html",
                "Pipelines".into(),
                "pipelines/".into(),
                "pipelines",
                self.data_source(&self.site.sources.pipelines),
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
            .map(super::dates::day_month_year);
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
        let mut backups = self.coming_backups_of(&p.id);
        let (backup_groups, backups_more) = oncall::backup_groups(&backups);
        let backups_left = backups.len().saturating_sub(oncall::THEME_BACKUPS);
        backups.truncate(oncall::THEME_BACKUPS);
        let ctx = pages_html::PipelineCtx {
            common: self.common(
                "pipeline.html",
                p.name.clone(),
                format!("pipelines/{}/", p.id),
                "pipelines",
                self.data_source(&self.site.sources.pipelines),
            ),
            failure_modes: self
                .domain(&p.domain)
                .map(|dm| dm.failure_modes.clone())
                .unwrap_or_default(),
            pipeline,
            on_call: self.current_shift(),
            next: self.next_shift(),
            other_runbooks,
            runbook_reviewed,
            runbook_overdue,
            backup_groups,
            backups_more,
            backups,
            backups_left,
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

    /// The positions of the pipelines engineer `id` owns, as primary then as secondary.
    pub(super) fn owned_by(&self, id: &str) -> &[Vec<usize>; 2] {
        static NONE: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let by_owner = (self.pipelines_by_owner).get_or_init(|| self.site.pipelines.by_owner());
        by_owner.get(id).unwrap_or(&NONE)
    }

    /// Whether engineer `id` is in the rotation's order, from a set made once: a scan of
    /// the order per engineer page cost engineers x the order (9,990 of each: 100 million
    /// compares).
    fn in_rotation(&self, id: &str) -> bool {
        let order = self.rotation_ids.get_or_init(|| {
            let rotation = self.site.oncall.rotation.as_ref();
            (rotation.iter().flat_map(|r| r.order.iter()))
                .map(String::as_str)
                .collect()
        });
        order.contains(id)
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
        let rows = self
            .site
            .team
            .engineers
            .iter()
            .map(|e| Row {
                engineer: self.engineer_ref(&e.id),
                primary: self.owned_by(&e.id)[0].len(),
                secondary: self.owned_by(&e.id)[1].len(),
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
                "engineers.html",
                "Team".into(),
                "engineers/".into(),
                "engineers",
                self.data_source(&self.site.sources.team),
            ),
            engineers: rows,
        };
        self.page("engineers.html", "engineers/index.html".into(), &ctx, d)
    }

    fn engineer_page(&self, e: &Engineer, d: &mut Diagnostics) -> Option<OutputFile> {
        let owned = self.owned_by(&e.id);
        let pick = |role: usize| -> Vec<PipelineRef> {
            let all = &self.site.pipelines.pipelines;
            (owned[role].iter())
                .map(|&i| self.pipeline_refs[all[i].id.as_str()].clone())
                .collect()
        };
        let duty = self.schedule.duty(&e.id);
        let mine = || duty.backups.iter().map(|&i| &self.schedule.backups[i]);
        let shifts: Vec<ShiftView> = self
            .schedule
            .upcoming_for(&e.id)
            .map(|s| self.shift_view(s))
            .collect();
        let feed = format!("oncall/{}.ics", e.id);
        let (backup_dates, backup_dates_more) = self.coming_backup_dates(mine());
        // The page written without Tera shows the backups by date only.
        let (backups, backups_left) = if self.compiled.engineer {
            (Vec::new(), 0)
        } else {
            self.coming_backups(mine())
        };
        let has_feed = self.schedule.has_feed(&e.id);
        let ctx = pages_html::EngineerCtx {
            common: self.common(
                "engineer.html",
                e.name.clone(),
                format!("engineers/{}/", e.id),
                "engineers",
                self.data_source(&self.site.sources.team),
            ),
            engineer: self.engineer_ref(&e.id),
            primary: pick(0),
            secondary: pick(1),
            on_call_now: shifts.first().is_some_and(|s| s.current),
            in_rotation: self.in_rotation(&e.id),
            shifts,
            feed_url: has_feed.then(|| self.urls.absolute(&feed)),
            webcal_url: has_feed.then(|| webcal(&self.urls.absolute(&feed))),
            timezone: self.schedule.tz.name().to_string(),
            backup_dates,
            backup_dates_more,
            backups,
            backups_left,
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

    /// `sitemap.xml` of every HTML page but the 404: one file, or an index of numbered
    /// files over the protocol's limits (see [`super::sitemap`]).
    /// The lists of pipelines, the team, the schedule and the alerts are written on every
    /// site, but a site without their data (an imported runbook collection) links none of
    /// them: they are left out here as from the header (a search engine sent readers to
    /// an empty "Pipelines" page). So are the runbooks kept out of it
    /// (`Runbook::in_sitemap`).
    pub(super) fn sitemap(&self, pages: &[String]) -> Vec<OutputFile> {
        let site = self.site;
        let hidden: foldhash::HashSet<String> = (site.runbooks.iter())
            .filter(|rb| !rb.in_sitemap())
            .map(|rb| super::runbook_page_file(&rb.slug))
            .collect();
        let empty = [
            ("pipelines/index.html", site.pipelines.pipelines.is_empty()),
            ("engineers/index.html", site.team.engineers.is_empty()),
            (
                "oncall/index.html",
                site.oncall.rotation.is_none() && site.oncall.overrides.is_empty(),
            ),
            (
                "alerts/index.html",
                self.routes.is_none_or(|r| r.alerts.is_empty()),
            ),
        ];
        let mut paths: Vec<&str> = pages
            .iter()
            .map(String::as_str)
            .filter(|p| p.ends_with("index.html"))
            .filter(|p| !empty.iter().any(|(page, none)| *none && p == page))
            .filter(|p| !hidden.contains(*p))
            .collect();
        paths.sort_unstable();
        let urls: Vec<String> = paths
            .iter()
            .map(|p| {
                self.urls
                    .absolute(p.strip_suffix("index.html").unwrap_or(p))
            })
            .collect();
        super::sitemap::files(
            &urls,
            |p| self.urls.absolute(p),
            super::sitemap::Limits::default(),
        )
    }
}

#[derive(Debug, Clone, Serialize)]
struct DomainView {
    id: String,
    name: String,
    failure_modes: Vec<String>,
    pipelines: Vec<PipelineRef>,
}

pub(super) enum Job<'p, 'a> {
    /// The home page, with the runbook folder's own page when it has one.
    Home(Option<&'p RunbookPage<'a>>),
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
pub(super) fn in_page_order(
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
