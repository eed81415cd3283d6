//! The listening socket and its connections: a bounded number of them, so that no number
//! of clients can exhaust the process's file descriptors, threads or memory.
//!
//! - Up to [`Limits::connections`] connections are served (hyper, HTTP/1.1, on a small
//!   tokio runtime: a held long-poll costs a socket and a little memory, not a thread).
//! - Past that, up to [`Limits::rejecting`] more are read and answered
//!   `503 Service Unavailable` with `Retry-After`, then closed; past both, a connection is
//!   closed as soon as it is accepted.
//! - Long-polls have their own, smaller bound ([`Limits::waits`]) inside the first, so
//!   open tabs cannot take every connection from the pages themselves.
//! - When `accept` fails (no file descriptor left, or a connection reset before it was
//!   taken), the loop waits a moment and goes on: it never stops accepting nor panics.
//! - Every connection must send its request head within [`HEADER_TIMEOUT`], also when it
//!   is kept alive between requests (slow or idle clients cannot hold a place for ever),
//!   and a request head may take at most 64 kB.
//!
//! The bounds follow the process's limit of open files, raised to its hard limit at start:
//! a quarter of what is left after [`RESERVED_FILES`] (kept for the builds and the watcher)
//! is for connections served, half for those being turned away.

use std::convert::Infallible;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::respond::{self, Context};

/// How long a client has to send a request's head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client being turned away has to send its request's head.
const REJECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Open files kept for everything but connections: the build reads and writes files
/// (a thread of rayon each), the watcher holds one per watched folder on some systems.
pub const RESERVED_FILES: u64 = 256;

/// How many connections, long-polls and refusals may be open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connections: usize,
    pub waits: usize,
    pub rejecting: usize,
}

impl Limits {
    /// The bounds for a process that may open `files` files.
    pub fn for_open_files(files: u64) -> Limits {
        let budget = files.saturating_sub(RESERVED_FILES);
        let connections = (budget / 4).clamp(8, 256) as usize;
        Limits {
            connections,
            waits: (connections / 2).max(1),
            rejecting: (budget / 2).clamp(8, 1024) as usize,
        }
    }

    /// Raises the soft limit of open files to the hard limit, and sizes the bounds by it.
    #[cfg(unix)]
    pub fn of_this_process() -> Limits {
        use rustix::process::{getrlimit, setrlimit, Resource};
        let mut limit = getrlimit(Resource::Nofile);
        if let Some(hard) = limit.maximum {
            if limit.current.is_some_and(|soft| soft < hard) {
                let raised = rustix::process::Rlimit {
                    current: Some(hard),
                    maximum: Some(hard),
                };
                if setrlimit(Resource::Nofile, raised).is_ok() {
                    limit = raised;
                }
            }
        }
        // No limit at all: as if a generous one.
        Limits::for_open_files(limit.current.unwrap_or(65_536))
    }

    /// Elsewhere there is no such limit to read: the bounds of a generous one.
    #[cfg(not(unix))]
    pub fn of_this_process() -> Limits {
        Limits::for_open_files(8_192)
    }
}

/// Serves connections from `listener` until the runtime is shut down.
pub async fn serve(listener: TcpListener, ctx: Arc<Context>, limits: Limits) {
    let served = Arc::new(Semaphore::new(limits.connections));
    let rejecting = Arc::new(Semaphore::new(limits.rejecting));
    let warned = AtomicBool::new(false);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors (EMFILE, ENFILE) or memory: the connections
                // wait in the kernel's queue until some close. Anything else (a client
                // that reset before it was accepted) concerns one connection only.
                if matches!(e.raw_os_error(), Some(23 | 24))
                    || e.kind() == io::ErrorKind::OutOfMemory
                {
                    if !warned.swap(true, Ordering::Relaxed) {
                        eprintln!("warning: cannot accept connections for now: {e}");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        if let Ok(permit) = served.clone().try_acquire_owned() {
            let ctx = ctx.clone();
            tokio::spawn(async move {
                connection(stream, ctx, true).await;
                drop(permit);
            });
        } else if let Ok(permit) = rejecting.clone().try_acquire_owned() {
            let ctx = ctx.clone();
            tokio::spawn(async move {
                connection(stream, ctx, false).await;
                drop(permit);
            });
        } else {
            drop(stream);
        }
    }
}

/// One connection: served in full, or each request answered 503 and the connection closed.
async fn connection(stream: TcpStream, ctx: Arc<Context>, serve: bool) {
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new());
    if serve {
        builder.header_read_timeout(HEADER_TIMEOUT);
    } else {
        builder
            .header_read_timeout(REJECT_TIMEOUT)
            .keep_alive(false);
    }
    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
        let ctx = ctx.clone();
        async move {
            let reply = if !serve {
                respond::busy(&ctx, req.uri().path())
            } else if from_elsewhere(&req) {
                respond::foreign_host(&ctx, req.uri().path())
            } else {
                respond::respond(&ctx, req.method(), req.uri()).await
            };
            Ok::<_, Infallible>(reply)
        }
    });
    // A client that goes away mid-request is no error of ours.
    let _ = builder
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Whether a request names a host other than this machine, in its `Host` header or an
/// absolute-form target (see [`local_host`]).
fn from_elsewhere<B>(req: &Request<B>) -> bool {
    let header = req
        .headers()
        .get(hyper::header::HOST)
        .map(|h| h.to_str().unwrap_or("."));
    let authority = req.uri().authority().map(|a| a.as_str());
    [header, authority]
        .into_iter()
        .flatten()
        .any(|h| !local_host(h))
}

/// Whether `host` (`name[:port]`) names this machine: an IP address, `localhost` or a
/// name under it, or a name without a dot (what a local network or a container gives).
/// Any other name is one that a web page's own site pointed at this address (DNS
/// rebinding): the reader's browser would let that page read every runbook of the preview
/// (a private site's) as its own, so the server answers such a request with an error.
fn local_host(host: &str) -> bool {
    let host = host.trim();
    let host = host.rsplit('@').next().unwrap_or(host);
    if let Some(bracketed) = host.strip_prefix('[') {
        return bracketed
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok());
    }
    let name = host.split(':').next().unwrap_or(host);
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    !name.contains('.')
        || name.parse::<std::net::Ipv4Addr>().is_ok()
        || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::headers::Rules;
    use crate::serve::state::{SiteDir, State};
    use std::io::{Read, Write};
    use std::net::SocketAddr;

    #[test]
    fn only_this_machines_names_are_served() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:80",
            "127.0.0.1:1111",
            "192.168.1.20",
            "[::1]:1111",
            "mybox",
            "x",
        ] {
            assert!(local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "evil.example.:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "user@evil.example",
            "[evil.example]",
        ] {
            assert!(!local_host(host), "{host}");
        }
    }

    #[test]
    fn limits_follow_the_open_files() {
        assert_eq!(
            Limits::for_open_files(1024),
            Limits {
                connections: 192,
                waits: 96,
                rejecting: 384
            }
        );
        let big = Limits::for_open_files(1 << 20);
        assert_eq!(
            (big.connections, big.waits, big.rejecting),
            (256, 128, 1024)
        );
        // Whatever the limit, connections and refusals fit in it with the reserve.
        for files in [300, 512, 1024, 4096, 20_000] {
            let l = Limits::for_open_files(files);
            assert!(
                (l.connections + l.rejecting) as u64 + RESERVED_FILES <= files,
                "{files}: {l:?}"
            );
        }
    }

    /// A server on a loopback port serving `site` (with its `_headers` and the
    /// repository's netlify.toml), under `limits`.
    struct TestServer {
        addr: SocketAddr,
        _runtime: tokio::runtime::Runtime,
        _dir: tempfile::TempDir,
    }

    fn start(files: &[(&str, &str)], limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for (path, text) in files {
            let file = site.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let config = Rules::from_netlify_toml(include_str!("../../netlify.toml")).unwrap();
        let (file_rules, problems) =
            Rules::from_headers_file(&std::fs::read_to_string(site.join("_headers")).unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        let state = State {
            site: Some(Arc::new(SiteDir {
                folder: site.clone(),
                site,
                rules: file_rules.then(&config),
                trash: None,
            })),
            error: None,
            version: Arc::from("v1"),
            search_stale: false,
        };
        let (tx, rx) = tokio::sync::watch::channel(state);
        // Kept open by the runtime's tasks; nobody publishes a new site here.
        std::mem::forget(tx);
        let ctx = Arc::new(Context {
            state: rx,
            config_rules: config,
            waits: Arc::new(Semaphore::new(limits.waits)),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(serve(listener, ctx, limits));
        TestServer {
            addr,
            _runtime: runtime,
            _dir: dir,
        }
    }

    fn send(addr: SocketAddr, path: &str) -> std::net::TcpStream {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        // A connection past the bounds may be closed before the request is written: the
        // write then fails (broken pipe), and reading finds nothing, as the test expects.
        let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: x\r\n\r\n");
        s
    }

    fn read_all(mut s: std::net::TcpStream) -> String {
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw).into_owned()
    }

    fn status(reply: &str) -> u16 {
        reply
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    fn header<'a>(reply: &'a str, name: &str) -> Option<&'a str> {
        let head = reply.split("\r\n\r\n").next()?;
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "<html><head></head><body>home</body></html>"),
        (
            "runbooks/a/index.html",
            "<html><head></head><body>a</body></html>",
        ),
        (
            "runbooks/a/evil.svg",
            "<svg><script>alert(1)</script></svg>",
        ),
        // As the build writes it: the pages' policy, then each copied file sandboxed.
        (
            "_headers",
            "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'sha256-x'\n\
             /runbooks/a/evil.svg\n  Content-Security-Policy: sandbox; default-src 'none'\n  \
             X-Content-Type-Options: nosniff\n",
        ),
    ];

    #[test]
    fn a_headers_listed_asset_is_sandboxed_and_pages_are_not() {
        let server = start(SITE, Limits::for_open_files(4096));
        let asset = read_all(send(server.addr, "/runbooks/a/evil.svg"));
        assert!(status(&asset) == 200, "{asset}");
        let csp = header(&asset, "Content-Security-Policy").unwrap();
        assert_eq!(
            csp, "default-src 'self'; script-src 'self' 'sha256-x', sandbox; default-src 'none'",
            "both policies"
        );
        assert_eq!(header(&asset, "X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(header(&asset, "Content-Type"), Some("image/svg+xml"));

        let page = read_all(send(server.addr, "/runbooks/a/"));
        let csp = header(&page, "Content-Security-Policy").unwrap();
        assert_eq!(csp, "default-src 'self'; script-src 'self' 'sha256-x'");
        assert!(page.contains("<script src=\"/__pipebook/livereload.js\" defer>"));
        // The reload script itself, and the server's other replies, carry the rules too.
        for path in ["/__pipebook/livereload.js", "/no/such/page", "/%2fevil"] {
            let reply = read_all(send(server.addr, path));
            assert!(
                header(&reply, "Content-Security-Policy").is_some(),
                "{path}: {reply}"
            );
        }
        // `_headers` itself is not served.
        assert_eq!(status(&read_all(send(server.addr, "/_headers"))), 404);
    }

    #[test]
    fn redirects_are_honoured_as_netlify_does() {
        let site = [
            ("index.html", "<html><head></head><body>home</body></html>"),
            (
                "404.html",
                "<html><head></head><body>not here</body></html>",
            ),
            (
                "runbooks/a/index.html",
                "<html><head></head><body>a</body></html>",
            ),
            (
                "runbooks/b/index.html",
                "<html><head></head><body>b</body></html>",
            ),
            // The redirect page the build writes beside each rule, for other hosts.
            (
                "alerts/x/index.html",
                "<html><head></head><body>to a</body></html>",
            ),
            ("_headers", "/*\n  X-Frame-Options: DENY\n"),
            (
                "_redirects",
                "# as pipebook writes it\n\
                 /alerts/x/ /runbooks/a/ 301!\n\
                 /alerts/X/ /runbooks/a/ 301!\n\
                 /alerts/x/ /runbooks/b/ 301!\n\
                 /runbooks/b/ /runbooks/a/ 301\n\
                 /runbooks/old-name/ /runbooks/a/ 301!\n\
                 /runbooks/gone/ /404.html 410\n\
                 /off/ https://evil.example/ 301!\n",
            ),
        ];
        let server = start(&site, Limits::for_open_files(4096));
        let get = |path: &str| read_all(send(server.addr, path));
        for (path, to) in [
            // Forced: the rule, though its redirect page exists; the first rule wins.
            ("/alerts/x/", "/runbooks/a/"),
            ("/alerts/x", "/runbooks/a/"),
            ("/alerts/X/", "/runbooks/a/"),
            ("/runbooks/old-name/", "/runbooks/a/"),
            ("/runbooks/old-name?from=pager", "/runbooks/a/?from=pager"),
        ] {
            let reply = get(path);
            assert_eq!(status(&reply), 301, "{path}: {reply}");
            assert_eq!(header(&reply, "Location"), Some(to), "{path}");
            assert_eq!(header(&reply, "X-Frame-Options"), Some("DENY"), "{path}");
        }
        // Paths are case-sensitive: another case is the 404 page (whose script goes on
        // to the lower-case route).
        let other_case = get("/alerts/ALERTX/");
        assert_eq!(status(&other_case), 404, "{other_case}");
        // Not forced: the page at the path shadows the rule.
        let shadowed = get("/runbooks/b/");
        assert_eq!(status(&shadowed), 200, "{shadowed}");
        assert!(shadowed.contains("<body>b"), "{shadowed}");
        // A retired address is the 404 page, with 410.
        let gone = get("/runbooks/gone/");
        assert_eq!(status(&gone), 410, "{gone}");
        assert!(gone.contains("not here"), "{gone}");
        // Never to another host, nor out of the site.
        assert_eq!(status(&get("/off/")), 404);
        assert_eq!(status(&get("/alerts/../../alerts/x/")), 403);
        // The redirect page itself, asked for by its file name, is served as a page.
        assert_eq!(status(&get("/alerts/x/index.html")), 200);
        assert_eq!(status(&get("/_redirects")), 404);
    }

    #[test]
    fn past_the_bounds_503_then_closed() {
        let limits = Limits {
            connections: 2,
            waits: 1,
            rejecting: 1,
        };
        let server = start(SITE, limits);
        // A long-poll takes the one place for waiting; a second is turned away.
        let held = send(server.addr, "/__pipebook/wait?since=v1");
        std::thread::sleep(Duration::from_millis(500));
        let second = read_all(send(server.addr, "/__pipebook/wait?since=v1"));
        assert!(status(&second) == 503, "{second}");
        assert_eq!(header(&second, "Retry-After"), Some("1"));
        // A connection that sends nothing holds the second place, another the one place
        // for refusals; the next is closed at once.
        let idle = std::net::TcpStream::connect(server.addr).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let mut refused = std::net::TcpStream::connect(server.addr).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let closed = read_all(send(server.addr, "/"));
        assert_eq!(closed, "", "closed without a reply");
        // The refused connection's request gets a 503.
        write!(refused, "GET / HTTP/1.0\r\n\r\n").unwrap();
        let refused = read_all(refused);
        assert!(status(&refused) == 503, "{refused}");
        assert!(header(&refused, "Content-Security-Policy").is_some());
        // Once the idle connection goes, pages are served again.
        drop(idle);
        std::thread::sleep(Duration::from_millis(500));
        let page = read_all(send(server.addr, "/"));
        assert!(status(&page) == 200, "{page}");
        drop(held);
    }
}
