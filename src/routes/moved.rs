//! "Moved without a redirect": an address the previous build published (a runbook page,
//! an alias, an alert or job route) that this build would no longer serve. Alerts, chat
//! messages and bookmarks link those addresses; once the new site replaces the old one
//! they would lead nowhere.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostics, Location, Severity};
use crate::load::Published;
use crate::model::{Runbook, Site};

use super::names::route_key;
use super::{runbook_path, Routes, ALERTS, JOBS};

/// At most this many addresses are reported, then their count: a whole tree moved is one
/// fix (an alias per page, or `retired_urls`), not a thousand messages.
const MAX_REPORTED: usize = 100;

/// Edit-distance work allowed for guessing renamed pages, in character pairs compared:
/// the guess is a courtesy and must stay cheap when thousands of pages move.
const GUESS_BUDGET: usize = 20_000_000;

/// Reports every address of `previous` that `routes` no longer serves. `severity` is
/// an error, or a warning for preview builds, whose previous output may be another
/// branch's.
pub fn check(
    site: &Site,
    routes: &Routes,
    previous: &Published,
    severity: Severity,
    diags: &mut Diagnostics,
) {
    let relevant =
        |p: &&String| p.starts_with("runbooks/") || p.starts_with(ALERTS) || p.starts_with(JOBS);
    // An alert or job route is one address whatever its case: reported once, by the
    // name as written (`/alerts/EtcdNoLeader/` beside `/alerts/etcdnoleader/`).
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut missing: Vec<&str> = Vec::new();
    let candidates = previous
        .pages
        .iter()
        .filter(relevant)
        // Every alias counts, wherever it lies.
        .chain(previous.redirects.iter());
    for path in candidates {
        let same = match [ALERTS, JOBS].iter().find(|f| path.starts_with(**f)) {
            Some(folder) => format!("{folder}{}", route_key(&path[folder.len()..])),
            None => path.clone(),
        };
        if let Some(&i) = seen.get(&same) {
            if i != usize::MAX && path.chars().any(|c| c.is_ascii_uppercase()) {
                missing[i] = path;
            }
            continue;
        }
        // An engineer's page, or a former id's redirect to it: see `former_engineers`.
        if routes.resolve(path).is_none() && engineer_of(path).is_none() {
            seen.insert(same, missing.len());
            missing.push(path);
        } else {
            seen.insert(same, usize::MAX);
        }
    }
    former_engineers(site, routes, previous, diags);
    taken_addresses(site, routes, previous, diags);
    if missing.is_empty() {
        return;
    }
    let published: HashSet<&str> = previous.pages.iter().map(String::as_str).collect();
    let guesser = Guesser::new(site, &published);
    let mut budget = GUESS_BUDGET;
    for old in missing.iter().take(MAX_REPORTED) {
        let guess = guesser.guess(old, &mut budget);
        report(site, old, guess, severity, diags);
    }
    if missing.len() > MAX_REPORTED {
        let more = missing.len() - MAX_REPORTED;
        push(
            diags,
            severity,
            site.sources.site.locate("retired_urls"),
            format!("{more} more addresses of the previous build moved without a redirect"),
            "fix the ones above (an alias each, or `retired_urls`), then run again to see the rest"
                .into(),
        );
    }
}

/// Warns of an alias that takes the address of a runbook page of the previous build while
/// that runbook lives on at another address (a runbook of the same file name): bookmarks,
/// chat messages and alerts linking the page then open the alias's page instead. On main
/// a pull request that moved `db-down.md` into a folder and gave another page `aliases:
/// [/runbooks/db-down/]` passed the moved-page check without a word, and "Database
/// down"'s readers landed on that page. A warning, not an error: a page can replace
/// another on purpose (the other kept under a new name).
fn taken_addresses(site: &Site, routes: &Routes, previous: &Published, diags: &mut Diagnostics) {
    // The runbooks at an address the previous build did not publish (moved or new), by
    // name: the page of a name that lives on is one of them.
    let mut moved_by_name: Option<HashMap<String, Vec<&Runbook>>> = None;
    let mut told = 0usize;
    for old in previous.pages.iter().filter(|p| p.starts_with("runbooks/")) {
        let Some(super::Target::Alias(alias)) = routes.resolve(old) else {
            continue;
        };
        let name = last_segment(old.trim_end_matches('/')).to_lowercase();
        let taker = alias.runbook;
        let by_name = moved_by_name.get_or_insert_with(|| {
            let published: HashSet<&str> = previous.pages.iter().map(String::as_str).collect();
            let mut map: HashMap<String, Vec<&Runbook>> = HashMap::new();
            for rb in &site.runbooks {
                if !published.contains(runbook_path(&rb.slug).as_str()) {
                    map.entry(last_segment(&rb.slug).to_lowercase())
                        .or_default()
                        .push(rb);
                }
            }
            map
        });
        // Not the alias's own page: a page moved with its old address as an alias.
        let Some(moved) =
            (by_name.get(&name).into_iter().flatten()).find(|rb| rb.slug != taker.slug)
        else {
            continue;
        };
        told += 1;
        if told > MAX_REPORTED {
            continue;
        }
        diags.warning(
            taker.source.locate(&alias.key),
            format!(
                "alias /{old} takes the address of the previous build's page of `{name}`, now at /{} ({}): bookmarks, chat messages and alerts that link it open this page instead",
                runbook_path(&moved.slug),
                moved.source.display
            ),
            format!(
                "if /{old} should still lead to `{name}`, move this alias to the `aliases:` of {}; if this page replaces it on purpose, keep it (this is said once: the next build's previous output has the alias)",
                moved.source.display
            ),
        );
    }
    if told > MAX_REPORTED {
        diags.warning(
            site.sources.site.locate("retired_urls"),
            format!(
                "{} more aliases take addresses of the previous build's pages that live on elsewhere",
                told - MAX_REPORTED
            ),
            "see the warnings above".to_string(),
        );
    }
}

/// The id of the engineer whose page site path `path` is (`engineers/<id>/`).
fn engineer_of(path: &str) -> Option<&str> {
    let id = path.strip_prefix("engineers/")?.strip_suffix('/')?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Warns of the pages of engineers no longer in team.yaml that the previous build
/// published (`/engineers/<id>/`, or a former id's redirect to one): a bookmark or a
/// chat message's link then gets "not found", once. A warning, not an error as for a runbook: people leave, and there is
/// no page to send them to; `retired_urls` makes it 410 Gone (their feed stays, empty).
fn former_engineers(site: &Site, routes: &Routes, previous: &Published, diags: &mut Diagnostics) {
    // A former id's page redirects to its engineer's (see `former_engineer_pages`).
    let team: HashSet<&str> = (site.team.engineers.iter())
        .flat_map(|e| std::iter::once(&e.id).chain(&e.formerly))
        .map(String::as_str)
        .collect();
    let mut gone: Vec<&str> = (previous.pages.iter())
        .chain(&previous.redirects)
        .filter_map(|p| engineer_of(p))
        .filter(|id| !team.contains(id))
        .filter(|id| routes.resolve(&format!("engineers/{id}/")).is_none())
        .collect();
    gone.sort_unstable();
    gone.dedup();
    for id in gone.iter().take(MAX_REPORTED) {
        push(
            diags,
            Severity::Warning,
            site.sources.team.locate("engineers"),
            format!("/engineers/{id}/ is no longer published: the previous build had a page for `{id}`, who is not in team.yaml now, so links and bookmarks to it get \"not found\""),
            format!("if {id} left the team, list `/engineers/{id}/` under `retired_urls` in content/site.yaml (it then answers 410 Gone; their calendar feed stays, empty); if the id changed, put it back, or list `{id}` under the engineer's `formerly` in team.yaml (their calendar feed goes on at its address, and their page redirects)"),
        );
    }
    if gone.len() > MAX_REPORTED {
        push(
            diags,
            Severity::Warning,
            site.sources.team.locate("engineers"),
            format!(
                "{} more engineers' pages of the previous build are no longer published",
                gone.len() - MAX_REPORTED
            ),
            "list them under `retired_urls` in content/site.yaml".into(),
        );
    }
}

fn report(
    site: &Site,
    old: &str,
    guess: Option<&Runbook>,
    severity: Severity,
    diags: &mut Diagnostics,
) {
    let what = if let Some(name) = old.strip_prefix(ALERTS) {
        format!(
            "the alert route /{old} moved without a redirect: the previous build published it, and no runbook claims alert `{}` now",
            name.trim_end_matches('/')
        )
    } else if let Some(name) = old.strip_prefix(JOBS) {
        format!(
            "the job route /{old} moved without a redirect: the previous build published it, and no pipeline names job `{}` now",
            name.trim_end_matches('/')
        )
    } else {
        format!("/{old} moved without a redirect: the previous build published it, and it is no longer a page, alias or route of this site")
    };
    let (message, location, hint) = match guess {
        Some(rb) => (
            format!(
                "{what}; likely its new page: /{} ({})",
                runbook_path(&rb.slug),
                rb.source.display
            ),
            if !rb.front.aliases.is_empty() {
                rb.source.locate("aliases")
            } else if !rb.front.redirect_from.is_empty() {
                rb.source.locate("redirect_from")
            } else {
                Location::file(&rb.source.display)
            },
            format!(
                "add `aliases: [/{old}]` to the front matter of the page that replaces it{}; if it is gone on purpose, list it under `retired_urls` in content/site.yaml",
                if old.starts_with(ALERTS) { " (or claim the alert in its `alerts:`)" } else { "" }
            ),
        ),
        None => (
            what,
            site.sources.site.locate("retired_urls"),
            if old.starts_with(ALERTS) {
                "claim the alert in the `alerts:` of its runbook (alert rules link this address), or list it under `retired_urls` in content/site.yaml if the alert is gone".to_string()
            } else if old.starts_with(JOBS) {
                "name the job under `job:` of its pipeline in pipelines.yaml, or list it under `retired_urls` in content/site.yaml if the job is gone".to_string()
            } else {
                format!("add `aliases: [/{old}]` to the front matter of the page that replaces it; if it is gone on purpose, list it under `retired_urls` in content/site.yaml")
            },
        ),
    };
    push(diags, severity, location, message, hint);
}

fn push(diags: &mut Diagnostics, severity: Severity, at: Location, message: String, hint: String) {
    match severity {
        Severity::Error => diags.error(at, message, hint),
        Severity::Warning => diags.warning(at, message, hint),
    }
}

/// Guesses where a page went: a runbook of the same name (moved to another folder), else
/// a new page (one the previous build did not publish) with the closest name.
struct Guesser<'a> {
    by_name: HashMap<String, &'a Runbook>,
    new_pages: Vec<(String, &'a Runbook)>,
    /// How many new pages each folder has (`runbooks/growth`), and one of them.
    new_in_folder: HashMap<String, (usize, &'a Runbook)>,
}

impl<'a> Guesser<'a> {
    fn new(site: &'a Site, published: &HashSet<&str>) -> Self {
        let mut by_name = HashMap::new();
        let mut new_pages = Vec::new();
        let mut new_in_folder: HashMap<String, (usize, &Runbook)> = HashMap::new();
        for rb in &site.runbooks {
            let name = last_segment(&rb.slug).to_lowercase();
            let path = runbook_path(&rb.slug);
            if !published.contains(path.as_str()) {
                new_pages.push((name.clone(), rb));
                let folder = folder_of(&path).to_string();
                new_in_folder.entry(folder).or_insert((0, rb)).0 += 1;
            }
            by_name.entry(name).or_insert(rb);
        }
        Guesser {
            by_name,
            new_pages,
            new_in_folder,
        }
    }

    fn guess(&self, old: &str, budget: &mut usize) -> Option<&'a Runbook> {
        let old = old.trim_end_matches('/');
        let name = last_segment(old).to_lowercase();
        let name = name.strip_suffix(".html").unwrap_or(&name);
        if let Some(rb) = self.by_name.get(name) {
            return Some(rb);
        }
        let words = words(name);
        let only_in_folder = self
            .new_in_folder
            .get(folder_of(old))
            .filter(|(n, _)| *n == 1)
            .map(|(_, rb)| *rb);
        let mut best: Option<(usize, &Runbook)> = None;
        for (candidate, rb) in &self.new_pages {
            let cost = name.len() * candidate.len();
            if cost > *budget {
                break;
            }
            *budget -= cost;
            // The same words in another order (`growth-aggregate`) are the same name.
            let d = if words == self::words(candidate) {
                0
            } else {
                edit_distance(name, candidate)
            };
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, rb));
            }
        }
        // A name close enough to be the same page renamed, else the one new page of its
        // folder.
        best.filter(|(d, _)| *d * 2 <= name.chars().count().max(1))
            .map(|(_, rb)| rb)
            .or(only_in_folder)
    }
}

/// The words of a name, sorted: `aggregate-growth` and `growth_aggregate` have the same.
fn words(name: &str) -> Vec<&str> {
    let mut words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words
}

/// The folder of a site path (`runbooks/growth` of `runbooks/growth/x/`).
fn folder_of(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(f, _)| f)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Levenshtein distance by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("aggregate-profit", "aggregate-profits"), 1);
        assert_eq!(edit_distance("größe", "grosse"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
