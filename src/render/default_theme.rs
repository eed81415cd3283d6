//! The default theme's templates, and which of them a site's theme keeps: the pages
//! whose templates are all the default ones are written without Tera (see
//! [`super::runbook_html`], [`super::pages_html`]).

/// The default templates that [`super::runbook_html`], [`super::pages_html`] and
/// [`super::oncall_html`] stand for.
pub(super) const TEMPLATES: [(&str, &str); 8] = [
    (
        "runbook.html",
        include_str!("../../themes/default/templates/runbook.html"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "children.html",
        include_str!("../../themes/default/templates/children.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/default/templates/section.html"),
    ),
    (
        "tree.html",
        include_str!("../../themes/default/templates/tree.html"),
    ),
    (
        "pipeline.html",
        include_str!("../../themes/default/templates/pipeline.html"),
    ),
    (
        "engineer.html",
        include_str!("../../themes/default/templates/engineer.html"),
    ),
];

/// Which pages the site's theme renders with the default templates, so that this
/// module may stand in for Tera.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Compiled {
    /// `runbook.html`, `base.html`, `macros.html` and `children.html`: [`super::runbook_html::write`].
    pub(super) runbook: bool,
    /// `section.html` and the same three: [`super::runbook_html::write_section`].
    pub(super) section: bool,
    /// `tree.html` and `macros.html`: [`super::runbook_html::write_tree`].
    pub(super) tree: bool,
    /// `pipeline.html`, `base.html` and `macros.html`: [`super::pages_html::pipeline`].
    pub(super) pipeline: bool,
    /// `engineer.html`, `base.html` and `macros.html`: [`super::pages_html::engineer`].
    pub(super) engineer: bool,
}

impl Compiled {
    pub(super) fn new(templates: &[(String, String)]) -> Compiled {
        let default = |names: &[&str]| {
            names.iter().all(|name| {
                let ours = TEMPLATES.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
                templates
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .is_some_and(|(_, t)| Some(t.as_str()) == ours)
            })
        };
        let base = default(&["base.html", "macros.html"]);
        let layout = base && default(&["children.html"]);
        Compiled {
            runbook: layout && default(&["runbook.html"]),
            section: layout && default(&["section.html"]),
            tree: default(&["tree.html", "macros.html"]),
            pipeline: base && default(&["pipeline.html"]),
            engineer: base && default(&["engineer.html"]),
        }
    }
}

impl Compiled {
    /// The templates Tera still needs: all but the default ones written here instead,
    /// unless another template names them (extends, includes or imports them). Parsing a
    /// template costs Tera about as much as rendering a few pages.
    pub(super) fn for_tera(&self, templates: &[(String, String)]) -> Vec<(String, String)> {
        let mut unused: Vec<&str> = [
            (self.runbook, "runbook.html"),
            (self.section, "section.html"),
            (self.runbook && self.section, "children.html"),
            (self.tree, "tree.html"),
            (self.pipeline, "pipeline.html"),
            (self.engineer, "engineer.html"),
        ]
        .into_iter()
        .filter_map(|(compiled, name)| compiled.then_some(name))
        .collect();
        // Until no kept template names one left out.
        loop {
            let named = unused.iter().position(|name| {
                templates
                    .iter()
                    .filter(|(n, _)| !unused.contains(&n.as_str()))
                    .any(|(_, text)| text.contains(name))
            });
            match named {
                Some(i) => {
                    unused.remove(i);
                }
                None => break,
            }
        }
        templates
            .iter()
            .filter(|(n, _)| !unused.contains(&n.as_str()))
            .cloned()
            .collect()
    }
}
