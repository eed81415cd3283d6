//! One request, one reply: the server's own files, the long-poll, and the built site's
//! files, with the live-reload script and error overlay added to HTML pages, and every
//! reply carrying the headers Netlify would send for its path.

use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use bytes::{Bytes, BytesMut};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body, Frame, SizeHint};
use hyper::header::{
    HeaderName, HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION, RETRY_AFTER,
};
use hyper::{Method, Response, StatusCode, Uri};
use tokio::sync::{watch, Semaphore};

use super::headers::Rules;
use super::path::{is_local, percent_decode, with_query, Resolved};
use super::redirects;
use super::state::State;
use super::{POLL_TIMEOUT, PREFIX};
use crate::html::escape;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const SERVE_CSS: &str = include_str!("serve.css");
const TEXT: &str = "text/plain; charset=utf-8";

/// A reply's body: in memory, or read from a file as it is sent.
pub type ReplyBody = BoxBody<Bytes, io::Error>;
pub type Reply = Response<ReplyBody>;

/// What every request may read.
pub struct Context {
    /// The current state; each request reads its own snapshot.
    pub state: watch::Receiver<State>,
    /// `netlify.toml`'s rules, for the replies before any site has built.
    pub config_rules: Rules,
    /// Places for long-polls.
    pub waits: Arc<Semaphore>,
}

/// Answers a request, with the headers Netlify would send for its path.
pub async fn respond(ctx: &Context, method: &Method, uri: &Uri) -> Reply {
    let state = ctx.state.borrow().clone();
    let mut reply = route(ctx, &state, method, uri).await;
    apply_rules(&mut reply, rules(ctx, &state), uri.path());
    if state.search_stale {
        reply
            .headers_mut()
            .insert(SEARCH_HEADER, HeaderValue::from_static("stale"));
    }
    reply
}

/// Sent with every reply while the search index is older than the pages (see
/// [`stale_search_note`]).
pub const SEARCH_HEADER: &str = "x-pipebook-search-index";

/// The reply to a request turned away: too many connections.
pub fn busy(ctx: &Context, path: &str) -> Reply {
    let state = ctx.state.borrow().clone();
    let mut reply = text(
        StatusCode::SERVICE_UNAVAILABLE,
        "503 busy: too many connections; try again in a moment\n",
    );
    reply
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    apply_rules(&mut reply, rules(ctx, &state), path);
    reply
}

/// The reply to a request for a name that is not this machine's (see `http::local_host`):
/// the page asking may be another site's, pointed at this address to read the preview.
pub fn foreign_host(ctx: &Context, path: &str) -> Reply {
    let state = ctx.state.borrow().clone();
    let mut reply = text(
        StatusCode::MISDIRECTED_REQUEST,
        "421 this preview answers to localhost or an IP address only (another host name may be a web page reading it: DNS rebinding); open it as http://localhost:PORT/\n",
    );
    apply_rules(&mut reply, rules(ctx, &state), path);
    reply
}

fn rules<'a>(ctx: &'a Context, state: &'a State) -> &'a Rules {
    state.site.as_ref().map_or(&ctx.config_rules, |s| &s.rules)
}

async fn route(ctx: &Context, state: &State, method: &Method, uri: &Uri) -> Reply {
    if !matches!(*method, Method::GET | Method::HEAD) {
        let mut reply = text(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        reply
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return reply;
    }
    let path = uri.path();
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "livereload.js" => bytes(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                LIVERELOAD_JS,
            ),
            "serve.css" => bytes(StatusCode::OK, "text/css; charset=utf-8", SERVE_CSS),
            "wait" => wait(ctx, uri.query().unwrap_or("")).await,
            _ => text(StatusCode::NOT_FOUND, "404 not found\n"),
        };
    }
    let Some(site) = state.site.clone() else {
        // Nothing has built yet: every page is the errors (and no overlay repeats them).
        let page = error_page(state.error.as_deref().unwrap_or("The site is being built."));
        return html(
            StatusCode::INTERNAL_SERVER_ERROR,
            &page,
            &state.version,
            None,
            false,
        );
    };
    let resolved = {
        let (dir, path) = (site.site.clone(), path.to_string());
        let version = state.version.clone();
        match tokio::task::spawn_blocking(move || redirects::route(&dir, &version, &path)).await {
            Ok(r) => r,
            Err(_) => return text(StatusCode::INTERNAL_SERVER_ERROR, "500 server error\n"),
        }
    };
    let error = state.error.as_deref();
    match resolved {
        Resolved::File(file) => serve_file(&file, StatusCode::OK, state, error).await,
        Resolved::Redirect(to) => {
            let to = with_query(&to, uri.query());
            match HeaderValue::from_str(&to) {
                // Not 301: browsers remember those, and a preview's folders come and go.
                Ok(value) if is_local(&to) => {
                    let mut reply = text(StatusCode::FOUND, &format!("moved to {to}\n"));
                    reply.headers_mut().insert(LOCATION, value);
                    reply
                }
                _ => text(StatusCode::NOT_FOUND, "404 not found\n"),
            }
        }
        Resolved::Moved { location, status } => {
            let to = with_query(&location, uri.query());
            match (HeaderValue::from_str(&to), StatusCode::from_u16(status)) {
                // As Netlify answers; the rules are the build's own, and only ever lead
                // to a path of this server.
                (Ok(value), Ok(status)) if is_local(&to) => {
                    let mut reply = text(status, &format!("moved to {to}\n"));
                    reply.headers_mut().insert(LOCATION, value);
                    reply
                }
                _ => text(StatusCode::NOT_FOUND, "404 not found\n"),
            }
        }
        Resolved::Rewrite { file, status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::NOT_FOUND);
            serve_file(&file, status, state, error).await
        }
        Resolved::Forbidden => text(StatusCode::FORBIDDEN, "403 forbidden\n"),
        Resolved::NotFound => {
            // The site's own 404 page, else a line of text.
            let not_found = site.site.join("404.html");
            serve_file(&not_found, StatusCode::NOT_FOUND, state, error).await
        }
    }
}

/// Sets the headers the rules give for `path` (percent-decoded), over serve's own.
fn apply_rules(reply: &mut Reply, rules: &Rules, path: &str) {
    let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
    for (name, value) in rules.headers_for(&decoded) {
        // The rules were checked when read; a header that is still not valid is left out.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            reply.headers_mut().insert(name, value);
        }
    }
}

/// Waits until the version is no longer `since`, or for [`POLL_TIMEOUT`]; the version.
/// Past the bound of long-polls, 503 at once (the script tries again a little later).
async fn wait(ctx: &Context, query: &str) -> Reply {
    let Ok(_place) = ctx.waits.clone().try_acquire_owned() else {
        let mut reply = text(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 busy: too many pages are waiting for a rebuild\n",
        );
        reply
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        return reply;
    };
    let since = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(percent_decode)
        .unwrap_or_default();
    let mut rx = ctx.state.clone();
    // Timing out, or the server stopping, answers with the version as it is.
    let _ = tokio::time::timeout(POLL_TIMEOUT, rx.wait_for(|s| *s.version != *since)).await;
    let version = rx.borrow().version.clone();
    text(StatusCode::OK, &version)
}

async fn serve_file(file: &Path, status: StatusCode, state: &State, error: Option<&str>) -> Reply {
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        return match tokio::fs::read(file).await {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(page) => html(status, &page, &state.version, error, state.search_stale),
                // Not UTF-8: nothing to add the script to safely; as it is.
                Err(e) => self::bytes(status, kind, e.into_bytes()),
            },
            Err(_) => text(StatusCode::NOT_FOUND, "404 not found\n"),
        };
    }
    let opened = match tokio::fs::File::open(file).await {
        Ok(f) => f,
        Err(_) => return text(StatusCode::NOT_FOUND, "404 not found\n"),
    };
    let len = match opened.metadata().await {
        Ok(m) => m.len(),
        Err(_) => return text(StatusCode::NOT_FOUND, "404 not found\n"),
    };
    let body = FileBody {
        file: opened,
        buf: BytesMut::new(),
        left: len,
    };
    reply_with(status, kind, body.boxed())
}

/// A file sent as it is read, never more than its length when opened.
struct FileBody {
    file: tokio::fs::File,
    buf: BytesMut,
    left: u64,
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        const CHUNK: usize = 64 * 1024;
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        this.buf.reserve(CHUNK);
        match tokio_util::io::poll_read_buf(Pin::new(&mut this.file), cx, &mut this.buf) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Ok(0)) => Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file shrank while it was sent",
            )))),
            Poll::Ready(Ok(_)) => {
                let mut chunk = this.buf.split();
                if chunk.len() as u64 > this.left {
                    chunk.truncate(this.left as usize);
                }
                this.left -= chunk.len() as u64;
                Poll::Ready(Some(Ok(Frame::data(chunk.freeze()))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}

fn reply_with(status: StatusCode, content_type: &'static str, body: ReplyBody) -> Reply {
    let mut reply = Response::new(body);
    *reply.status_mut() = status;
    let headers = reply.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    reply
}

fn bytes(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Reply {
    let body = Full::new(body.into())
        .map_err(|never| match never {})
        .boxed();
    reply_with(status, content_type, body)
}

fn text(status: StatusCode, body: &str) -> Reply {
    bytes(status, TEXT, body.to_string())
}

fn html(
    status: StatusCode,
    page: &str,
    version: &str,
    error: Option<&str>,
    stale_search: bool,
) -> Reply {
    let mut page = inject(page, version, error);
    if stale_search {
        stale_search_note(&mut page);
    }
    bytes(status, "text/html; charset=utf-8", page)
}

/// Says on the page, while the search index is being built again after a change, that
/// search may not find the change yet (the page itself is up to date).
pub fn stale_search_note(page: &mut String) {
    const NOTE: &str = "<p id=\"pipebook-serve-search\" role=\"status\">Search is being \
        updated: results may not show the last change yet. This page is up to date.</p>";
    let at = find_ascii_ci(page, "<body")
        .and_then(|i| page[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(page.len());
    page.insert_str(at, NOTE);
}

/// The page as served: the live-reload script and, after a failed build, the overlay.
/// Both are external files of the server's own origin and the overlay has no inline
/// script nor style, so a `script-src 'self'; style-src 'self'` policy allows them.
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
        Some("txt" | "md") => TEXT,
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
    fn the_stale_search_note_opens_the_body() {
        let mut page = String::from("<html><head></head><BODY class=\"x\"><main>M</main></body>");
        stale_search_note(&mut page);
        let note = page
            .find("<p id=\"pipebook-serve-search\" role=\"status\">")
            .unwrap();
        assert!(page[..note].ends_with("<BODY class=\"x\">"));
        assert!(page.contains("Search is being updated"));
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
        // Nothing a Content-Security-Policy without 'unsafe-inline' would block.
        assert!(!out.contains("style="), "{out}");
        assert_eq!(out.matches("<script").count(), 1, "{out}");
        assert_eq!(out.matches("<script src=\"/__pipebook/").count(), 1);
    }
}
