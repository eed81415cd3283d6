//! The build loop: a build per burst of changes, each into a fresh folder, published to
//! the server only when it succeeded. A build that fails, or panics, changes nothing that
//! is served but the error text, and leaves no folder behind.

use std::any::Any;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::headers::Rules;
use super::state::{SiteDir, State};
use super::watch::{changed_paths, describe_changes, Event};
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
}

/// How a build ended.
enum Ended {
    Built(Outcome),
    Failed(Outcome),
    /// Could not start (no folder for it), or panicked: the message.
    Broke(String),
}

impl Builder {
    /// Rebuilds on every burst of changes until Ctrl-C.
    pub fn watch_loop(&mut self, rx: &Receiver<Event>) {
        while let Ok(event) = rx.recv() {
            let mut changed = Vec::new();
            let mut stop = false;
            // Whatever came in during the last build is handled by one rebuild.
            for event in std::iter::once(event).chain(rx.try_iter()) {
                match event {
                    Event::Stop => stop = true,
                    Event::Changed(events) => changed_paths(events, &mut changed),
                }
            }
            if stop {
                return;
            }
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                self.build(&changed);
            }
        }
    }

    /// Builds the site into a fresh folder and, if it built, serves it from now on.
    pub fn build(&mut self, changed: &[PathBuf]) {
        self.count += 1;
        let folder = self.temp.join(format!("build-{}", self.count));
        let output = folder.join("site");
        let start = Instant::now();
        let ended = self.run_guarded(&folder, &output);
        let took = start.elapsed();

        let (published, error) = match &ended {
            Ended::Built(outcome) => {
                eprint!("{}", outcome.diagnostics.render(&outcome.sources));
                let rules = self.site_rules(&output);
                let site = SiteDir {
                    folder: folder.clone(),
                    site: output,
                    rules,
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
            // Whatever a failed or panicked build left.
            let _ = fs::remove_dir_all(&folder);
        }
        let mut previous = None;
        let version: Arc<str> = Arc::from(format!("{:x}-{}", self.started, self.count));
        self.state.send_modify(|s| {
            if let Some(site) = published {
                previous = s.site.replace(site);
            }
            s.error = error.map(Arc::from);
            s.version = version;
        });
        // The previous folder goes once no request uses it (possibly right here).
        drop(previous);
        self.report(&ended, took, changed);
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
            site::run(&opts, true)
        }));
        match result {
            Ok(outcome) if outcome.failed() || outcome.written_to.is_none() => {
                Ended::Failed(outcome)
            }
            Ok(outcome) => Ended::Built(outcome),
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
            Ended::Built(outcome) => {
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
            if let Ended::Built(outcome) | Ended::Failed(outcome) = ended {
                print!("{}", site::phase_report(outcome));
            }
        }
    }
}

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
