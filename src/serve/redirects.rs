//! The built site's `_redirects`, honoured as Netlify honours it, so the preview answers
//! an alias, an alert or job route with its `301` and a retired address with its `410`.
//!
//! What Netlify documents (docs.netlify.com, "Redirects and rewrites" and "Redirect
//! options"), and what is kept here:
//!
//! - rules are read top to bottom and the first rule whose path matches is the one
//!   applied;
//! - paths are case-sensitive (`/alerts/EtcdNoLeader/` is not `/alerts/etcdnoleader/`),
//!   special characters in them percent-encoded, and a rule matches its path with or
//!   without the trailing slash;
//! - a rule does not apply where a file exists at the path (shadowing), unless it is
//!   forced (`301!`);
//! - `301`, `302`, `303`, `307`, `308` send the reader on (`Location`); any other status
//!   serves the target's file with that status (`/gone/ /404.html 410`).
//!
//! Only what pipebook writes needs reading: a rule with a splat (`*`), a placeholder
//! (`:name`), conditions or query matches, or a target on another host is left out, so
//! the preview never sends a reader elsewhere. The file is read once per build, then each
//! request costs one hash lookup.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::path::{is_local, resolve, segments, Resolved};

/// The largest `_redirects` read: 100,000 aliases take about 8 MB.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One rule of `_redirects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The target as written (percent-encoded, from the site's root).
    pub to: String,
    pub status: u16,
    /// `!`: applied even where a file exists at the path.
    pub force: bool,
}

impl Rule {
    /// Whether the reader is sent on (`Location`), rather than served the target.
    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }
}

/// The rules of one `_redirects`, by the path they match.
#[derive(Debug, Default)]
pub struct Table {
    /// By the decoded segments of the path, joined with `/` (no leading or trailing
    /// slash): the first rule for each.
    rules: HashMap<String, Rule>,
}

impl Table {
    /// The rules of `text`, as Netlify reads them (see the module's notes for what is
    /// left out).
    pub fn parse(text: &str) -> Self {
        let mut rules = HashMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (from, to, status) = match fields.as_slice() {
                [from, to] => (*from, *to, "301"),
                [from, to, status] => (*from, *to, *status),
                // Conditions (`Country=`, `Role=`) and query matches: not pipebook's.
                _ => continue,
            };
            let (status, force) = match status.strip_suffix('!') {
                Some(s) => (s, true),
                None => (status, false),
            };
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            if !from.starts_with('/') || from.contains(['*', ':']) || !is_local(to) {
                continue;
            }
            let Some(key) = key(from) else { continue };
            // The first rule for a path wins.
            rules.entry(key).or_insert(Rule {
                to: to.to_string(),
                status,
                force,
            });
        }
        Table { rules }
    }

    /// The rule that matches the request path `url_path` (percent-encoded, without its
    /// query), if any.
    pub fn find(&self, url_path: &str) -> Option<&Rule> {
        if self.rules.is_empty() {
            return None;
        }
        self.rules.get(&key(url_path)?)
    }
}

/// Where the request path `url_path` leads in the site in `dir` (built as `version`), its
/// `_redirects` applied: a forced rule first, then the file at the path, then an
/// unforced rule.
pub fn route(dir: &Path, version: &Arc<str>, url_path: &str) -> Resolved {
    let found = resolve(dir, url_path);
    if found == Resolved::Forbidden {
        return found;
    }
    let table = for_site(dir, version);
    let Some(rule) = table.find(url_path) else {
        return found;
    };
    // Shadowing: a file at the path (or a folder's page, asked for without its slash)
    // wins over a rule that is not forced.
    if !rule.force && found != Resolved::NotFound {
        return found;
    }
    if rule.is_redirect() {
        return Resolved::Moved {
            location: rule.to.clone(),
            status: rule.status,
        };
    }
    match resolve(dir, &rule.to) {
        Resolved::File(file) => Resolved::Rewrite {
            file,
            status: rule.status,
        },
        _ => Resolved::NotFound,
    }
}

/// A path as the table keys it: its decoded segments, so `%41` and `A` are one path and
/// the trailing slash does not count. `None` for a path that names no file.
fn key(path: &str) -> Option<String> {
    segments(path).map(|s| s.join("/"))
}

/// The last table read, with the site folder and version it was read for.
type Cached = Option<(PathBuf, Arc<str>, Arc<Table>)>;

static CACHE: Mutex<Cached> = Mutex::new(None);

/// The `_redirects` of the site in `dir` (built as `version`), read once per build.
/// A site without one, or one that cannot be read, has no rules.
pub fn for_site(dir: &Path, version: &Arc<str>) -> Arc<Table> {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((d, v, table)) = cache.as_ref() {
        if d == dir && v == version {
            return table.clone();
        }
    }
    let mut text = String::new();
    let read = std::fs::File::open(dir.join("_redirects"))
        .and_then(|f| f.take(MAX_BYTES).read_to_string(&mut text));
    let table = Arc::new(match read {
        Ok(_) => Table::parse(&text),
        Err(_) => Table::default(),
    });
    *cache = Some((dir.to_path_buf(), version.clone(), table.clone()));
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_as_netlify_reads_them() {
        let table = Table::parse(
            "# comment\n\
             /alerts/etcdnoleader/ /runbooks/etcd/ 301!\n\
             /alerts/EtcdNoLeader/ /runbooks/etcd/ 301!\n\
             /alerts/etcdnoleader/ /runbooks/other/ 301!\n\
             /runbooks/gr%C3%B6%C3%9Fe/ /runbooks/size/ 301!\n\
             /old /runbooks/new/\n\
             \t/gone/   /404.html   410  \n\
             /splat/* /x/:splat 301!\n\
             /:name /x/ 301!\n\
             /lang/ /de/ 302 Language=de\n\
             /away/ https://evil.example/ 301!\n\
             /twice/ //evil.example/ 301!\n\
             /bad/ /x/ three\n",
        );
        let found = |p: &str| table.find(p).map(|r| (r.to.as_str(), r.status, r.force));
        assert_eq!(
            found("/alerts/etcdnoleader/"),
            Some(("/runbooks/etcd/", 301, true)),
            "the first rule for a path wins"
        );
        assert_eq!(
            found("/alerts/etcdnoleader"),
            found("/alerts/etcdnoleader/")
        );
        assert_eq!(
            found("/alerts/EtcdNoLeader"),
            Some(("/runbooks/etcd/", 301, true))
        );
        assert_eq!(
            found("/alerts/ETCDNOLEADER/"),
            None,
            "paths are case-sensitive"
        );
        assert_eq!(
            found("/runbooks/größe/"),
            Some(("/runbooks/size/", 301, true))
        );
        assert_eq!(
            found("/runbooks/gr%c3%b6%c3%9fe"),
            found("/runbooks/größe/")
        );
        assert_eq!(found("/old/"), Some(("/runbooks/new/", 301, false)));
        assert_eq!(found("/gone"), Some(("/404.html", 410, false)));
        for missing in [
            "/splat/a",
            "/splat/*",
            "/anything",
            "/lang/",
            "/away/",
            "/twice/",
            "/bad/",
            "/alerts/../alerts/etcdnoleader/",
        ] {
            assert_eq!(found(missing), None, "{missing}");
        }
    }
}
