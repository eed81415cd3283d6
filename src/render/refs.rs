//! What pages show of engineers, pipelines and runbooks (each made once per site, or per
//! page from shared parts), and the fields every page has. Apart from the renderer's
//! flow (`mod.rs`), which only hands these to the pages.

use serde::Serialize;

use super::{shell_html, Renderer, SlugMap};
use crate::model::Pipeline;

/// An engineer as shown in a link or an incident header, with the contact fields the
/// site publishes (see [`crate::privacy`]).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct EngineerRef {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: String,
    // Fields a site does not publish are left out rather than null: most pages show
    // several engineers, and each field is a map entry of the page's Tera context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email: Option<String>,
    /// The `mailto:` link of `email`, encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) slack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) phone: Option<String>,
    /// The `tel:` link of `phone`, encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) phone_url: Option<String>,
}

/// A pipeline as shown in lists and headers.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PipelineRef {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: String,
    pub(super) description: Option<String>,
    pub(super) domain: String,
    pub(super) domain_name: String,
    pub(super) audience: String,
    pub(super) primary: EngineerRef,
    pub(super) secondary: EngineerRef,
    pub(super) runbook: Option<LinkRef>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct LinkRef {
    pub(super) title: String,
    pub(super) url: String,
}

/// Fields every page has.
#[derive(Debug, Serialize)]
pub(super) struct Common<'a> {
    pub(super) site_title: &'a str,
    /// The site's title as the header's link shows it: escaped, with break opportunities
    /// in its long joined words (see [`shell_html::brand`]).
    pub(super) brand_html: &'a str,
    /// The classes of `<html>` that fit the header to the title (`long-title`,
    /// `long-word`), or none.
    pub(super) title_class: &'static str,
    pub(super) base: &'a str,
    pub(super) page_title: String,
    /// Site path of this page, for the canonical link and the active menu entry.
    pub(super) path: String,
    pub(super) canonical: String,
    pub(super) section: &'static str,
    pub(super) repository: Option<&'a str>,
    pub(super) edit_url: Option<String>,
    /// Whether the site has search (the header shows the search box).
    pub(super) search: bool,
    /// A preview build: show a banner and ask search engines not to index it.
    pub(super) preview: bool,
    /// An unlisted runbook (`Runbook::unlisted_key`): search engines are asked not to
    /// index it (`runbook.html`'s `head` block).
    pub(super) noindex: bool,
    pub(super) built: &'a str,
    pub(super) built_iso: &'a str,
    /// Which parts of the site have data (a tree of runbooks alone has none of them): the
    /// header links only those.
    pub(super) has_pipelines: bool,
    pub(super) has_team: bool,
    pub(super) has_oncall: bool,
    /// Whether any runbook answers an alert (the header links `/alerts/`).
    pub(super) has_alerts: bool,
    /// The critical CSS (the parts the page's template is named for) and head script
    /// every page carries inline (see [`super::inline`]).
    pub(super) inline_css: &'a str,
    pub(super) inline_script: &'a str,
    /// The parts of the default theme's `base.html` that are the same on every page, if
    /// written already (see [`shell_html::Shell`]).
    #[serde(skip)]
    pub(super) shell: Option<&'a shell_html::Shell>,
}

impl Renderer<'_> {
    pub(super) fn engineer_ref(&self, id: &str) -> EngineerRef {
        let refs = self.engineer_refs.get_or_init(|| {
            self.engineers
                .keys()
                .map(|&id| (id, self.make_engineer_ref(id)))
                .collect()
        });
        refs.get(id)
            .cloned()
            .unwrap_or_else(|| self.make_engineer_ref(id))
    }

    /// [`Renderer::engineer_ref`] made anew (an id that names no engineer gets itself as
    /// its name).
    fn make_engineer_ref(&self, id: &str) -> EngineerRef {
        let contact = self.engineers.get(id).map_or_else(Default::default, |e| {
            crate::privacy::contact(&e.contact, &self.site.config)
        });
        EngineerRef {
            id: id.to_string(),
            name: self
                .engineers
                .get(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            url: self.urls.page_of("engineers/", id),
            email_url: contact.email.as_deref().map(crate::url::mailto),
            phone_url: contact.phone.as_deref().map(crate::url::tel),
            email: contact.email,
            slack: contact.slack,
            phone: contact.phone,
        }
    }

    /// The domain of id `id`, the first if the id is repeated.
    pub(super) fn domain(&self, id: &str) -> Option<&crate::model::Domain> {
        (self.domains_by_id)
            .get_or_init(|| self.site.pipelines.domains_by_id())
            .get(id)
            .copied()
    }

    pub(super) fn pipeline_ref(&self, p: &Pipeline) -> PipelineRef {
        let domain_name = self
            .domain(&p.domain)
            .map_or_else(|| p.domain.clone(), |d| d.name.clone());
        let runbook = self
            .pipeline_runbooks
            .get(p.id.as_str())
            .and_then(|slugs| slugs.first())
            .map(|slug| self.runbook_link(slug));
        PipelineRef {
            id: p.id.clone(),
            name: p.name.clone(),
            url: self.urls.page_of("pipelines/", &p.id),
            description: p.description.clone(),
            domain: p.domain.clone(),
            domain_name,
            audience: p.audience.clone(),
            primary: self.engineer_ref(&p.primary),
            secondary: self.engineer_ref(&p.secondary),
            runbook,
        }
    }

    pub(super) fn runbook_link(&self, slug: &str) -> LinkRef {
        LinkRef {
            title: self
                .titles
                .get(slug)
                .cloned()
                .unwrap_or_else(|| slug.to_string()),
            url: self.runbook_url(slug),
        }
    }

    pub(super) fn runbook_url(&self, slug: &str) -> String {
        // `urls.link(&runbook_path(slug))` in one allocation: pages call this for every
        // crumb, neighbour and tree entry (2.5 % of a build with two `format!`s).
        let base = &self.urls.base_path;
        if slug.is_empty() {
            return format!("{base}runbooks/");
        }
        let encoded = crate::url::encode_path(slug);
        let mut url = String::with_capacity(base.len() + encoded.len() + 10);
        url.push_str(base);
        url.push_str("runbooks/");
        url.push_str(&encoded);
        url.push('/');
        url
    }

    /// Where the data file `file` is, for the "Edit this page" of the pages made from it;
    /// none when the site has no such file: a runbook-only site's /oncall/, /engineers/
    /// and /pipelines/ linked to the forge's edit page of a file that is not there (404).
    pub(super) fn data_source<'f>(&self, file: &'f crate::model::SourceFile) -> Option<&'f str> {
        (!file.text.is_empty()).then_some(file.display.as_str())
    }

    /// What every page shows, for a page of `template`.
    pub(super) fn common(
        &self,
        template: &str,
        page_title: String,
        path: String,
        section: &'static str,
        source: Option<&str>,
    ) -> Common<'_> {
        let mut common = Common {
            site_title: &self.site.config.title,
            brand_html: &self.brand.0,
            title_class: self.brand.1,
            base: &self.urls.base_path,
            canonical: self.urls.absolute(&path),
            page_title,
            path,
            section,
            repository: self.repository.as_deref(),
            edit_url: match (source, &self.edit_url) {
                (Some(src), Some(parts)) => Some(parts.join(&crate::url::encode_path(src))),
                _ => None,
            },
            built: &self.built,
            built_iso: &self.built_iso,
            search: self.site.config.search,
            preview: self.preview,
            noindex: false,
            has_pipelines: !self.site.pipelines.pipelines.is_empty(),
            has_team: !self.site.team.engineers.is_empty(),
            has_oncall: self.site.oncall.rotation.is_some()
                || !self.site.oncall.overrides.is_empty(),
            has_alerts: self
                .routes
                .is_some_and(|r| !r.alerts.is_empty() || !r.unclaimed.is_empty()),
            inline_css: self.inline.css_for(template),
            inline_script: &self.inline.script,
            shell: None,
        };
        // Every field the shell reads is the site's, the same on every page.
        common.shell = Some(self.shell.get_or_init(|| shell_html::Shell::new(&common)));
        common
    }
}

/// One direction of "runbook covers pipeline": a slug or id to the other side's.
type CoverLists<'a> = SlugMap<&'a str, Vec<&'a str>>;

/// Runbook -> pipelines and pipeline -> runbooks from `(runbook, pipeline)` pairs, each
/// list in the pairs' order, each pair once.
pub(super) fn cover_lists<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> (CoverLists<'a>, CoverLists<'a>) {
    let mut runbook_pipelines: SlugMap<&str, Vec<&str>> = SlugMap::default();
    let mut pipeline_runbooks: SlugMap<&str, Vec<&str>> = SlugMap::default();
    // A set of the pairs seen, not a look through the lists: a pipeline that every runbook
    // of a 100,000-runbook site lists (or a runbook named by 10,000 pipelines) made that
    // look quadratic (60,000 runbooks listing one pipeline: 15.9 s, against 4.0 s).
    let mut seen: rustc_hash::FxHashSet<(&str, &str)> = Default::default();
    for (rb, p) in pairs {
        if seen.insert((rb, p)) {
            runbook_pipelines.entry(rb).or_default().push(p);
            pipeline_runbooks.entry(p).or_default().push(rb);
        }
    }
    (runbook_pipelines, pipeline_runbooks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_lists_keep_each_pair_once_in_order() {
        let pairs = [
            ("x", "p"),
            ("x", "p"),
            ("y", "p"),
            ("x", "q"),
            ("x", "p"),
            ("y", "p"),
        ];
        let (runbooks, pipelines) = cover_lists(pairs.into_iter());
        assert_eq!(runbooks["x"], ["p", "q"]);
        assert_eq!(runbooks["y"], ["p"]);
        assert_eq!(pipelines["p"], ["x", "y"]);
        assert_eq!(pipelines["q"], ["x"]);
        assert_eq!((runbooks.len(), pipelines.len()), (2, 2));
    }
}
