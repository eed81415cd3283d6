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
//!   only changes count.
//! - **Building.** A rebuild is the ordinary [`site::run`] (load, validate, schedule,
//!   render, feeds, write), writing into a *fresh* folder under a temporary directory
//!   (in memory, `/dev/shm`, where there is one: see [`temp_dir`]),
//!   with `--base-url` the server's address and `--preview` on (a local preview is not the
//!   live site, and must not be indexed). Nothing is duplicated from `build`.
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
//!   response, which tiny_http (and any proxy in between) handles without streaming, and
//!   it holds no more connections than SSE would (one per open tab). The version names
//!   the server's start too, so restarting `serve` also reloads open pages.
//! - **Stopping.** Ctrl-C (or SIGTERM) stops the loop; the temporary directory is removed
//!   and the process exits with status 0.

use std::fs;
use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::html::escape;
use crate::site::{self, Options as BuildOptions, Outcome};

/// How long a file must be left alone before its change is handed to a build.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long `/__pipebook/wait` holds a request when nothing changes.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// The prefix of the dev server's own URLs; no page of a site lives there.
const PREFIX: &str = "/__pipebook/";

const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");
const SERVE_CSS: &str = include_str!("serve/serve.css");

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

/// A built site in its own folder, deleted when the last request using it is done.
struct SiteDir {
    path: PathBuf,
}

impl Drop for SiteDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// What the server serves; changed only by the build loop, all at once.
struct State {
    /// The last site that built without errors.
    site: Option<Arc<SiteDir>>,
    /// The diagnostics of the last build, when it failed.
    error: Option<Arc<str>>,
    /// Changes with every finished build; pages reload when it does.
    version: String,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn snapshot(&self) -> (Option<Arc<SiteDir>>, Option<Arc<str>>, String) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.site.clone(), s.error.clone(), s.version.clone())
    }
}

/// What the build loop waits for.
enum Event {
    Changed(DebounceEventResult),
    Stop,
}

/// Builds the site, serves it, and rebuilds on every change until Ctrl-C.
pub fn run(opts: &Options) -> ExitCode {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = match Server::http(addr) {
        Ok(server) => Arc::new(server),
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            eprintln!("  = hint: pass another --port (0 picks a free one), or stop what uses it");
            return ExitCode::from(2);
        }
    };
    let Some(local) = server.server_addr().to_ip() else {
        eprintln!("error: the server has no IP address");
        return ExitCode::from(2);
    };
    let url = local_url(local);
    let temp = match temp_dir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the built site: {e}");
            return ExitCode::from(1);
        }
    };

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        eprintln!("error: cannot handle Ctrl-C: {e}");
        return ExitCode::from(1);
    }

    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            site: None,
            error: None,
            version: format!("{started:x}-0"),
        }),
        changed: Condvar::new(),
    });
    // Watched paths come back absolute; so does the root, to show them relative to it.
    let root = fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    // Watching starts before the first build, so a save during that build is not missed.
    let _watcher = match watch(&root, tx) {
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
        shared: shared.clone(),
    };
    builder.build(&[]);

    let accept = {
        let (server, shared) = (server.clone(), shared.clone());
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = shared.clone();
                thread::spawn(move || handle(&shared, request));
            }
        })
    };
    println!("Serving {url} (a preview that rebuilds on every change; Ctrl-C stops)");

    builder.watch_loop(&rx);

    server.unblock();
    let _ = accept.join();
    {
        let mut s = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        s.site = None;
    }
    let temp_path = temp.path().to_path_buf();
    if let Err(e) = temp.close() {
        eprintln!(
            "warning: could not remove the temporary folder `{}`: {e}",
            temp_path.display()
        );
    }
    println!("Stopped.");
    ExitCode::SUCCESS
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

/// Watches `content/` and `themes/` (those that exist), sending each burst of changes.
fn watch(
    root: &Path,
    tx: mpsc::Sender<Event>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, String> {
    // Checks every DEBOUNCE / 5 for events that have been quiet for DEBOUNCE.
    let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 5), move |res| {
        let _ = tx.send(Event::Changed(res));
    })
    .map_err(|e| e.to_string())?;
    let mut watched = 0;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            watched += 1;
        }
    }
    if watched == 0 {
        eprintln!(
            "warning: neither `content/` nor `themes/` exists under `{}`: nothing is watched",
            root.display()
        );
    }
    Ok(debouncer)
}

/// Runs builds and publishes their results to the server.
struct Builder {
    root: PathBuf,
    temp: PathBuf,
    base_url: String,
    verbose: bool,
    started: u128,
    count: u64,
    shared: Arc<Shared>,
}

impl Builder {
    /// Rebuilds on every burst of changes until Ctrl-C.
    fn watch_loop(&mut self, rx: &Receiver<Event>) {
        while let Ok(event) = rx.recv() {
            let mut changed = Vec::new();
            let mut stop = false;
            // Whatever came in during the last build is handled by one rebuild.
            for event in std::iter::once(event).chain(rx.try_iter()) {
                match event {
                    Event::Stop => stop = true,
                    // Reading a file is an event too (the build reads them all): only
                    // changes count.
                    Event::Changed(Ok(events)) => changed.extend(
                        events
                            .into_iter()
                            .filter(|e| !e.kind.is_access())
                            .flat_map(|e| e.event.paths),
                    ),
                    Event::Changed(Err(errors)) => {
                        for e in errors {
                            eprintln!("warning: watching for changes: {e}");
                        }
                    }
                }
            }
            if stop {
                return;
            }
            changed.retain(|p| !is_editor_temp(p));
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                self.build(&changed);
            }
        }
    }

    /// Builds the site into a fresh folder and, if it built, serves it from now on.
    fn build(&mut self, changed: &[PathBuf]) {
        self.count += 1;
        let output = self.temp.join(format!("site-{}", self.count));
        let opts = BuildOptions {
            root: self.root.clone(),
            output: Some(output.clone()),
            base_url: Some(self.base_url.clone()),
            now: site::clock(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
                .unwrap_or_else(|_| chrono::Utc::now()),
            deny_warnings: false,
            preview: true,
        };
        let start = Instant::now();
        let outcome = site::run(&opts, true);
        let took = start.elapsed();

        let printed = outcome.diagnostics.render(&outcome.sources);
        eprint!("{printed}");
        let failed = outcome.failed() || outcome.written_to.is_none();
        let previous = {
            let mut s = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let previous = if failed {
                s.error = Some(Arc::from(printed.as_str()));
                None
            } else {
                s.error = None;
                s.site.replace(Arc::new(SiteDir { path: output }))
            };
            s.version = format!("{:x}-{}", self.started, self.count);
            previous
        };
        self.shared.changed.notify_all();
        // The previous folder goes once no request uses it (possibly right here).
        drop(previous);
        self.report(&outcome, took, changed, failed);
    }

    fn report(&self, outcome: &Outcome, took: Duration, changed: &[PathBuf], failed: bool) {
        let ms = took.as_secs_f64() * 1000.0;
        let what = describe_changes(&self.root, changed);
        if failed {
            let errors = outcome.diagnostics.error_count();
            eprintln!(
                "error: the build{what} failed with {errors} error{} in {ms:.0} ms; {}",
                if errors == 1 { "" } else { "s" },
                if self.shared.snapshot().0.is_some() {
                    "still serving the last good site, with the errors over every page"
                } else {
                    "every page shows the errors until the site builds"
                }
            );
        } else {
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
        if self.verbose {
            print!("{}", site::phase_report(outcome));
        }
    }
}

/// ` after a change to content/x.md` (and how many others), for the terminal.
fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    let Some(first) = changed.first() else {
        return String::new();
    };
    let shown = first
        .strip_prefix(root)
        .unwrap_or(first)
        .display()
        .to_string();
    match changed.len() {
        1 => format!(" after a change to {shown}"),
        n => format!(" after changes to {shown} and {} other files", n - 1),
    }
}

/// Swap and backup files of editors, which need no rebuild.
fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('.') && (name.ends_with(".swp") || name.ends_with(".swx")))
        || name == "4913" // vim's test of whether it may write in the folder
}

/// Answers one request.
fn handle(shared: &Shared, request: Request) {
    let response = respond(shared, request.method(), request.url());
    // The client may have gone (a reloaded page drops its long-poll); nothing to do then.
    let _ = request.respond(response);
}

type Reply = Response<Box<dyn Read + Send>>;

fn reply(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    let body = body.into();
    let len = body.len();
    Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", content_type),
            header("Cache-Control", "no-store"),
        ],
        Box::new(io::Cursor::new(body)) as Box<dyn Read + Send>,
        Some(len),
        None,
    )
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(shared: &Shared, method: &Method, url: &str) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        return reply(405, "text/plain; charset=utf-8", "405 method not allowed\n")
            .with_header(header("Allow", "GET, HEAD"));
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "livereload.js" => reply(200, "text/javascript; charset=utf-8", LIVERELOAD_JS),
            "serve.css" => reply(200, "text/css; charset=utf-8", SERVE_CSS),
            "wait" => {
                let since = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("since="))
                    .unwrap_or("");
                reply(200, "text/plain; charset=utf-8", wait(shared, since))
            }
            _ => reply(404, "text/plain; charset=utf-8", "404 not found\n"),
        };
    }

    let (site, error, version) = shared.snapshot();
    let Some(site) = site else {
        // Nothing has built yet: every page is the errors (and no overlay repeats them).
        let page = error_page(error.as_deref().unwrap_or("The site is being built."));
        return html(500, &page, &version, None);
    };
    match resolve(&site.path, path) {
        Resolved::File(file) => serve_file(&file, 200, &version, error.as_deref()),
        Resolved::Redirect(to) => {
            let to = if query.is_empty() {
                to
            } else {
                format!("{to}?{query}")
            };
            // Not 301: browsers remember those, and a preview's folders come and go.
            reply(302, "text/plain; charset=utf-8", format!("moved to {to}\n"))
                .with_header(header("Location", &to))
        }
        Resolved::Forbidden => reply(403, "text/plain; charset=utf-8", "403 forbidden\n"),
        Resolved::NotFound => {
            let not_found = site.path.join("404.html");
            if not_found.is_file() {
                serve_file(&not_found, 404, &version, error.as_deref())
            } else {
                reply(404, "text/plain; charset=utf-8", "404 not found\n")
            }
        }
    }
}

/// Waits until the version is no longer `since`, or for [`POLL_TIMEOUT`]; the version.
fn wait(shared: &Shared, since: &str) -> String {
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, POLL_TIMEOUT, |s| s.version == since)
        .unwrap_or_else(|e| e.into_inner());
    state.version.clone()
}

fn serve_file(file: &Path, status: u16, version: &str, error: Option<&str>) -> Reply {
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        return match fs::read_to_string(file) {
            Ok(text) => html(status, &text, version, error),
            Err(_) => reply(404, "text/plain; charset=utf-8", "404 not found\n"),
        };
    }
    match fs::File::open(file) {
        Ok(f) => {
            let len = f.metadata().ok().map(|m| m.len() as usize);
            Response::new(
                StatusCode(status),
                vec![
                    header("Content-Type", kind),
                    header("Cache-Control", "no-store"),
                ],
                Box::new(f) as Box<dyn Read + Send>,
                len,
                None,
            )
        }
        Err(_) => reply(404, "text/plain; charset=utf-8", "404 not found\n"),
    }
}

fn html(status: u16, page: &str, version: &str, error: Option<&str>) -> Reply {
    reply(
        status,
        "text/html; charset=utf-8",
        inject(page, version, error),
    )
}

/// The page as served: the live-reload script and, after a failed build, the overlay.
pub fn inject(page: &str, version: &str, error: Option<&str>) -> String {
    let head = format!(
        "<meta name=\"pipebook-serve\" content=\"{}\">\
         <link rel=\"stylesheet\" href=\"{PREFIX}serve.css\">\
         <script src=\"{PREFIX}livereload.js\" defer></script>",
        escape(version)
    );
    let mut out = String::with_capacity(page.len() + head.len() + 256);
    match find_ascii_ci(page, "</head>") {
        Some(i) => {
            out.push_str(&page[..i]);
            out.push_str(&head);
            out.push_str(&page[i..]);
        }
        None => {
            out.push_str(&head);
            out.push_str(page);
        }
    }
    if let Some(error) = error {
        let overlay = format!(
            "<div id=\"pipebook-serve-error\" role=\"alert\">\
             <p><span><strong>The last build failed.</strong> This is the last good site; fix \
             the problem and save, and the page reloads.</span>\
             <button type=\"button\" id=\"pipebook-serve-hide\">Hide</button></p>\
             <pre>{}</pre></div>",
            escape(error)
        );
        let at = find_ascii_ci(&out, "<body")
            .and_then(|i| out[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(out.len());
        out.insert_str(at, &overlay);
    }
    out
}

/// A page for when there is no site to show under the errors.
fn error_page(text: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Build failed · pipebook serve</title></head>\
         <body><main><h1>The site has not built yet</h1>\
         <p>Fix the problems below and save; this page reloads.</p><pre>{}</pre></main></body></html>\n",
        escape(text)
    )
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where a URL path leads in a built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: the URL with one.
    Redirect(String),
    NotFound,
    /// The path tries to leave the site (`..`) or is not a plain path.
    Forbidden,
}

/// Maps a URL path (without the query) to a file of the site in `dir`: `/a/` to
/// `a/index.html`; never anything outside `dir`.
pub fn resolve(dir: &Path, url_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::Forbidden;
    };
    let mut file = dir.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.contains(['\\', '\0']) => return Resolved::Forbidden,
            s => file.push(s),
        }
    }
    if decoded.ends_with('/') || decoded.is_empty() {
        file.push("index.html");
    } else if file.is_dir() {
        return if file.join("index.html").is_file() {
            Resolved::Redirect(format!("{url_path}/"))
        } else {
            Resolved::NotFound
        };
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%XX` escapes; `None` when they are malformed or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file of the site, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("gz") => "application/gzip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_folders_files_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("runbooks/a b")).unwrap();
        fs::write(d.join("index.html"), "home").unwrap();
        fs::write(d.join("runbooks/a b/index.html"), "page").unwrap();
        fs::write(d.join("oncall.ics"), "feed").unwrap();
        assert_eq!(resolve(d, "/"), Resolved::File(d.join("index.html")));
        assert_eq!(
            resolve(d, "/runbooks/a%20b/"),
            Resolved::File(d.join("runbooks/a b/index.html"))
        );
        assert_eq!(
            resolve(d, "/runbooks/a%20b"),
            Resolved::Redirect("/runbooks/a%20b/".into())
        );
        assert_eq!(
            resolve(d, "/oncall.ics"),
            Resolved::File(d.join("oncall.ics"))
        );
        assert_eq!(resolve(d, "/runbooks/"), Resolved::NotFound);
        assert_eq!(resolve(d, "/missing.html"), Resolved::NotFound);
        for bad in [
            "/../secret",
            "/runbooks/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2fsecret",
            "/a%5c..%5csecret",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(d, bad), Resolved::Forbidden, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        for (name, kind) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("static/site.css", "text/css; charset=utf-8"),
            ("static/site.js", "text/javascript; charset=utf-8"),
            ("oncall.json", "application/json"),
            ("oncall/de1.ics", "text/calendar; charset=utf-8"),
            ("sitemap.xml", "application/xml"),
            ("x.svg", "image/svg+xml"),
            ("search/s/0.gz", "application/gzip"),
            ("search/x.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn injects_script_and_escaped_overlay() {
        let page = "<html><HEAD><title>t</title></HEAD><body class=\"x\"><p>hi</p></body></html>";
        let out = inject(page, "v1", None);
        assert!(out.contains("<script src=\"/__pipebook/livereload.js\" defer></script></HEAD>"));
        assert!(out.contains("content=\"v1\""));
        assert!(!out.contains("pipebook-serve-error"));
        let out = inject(page, "v2", Some("error: bad `<b>` & \"q\""));
        let body = out.find("<body class=\"x\">").unwrap();
        let overlay = out.find("<div id=\"pipebook-serve-error\"").unwrap();
        assert_eq!(overlay, body + "<body class=\"x\">".len());
        assert!(out.contains("error: bad `&lt;b&gt;` &amp; &quot;q&quot;"));
        assert!(!out.contains("<b>"));
    }

    #[test]
    fn editor_temporaries_are_ignored() {
        for name in ["x.md~", ".#x.md", ".x.md.swp", "4913"] {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temp(Path::new("content/runbooks/x.md")));
    }
}
