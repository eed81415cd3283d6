//! The page shell of the default theme's `base.html` (head, site header, drawer, footer)
//! around a page's content, written without Tera.
//!
//! Most of the shell is the same on every page of a site (the inline CSS and script, the
//! menus, the footer): [`Shell`] writes those parts once, and each page copies them around
//! what is its own (title, canonical link, edit link, tree, content).

use std::cell::Cell;

use super::Common;
use crate::html::escape_into;

/// Tera's `{{ s }}` in an `.html` template (see `render::compile`).
pub(super) fn esc(out: &mut String, s: &str) {
    escape_into(out, s, true);
}

/// The parts of `base.html` that depend only on the site, written once from a page's
/// [`Common`] (its own fields, title, path, canonical link, section and edit link, are
/// not read). Escaping the base path and the titles a dozen times a page, and the menus'
/// tests, were a fifth of writing a runbook page's HTML.
#[derive(Debug)]
pub(super) struct Shell {
    /// From the site's title to the canonical link's `href="`.
    title_end: String,
    /// From the end of the canonical link to the inline CSS (`<style>`).
    head_end: String,
    /// From the end of the inline CSS (`</style>`) to the head's last script.
    style_end: String,
    /// The head's diagram script (`runbook.html`'s `head` block).
    diagram_script: String,
    /// From the end of `<body` to the header's end, for the `runbooks` section: runbook and
    /// folder pages, most of a site.
    runbooks_header: String,
    /// From the end of the content to the tree's slot in the drawer.
    drawer: String,
    /// From after the footer's edit link to the end.
    footer_end: String,
}

impl Shell {
    pub(super) fn new(c: &Common) -> Shell {
        let part = |write: &dyn Fn(&mut String)| {
            let mut out = String::new();
            write(&mut out);
            out
        };
        Shell {
            title_end: part(&|out| title_end(out, c)),
            head_end: part(&|out| head_end(out, c)),
            style_end: part(&|out| style_end(out, c)),
            diagram_script: part(&|out| diagram_script(out, c)),
            runbooks_header: part(&|out| header_end(out, c, "runbooks")),
            drawer: part(&|out| drawer(out, c)),
            footer_end: part(&|out| footer_end(out, c)),
        }
    }
}

/// `base.html` around a `content` block, with the drawer's slot for the tree fragment at
/// `tree` (`runbook.html`'s and `section.html`'s `drawer` block; pages without a `nav` have
/// none) and, when `diagrams`, the head's diagram script (`runbook.html`'s `head` block).
/// The parts the same on every page come from `c.shell` when it has one.
pub(super) fn layout(
    c: &Common,
    tree: Option<&str>,
    diagrams: bool,
    size: usize,
    content: impl FnOnce(&mut String),
) -> String {
    layout_with(c, (tree, diagrams), size, true, content).0
}

/// [`layout`] without the inline CSS (`c.inline_css`), and where it goes: the page is the
/// bytes before that, the CSS, then the rest. The sink writes the three (see
/// `Sink::put_parts`) rather than each page copying the CSS (14 kB in the default theme).
pub(super) fn layout_without_css(
    c: &Common,
    tree: Option<&str>,
    diagrams: bool,
    size: usize,
    content: impl FnOnce(&mut String),
) -> (String, usize) {
    layout_with(c, (tree, diagrams), size, false, content)
}

/// [`layout`], with the inline CSS when `css`; where the CSS begins (or would).
fn layout_with(
    c: &Common,
    (tree, diagrams): (Option<&str>, bool),
    size: usize,
    css: bool,
    content: impl FnOnce(&mut String),
) -> (String, usize) {
    let own;
    let shell = match c.shell {
        Some(shell) => shell,
        None => {
            own = Shell::new(c);
            &own
        }
    };
    let mut out = page_buffer(size);
    let css_at = head(&mut out, c, shell, diagrams, css);
    out.push_str("<body");
    if tree.is_some_and(|t| !t.is_empty()) {
        out.push_str(" class=\"has-tree\"");
    }
    if c.section == "runbooks" {
        out.push_str(&shell.runbooks_header);
    } else {
        header_end(&mut out, c, c.section);
    }
    out.push_str("<div class=\"page\">\n<main id=\"main\">\n");
    content(&mut out);
    out.push_str(&shell.drawer);
    if let Some(tree) = tree {
        out.push_str("<div class=\"tree-slot\" data-tree=\"");
        esc(&mut out, tree);
        out.push_str("\"></div>");
    }
    out.push_str("\n</aside>\n</div>\n<footer class=\"site-footer\">\n  ");
    if let Some(edit) = c.edit_url.as_deref().filter(|u| !u.is_empty()) {
        out.push_str("<a href=\"");
        esc(&mut out, edit);
        out.push_str("\">Edit this page</a> · ");
    }
    out.push_str(&shell.footer_end);
    (out, css_at)
}

thread_local! {
    /// The buffer of the last page written on this thread, given back by [`give_back`].
    static SPARE: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Buffers larger than this are not kept (a page of megabytes is rare; its buffer is
/// freed rather than held by the thread).
const MAX_SPARE: usize = 1024 * 1024;

/// An empty string of at least `size` bytes: the buffer of the last page this thread
/// wrote, when it was given back. A page is 20-30 kB, which jemalloc allocates and
/// frees as a "large" extent, about 2,700 instructions each way, 10,000 times at
/// 10,000 runbooks.
fn page_buffer(size: usize) -> String {
    let mut bytes = SPARE.take();
    bytes.clear();
    // An empty vector is always UTF-8.
    let mut out = String::from_utf8(bytes).unwrap_or_default();
    out.reserve(size);
    out
}

/// Gives the bytes of a page that has been written back, for the next page this thread
/// writes (see [`page_buffer`]).
pub(super) fn give_back(bytes: Vec<u8>) {
    if bytes.capacity() <= MAX_SPARE {
        SPARE.set(bytes);
    }
}

/// `base.html` from the content's end to the drawer's tree slot.
fn drawer(out: &mut String, c: &Common) {
    out.push_str("\n</main>\n<aside id=\"pipebook-drawer\" class=\"drawer\" aria-label=\"Site and runbooks\">\n  <nav class=\"drawer-nav\" aria-label=\"Site (menu)\">\n    ");
    let base = c.base;
    if c.has_oncall {
        link(out, base, "oncall/", "On call");
    }
    out.push_str("\n    ");
    if c.has_pipelines {
        link(out, base, "pipelines/", "Pipelines");
    }
    out.push_str("\n    ");
    link(out, base, "runbooks/", runbooks_text(c.site_title));
    out.push_str("\n    ");
    if c.has_team {
        link(out, base, "engineers/", "Team");
    }
    out.push_str("\n    ");
    link(out, base, "coverage/", "Coverage");
    out.push_str("\n  </nav>\n  ");
}

/// `base.html` from after the footer's edit link to the end.
fn footer_end(out: &mut String, c: &Common) {
    out.push_str("\n  ");
    if let Some(repo) = c.repository.filter(|u| !u.is_empty()) {
        out.push_str("<a href=\"");
        esc(out, repo);
        out.push_str("\">Repository</a> · ");
    }
    out.push_str("\n  <a href=\"");
    esc(out, c.base);
    out.push_str("offline/\">Offline reading</a> ·\n  Built <time datetime=\"");
    esc(out, c.built_iso);
    out.push_str("\">");
    esc(out, c.built);
    out.push_str("</time> with pipebook\n</footer>\n<noscript><link rel=\"stylesheet\" href=\"");
    esc(out, c.base);
    out.push_str("static/style.css\"></noscript>\n</body>\n</html>\n");
}

/// The site links' name for the runbook list (`base.html`): "All runbooks" on a site
/// titled "Runbooks" (`pipebook init`'s default), whose header said the word twice.
fn runbooks_text(site_title: &str) -> &'static str {
    if site_title.trim().to_lowercase() == "runbooks" {
        "All runbooks"
    } else {
        "Runbooks"
    }
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

/// `base.html` from the start to `<body>`, with `runbook.html`'s `head` block, and the
/// inline CSS when `css`; where the CSS begins (or would).
fn head(out: &mut String, c: &Common, shell: &Shell, diagrams: bool, css: bool) -> usize {
    out.push_str("<!doctype html>\n<html lang=\"en\" data-base=\"");
    esc(out, c.base);
    if !c.title_class.is_empty() {
        out.push_str("\" class=\"");
        out.push_str(c.title_class);
    }
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if c.page_title != c.site_title {
        esc(out, &c.page_title);
        out.push_str(" · ");
    }
    out.push_str(&shell.title_end);
    esc(out, &c.canonical);
    out.push_str(&shell.head_end);
    let css_at = out.len();
    if css {
        out.push_str(c.inline_css);
    }
    out.push_str(&shell.style_end);
    if c.noindex {
        out.push_str(NOINDEX);
    }
    if diagrams {
        out.push_str(&shell.diagram_script);
    }
    out.push_str("\n</head>\n");
    css_at
}

/// The site's title as the header's link shows it (escaped, with `<wbr>` in its long
/// joined words, see [`super::wbr`]), and the classes of `<html>` that fit the header to
/// it (`base.html`'s `title_class`). On a phone:
/// - `long-title` when it is too long for the row beside the search box (over 30
///   characters, or a word over [`OWN_ROW_WORD`]): it takes a row of its own, in two
///   lines, instead of being cut to a few words;
/// - `long-word` when a word is over [`LONG_WORD`] characters: a smaller font, so that
///   the word fits its line whole (`Infrastructure` broke as "Infrastructur / e").
///
/// The longest words no font fits break at their separators and capitals (the `<wbr>`),
/// and past that are cut with "…" as a title too long for its lines is (`critical.css`),
/// never broken inside.
pub(super) fn brand(title: &str) -> (String, &'static str) {
    let mut escaped = String::with_capacity(title.len());
    esc(&mut escaped, title);
    let html = crate::html::wbr::breakable(&escaped);
    let longest = (title.split_whitespace())
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let own_row = title.chars().count() > 30 || longest > OWN_ROW_WORD;
    let class = match (own_row, longest > LONG_WORD) {
        (true, true) => "long-title long-word",
        (true, false) => "long-title",
        (false, true) => "long-word",
        (false, false) => "",
    };
    (html, class)
}

/// The longest word (in characters) the phone header's title shows at its usual size:
/// 102 px beside the search box at 390 px, where 13 bold letters take 98 to 112 px in
/// Chromium's sans-serif ("documentation" broke as "documenta / tion"), 12 about 90 to 103.
const LONG_WORD: usize = 12;
/// The longest word that fits, in the smaller font, beside the search box.
const OWN_ROW_WORD: usize = 15;

/// The head from the site's title to the canonical link's `href="`.
fn title_end(out: &mut String, c: &Common) {
    esc(out, c.site_title);
    out.push_str("</title>\n<link rel=\"canonical\" href=\"");
}

/// The head from the end of the canonical link to the inline CSS.
fn head_end(out: &mut String, c: &Common) {
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
}

/// The head from the end of the inline CSS to the site's script.
fn style_end(out: &mut String, c: &Common) {
    out.push_str("</style>\n<script src=\"");
    esc(out, c.base);
    out.push_str("static/site.js\" defer></script>\n");
}

/// `runbook.html`'s `head` block for an unlisted runbook ([`Common::noindex`]).
const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";

/// `runbook.html`'s `head` block: the diagrams' renderer.
fn diagram_script(out: &mut String, c: &Common) {
    out.push_str("<script type=\"module\" src=\"");
    esc(out, c.base);
    out.push_str("static/diagrams.mjs\"></script>");
}

/// `base.html` from the end of `<body` (and its class) to the site header's end, on a
/// page of `section`.
fn header_end(out: &mut String, c: &Common, section: &str) {
    out.push_str(">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    if c.preview {
        out.push_str("<p class=\"preview-banner\" role=\"note\">Preview of a change: this is not the live site.</p>");
    }
    out.push_str("\n<header class=\"site-header\">\n  <button id=\"pipebook-menu\" class=\"menu-button\" type=\"button\" aria-controls=\"pipebook-drawer\" aria-expanded=\"false\" hidden><span aria-hidden=\"true\">☰</span><span class=\"visually-hidden\">Menu</span></button>\n  <a class=\"brand\" href=\"");
    esc(out, c.base);
    out.push_str("\">");
    out.push_str(c.brand_html);
    out.push_str("</a>\n  <nav class=\"site-nav\" aria-label=\"Site\">\n    ");
    let item = |out: &mut String, shown: bool, path: &str, of: &str, text: &str| {
        if shown {
            out.push_str("<a href=\"");
            esc(out, c.base);
            out.push_str(path);
            out.push('"');
            if section == of {
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
    item(
        out,
        true,
        "runbooks/",
        "runbooks",
        runbooks_text(c.site_title),
    );
    out.push_str("\n    ");
    item(out, c.has_team, "engineers/", "engineers", "Team");
    out.push_str("\n    ");
    item(out, true, "coverage/", "coverage", "Coverage");
    out.push_str("\n    ");
    item(out, c.has_alerts, "alerts/", "alerts", "Alerts");
    out.push_str("\n  </nav>\n  ");
    if c.search && section != "search" {
        out.push_str("<form class=\"search\" role=\"search\" aria-label=\"Site search\" action=\"");
        esc(out, c.base);
        out.push_str("search/\">\n    <label class=\"visually-hidden\" for=\"search-input\">Search the runbooks</label>\n    <input id=\"search-input\" type=\"search\" name=\"q\" placeholder=\"Search  /\" autocomplete=\"off\" spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"search-popup\" aria-expanded=\"false\">\n    <div id=\"search-popup\" class=\"search-popup\" hidden></div>\n    <p id=\"search-said\" class=\"visually-hidden\" role=\"status\"></p>\n  </form>");
    }
    out.push_str("\n  <button id=\"theme-toggle\" type=\"button\" aria-label=\"Dark theme\" hidden>◐</button>\n</header>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_buffer_given_back_is_used_again_empty() {
        let mut first = page_buffer(100);
        first.push_str("a page");
        let at = first.as_ptr();
        give_back(first.into_bytes());
        let second = page_buffer(50);
        assert!(second.is_empty());
        assert_eq!(second.as_ptr(), at, "the same buffer");
        // One too large is freed, not kept.
        give_back(vec![0; MAX_SPARE + 1]);
        assert!(page_buffer(10).capacity() <= MAX_SPARE);
    }
}
