//! `/alerts/`: every alert with the runbook that answers it, its pipelines and their
//! owners, and the stable address an alert rule's `runbook_url` should hold.

use std::collections::HashMap;

use serde::Serialize;

use super::{Common, LinkRef, PipelineRef, Renderer};
use crate::diagnostics::Diagnostics;
use crate::routes::names::route_key;
use crate::routes::{Routes, ALERTS};
use crate::write::OutputFile;

impl Renderer<'_> {
    pub(super) fn alerts_page(&self, routes: &Routes, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Alert {
            name: String,
            /// The name, escaped, with a `<wbr>` between its joined words (see `wbr`): a
            /// narrow column broke `AggregateGrowthSLAMissed` at its last letter.
            name_html: String,
            /// The route key, also the row's id (`/alerts/#etcdmembersdown`).
            key: String,
            /// The alert's stable address, as a link and as a full URL to copy.
            url: String,
            address: String,
            runbook: LinkRef,
            pipelines: Vec<PipelineRef>,
        }
        /// An alert a rule raises and no runbook claims.
        #[derive(Serialize)]
        struct Unclaimed {
            name: String,
            name_html: String,
            key: String,
            url: String,
            address: String,
            pipelines: Vec<PipelineRef>,
        }
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            alerts: Vec<Alert>,
            unclaimed: Vec<Unclaimed>,
            /// Whether any alert has a pipeline: a site without pipelines (a corpus of
            /// runbooks) showed "Pipeline: — Owners: —" on every row of a phone's list.
            show_pipelines: bool,
        }
        let labelled = self.labelled_pipelines();
        // In the order of their keys: by name, whatever the case.
        let alerts: Vec<Alert> = routes
            .alerts
            .iter()
            .map(|(key, a)| {
                let path = format!("{ALERTS}{key}/");
                let mut escaped = String::with_capacity(a.name.len());
                super::shell_html::esc(&mut escaped, a.name);
                Alert {
                    name: a.name.to_string(),
                    name_html: crate::html::wbr::breakable(&escaped),
                    key: key.clone(),
                    url: self.urls.link(&path),
                    address: self.urls.absolute(&path),
                    runbook: self.runbook_link(&a.runbook.slug),
                    // The pipelines its rules name in a `pipeline` label, else those its
                    // runbook covers.
                    pipelines: labelled
                        .get(key)
                        .or_else(|| self.runbook_pipelines.get(a.runbook.slug.as_str()))
                        .into_iter()
                        .flatten()
                        .filter_map(|id| self.pipeline_refs.get(id).cloned())
                        .collect(),
                }
            })
            .collect();
        let unclaimed: Vec<Unclaimed> = routes
            .unclaimed
            .iter()
            .map(|(key, a)| {
                let path = format!("{ALERTS}{key}/");
                let mut escaped = String::with_capacity(a.name.len());
                super::shell_html::esc(&mut escaped, a.name);
                Unclaimed {
                    name: a.name.to_string(),
                    name_html: crate::html::wbr::breakable(&escaped),
                    key: key.clone(),
                    url: self.urls.link(&path),
                    address: self.urls.absolute(&path),
                    pipelines: labelled
                        .get(key)
                        .into_iter()
                        .flatten()
                        .filter_map(|id| self.pipeline_refs.get(id).cloned())
                        .collect(),
                }
            })
            .collect();
        let show_pipelines = alerts.iter().any(|a| !a.pipelines.is_empty())
            || unclaimed.iter().any(|a| !a.pipelines.is_empty());
        let ctx = Ctx {
            common: self.common(
                "alerts.html",
                "Alerts".into(),
                ALERTS.into(),
                "alerts",
                None,
            ),
            alerts,
            unclaimed,
            show_pipelines,
        };
        self.page("alerts.html", format!("{ALERTS}index.html"), &ctx, d)
    }

    /// The pipelines named by the `pipeline` label of the rules of each alert, by route
    /// key: one pass over the rules.
    pub(super) fn labelled_pipelines(&self) -> HashMap<String, Vec<&str>> {
        let mut labelled: HashMap<String, Vec<&str>> = HashMap::new();
        for rule in self.site.alert_rules.iter().flat_map(|f| &f.rules) {
            if let Some((id, _)) = &rule.pipeline {
                if self.pipeline_refs.contains_key(id.as_str()) {
                    let list = labelled.entry(route_key(&rule.name)).or_default();
                    if !list.contains(&id.as_str()) {
                        list.push(id);
                    }
                }
            }
        }
        labelled
    }
}
