//! The pages of alert routes that are not a plain redirect to a runbook.
//!
//! `/alerts/<name>/` is the stable address an alert rule's `runbook_url` holds (DESIGN.md),
//! and normally redirects to the runbook that answers the alert. Two kinds of alert keep a
//! page of their own instead, in the site's full layout (`alert.html`: header, search,
//! navigation), because a redirect would mislead or lead nowhere:
//!
//! - an alert whose rule names a pipeline (its `pipeline` label) that its runbook does not
//!   cover: that runbook's box shows another pipeline's owners, and the responder woken
//!   by the page would call the wrong people. The page names the paged pipeline, its
//!   owners and who is on call, and links the runbook;
//! - an alert that a rule raises and no runbook claims: the page gives its pipeline,
//!   owners and on-call, says there is no runbook yet, and what an author adds.
//!
//! `pipebook check` warns about both, so a site that follows its warnings has none.

use std::collections::HashMap;

use serde::Serialize;

use super::runbooks::RunbookPipeline;
use super::{Common, LinkRef, Renderer};
use crate::diagnostics::{Diagnostics, Location};
use crate::routes::names::route_key;
use crate::routes::{AlertRoute, UnclaimedRoute, ALERTS};

/// The most pipelines an alert's page names as those its runbook covers; the rest are
/// counted, as in `pipebook check`'s warning.
const COVERS_SHOWN: usize = 5;

/// One rule that raises the alert, where it is written, and its expression (a
/// Prometheus rule's `expr`): what the responder checks first.
#[derive(Serialize)]
struct RuleAt {
    file: String,
    line: usize,
    expr: Option<String>,
}

#[derive(Serialize)]
struct AlertCtx<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    name: &'a str,
    /// The name with break opportunities (see `wbr`), escaped.
    name_html: String,
    /// The pipelines the alert pages, with their owners' contacts.
    pipelines: Vec<RunbookPipeline<'a>>,
    /// The runbook that answers it while covering other pipelines; none when no runbook
    /// claims the alert.
    runbook: Option<LinkRef>,
    /// The names of the pipelines that runbook covers, joined ("no pipeline" if none).
    covers: String,
    rules: Vec<RuleAt>,
    on_call_block: &'a str,
    /// The command that starts a runbook for the first paged pipeline.
    new_runbook: Option<String>,
    /// The alert's row on /alerts/.
    all_alerts: String,
}

/// The rules of every alert by route key, with where each is written and its `expr`: one
/// pass over the rule files, each line found through one index per file.
pub(super) struct RulesByKey(HashMap<String, Vec<(String, usize, Option<String>)>>);

impl Renderer<'_> {
    pub(super) fn rules_by_key(&self) -> RulesByKey {
        let mut map: HashMap<String, Vec<(String, usize, Option<String>)>> = HashMap::new();
        crate::diagnostics::with_line_indexes(|| {
            for file in &self.site.alert_rules {
                for rule in &file.rules {
                    let at = Location::at(
                        &file.source.display,
                        &file.source.text,
                        rule.name_span.clone(),
                    );
                    map.entry(route_key(&rule.name)).or_default().push((
                        at.file,
                        at.line,
                        rule.expr.clone(),
                    ));
                }
            }
        });
        RulesByKey(map)
    }

    /// The page of alert `key` when `labelled` (the pipelines its rules name) holds a
    /// pipeline its runbook does not cover; `None` when the route is a plain redirect.
    pub(super) fn alert_own_page(
        &self,
        key: &str,
        alert: &AlertRoute,
        labelled: Option<&Vec<&str>>,
        rules: &RulesByKey,
        d: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let slug = alert.runbook.slug.as_str();
        let covered: &[&str] = self.runbook_pipelines.get(slug).map_or(&[], |v| v);
        // Looked up in a set per runbook, made once: a scan of the runbook's pipelines per
        // pipeline the alert's rules name cost their product (4,990 rules of one alert, each
        // naming another pipeline than the 4,990 its runbook covers: 25 million compares).
        let sets = self.covered_sets.get_or_init(|| {
            (self.runbook_pipelines.iter())
                .map(|(slug, ids)| (*slug, ids.iter().copied().collect()))
                .collect()
        });
        let covers = |id: &str| sets.get(slug).is_some_and(|set| set.contains(id));
        let paged: Vec<&str> = labelled?
            .iter()
            .copied()
            .filter(|id| !covers(id) && self.pipeline_refs.contains_key(id))
            .collect();
        if paged.is_empty() {
            return None;
        }
        // The first few by name, then how many more: each of 4,990 alerts of a runbook
        // covering 4,990 other pipelines named them all, 58 kB a page and 354 MB in all.
        let mut known = covered.iter().filter_map(|id| self.pipeline_refs.get(id));
        let names: Vec<&str> = (known.by_ref().take(COVERS_SHOWN))
            .map(|p| p.name.as_str())
            .collect();
        let more = known.count();
        let covers = if names.is_empty() {
            "no pipeline".to_string()
        } else if more > 0 {
            format!("{} and {more} more", names.join(", "))
        } else {
            names.join(", ")
        };
        self.alert_page(
            key,
            alert.name,
            &paged,
            (Some(self.runbook_link(slug)), covers),
            rules,
            d,
        )
    }

    /// The page of an alert no runbook claims.
    pub(super) fn unclaimed_page(
        &self,
        key: &str,
        alert: &UnclaimedRoute,
        labelled: Option<&Vec<&str>>,
        rules: &RulesByKey,
        d: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let paged: Vec<&str> = labelled.map_or(Vec::new(), |l| l.clone());
        self.alert_page(key, alert.name, &paged, (None, String::new()), rules, d)
    }

    fn alert_page(
        &self,
        key: &str,
        name: &str,
        paged: &[&str],
        (runbook, covers): (Option<LinkRef>, String),
        rules: &RulesByKey,
        d: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let path = format!("{ALERTS}{key}/");
        let rules: Vec<RuleAt> = rules
            .0
            .get(key)
            .into_iter()
            .flatten()
            .map(|(file, line, expr)| RuleAt {
                file: file.clone(),
                line: *line,
                expr: expr.as_deref().map(str::trim).map(str::to_string),
            })
            .collect();
        let mut name_html = String::with_capacity(name.len());
        super::shell_html::esc(&mut name_html, name);
        let has_oncall =
            self.site.oncall.rotation.is_some() || !self.site.oncall.overrides.is_empty();
        let ctx = AlertCtx {
            common: self.common("alert.html", name.to_string(), path.clone(), "alerts", None),
            name,
            name_html: crate::html::wbr::breakable(&name_html),
            pipelines: paged
                .iter()
                .filter_map(|id| self.runbook_pipeline(id))
                .collect(),
            runbook,
            covers,
            rules,
            on_call_block: if has_oncall {
                &self.snippets.on_call
            } else {
                ""
            },
            new_runbook: paged.first().map(|id| format!("pipebook new runbook {id}")),
            all_alerts: format!("{}#{key}", self.urls.link(ALERTS)),
        };
        self.page("alert.html", format!("{path}index.html"), &ctx, d)
            .map(|file| file.bytes)
    }
}
