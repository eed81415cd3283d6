//! The default theme's coverage page, written without Tera, as [`super::pages_html`]
//! writes pipeline and engineer pages. The page's context lists every runbook not yet
//! reviewed; Tera needs it as JSON first: at 100,000 runbooks about 70 MB of maps for a
//! list the page shows only once some runbook has a review date. A theme that overrides
//! `coverage.html`, `base.html` or `macros.html` gets Tera as before. The tests render the
//! page both ways and compare them: a change to those templates must be made here too.

use serde::Serialize;

use super::pages_html::{a, pipeline_table};
use super::shell_html::{esc, layout};
use super::{Common, EngineerRef, LinkRef, PipelineRef};

/// A runbook due for review.
#[derive(Serialize)]
pub(super) struct Review {
    pub(super) runbook: LinkRef,
    pub(super) last_reviewed: Option<String>,
    pub(super) due: Option<String>,
}

/// What an engineer carries.
#[derive(Serialize)]
pub(super) struct Load {
    pub(super) engineer: EngineerRef,
    pub(super) primary: usize,
    pub(super) secondary: usize,
    pub(super) shifts: usize,
}

/// The context of `coverage.html`.
#[derive(Serialize)]
pub(super) struct CoverageCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) without_runbook: Vec<PipelineRef>,
    pub(super) overdue: Vec<Review>,
    /// Empty when written here and no runbook has a review date: the page lists them only
    /// once one has.
    pub(super) never_reviewed: Vec<LinkRef>,
    /// Runbooks with a `last_reviewed` date: with none, the page says how to start
    /// rather than listing every runbook as never reviewed.
    pub(super) reviewed_count: usize,
    pub(super) review_days: u32,
    pub(super) load: Vec<Load>,
    pub(super) quarter_end: String,
}

/// The page `coverage.html` renders from `ctx`.
pub(super) fn page(ctx: &CoverageCtx) -> String {
    let rows = ctx.overdue.len() + ctx.never_reviewed.len() + ctx.without_runbook.len();
    let size = 16 * 1024 + ctx.common.inline_css.len() + 256 * rows;
    let c = &ctx.common;
    layout(c, None, false, size, |out| {
        out.push_str("\n<h1>Coverage</h1>\n<p>What needs attention: ");
        if c.has_pipelines {
            out.push_str("pipelines without a runbook, ");
        }
        out.push_str("runbooks due for review");
        if c.has_team {
            out.push_str(", and who carries what");
        }
        out.push_str(".</p>\n\n");
        if c.has_pipelines {
            out.push_str("<h2 id=\"without-runbook\">Pipelines without a runbook</h2>\n");
            if ctx.without_runbook.is_empty() {
                out.push_str("<p>Every pipeline has a runbook.</p>");
            } else {
                pipeline_table(out, &ctx.without_runbook);
                out.push_str("\n<p>Start one with <code>pipebook new runbook &lt;pipeline-id&gt;</code>.</p>\n");
            }
            out.push('\n');
        }
        out.push_str("\n<h2 id=\"review-due\">Runbooks due for review</h2>\n<p>A runbook is due ");
        out.push_str(&ctx.review_days.to_string());
        out.push_str(" days after its <code>last_reviewed</code> date, unless its front matter sets <code>review_interval_days</code>.</p>\n");
        reviews(out, ctx);
        if c.has_team {
            load(out, ctx);
        }
        out.push('\n');
    })
}

/// From `{% if overdue %}` to the list of runbooks never reviewed.
fn reviews(out: &mut String, ctx: &CoverageCtx) {
    if !ctx.overdue.is_empty() {
        out.push_str("\n<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr><th scope=\"col\">Runbook</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Due since</th></tr></thead>\n<tbody>\n");
        for r in &ctx.overdue {
            out.push_str("<tr><td data-label=\"Runbook\">");
            a(out, &r.runbook.url, &r.runbook.title);
            out.push_str("</td><td data-label=\"Last reviewed\">");
            esc(out, r.last_reviewed.as_deref().unwrap_or(""));
            out.push_str("</td><td data-label=\"Due since\"><strong class=\"badge due\">");
            esc(out, r.due.as_deref().unwrap_or(""));
            out.push_str("</strong></td></tr>\n");
        }
        out.push_str("\n</tbody>\n</table></div>\n");
    } else if ctx.reviewed_count == 0 {
        out.push_str("<p>No runbook has a <code>last_reviewed</code> date yet: add one to a runbook's front matter when it is checked against reality, and it is tracked here.</p>\n");
    } else {
        out.push_str("<p>None.</p>");
    }
    out.push('\n');
    if !ctx.never_reviewed.is_empty() && ctx.reviewed_count > 0 {
        out.push_str(
            "\n<h3 id=\"never-reviewed\">Without a review date</h3>\n<ul class=\"children\">",
        );
        for r in &ctx.never_reviewed {
            out.push_str("<li>");
            a(out, &r.url, &r.title);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("\n\n");
}

/// `{% if has_team %}`'s table of each engineer's load.
fn load(out: &mut String, ctx: &CoverageCtx) {
    out.push_str("<h2 id=\"load\">Load per engineer</h2>\n<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr><th scope=\"col\">Engineer</th><th scope=\"col\">Primary owner of</th><th scope=\"col\">Secondary owner of</th><th scope=\"col\">On-call shifts until ");
    esc(out, &ctx.quarter_end);
    out.push_str("</th></tr></thead>\n<tbody>\n");
    for l in &ctx.load {
        out.push_str("<tr><td data-label=\"Engineer\">");
        a(out, &l.engineer.url, &l.engineer.name);
        out.push_str("</td><td data-label=\"Primary\">");
        out.push_str(&l.primary.to_string());
        out.push_str("</td><td data-label=\"Secondary\">");
        out.push_str(&l.secondary.to_string());
        out.push_str("</td><td data-label=\"On-call shifts\">");
        out.push_str(&l.shifts.to_string());
        out.push_str("</td></tr>\n");
    }
    out.push_str("\n</tbody>\n</table></div>");
}

#[cfg(test)]
mod tests {
    use super::super::default_theme::{Compiled, TEMPLATES};
    use super::super::pages_html::tests::{common, link, person, pipe, NASTY};
    use super::*;

    const COVERAGE: &str = include_str!("../../themes/default/templates/coverage.html");

    fn templates() -> Vec<(String, String)> {
        TEMPLATES
            .iter()
            .copied()
            .chain([("coverage.html", COVERAGE)])
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    /// The coverage page through Tera and through [`page`], for each combination of what
    /// the template tests, with text that needs escaping everywhere.
    #[test]
    fn writes_the_coverage_page_as_the_template_does() {
        let templates = templates();
        assert!(Compiled::new(&templates).coverage);
        let tera = super::super::compile(&templates).expect("default templates compile");
        for bits in 0u32..(1 << 11) {
            if bits >= 1 << 8 && bits % 19 != 0 {
                continue;
            }
            let n = |shift: u32| ((bits >> shift) % 3) as usize;
            let ctx = CoverageCtx {
                common: common(bits.rotate_left(5)),
                without_runbook: (0..n(0)).map(|i| pipe(&format!("p{i}"), bits)).collect(),
                overdue: (0..n(2))
                    .map(|i| Review {
                        runbook: link(&format!("o{i}")),
                        last_reviewed: (i != 1).then(|| format!("{i} Jan 2026 {NASTY}")),
                        due: Some(format!("{i} Apr 2026 <x>")),
                    })
                    .collect(),
                never_reviewed: (0..n(4)).map(|i| link(&format!("n{i}"))).collect(),
                reviewed_count: n(6),
                review_days: 90 + bits,
                load: (0..n(8))
                    .map(|i| Load {
                        engineer: person(if i == 0 { "Ann" } else { "Bob" }, i == 1),
                        primary: i,
                        secondary: 2 * i + 1,
                        shifts: 10 * i,
                    })
                    .collect(),
                quarter_end: format!("3 Mar 2027 {NASTY}"),
            };
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("coverage.html", &context).unwrap();
            assert_eq!(page(&ctx), expected, "switches {bits:#b}");
        }
    }

    #[test]
    fn a_theme_that_overrides_the_page_or_the_layout_gets_tera() {
        let mut templates = templates();
        for (name, expected) in [
            ("coverage.html", false),
            ("base.html", false),
            ("macros.html", false),
            ("children.html", true),
        ] {
            templates.push((name.into(), "x".into()));
            assert_eq!(Compiled::new(&templates).coverage, expected, "{name}");
            templates.pop();
        }
    }
}
