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
//! - Every connection must send its request head within [`HEADER_TIMEOUT`]
//!   (slow clients cannot hold a place for ever).
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
    pub fn of_this_process() -> Limits {
        use rustix::process::{getrlimit, setrlimit, Resource};
        let mut limit = getrlimit(Resource::Nofile);
        if let Some(hard) = limit.maximum {
            if limit.current.is_some_and(|soft| soft < hard) {
                let raised = rustix::process::Rlimit {
                    current: Some(hard),
                    maximum: Some(hard),
                };
                if setrlimit(Resource::Nofile, raised.clone()).is_ok() {
                    limit = raised;
                }
            }
        }
        // No limit at all: as if a generous one.
        Limits::for_open_files(limit.current.unwrap_or(65_536))
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
            let reply = if serve {
                respond::respond(&ctx, req.method(), req.uri()).await
            } else {
                respond::busy(&ctx, req.uri().path())
            };
            Ok::<_, Infallible>(reply)
        }
    });
    // A client that goes away mid-request is no error of ours.
    let _ = builder
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
