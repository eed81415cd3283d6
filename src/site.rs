//! Runs the stages in order (load, validate, schedule, render, feeds, write) and times each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::diagnostics::{Diagnostics, Location};
use crate::feeds;
use crate::load;
use crate::model::Site;
use crate::render::{Renderer, Urls};
use crate::schedule;
use crate::validate;
use crate::write::{self, Sink};
use rayon::prelude::*;

pub mod incremental;
mod no_runbooks;
mod schedule_report;
mod timing;

use timing::Timer;
pub use timing::{phase_report, Phase};

/// What to build, and from where.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder holding `content/` and `themes/`.
    pub root: PathBuf,
    /// Where the site goes; `None` means `ROOT/public`. For `check`, the site it would
    /// replace (whose addresses must still lead somewhere).
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml` (Netlify deploy previews).
    pub base_url: Option<String>,
    /// The build's clock: which shift is "now", and every feed's `DTSTAMP`.
    pub now: DateTime<Utc>,
    /// Treat warnings as errors: nothing is written and the run fails.
    pub deny_warnings: bool,
    /// A preview build (pull request): a banner on every page, and `noindex`.
    pub preview: bool,
}

/// The result of a `build` or `check`.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    /// Text of every file read, by displayed path, for source snippets in diagnostics.
    pub sources: BTreeMap<String, String>,
    pub pages: usize,
    pub feeds: usize,
    /// Pages in the search index.
    pub searchable: usize,
    pub other_files: usize,
    pub phases: Vec<Phase>,
    /// Time the search index took after the runbooks were rendered (each runbook is
    /// counted as it renders), within the render phase.
    pub search_time: Option<Duration>,
    /// Where the site was written, if it was.
    pub written_to: Option<PathBuf>,
    /// Whether warnings count as errors.
    pub deny_warnings: bool,
    /// A usage error that stopped the build before it began (a refused `--output`),
    /// with its hint: exit status 2.
    pub usage_error: Option<String>,
    /// What `-v` says about the schedule: the back-to-back shifts it holds and why.
    pub schedule_report: String,
    /// The site this build replaced, being removed (see [`write::Removal`]): dropping
    /// the outcome waits for it.
    pub removal: write::Removal,
}

impl Outcome {
    /// Errors, or warnings under `--deny-warnings`.
    pub fn failed(&self) -> bool {
        self.usage_error.is_some()
            || self.diagnostics.has_errors()
            || (self.deny_warnings && self.diagnostics.warning_count() > 0)
    }

    pub fn total_time(&self) -> Duration {
        self.phases.iter().map(|p| p.took).sum()
    }
}

/// The clock of a build: `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) when given, else the current time. A clock beyond the year 2999 (the last
/// date content may hold) is refused, so that the schedule's horizon stays computable.
pub fn clock(source_date_epoch: Option<&str>) -> Result<DateTime<Utc>, String> {
    /// 3000-01-01T00:00:00Z.
    const LAST: i64 = 32_503_680_000;
    match source_date_epoch {
        None => Ok(Utc::now()),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|secs| (0..LAST).contains(secs))
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH=`{s}` is not a number of seconds since 1970 (before the year 3000)"
                )
            }),
    }
}

/// `pipebook build`: checks that the output may be written (see [`write::check_output`];
/// `force` lets it replace a folder pipebook did not write), waits for any other build
/// into the same output, then [`run`]s, holding the lock until the site is in place.
pub fn build(opts: &Options, force: bool) -> Outcome {
    let given = output_of(opts);
    let sources = source_folders(&opts.root);
    let output = match write::check_output(&opts.root, &given, &sources, force) {
        Ok(output) => output,
        Err(refused) => {
            return Outcome {
                usage_error: Some(refused.to_string()),
                ..Outcome::default()
            }
        }
    };
    let lock = match write::OutputLock::acquire(&output, |lock| {
        eprintln!(
            "waiting for another build into `{}` to finish (it holds `{}`)",
            given.display(),
            lock.display()
        );
    }) {
        Ok(lock) => lock,
        Err(e) => {
            let mut out = Outcome::default();
            cannot_write(&given, &e, &mut out.diagnostics);
            return out;
        }
    };
    let mut out = run(opts, true);
    // Held until the site replaced is gone: a next build waits for that.
    out.removal.hold(lock);
    out
}

/// The folders of the site's sources under `root`, which no output may lie in or hold.
fn source_folders(root: &Path) -> Vec<write::Source<'static>> {
    let mut folders = vec![
        write::Source {
            name: "content/",
            path: root.join("content"),
        },
        write::Source {
            name: "themes/",
            path: root.join("themes"),
        },
    ];
    // The runbook folder, where site.yaml's `runbooks` moves it out of content/. The root
    // itself is refused as an output anyway.
    let runbooks = load::folder::configured(root);
    if !runbooks.is_empty() && !runbooks.starts_with("content/") {
        folders.push(write::Source {
            name: "runbook",
            path: load::folder::path(root, &runbooks),
        });
    }
    folders
}

/// Where `pipebook schema` may write (`output`, else `ROOT/schemas`): anywhere but where
/// [`build`] may not write either, except that it may add to a folder of other files.
pub fn schema_output(root: &Path, output: Option<PathBuf>) -> Result<PathBuf, write::Refused> {
    let dir = output.unwrap_or_else(|| root.join("schemas"));
    write::check_place(root, &dir, &source_folders(root), "--output")?;
    Ok(dir)
}

/// Where a build writes, as given: `--output`, else `ROOT/public`.
fn output_of(opts: &Options) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"))
}

/// Validates the site and renders it, writing it only if `write` is set and nothing failed.
/// Takes no lock and checks nothing about the output (`serve` writes into fresh folders of
/// its own); `build` goes through [`build`].
pub fn run(opts: &Options, write: bool) -> Outcome {
    let mut timer = Timer::new();
    let mut diags = Diagnostics::new();
    // Each page is rendered once: its body is read again then, not held from here on.
    let (mut site, parsed) = load::load_front_matter(&opts.root, &mut diags);
    no_runbooks::check(&opts.root, &site, &mut diags);
    if opts.preview {
        crate::trust::restrict_for_preview(&mut site, &mut diags);
    }
    timer.lap("load");
    let mode = if write { Mode::Build } else { Mode::Check };
    run_loaded(opts, &site, parsed, diags, timer, mode, None)
}

/// Everything `build` does to a site given as bytes (paths under `content/`, see
/// [`load::load_from_memory`]), the search index included, except writing: for the fuzz
/// targets.
#[doc(hidden)]
pub fn run_in_memory(opts: &Options, files: &[(&str, &[u8])]) -> Outcome {
    let mut timer = Timer::new();
    let mut diags = Diagnostics::new();
    let (site, parsed) = load::load_from_memory(files, &mut diags);
    timer.lap("load");
    run_loaded(opts, &site, parsed, diags, timer, Mode::InMemory, None)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `check`: validate and render, no search index, nothing written.
    Check,
    /// `build`: everything, written to the output folder.
    Build,
    /// Everything but the writing, and no previous site.
    InMemory,
}

/// The stages after loading.
fn run_loaded(
    opts: &Options,
    site: &Site,
    parsed: load::Parsed,
    diagnostics: Diagnostics,
    mut timer: Timer,
    mode: Mode,
    keep: Option<&mut incremental::Keep>,
) -> Outcome {
    let mut out = Outcome {
        deny_warnings: opts.deny_warnings,
        diagnostics,
        ..Outcome::default()
    };
    stages(opts, mode, site, parsed, &mut out, &mut timer, keep);
    // Source snippets only when there is something to show.
    if !out.diagnostics.is_empty() {
        out.sources = source_texts(site, &out.diagnostics);
    }
    out.phases = timer.phases;
    out
}

/// Validation, and the routes (aliases, alerts, jobs) with the alert rules checked
/// against them: what [`stages`] does first.
pub(crate) fn validated<'s>(
    opts: &Options,
    site: &'s Site,
    parsed: load::Parsed,
    diags: &mut Diagnostics,
) -> crate::routes::Routes<'s> {
    let today = opts.now.with_timezone(&site.config.timezone).date_naive();
    validate::validate(site, parsed, today, diags);
    // Aliases, alert and job routes, and the alert rules checked against them.
    let mut routes = crate::routes::Routes::build(site, diags);
    crate::alerts::check::check(site, &mut routes, diags);
    if let Some(url) = &opts.base_url {
        if let Err(why) = validate::base_url_problem(url) {
            diags.error(
                Location::file("--base-url"),
                format!("--base-url `{url}` {why}"),
                "pass the site's public address, such as `https://ops.example.com/`",
            );
        }
    }
    routes
}

/// The hint that the build's clock may be wrong (before 2020), which the reviews and the
/// schedule each add to their first warning, kept on the first warning shown alone.
pub(crate) fn clock_told_once(opts: &Options, site: &Site, diags: &mut Diagnostics) {
    let today = opts.now.with_timezone(&site.config.timezone).date_naive();
    if let Some(note) = validate::clock_hint(today) {
        diags.once_in_all(&note);
    }
}

/// The resolved schedule, its problems reported, and the back-to-back report.
pub(crate) fn scheduled(
    opts: &Options,
    site: &Site,
    diags: &mut Diagnostics,
) -> (schedule::Schedule, String) {
    // The team as published: time-off reasons stay private unless site.yaml says so.
    let team = crate::privacy::schedule_team(&site.team, &site.config);
    let resolved = schedule::resolve(&site.oncall, &team, &site.pipelines, opts.now);
    let report = schedule_report::report(site, &resolved, diags);
    (resolved.schedule, report)
}

/// `_headers`: hosts that read it (Netlify, `serve`) send every page its policy, and
/// every copied file sandboxed. `collisions` are the assets not copied (see
/// [`validate::page_collisions`]).
pub(crate) fn headers_file(
    site: &Site,
    renderer: &Renderer,
    collisions: &std::collections::HashMap<&str, &crate::model::Runbook>,
) -> String {
    crate::render::headers::netlify_headers(
        &renderer.page_policy(),
        renderer.is_preview(),
        site.assets
            .iter()
            .map(|a| a.rel_path.as_str())
            .filter(|p| !collisions.contains_key(p)),
    )
}

/// Everything after loading, in order; stops at the first stage that found errors.
fn stages(
    opts: &Options,
    mode: Mode,
    site: &Site,
    parsed: load::Parsed,
    out: &mut Outcome,
    timer: &mut Timer,
    keep: Option<&mut incremental::Keep>,
) {
    let diags = &mut out.diagnostics;
    // The theme's templates compile beside validation, which does not read them.
    let (mut routes, theme) = rayon::join(
        || validated(opts, site, parsed, diags),
        || crate::render::Theme::compile(site),
    );
    timer.lap("validate");
    if diags.has_errors() {
        return;
    }
    let (schedule, report) = scheduled(opts, site, diags);
    clock_told_once(opts, site, diags);
    out.schedule_report = report;
    timer.lap("schedule");
    if out.diagnostics.has_errors() {
        return;
    }

    let diags = &mut out.diagnostics;
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let Some(mut renderer) =
        Renderer::with_theme(theme, site, (&schedule, &urls), opts.preview, diags)
    else {
        return;
    };
    if keep.is_some() {
        renderer.keep_pages();
    }
    let Some(target) = Target::prepare(opts, mode, site, &routes, diags) else {
        return;
    };
    if let Some(ledger) = target.sink.ledger() {
        ledger.read_as(&renderer.stamps(), crate::render::offline_page);
    }
    feeds::warn_rewritten(site, &schedule, &urls, &target.previous, diags);
    feeds::warn_duties_rewritten(site, &schedule, &urls, &target.previous, diags);
    feeds::warn_uid_host_changed(site, &urls, &target.previous, diags);
    feeds::warn_former_taken(site, &urls, &target.previous, diags);
    // Every address is checked: rendering needs the routes, not the lookups.
    routes.forget_pages();
    renderer.set_routes(&routes);
    let before_render = keep.is_some().then(|| diags.clone());
    // The feeds need no page: they are made beside the pages, on whichever core is
    // free, rather than after them.
    let (rendered, feeds) = rayon::join(
        || render(opts, mode, site, &mut renderer, &target.sink, out),
        || write_feeds(site, &schedule, &urls, &target, mode),
    );
    timer.lap("render");

    let (feeds, largest) = feeds;
    out.feeds = feeds;
    if let Some(largest) = largest {
        feeds::warn_oversized(site, &largest, &mut out.diagnostics);
    }
    write_diagram_files(&target.sink, rendered.diagram_pages);
    timer.lap("feeds");

    let index = &rendered.search.build;
    write_assets(site, &renderer, &target.sink, index, &mut out.diagnostics);
    out.other_files = target.sink.count() - out.pages - out.feeds - rendered.search.files;
    if let (Some(keep), Some(before_render)) = (keep, before_render) {
        keep.fill(
            before_render,
            renderer.take_kept(),
            target.sink.ledger().map(crate::write::Ledger::entries),
            target.sink.ledger().map(|ledger| {
                let stamps = renderer.stamps().map(String::from).to_vec();
                (ledger.seen_entries(), stamps)
            }),
            &schedule,
        );
    }
    commit(opts, mode, target, out);
    if mode == Mode::Build {
        timer.lap("write");
    }
}

/// Where a build's files go, and what it read of the site it replaces.
struct Target {
    /// The output as given (`--output`, else `ROOT/public`).
    given: PathBuf,
    /// The feeds' previous revisions (see `load::previous`).
    previous: crate::model::Revisions,
    /// The staging folder (`build`), or nowhere (`check`).
    sink: Sink,
}

impl Target {
    /// Puts the output back in order after a killed build, reads what the site being
    /// replaced published (its addresses must still lead somewhere, its feeds' revisions
    /// go on), and opens the staging folder; `None` after reporting why not.
    fn prepare(
        opts: &Options,
        mode: Mode,
        site: &Site,
        routes: &crate::routes::Routes,
        diags: &mut Diagnostics,
    ) -> Option<Target> {
        let write = mode == Mode::Build;
        let given = output_of(opts);
        // Two spellings of one folder are one output, and the swap happens where a symbolic
        // link leads, not to the link.
        let output = write::resolve(&given).unwrap_or_else(|_| given.clone());
        // The feeds continue the revisions of the site being replaced (see load::previous):
        // read them from a complete site, so after recovering from a killed build.
        let previous = if write {
            if let Err(e) = write::recover(&output) {
                diags.error(
                    Location::file(given.display().to_string()),
                    format!(
                        "cannot clear what an earlier build left beside `{}`: {e}",
                        given.display()
                    ),
                    "the previous site was left as it was; build again once that is done",
                );
                return None;
            }
            let shown = given.strip_prefix(&opts.root).unwrap_or(&given);
            load::previous_revisions(&output, shown, diags)
        } else {
            Default::default()
        };
        if mode != Mode::InMemory && !still_published(opts, site, routes, &output, diags) {
            return None;
        }
        // Files go to a staging folder as they are made (see write); `check` discards them.
        let sink = if write {
            match Sink::stage(&output) {
                Ok(sink) => sink,
                Err(e) => {
                    cannot_write(&given, &e, diags);
                    return None;
                }
            }
        } else {
            Sink::discard()
        };
        Some(Target {
            given,
            previous,
            sink,
        })
    }
}

/// Every page, and the search index beside them (not for `check`, which writes nothing).
fn render(
    opts: &Options,
    mode: Mode,
    site: &Site,
    renderer: &mut Renderer,
    sink: &Sink,
    out: &mut Outcome,
) -> crate::render::RenderStats {
    let search = mode != Mode::Check && site.config.search;
    // Files of the repository that runbooks link to are looked up on disk; a site in
    // memory has none.
    let repository = |paths: &[String]| match mode {
        Mode::InMemory => paths
            .iter()
            .map(|p| (p.clone(), crate::model::RepoEntry::Missing))
            .collect(),
        Mode::Check | Mode::Build => load::repository::probe(&opts.root, paths),
    };
    let rendered = renderer.render_all(
        search,
        sink,
        &repository,
        &load::whole_text,
        &mut out.diagnostics,
    );
    // Who owns what, for the search box's answer card (see render::answers).
    if search {
        let answers = renderer.answers();
        sink.put(&answers.path, &answers.bytes);
    }
    out.search_time = rendered.search_time;
    out.pages = rendered.pages;
    out.searchable = rendered.search.pages;
    rendered
}

/// The calendar feeds, the content files' schemas and the theme's static files; returns
/// the number of feeds, and the largest too large for Google Calendar, if any (see
/// `feeds::oversized`).
fn write_feeds(
    site: &Site,
    schedule: &schedule::Schedule,
    urls: &Urls,
    target: &Target,
    mode: Mode,
) -> (usize, Option<feeds::Oversized>) {
    let sink = &target.sink;
    let feed_files = feeds::build(site, schedule, urls, &target.previous);
    for f in &feed_files {
        sink.put(&f.path, &f.bytes);
    }
    // The schemas of the content files, for editors pointing at the live site. They do
    // not depend on the content, so a build in memory (fuzzing) leaves them out.
    if mode != Mode::InMemory {
        for (name, json) in crate::schema::all() {
            sink.put(&format!("schema/{name}"), json.as_bytes());
        }
    }
    // The critical CSS and head script are in every page instead (see render::inline).
    let inlined = [
        crate::render::inline::CRITICAL_CSS,
        crate::render::inline::HEAD_SCRIPT,
    ];
    for (name, bytes) in &site.theme.static_files {
        if !inlined.contains(&name.as_str()) {
            let served = crate::render::inline::served(name, bytes);
            sink.put(&format!("static/{name}"), &served);
        }
    }
    let count = feed_files
        .iter()
        .filter(|f| f.path.ends_with(".ics"))
        .count();
    (count, feeds::oversized(&feed_files))
}

/// The diagram renderer, for a site that has a diagram (see render::diagrams).
fn write_diagram_files(sink: &Sink, diagram_pages: usize) {
    if diagram_pages > 0 {
        use crate::render::diagrams::{files, sizes, FOLDER, SIZES};
        for (name, bytes) in files() {
            sink.put(&format!("{FOLDER}{name}"), bytes);
        }
        sink.put(&format!("{FOLDER}{SIZES}"), sizes().as_bytes());
    }
}

/// The runbooks' assets, `_headers`, the web app manifest, and last the offline files,
/// whose cache version is the digest of everything written before them (`index`: the
/// search index's build, which the service worker checks the index's files against).
fn write_assets(
    site: &Site,
    renderer: &Renderer,
    sink: &Sink,
    index: &str,
    diags: &mut Diagnostics,
) {
    let collisions = validate::page_collisions(site);
    site.assets
        .par_iter()
        .filter(|a| !collisions.contains_key(a.rel_path.as_str()))
        .for_each(|a| {
            let path = format!("runbooks/{}", a.rel_path);
            match &a.cleaned {
                Some(bytes) => sink.put(&path, bytes),
                None => sink.copy(&path, &a.source),
            }
        });
    let headers = headers_file(site, renderer, &collisions);
    sink.put("_headers", headers.as_bytes());
    let manifest = renderer.manifest();
    sink.put(&manifest.path, &manifest.bytes);
    if let Some(ledger) = sink.ledger() {
        for file in renderer.offline_files(ledger, index, diags) {
            sink.put(&file.path, &file.bytes);
        }
    }
}

/// Swaps the staged site in (`build`), unless something failed (or warned, under
/// `--deny-warnings`): then the previous site stays as it was.
fn commit(opts: &Options, mode: Mode, target: Target, out: &mut Outcome) {
    let diags = &mut out.diagnostics;
    let denied = opts.deny_warnings && diags.warning_count() > 0;
    let commit = mode == Mode::Build && !diags.has_errors() && !denied;
    match target.sink.finish(commit) {
        Ok(removal) if commit => {
            out.written_to = Some(target.given);
            out.removal = removal;
        }
        Ok(_) => {}
        Err(e) => cannot_write(&target.given, &e, diags),
    }
}

/// Whether every address the site in `output` published still leads somewhere (see
/// `routes::moved`). A preview's previous output may be another branch's, so there a
/// moved address only warns. A previous output built for another base URL than this
/// build's or site.yaml's is not checked when it, or this build, is a preview's (Netlify
/// keeps one build cache per site): its pull request's pages were never production's. A
/// production build over production's output of another base is a domain move
/// (site.yaml's `base_url` changed): every address it published must still lead
/// somewhere, on the new domain too.
fn still_published(
    opts: &Options,
    site: &Site,
    routes: &crate::routes::Routes,
    output: &Path,
    diags: &mut Diagnostics,
) -> bool {
    let Some(published) = load::published(output) else {
        return true;
    };
    let own = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let home = Urls::new(&site.config.base_url);
    let moved_domain = !opts.preview && !published.preview;
    if ![own.base_url, home.base_url].contains(&published.base) && !moved_domain {
        return true;
    }
    let severity = if opts.preview {
        crate::diagnostics::Severity::Warning
    } else {
        crate::diagnostics::Severity::Error
    };
    crate::routes::moved::check(site, routes, &published, severity, diags);
    !diags.has_errors()
}

fn cannot_write(output: &Path, e: &std::io::Error, diags: &mut Diagnostics) {
    use std::io::ErrorKind;
    let what = match e.kind() {
        // The new site is written whole beside the previous one, then swapped in.
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "free space on that disk: the new site is written whole beside the previous one before it takes its place, so both must fit"
        }
        ErrorKind::ReadOnlyFilesystem => {
            "that disk is mounted read-only: pass an --output on a writable one"
        }
        _ => "check that the output folder's parent exists and is writable",
    };
    diags.error(
        Location::file(output.display().to_string()),
        format!("cannot write the site to `{}`: {e}", output.display()),
        format!("{what}; the previous site was left as it was"),
    );
}

/// The text of each file a problem was found in, for the snippets.
pub(crate) fn source_texts(site: &Site, diags: &Diagnostics) -> BTreeMap<String, String> {
    let named: std::collections::HashSet<&str> = diags
        .sorted()
        .into_iter()
        .map(|d| d.location.file.as_str())
        .collect();
    let s = &site.sources;
    let data = [&s.site, &s.team, &s.pipelines, &s.oncall]
        .into_iter()
        .chain(site.alert_rules.iter().map(|f| &f.source))
        .filter(|f| !f.text.is_empty() && named.contains(f.display.as_str()))
        .map(|f| (f.display.clone(), f.text.clone()));
    // A runbook's body may have been left on disk (see `load::with_body`).
    let runbooks = site
        .runbooks
        .iter()
        .filter(|r| named.contains(r.source.display.as_str()))
        .map(|r| {
            let whole = load::with_body(r, &mut Diagnostics::new());
            (whole.source.display.clone(), whole.source.text.clone())
        });
    data.chain(runbooks.filter(|(_, text)| !text.is_empty()))
        .chain(s.codeowners.clone())
        .collect()
}

/// The summary line of a build or check.
pub fn summary(out: &Outcome, root: &Path) -> String {
    let ms = out.total_time().as_secs_f64() * 1000.0;
    let warnings = match out.diagnostics.warning_count() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    match &out.written_to {
        Some(dir) => format!(
            "Built {} pages, {} feeds, a search index of {} pages and {} other files into {} in {ms:.0} ms{warnings}",
            out.pages,
            out.feeds,
            out.searchable,
            out.other_files,
            dir.strip_prefix(root).unwrap_or(dir).display(),
        ),
        None => format!(
            "Checked {} pages and {} feeds in {ms:.0} ms{warnings}",
            out.pages, out.feeds
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_to_make_room_for_both_sites() {
        let mut diags = Diagnostics::new();
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        cannot_write(Path::new("public"), &full, &mut diags);
        let hint = diags.sorted()[0].hint.clone().unwrap_or_default();
        assert!(hint.starts_with("free space on that disk"), "{hint}");
    }

    #[test]
    fn clock_takes_seconds_since_1970_before_3000() {
        assert_eq!(
            clock(Some("1795694400")).unwrap().timestamp(),
            1_795_694_400
        );
        for bad in ["-1", "32503680000", "9223372036854775807", "soon"] {
            assert!(clock(Some(bad)).is_err(), "{bad}");
        }
    }

    /// A site in memory has no repository around it: a link out of the runbook folder
    /// leads nowhere, as it would in an empty repository.
    #[test]
    fn in_memory_links_out_of_the_runbook_folder_lead_nowhere() {
        let opts = Options {
            root: PathBuf::from("/nonexistent"),
            output: None,
            base_url: None,
            now: clock(Some("1795694400")).unwrap(),
            deny_warnings: false,
            preview: false,
        };
        let files: [(&str, &[u8]); 1] = [("runbooks/a.md", b"# A\n\n[x](../../scripts/x.sh)\n")];
        let out = run_in_memory(&opts, &files);
        let messages: Vec<_> = out
            .diagnostics
            .sorted()
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            messages,
            ["link `../../scripts/x.sh` points to `scripts/x.sh`, which does not exist"]
        );
    }

    /// The fuzz targets' path: the example site from memory builds as from disk.
    #[test]
    fn the_example_site_builds_in_memory() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for entry in walkdir::WalkDir::new(&content) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&content).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let opts = Options {
            root: content.parent().unwrap().to_path_buf(),
            output: None,
            base_url: None,
            now: clock(Some("1795694400")).unwrap(),
            deny_warnings: false,
            preview: false,
        };
        let memory = run_in_memory(&opts, &files);
        assert_eq!(
            memory.diagnostics.error_count(),
            0,
            "{:?}",
            memory.diagnostics
        );
        let disk = run(&opts, false);
        assert_eq!((memory.pages, memory.feeds), (disk.pages, disk.feeds));
        assert!(memory.searchable > 0);
    }
}
