//! The default theme's runbook pages, folder pages and tree fragments, written without
//! Tera.
//!
//! A runbook page is most of a site, and Tera spent about 230,000 instructions on each
//! (its dotted-name lookups build a JSON pointer per segment), besides turning the page's
//! context into a JSON value first: a fifth of a build. When the templates a page uses
//! are the default ones, this module writes what they would, byte for byte, from the same
//! context; a theme that overrides any of them gets Tera as before. The tests below render
//! pages both ways and compare them: a change to those templates must be made here too.

use super::nav::{ChildView, TreeNode};
use super::runbooks::{RunbookCtx, RunbookPipeline, SectionCtx};
use super::shell_html::{esc, layout, layout_without_css};
use super::LinkRef;

/// What `runbook.html` shows under a draft's title ([`crate::model::Runbook::draft_key`]).
const DRAFT_BANNER: &str = "<p class=\"draft\"><strong class=\"badge due\">Draft</strong> Its author marked this page a draft: it may be unfinished or wrong.</p>";

/// What `runbook.html` shows under an unlisted page's title
/// ([`crate::model::Runbook::unlisted_key`]).
const UNLISTED_NOTE: &str = "<p class=\"unlisted\"><strong class=\"badge\">Unlisted</strong> Left out of the site's lists, search and sitemap: reached by its address and by links.</p>";

/// The page `runbook.html` (extending `base.html`) renders from `ctx`.
pub(super) fn write(ctx: &RunbookCtx) -> String {
    let size = 16 * 1024 + ctx.content.len() + ctx.common.inline_css.len();
    layout(
        &ctx.common,
        Some(&ctx.nav.tree),
        ctx.diagrams,
        size,
        |out| content(out, ctx),
    )
}

/// [`write`] without the inline CSS, and where it goes (see
/// [`super::shell_html::layout_without_css`]).
pub(super) fn write_without_css(ctx: &RunbookCtx) -> (String, usize) {
    let size = 16 * 1024 + ctx.content.len();
    layout_without_css(
        &ctx.common,
        Some(&ctx.nav.tree),
        ctx.diagrams,
        size,
        |out| content(out, ctx),
    )
}

/// The page `section.html` (extending `base.html`) renders from `ctx`.
pub(super) fn write_section(ctx: &SectionCtx) -> String {
    let size = 16 * 1024 + ctx.common.inline_css.len();
    layout(&ctx.common, Some(&ctx.nav.tree), false, size, |out| {
        out.push('\n');
        crumbs(out, &ctx.breadcrumbs);
        out.push_str("\n<h1>");
        esc(out, &ctx.title);
        out.push_str("</h1>\n");
        if ctx.children.is_empty() {
            out.push_str(
                "<p>No runbooks yet: add Markdown files under <code>content/runbooks/</code>.</p>",
            );
        } else {
            out.push('\n');
            children(out, &ctx.children);
            out.push('\n');
        }
        out.push('\n');
    })
}

/// The fragment `tree.html` renders from `tree`.
pub(super) fn write_tree(tree: &[TreeNode]) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<nav class=\"tree\" aria-label=\"Runbooks\">");
    tree_nodes(&mut out, tree);
    out.push_str("</nav>\n");
    out
}

/// `macros.html`'s `tree(nodes)`.
fn tree_nodes(out: &mut String, nodes: &[TreeNode]) {
    out.push_str("<ul>");
    for n in nodes {
        out.push_str("<li");
        if n.folder {
            out.push_str(" class=\"folder");
            if !n.children.is_empty() {
                out.push_str(" open");
            }
            out.push('"');
        }
        out.push_str("><a href=\"");
        esc(out, &n.url);
        out.push_str("\">");
        // Long joined names break between their words on a phone (see `wbr`).
        out.push_str(&n.title_html);
        out.push_str("</a>");
        if !n.children.is_empty() {
            out.push_str("<details open><summary><span class=\"visually-hidden\">Runbooks in ");
            esc(out, &n.title);
            out.push_str("</span></summary>");
            tree_nodes(out, &n.children);
            if n.more != 0 {
                out.push_str("<a class=\"more\" href=\"");
                esc(out, &n.url);
                out.push_str("\">");
                out.push_str(&n.more.to_string());
                out.push_str(" more in ");
                esc(out, &n.title);
                out.push_str("</a>");
            }
            out.push_str("</details>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// `runbook.html`'s `content` block.
fn content(out: &mut String, ctx: &RunbookCtx) {
    let toc = ctx.toc.len() > 1;
    out.push_str("\n<div class=\"doc");
    if toc {
        out.push_str(" has-toc");
    }
    out.push_str("\">\n<header class=\"doc-head\">\n");
    crumbs(out, &ctx.breadcrumbs);
    out.push_str("\n<h1");
    if let Some(id) = ctx.title_id.filter(|s| !s.is_empty()) {
        out.push_str(" id=\"");
        esc(out, id);
        out.push('"');
    }
    out.push('>');
    match ctx.title_html.filter(|s| !s.is_empty()) {
        Some(html) => out.push_str(html),
        None => esc(out, ctx.title),
    }
    if ctx.overdue {
        out.push_str(" <strong class=\"badge due\">review due</strong>");
    }
    out.push_str("</h1>\n");
    if ctx.draft {
        out.push_str(DRAFT_BANNER);
    }
    if ctx.unlisted {
        out.push_str(UNLISTED_NOTE);
    }
    if let Some(d) = ctx.description.filter(|s| !s.is_empty()) {
        out.push_str("<p class=\"lead\">");
        esc(out, d);
        out.push_str("</p>");
    }
    out.push('\n');
    incident(out, ctx);
    out.push_str("\n\n</header>\n");
    if toc {
        out.push_str("\n<nav class=\"toc\" aria-labelledby=\"tocHeading\">\n  <details id=\"tocBox\">\n  <summary><h2 id=\"tocHeading\">On this page</h2></summary>\n  <ol");
        if ctx.toc_numbered {
            out.push_str(" class=\"own-numbers\"");
        } else if !ctx.toc_wide.is_empty() {
            out.push_str(" class=\"");
            out.push_str(ctx.toc_wide);
            out.push('"');
        }
        out.push('>');
        let mut in_sub = false;
        for (i, h) in ctx.toc.iter().enumerate() {
            match (h.sub, in_sub) {
                (true, false) => out.push_str("<ol>"),
                (false, true) => out.push_str("</ol></li>"),
                (false, false) if i > 0 => out.push_str("</li>"),
                _ => {}
            }
            out.push_str("<li class=\"l");
            out.push_str(&h.level.to_string());
            out.push_str("\"><a href=\"#");
            esc(out, h.id);
            out.push_str("\">");
            // Long joined names (alert names) break between their words in the narrow list.
            out.push_str(&crate::html::wbr::breakable_text(h.text));
            out.push_str(if h.sub { "</a></li>" } else { "</a>" });
            in_sub = h.sub;
        }
        out.push_str(if in_sub { "</ol></li>" } else { "</li>" });
        out.push_str("</ol>\n  </details>\n</nav>\n");
    }
    out.push_str("\n<div class=\"doc-body\">\n");
    if ctx.has_content {
        out.push_str("<article class=\"runbook\"");
        if ctx.readme_id {
            out.push_str(" id=\"readme\"");
        }
        out.push_str(if ctx.rtl { " dir=\"rtl\">\n" } else { ">\n" });
        out.push_str(ctx.content);
        out.push_str("\n</article>");
    }
    out.push('\n');
    if !ctx.children.is_empty() {
        out.push_str("\n<h2 id=\"childrenHeading\">In this section</h2>\n");
        children(out, &ctx.children);
        out.push('\n');
    }
    out.push('\n');
    if let Some(last) = ctx.last_reviewed.as_deref().filter(|s| !s.is_empty()) {
        out.push_str("<p class=\"reviewed\">Last reviewed ");
        esc(out, last);
        if ctx.overdue {
            out.push_str("; <strong>due for review since ");
            esc(out, ctx.review_due.as_deref().unwrap_or(""));
            out.push_str("</strong>");
        } else {
            out.push_str("; next review by ");
            esc(out, ctx.review_due.as_deref().unwrap_or(""));
        }
        out.push_str(".</p>");
    }
    out.push('\n');
    neighbours(out, ctx);
    out.push_str("\n</div>\n</div>\n");
}

/// The header's pipelines, owners and on-call box.
fn incident(out: &mut String, ctx: &RunbookCtx) {
    if ctx.pipelines.is_empty() {
        return;
    }
    out.push_str("\n<section class=\"incident\" aria-label=\"Ownership and who is on call\">\n  ");
    if let [p] = ctx.pipelines.as_slice() {
        out.push_str("\n  <p class=\"pipeline\">Pipeline <a href=\"");
        esc(out, &p.pipeline.url);
        out.push_str("\">");
        esc(out, &p.pipeline.name);
        out.push_str("</a></p>\n  <details class=\"owners\">\n    <summary>Owners: ");
        names(out, p);
        out.push_str("</summary>\n    <p>");
        contacts(out, p);
        out.push_str("</p>\n  </details>\n  ");
    } else {
        several(out, ctx);
    }
    out.push_str("\n  ");
    out.push_str(ctx.on_call_block);
    out.push_str("\n</section>\n");
}

/// The owners of a runbook that covers several pipelines: a line per pipeline with its
/// owners' names, and one folded list of their contacts. A box per pipeline (a pipeline
/// line and an owners line each) pushed the first step below a phone's first screen
/// (issue 16.3) once a runbook covered two.
fn several(out: &mut String, ctx: &RunbookCtx) {
    for p in &ctx.pipelines {
        out.push_str("\n  <p class=\"pipeline several\"><a href=\"");
        esc(out, &p.pipeline.url);
        out.push_str("\">");
        esc(out, &p.pipeline.name);
        out.push_str("</a> · ");
        names(out, p);
        out.push_str("</p>");
    }
    if ctx.pipelines_more > 0 {
        out.push_str("\n  <p class=\"pipeline several\">And ");
        out.push_str(&ctx.pipelines_more.to_string());
        out.push_str(" more pipelines: see <a href=\"");
        esc(out, ctx.common.base);
        out.push_str("pipelines/\">Pipelines</a>.</p>");
    }
    out.push_str("\n  <details class=\"owners\">\n    <summary>Owners' contacts</summary>");
    for p in &ctx.pipelines {
        out.push_str("\n    <p><strong>");
        esc(out, &p.pipeline.name);
        out.push_str("</strong><br>\n    ");
        contacts(out, p);
        out.push_str("</p>");
    }
    out.push_str("\n  </details>\n  ");
}

/// A pipeline's owners by name: "primary, secondary".
fn names(out: &mut String, p: &RunbookPipeline) {
    esc(out, &p.pipeline.primary.name);
    out.push_str(", ");
    esc(out, &p.pipeline.secondary.name);
}

/// A pipeline's owners' contacts, one line each.
fn contacts(out: &mut String, p: &RunbookPipeline) {
    out.push_str("Primary: ");
    out.push_str(p.primary_contact);
    out.push_str("<br>\n    Secondary: ");
    out.push_str(p.secondary_contact);
}

/// The breadcrumbs of `runbook.html` and `section.html`.
fn crumbs(out: &mut String, crumbs: &[LinkRef]) {
    if crumbs.is_empty() {
        return;
    }
    out.push_str("<nav class=\"crumbs\" aria-label=\"Breadcrumbs\">");
    for c in crumbs {
        out.push_str("<a href=\"");
        esc(out, &c.url);
        out.push_str("\">");
        esc(out, &c.title);
        out.push_str("</a> / ");
    }
    out.push_str("</nav>");
}

/// `children.html`: a folder's entries.
fn children(out: &mut String, children: &[ChildView]) {
    out.push_str("<ul class=\"children\">");
    for c in children {
        out.push_str("\n<li");
        if c.folder {
            out.push_str(" class=\"folder\"");
        }
        out.push_str("><a href=\"");
        esc(out, &c.url);
        out.push_str("\">");
        esc(out, &c.title);
        out.push_str("</a>");
        if c.draft {
            out.push_str(" <strong class=\"badge due\">draft</strong>");
        }
        if c.folder {
            out.push_str(" <span class=\"count\">");
            if c.count == 0 {
                // Its overview (a README) and no runbook: not "0 runbooks", which reads
                // as an empty folder (look24 item 4).
                out.push_str("overview");
            } else {
                out.push_str(&c.count.to_string());
                out.push_str(" runbook");
                if c.count != 1 {
                    out.push('s');
                }
            }
            out.push_str("</span>");
        }
        if let Some(s) = c.summary.as_deref().filter(|s| !s.is_empty()) {
            out.push_str("<p class=\"summary\">");
            esc(out, s);
            out.push_str("</p>");
        }
        if !c.alerts.is_empty() {
            out.push_str("<p class=\"alerts\">Alert");
            if c.alerts.len() + c.more_alerts != 1 {
                out.push('s');
            }
            out.push_str(": ");
            for (i, a) in c.alerts.iter().enumerate() {
                out.push_str("<code>");
                esc(out, a);
                out.push_str("</code>");
                if i + 1 < c.alerts.len() {
                    out.push_str(", ");
                }
            }
            if c.more_alerts != 0 {
                out.push_str(" and ");
                out.push_str(&c.more_alerts.to_string());
                out.push_str(" more");
            }
            out.push_str("</p>");
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ul>\n");
}

/// `macros.html`'s `neighbours(nav)`.
fn neighbours(out: &mut String, ctx: &RunbookCtx) {
    let nav = &ctx.nav;
    if nav.prev.is_none() && nav.next.is_none() {
        return;
    }
    out.push_str("<nav class=\"prev-next\" aria-label=\"Previous and next in this folder\">");
    if let Some(p) = &nav.prev {
        out.push_str("<a class=\"prev\" rel=\"prev\" href=\"");
        esc(out, &p.url);
        out.push_str("\"><span>Previous</span> ");
        out.push_str(&p.title_html);
        out.push_str("</a>");
    }
    if let Some(n) = &nav.next {
        out.push_str("<a class=\"next\" rel=\"next\" href=\"");
        esc(out, &n.url);
        out.push_str("\"><span>Next</span> ");
        out.push_str(&n.title_html);
        out.push_str("</a>");
    }
    out.push_str("</nav>");
}

#[cfg(test)]
mod tests {
    use super::super::default_theme::{Compiled, TEMPLATES};
    use super::super::nav::{ChildView, NavLink, NavView};
    use super::super::runbooks::RunbookPipeline;
    use super::super::shell_html::Shell;
    use super::super::{Common, EngineerRef, LinkRef, PipelineRef};
    use super::*;
    use crate::markdown::Heading;

    const NASTY: &str = "a<b>&\"c\" 'd' / é";

    /// Another page of the site of `c`: what a page's [`Shell`] is written from, which
    /// must not show in the pages written with it.
    fn another_page<'a>(c: &Common<'a>) -> Common<'a> {
        Common {
            page_title: format!("Other {NASTY}"),
            path: "engineers/".into(),
            canonical: "https://other.example/engineers/".into(),
            section: if c.section == "search" {
                "engineers"
            } else {
                "search"
            },
            edit_url: Some("https://git.example/other".into()),
            shell: None,
            ..*c
        }
    }

    fn engineer(name: &str) -> EngineerRef {
        EngineerRef {
            id: name.to_lowercase(),
            name: name.to_string(),
            url: format!("/engineers/{name}/"),
            email: None,
            email_url: None,
            slack: None,
            phone: None,
            phone_url: None,
        }
    }

    fn link(title: &str, url: &str) -> LinkRef {
        LinkRef {
            title: title.to_string(),
            url: url.to_string(),
        }
    }

    fn child(title: &str, folder: bool, count: usize, alerts: usize, more: usize) -> ChildView {
        ChildView {
            title: title.to_string(),
            url: format!("/runbooks/{title}/"),
            folder,
            summary: (!folder).then(|| format!("{title} summary {NASTY}")),
            alerts: (0..alerts).map(|i| format!("Alert{i}<x>")).collect(),
            more_alerts: more,
            count,
            draft: !folder && alerts == 1,
        }
    }

    /// The part of a page's context common to all pages, for the switches of
    /// [`writes_what_the_default_templates_render`] (`bits`, one a test of the templates).
    fn common(bits: u32) -> Common<'static> {
        let on = |i: u32| bits & (1 << i) != 0;
        Common {
            site_title: if on(0) { "Ops <&>" } else { "Ops" },
            brand_html: if on(0) {
                "Ops &lt;&amp;&gt; Kubelet<wbr>Server"
            } else {
                "Ops"
            },
            title_class: if on(9) { "long-title long-word" } else { "" },
            base: if on(1) { "/docs/" } else { "/" },
            page_title: if on(2) {
                "Ops".into()
            } else {
                format!("Page {NASTY}")
            },
            path: "runbooks/x/".into(),
            canonical: format!("https://ex.com/runbooks/x/?{NASTY}"),
            section: if on(3) { "runbooks" } else { "search" },
            repository: on(4).then_some("https://git.example/r?a=1&b=2"),
            edit_url: on(5).then(|| format!("https://git.example/edit/{NASTY}")),
            search: on(6),
            preview: on(7),
            noindex: bits % 6 == 1,
            built: "1 Dec 2026 <b>",
            built_iso: "2026-12-01T00:00:00+00:00",
            has_pipelines: on(8),
            has_team: on(9),
            has_oncall: on(10),
            has_alerts: on(11),
            inline_css: "body{color:red}",
            inline_script: "let a = '<x>';",
            shell: None,
        }
    }

    /// Renders a context through Tera and through [`write`], for each combination of
    /// what the templates test, and compares them.
    #[test]
    fn writes_what_the_default_templates_render() {
        let templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let compiled = Compiled::new(&templates);
        assert!(compiled.runbook && compiled.section && compiled.tree);
        let tera = super::super::compile(&templates).expect("default templates compile");
        let pipeline = PipelineRef {
            id: "p1".into(),
            name: format!("Pipe {NASTY}"),
            url: "/pipelines/p1/".into(),
            description: None,
            domain: "d".into(),
            domain_name: "D".into(),
            audience: "a".into(),
            primary: engineer("Ann<"),
            secondary: engineer("Bob&"),
            runbook: None,
        };
        // An h3 before any h2, sections with and without sub-headings, and a last one with.
        let headings: Vec<Heading> = [3, 2, 3, 3, 2, 2, 3, 2, 3]
            .iter()
            .enumerate()
            .map(|(i, &l)| Heading {
                level: l,
                id: format!("h{i}"),
                text: format!("Heading {l} {NASTY}"),
            })
            .collect();
        for bits in 0u32..(1 << 12) {
            // Twelve switches, each flipping one test of the templates; every combination
            // of the first eight, and the other four along with them.
            if bits >= 1 << 8 && bits % 37 != 0 {
                continue;
            }
            let common = common(bits);
            let variant = bits % 5;
            let contacts = ("<a href=\"/e/ann/\">Ann</a>", "<a href=\"/e/bob/\">Bob</a>");
            let mut ctx = RunbookCtx {
                common,
                title: "Title <&> \"q\"",
                title_id: (variant % 2 == 0).then_some("title-id"),
                title_html: (variant == 1).then_some("Title <code>x</code>"),
                description: (variant != 2).then_some(NASTY),
                content: if variant == 3 { " " } else { "<p>Body</p>" },
                has_content: variant != 3,
                readme_id: bits % 2 == 1,
                rtl: bits % 3 == 0,
                toc: super::super::runbooks::toc_items(
                    headings.iter().take([0, 2, 4, 6, 9][variant as usize]),
                ),
                toc_numbered: bits % 7 == 0,
                toc_wide: ["", "n2", "n3"][(bits % 3) as usize],
                pipelines: (0..variant % 3)
                    .map(|_| RunbookPipeline {
                        pipeline: &pipeline,
                        primary_contact: contacts.0,
                        secondary_contact: contacts.1,
                    })
                    .collect(),
                pipelines_more: if variant % 3 == 2 && bits % 2 == 0 {
                    7
                } else {
                    0
                },
                on_call_block: "<div class=\"oncall-now\">x</div>",
                on_call: None,
                next: None,
                last_reviewed: (variant != 4).then(|| "2 Jan 2026".to_string()),
                review_due: (variant != 4).then(|| "2 Jul 2026".to_string()),
                overdue: bits % 3 == 0,
                draft: bits % 4 == 1,
                unlisted: bits % 6 == 1,
                breadcrumbs: (0..variant % 3)
                    .map(|i| link(&format!("Crumb {i} {NASTY}"), &format!("/runbooks/{i}/")))
                    .collect(),
                children: match variant {
                    0 => Vec::new(),
                    // A folder of one runbook, or of its overview only.
                    1 => vec![child("one", true, (bits % 2) as usize, 0, 0)],
                    _ => vec![
                        child("many", true, 3, 0, 0),
                        child("single", false, 0, 1, 0),
                        child("more", false, 0, 2, 3),
                        child("plain", false, 0, 0, 0),
                    ],
                },
                nav: NavView {
                    tree: format!("/_nav/{NASTY}/tree.html"),
                    prev: (bits % 4 < 2).then(|| {
                        NavLink::new(
                            "PrevKubevirtVmHighMemoryUsage <".into(),
                            "/runbooks/p/".into(),
                        )
                    }),
                    next: (bits % 4 != 1).then(|| {
                        NavLink::new(
                            "Next & orders_backfill_daily_job".into(),
                            "/runbooks/n/".into(),
                        )
                    }),
                },
                source: "content/runbooks/x.md",
                diagrams: variant == 2,
            };
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("runbook.html", &context).unwrap();
            assert_eq!(write(&ctx), expected, "switches {bits:#b}");
            let shell = Shell::new(&another_page(&ctx.common));
            ctx.common.shell = Some(&shell);
            assert_eq!(write(&ctx), expected, "shared shell, switches {bits:#b}");
        }
    }

    #[test]
    fn a_theme_that_overrides_a_template_gets_tera() {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let all = |c: Compiled| (c.runbook, c.section, c.tree);
        assert_eq!(all(Compiled::new(&templates)), (true, true, true));
        templates.push(("children.html".into(), "<ul></ul>".into()));
        assert_eq!(all(Compiled::new(&templates)), (false, false, true));
        templates.pop();
        templates.push((
            "macros.html".into(),
            "{% macro tree(nodes) %}{% endmacro tree %}".into(),
        ));
        assert_eq!(all(Compiled::new(&templates)), (false, false, false));
        templates.pop();
        templates.push(("tree.html".into(), "<nav></nav>".into()));
        assert_eq!(all(Compiled::new(&templates)), (true, true, false));
        templates.pop();
        templates.push(("section.html".into(), "x".into()));
        assert_eq!(all(Compiled::new(&templates)), (true, false, true));
        templates.pop();
        templates.retain(|(n, _)| n != "base.html");
        assert_eq!(all(Compiled::new(&templates)), (false, false, true));
    }

    #[test]
    fn tera_compiles_only_the_templates_it_renders() {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        templates.push(("home.html".into(), "{% extends \"base.html\" %}".into()));
        let names = |t: &[(String, String)]| -> Vec<String> {
            let kept = Compiled::new(t).for_tera(t);
            kept.into_iter().map(|(n, _)| n).collect()
        };
        assert_eq!(names(&templates), ["base.html", "macros.html", "home.html"]);
        // A theme's runbook page: Tera renders it, and the children it includes.
        let default_runbook = templates[0].1.clone();
        templates[0].1 = "{% extends \"base.html\" %}{% include \"children.html\" %}".into();
        assert_eq!(
            names(&templates),
            [
                "runbook.html",
                "base.html",
                "macros.html",
                "children.html",
                "home.html"
            ]
        );
        // A page of the theme that extends a default one written here keeps it.
        templates[0].1 = default_runbook;
        templates.push(("x.html".into(), "{% extends \"pipeline.html\" %}".into()));
        assert!(names(&templates).contains(&"pipeline.html".to_string()));
        let kept = Compiled::new(&templates).for_tera(&templates);
        assert!(super::super::compile(&kept).is_ok());
    }

    /// Folder pages and tree fragments, both ways.
    #[test]
    fn writes_folder_pages_and_trees_as_the_templates_do() {
        let templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let tera = super::super::compile(&templates).expect("default templates compile");
        let node = |title: &str, folder: bool, children: Vec<TreeNode>, more: usize| TreeNode {
            title: format!("{title} {NASTY}"),
            title_html: crate::html::wbr::breakable_text(&format!("{title} {NASTY}")),
            url: format!("/runbooks/{title}/"),
            folder,
            children,
            more,
        };
        for bits in 0u32..16 {
            let on = |i: u32| bits & (1 << i) != 0;
            let common = Common {
                site_title: "Ops",
                brand_html: "Ops",
                title_class: "",
                base: "/",
                page_title: format!("Folder {NASTY}"),
                path: "runbooks/f/".into(),
                canonical: "https://ex.com/runbooks/f/".into(),
                section: "runbooks",
                repository: None,
                edit_url: None,
                search: on(0),
                preview: false,
                noindex: false,
                built: "today",
                built_iso: "2026-12-01T00:00:00+00:00",
                has_pipelines: on(1),
                has_team: true,
                has_oncall: on(1),
                has_alerts: false,
                inline_css: "",
                inline_script: "",
                shell: None,
            };
            let mut ctx = SectionCtx {
                common,
                title: format!("Folder {NASTY}"),
                breadcrumbs: if on(2) {
                    vec![link("Runbooks", "/runbooks/")].into()
                } else {
                    Vec::new().into()
                },
                children: if on(3) {
                    vec![child("a", true, 2, 0, 0), child("b", false, 0, 9, 1)]
                } else {
                    Vec::new()
                },
                nav: NavView {
                    tree: "/_nav/f/tree.html".into(),
                    prev: None,
                    next: None,
                },
            };
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("section.html", &context).unwrap();
            assert_eq!(write_section(&ctx), expected, "switches {bits:#b}");
            let shell = Shell::new(&another_page(&ctx.common));
            ctx.common.shell = Some(&shell);
            assert_eq!(
                write_section(&ctx),
                expected,
                "shared shell, switches {bits:#b}"
            );

            let inner = if on(0) {
                vec![node("leaf", false, Vec::new(), 0)]
            } else {
                Vec::new()
            };
            let tree = vec![
                node(
                    "open",
                    true,
                    vec![node("deeper", true, inner, bits as usize % 3)],
                    5,
                ),
                node("closed", true, Vec::new(), 0),
                node("page", false, Vec::new(), 0),
            ];
            let mut context = tera::Context::new();
            context.insert("tree", &tree);
            let expected = tera.render("tree.html", &context).unwrap();
            assert_eq!(write_tree(&tree), expected, "switches {bits:#b}");
        }
    }
}
