//! `pipebook serve`: a local preview that rebuilds on every save and reloads the browser.
//!
//! The design, in the order a change travels:
//!
//! - **Watching.** `content/` and `themes/` under the root are watched (notify, through
//!   notify-debouncer-full). A save is often several file-system events (write, close,
//!   rename of an editor's temporary file) and a "save all" touches many files: the
//!   debouncer hands an event over once [`DEBOUNCE`] has passed without its file changing
//!   again, merging the repeats, and every change that arrives while a build runs is
//!   handled by one next build. Reads are events too (every build reads every file), so
//!   only changes count. The root is watched too (not its subfolders), so that `content/`
//!   deleted shows its error and, back, is watched again (its watch went with it).
//! - **Building.** A rebuild is the ordinary [`crate::site::run`] (load, validate, schedule,
//!   render, feeds, write), writing into a *fresh* folder under a temporary directory
//!   (in memory, `/dev/shm`, where there is one: see `temp_dir`),
//!   with `--base-url` the server's address and `--preview` on (a local preview is not the
//!   live site, and must not be indexed). Nothing is duplicated from `build`.
//!   A change to runbook bodies alone, to the data files (team, pipelines, on-call), to
//!   the theme's templates or to `site.yaml`'s title, `edit_url`, time zone or
//!   `review_interval_days` is instead an update of the served folder in place
//!   ([`crate::site::incremental`]): only the pages it reaches are rendered again (over
//!   each runbook's Markdown as rendered before, kept in memory), and only the files whose
//!   bytes changed are replaced, each by a rename (a reader gets the old file or the new
//!   one). The search index, `sw.js` and `offline.json` follow on a thread of their own;
//!   until then every reply carries `x-pipebook-search-index: stale` and every page a
//!   note (see `build.rs`). What an update cannot place (`site.yaml`'s other keys, the
//!   theme's static files, front matter, files added, moved or removed) is a full build
//!   as above.
//! - **Swapping.** The server serves whatever folder the shared state points at. Only
//!   when a build has written every file does the state point at the new folder, in one
//!   assignment under a lock; a request takes its own reference to the folder it started
//!   with. So a request never sees a half-written site, nor a site whose older files are
//!   being deleted: a folder is deleted when the last request using it is done (the
//!   folder's [`Drop`]). Writing over the folder being served would instead let a reader
//!   see some pages new and some old, or a page missing for the moment of a rename.
//! - **Errors.** A failed build changes nothing that is served: the last good site stays.
//!   Its diagnostics are printed in the terminal as `build` prints them, and every HTML
//!   page served gets an overlay with the same text (HTML-escaped) until a build succeeds.
//!   Before any build has succeeded, every page is an error page.
//! - **Reloading.** Every HTML page served (never a file of `build`'s output: the pages are
//!   changed as they are sent) gets a `<meta>` with the site's version and an external
//!   script, `/__pipebook/livereload.js` (external so that a Content-Security-Policy
//!   forbidding inline scripts does not block it). The script long-polls
//!   `/__pipebook/wait?since=VERSION`, which answers as soon as the version differs (a
//!   build finished, good or bad) or after [`POLL_TIMEOUT`], and reloads the page when it
//!   does. Long-polling rather than Server-Sent Events: it is one plain request and
//!   response, which any proxy in between handles without streaming, and it holds no more
//!   connections than SSE would (one per open tab). The version names the server's start
//!   too, so restarting `serve` also reloads open pages.
//! - **Headers.** Every reply carries the headers Netlify would send for its path: the
//!   built site's `_headers`, then the `[[headers]]` of the root's `netlify.toml` (or of
//!   pipebook's own, compiled in), so the preview runs under the same
//!   Content-Security-Policy as the site (see [`headers`]).
//! - **Untrusted requests.** Paths are decoded segment by segment and may not leave the
//!   site ([`path`]); connections and long-polls are bounded, and past the bounds the
//!   answer is 503 (`http.rs`).
//! - **Untrusted content.** A build that panics is caught: the error is shown as a failed
//!   build's would be, and the last good site stays (`build.rs`).
//! - **Stopping.** Ctrl-C, SIGTERM or SIGHUP stops the loop; the server stops, the
//!   temporary directory is removed and the process exits with status 0.

mod build;
pub mod headers;
mod http;
pub mod path;
mod redirects;
mod respond;
mod state;
mod watch;

use std::fs;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};
use std::time::{Duration, SystemTime};

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::Semaphore;

use build::Builder;
use headers::Rules;
use respond::Context;
use state::State;
use watch::Event;

pub use build::TEST_PANIC_VAR;
pub use respond::{content_type, inject};

/// How long a file must be left alone before its change is handed to a build.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How long `/__pipebook/wait` holds a request when nothing changes.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// The prefix of the dev server's own URLs; no page of a site lives there.
const PREFIX: &str = "/__pipebook/";

/// The repository's own `netlify.toml`: its headers apply when the root has none.
const OWN_NETLIFY_TOML: &str = include_str!("../../netlify.toml");

/// The largest `netlify.toml` read, as for every text file of a site.
const MAX_NETLIFY_TOML: u64 = 4 << 20;

/// Connections the kernel holds for the server before it accepts them.
const BACKLOG: u32 = 1024;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder holding `content/` and `themes/`.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Print the time of each phase after every build.
    pub verbose: bool,
}

/// Builds the site, serves it, and rebuilds on every change until Ctrl-C.
pub fn run(opts: &Options) -> ExitCode {
    // Watched paths come back absolute; so does the root, to show them relative to it.
    let root = fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let config_rules = match netlify_rules(&root) {
        Ok(rules) => rules,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    let limits = http::Limits::of_this_process();
    let (runtime, listener, url) = match open_server(opts) {
        Ok(server) => server,
        Err(code) => return code,
    };
    // Removed when dropped: on every return from here on, and after Ctrl-C.
    let temp = match temp_dir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the built site: {e}");
            return ExitCode::from(1);
        }
    };

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    let events_tx = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        eprintln!("error: cannot handle Ctrl-C: {e}");
        return ExitCode::from(1);
    }

    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let (state_tx, state_rx) = tokio::sync::watch::channel(State {
        site: None,
        error: None,
        version: Arc::from(format!("{started:x}-0")),
        search_stale: false,
    });
    // Watching starts before the first build, so a save during that build is not missed.
    let mut watcher = match watch::watch(&root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch `{}` for changes: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    let mut builder = Builder {
        root,
        temp: temp.path().to_path_buf(),
        base_url: url.clone(),
        verbose: opts.verbose,
        started,
        count: 0,
        state: state_tx,
        config_rules: config_rules.clone(),
        incremental: None,
        events: events_tx,
        search: build::SearchQueue::default(),
        trash: state::Trash::start(),
    };
    builder.build(&[]);

    let ctx = Arc::new(Context {
        state: state_rx,
        config_rules,
        waits: Arc::new(Semaphore::new(limits.waits)),
    });
    let server = runtime.spawn(http::serve(listener, ctx, limits));
    println!("Serving {url} (a preview that rebuilds on every change; Ctrl-C stops)");

    builder.watch_loop(&rx, &mut watcher);

    // Stop watching and serving; the last site's folder goes with the last reference.
    drop(watcher);
    server.abort();
    runtime.shutdown_timeout(Duration::from_secs(2));
    let trash = builder.trash.clone();
    drop(builder);
    // The removals under way end before the temporary folder goes.
    trash.finish();
    remove_temp(temp);
    println!("Stopped.");
    ExitCode::SUCCESS
}

/// The server's runtime and listening socket, and the address it is reached at; the
/// exit code once the reason was said, when it cannot listen.
fn open_server(opts: &Options) -> Result<(tokio::runtime::Runtime, TcpListener, String), ExitCode> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_name("pipebook-serve")
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return Err(ExitCode::from(1));
        }
    };
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match runtime.block_on(async { listen(addr) }) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            eprintln!("  = hint: pass another --port (0 picks a free one), or stop what uses it");
            return Err(ExitCode::from(2));
        }
    };
    let url = match listener.local_addr() {
        Ok(local) => local_url(local),
        Err(e) => {
            eprintln!("error: the server has no address: {e}");
            return Err(ExitCode::from(2));
        }
    };
    Ok((runtime, listener, url))
}

/// Removes the temporary folder the site was built in, saying so when it cannot.
fn remove_temp(temp: tempfile::TempDir) {
    let temp_path = temp.path().to_path_buf();
    if let Err(e) = temp.close() {
        eprintln!(
            "warning: could not remove the temporary folder `{}`: {e}",
            temp_path.display()
        );
    }
}

/// The listening socket, with a backlog long enough for bursts of connections.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    // As std and tokio do: a port whose last server just stopped can be taken at once,
    // while one in use still cannot.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// The `[[headers]]` rules of the root's `netlify.toml`, else of pipebook's own.
fn netlify_rules(root: &Path) -> Result<Rules, String> {
    let file = root.join("netlify.toml");
    let text = match fs::metadata(&file) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Rules::from_netlify_toml(OWN_NETLIFY_TOML)
                .map_err(|p| format!("error: pipebook's own netlify.toml: {}", p.message));
        }
        Ok(meta) if meta.len() > MAX_NETLIFY_TOML => {
            return Err(format!(
                "error: `{}` is larger than 4 MiB\n  = hint: serve reads its [[headers]] \
                 tables; keep the file small",
                file.display()
            ))
        }
        _ => fs::read_to_string(&file)
            .map_err(|e| format!("error: cannot read `{}`: {e}", file.display()))?,
    };
    Rules::from_netlify_toml(&text).map_err(|p| {
        format!(
            "error: {}:{}:{}: {}\n  = hint: serve sends the headers of its [[headers]] tables, \
             as Netlify does; fix the file",
            file.display(),
            p.line,
            p.column,
            p.message
        )
    })
}

/// The folder the builds go into: in memory (`/dev/shm`) where there is one and `TMPDIR`
/// does not say otherwise: on a busy 2-core machine the write phase of the example site
/// took 1 to 10 ms in memory and 66 to 129 ms on an ext4 disk, and on a disk deleting the
/// previous folder adds to that (see the DESIGN notes on deleting files).
fn temp_dir() -> io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("pipebook-serve-");
    let shm = Path::new("/dev/shm");
    if std::env::var_os("TMPDIR").is_none() && shm.is_dir() {
        if let Ok(dir) = builder.tempdir_in(shm) {
            return Ok(dir);
        }
    }
    builder.tempdir()
}

/// The address to put in links: a wildcard address is reached as localhost.
fn local_url(addr: SocketAddr) -> String {
    match addr.ip() {
        ip if ip.is_unspecified() => format!("http://localhost:{}/", addr.port()),
        _ => format!("http://{addr}/"),
    }
}
