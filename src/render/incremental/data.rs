//! Rendering again after the data files, `site.yaml` or the templates changed (the
//! runbooks did not): every page but the runbook pages that show nothing that changed,
//! which [`DataKeys`] tell by hashing what each runbook page shows of the data. A runbook
//! page whose on-call box alone changed has the box replaced in place (see
//! [`super::Splice`]), and after a template edit that changed a text alone, the text (see
//! [`super::TextSplice`]).

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::Xxh3;

use super::{put_back, take_pages, Kept, Splice, TextEdit, TextSplice, Updated};
use crate::diagnostics::Diagnostics;
use crate::render::runbooks::RunbookPage;
use crate::render::section_tree::SectionTree;
use crate::render::{runbook_path, Job, Renderer};
use crate::write::{OutputFile, Sink};

/// What runbook pages show of the data files, hashed.
#[derive(Debug, Default, PartialEq)]
pub(in crate::render) struct DataKeys {
    /// What every page shows (the header's sections).
    pub(super) global: u64,
    /// Who is on call now and next.
    pub(super) shifts: u64,
    /// What each runbook's page shows of its pipelines.
    pub(super) pages: Vec<u64>,
    /// Whether each runbook's page shows who is on call.
    pub(super) shows_shifts: Vec<bool>,
}

impl<'a> Renderer<'a> {
    /// What a runbook page shows of the data files (team, pipelines, on-call), hashed:
    /// what every page shows (the header's sections), who is on call, and for each
    /// runbook its pipelines as its header lists them (names, owners, their contacts) and
    /// whether it shows who is on call: with its pipelines only, unless the theme's
    /// runbook page names the shifts itself (see [`crate::render::template_deps::reads_shifts`]).
    pub(in crate::render) fn data_keys(&self, pages: &[RunbookPage<'a>]) -> DataKeys {
        let every_page_shifts =
            crate::render::template_deps::reads_shifts(&self.site.theme.templates, "runbook.html");
        let by_pipeline: HashMap<&str, u64> = self
            .pipeline_refs
            .keys()
            .map(|id| (*id, key(&self.runbook_pipeline(id))))
            .collect();
        let (keys, shows_shifts) = pages
            .iter()
            .map(|p| {
                let mut h = Xxh3::new();
                let ids = self
                    .runbook_pipelines
                    .get(p.runbook.slug.as_str())
                    .map_or(&[][..], Vec::as_slice);
                for id in ids {
                    h.update(id.as_bytes());
                    h.update(&by_pipeline.get(id).copied().unwrap_or(0).to_le_bytes());
                }
                (h.digest(), every_page_shifts || !ids.is_empty())
            })
            .unzip();
        DataKeys {
            global: key(&self.common("", String::new(), String::new(), "", None)),
            shifts: key(&(
                &self.snippets.on_call,
                self.current_shift(),
                self.next_shift(),
            )),
            pages: keys,
            shows_shifts,
        }
    }

    /// Renders again, after the data files changed (the runbooks did not), every page but
    /// the runbook pages that show nothing that changed (see [`Renderer::data_keys`]; `all`
    /// renders those too: a template changed), the redirects and the sitemap. Problems of
    /// every page go to `diags` as a full render's would. `None` when a full render is
    /// needed.
    ///
    /// `only`: the templates of the pages other than runbook pages to render again (the
    /// data files did not change, some templates did: those pages whose templates did not
    /// change are as written, and so are the sitemap and the redirects); `None`: all.
    ///
    /// `text`, with `only`: how the templates' change changed runbook pages, when known
    /// (see [`crate::render::template_deps::text_edit`]): `Some(None)` not at all (they are not
    /// rendered), `Some(Some(edit))` by that text alone (they are listed in
    /// [`Updated::text`] instead of rendered).
    pub fn update_data(
        &mut self,
        kept: &mut Kept,
        all: bool,
        only: Option<&HashSet<&str>>,
        text: Option<Option<TextEdit>>,
        diags: &mut Diagnostics,
    ) -> Option<Updated> {
        let site = self.site;
        if !kept.usable(site.runbooks.len()) {
            return None;
        }
        let pages = take_pages(site, kept);
        let tree = kept.tree.take().unwrap_or_else(|| SectionTree::new(&pages));
        let text = text.filter(|_| only.is_some());
        let result = self.render_data(&pages, &tree, kept, (all, only, text), diags);
        put_back(pages, kept);
        kept.tree = Some(tree);
        result
    }

    fn render_data(
        &mut self,
        pages: &[RunbookPage<'a>],
        tree: &SectionTree,
        kept: &mut Kept,
        (all, only, text): (bool, Option<&HashSet<&str>>, Option<Option<TextEdit>>),
        diags: &mut Diagnostics,
    ) -> Option<Updated> {
        let mut others = self.kept_problems(pages, kept, diags);
        let keys = self.data_keys(pages);
        let shifts = keys.shifts != kept.keys.shifts;
        // Only for pages that show nothing else that changed.
        let text = text.filter(|_| keys.global == kept.keys.global && !shifts);
        let all = all || keys.global != kept.keys.global;
        self.mark_boxes(all || kept.marks.is_some());
        if all && self.marks.is_some() && text.is_none() {
            kept.marks = Some(HashMap::new());
        }
        let mut splice = Splice {
            old: std::mem::take(&mut kept.block),
            new: self.snippets.on_call.clone(),
            pages: Vec::new(),
        };
        let (again, text_pages) = self.runbooks_again(
            pages,
            kept,
            &keys,
            (all, shifts, text.as_ref()),
            &mut splice,
        );
        let this: &Renderer = self;
        let (mut jobs, _) = this.jobs(
            pages
                .iter()
                .zip(&again)
                .filter(|(_, a)| **a)
                .map(|(p, _)| p),
            tree,
        );
        if let Some(only) = only {
            jobs.retain(|job| matches!(job, Job::Runbook(_)) || only.contains(job_template(job)));
        }
        let mut files = this.render_jobs(&jobs, tree, &mut others);
        if !others.is_empty() {
            return None;
        }
        let count = files.len();
        let (total_pages, text) = match only {
            // The same pages as before: the sitemap and the redirects are as written, but
            // for the alerts' own pages after their template changed.
            Some(only) => {
                if only.contains("alert.html") {
                    files.extend(this.redirect_files(&mut others)?);
                }
                (
                    None,
                    TextSplice {
                        edit: text.flatten(),
                        pages: text_pages,
                    },
                )
            }
            None => (
                Some(this.sitemap_and_redirects(pages, &again, &mut files, &mut others)?),
                TextSplice::default(),
            ),
        };
        kept.keys = keys;
        self.merge_marks(kept);
        kept.block = splice.new.clone();
        Some(Updated {
            files,
            pages: count,
            total_pages,
            splice,
            text,
        })
    }

    /// Whether to render each runbook page again, in the order of `pages`, and the pages
    /// a template's `text` edit alone changed (see [`TextSplice`]), from what they show
    /// now (`keys`) and showed (`kept`); the pages whose on-call box alone changed
    /// (`shifts`) go to `splice` instead, when the kept render knows where their box is.
    /// `all`: every runbook page is rendered again.
    fn runbooks_again(
        &self,
        pages: &[RunbookPage<'a>],
        kept: &mut Kept,
        keys: &DataKeys,
        (all, shifts, text): (bool, bool, Option<&Option<TextEdit>>),
        splice: &mut Splice,
    ) -> (Vec<bool>, Vec<(usize, String)>) {
        let mut text_pages = Vec::new();
        // Folder pages list the alerts their runbooks answer: always rendered again.
        let mut again = Vec::with_capacity(pages.len());
        for (i, p) in pages.iter().enumerate() {
            let shows = keys.shows_shifts[i];
            let same = keys.pages[i] == kept.keys.pages[i] && shows == kept.keys.shows_shifts[i];
            if let (Some(edit), true) = (text, same) {
                if edit.is_some() {
                    let path = format!("{}index.html", runbook_path(&p.runbook.slug));
                    text_pages.push((i, path));
                }
                again.push(false);
                continue;
            }
            let mut render = all
                || p.runbook.is_index
                || keys.pages[i] != kept.keys.pages[i]
                || shows != kept.keys.shows_shifts[i];
            if !render && shows && shifts {
                // Only who is on call changed for this page: the box replaced in place.
                let at = kept
                    .marks
                    .as_mut()
                    .filter(|_| self.marks.is_some())
                    .and_then(|m| m.get_mut(p.runbook.slug.as_str()));
                match at {
                    Some(at) if splice.old != splice.new && !at.is_empty() => {
                        let path = format!("{}index.html", runbook_path(&p.runbook.slug));
                        splice.pages.push((path, at.clone()));
                        *at = crate::render::splice::moved(at, &splice.old, &splice.new);
                    }
                    Some(_) => {}
                    None => render = true,
                }
            }
            again.push(render);
        }
        (again, text_pages)
    }

    /// Adds the sitemap and the redirects to `files`, the pages rendered again (of the
    /// runbook pages, those `again` says; the others are where they were), and returns how
    /// many pages the site has.
    fn sitemap_and_redirects(
        &self,
        pages: &[RunbookPage<'a>],
        again: &[bool],
        files: &mut Vec<OutputFile>,
        others: &mut Diagnostics,
    ) -> Option<usize> {
        // The sitemap names every page.
        let mut paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        paths.extend(
            pages
                .iter()
                .zip(again)
                .filter(|(_, a)| !**a)
                .map(|(p, _)| format!("{}index.html", runbook_path(&p.runbook.slug))),
        );
        let total = paths
            .iter()
            .filter(|p| p.ends_with(".html") && !p.starts_with("_nav/"))
            .count();
        files.extend(self.sitemap(&paths));
        files.extend(self.redirect_files(others)?);
        Some(total)
    }

    /// The redirects and the alerts' own pages (`alert.html`); `None` when that template
    /// failed (its problems in `others`): a full build tells them, as `build` does.
    fn redirect_files(&self, others: &mut Diagnostics) -> Option<Vec<OutputFile>> {
        let Some(routes) = self.routes else {
            return Some(Vec::new());
        };
        let sink = Sink::memory();
        self.redirects(routes, &sink, others);
        others.is_empty().then(|| sink.into_files())
    }
}

/// The template a job's page is rendered from (see [`Renderer::render_job`]).
fn job_template(job: &Job) -> &'static str {
    match job {
        Job::Home(_) => "home.html",
        Job::Pipelines => "pipelines.html",
        Job::Pipeline(_) => "pipeline.html",
        Job::Engineers => "engineers.html",
        Job::Engineer(_) => "engineer.html",
        Job::Runbook(_) => "runbook.html",
        Job::Section(_) => "section.html",
        Job::OnCall => "oncall.html",
        Job::Coverage => "coverage.html",
        Job::Alerts => "alerts.html",
        Job::Search => "search.html",
        Job::NotFound => "404.html",
        Job::Offline => "offline.html",
        Job::Tree(_) => "tree.html",
    }
}

/// The templates that a change of the templates named `changed` reaches, from the theme's
/// templates `before` and `after` the change: those of pages (see [`job_template`]) among
/// them are the pages to render again. Every template is asked, so that the list of the
/// theme's templates stays the theme loader's alone.
pub fn pages_reached(
    before: &[(String, String)],
    after: &[(String, String)],
    changed: &HashSet<&str>,
) -> HashSet<String> {
    let names: HashSet<&str> = before
        .iter()
        .chain(after)
        .map(|(n, _)| n.as_str())
        .collect();
    names
        .into_iter()
        .filter(|page| {
            let mut used = crate::render::template_deps::dependencies(before, page, false);
            used.extend(crate::render::template_deps::dependencies(
                after, page, false,
            ));
            used.iter().any(|t| changed.contains(t))
        })
        .map(str::to_string)
        .collect()
}

/// A value hashed by its JSON form (what templates see of it).
fn key<T: serde::Serialize>(value: &T) -> u64 {
    serde_json::to_vec(value).map_or(0, |bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
}
