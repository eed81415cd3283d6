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
    /// `oncall.html`, `base.html` and `macros.html`: [`super::oncall_html::page`].
    pub(super) oncall: bool,
    /// `coverage.html`, `base.html` and `macros.html`: [`super::coverage_html::page`].
    pub(super) coverage: bool,
    /// `sw.js`: [`service_worker`].
    pub(super) service_worker: bool,
}

/// The default `coverage.html`.
const COVERAGE: &str = include_str!("../../themes/default/templates/coverage.html");

// The default `sw.js`: its parts joined (`load::sw_parts`).
use crate::load::SERVICE_WORKER;

/// The default `sw.js` minified by terser (`tools/minify/run.sh`), its `{{ name }}`s kept:
/// 3.5 kB of gzip where the template without its comment lines is 4.2. A reader's browser
/// fetches the worker on a first visit (in the first load's budget) and again after every
/// deploy. Its first line names the SHA-256 of the template it was made from.
const SERVICE_WORKER_MIN: &str = include_str!("../../themes/default/sw.min.js");

/// The default `sw.js`'s text to fill in: the minified copy when it was made from the
/// template as it is (a test fails while it is not), else the template.
/// Checked once a process (a SHA-256 of the template), not at every update of `serve`.
fn service_worker_template() -> &'static str {
    static TEMPLATE: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        crate::load::minified_for(SERVICE_WORKER_MIN, SERVICE_WORKER.as_bytes())
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or(SERVICE_WORKER)
    })
}

/// The service worker the default `sw.js` renders, given the JavaScript text of each of
/// its `{{ name }}`s (Tera escapes nothing in a `.js` template), minified; `None` if it
/// names another. Tera parsing the 14 kB of script was a fifth of compiling the theme.
pub(super) fn service_worker(values: &[(&str, &str)]) -> Option<String> {
    let template = service_worker_template();
    let mut out = String::with_capacity(template.len() + 1024);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let close = rest[open..].find("}}")? + open;
        let name = rest[open + 2..close].trim();
        let (_, value) = values.iter().find(|(n, _)| *n == name)?;
        out.push_str(value);
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    Some(out)
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
            oncall: super::oncall_html::is_default(templates),
            coverage: base
                && templates
                    .iter()
                    .rev()
                    .find(|(n, _)| n == "coverage.html")
                    .is_some_and(|(_, t)| t == COVERAGE),
            service_worker: templates
                .iter()
                .rev()
                .find(|(n, _)| n == "sw.js")
                .is_some_and(|(_, t)| t == SERVICE_WORKER),
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
            (self.oncall, "oncall.html"),
            (self.coverage, "coverage.html"),
            (self.service_worker, "sw.js"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> Vec<(String, String)> {
        let oncall = include_str!("../../themes/default/templates/oncall.html");
        TEMPLATES
            .iter()
            .copied()
            .chain([("oncall.html", oncall), ("sw.js", SERVICE_WORKER)])
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn writes_the_service_worker_as_tera_renders_its_minified_copy() {
        let template = service_worker_template();
        assert!(
            !std::ptr::eq(template, SERVICE_WORKER),
            "themes/default/sw.min.js was not made from themes/default/templates/sw/*.js as \
             they are: run tools/minify/run.sh and commit it"
        );
        assert!(template.len() * 100 < SERVICE_WORKER.len() * 50);
        let mut theme = theme();
        theme.retain(|(n, _)| n != "sw.js");
        theme.push(("sw.js".into(), template.into()));
        let tera = super::super::compile(&theme).expect("default templates compile");
        let nasty = r#""/a\"b{{ shell }}</script>/ é""#;
        for (version, base) in [("v1", "\"/\""), ("{{ base }}", nasty)] {
            let values = [
                ("version", version),
                ("base", base),
                ("shell", "[\"/x/\"]"),
                ("index", "\"0123456789abcdef\""),
                ("sizes", "{\"/static/x.js\":1}"),
            ];
            let mut ctx = tera::Context::new();
            for (name, value) in values {
                ctx.insert(name, value);
            }
            let expected = tera.render("sw.js", &ctx).unwrap();
            assert_eq!(service_worker(&values).as_deref(), Some(expected.as_str()));
        }
        assert_eq!(service_worker(&[("version", "v1")]), None);
    }

    #[test]
    fn tera_leaves_out_the_oncall_page_and_service_worker_only_when_they_are_ours() {
        let names = |t: &[(String, String)]| -> Vec<String> {
            let kept = Compiled::new(t).for_tera(t);
            kept.into_iter().map(|(n, _)| n).collect()
        };
        let mut templates = theme();
        assert_eq!(names(&templates), ["base.html", "macros.html"]);
        let n = templates.len();
        templates[n - 1].1 = "var V = {{ version }};".into();
        assert_eq!(names(&templates), ["base.html", "macros.html", "sw.js"]);
        templates[n - 2].1 = "{% extends \"base.html\" %}".into();
        assert_eq!(
            names(&templates),
            ["base.html", "macros.html", "oncall.html", "sw.js"]
        );
    }
}
