//! Names that read like an engineer's. The search's answer card reads a query's words as
//! ids and names of pipelines and engineers ("who owns de1", "Dana Lee"), and a pipeline's
//! job names it too: a pull request's pipeline with the id `de1`, named "Dana Lee", or
//! with a job `de1`, put a pipeline card with its own owners beside (or before) the
//! engineer's card, and a domain named like an engineer listed that domain's pipelines as
//! theirs. These are refused. An alert (`/alerts/de1/`) or a runbook folder (`de1/`, a
//! folder page titled "De1" in search) named like an engineer reads as that engineer's
//! page or runbooks; their names come from alert rules and trees that exist outside the
//! pull request (renaming one breaks their addresses), so they are warned of; so is a
//! name like a short id by ASCII lookalikes alone (see `only_alike`).
//!
//! Ids and names are compared as the lookalike checks compare names (letter case, spaces,
//! punctuation, lookalike letters), in one hash map: linear in their length.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Site;

use super::lookalike_titles::{relation, Alike};

/// The engineers' ids and names, and every other name looked up so far.
struct Engineers<'a> {
    site: &'a Site,
    alike: Alike,
    /// Entries below this are the engineers': entry `k` is engineer `k / 2`'s id (even)
    /// or name (odd).
    known: usize,
    seen: usize,
}

impl<'a> Engineers<'a> {
    fn new(site: &'a Site) -> Self {
        let engineers = &site.team.engineers;
        let mut alike = Alike::with_capacity(2 * engineers.len());
        for (i, e) in engineers.iter().enumerate() {
            alike.first(2 * i, &e.id);
            alike.first(2 * i + 1, &e.name);
        }
        let known = 2 * engineers.len();
        Engineers {
            site,
            alike,
            known,
            seen: known,
        }
    }

    /// The engineer whose id or name `mine` reads like, if any, as "`relation` engineer
    /// `id` (file:line)", and whether the two are only alike (see [`only_alike`]).
    fn like(&mut self, mine: &str) -> Option<(String, bool)> {
        self.seen += 1;
        let k = self
            .alike
            .first(self.seen, mine)
            .filter(|&k| k < self.known)?;
        let e = &self.site.team.engineers[k / 2];
        let (field, theirs) = if k % 2 == 0 {
            ("id", &e.id)
        } else {
            ("name", &e.name)
        };
        let there = self
            .site
            .sources
            .team
            .locate(&format!("engineers[{}].{field}", k / 2));
        let said = format!(
            "{} engineer `{}` ({}:{})",
            relation(mine, theirs, &format!("{field} of")),
            e.id,
            there.file,
            there.line
        );
        Some((said, only_alike(mine, theirs)))
    }
}

/// Whether `mine` is like `theirs`, an engineer's id or name of three characters or
/// fewer, only through ASCII letters and digits that look alike (`del`, `m1` for `de1`,
/// `ml`), not in letter case, spaces or punctuation. The answer card tells such words
/// apart (digits and words under four letters must be typed exactly: `near` in
/// search-answers.js), so it answers "who owns del" with the job's pipeline alone; and
/// honest ids that short collide often (a team of initials, a job `m1`), so these are
/// warned of, not refused. A lookalike from another script (Cyrillic `е` in `dе1`) is
/// chosen, not chanced on: still refused.
fn only_alike(mine: &str, theirs: &str) -> bool {
    mine.is_ascii()
        && theirs.is_ascii()
        && theirs.len() <= 3
        && relation(mine, theirs, "").starts_with("reads like")
}

/// Refuses each pipeline's and domain's id, name and job that reads like an engineer's id
/// or name, at its line, naming the engineer's; warns of each alert and runbook folder
/// named so.
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut engineers = Engineers::new(site);
    let answer = |mine: &str| {
        format!("the search's answer card (\"who owns {mine}\", \"who is {mine}\") would answer with both")
    };
    let mut check_one = |list: &str, what: &str, i: usize, id: &str, fields: &[(&str, &str)]| {
        for &(field, mine) in fields {
            let Some((said, only_alike)) = engineers.like(mine) else {
                continue;
            };
            let at = src.pipelines.locate(&format!("{list}[{i}].{field}"));
            let noun = field.split('[').next().unwrap_or(field);
            if only_alike {
                diags.warning(
                    at,
                    format!("the {noun} `{mine}` of {what} `{id}` {said}: readers may take the one for the other"),
                    "if the likeness is by chance, leave it; else rename one of them",
                );
                continue;
            }
            diags.error(
                at,
                format!("the {noun} `{mine}` of {what} `{id}` {said}: {}", answer(mine)),
                if field.starts_with("job") {
                    "a job that reads like an engineer's id or name answers for them: rename the job in the orchestrator, or leave it out of `job:`".to_string()
                } else {
                    format!("give the {what} an id and a name that no engineer has")
                },
            );
        }
    };
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        let jobs: Vec<String> = (0..p.job.len()).map(|j| format!("job[{j}]")).collect();
        let mut fields = vec![("id", p.id.as_str()), ("name", p.name.as_str())];
        fields.extend(
            jobs.iter()
                .map(String::as_str)
                .zip(p.job.iter().map(String::as_str)),
        );
        check_one("pipelines", "pipeline", i, &p.id, &fields);
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        check_one(
            "domains",
            "domain",
            i,
            &d.id,
            &[("id", &d.id), ("name", &d.name)],
        );
    }
    alerts(site, &mut engineers, diags);
    folders(site, &mut engineers, diags);
}

/// Warns of each alert a rule raises, or a runbook's `alerts:` claims, named like an
/// engineer: its stable address `/alerts/<name>/` reads as the engineer's page.
fn alerts(site: &Site, engineers: &mut Engineers, diags: &mut Diagnostics) {
    let mut warn = |at: Location, name: &str, said: String| {
        diags.warning(
            at,
            format!("the alert `{name}` {said}: its page under /alerts/, and the alert in a page or a chat, read as about the engineer"),
            "name the alert after what went wrong (`DiskFull`), not after a person",
        );
    };
    for file in &site.alert_rules {
        for rule in &file.rules {
            if let Some((said, _)) = engineers.like(&rule.name) {
                let at = Location::at(
                    &file.source.display,
                    &file.source.text,
                    rule.name_span.clone(),
                );
                warn(at, &rule.name, said);
            }
        }
    }
    for rb in &site.runbooks {
        for (i, name) in rb.front.alerts.iter().enumerate() {
            if let Some((said, _)) = engineers.like(name) {
                warn(rb.source.locate(&format!("alerts[{i}]")), name, said);
            }
        }
    }
}

/// Warns of each runbook folder named like an engineer, at the first runbook in it: its
/// page (titled after the folder unless its `_index.md` says otherwise) comes up in search
/// for the engineer's id or name, listing runbooks that read as theirs.
fn folders(site: &Site, engineers: &mut Engineers, diags: &mut Diagnostics) {
    let mut seen: HashSet<&str> = HashSet::new();
    for rb in &site.runbooks {
        // Each folder once: the way up stops at a folder seen, whose ancestors were seen.
        let mut path = rb.rel_path.as_str();
        while let Some(slash) = path.rfind('/') {
            path = &path[..slash];
            if !seen.insert(path) {
                break;
            }
            let name = &path[path.rfind('/').map_or(0, |i| i + 1)..];
            if let Some((said, _)) = engineers.like(name) {
                diags.warning(
                    Location::at(&rb.source.display, &rb.source.text, 0..0),
                    format!("the folder `{path}` {said}: its page comes up in search for the engineer, and its runbooks read as theirs"),
                    "name the folder after the system or pipeline its runbooks are about",
                );
            }
        }
    }
}
