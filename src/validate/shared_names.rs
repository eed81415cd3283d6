//! A pipeline or domain named like an engineer. The search's answer card reads a query's
//! words as ids and names of both kinds ("who owns de1", "Dana Lee"): a pull request's
//! pipeline with the id `de1`, or named "Dana Lee", put a pipeline card with its own
//! owners beside (or before) the engineer's card, and a domain named like an engineer
//! listed that domain's pipelines as theirs. Ids and names are compared as the lookalike
//! checks compare names (letter case, spaces, punctuation, lookalike letters), in one hash
//! map: linear in their length.

use crate::diagnostics::Diagnostics;
use crate::model::Site;

use super::lookalike_titles::{relation, Alike};

/// Refuses each pipeline's and domain's id and name that reads like an engineer's id or
/// name, at its line, naming the engineer's.
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let engineers = &site.team.engineers;
    // Each engineer's id, then name: entry `k` is engineer `k / 2`.
    let mut alike = Alike::with_capacity(2 * engineers.len());
    for (i, e) in engineers.iter().enumerate() {
        alike.first(2 * i, &e.id);
        alike.first(2 * i + 1, &e.name);
    }
    let known = 2 * engineers.len();
    let mut seen = known;
    let mut check_one = |list: &str, what: &str, i: usize, id: &str, name: &str| {
        for (field, mine) in [("id", id), ("name", name)] {
            seen += 1;
            let Some(k) = alike.first(seen, mine).filter(|&k| k < known) else {
                continue;
            };
            let e = &engineers[k / 2];
            let (their_field, theirs) = if k % 2 == 0 {
                ("id", &e.id)
            } else {
                ("name", &e.name)
            };
            let there = src
                .team
                .locate(&format!("engineers[{}].{their_field}", k / 2));
            diags.error(
                src.pipelines.locate(&format!("{list}[{i}].{field}")),
                format!(
                    "the {field} `{mine}` of {what} `{id}` {} engineer `{}` ({}:{}): the search's answer card (\"who owns {mine}\", \"who is {mine}\") would answer with both",
                    relation(mine, theirs, &format!("{their_field} of")),
                    e.id,
                    there.file,
                    there.line,
                ),
                format!("give the {what} an id and a name that no engineer has"),
            );
        }
    };
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        check_one("pipelines", "pipeline", i, &p.id, &p.name);
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        check_one("domains", "domain", i, &d.id, &d.name);
    }
}
