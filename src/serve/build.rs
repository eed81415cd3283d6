//! The build loop: a build per burst of changes, published to the server only when it
//! succeeded. A build that fails, or panics, changes nothing that is served but the error
//! text, and leaves no folder behind.
//!
//! A change to runbook bodies alone updates the served folder in place (see
//! [`crate::site::incremental`]): the pages it reaches, each file by a rename, then the
//! version, so open pages reload. The search index follows on a thread of its own (one
//! core at most, so that the next update is not kept waiting); until it is written every
//! reply carries `x-pipebook-search-index: stale` and every page a note saying so.
//! Any other change, or one the update cannot place, is a full build into a fresh folder.

use std::any::Any;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::headers::Rules;
use super::state::{SiteDir, State, Trash};
use super::watch::{changed_paths, describe_changes, Event, Watching};
use crate::site::incremental::{Incremental, SearchJob};
use crate::site::{self, Options as BuildOptions, Outcome};

/// A hidden hook for the tests of the panic guard: when this variable names a file
/// (relative to the root) that exists, every build panics. No content is known to make a
/// build panic, so the tests need a way to make one.
pub const TEST_PANIC_VAR: &str = "PIPEBOOK_SERVE_TEST_PANIC";

/// Runs builds and publishes their results to the server.
pub struct Builder {
    pub root: PathBuf,
    /// The temporary folder every build goes into.
    pub temp: PathBuf,
    pub base_url: String,
    pub verbose: bool,
    /// Names the server's start in the version, so a restart reloads open pages too.
    pub started: u128,
    pub count: u64,
    pub state: watch::Sender<State>,
    /// `netlify.toml`'s rules, applied after each site's own `_headers`.
    pub config_rules: Rules,
    /// What updates the served site in place, when the last build allows it.
    pub incremental: Option<Incremental>,
    /// Where the search thread reports.
    pub events: Sender<Event>,
    pub search: SearchQueue,
    /// Removes the folders of replaced builds, off this thread.
    pub trash: Arc<Trash>,
}

/// The search index being built again after updates: one at a time, the latest waiting.
#[derive(Default)]
pub struct SearchQueue {
    /// Counts updates that need the index, and full builds (which make it whole).
    generation: u64,
    running: bool,
    waiting: Option<(u64, SearchJob)>,
    started: Option<Instant>,
}

/// How a build ended.
enum Ended {
    Built(Outcome, Option<Box<Incremental>>),
    Failed(Outcome),
    /// Could not start (no folder for it), or panicked: the message.
    Broke(String),
}

impl Builder {
    /// Rebuilds on every burst of changes until Ctrl-C.
    pub fn watch_loop(&mut self, rx: &Receiver<Event>, watching: &mut Watching) {
        while let Ok(event) = rx.recv() {
            let mut changed = Vec::new();
            let mut stop = false;
            let mut indexes = Vec::new();
            // Whatever came in during the last build is handled by one rebuild.
            for event in std::iter::once(event).chain(rx.try_iter()) {
                match event {
                    Event::Stop => stop = true,
                    Event::Changed(events) => changed_paths(events, &mut changed),
                    Event::Search(generation, files) => indexes.push((generation, files)),
                }
            }
            if stop {
                return;
            }
            if watching.refresh(&mut changed) {
                // content/ deleted or back: an update in place would miss it.
                self.incremental = None;
            }
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                self.build(&changed);
            }
            for (generation, files) in indexes {
                self.search_done(generation, files);
            }
        }
    }

    /// Updates the served site after `changed`, or builds it whole into a fresh folder
    /// and, if it built, serves that from now on.
    pub fn build(&mut self, changed: &[PathBuf]) {
        if !changed.is_empty() && self.update(changed) {
            return;
        }
        // A full build makes the search index whole: what is on its way is out of date.
        self.search.generation += 1;
        self.search.waiting = None;
        self.incremental = None;
        self.count += 1;
        let folder = self.temp.join(format!("build-{}", self.count));
        let output = folder.join("site");
        let start = Instant::now();
        let ended = self.run_guarded(&folder, &output);
        let took = start.elapsed();

        let (published, error) = match &ended {
            Ended::Built(outcome, _) => {
                eprint!("{}", outcome.diagnostics.render(&outcome.sources));
                let rules = self.site_rules(&output);
                let site = SiteDir {
                    folder: folder.clone(),
                    site: output,
                    rules,
                    trash: Some(self.trash.clone()),
                };
                (Some(Arc::new(site)), None)
            }
            Ended::Failed(outcome) => {
                let printed = outcome.diagnostics.render(&outcome.sources);
                eprint!("{printed}");
                (None, Some(printed))
            }
            Ended::Broke(message) => {
                let text = format!("error: {message}\n");
                eprint!("{text}");
                (None, Some(text))
            }
        };
        if published.is_none() {
            // Whatever a failed or panicked build left (little: the write comes last),
            // removed at once so that nothing of it is ever seen.
            let _ = fs::remove_dir_all(&folder);
        }
        let mut previous = None;
        let version: Arc<str> = Arc::from(format!("{:x}-{}", self.started, self.count));
        let built = published.is_some();
        self.state.send_modify(|s| {
            if let Some(site) = published {
                previous = s.site.replace(site);
                s.search_stale = false;
            }
            s.error = error.map(Arc::from);
            s.version = version;
        });
        // The previous folder goes once no request uses it (possibly right here), on the
        // trash's thread.
        drop(previous);
        self.report(&ended, took, changed);
        if let (true, Ended::Built(_, incremental)) = (built, ended) {
            self.incremental = incremental.map(|b| *b);
        }
    }

    /// Updates the served site in place after `changed`, if it can (see
    /// [`Incremental::update`]); whether it did.
    fn update(&mut self, changed: &[PathBuf]) -> bool {
        let Some(incremental) = self.incremental.as_mut() else {
            return false;
        };
        // Said before the first page is rewritten: a reader who gets it knows the search
        // index is behind.
        if incremental.has_search() {
            self.state.send_modify(|s| s.search_stale = true);
        }
        let start = Instant::now();
        let cpu = update_cpu();
        let (state, count, started) = (&self.state, &mut self.count, self.started);
        // When the files were written, and the CPU time then.
        let mut served = None;
        // The new version as soon as the files are written: open pages reload while the
        // update gathers the search index's documents.
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            incremental.update_with(changed, |update| {
                served = Some((start.elapsed(), update_cpu()));
                *count += 1;
                let version: Arc<str> = Arc::from(format!("{started:x}-{count}"));
                let stale = update.search;
                state.send_modify(|s| {
                    s.error = None;
                    s.version = version;
                    s.search_stale |= stale;
                });
            })
        }));
        let gathered = start.elapsed();
        let (Ok(Some(update)), Some((took, cpu_now))) = (result, served) else {
            // It may have written part of an update: the next build starts afresh.
            self.incremental = None;
            return false;
        };
        let cpu = cpu_now.zip(cpu).map(|(now, then)| now.saturating_sub(then));
        let stale = update.search;
        // The index follows on its own thread, while the problems are printed.
        let job = stale
            .then_some(self.incremental.as_mut())
            .flatten()
            .and_then(|incremental| {
                panic::catch_unwind(AssertUnwindSafe(|| incremental.search_job()))
                    .ok()
                    .flatten()
            });
        let has_job = job.is_some();
        if let Some(job) = job {
            self.search.generation += 1;
            self.search.waiting = Some((self.search.generation, job));
            self.next_search();
        }
        let outcome = &update.outcome;
        // The texts the problems quote, now that the update is served.
        let sources = self
            .incremental
            .as_ref()
            .map(|i| i.source_texts(&outcome.diagnostics))
            .unwrap_or_default();
        eprint!("{}", outcome.diagnostics.render(&sources));
        let warnings = match outcome.diagnostics.warning_count() {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        println!(
            "Rebuilt{} in {:.0} ms: {} pages, {} feeds{warnings} (updated in place{}: {} pages \
             rendered, {}{} files written{})",
            describe_changes(&self.root, changed),
            took.as_secs_f64() * 1000.0,
            outcome.pages,
            outcome.feeds,
            cpu.map(|c| format!(", CPU {:.0} ms", c.as_secs_f64() * 1000.0))
                .unwrap_or_default(),
            update.rendered,
            match update.spliced {
                0 => String::new(),
                n => format!("{n} changed as written, "),
            },
            update.written,
            if stale {
                "; the search index follows"
            } else {
                ""
            },
        );
        if self.verbose {
            print!("{}", site::phase_report(outcome));
            if has_job {
                println!(
                    "  search documents gathered in {:.1} ms",
                    gathered.saturating_sub(took).as_secs_f64() * 1000.0
                );
            }
        }
        true
    }

    /// Starts the waiting search job, unless one runs.
    fn next_search(&mut self) {
        if self.search.running {
            return;
        }
        let Some((generation, job)) = self.search.waiting.take() else {
            return;
        };
        let events = self.events.clone();
        // One thread of its own: the pages' updates keep the shared pool.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "pipebook-search".into())
            .start_handler(|_| lower_priority())
            .build();
        let spawned = std::thread::Builder::new()
            .name("pipebook-search".into())
            .spawn(move || {
                lower_priority();
                let run = || panic::catch_unwind(AssertUnwindSafe(|| job.run())).ok();
                let files = match pool {
                    Ok(pool) => pool.install(run),
                    Err(_) => run(),
                };
                let _ = events.send(Event::Search(generation, files));
            });
        self.search.running = spawned.is_ok();
        self.search.started = Some(Instant::now());
    }

    /// Writes the search index a job made, if no later update or build made it old.
    fn search_done(&mut self, generation: u64, files: Option<Vec<crate::write::OutputFile>>) {
        self.search.running = false;
        let current = generation == self.search.generation && self.search.waiting.is_none();
        let took = self.search.started.map(|t| t.elapsed()).unwrap_or_default();
        self.next_search();
        if !current {
            return;
        }
        let written = match (self.incremental.as_mut(), files) {
            (Some(incremental), Some(files)) => incremental.apply_search(&files),
            _ => return,
        };
        match written {
            Ok(written) => {
                self.count += 1;
                let version: Arc<str> = Arc::from(format!("{:x}-{}", self.started, self.count));
                self.state.send_modify(|s| {
                    s.version = version;
                    s.search_stale = false;
                });
                println!(
                    "Search index updated in {:.0} ms ({written} files written)",
                    took.as_secs_f64() * 1000.0
                );
            }
            Err(e) => {
                eprintln!("warning: cannot write the search index ({e}); building the site again");
                self.incremental = None;
                self.build(&[]);
            }
        }
    }

    /// Runs the build, catching a panic so that a bug in a stage (or in a dependency)
    /// cannot stop the server.
    fn run_guarded(&self, folder: &Path, output: &Path) -> Ended {
        if let Err(e) = fs::create_dir_all(folder) {
            return Ended::Broke(format!(
                "cannot create the folder `{}` for the build: {e}",
                folder.display()
            ));
        }
        let opts = BuildOptions {
            root: self.root.clone(),
            output: Some(output.to_path_buf()),
            base_url: Some(self.base_url.clone()),
            now: site::clock(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
                .unwrap_or_else(|_| chrono::Utc::now()),
            deny_warnings: false,
            preview: true,
        };
        let root = &self.root;
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            if let Some(file) = std::env::var_os(TEST_PANIC_VAR) {
                if root.join(&file).exists() {
                    panic!("{TEST_PANIC_VAR}: `{}` exists", Path::new(&file).display());
                }
            }
            Incremental::build(&opts)
        }));
        match result {
            Ok((outcome, _)) if outcome.failed() || outcome.written_to.is_none() => {
                Ended::Failed(outcome)
            }
            Ok((outcome, incremental)) => Ended::Built(outcome, incremental.map(Box::new)),
            Err(payload) => Ended::Broke(format!(
                "the build panicked: {}\n  = note: this is a bug in pipebook; please report it \
                 with the change that set it off",
                panic_message(payload.as_ref())
            )),
        }
    }

    /// The built site's `_headers` rules (none when it has no such file), then
    /// `netlify.toml`'s.
    fn site_rules(&self, site: &Path) -> Rules {
        let file = site.join("_headers");
        let text = match fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return self.config_rules.clone(),
            Err(e) => {
                eprintln!(
                    "warning: the built site's `_headers` cannot be read ({e}); its headers \
                     are not sent"
                );
                return self.config_rules.clone();
            }
        };
        let (rules, problems) = Rules::from_headers_file(&text);
        for p in problems {
            eprintln!(
                "warning: the built site's _headers:{}:{}: {}",
                p.line, p.column, p.message
            );
        }
        rules.then(&self.config_rules)
    }

    fn report(&self, ended: &Ended, took: Duration, changed: &[PathBuf]) {
        let ms = took.as_secs_f64() * 1000.0;
        let what = describe_changes(&self.root, changed);
        let still = if self.state.borrow().site.is_some() {
            "still serving the last good site, with the errors over every page"
        } else {
            "every page shows the errors until the site builds"
        };
        match ended {
            Ended::Built(outcome, _) => {
                let warnings = match outcome.diagnostics.warning_count() {
                    0 => String::new(),
                    1 => ", 1 warning".into(),
                    n => format!(", {n} warnings"),
                };
                println!(
                    "{}{what} in {ms:.0} ms: {} pages, {} feeds{warnings}",
                    if changed.is_empty() {
                        "Built"
                    } else {
                        "Rebuilt"
                    },
                    outcome.pages,
                    outcome.feeds,
                );
            }
            Ended::Failed(outcome) => {
                let errors = outcome.diagnostics.error_count();
                eprintln!(
                    "error: the build{what} failed with {errors} error{} in {ms:.0} ms; {still}",
                    if errors == 1 { "" } else { "s" },
                );
            }
            Ended::Broke(_) => eprintln!("error: the build{what} did not finish; {still}"),
        }
        if self.verbose {
            if let Ended::Built(outcome, _) | Ended::Failed(outcome) = ended {
                print!("{}", site::phase_report(outcome));
            }
        }
    }
}

/// CPU time of this process's threads so far but the search index's and the trash's (each
/// thread's `/proc/self/task/*/schedstat`, in nanoseconds), where the system tells it: on a shared
/// machine the wall time of an update says more about the neighbours than about the
/// update, and the update runs on the rayon pool besides this thread.
fn update_cpu() -> Option<Duration> {
    let mut ns = 0u64;
    for task in fs::read_dir("/proc/self/task").ok()? {
        let dir = task.ok()?.path();
        let name = fs::read_to_string(dir.join("comm")).unwrap_or_default();
        // Both run beside updates, on work of their own.
        if matches!(name.trim_end(), "pipebook-search" | "pipebook-trash") {
            continue;
        }
        // A thread that ended meanwhile counts no more.
        let Ok(stat) = fs::read_to_string(dir.join("schedstat")) else {
            continue;
        };
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

/// Makes the calling thread yield the cores to the others of the process (nice 10): the
/// search index may follow the page by seconds, but the next save is not to wait on it.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: gettid and setpriority only read their arguments; on Linux the nice value
    // is the thread's own.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// The text a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages() {
        let caught = panic::catch_unwind(|| panic!("plain")).unwrap_err();
        assert_eq!(panic_message(caught.as_ref()), "plain");
        let n = 3;
        let caught = panic::catch_unwind(|| panic!("formatted {n}")).unwrap_err();
        assert_eq!(panic_message(caught.as_ref()), "formatted 3");
    }
}
