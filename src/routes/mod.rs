//! Stable addresses besides the pages themselves (issue 18): a runbook's earlier
//! addresses (`aliases:`), an address per alert (`/alerts/<name>/`), an address per
//! orchestrator job (`/pipelines/by-job/<job>/`), and addresses removed on purpose
//! (`retired_urls:`).
//!
//! [`Routes::build`] is a pure function of the loaded site, run after validation; it
//! reports names and paths that cannot be addresses, two runbooks claiming one alert, and
//! aliases that would replace a page. Rendering writes a redirect page for each route and
//! a Netlify `_redirects` file (see `render::redirects`); the alert rule check resolves
//! `runbook_url`s through [`Routes::resolve`], and the moved-page check asks it whether
//! an address the previous build published is still served.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Pipeline, Runbook, Site};

pub mod moved;
pub mod names;

use names::{alias_path, as_written_segment, fold, name_problem, route_key, RESERVED};

/// The folder of alert routes.
pub const ALERTS: &str = "alerts/";

/// The folder of job routes, under the pipelines.
pub const JOBS: &str = "pipelines/by-job/";

/// One alert and the runbook that answers it.
#[derive(Debug, Clone)]
pub struct AlertRoute<'a> {
    /// The name as the runbook writes it (`EtcdMembersDown`).
    pub name: &'a str,
    pub runbook: &'a Runbook,
    /// Which entry of the runbook's `alerts:` claims it; `None` for its file name
    /// (`alerts_from_file_names`).
    pub claim: Option<usize>,
}

/// An alert that a rule of `alert_rules` raises and no runbook claims. Its route is a
/// page of its own: the responder a page woke still finds the alert's pipeline, owners
/// and who is on call, and that it has no runbook yet.
#[derive(Debug, Clone)]
pub struct UnclaimedRoute<'a> {
    /// The name as its first rule writes it.
    pub name: &'a str,
    /// The rules that raise it: the index of the file in `site.alert_rules`, and of the
    /// rule in it.
    pub rules: Vec<(usize, usize)>,
}

/// An earlier address of a runbook.
#[derive(Debug, Clone)]
pub struct AliasRoute<'a> {
    pub runbook: &'a Runbook,
    /// Which entry of its `aliases:` or `redirect_from:` (Jekyll's), as its front matter
    /// key: `aliases[0]`.
    pub key: String,
    /// Whether a redirect page is written at it: not for an alias that differs only in
    /// case from its own runbook's page (Hugo's lower-cased address of it), which would
    /// be written over the page on a file system that ignores case. It is a rule of
    /// `_redirects` only.
    pub page: bool,
}

/// One orchestrator job and its pipeline.
#[derive(Debug, Clone)]
pub struct JobRoute<'a> {
    pub name: &'a str,
    pub pipeline: &'a Pipeline,
}

/// What an address of the site leads to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'r, 'a> {
    /// A page pipebook writes, by its site path.
    Page,
    /// A file copied from beside the runbooks.
    File,
    Alert(&'r AlertRoute<'a>),
    Unclaimed(&'r UnclaimedRoute<'a>),
    Alias(&'r AliasRoute<'a>),
    Job(&'r JobRoute<'a>),
    /// An address removed on purpose (410 Gone).
    Retired,
}

/// Every route of the site, and its pages, for lookups.
#[derive(Debug, Default)]
pub struct Routes<'a> {
    /// By route key (lower case).
    pub alerts: BTreeMap<String, AlertRoute<'a>>,
    /// The alerts the rules raise and no runbook claims, by route key.
    pub unclaimed: BTreeMap<String, UnclaimedRoute<'a>>,
    /// By site path (`runbooks/old-name/`).
    pub aliases: BTreeMap<String, AliasRoute<'a>>,
    /// By route key (lower case).
    pub jobs: BTreeMap<String, JobRoute<'a>>,
    /// Site paths removed on purpose, with their entry in `retired_urls`.
    pub retired: BTreeMap<String, usize>,
    /// Site paths of the pages pipebook writes (folders end with `/`), with the index of
    /// the runbook whose page it is.
    pages: PathMap<Option<usize>>,
    /// Site paths of copied files.
    files: foldhash::HashSet<String>,
    /// Every page, copied file and alias by its path folded ([`fold`]: lower case, NFC),
    /// with its path as written: on a file system that ignores case and encoding (macOS,
    /// Windows) two such paths are one file, and a redirect page would overwrite a page.
    folded: PathMap<String>,
    /// The `#anchor`s of alert rules' `runbook_url`s, checked against the runbook's ids
    /// once it is rendered (see `alerts::check`).
    pub rule_anchors: Vec<RuleAnchor<'a>>,
}

/// A `runbook_url` with an `#anchor`, and the runbook it leads to.
#[derive(Debug, Clone)]
pub struct RuleAnchor<'a> {
    /// Which rule: the index of its file in `site.alert_rules`, and of the rule in it.
    pub file: usize,
    pub rule: usize,
    pub runbook: &'a Runbook,
    /// The fragment, percent-decoded.
    pub anchor: String,
}

/// The site path of a runbook's page (`runbooks/profit/aggregate-profit/`).
pub fn runbook_path(slug: &str) -> String {
    let mut path = String::with_capacity(slug.len() + 10);
    path.push_str("runbooks/");
    if !slug.is_empty() {
        path.push_str(slug);
        path.push('/');
    }
    path
}

/// Site paths to what is there, one entry per page of the site: foldhash (seeded per
/// process; the paths are file names of a pull request) rather than SipHash.
type PathMap<V> = foldhash::HashMap<String, V>;

/// The site folder holding a runbook's file (`runbooks/profit/` for
/// `profit/aggregate-profit.md` and for `profit/_index.md`).
fn file_folder(rb: &Runbook) -> String {
    match rb.rel_path.rsplit_once('/') {
        Some((dir, _)) => format!("runbooks/{dir}/"),
        None => "runbooks/".to_string(),
    }
}

impl<'a> Routes<'a> {
    /// The routes of `site`, reporting every claim, name and path that cannot be one.
    pub fn build(site: &'a Site, diags: &mut Diagnostics) -> Self {
        let mut routes = Routes {
            pages: page_paths(site),
            files: site
                .assets
                .iter()
                .map(|a| format!("runbooks/{}", a.rel_path))
                .collect(),
            ..Routes::default()
        };
        // Of paths that differ only in case, the first in byte order is the one named:
        // the maps are seeded per process, and messages must not change between runs.
        for p in routes.pages.keys().chain(&routes.files) {
            match routes.folded.entry(fold(p)) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if p < e.get() {
                        e.insert(p.clone());
                    }
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(p.clone());
                }
            }
        }
        crate::diagnostics::with_line_indexes(|| {
            routes.add_alerts(site, diags);
            routes.add_jobs(site, diags);
            routes.add_retired(site, diags);
            routes.add_unclaimed(site);
            routes.add_aliases(site, diags);
        });
        routes
    }

    fn add_alerts(&mut self, site: &'a Site, diags: &mut Diagnostics) {
        for rb in &site.runbooks {
            for (i, name) in rb.front.alerts.iter().enumerate() {
                let at = || rb.source.locate(&format!("alerts[{i}]"));
                if let Some(why) = name_problem(name) {
                    diags.error(
                        at(),
                        format!("alert name `{name}` {why}"),
                        "write the alert's name as its rule names it, such as `EtcdMembersDown`",
                    );
                    continue;
                }
                self.claim(name, rb, Some(i), diags);
            }
            if site.config.alerts_from_file_names && !rb.is_index {
                let stem = rb.slug.rsplit('/').next().unwrap_or_default();
                // Only names of one plain word (`etcdNoLeader`): a file name that is not
                // (`how to debug.md`) is simply not taken as one.
                let plain = stem
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
                if plain && name_problem(stem).is_none() {
                    self.claim(stem, rb, None, diags);
                }
            }
        }
    }

    /// Records `rb`'s claim to alert `name`, or reports the runbook that claimed it first.
    fn claim(
        &mut self,
        name: &'a str,
        rb: &'a Runbook,
        claim: Option<usize>,
        diags: &mut Diagnostics,
    ) {
        let key = route_key(name);
        let Some(first) = self.alerts.get(&key) else {
            self.alerts.insert(
                key,
                AlertRoute {
                    name,
                    runbook: rb,
                    claim,
                },
            );
            return;
        };
        if std::ptr::eq(first.runbook, rb) {
            // Named twice by one runbook (its file name and its front matter, say): it
            // still leads to that runbook.
            return;
        }
        let at = match claim {
            Some(i) => rb.source.locate(&format!("alerts[{i}]")),
            None => Location::file(&rb.source.display),
        };
        let first_at = claim_location(first);
        let what = if first.name == name {
            format!("alert `{name}`")
        } else {
            format!(
                "alerts `{}` and `{name}` (one route, /{ALERTS}{key}/: routes ignore case)",
                first.name
            )
        };
        diags.error(
            at,
            format!(
                "{what} claimed by two runbooks: {}:{} and {}",
                first_at.file, first_at.line, rb.source.display
            ),
            "an alert leads to one runbook: remove it from one of them, and link that page from the other",
        );
    }

    fn add_jobs(&mut self, site: &'a Site, diags: &mut Diagnostics) {
        let src = &site.sources.pipelines;
        let mut first_at: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, p) in site.pipelines.pipelines.iter().enumerate() {
            for (j, name) in p.job.iter().enumerate() {
                let at = || src.locate(&format!("pipelines[{i}].job[{j}]"));
                if let Some(why) = name_problem(name) {
                    diags.error(
                        at(),
                        format!("job name `{name}` of pipeline `{}` {why}", p.id),
                        "write the job's id as the orchestrator names it, such as `aggregate_profit_daily`",
                    );
                    continue;
                }
                let key = route_key(name);
                if let Some(&(fi, fj)) = first_at.get(&key) {
                    let first = &site.pipelines.pipelines[fi];
                    diags.error(
                        at(),
                        format!(
                            "job `{name}` of pipeline `{}` is also job `{}` of pipeline `{}` (line {}); routes ignore case",
                            p.id,
                            first.job[fj],
                            first.id,
                            src.locate(&format!("pipelines[{fi}].job[{fj}]")).line
                        ),
                        "a job leads to one pipeline: name each job once",
                    );
                    continue;
                }
                first_at.insert(key.clone(), (i, j));
                self.jobs.insert(key, JobRoute { name, pipeline: p });
            }
        }
        if self.jobs.is_empty() {
            return;
        }
        if let Some(i) = site
            .pipelines
            .pipelines
            .iter()
            .position(|p| p.id == "by-job")
        {
            diags.error(
                src.locate(&format!("pipelines[{i}].id")),
                format!("pipeline id `by-job` is the folder of job routes (/{JOBS})"),
                "give the pipeline another id",
            );
        }
    }

    fn add_retired(&mut self, site: &'a Site, diags: &mut Diagnostics) {
        for (i, url) in site.config.retired_urls.iter().enumerate() {
            let at = || site.sources.site.locate(&format!("retired_urls[{i}]"));
            match alias_path(url, "") {
                Err(why) => diags.error(
                    at(),
                    format!("retired URL `{url}` {why}"),
                    "list the site paths of pages removed on purpose, such as `/runbooks/old-pipeline/`",
                ),
                Ok(path) if self.resolve(&path).is_some() => diags.error(
                    at(),
                    format!("retired URL `{url}` is a page or route of this site"),
                    "remove it from `retired_urls`: the address is still published",
                ),
                Ok(path) if own_file(&path) => diags.error(
                    at(),
                    match path.trim_end_matches('/').split_once('/') {
                        Some((first, _)) => format!("retired URL `{url}` lies in /{first}/, where pipebook writes its own files"),
                        None => format!(
                            "retired URL `{url}` is /{}, one of pipebook's own files",
                            path.trim_end_matches('/')
                        ),
                    },
                    "remove it from `retired_urls`: the site still serves that file (its worker, index, theme or schedule), whatever the list says",
                ),
                Ok(path) if feed_of(site, &path).is_some() => diags.error(
                    at(),
                    format!(
                        "retired URL `{url}` is the calendar feed of engineer `{}`",
                        feed_of(site, &path).unwrap_or_default()
                    ),
                    "remove it from `retired_urls`: the site still writes that feed, and calendar apps read it",
                ),
                Ok(path) => {
                    // A route is retired whatever the case it is written in.
                    let path = match [ALERTS, JOBS].iter().find(|f| path.starts_with(**f)) {
                        Some(f) if path[f.len()..].trim_end_matches('/').split('/').count() == 1 => {
                            format!("{f}{}/", route_key(path[f.len()..].trim_end_matches('/')))
                        }
                        _ => path,
                    };
                    self.retired.insert(path, i);
                }
            }
        }
    }

    /// The alerts of the rule files that no runbook claims, unless their route is retired
    /// or their name cannot be one (`alerts::check` reports both).
    fn add_unclaimed(&mut self, site: &'a Site) {
        for (f, file) in site.alert_rules.iter().enumerate() {
            for (r, rule) in file.rules.iter().enumerate() {
                if name_problem(&rule.name).is_some() {
                    continue;
                }
                let key = route_key(&rule.name);
                if self.alerts.contains_key(&key)
                    || self.retired.contains_key(&format!("{ALERTS}{key}/"))
                {
                    continue;
                }
                self.unclaimed
                    .entry(key)
                    .or_insert_with(|| UnclaimedRoute {
                        name: &rule.name,
                        rules: Vec::new(),
                    })
                    .rules
                    .push((f, r));
            }
        }
    }

    fn add_aliases(&mut self, site: &'a Site, diags: &mut Diagnostics) {
        // Most runbooks have none: their folder (a `format!`, 16 M instructions of every
        // build at 10,000 runbooks, `serve`'s updates included) is not made for them.
        for rb in site.runbooks.iter().filter(|rb| rb.front.has_aliases()) {
            let folder = file_folder(rb);
            for (alias, key) in rb.front.all_aliases() {
                let alias = alias.as_ref();
                let at = || rb.source.locate(&key);
                let hint =
                    "an alias is an earlier address of this page, such as `/runbooks/old-name/`";
                let path = match alias_path(alias, &folder) {
                    Ok(path) => path,
                    Err(why) => {
                        let what = match list_of(&key) {
                            "aliases" => "alias",
                            _ => "redirect_from",
                        };
                        diags.error(at(), format!("{what} `{alias}` {why}"), hint);
                        continue;
                    }
                };
                let own_page = runbook_path(&rb.slug);
                let case_of_own = path != own_page && fold(&path) == fold(&own_page);
                if let Some(why) = self.alias_conflict(&path, site).filter(|_| !case_of_own) {
                    diags.error(at(), format!("alias `{alias}` (/{path}) {why}"), hint);
                    continue;
                }
                let same = match self.aliases.get_key_value(&path) {
                    Some(found) => Some(found),
                    None => self
                        .folded
                        .get(&fold(&path))
                        .and_then(|other| self.aliases.get_key_value(other)),
                };
                if let Some((first_path, first)) = same {
                    let first_at = first.runbook.source.locate(&first.key);
                    if std::ptr::eq(first.runbook, rb) && *first_path == path {
                        // The same page twice (a copy, or one YAML anchor used twice):
                        // the address leads where it should; one is enough.
                        diags.warning(
                            at(),
                            format!(
                                "alias /{path} is listed twice in this file's {} (also item {}, line {})",
                                listed_in(&first.key, &key),
                                item_number(&first.key),
                                first_at.line
                            ),
                            "remove one of them",
                        );
                        continue;
                    }
                    let what = if *first_path == path {
                        format!("alias /{path} is claimed twice")
                    } else {
                        format!("aliases /{first_path} and /{path} differ only in {} (one file on macOS and Windows), and are claimed", names::how_alike(first_path, &path))
                    };
                    let message = if std::ptr::eq(first.runbook, rb) {
                        format!("{what} twice by this file (also at line {})", first_at.line)
                    } else {
                        format!(
                            "{what}: by {}:{} and by {}",
                            first_at.file, first_at.line, rb.source.display
                        )
                    };
                    diags.error(
                        at(),
                        message,
                        "an old address leads to one page: keep the alias on one of them",
                    );
                    continue;
                }
                if !case_of_own {
                    self.folded.insert(fold(&path), path.clone());
                }
                self.aliases.insert(
                    path,
                    AliasRoute {
                        runbook: rb,
                        key,
                        page: !case_of_own,
                    },
                );
            }
        }
    }

    /// Why the alias at site path `path` cannot be written, if it cannot.
    fn alias_conflict(&self, path: &str, site: &Site) -> Option<String> {
        let first = path.split('/').next().unwrap_or_default();
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(first))
            || crate::url::is_sitemap_part(first)
        {
            return Some(format!(
                "lies in /{first}, where pipebook writes its own pages and files"
            ));
        }
        if let Some(owner) = self.pages.get(path) {
            let page = owner.map_or("a folder's listing", |i| {
                site.runbooks[i].source.display.as_str()
            });
            return Some(format!("is the address of a page ({page})"));
        }
        // A copied file at the alias, or at a folder above it.
        let mut prefix = path.trim_end_matches('/');
        loop {
            if self.files.contains(prefix) {
                return Some(format!("would be written over the copied file /{prefix}"));
            }
            match prefix.rsplit_once('/') {
                Some((up, _)) => prefix = up,
                None => break,
            }
        }
        if self.retired.contains_key(path) {
            return Some("is also listed in `retired_urls` of site.yaml".into());
        }
        // A page or copied file whose path differs only in case. (Another alias is
        // reported as a second claim.)
        if let Some(other) = self.folded.get(&fold(path)) {
            if !self.aliases.contains_key(other) {
                return Some(format!(
                    "differs only in {} from /{other}, a page or file of this site: on a file system that ignores it (macOS, Windows) the redirect would be written over it",
                    names::how_alike(other, path)
                ));
            }
        }
        // A copied file at the alias or at a folder above it, in another case: the
        // folded paths of pages end with `/` and those of files do not, so the look-up
        // above misses them.
        let own = path.trim_end_matches('/');
        let at_or_above =
            std::iter::successors(Some(own), |p| p.rsplit_once('/').map(|(up, _)| up));
        for prefix in at_or_above {
            let Some(file) =
                (self.folded.get(&fold(prefix))).filter(|f| self.files.contains(f.as_str()))
            else {
                continue;
            };
            return Some(if prefix == own {
                format!(
                    "differs only in {} from the copied file /{file}: on a file system that ignores it (macOS, Windows) the redirect would be written over it",
                    names::how_alike(file, own)
                )
            } else {
                format!("would be written over the copied file /{file}")
            });
        }
        None
    }

    /// The site paths that lead to alert `key`: its key, and its name as written when
    /// that differs only in case.
    pub fn alert_paths(key: &str, route: &AlertRoute) -> Vec<String> {
        Self::alert_name_paths(key, route.name)
    }

    /// The site paths of the alert `name`, whose route key is `key`.
    pub fn alert_name_paths(key: &str, name: &str) -> Vec<String> {
        let mut paths = vec![format!("{ALERTS}{key}/")];
        paths.extend(as_written_segment(name).map(|n| format!("{ALERTS}{n}/")));
        paths
    }

    /// The site paths that lead to job `key`.
    pub fn job_paths(key: &str, route: &JobRoute) -> Vec<String> {
        let mut paths = vec![format!("{JOBS}{key}/")];
        paths.extend(as_written_segment(route.name).map(|n| format!("{JOBS}{n}/")));
        paths
    }

    /// Forgets the site's pages, copied files and their folded paths, which only the
    /// lookups of addresses read ([`Routes::resolve`], [`Routes::runbook_at`]): a build
    /// calls it once the alert rules and the previous site's addresses are checked, as
    /// rendering writes the routes alone. Two strings a page at 100,000 runbooks.
    pub fn forget_pages(&mut self) {
        self.pages = PathMap::default();
        self.files = foldhash::HashSet::default();
        self.folded = PathMap::default();
    }

    /// The runbook whose page is at site path `path` (a folder, ending with `/`), if any.
    pub fn runbook_at(&self, path: &str, site: &'a Site) -> Option<&'a Runbook> {
        let i = (*self.pages.get(path)?)?;
        site.runbooks.get(i)
    }

    /// The alert named `name`, whatever its case.
    pub fn alert(&self, name: &str) -> Option<&AlertRoute<'a>> {
        self.alerts.get(&route_key(name))
    }

    /// What the site path `path` (percent-decoded, with or without its leading `/`) leads
    /// to, if anything. Alert and job routes are found whatever the case; `index.html` is
    /// the folder's page, and a folder may be written without its trailing `/`.
    pub fn resolve(&self, path: &str) -> Option<Target<'_, 'a>> {
        let p = path.trim_start_matches('/');
        let p = p.strip_suffix("index.html").unwrap_or(p);
        for (folder, jobs) in [(ALERTS, false), (JOBS, true)] {
            if let Some(rest) = p.strip_prefix(folder) {
                let segment = rest.strip_suffix('/').unwrap_or(rest);
                if !segment.is_empty() && !segment.contains('/') {
                    let key = route_key(segment);
                    let found = if jobs {
                        self.jobs.get(&key).map(Target::Job)
                    } else {
                        self.alerts
                            .get(&key)
                            .map(Target::Alert)
                            .or_else(|| self.unclaimed.get(&key).map(Target::Unclaimed))
                    };
                    if found.is_some() {
                        return found;
                    }
                    if self.retired.contains_key(&format!("{folder}{key}/")) {
                        return Some(Target::Retired);
                    }
                }
            }
        }
        let folder = if p.is_empty() || p.ends_with('/') {
            p.to_string()
        } else {
            format!("{p}/")
        };
        for candidate in [p, folder.as_str()] {
            if self.pages.contains_key(candidate) {
                return Some(Target::Page);
            }
            if let Some(alias) = self.aliases.get(candidate) {
                return Some(Target::Alias(alias));
            }
            if self.retired.contains_key(candidate) {
                return Some(Target::Retired);
            }
        }
        self.files.contains(p).then_some(Target::File)
    }
}

/// Where an alert is claimed: its `alerts:` entry, or its file.
pub fn claim_location(route: &AlertRoute) -> Location {
    match route.claim {
        Some(i) => route.runbook.source.locate(&format!("alerts[{i}]")),
        None => Location::file(&route.runbook.source.display),
    }
}

/// Every page pipebook writes, by site path, with the runbook whose page it is: the
/// runbooks and every folder above them, and the pages of the data files.
fn page_paths(site: &Site) -> PathMap<Option<usize>> {
    let mut pages: PathMap<Option<usize>> = [
        "",
        "runbooks/",
        "pipelines/",
        "engineers/",
        "oncall/",
        "coverage/",
        "search/",
        ALERTS,
        "404.html",
    ]
    .into_iter()
    .map(|p| (p.to_string(), None))
    .collect();
    let mut folder = String::from("runbooks/");
    for (i, rb) in site.runbooks.iter().enumerate() {
        pages.insert(runbook_path(&rb.slug), Some(i));
        // The folders above it (each has a page: its `_index.md` or a listing), up to the
        // first one already known.
        let mut slug = rb.slug.as_str();
        while !slug.is_empty() {
            slug = slug.rfind('/').map_or("", |i| &slug[..i]);
            // Looked up without a new string: the folder is nearly always known already.
            folder.truncate("runbooks/".len());
            if !slug.is_empty() {
                folder.push_str(slug);
                folder.push('/');
            }
            if pages.contains_key(&folder) {
                break;
            }
            pages.insert(folder.clone(), None);
        }
    }
    for p in &site.pipelines.pipelines {
        pages.insert(format!("pipelines/{}/", p.id), None);
    }
    for e in &site.team.engineers {
        pages.insert(format!("engineers/{}/", e.id), None);
    }
    pages
}

#[cfg(test)]
mod tests;

/// The front matter lists that hold two entries (keys such as `aliases[0]`): `` `aliases` ``,
/// or `` `redirect_from` and `aliases` ``.
fn listed_in(first: &str, second: &str) -> String {
    let (a, b) = (list_of(first), list_of(second));
    if a == b {
        format!("`{a}`")
    } else {
        format!("`{a}` and `{b}`")
    }
}

/// The front matter list a key such as `aliases[0]` names (`aliases`).
fn list_of(key: &str) -> &str {
    key.split('[').next().unwrap_or_default()
}

/// The 1-based number of the entry a key such as `aliases[0]` names.
fn item_number(key: &str) -> usize {
    (key.rsplit_once('[')
        .and_then(|(_, n)| n.trim_end_matches(']').parse::<usize>().ok()))
    .map_or(1, |n| n + 1)
}

/// Whether site path `path` lies among pipebook's own files (its worker, search index,
/// theme, schedule, sitemap...): [`RESERVED`] but the folders of pages, where an engineer
/// who left, an alert or a pipeline gone is retired on purpose. As an alias may not lie
/// there, a retired URL may not either: its `410` rule would name a file the site serves.
fn own_file(path: &str) -> bool {
    const PAGE_FOLDERS: [&str; 5] = ["alerts", "pipelines", "engineers", "oncall", "coverage"];
    let first = path.split('/').next().unwrap_or_default();
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(first))
        && !PAGE_FOLDERS.iter().any(|f| f.eq_ignore_ascii_case(first))
}

/// The pages of engineers' former ids (`formerly`), each with the page it redirects to
/// and its engineer's name: a change of id left `/engineers/<old id>/` "not found" while
/// the feed went on at its old address. Not one listed under `retired_urls` (410 Gone
/// is then what the site's author asked for). A former id is no engineer's id now and
/// of one engineer only (see `validate::former_ids`), so no page is overwritten.
pub fn former_engineer_pages<'s>(
    site: &'s Site,
    routes: &'s Routes,
) -> impl Iterator<Item = (String, String, &'s str)> + 's {
    site.team.engineers.iter().flat_map(move |e| {
        e.formerly
            .iter()
            .map(|old| format!("engineers/{old}/"))
            .filter(|from| !routes.retired.contains_key(from))
            .map(|from| (from, format!("engineers/{}/", e.id), e.name.as_str()))
    })
}

/// The engineer of the team whose calendar feed site path `path` is (`oncall/<id>.ics/`,
/// in any case, a former id's too): the feeds lie in a folder of pages, retirable, and
/// no route names them.
fn feed_of<'s>(site: &'s Site, path: &str) -> Option<&'s str> {
    let (folder, name) = path.trim_end_matches('/').split_once('/')?;
    if !folder.eq_ignore_ascii_case("oncall") {
        return None;
    }
    let cut = name.len().checked_sub(4)?;
    let (id, ext) = (name.get(..cut)?, name.get(cut..)?);
    if !ext.eq_ignore_ascii_case(".ics") {
        return None;
    }
    (site.team.engineers.iter())
        .flat_map(|e| std::iter::once(&e.id).chain(&e.formerly))
        .find(|known| known.eq_ignore_ascii_case(id))
        .map(String::as_str)
}
