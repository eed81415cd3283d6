//! Redirects (issue 18): a page at every alias, alert route and job route, and a Netlify
//! `_redirects` file that answers the same addresses with a `301`.
//!
//! Netlify reads `_redirects` and sends a real `301` (forced with `!`, because the
//! redirect page exists at the same path and would otherwise be served instead). Every
//! other static host serves the redirect page: a `meta refresh` with a canonical link and
//! `noindex`, so search engines list the runbook itself, and a plain link for readers.
//! Retired addresses are answered `410 Gone` on Netlify.
//!
//! Every address written here was checked by `routes` (site paths of a small alphabet,
//! never another host) and is percent-encoded on the way out; every target is a page this
//! build writes. Nothing of a pull request can make these a redirect to elsewhere.

use std::fmt::Write;

use super::Renderer;
use crate::diagnostics::Diagnostics;
use crate::html::escape;
use crate::routes::{runbook_path, Routes};
use crate::write::Sink;

impl Renderer<'_> {
    /// Writes the redirect pages, the alert routes' own pages (`alert_pages`) and
    /// `_redirects` into `sink`; returns how many files. A theme's `alert.html` that
    /// fails to render is reported to `d`.
    pub(super) fn redirects(&self, routes: &Routes, sink: &Sink, d: &mut Diagnostics) -> usize {
        let mut rules = String::from(
            "# Written by pipebook: earlier addresses of runbooks (aliases) and engineers (formerly),\n# alert and job routes (a redirect page is written at each too, for other hosts), and retired addresses.\n",
        );
        let mut files = 0;
        let mut redirect = |from: &str, to: &str, title: &str, page: bool| {
            if page {
                let file = if from.ends_with('/') {
                    format!("{from}index.html")
                } else {
                    from.to_string()
                };
                sink.put(&file, self.redirect_page(to, title).as_bytes());
                files += 1;
            }
            let _ = writeln!(rules, "{} {} 301!", root_path(from), root_path(to));
        };
        for (from, to, slug, page) in alias_redirects(routes) {
            redirect(from, &to, &self.runbook_link(slug).title, page);
        }
        // An alert that pages a pipeline its runbook does not cover, or that no runbook
        // claims, keeps a page of its own (`alert_pages`): the responder sees that
        // pipeline's owners and who is on call.
        let labelled = self.labelled_pipelines();
        let raised = self.rules_by_key();
        // Such a page is written once, at the lower-case route; the name as written
        // redirects to it (10,000 unclaimed alerts wrote 347 MB of pages twice over).
        let mut own_pages = 0;
        let mut own_page =
            |paths: Vec<String>,
             page: &[u8],
             name: &str,
             redirect: &mut dyn FnMut(&str, &str, &str, bool)| {
                let mut paths = paths.into_iter();
                let Some(route) = paths.next() else { return };
                sink.put(&format!("{route}index.html"), page);
                own_pages += 1;
                for from in paths {
                    redirect(&from, &route, name, true);
                }
            };
        for (key, alert) in &routes.alerts {
            let paths = Routes::alert_paths(key, alert);
            match self.alert_own_page(key, alert, labelled.get(key), &raised, d) {
                Some(page) => own_page(paths, &page, alert.name, &mut redirect),
                None => {
                    let to = runbook_path(&alert.runbook.slug);
                    let title = self.runbook_link(&alert.runbook.slug).title;
                    for from in paths {
                        redirect(&from, &to, &title, true);
                    }
                }
            }
        }
        for (key, alert) in &routes.unclaimed {
            if let Some(page) = self.unclaimed_page(key, alert, labelled.get(key), &raised, d) {
                own_page(
                    Routes::alert_name_paths(key, alert.name),
                    &page,
                    alert.name,
                    &mut redirect,
                );
            }
        }
        for (from, to, job) in job_redirects(routes) {
            redirect(&from, &to, &job.pipeline.name, true);
        }
        for (from, to, name) in crate::routes::former_engineer_pages(self.site, routes) {
            redirect(&from, &to, name, true);
        }
        for path in routes.retired.keys() {
            let _ = writeln!(rules, "{} /404.html 410", root_path(path));
        }
        sink.put("_redirects", rules.as_bytes());
        files + own_pages + 1
    }

    /// A page that sends the reader to the site path `to`, titled `title`. With scripts,
    /// the theme's `routes.js` goes on keeping the address's `#anchor` (an alert rule's
    /// `runbook_url` may name a step); without, the meta refresh goes on without it.
    fn redirect_page(&self, to: &str, title: &str) -> String {
        let link = escape(&self.urls.link(to));
        let canonical = escape(&self.urls.absolute(to));
        let script = escape(&self.urls.link("static/routes.js"));
        let title = escape(title);
        format!(
            "<!doctype html>\n<html lang=\"en\" data-redirect=\"{link}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<script src=\"{script}\"></script>\n<noscript><meta http-equiv=\"refresh\" content=\"0; url={link}\"></noscript>\n</head>\n<body>\n<p>This address leads to <a href=\"{link}\">{title}</a>.</p>\n</body>\n</html>\n"
        )
    }
}

/// Each alias of a runbook: its path, the runbook's, the runbook's slug, and whether a
/// redirect page is written at it.
fn alias_redirects<'r>(
    routes: &'r Routes,
) -> impl Iterator<Item = (&'r str, String, &'r str, bool)> + 'r {
    routes.aliases.iter().map(|(from, alias)| {
        let slug = alias.runbook.slug.as_str();
        (from.as_str(), runbook_path(slug), slug, alias.page)
    })
}

/// Each job route's path, with its pipeline's page and the route.
fn job_redirects<'r, 'a>(
    routes: &'r Routes<'a>,
) -> impl Iterator<Item = (String, String, &'r crate::routes::JobRoute<'a>)> + 'r {
    routes.jobs.iter().flat_map(|(key, job)| {
        let to = format!("pipelines/{}/", job.pipeline.id);
        Routes::job_paths(key, job)
            .into_iter()
            .map(move |from| (from, to.clone(), job))
    })
}

/// The redirects that may be among the pages "Keep runbooks offline" saves (under
/// `runbooks/` and `pipelines/`: aliases with a page and job routes; alert routes and
/// former engineers are not kept), as (site path of the redirect, site path it leads to).
pub(super) fn kept_redirects(routes: &Routes) -> Vec<(String, String)> {
    alias_redirects(routes)
        .filter(|(_, _, _, page)| *page)
        .map(|(from, to, _, _)| (from.to_string(), to))
        .chain(job_redirects(routes).map(|(from, to, _)| (from, to)))
        .collect()
}

/// A site path as `_redirects` writes it: from the root of the published folder (as
/// `_headers` does), percent-encoded, so no character of it is read as Netlify's syntax
/// (white space between fields, `*` splats, `:placeholders`, `#` comments).
fn root_path(path: &str) -> String {
    format!("/{}", crate::url::encode_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_paths_are_encoded() {
        assert_eq!(root_path("runbooks/a b/"), "/runbooks/a%20b/");
        assert_eq!(root_path("wiki/x!*:#.html"), "/wiki/x%21%2A%3A%23.html");
        assert_eq!(root_path("größe/"), "/gr%C3%B6%C3%9Fe/");
    }
}
