//! `search/answers.json`: who owns what, for the search box's answer card
//! (`static/search-answers.js`), which answers "owner of daily growth", an engineer's name
//! or a pipeline's id above the results.
//!
//! It holds ids, names, addresses, each pipeline's owners and runbooks: what the pipeline
//! and engineer pages show anyway. Contact details are not in it; the card takes them from
//! `oncall.json`, which carries only the fields `publish_contacts` names, and who is on
//! call from there too, so the card and the "on call now" box never disagree. It sits
//! beside the index so that it is versioned and kept offline with it (see `sw.js`).

use serde::Serialize;

use super::Renderer;
use crate::write::OutputFile;

/// Where the answer data is written, beside the search index.
pub const ANSWERS: &str = "search/answers.json";

/// Runbooks listed per pipeline: the card shows a few, the pipeline's page all of them, so
/// that 100,000 runbooks naming one pipeline do not make every question download them.
const RUNBOOKS_SHOWN: usize = 10;

#[derive(Serialize)]
struct Answers<'a> {
    /// Format version, for a client of another build.
    v: u32,
    pipelines: Vec<PipelineAnswer<'a>>,
    /// Names and pages only: a name is found even when `oncall.json` cannot be fetched.
    engineers: Vec<EngineerAnswer<'a>>,
}

#[derive(Serialize)]
struct EngineerAnswer<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PipelineAnswer<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    /// The domain's name (`Profit`), so that "owner of profit" finds its pipelines.
    domain: String,
    audience: &'a str,
    /// Engineer ids, resolved to names and contacts through `oncall.json`.
    primary: &'a str,
    secondary: &'a str,
    /// The main runbook first, as on the pipeline's page; at most [`RUNBOOKS_SHOWN`].
    runbooks: Vec<super::LinkRef>,
    /// How many more the pipeline's page lists.
    #[serde(skip_serializing_if = "is_zero")]
    more_runbooks: usize,
    /// Orchestrator job names (`/pipelines/by-job/<job>/`), found by the card too.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    jobs: &'a [String],
}

impl Renderer<'_> {
    /// `search/answers.json`; call it after `render_all` (runbook titles come from there).
    pub fn answers(&self) -> OutputFile {
        let pipelines = self
            .site
            .pipelines
            .pipelines
            .iter()
            .map(|p| {
                let slugs = self
                    .pipeline_runbooks
                    .get(p.id.as_str())
                    .map_or(&[][..], Vec::as_slice);
                PipelineAnswer {
                    id: &p.id,
                    name: &p.name,
                    url: self.urls.page_of("pipelines/", &p.id),
                    domain: self
                        .domain(&p.domain)
                        .map_or_else(|| p.domain.clone(), |d| d.name.clone()),
                    audience: &p.audience,
                    primary: &p.primary,
                    secondary: &p.secondary,
                    runbooks: slugs
                        .iter()
                        .take(RUNBOOKS_SHOWN)
                        .map(|s| self.runbook_link(s))
                        .collect(),
                    more_runbooks: slugs.len().saturating_sub(RUNBOOKS_SHOWN),
                    jobs: &p.job,
                }
            })
            .collect();
        let engineers = self
            .site
            .team
            .engineers
            .iter()
            .map(|e| EngineerAnswer {
                id: &e.id,
                name: &e.name,
                url: self.urls.page_of("engineers/", &e.id),
            })
            .collect();
        let answers = Answers {
            v: 1,
            pipelines,
            engineers,
        };
        OutputFile {
            path: ANSWERS.into(),
            // Never parsed as HTML, but a name with `</script>` stays inert wherever it goes.
            bytes: serde_json::to_string(&answers)
                .unwrap_or_default()
                .replace('<', "\\u003c")
                .into_bytes(),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
