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
//! templates or some keys of `site.yaml` changed (`data::config_in_place`), the pages they
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

mod data;
mod output;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{run_loaded, source_texts, Mode, Options, Outcome, Timer};
use crate::diagnostics::Diagnostics;
use crate::load;
use crate::model::Site;
use crate::render::{Kept, Renderer, Urls};
use crate::schedule::Schedule;
use crate::search::Doc;
use crate::write::{OutputFile, Sink};
use output::{is_search_file, Output};

/// The data files an update reads again (see [`load::reload_data`]; for `site.yaml`, see
/// `data::config_in_place`).
const DATA_FILES: [&str; 4] = ["site.yaml", "team.yaml", "pipelines.yaml", "oncall.yaml"];

/// What a full build hands over to [`Incremental`] (see `stages`).
#[derive(Default)]
pub struct Keep {
    before_render: Option<Diagnostics>,
    kept: Option<Kept>,
    files: Option<Vec<(String, u64, u128)>>,
    /// What a reader sees of the pages kept offline (see `Ledger::read_as`), and the
    /// stamps left out of it.
    seen: Option<output::Seen>,
    schedule: Option<Schedule>,
}

impl Keep {
    pub(super) fn fill(
        &mut self,
        before_render: Diagnostics,
        kept: Option<Kept>,
        files: Option<Vec<(String, u64, u128)>>,
        seen: Option<output::Seen>,
        schedule: &Schedule,
    ) {
        self.before_render = Some(before_render);
        self.kept = kept;
        self.files = files;
        self.seen = seen;
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
    /// The search index's documents as the last update left the site, gathered with its
    /// routes and renderer once its files were written (see [`Incremental::update_with`]),
    /// until [`Incremental::search_job`] takes them.
    search: Option<SearchJob>,
}

/// What an update did.
pub struct Update {
    /// Problems of the whole site, as a full build would report them; the texts they
    /// quote are left out (see [`Incremental::source_texts`]).
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
        // As `build` does: `serve` of a tree whose Markdown lies outside its runbook
        // folder showed an empty site without a word.
        super::no_runbooks::check(&opts.root, &site, &mut diags);
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
            seen,
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
            out: Output::new(output, files, seen),
            by_path,
            pages: out.pages,
            feeds: out.feeds,
            search: None,
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
        self.update_with(changed, |_| {})
    }

    /// [`Incremental::update`], calling `served` as soon as the files are written (what
    /// `serve` tells open pages), then gathering the search index's documents for
    /// [`Incremental::search_job`] with the update's own routes and renderer: building
    /// them again for the documents was about 75 M instructions at 10,000 runbooks, on
    /// `serve`'s thread.
    pub fn update_with(
        &mut self,
        changed: &[PathBuf],
        served: impl FnOnce(&Update),
    ) -> Option<Update> {
        // Documents of a site that is about to change.
        self.search = None;
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
            return (!others)
                .then(|| self.update_data(&data, theme, served))
                .flatten();
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
        let (routes, renderer) =
            routes_and_renderer(site, &self.schedule, &urls, self.opts.preview);
        let mut renderer = renderer?;
        renderer.set_routes(&routes);
        timer.lap("routes");
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
        let update = Update {
            outcome: outcome(diags, self.pages, self.feeds, &self.out.dir, timer),
            rendered: updated.pages,
            spliced: 0,
            written,
            search: site.config.search,
        };
        served(&update);
        renderer.refresh_keys(&mut self.kept);
        self.search = gather(site, &mut renderer, &mut self.kept);
        Some(update)
    }

    /// The search index's documents as the site is now: call it after an update, once
    /// the pages are served (it goes over every page, unless the update gathered them).
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let site = &self.site;
        if !site.config.search {
            return None;
        }
        if let Some(job) = self.search.take() {
            return Some(job);
        }
        let urls = self.urls();
        let (routes, renderer) =
            routes_and_renderer(site, &self.schedule, &urls, self.opts.preview);
        let mut renderer = renderer?;
        renderer.set_routes(&routes);
        gather(site, &mut renderer, &mut self.kept)
    }

    fn urls(&self) -> Urls {
        Urls::new(
            self.opts
                .base_url
                .as_deref()
                .unwrap_or(&self.site.config.base_url),
        )
    }

    /// The texts that `diagnostics` (an update's: see [`Update::outcome`]) quote, by file,
    /// for [`Diagnostics::render`]: made once the update is served.
    pub fn source_texts(&self, diagnostics: &Diagnostics) -> BTreeMap<String, String> {
        if diagnostics.is_empty() {
            return BTreeMap::new();
        }
        source_texts(&self.site, diagnostics)
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
        // With the routes: offline.json lists the redirect pages apart (aliases, job
        // routes), as a full build does; without them they were listed as pages.
        let (routes, renderer) =
            routes_and_renderer(site, &self.schedule, &urls, self.opts.preview);
        let Some(mut renderer) = renderer else {
            return Ok(written);
        };
        renderer.set_routes(&routes);
        Ok(written + self.out.offline_files(&renderer, &mut scratch)?)
    }
}

/// The search index's documents, from the kept pages, when the site has an index.
fn gather(site: &Site, renderer: &mut Renderer, kept: &mut Kept) -> Option<SearchJob> {
    site.config.search.then(|| SearchJob {
        docs: renderer.search_docs_of(kept),
        synonyms: site.config.search_synonyms.clone(),
        answers: renderer.answers(),
    })
}

/// The site's routes and a renderer of it (without the routes: see
/// [`Renderer::set_routes`]), built side by side: neither needs the other, and each is
/// 10 to 20 ms of a runbook's update on a 10,000-runbook site.
fn routes_and_renderer<'a>(
    site: &'a Site,
    schedule: &'a Schedule,
    urls: &'a Urls,
    preview: bool,
) -> (crate::routes::Routes<'a>, Option<Renderer<'a>>) {
    // Their problems are the full build's, kept: not reported again.
    rayon::join(
        || crate::routes::Routes::build(site, &mut Diagnostics::new()),
        || Renderer::new(site, schedule, urls, preview, &mut Diagnostics::new()),
    )
}

/// An update's outcome: the problems of the whole site, without the texts they quote
/// (see [`Incremental::source_texts`]): on a site with many warnings, reading and
/// indexing those texts was 15 ms of every update, which the page need not wait for.
fn outcome(
    diagnostics: Diagnostics,
    pages: usize,
    feeds: usize,
    dir: &Path,
    timer: Timer,
) -> Outcome {
    Outcome {
        diagnostics,
        pages,
        feeds,
        written_to: Some(dir.to_path_buf()),
        phases: timer.phases,
        ..Outcome::default()
    }
}
