//! The page of an alert route whose runbook does not cover the pipeline the alert pages.
//!
//! `/alerts/<name>/` normally redirects to the runbook that answers the alert. When the
//! alert's rule names a pipeline (its `pipeline` label) that the runbook does not cover,
//! that runbook's box shows another pipeline's owners, and the responder woken by the page
//! would call the wrong people. The route then stays on a page of its own that says which
//! pipeline was paged and who owns it, and links the runbook. `pipebook check` warns about
//! the same alerts (`alerts::check`), so a site that follows its warnings has none.

use std::fmt::Write;

use super::Renderer;
use crate::html::escape;
use crate::routes::{AlertRoute, ALERTS};

impl Renderer<'_> {
    /// The page of alert `key` when `labelled` (the pipelines its rules name) holds a
    /// pipeline its runbook does not cover; `None` when the route is a plain redirect.
    pub(super) fn alert_own_page(
        &self,
        key: &str,
        alert: &AlertRoute,
        labelled: Option<&Vec<&str>>,
    ) -> Option<String> {
        let slug = alert.runbook.slug.as_str();
        let covered: &[&str] = self.runbook_pipelines.get(slug).map_or(&[], |v| v);
        let paged: Vec<&super::PipelineRef> = labelled?
            .iter()
            .filter(|id| !covered.contains(id))
            .filter_map(|id| self.pipeline_refs.get(id))
            .collect();
        if paged.is_empty() {
            return None;
        }
        let base = &self.urls.base_path;
        let runbook = self.runbook_link(slug);
        let mut body = String::new();
        for p in &paged {
            let _ = writeln!(
                body,
                "<p>This alert pages pipeline <a href=\"{}\"><strong>{}</strong></a>. Owner: <a href=\"{}\">{}</a>, backup <a href=\"{}\">{}</a>. <a href=\"{}oncall/\">Who is on call now</a>.</p>",
                escape(&p.url),
                escape(&p.name),
                escape(&p.primary.url),
                escape(&p.primary.name),
                escape(&p.secondary.url),
                escape(&p.secondary.name),
                escape(base),
            );
        }
        let covers: Vec<String> = covered
            .iter()
            .filter_map(|id| self.pipeline_refs.get(id))
            .map(|p| escape(&p.name))
            .collect();
        let covers = if covers.is_empty() {
            "no pipeline".to_string()
        } else {
            covers.join(", ")
        };
        let _ = write!(
            body,
            "<p>The runbook that answers it, <a href=\"{}\">{}</a>, covers {covers}, not this pipeline: its steps may help, but its owners are not this pipeline's.</p>\n<p><a href=\"{}\">All alerts</a></p>\n",
            escape(&runbook.url),
            escape(&runbook.title),
            escape(&format!("{}#{key}", self.urls.link(ALERTS))),
        );
        let name = escape(alert.name);
        Some(format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{name} · {}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"stylesheet\" href=\"{}static/style.css\">\n</head>\n<body>\n<main class=\"alert-route\">\n<h1><code>{name}</code></h1>\n{body}</main>\n</body>\n</html>\n",
            escape(&self.site.config.title),
            escape(base),
        ))
    }
}
