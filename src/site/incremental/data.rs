//! Updating the output after the data files, the theme's templates or some keys of
//! `site.yaml` changed, the runbooks not (see [`Incremental::update`]): every page but the
//! runbook pages that show nothing that changed, over the kept Markdown.

use std::collections::HashSet;

use super::{outcome, Incremental, Output, Update};
use crate::diagnostics::Diagnostics;
use crate::load;
use crate::render::{Kept, Renderer};
use crate::site::Timer;
use crate::write::OutputFile;

/// What [`Incremental::reload`] read again.
struct Reloaded {
    /// Whether runbook pages are to be rendered again whatever they show: `site.yaml`
    /// changed in place, or a template runbook pages are made from.
    runbook_templates: bool,
    /// After the templates changed: the templates of the pages they reach (see
    /// [`crate::render::pages_reached`]).
    reached: Option<HashSet<String>>,
    /// After the templates alone changed: the text edit that runbook pages change by,
    /// when one does (see [`crate::render::template_deps::text_edit`]).
    text_edit: Option<Option<crate::render::template_deps::TextEdit>>,
}

/// The feeds (when `feeds`: a change to templates alone leaves them as they were),
/// `_headers` and the manifest, added to `files`; how many calendar feeds there are, when
/// made.
fn site_files(
    site: &crate::model::Site,
    (schedule, urls): (&crate::schedule::Schedule, &crate::render::Urls),
    renderer: &Renderer,
    feeds: bool,
    files: &mut Vec<OutputFile>,
) -> Option<usize> {
    let mut feed_count = None;
    if feeds {
        let feeds = crate::feeds::build(site, schedule, urls, &Default::default());
        feed_count = Some(feeds.iter().filter(|f| f.path.ends_with(".ics")).count());
        files.extend(feeds);
    }
    let collisions = crate::validate::page_collisions(site);
    let headers = crate::site::headers_file(site, renderer, &collisions);
    files.push(OutputFile {
        path: "_headers".into(),
        bytes: headers.into_bytes(),
    });
    files.push(renderer.manifest());
    feed_count
}

impl Incremental {
    /// Updates the output after the data files `names` (under `content/`) changed, or the
    /// theme's templates (`theme`), the runbooks not: every page but the runbook pages
    /// that show nothing that changed (see `Renderer::update_data`), the feeds,
    /// `_headers`, the manifest; files no longer made go. As [`Incremental::update`]
    /// otherwise.
    pub(super) fn update_data(
        &mut self,
        names: &[&str],
        theme: bool,
        served: impl FnOnce(&Update),
    ) -> Option<Update> {
        let mut timer = Timer::new();
        let Reloaded {
            runbook_templates,
            reached,
            text_edit,
        } = self.reload(names, theme)?;
        // Templates alone: the pages are the same, and so are the feeds.
        let only: Option<HashSet<&str>> = reached
            .as_ref()
            .filter(|_| names.is_empty())
            .map(|pages| pages.iter().map(String::as_str).collect());
        timer.lap("load");
        let urls = self.urls();
        let site = &self.site;
        let mut diags = self.load_diags.clone();
        let parsed = load::Parsed {
            team: true,
            pipelines: true,
            oncall: true,
        };
        // The schedule first (a few ms), then the validation beside the templates'
        // compiling: neither reads what the other makes, and the validation runs on one
        // core (30 to 50 ms on a 10,000-runbook site). Their problems in the order a
        // full build reports them.
        let mut scheduled = Diagnostics::new();
        let (schedule, _) = crate::site::scheduled(&self.opts, site, &mut scheduled);
        timer.lap("schedule");
        let mut compiled = Diagnostics::new();
        let (routes, renderer) = rayon::join(
            || crate::site::validated(&self.opts, site, parsed, &mut diags),
            || Renderer::new(site, &schedule, &urls, self.opts.preview, &mut compiled),
        );
        if diags.has_errors() {
            return None;
        }
        timer.lap("validate");
        diags.extend(scheduled);
        crate::site::clock_told_once(&self.opts, site, &mut diags);
        if diags.has_errors() {
            return None;
        }
        diags.extend(compiled);
        let mut renderer = renderer?;
        renderer.set_routes(&routes);
        let before_render = diags.clone();
        let updated = renderer.update_data(
            &mut self.kept,
            runbook_templates,
            only.as_ref(),
            text_edit,
            &mut diags,
        )?;
        if diags.has_errors() {
            return None;
        }
        timer.lap("render");
        let mut files = updated.files;
        let mut rendered = updated.pages;
        let mut spliced_text = 0;
        if let Some(edit) = &updated.text.edit {
            let (texts, again) = apply_text(
                (&mut self.out, &mut self.kept),
                site,
                &mut renderer,
                (edit, &updated.text.pages),
                &mut files,
            )?;
            spliced_text = texts;
            rendered += again;
            timer.lap("text");
        }
        let feeds = only.is_none();
        let feed_count = site_files(site, (&schedule, &urls), &renderer, feeds, &mut files)
            .unwrap_or(self.feeds);
        timer.lap("feeds");

        let mut written = spliced_text;
        if only.is_none() {
            written += self.out.remove_gone(site, &files).ok()?;
        }
        // Pages whose on-call box alone changed: the box replaced in the page as written
        // (before `sw.js` and `offline.json`, which name the digest of every file).
        written += self.out.splice_pages(&updated.splice)?;
        if !updated.splice.pages.is_empty() {
            timer.lap("splice");
        }
        written += self.out.write(site, &renderer, &files, &mut diags).ok()?;
        timer.lap("write");
        let pages = updated.total_pages.unwrap_or(self.pages);
        let update = Update {
            outcome: outcome(diags, pages, feed_count, &self.out.dir, timer),
            rendered,
            spliced: updated.splice.pages.len() + spliced_text,
            written,
            search: site.config.search,
        };
        served(&update);
        // The index's documents with this update's renderer (see `update_with`).
        self.search = super::gather(site, &mut renderer, &mut self.kept);
        drop(renderer);
        drop(routes);
        self.schedule = schedule;
        self.before_render = before_render;
        self.pages = pages;
        self.feeds = feed_count;
        Some(update)
    }

    /// Reads the data files `names` again, and the theme if `theme`: `None` when the
    /// change needs a full build (a data file's own problems, a `site.yaml` key that
    /// does not change in place, a file that cannot be read).
    fn reload(&mut self, names: &[&str], theme: bool) -> Option<Reloaded> {
        // The data files' own problems as loaded: a full build tells them again.
        let located = |d: &&crate::diagnostics::Diagnostic| {
            names
                .iter()
                .any(|n| d.location.file == format!("content/{n}"))
        };
        if self.load_diags.sorted().iter().any(located) {
            return None;
        }
        let mut config = false;
        for name in names {
            let before = self.site.config.clone();
            load::reload_data(&self.opts.root, name, &mut self.site)?;
            if *name == "site.yaml" {
                if self.opts.preview {
                    // What a preview does not apply is a warning at its line: a full build's.
                    let mut scratch = Diagnostics::new();
                    crate::trust::restrict_for_preview(&mut self.site, &mut scratch);
                    if !scratch.is_empty() {
                        return None;
                    }
                }
                if !config_in_place(&before, &self.site.config) {
                    return None;
                }
                config = true;
            }
        }
        // A page shows what its templates make of it: if one changed, every page made
        // from it is rendered again. When the data did not change, only those.
        let mut reached = None;
        let mut text_edit = None;
        if theme {
            let before = self.site.theme.templates.clone();
            load::reload_theme(&self.opts.root, &mut self.site)?;
            let after = &self.site.theme.templates;
            let text = |list: &[(String, String)], name: &str| {
                list.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone())
            };
            let changed: HashSet<&str> = before
                .iter()
                .chain(after)
                .map(|(n, _)| n.as_str())
                .filter(|n| text(&before, n) != text(after, n))
                .collect();
            reached = Some(crate::render::pages_reached(&before, after, &changed));
            // Templates alone: a runbook page may change by a text alone, put in place in
            // the page as written instead of rendering 10,000 pages.
            if names.is_empty() {
                text_edit = crate::render::template_deps::text_edit(&before, after, "runbook.html");
            }
        }
        // What site.yaml changes in place may show on any page (see `config_in_place`).
        let runbook_templates = config
            || reached
                .as_ref()
                .is_some_and(|pages| pages.contains("runbook.html"));
        Some(Reloaded {
            runbook_templates,
            reached,
            text_edit,
        })
    }
}

/// Makes a template's text `edit` in the runbook pages as written at `pages` (see
/// [`Output::replace_texts`]) and renders again, into `files`, those that do not hold
/// the text once. How many pages it changed as written, and how many it rendered.
fn apply_text(
    (out, kept): (&mut Output, &mut Kept),
    site: &crate::model::Site,
    renderer: &mut Renderer,
    (edit, pages): (&crate::render::template_deps::TextEdit, &[(usize, String)]),
    files: &mut Vec<OutputFile>,
) -> Option<(usize, usize)> {
    let (texts, again) = out.replace_texts(pages, edit).ok()?;
    let changed = texts.len();
    for (i, at) in texts {
        let slug = &site.runbooks[i].slug;
        kept.moved_text(slug, at, edit.old.len(), edit.new.len());
    }
    if !again.is_empty() {
        files.extend(renderer.render_runbooks(kept, &again)?);
    }
    Some((changed, again.len()))
}

/// Whether `site.yaml` going from `before` to `after` is an update in place: rendering
/// every page again over the kept Markdown, with the feeds and the search index. Only for
/// keys that no runbook's Markdown, no file's place and no copied file depends on: the
/// title, `edit_url`, the time zone (dates shown, reviews due) and
/// `review_interval_days`. Any other key needs a full build: `search`, `theme`,
/// `runbooks`, `repository` and `branch` (which links in runbooks read), `heading_ids`,
/// `sanitize_html`, `broken_links`, `base_url` (alert rules' runbook links are read
/// against it, even when the build is given another), the alerts' keys, the privacy
/// keys, `retired_urls`, `search_synonyms`.
fn config_in_place(before: &crate::model::SiteConfig, after: &crate::model::SiteConfig) -> bool {
    let mut same = after.clone();
    same.title.clone_from(&before.title);
    same.edit_url.clone_from(&before.edit_url);
    same.timezone = before.timezone;
    same.review_interval_days = before.review_interval_days;
    same == *before
}
