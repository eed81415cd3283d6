//! The page shell of the default theme's `base.html` (head, site header, drawer, footer)
//! around a page's content, written without Tera.

use super::Common;
use crate::html::escape_into;

/// Tera's `{{ s }}` in an `.html` template (see `render::compile`).
pub(super) fn esc(out: &mut String, s: &str) {
    escape_into(out, s, true);
}

/// `base.html` around a `content` block, with the drawer's slot for the tree fragment at
/// `tree` (`runbook.html`'s and `section.html`'s `drawer` block; pages without a `nav` have
/// none) and, when `diagrams`, the head's diagram script (`runbook.html`'s `head` block).
pub(super) fn layout(
    c: &Common,
    tree: Option<&str>,
    diagrams: bool,
    size: usize,
    content: impl FnOnce(&mut String),
) -> String {
    let mut out = String::with_capacity(size);
    head(&mut out, c, diagrams);
    header(&mut out, c, tree.is_some_and(|t| !t.is_empty()));
    out.push_str("<div class=\"page\">\n<main id=\"main\">\n");
    content(&mut out);
    out.push_str("\n</main>\n<aside id=\"pipebook-drawer\" class=\"drawer\" aria-label=\"Site and runbooks\">\n  <nav class=\"drawer-nav\" aria-label=\"Site (menu)\">\n    ");
    let base = c.base;
    if c.has_oncall {
        link(&mut out, base, "oncall/", "On call");
    }
    out.push_str("\n    ");
    if c.has_pipelines {
        link(&mut out, base, "pipelines/", "Pipelines");
    }
    out.push_str("\n    ");
    link(&mut out, base, "runbooks/", "Runbooks");
    out.push_str("\n    ");
    if c.has_team {
        link(&mut out, base, "engineers/", "Team");
    }
    out.push_str("\n    ");
    link(&mut out, base, "coverage/", "Coverage");
    out.push_str("\n  </nav>\n  ");
    if let Some(tree) = tree {
        out.push_str("<div class=\"tree-slot\" data-tree=\"");
        esc(&mut out, tree);
        out.push_str("\"></div>");
    }
    out.push_str("\n</aside>\n</div>\n<footer class=\"site-footer\">\n  ");
    footer(&mut out, c);
    out
}

/// `base.html` from the footer's links to the end.
fn footer(out: &mut String, c: &Common) {
    if let Some(edit) = c.edit_url.as_deref().filter(|u| !u.is_empty()) {
        out.push_str("<a href=\"");
        esc(out, edit);
        out.push_str("\">Edit this page</a> · ");
    }
    out.push_str("\n  ");
    if let Some(repo) = c.repository.filter(|u| !u.is_empty()) {
        out.push_str("<a href=\"");
        esc(out, repo);
        out.push_str("\">Repository</a> · ");
    }
    out.push_str("\n  <a href=\"");
    esc(out, c.base);
    out.push_str("offline/\">Offline reading</a> ·\n  Built ");
    esc(out, &c.built);
    out.push_str(" with pipebook\n</footer>\n<link rel=\"stylesheet\" href=\"");
    esc(out, c.base);
    out.push_str("static/style.css\">\n</body>\n</html>\n");
}

/// `<a href="{{ base }}{path}">{text}</a>`, as the drawer writes its links.
fn link(out: &mut String, base: &str, path: &str, text: &str) {
    out.push_str("<a href=\"");
    esc(out, base);
    out.push_str(path);
    out.push_str("\">");
    out.push_str(text);
    out.push_str("</a>");
}

/// `base.html` from the start to `<body>`, with `runbook.html`'s `head` block.
fn head(out: &mut String, c: &Common, diagrams: bool) {
    out.push_str("<!doctype html>\n<html lang=\"en\" data-base=\"");
    esc(out, c.base);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if c.page_title != c.site_title {
        esc(out, &c.page_title);
        out.push_str(" · ");
    }
    esc(out, c.site_title);
    out.push_str("</title>\n<link rel=\"canonical\" href=\"");
    esc(out, &c.canonical);
    out.push_str("\">\n");
    if c.preview {
        out.push_str("<meta name=\"robots\" content=\"noindex, nofollow\">");
    }
    out.push_str("\n<link rel=\"icon\" href=\"");
    esc(out, c.base);
    out.push_str("static/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"manifest\" href=\"");
    esc(out, c.base);
    out.push_str("manifest.webmanifest\">\n<script>");
    out.push_str(c.inline_script);
    out.push_str("</script>\n<style>");
    out.push_str(c.inline_css);
    out.push_str("</style>\n<script src=\"");
    esc(out, c.base);
    out.push_str("static/site.js\" defer></script>\n");
    if diagrams {
        out.push_str("<script type=\"module\" src=\"");
        esc(out, c.base);
        out.push_str("static/diagrams.mjs\"></script>");
    }
    out.push_str("\n</head>\n");
}

/// `base.html` from `<body>` to the site header's end.
fn header(out: &mut String, c: &Common, has_tree: bool) {
    out.push_str("<body");
    if has_tree {
        out.push_str(" class=\"has-tree\"");
    }
    out.push_str(">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    if c.preview {
        out.push_str("<p class=\"preview-banner\" role=\"note\">Preview of a change: this is not the live site.</p>");
    }
    out.push_str("\n<header class=\"site-header\">\n  <button id=\"pipebook-menu\" class=\"menu-button\" type=\"button\" aria-controls=\"pipebook-drawer\" aria-expanded=\"false\" hidden><span aria-hidden=\"true\">☰</span><span class=\"visually-hidden\">Menu</span></button>\n  <a class=\"brand\" href=\"");
    esc(out, c.base);
    out.push_str("\">");
    esc(out, c.site_title);
    out.push_str("</a>\n  <nav class=\"site-nav\" aria-label=\"Site\">\n    ");
    let item = |out: &mut String, shown: bool, path: &str, section: &str, text: &str| {
        if shown {
            out.push_str("<a href=\"");
            esc(out, c.base);
            out.push_str(path);
            out.push('"');
            if c.section == section {
                out.push_str(" aria-current=\"page\"");
            }
            out.push('>');
            out.push_str(text);
            out.push_str("</a>");
        }
    };
    item(out, c.has_oncall, "oncall/", "oncall", "On call");
    out.push_str("\n    ");
    item(out, c.has_pipelines, "pipelines/", "pipelines", "Pipelines");
    out.push_str("\n    ");
    item(out, true, "runbooks/", "runbooks", "Runbooks");
    out.push_str("\n    ");
    item(out, c.has_team, "engineers/", "engineers", "Team");
    out.push_str("\n    ");
    item(out, true, "coverage/", "coverage", "Coverage");
    out.push_str("\n    ");
    item(out, c.has_alerts, "alerts/", "alerts", "Alerts");
    out.push_str("\n  </nav>\n  ");
    if c.search && c.section != "search" {
        out.push_str("<form class=\"search\" role=\"search\" aria-label=\"Site search\" action=\"");
        esc(out, c.base);
        out.push_str("search/\">\n    <label class=\"visually-hidden\" for=\"search-input\">Search the runbooks</label>\n    <input id=\"search-input\" type=\"search\" name=\"q\" placeholder=\"Search  /\" autocomplete=\"off\" spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"search-popup\" aria-expanded=\"false\">\n    <div id=\"search-popup\" class=\"search-popup\" hidden></div>\n  </form>");
    }
    out.push_str("\n  <button id=\"theme-toggle\" type=\"button\" aria-label=\"Switch between light and dark\" hidden>◐</button>\n</header>\n");
}
