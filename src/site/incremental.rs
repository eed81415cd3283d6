//! Updating a built site in place after runbooks changed (`serve`'s quick path).
//!
//! [`Incremental::build`] is a full build that keeps what the next update needs: the
//! model, the schedule, the problems found before rendering, each runbook's rendered
//! Markdown (see [`crate::render::Kept`]) and the path, size and hash of every file
//! written. [`Incremental::update`] takes the files that changed; when they are all
//! runbooks it knows, with their front matter unchanged byte for byte (so that their
//! pipelines, aliases, alerts, dates and every problem located there stay as they were),
//! it renders the Markdown of those runbooks and the pages they reach again, rewrites
//! only the files whose bytes changed (each by a rename, so a reader gets the old file or
//! the new one, never part of one; on the thread pool). After the data files, the
//! templates or some keys of `site.yaml` changed ([`config_in_place`]), the pages they
//! reach are rendered again over the kept Markdown: after templates alone, only the pages
//! made from the templates that changed or use one that did.
//! Its problems are a full build's: those found before rendering
//! are kept, every page's own are kept by page, the anchors are checked again over all
//! pages. Anything else gives `None`: the caller builds the whole site instead.
//!
//! The search index follows: [`Update::search`] holds its documents, which
//! [`SearchJob::run`] turns into the index's files (seconds on a large site, so `serve`
//! runs it on another thread) and [`Incremental::apply_search`] writes, with `sw.js` and
//! `offline.json` (their version is the digest of every file, the index's included).
//! Until then these are the previous ones.
//!
//! The clock stays the full build's: the pages not rendered again show its time, so the
//! pages rendered again must too.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{run_loaded, source_texts, Mode, Options, Outcome, Timer};
use crate::diagnostics::Diagnostics;
use crate::load;
use crate::model::Site;
use crate::render::{Kept, Renderer, Urls};
use crate::schedule::Schedule;
use crate::search::Doc;
use crate::write::{Ledger, OutputFile, Sink};

/// The data files an update reads again (see [`load::reload_data`]; for `site.yaml`, see
/// [`config_in_place`]).
const DATA_FILES: [&str; 4] = ["site.yaml", "team.yaml", "pipelines.yaml", "oncall.yaml"];

/// What a full build hands over to [`Incremental`] (see `stages`).
#[derive(Default)]
pub struct Keep {
    before_render: Option<Diagnostics>,
    kept: Option<Kept>,
    files: Option<Vec<(String, u64, u128)>>,
    schedule: Option<Schedule>,
}

impl Keep {
    pub(super) fn fill(
        &mut self,
        before_render: Diagnostics,
        kept: Option<Kept>,
        files: Option<Vec<(String, u64, u128)>>,
        schedule: &Schedule,
    ) {
        self.before_render = Some(before_render);
        self.kept = kept;
        self.files = files;
        self.schedule = Some(schedule.clone());
    }
}

/// A built site and what it was built from, ready for updates.
pub struct Incremental {
    opts: Options,
    site: Site,
    schedule: Schedule,
    /// The problems found loading the site, and those found before rendering.
    load_diags: Diagnostics,
    before_render: Diagnostics,
    kept: Kept,
    out: Output,
    /// Runbooks by the path of their file.
    by_path: HashMap<PathBuf, usize>,
    /// What the full build counted, for the summary of an update.
    pages: usize,
    feeds: usize,
}

/// What an update did.
pub struct Update {
    /// Problems of the whole site, as a full build would report them.
    pub outcome: Outcome,
    /// Pages rendered again.
    pub rendered: usize,
    /// Pages changed in place as written, without rendering them (see
    /// [`crate::render::splice`]).
    pub spliced: usize,
    /// Files rewritten.
    pub written: usize,
    /// Whether the search index is to be built again (see [`Incremental::search_job`]).
    pub search: bool,
}

/// The documents of the search index after an update.
pub struct SearchJob {
    docs: Vec<Doc<'static>>,
    synonyms: Vec<Vec<String>>,
    /// `search/answers.json`, which names runbooks by their titles and goes with the index.
    answers: OutputFile,
}

impl SearchJob {
    /// The files of the index.
    pub fn run(self) -> Vec<OutputFile> {
        let sink = Sink::memory();
        crate::search::build_with(&self.docs, &sink, &self.synonyms);
        sink.put(&self.answers.path, &self.answers.bytes);
        sink.into_files()
    }
}

impl Incremental {
    /// Builds the site (as [`super::run`] with `write`, into `opts.output`) and keeps what
    /// updates need, when the build succeeded.
    pub fn build(opts: &Options) -> (Outcome, Option<Incremental>) {
        let mut timer = Timer::new();
        let mut diags = Diagnostics::new();
        let (mut site, parsed) = load::load(&opts.root, &mut diags);
        if opts.preview {
            crate::trust::restrict_for_preview(&mut site, &mut diags);
        }
        timer.lap("load");
        let load_diags = diags.clone();
        let mut keep = Keep::default();
        let out = run_loaded(
            opts,
            &site,
            parsed,
            diags,
            timer,
            Mode::Build,
            Some(&mut keep),
        );
        let (Some(output), false) = (out.written_to.clone(), out.failed()) else {
            return (out, None);
        };
        let Keep {
            before_render: Some(before_render),
            kept: Some(kept),
            files: Some(files),
            schedule: Some(schedule),
        } = keep
        else {
            return (out, None);
        };
        if !kept.usable(site.runbooks.len()) {
            return (out, None);
        }
        let folder = load::folder::path(&opts.root, &site.runbook_folder);
        let by_path = site
            .runbooks
            .iter()
            .enumerate()
            .map(|(i, rb)| (folder.join(&rb.rel_path), i))
            .collect();
        let inc = Incremental {
            opts: opts.clone(),
            schedule,
            load_diags,
            before_render,
            kept,
            out: Output {
                dir: output,
                files: files
                    .into_iter()
                    .map(|(path, len, hash)| (path, (len, hash)))
                    .collect(),
            },
            by_path,
            pages: out.pages,
            feeds: out.feeds,
            site,
        };
        (out, Some(inc))
    }

    /// Whether the site has a search index (which follows an update: see
    /// [`Incremental::search_job`]).
    pub fn has_search(&self) -> bool {
        self.site.config.search
    }

    /// The folder the site is in.
    pub fn output(&self) -> &Path {
        &self.out.dir
    }

    /// Updates the output after `changed` (absolute paths) changed. `None` when the
    /// change needs a full build, or the update found errors (a full build reports them
    /// without touching the output); the output may then hold part of the update, and
    /// this `Incremental` must not be used again.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Update> {
        let content = self.opts.root.join("content");
        let themes = self.opts.root.join("themes");
        // Gone, and nothing a build read: an editor's temporary file.
        let unseen =
            |p: &PathBuf| !self.by_path.contains_key(p) && fs::symlink_metadata(p).is_err();
        let data: Vec<&str> = DATA_FILES
            .into_iter()
            .filter(|name| changed.contains(&content.join(name)))
            .collect();
        let theme = changed.iter().any(|p| p.starts_with(&themes));
        let others = changed.iter().any(|p| {
            !DATA_FILES.iter().any(|name| *p == content.join(name))
                && !p.starts_with(&themes)
                && !unseen(p)
        });
        if !data.is_empty() || theme {
            return (!others).then(|| self.update_data(&data, theme)).flatten();
        }
        let mut timer = Timer::new();
        let mut indexes = Vec::new();
        for path in changed {
            match self.by_path.get(path) {
                Some(&i) => indexes.push(i),
                None if unseen(path) => {}
                None => return None,
            }
        }
        indexes.sort_unstable();
        indexes.dedup();
        for &i in &indexes {
            let path = &changed[changed
                .iter()
                .position(|p| self.by_path.get(p) == Some(&i))?];
            let new = load::reread_runbook(path, &self.site.runbooks[i])?;
            self.site.runbooks[i] = new;
        }
        timer.lap("read");

        let site = &self.site;
        let urls = self.urls();
        let mut scratch = Diagnostics::new();
        let routes = crate::routes::Routes::build(site, &mut scratch);
        timer.lap("routes");
        let mut renderer =
            Renderer::new(site, &self.schedule, &urls, self.opts.preview, &mut scratch)?;
        renderer.set_routes(&routes);
        timer.lap("renderer");
        let root = self.opts.root.clone();
        let repository = move |paths: &[String]| load::repository::probe(&root, paths);
        let mut diags = self.before_render.clone();
        let updated = renderer.update(&mut self.kept, &indexes, &repository, &mut diags)?;
        timer.lap("render");
        if diags.has_errors() {
            return None;
        }
        let written = self
            .out
            .write(site, &renderer, &updated.files, &mut diags)
            .ok()?;
        timer.lap("write");
        Some(Update {
            outcome: outcome(site, diags, self.pages, self.feeds, &self.out.dir, timer),
            rendered: updated.pages,
            spliced: 0,
            written,
            search: site.config.search,
        })
    }

    /// Updates the output after the data files `names` (under `content/`) changed, or the
    /// theme's templates (`theme`), the runbooks not: every page but the runbook pages
    /// that show nothing that changed (see `Renderer::update_data`), the feeds,
    /// `_headers`, the manifest; files no longer made go. As [`Incremental::update`]
    /// otherwise.
    fn update_data(&mut self, names: &[&str], theme: bool) -> Option<Update> {
        let mut timer = Timer::new();
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
        let routes = super::validated(&self.opts, site, parsed, &mut diags);
        if diags.has_errors() {
            return None;
        }
        timer.lap("validate");
        let (schedule, _) = super::scheduled(&self.opts, site, &mut diags);
        if diags.has_errors() {
            return None;
        }
        timer.lap("schedule");
        let mut renderer = Renderer::new(site, &schedule, &urls, self.opts.preview, &mut diags)?;
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
        let (mut spliced_text, mut text_written) = (0, 0);
        if let Some(edit) = &updated.text.edit {
            let (texts, again) = self.out.replace_texts(&updated.text.pages, edit).ok()?;
            (spliced_text, text_written) = (texts.len(), texts.len());
            for (i, at) in texts {
                let slug = &site.runbooks[i].slug;
                self.kept
                    .moved_text(slug, at, edit.old.len(), edit.new.len());
            }
            if !again.is_empty() {
                rendered += again.len();
                files.extend(renderer.render_runbooks(&mut self.kept, &again)?);
            }
            timer.lap("text");
        }
        let mut feed_count = self.feeds;
        if only.is_none() {
            let feeds = crate::feeds::build(site, &schedule, &urls, &Default::default());
            feed_count = feeds.iter().filter(|f| f.path.ends_with(".ics")).count();
            files.extend(feeds);
        }
        let collisions = crate::validate::page_collisions(site);
        let headers = super::headers_file(site, &renderer, &collisions);
        files.push(OutputFile {
            path: "_headers".into(),
            bytes: headers.into_bytes(),
        });
        files.push(renderer.manifest());
        timer.lap("feeds");

        // What the data cannot change: runbook pages not rendered again, copied files,
        // the theme's, the schemas, the search index (which follows).
        let mut kept_files: HashSet<String> = site
            .runbooks
            .iter()
            .map(|rb| crate::render::runbook_page_file(&rb.slug))
            .collect();
        kept_files.extend(
            site.assets
                .iter()
                .map(|a| format!("runbooks/{}", a.rel_path)),
        );
        let made: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = self
            .out
            .files
            .keys()
            .filter(|p| {
                only.is_none()
                    && !made.contains(p.as_str())
                    && !kept_files.contains(*p)
                    && !is_search_file(p)
                    && ![crate::render::SERVICE_WORKER, crate::render::OFFLINE_LIST]
                        .contains(&p.as_str())
                    && !["static/", "schema/"].iter().any(|d| p.starts_with(d))
            })
            .cloned()
            .collect();
        let mut written = text_written;
        for path in gone {
            fs::remove_file(self.out.dir.join(&path)).ok()?;
            self.out.files.remove(&path);
            written += 1;
        }
        // Pages whose on-call box alone changed: the box replaced in the page as written
        // (before `sw.js` and `offline.json`, which name the digest of every file).
        let splice = &updated.splice;
        let dir = &self.out.dir;
        let spliced: Vec<Option<OutputFile>> = splice
            .pages
            .par_iter()
            .map(|(path, at)| {
                let bytes = fs::read(dir.join(path)).ok()?;
                Some(OutputFile {
                    path: path.clone(),
                    bytes: splice.apply(&bytes, at)?,
                })
            })
            .collect();
        let spliced: Vec<OutputFile> = spliced.into_iter().collect::<Option<_>>()?;
        written += self.out.put_all(&spliced).ok()?;
        drop(spliced);
        if !updated.splice.pages.is_empty() {
            timer.lap("splice");
        }
        written += self.out.write(site, &renderer, &files, &mut diags).ok()?;
        timer.lap("write");
        let search = site.config.search;
        drop(renderer);
        drop(routes);
        self.schedule = schedule;
        self.before_render = before_render;
        self.pages = updated.total_pages.unwrap_or(self.pages);
        self.feeds = feed_count;
        Some(Update {
            outcome: outcome(
                &self.site,
                diags,
                self.pages,
                self.feeds,
                &self.out.dir,
                timer,
            ),
            rendered,
            spliced: updated.splice.pages.len() + spliced_text,
            written,
            search,
        })
    }

    /// The search index's documents as the site is now: call it after an update, once
    /// the pages are served (it goes over every page).
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let site = &self.site;
        if !site.config.search {
            return None;
        }
        let urls = self.urls();
        let mut scratch = Diagnostics::new();
        let routes = crate::routes::Routes::build(site, &mut scratch);
        let mut renderer =
            Renderer::new(site, &self.schedule, &urls, self.opts.preview, &mut scratch)?;
        renderer.set_routes(&routes);
        let docs = renderer.search_docs_of(&mut self.kept);
        Some(SearchJob {
            docs,
            synonyms: site.config.search_synonyms.clone(),
            answers: renderer.answers(),
        })
    }

    fn urls(&self) -> Urls {
        Urls::new(
            self.opts
                .base_url
                .as_deref()
                .unwrap_or(&self.site.config.base_url),
        )
    }

    /// Writes the files of a search index (see [`SearchJob::run`]) in place of the
    /// previous index's, then `sw.js` and `offline.json` again. Returns the files written.
    pub fn apply_search(&mut self, files: &[OutputFile]) -> io::Result<usize> {
        let mut written = 0;
        let fresh: std::collections::HashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = self
            .out
            .files
            .keys()
            .filter(|p| is_search_file(p) && !fresh.contains(p.as_str()))
            .cloned()
            .collect();
        for path in gone {
            fs::remove_file(self.out.dir.join(&path))?;
            self.out.files.remove(&path);
            written += 1;
        }
        written += self.out.put_all(files)?;
        let urls = self.urls();
        let site = &self.site;
        let mut scratch = Diagnostics::new();
        let Some(renderer) =
            Renderer::new(site, &self.schedule, &urls, self.opts.preview, &mut scratch)
        else {
            return Ok(written);
        };
        Ok(written + self.out.offline_files(&renderer, &mut scratch)?)
    }
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

/// The output folder, and the size and hash of each of its files (see [`Ledger::hash`]).
struct Output {
    dir: PathBuf,
    files: HashMap<String, Entry>,
}

/// A file's size and hash (see [`Ledger::hash`]).
type Entry = (u64, u128);

/// What [`Output::replace_texts`] did: the runbooks whose pages it changed, with where the
/// text was in each; those whose pages are to be rendered again.
type TextsMade = (Vec<(usize, usize)>, Vec<usize>);

/// An update's outcome: the problems of the whole site, with the texts they quote.
fn outcome(
    site: &Site,
    diagnostics: Diagnostics,
    pages: usize,
    feeds: usize,
    dir: &Path,
    timer: Timer,
) -> Outcome {
    let sources = if diagnostics.is_empty() {
        Default::default()
    } else {
        source_texts(site, &diagnostics)
    };
    Outcome {
        diagnostics,
        sources,
        pages,
        feeds,
        written_to: Some(dir.to_path_buf()),
        phases: timer.phases,
        ..Outcome::default()
    }
}

impl Output {
    /// Writes the files of an update whose bytes changed; then, without a search index,
    /// `sw.js` and `offline.json` (with one, they follow it: their version is the digest
    /// of every file, the index's included, and the page is served first). How many
    /// files it wrote.
    fn write(
        &mut self,
        site: &Site,
        renderer: &Renderer,
        files: &[OutputFile],
        diags: &mut Diagnostics,
    ) -> io::Result<usize> {
        let mut written = self.put_all(files)?;
        if !site.config.search {
            written += self.offline_files(renderer, diags)?;
        }
        Ok(written)
    }

    /// Makes `edit` (see [`crate::render::template_deps::text_edit`]) in the runbook pages
    /// at `pages` (index, file) as written, each read, changed and written in one go on
    /// the thread pool (not held together: 10,000 pages are 300 MB). Where the text was
    /// in each page changed, and the indexes of those that do not hold `edit.old` once,
    /// to render again.
    fn replace_texts(
        &mut self,
        pages: &[(usize, String)],
        edit: &crate::render::template_deps::TextEdit,
    ) -> io::Result<TextsMade> {
        let dir = &self.dir;
        // Per page: the runbook, where the text was and the file's entry; or the runbook
        // to render again.
        type Made = Result<(usize, usize, Entry), usize>;
        let done: Vec<io::Result<Made>> = pages
            .par_iter()
            .map(|(i, path)| {
                let Ok(bytes) = fs::read(dir.join(path)) else {
                    return Ok(Err(*i));
                };
                let Some((bytes, at)) = edit.apply(&bytes) else {
                    return Ok(Err(*i));
                };
                replace(dir, path, &bytes)?;
                let entry = (bytes.len() as u64, Ledger::hash(path, &bytes));
                Ok(Ok((*i, at, entry)))
            })
            .collect();
        let (mut changed, mut again) = (Vec::new(), Vec::new());
        for (d, (_, path)) in done.into_iter().zip(pages) {
            match d? {
                Ok((i, at, entry)) => {
                    self.files.insert(path.clone(), entry);
                    changed.push((i, at));
                }
                Err(i) => again.push(i),
            }
        }
        Ok((changed, again))
    }

    /// `sw.js` and `offline.json`, from every other file of the output.
    fn offline_files(&mut self, renderer: &Renderer, diags: &mut Diagnostics) -> io::Result<usize> {
        let ledger = Ledger::default();
        for (path, (len, hash)) in &self.files {
            if ![crate::render::SERVICE_WORKER, crate::render::OFFLINE_LIST]
                .contains(&path.as_str())
            {
                ledger.add(path, *hash, *len);
            }
        }
        let mut written = 0;
        for file in renderer.offline_files(&ledger, diags) {
            written += usize::from(self.put(&file.path, &file.bytes)?);
        }
        Ok(written)
    }

    /// Writes one file of the output when its bytes changed, by a rename. Whether it did.
    fn put(&mut self, path: &str, bytes: &[u8]) -> io::Result<bool> {
        let hash = Ledger::hash(path, bytes);
        let entry = (bytes.len() as u64, hash);
        if self.files.get(path) == Some(&entry) {
            return Ok(false);
        }
        replace(&self.dir, path, bytes)?;
        self.files.insert(path.to_string(), entry);
        Ok(true)
    }

    /// [`Output::put`] for each of `files` (each path once), on the thread pool: after a
    /// template edit on the 10,000-runbook site that is 10,000 pages, whose writing took
    /// 340 ms of CPU on one thread. How many it wrote.
    fn put_all(&mut self, files: &[OutputFile]) -> io::Result<usize> {
        let mut paths = HashSet::with_capacity(files.len());
        if !files.iter().all(|f| paths.insert(f.path.as_str())) {
            // The last of a path's files is the one written, as one after the other.
            let mut written = 0;
            for f in files {
                written += usize::from(self.put(&f.path, &f.bytes)?);
            }
            return Ok(written);
        }
        let (dir, known) = (&self.dir, &self.files);
        let done: Vec<io::Result<Option<(String, Entry)>>> = files
            .par_iter()
            .map(|f| {
                let entry = (f.bytes.len() as u64, Ledger::hash(&f.path, &f.bytes));
                if known.get(&f.path) == Some(&entry) {
                    return Ok(None);
                }
                replace(dir, &f.path, &f.bytes)?;
                Ok(Some((f.path.clone(), entry)))
            })
            .collect();
        let mut written = 0;
        for result in done {
            if let Some((path, entry)) = result? {
                self.files.insert(path, entry);
                written += 1;
            }
        }
        Ok(written)
    }
}

/// Replaces the file at `path` under `dir` by `bytes`, by a rename from a temporary file of
/// its own (a reader gets the old file or the new one, never part of one).
fn replace(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let target = dir.join(path);
    let temp = dir.join(format!(
        ".pipebook-update-{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    fs::write(&temp, bytes)?;
    match fs::rename(&temp, &target) {
        // A new folder: rarely, so not asked of every file.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&temp, &target)
        }
        other => other,
    }
    .inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// A file of the search index (the search page aside).
fn is_search_file(path: &str) -> bool {
    path.starts_with("search/") && path != "search/index.html"
}
