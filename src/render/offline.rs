//! Offline reading: the service worker (`sw.js`), the list of what "Keep runbooks
//! offline" saves (`offline.json`), the web app manifest, and the `/offline/` page.
//!
//! Everything the service worker caches is named here, by the build, from what the build
//! wrote: the shell it saves on install (the theme's static files but search's, the
//! offline page) and the pages and index files it saves when a reader
//! asks to keep the runbooks. Nothing in a page's content can add to these lists.

use serde::Serialize;

use super::{Common, Renderer};
use crate::diagnostics::{Diagnostics, Location};
use crate::write::{Ledger, OutputFile};

/// The service worker's file, at the root of the site so that its scope is the site.
pub const SERVICE_WORKER: &str = "sw.js";
/// The pages and index files "Keep runbooks offline" saves, with their sizes.
pub const OFFLINE_LIST: &str = "offline.json";
pub const MANIFEST: &str = "manifest.webmanifest";

/// What `offline.json` holds: site paths (percent-encoded, from the root) and sizes in
/// bytes as stored (the browser keeps pages uncompressed).
#[derive(Serialize)]
struct OfflineList {
    version: String,
    /// What the hashes of `pages` leave out, the last occurrence of each, in order (see
    /// [`Renderer::stamps`]).
    stamps: Vec<String>,
    /// Runbook and folder pages, their folders' trees, the search page, and the pages the
    /// calendar feeds link to (home, on-call schedule, pipelines); each with the hash of
    /// what a reader sees of it (see [`crate::write::Ledger::read_as`]; `serve`'s updates keep them):
    /// the service worker keeps a saved copy with that hash rather than download it again.
    pages: Vec<(String, u64, Option<String>)>,
    /// The search index's files (shards, texts, typo table, filters) and its client.
    index: Vec<(String, u64)>,
    /// The diagram renderer (`diagrams.mjs` and mermaid's modules), on a site with a
    /// diagram only: a runbook kept offline draws its diagram offline too.
    diagrams: Vec<(String, u64)>,
    /// The redirect pages among those saved (a runbook's alias, a pipeline's job route),
    /// each with the page it leads to: the worker keeps a redirect there, fetching
    /// nothing. Listed as pages, a site with 2,000 job routes had each fetched (and its
    /// pipeline's page again behind Netlify's `301`), and counted in `/offline/`'s figures.
    redirects: Vec<(String, String)>,
}

/// Whether the file at `path` (in the output) is a page "Keep runbooks offline" saves:
/// runbook and folder pages, their folders' trees, the search page, and what the calendar
/// feeds' events link to (the schedule, a backup's pipeline) and the home page with who
/// is on call.
pub fn offline_page(p: &str) -> bool {
    (p.starts_with("runbooks/") && p.ends_with("/index.html"))
        || p.starts_with("_nav/")
        || p == "search/index.html"
        || p == "index.html"
        || p == "oncall/index.html"
        || (p.starts_with("pipelines/") && p.ends_with("/index.html"))
}

impl Renderer<'_> {
    /// What differs between two builds of the same content at other times: the build's
    /// time, in the footer, machine-readable and as read. Their last occurrences (the
    /// footer's, at the page's end) are left out of the hash of what a reader sees of a
    /// page (`offline.json`), so that a deploy does not download again every page a
    /// reader keeps offline for its footer's "Built …" alone.
    pub fn stamps(&self) -> [&str; 2] {
        [&self.built_iso, &self.built]
    }

    /// `/offline/`: what is saved on this device, and the control to keep every runbook.
    pub(super) fn offline_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
        }
        let common = self.common(
            "offline.html",
            "Offline reading".into(),
            "offline/".into(),
            "",
            None,
        );
        self.page(
            "offline.html",
            "offline/index.html".into(),
            &Ctx { common },
            d,
        )
    }

    /// `manifest.webmanifest`: the site as an installable app whose start page is home.
    pub fn manifest(&self) -> OutputFile {
        let base = &self.urls.base_path;
        let json = serde_json::json!({
            "name": self.site.config.title,
            "start_url": base,
            "scope": base,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0a58ca",
            "icons": [{
                "src": format!("{base}static/favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml"
            }]
        });
        OutputFile {
            path: MANIFEST.into(),
            bytes: serde_json::to_vec_pretty(&json).unwrap_or_default(),
        }
    }

    /// The redirect pages written among those "Keep runbooks offline" saves (`files`,
    /// the output's, in path order), as (file, site path it leads to), in file order.
    fn redirect_pages(&self, files: &[(String, u64)]) -> Vec<(String, String)> {
        let written = |file: &str| {
            files
                .binary_search_by(|(p, _)| p.as_str().cmp(file))
                .is_ok()
        };
        let mut redirects: Vec<(String, String)> = self
            .routes
            .map(super::redirects::kept_redirects)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(from, to)| {
                let file = format!("{from}index.html");
                (from.ends_with('/') && offline_page(&file) && written(&file)).then_some((file, to))
            })
            .collect();
        redirects.sort_unstable();
        redirects
    }

    /// `sw.js` and `offline.json`, from everything written so far (call it last: the
    /// cache version is the digest of the whole site, these two files aside). `index` is
    /// the search index's build (`b` of its files; empty when unknown or none): the
    /// worker keeps no file of the index that carries another.
    pub fn offline_files(
        &self,
        ledger: &Ledger,
        index: &str,
        d: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        let version = ledger.digest();
        let files = ledger.files();
        let link = |path: &str| {
            let page = path.strip_suffix("index.html").unwrap_or(path);
            self.urls.link(page)
        };
        let mut shell: Vec<String> = files
            .iter()
            .filter(|(p, _)| {
                (p.starts_with("static/") && !some_pages_only(p))
                    || p == "offline/index.html"
                    || p == MANIFEST
            })
            .map(|(p, _)| link(p))
            .collect();
        shell.sort();
        let list = self.offline_list(version.clone(), &files, &ledger.seen(), &link);
        // The theme's files' sizes (not the diagram renderer's chunks: the worker is in a
        // first visit's budget): the worker keeps none cut short on its way.
        let sizes: std::collections::BTreeMap<String, u64> = files
            .iter()
            .filter(|(p, _)| p.starts_with("static/") && !p.starts_with(super::diagrams::FOLDER))
            .map(|(p, n)| (link(p), *n))
            .collect();
        let (base, shell, index) = (json(&self.urls.base_path), json(&shell), json(index));
        let sizes = json(&sizes);
        let values = [
            ("version", version.as_str()),
            ("base", &base),
            ("shell", &shell),
            ("index", &index),
            ("sizes", &sizes),
        ];
        let Some(sw) = self.service_worker(&values, d) else {
            return Vec::new();
        };
        vec![
            // Served as the theme's scripts are, without its comment lines: the worker
            // is fetched on a first visit, in the page's budget.
            OutputFile {
                path: SERVICE_WORKER.into(),
                bytes: super::inline::served(SERVICE_WORKER, sw.as_bytes()).into_owned(),
            },
            OutputFile {
                path: OFFLINE_LIST.into(),
                bytes: serde_json::to_vec(&list).unwrap_or_default(),
            },
        ]
    }

    /// `offline.json`: what the service worker may save of the site written (`files`,
    /// sorted by path, with `seen`, the hashes of what readers see of its pages).
    fn offline_list(
        &self,
        version: String,
        files: &[(String, u64)],
        seen: &[(String, String)],
        link: &dyn Fn(&str) -> String,
    ) -> OfflineList {
        // Every module of mermaid, not only those of the diagrams seen so far: which
        // chunks a diagram needs is decided by mermaid in the browser, from its type.
        let has_diagrams = files
            .iter()
            .any(|(p, _)| p.starts_with(super::diagrams::FOLDER));
        let redirects = self.redirect_pages(files);
        let redirect = |p: &str| {
            redirects
                .binary_search_by(|(f, _)| f.as_str().cmp(p))
                .is_ok()
        };
        OfflineList {
            version,
            stamps: self.stamps().map(String::from).to_vec(),
            pages: files
                .iter()
                .filter(|(p, _)| offline_page(p) && !redirect(p))
                .map(|(p, n)| {
                    let seen = seen
                        .binary_search_by(|(q, _)| q.as_str().cmp(p))
                        .ok()
                        .map(|i| seen[i].1.clone());
                    (link(p), *n, seen)
                })
                .collect(),
            index: files
                .iter()
                .filter(|(p, _)| {
                    (p.starts_with("search/") && !p.ends_with(".html")) || search_client(p)
                })
                .map(|(p, n)| (link(p), *n))
                .collect(),
            diagrams: files
                .iter()
                .filter(|(p, _)| {
                    has_diagrams
                        && (p == "static/diagrams.mjs"
                            || (p.starts_with(super::diagrams::FOLDER) && p.ends_with(".mjs")))
                })
                .map(|(p, n)| (link(p), *n))
                .collect(),
            redirects: redirects
                .iter()
                .map(|(p, to)| (link(p), self.urls.link(to)))
                .collect(),
        }
    }

    /// The service worker: the default theme's, written with `values`, or the site
    /// theme's template rendered with them; None (and an error) when that fails.
    fn service_worker(&self, values: &[(&str, &str)], d: &mut Diagnostics) -> Option<String> {
        let written = self
            .compiled
            .service_worker
            .then(|| super::default_theme::service_worker(values))
            .flatten();
        let rendered = || {
            let mut ctx = tera::Context::new();
            for &(name, value) in values {
                ctx.insert(name, value);
            }
            self.tera.render(SERVICE_WORKER, &ctx)
        };
        match written.map_or_else(rendered, Ok) {
            Ok(js) => Some(js),
            Err(e) => {
                d.error(
                    Location::file(format!(
                        "themes/{}/templates/{SERVICE_WORKER}",
                        self.site.config.theme
                    )),
                    format!(
                        "cannot render the service worker: {}",
                        super::tera_error(&e)
                    ),
                    "fix the template, or remove it to fall back to the default theme's",
                );
                None
            }
        }
    }
}

/// JSON text of a value, for the service worker's constants (a base path or a title can
/// hold quotes; JSON is also JavaScript). `<` is escaped too, though the file is never
/// parsed as HTML.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The search client's files: saved when it is first used (or kept with the index), so
/// that a reader who never searches never downloads it.
fn search_client(p: &str) -> bool {
    p.starts_with("static/") && p.contains("search")
}

/// Scripts of some pages only, not of the shell every page needs: the search client, the
/// diagram renderer (hundreds of kB, for pages with a diagram) and the 404 page's.
fn some_pages_only(p: &str) -> bool {
    search_client(p)
        || p.starts_with(super::diagrams::FOLDER)
        || p == "static/diagrams.mjs"
        || p == "static/routes.js"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_json_and_never_close_a_tag() {
        assert_eq!(json("/a\"b</script>/"), r#""/a\"b\u003c/script>/""#);
        assert_eq!(json(&["/x/"]), r#"["/x/"]"#);
    }
}
