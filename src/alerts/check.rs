//! Alert rules against the runbooks: every alerting rule has a `runbook_url`, every
//! `runbook_url` leads to a page, alias or alert route of this site, and every alert a
//! runbook claims is raised by some rule. Each problem is reported at the rule's own line
//! (its name, or its `runbook_url`), so `--format github` shows it in the pull request.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{BrokenLinks, Runbook, Site};
use crate::routes::names::{name_problem, route_key};
use crate::routes::{claim_location, runbook_path, Routes, RuleAnchor, Target, ALERTS};

use super::{Rule, RuleFile};

/// Checks every rule of `site.alert_rules` against `routes`; the `runbook_url`s with an
/// `#anchor` are kept in `routes.rule_anchors`, for [`anchors`] once the runbooks are
/// rendered.
pub fn check<'a>(site: &'a Site, routes: &mut Routes<'a>, diags: &mut Diagnostics) {
    if site.config.alert_rules.is_empty() {
        return;
    }
    let mut pending = Vec::new();
    let base = crate::url::Urls::new(&site.config.base_url).base_url;
    let pipelines: HashSet<&str> = site
        .pipelines
        .pipelines
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let mut raised = HashSet::new();
    crate::diagnostics::with_line_indexes(|| {
        for (f, file) in site.alert_rules.iter().enumerate() {
            for (r, rule) in file.rules.iter().enumerate() {
                raised.insert(route_key(&rule.name));
                let landed = check_rule(file, rule, &base, routes, site, diags);
                if let Some((runbook, anchor)) = landed {
                    pending.push(RuleAnchor {
                        file: f,
                        rule: r,
                        runbook,
                        anchor,
                    });
                }
                check_pipeline(file, rule, &pipelines, diags);
            }
        }
    });
    routes.rule_anchors = pending;
    check_coverage(site, routes, &pipelines, diags);
    for (key, alert) in &routes.alerts {
        if !raised.contains(key) {
            diags.warning(
                claim_location(alert),
                format!(
                    "no alert rule raises `{}`, which this runbook answers",
                    alert.name
                ),
                "check the alert's name against the rule files (alert_rules in site.yaml), or remove it from the runbook's `alerts:` if the alert is gone",
            );
        }
    }
}

fn at(file: &RuleFile, span: &std::ops::Range<usize>) -> Location {
    Location::at(&file.source.display, &file.source.text, span.clone())
}

/// Checks one rule; the runbook its `runbook_url` lands on and the URL's `#anchor`, when
/// it has one.
fn check_rule<'a>(
    file: &RuleFile,
    rule: &Rule,
    base: &str,
    routes: &Routes<'a>,
    site: &'a Site,
    diags: &mut Diagnostics,
) -> Option<(&'a Runbook, String)> {
    let routable = name_problem(&rule.name).is_none();
    let key = route_key(&rule.name);
    let route_url = format!("{base}{ALERTS}{key}/");
    let claimed = routable.then(|| routes.alert(&rule.name)).flatten();
    let Some((written, span)) = &rule.runbook_url else {
        no_runbook_url(file, rule, &route_url, routable, claimed.is_some(), diags);
        return None;
    };
    let url = written
        .trim()
        .replace("{{ $labels.alertname }}", &rule.name)
        .replace("{{$labels.alertname}}", &rule.name);
    if url.contains("{{") {
        diags.warning(
            at(file, span),
            format!(
                "runbook_url of alert `{}` is a template pipebook cannot check",
                rule.name
            ),
            format!("write the address itself, such as `{route_url}`"),
        );
        return None;
    }
    let Some(rest) = strip_base(&url, base) else {
        diags.error(
            at(file, span),
            format!(
                "runbook_url `{written}` of alert `{}` is not an address of this site (base_url `{base}`)",
                rule.name
            ),
            if routable {
                format!("point it at the alert's route, `{route_url}`")
            } else {
                format!("point it at a runbook page under `{base}`")
            },
        );
        return None;
    };
    let path = rest.split(['#', '?']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let anchor = rest
        .split_once('#')
        .map(|(_, f)| percent_encoding::percent_decode_str(f).decode_utf8_lossy())
        .filter(|f| !f.is_empty());
    let lands_on = match routes.resolve(&path) {
        None | Some(Target::Retired) => {
            let hint = match claimed {
                Some(_) => format!("point it at the alert's route, `{route_url}`"),
                None if routable => format!(
                    "claim the alert in the `alerts:` front matter of its runbook, and point the rule at `{route_url}`"
                ),
                None => "point it at the address of its runbook page".to_string(),
            };
            diags.error(
                at(file, span),
                format!(
                    "runbook_url `{written}` of alert `{}` leads to /{path}, which is not a page, alias or alert route of this site",
                    rule.name
                ),
                hint,
            );
            return None;
        }
        Some(Target::Alert(a)) => {
            if routable && route_key(a.name) != key {
                diags.warning(
                    at(file, span),
                    format!(
                        "runbook_url of alert `{}` is the route of another alert, `{}`",
                        rule.name, a.name
                    ),
                    format!("point it at its own route, `{route_url}`, and claim the alert in its runbook's `alerts:`"),
                );
                return None;
            }
            Some(runbook_path(&a.runbook.slug))
        }
        Some(Target::Unclaimed(u)) => {
            unclaimed_route(file, rule, span, u.name, &route_url, routable, diags);
            return None;
        }
        Some(Target::Alias(a)) => Some(runbook_path(&a.runbook.slug)),
        Some(Target::Page) => {
            let p = path.trim_start_matches('/');
            let p = p.strip_suffix("index.html").unwrap_or(p);
            Some(if p.ends_with('/') || p.is_empty() {
                p.to_string()
            } else {
                format!("{p}/")
            })
        }
        Some(Target::Job(_) | Target::File) => None,
    };
    // The alert's own runbook says which page it should land on.
    let runbook = lands_on
        .as_deref()
        .and_then(|page| routes.runbook_at(page, site));
    if let (Some(page), Some(claim)) = (&lands_on, claimed) {
        let expected = runbook_path(&claim.runbook.slug);
        if *page != expected {
            diags.warning(
                at(file, span),
                format!(
                    "runbook_url of alert `{}` leads to /{page}, but {} answers `{}`",
                    rule.name, claim.runbook.source.display, claim.name
                ),
                format!("point it at the alert's route, `{route_url}`, which always leads to the runbook that claims it"),
            );
        }
    }
    Some((runbook?, anchor?.into_owned()))
}

/// A `runbook_url` that leads to the route of an alert no runbook claims: a warning, as
/// the route is a page (the alert's pipeline, owners and on-call, "no runbook yet"), but
/// the responder gets no steps. Its own route, or another alert's.
fn unclaimed_route(
    file: &RuleFile,
    rule: &Rule,
    span: &std::ops::Range<usize>,
    target: &str,
    route_url: &str,
    routable: bool,
    diags: &mut Diagnostics,
) {
    if routable && route_key(target) == route_key(&rule.name) {
        diags.warning(
            at(file, span),
            format!(
                "alert `{}` has no runbook: its route is a page that says so and who to call, with no steps to follow",
                rule.name
            ),
            format!(
                "list `{}` in the `alerts:` front matter of the runbook that answers it (`pipebook new runbook <pipeline-id>` starts one)",
                rule.name
            ),
        );
    } else {
        diags.warning(
            at(file, span),
            format!(
                "runbook_url of alert `{}` is the route of another alert, `{target}`, which no runbook answers",
                rule.name
            ),
            format!("point it at its own route, `{route_url}`, and claim the alert in its runbook's `alerts:`"),
        );
    }
}

/// Every `#anchor` of a `runbook_url` (kept by [`check`]) must be an id of the runbook it
/// leads to: a heading, a numbered step (`#steps.3`) or an id of its raw HTML. `ids` gives
/// each rendered runbook's ids by slug. Reported at the `runbook_url`, as `broken_links`
/// says for links.
pub fn anchors(
    site: &Site,
    routes: &Routes,
    ids: &dyn crate::validate::AnchorLookup,
    diags: &mut Diagnostics,
) {
    let mut budget = SUGGESTION_BUDGET;
    let mut sorted: HashMap<&str, Vec<&str>> = HashMap::new();
    crate::diagnostics::with_line_indexes(|| {
        for pending in &routes.rule_anchors {
            let slug = pending.runbook.slug.as_str();
            if ids.has(slug, &pending.anchor) != Some(false) {
                continue;
            }
            let file = &site.alert_rules[pending.file];
            let rule = &file.rules[pending.rule];
            let Some((written, span)) = &rule.runbook_url else {
                continue;
            };
            let all = sorted.entry(slug).or_insert_with(|| ids.sorted(slug));
            let hint = crate::validate::anchor_hint(all, &pending.anchor, &mut budget);
            let message = format!(
                "runbook_url `{written}` of alert `{}` points to #{}, which is not a heading, step or id of {}",
                rule.name, pending.anchor, pending.runbook.source.display
            );
            match site.config.broken_links {
                BrokenLinks::Error => diags.error(at(file, span), message, hint),
                BrokenLinks::Warning => diags.warning(at(file, span), message, hint),
            }
        }
    });
}

/// Edit-distance work spent on suggesting anchors, over all rules.
const SUGGESTION_BUDGET: usize = 20_000_000;

/// A rule without `runbook_url`: an error at its name, saying what to write.
fn no_runbook_url(
    file: &RuleFile,
    rule: &Rule,
    route_url: &str,
    routable: bool,
    claimed: bool,
    diags: &mut Diagnostics,
) {
    let hint = if routable {
        format!(
            "add `runbook_url: {route_url}` to its annotations (`pipebook alerts --fill` does it for every rule){}",
            if claimed { "" } else { ", and the alert to the `alerts:` of its runbook" }
        )
    } else {
        "add a `runbook_url` annotation with the address of its runbook".to_string()
    };
    match &rule.runbook_elsewhere {
        // Written for another tool: say why it is not read, and what to write instead.
        Some((key, value)) => diags.error(
            at(file, &rule.name_span),
            format!(
                "alert `{}` has no runbook_url: its annotation `{key}: {value}` is not read by pipebook",
                rule.name,
            ),
            format!("pipebook reads `runbook_url`: {hint}"),
        ),
        None => diags.error(
            at(file, &rule.name_span),
            format!("alert `{}` has no runbook_url", rule.name),
            hint,
        ),
    }
}

/// The `pipeline` label names a pipeline of pipelines.yaml (when the site has any).
fn check_pipeline(
    file: &RuleFile,
    rule: &Rule,
    pipelines: &HashSet<&str>,
    diags: &mut Diagnostics,
) {
    let Some((id, span)) = &rule.pipeline else {
        return;
    };
    if pipelines.is_empty() || pipelines.contains(id.as_str()) {
        return;
    }
    let mut known: Vec<&str> = pipelines.iter().copied().collect();
    known.sort_unstable();
    known.truncate(20);
    diags.error(
        at(file, span),
        format!(
            "alert `{}` names unknown pipeline `{id}` in its `pipeline` label",
            rule.name
        ),
        format!(
            "use one of the pipelines defined in content/pipelines.yaml: {}",
            known.join(", ")
        ),
    );
}

/// Which runbook each pipeline of pipelines.yaml names in its `runbook` (by page or by
/// file, as the renderer reads it), looked up both ways in constant time.
pub struct Named<'a> {
    by_pipeline: HashMap<&'a str, &'a str>,
    by_runbook: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Named<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut by_pipeline = HashMap::new();
        let mut by_runbook: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in &site.pipelines.pipelines {
            if let Some(r) = p.runbook.as_deref() {
                let r = r.trim_matches('/');
                let r = crate::model::page_stem(r).unwrap_or(r);
                by_pipeline.insert(p.id.as_str(), r);
                by_runbook.entry(r).or_default().push(p.id.as_str());
            }
        }
        Named {
            by_pipeline,
            by_runbook,
        }
    }

    /// Whether runbook `rb` covers pipeline `id`: its `pipelines:` front matter lists it,
    /// or the pipeline names it.
    pub fn covers(&self, rb: &Runbook, id: &str) -> bool {
        rb.front.pipelines.iter().any(|p| p == id)
            || self
                .by_pipeline
                .get(id)
                .is_some_and(|r| *r == rb.slug || Some(*r) == file_of(rb))
    }

    /// Every pipeline `rb` covers, each once: its front matter's, then those naming it.
    pub fn covered(&self, rb: &'a Runbook) -> Vec<&'a str> {
        let mut all: Vec<&str> = rb.front.pipelines.iter().map(String::as_str).collect();
        let named = [Some(rb.slug.as_str()), file_of(rb)];
        for p in named
            .iter()
            .flatten()
            .filter_map(|r| self.by_runbook.get(r))
        {
            all.extend(p.iter().copied());
        }
        let mut seen = HashSet::new();
        all.retain(|p| seen.insert(*p));
        all
    }
}

fn file_of(rb: &Runbook) -> Option<&str> {
    crate::model::page_stem(&rb.rel_path)
}

/// A runbook that answers an alert whose rule pages a pipeline the runbook does not cover
/// shows the responder another pipeline's owners: warned at the runbook's claim, naming
/// the rule's place and both pipelines. Each (alert, pipeline) once.
fn check_coverage(
    site: &Site,
    routes: &Routes,
    pipelines: &HashSet<&str>,
    diags: &mut Diagnostics,
) {
    let named = Named::new(site);
    let mut seen = HashSet::new();
    crate::diagnostics::with_line_indexes(|| {
        for file in &site.alert_rules {
            for rule in &file.rules {
                let Some((id, span)) = &rule.pipeline else {
                    continue;
                };
                let Some(claim) = name_problem(&rule.name)
                    .is_none()
                    .then(|| routes.alert(&rule.name))
                    .flatten()
                else {
                    continue;
                };
                if !pipelines.contains(id.as_str())
                    || named.covers(claim.runbook, id)
                    || !seen.insert((route_key(&rule.name), id.as_str()))
                {
                    continue;
                }
                let rule_at = at(file, span);
                let own = named.covered(claim.runbook);
                let more = own.len().saturating_sub(5);
                let own = match own.len() {
                    0 => "no pipeline".to_string(),
                    _ => {
                        let names: Vec<String> =
                            own.iter().take(5).map(|p| format!("`{p}`")).collect();
                        let more = if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        };
                        format!("only {}{more}", names.join(", "))
                    }
                };
                diags.warning(
                    claim_location(claim),
                    format!(
                        "this runbook answers alert `{}`, whose rule ({}:{}) pages pipeline `{id}`, but it covers {own}: the alert's page would show another pipeline's owners",
                        claim.name, rule_at.file, rule_at.line
                    ),
                    format!(
                        "add `{id}` to this runbook's `pipelines:`, or move `{}` to the `alerts:` of a runbook that covers `{id}`",
                        claim.name
                    ),
                );
            }
        }
    });
}

/// The part of `url` after the site's base URL, if it is under it. The scheme and host
/// are compared without regard to case, as URLs define them.
fn strip_base<'u>(url: &'u str, base: &str) -> Option<&'u str> {
    let (scheme_host, path) = split_origin(base)?;
    let (url_origin, url_path) = split_origin(url)?;
    if !url_origin.eq_ignore_ascii_case(scheme_host) {
        return None;
    }
    // `https://host` alone is the home page.
    let url_path = if url_path.is_empty() { "/" } else { url_path };
    url_path
        .strip_prefix(path)
        .or_else(|| (format!("{url_path}/") == path).then_some(""))
}

/// `https://host:8080` and `/path/` of an absolute URL.
fn split_origin(url: &str) -> Option<(&str, &str)> {
    let after = url.find("://")? + 3;
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after + i);
    Some((&url[..end], &url[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_the_base_are_recognised() {
        let base = "https://ops.example.com/docs/";
        assert_eq!(
            strip_base("https://OPS.example.com/docs/alerts/x/", base),
            Some("alerts/x/")
        );
        assert_eq!(strip_base("https://ops.example.com/docs", base), Some(""));
        assert_eq!(strip_base("https://ops.example.com/other/x/", base), None);
        assert_eq!(strip_base("http://ops.example.com/docs/x/", base), None);
        assert_eq!(
            strip_base("https://ops.example.com.evil/docs/x/", base),
            None
        );
        assert_eq!(strip_base("/docs/x/", base), None);
        assert_eq!(
            strip_base(
                "https://ops.example.com/x/#step-2",
                "https://ops.example.com/"
            ),
            Some("x/#step-2")
        );
    }
}
