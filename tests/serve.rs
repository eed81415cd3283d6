//! `pipebook serve` on a copy of the example site: it serves the site with the right
//! types and Netlify's headers, rebuilds on a save, shows a broken (or panicked) build's
//! errors over the last good site without stopping, recovers, never redirects off-site
//! nor lets a line break into a header, survives 25,000 concurrent long-polls
//! (`serve/load.rs`), and stops cleanly on Ctrl-C or SIGTERM, leaving nothing behind.
//!
//! Every wait polls with a deadline; nothing assumes that a sleep was long enough.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::*;

/// Generous: the first build of a debug binary on a busy 2-core machine.
const START: Duration = Duration::from_secs(60);
/// How long a change may take to be served before the test fails.
const CHANGE: Duration = Duration::from_secs(30);

const RUNBOOK: &str = "content/runbooks/profit/aggregate-profit.md";
const RUNBOOK_URL: &str = "/runbooks/profit/aggregate-profit/";

/// A running `pipebook serve`, killed when dropped (also when the test fails).
struct Server {
    child: Child,
    addr: String,
    /// Everything it printed, for failure messages.
    output: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, tmp: &Path) -> Server {
        Server::start_with(root, tmp, &[])
    }

    fn start_with(root: &Path, tmp: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("TMPDIR", tmp)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pipebook serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for (stream, tx) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(tx)),
            (Box::new(stderr), None),
        ] {
            let output = output.clone();
            thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                    if let Some(tx) = &tx {
                        let _ = tx.send(line);
                    }
                }
            });
        }
        let mut server = Server {
            child,
            addr: String::new(),
            output,
        };
        let deadline = Instant::now() + START;
        while server.addr.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Serving http://") {
                        server.addr = rest.split('/').next().unwrap().to_string();
                    }
                }
                Err(_) => panic!("serve did not start:\n{}", server.output()),
            }
        }
        server
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        get(&self.addr, path)
    }

    /// Polls `path` until `done` holds of the reply, or fails after `within`.
    fn poll(
        &self,
        path: &str,
        within: Duration,
        what: &str,
        done: impl Fn(&Reply) -> bool,
    ) -> Reply {
        let deadline = Instant::now() + within;
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not served within {within:?}; last reply {} {}\nserve printed:\n{}",
                reply.status,
                reply.body.chars().take(400).collect::<String>(),
                self.output()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the server has printed `needle` (it prints after it serves the build).
    fn wait_output(&self, needle: &str) {
        let deadline = Instant::now() + CHANGE;
        while !self.output().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "serve did not print {needle:?}:\n{}",
                self.output()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn still_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to exit.
    fn interrupt(&mut self) -> ExitStatus {
        self.signal("INT")
    }

    /// Sends a signal (`INT`, `TERM`) and waits for the process to exit.
    fn signal(&mut self, name: &str) -> ExitStatus {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop on SIG{name}:\n{}",
                self.output()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A plain HTTP/1.0 GET: the server closes the connection after the reply.
fn get(addr: &str, path: &str) -> Reply {
    raw_request(
        addr,
        format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes(),
    )
}

/// Sends `request` as it is and reads the reply until the server closes.
fn raw_request(addr: &str, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        // 0: closed without a reply.
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// The folder `serve` is told to use for its builds (through TMPDIR).
fn temp_root(site: &Path) -> PathBuf {
    let dir = site.join("tmp");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn serves_the_site_with_types_folders_404_and_no_escape() {
    let site = example_site();
    let tmp = temp_root(site.path());
    let mut server = Server::start(site.path(), &tmp);

    let page = server.get(RUNBOOK_URL);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body
            .contains("<title>Profit Pipeline (Aggregate Profit)"),
        "{}",
        page.body
    );
    // The live-reload script is external, and only the server adds it.
    assert!(page
        .body
        .contains("<script src=\"/__pipebook/livereload.js\" defer></script>"));
    assert!(!page.body.contains("pipebook-serve-error"));
    // Links and feeds point at the server, and the page says it is a preview.
    assert!(page
        .body
        .contains(&format!("href=\"http://{}{RUNBOOK_URL}\"", server.addr)));
    assert!(page.body.contains("preview-banner"));

    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/oncall.ics", "text/calendar; charset=utf-8"),
        ("/oncall/de1.ics", "text/calendar; charset=utf-8"),
        ("/oncall.json", "application/json"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/site.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        (
            "/__pipebook/livereload.js",
            "text/javascript; charset=utf-8",
        ),
        ("/__pipebook/serve.css", "text/css; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(kind), "{path}");
    }
    let feed = server.get("/oncall.ics");
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        !feed.body.contains("livereload"),
        "only HTML pages get the script"
    );

    let folder = server.get("/pipelines?x=1");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("Location"), Some("/pipelines/?x=1"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<h1>Page not found</h1>"),
        "the site's 404 page"
    );
    assert!(missing.body.contains("/__pipebook/livereload.js"));

    // Nothing outside the built site, however the path is spelled.
    std::fs::write(site.path().join("secret.txt"), "secret").unwrap();
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/a/..%2f..%2fsecret.txt",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 403, "{path}");
        assert!(!reply.body.contains("secret"), "{path}");
    }

    // `build` output never carries the script: it is added as pages are served.
    build_ok(site.path());
    let built = read(
        &site
            .path()
            .join("public")
            .join(&RUNBOOK_URL[1..])
            .join("index.html"),
    );
    assert!(built.contains("<title>Profit Pipeline (Aggregate Profit)"));
    assert!(!built.contains("__pipebook"));

    // Ctrl-C: exit status 0, and the built sites are gone.
    let status = server.interrupt();
    assert!(status.success(), "{status}\n{}", server.output());
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn rebuilds_on_save_and_shows_errors_without_stopping() {
    let site = example_site();
    let root = site.path();
    let tmp = temp_root(root);
    let mut server = Server::start(root, &tmp);

    let before = server.get(RUNBOOK_URL);
    assert_eq!(before.status, 200);
    let version = before
        .body
        .split("<meta name=\"pipebook-serve\" content=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .expect("the page names the site's version")
        .to_string();

    let saved = Instant::now();
    edit(
        root,
        RUNBOOK,
        "# Profit Pipeline",
        "# Profit Pipeline edited-while-serving",
    );
    let after = server.poll(RUNBOOK_URL, CHANGE, "the edited runbook", |r| {
        r.body.contains("edited-while-serving")
    });
    eprintln!(
        "save -> served: {} ms (debug build)",
        saved.elapsed().as_millis()
    );
    assert_eq!(after.status, 200);
    // A long-poll that is already behind answers at once, with the new version.
    let wait = server.get(&format!("/__pipebook/wait?since={version}"));
    assert_eq!(wait.status, 200);
    assert_ne!(wait.body.trim(), version, "the version changed");
    server.wait_output("Rebuilt after a change to content/runbooks/profit/aggregate-profit.md in ");

    // A broken data file: the errors appear over the last good site, escaped, and in the
    // terminal; the server keeps running.
    let pipelines = read(&root.join("content/pipelines.yaml"));
    let line = pipelines
        .lines()
        .position(|l| l.contains("primary: de2"))
        .unwrap()
        + 1;
    edit(
        root,
        "content/pipelines.yaml",
        "primary: de2",
        "primary: \"<b>de9</b>\"",
    );
    let location = format!("content/pipelines.yaml:{line}:14");
    let broken = server.poll(RUNBOOK_URL, CHANGE, "the error overlay", |r| {
        r.body.contains("pipebook-serve-error")
    });
    assert_eq!(broken.status, 200, "the last good page, with the overlay");
    assert!(
        broken.body.contains("edited-while-serving"),
        "the last good site stays"
    );
    assert!(broken.body.contains(&location), "{}", broken.body);
    assert!(broken
        .body
        .contains("unknown engineer `&lt;b&gt;de9&lt;/b&gt;` as primary owner"));
    assert!(
        !broken.body.contains("<b>de9</b>"),
        "diagnostics are escaped"
    );
    server.wait_output("failed with 1 error");
    assert!(server.output().contains(&location), "{}", server.output());
    assert!(server.still_running());

    // Fixing it brings the site back without the overlay.
    edit(
        root,
        "content/pipelines.yaml",
        "primary: \"<b>de9</b>\"",
        "primary: de2",
    );
    let fixed = server.poll(RUNBOOK_URL, CHANGE, "the fixed site", |r| {
        !r.body.contains("pipebook-serve-error")
    });
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains("edited-while-serving"));
    assert!(server.still_running());
    // The fix was a full build into a folder of its own: the replaced one is removed (on a
    // thread of its own, so it may take a moment), the served one stays.
    let serve_dir = std::fs::read_dir(&tmp)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let builds = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&serve_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let deadline = Instant::now() + CHANGE;
    while builds().len() > 1 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    let left = builds();
    assert_eq!(left.len(), 1, "replaced builds were not removed: {left:?}");
    assert_ne!(left[0], "build-1", "the first build is still there");
}

/// A change to a runbook's body is an update in place: the page is served with the
/// change at once, while every reply says that the search index is behind (a header, and
/// a note on pages), until the index follows; then neither is there.
#[test]
fn an_edited_body_is_updated_in_place_and_search_follows() {
    let site = example_site();
    let root = site.path();
    let tmp = temp_root(root);
    let server = Server::start(root, &tmp);
    assert_eq!(server.get(RUNBOOK_URL).header(STALE), None);

    edit(
        root,
        RUNBOOK,
        "## Steps",
        "A paragraph added-in-place.\n\n## Steps",
    );
    let after = server.poll(RUNBOOK_URL, CHANGE, "the edited body", |r| {
        r.body.contains("added-in-place")
    });
    assert_eq!(after.status, 200);
    server.wait_output("(updated in place");
    let output = server.output();
    let update = output
        .lines()
        .find(|l| l.contains("(updated in place"))
        .unwrap();
    assert!(
        update.contains("Rebuilt after a change to content/runbooks/profit/aggregate-profit.md"),
        "{update}"
    );
    // Stale until the index follows, which the server prints after writing it.
    if !output.contains("Search index updated") {
        let reply = server.get(RUNBOOK_URL);
        if reply.header(STALE).is_some() {
            assert_eq!(reply.header(STALE), Some("stale"));
            assert!(
                reply.body.contains("id=\"pipebook-serve-search\""),
                "the note"
            );
        }
    }
    server.wait_output("Search index updated");
    let caught_up = server.poll(RUNBOOK_URL, CHANGE, "the search index", |r| {
        r.header(STALE).is_none()
    });
    assert!(!caught_up.body.contains("pipebook-serve-search"));
    assert!(caught_up.body.contains("added-in-place"));
}

const STALE: &str = "x-pipebook-search-index";

#[path = "serve/headers.rs"]
mod headers;

/// The load test reads /proc, and its load processes raise their limit of open files.
#[cfg(target_os = "linux")]
#[path = "serve/load.rs"]
mod load;

/// A broken `alert.html` saved while serving is reported as `build` reports it (session 25:
/// serve's in-place update skipped the alert pages and dropped their errors).
#[test]
fn serve_reports_a_broken_alert_template_as_build_does() {
    let site = unclaimed_alert();
    let root = site.path();
    let broken =
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}";
    let tmp = temp_root(root);
    let server = Server::start(root, &tmp);
    // The alert's template broken while serving: the rebuild says so.
    std::fs::write(root.join("themes/default/templates/alert.html"), broken).unwrap();
    server.wait_output("alert.html");
    let printed = server.output();
    // As `build` says it.
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let said = err
        .lines()
        .find(|l| l.starts_with("error:") && l.contains("alert.html"))
        .unwrap_or_else(|| panic!("build names the template: {err}"));
    assert!(
        printed.contains(said),
        "serve printed:\n{printed}\nbuild: {said}"
    );
}

/// A tree whose Markdown lies outside its runbook folder: `serve` showed an empty site
/// without a word, where `build` fails naming the folder and the line to add. Now serve
/// says what build says, and shows it on every page.
#[test]
fn serve_of_a_tree_without_runbooks_says_what_build_says() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("docs/ops/restart.md", "# Restart\n\nRun it.\n"),
    ]);
    let root = site.path();
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let said = err
        .lines()
        .find(|l| l.starts_with("error: no runbooks"))
        .unwrap_or_else(|| panic!("build says there are none: {err}"));
    let tmp = temp_root(root);
    let server = Server::start(root, &tmp);
    server.wait_output("every page shows the errors until the site builds");
    assert!(
        server.output().contains(said),
        "serve printed:\n{}\nbuild: {said}",
        server.output()
    );
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("runbooks: docs/ops"), "{}", page.body);
}
