//! An author's own table of contents at the top of a runbook, folded into one closed line.
//!
//! Runbook repositories keep tables of contents written for the forge: a `[TOC]` marker
//! (which pipebook writes as the page's table of contents in place) or a list that a tool
//! such as DocToc wrote, of links to the page's own headings. At the top of a page they
//! filled a phone's whole first screen (gitlab-runbooks' postgres page: two of them, the
//! first step 1,400 px down), where issue 16 wants the title, the pipeline, who is on call
//! and the first step. What the reader sees first is now one line each: the marker's
//! table is a closed "On this page" below 1100 px and open from there, as the theme's own;
//! a list of links to the page's own headings ahead of its first heading (or right after
//! a heading named "Contents" or "Table of contents") is a closed "Contents" at any width,
//! as the theme's own table already lists the same headings. Nothing is taken out.
//!
//! It reads the body HTML the Markdown stage wrote (and cleaned): one pass over the part
//! ahead of the first heading or two, so linear in the page.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// The start of the table of contents a marker wrote (`markdown::forge::toc_html`), up to
/// its list's `<ol>` or `<ol class="own-numbers">`.
const MARKER_TOC: &str = "<div class=\"toc toc-inline\">\n<ol";
const MARKER_END: &str = "</ol>\n</div>\n";

/// Lists of fewer links are left alone: they do not fill a screen, and may be a step.
const MIN_LINKS: usize = 3;

/// `html` with its author's tables of contents folded, or as it was when it has none.
pub(crate) fn fold(html: &str) -> Cow<'_, str> {
    let top = top_end(html);
    static MARKER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(MARKER_TOC));
    let marker = MARKER
        .find(html.as_bytes())
        .and_then(|at| find(&html[at..], MARKER_END).map(|n| (at, at + n + MARKER_END.len())));
    let list = own_links_list(html, top, marker);
    // (start, end, whether it is the marker's table), in the page's order.
    let mut folds: Vec<(usize, usize, bool)> = Vec::with_capacity(2);
    folds.extend(marker.map(|(at, end)| (at, end, true)));
    folds.extend(list.map(|(at, end)| (at, end, false)));
    if folds.is_empty() {
        return Cow::Borrowed(html);
    }
    folds.sort_unstable();
    let mut out = String::with_capacity(html.len() + 160);
    let mut from = 0;
    for (at, end, is_marker) in folds {
        out.push_str(&html[from..at]);
        if is_marker {
            out.push_str("<details class=\"toc toc-inline\"><summary>On this page</summary>\n");
            out.push_str(&html[at + MARKER_TOC.len() - "<ol".len()..end - "</div>\n".len()]);
        } else {
            out.push_str("<details class=\"author-toc\"><summary>Contents</summary>\n");
            out.push_str(&html[at..end]);
        }
        out.push_str("</details>\n");
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// Where the top of the page ends: its first heading, or its second when the first is
/// the author's title for a table of contents.
fn top_end(html: &str) -> usize {
    let Some(first) = heading_at(html, 0) else {
        return html.len();
    };
    let close = find(&html[first..], "</h").map_or(html.len(), |n| first + n);
    let text = plain(&html[first..close]);
    let text = text
        .trim()
        .trim_end_matches('#')
        .trim()
        .to_ascii_lowercase();
    if matches!(text.as_str(), "contents" | "table of contents" | "toc") {
        heading_at(html, close).unwrap_or(html.len())
    } else {
        first
    }
}

/// The byte offset of the first heading tag at a line start from `from`.
fn heading_at(html: &str, from: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(n) = find(&html[at..], "<h") {
        let i = at + n;
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        if line_start && bytes.get(i + 2).is_some_and(|b| (b'1'..=b'6').contains(b)) {
            return Some(i);
        }
        at = i + 2;
    }
    None
}

/// The first list at the top level of `html[..top]`, outside the marker's table, that is
/// nothing but links to places on the page: its start and end (after its closing tag).
fn own_links_list(
    html: &str,
    top: usize,
    marker: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let mut at = 0;
    while at < top {
        let start = next_list_start(html, at, top)?;
        if let Some((m0, m1)) = marker {
            if start >= m0 && start < m1 {
                at = m1;
                continue;
            }
        }
        let end = list_end(html, start)?;
        if is_links_to_the_page(&html[start..end]) {
            return Some((start, end));
        }
        at = end;
    }
    None
}

/// The next `<ul>` or `<ol…>` at a line start in `html[at..top]`.
fn next_list_start(html: &str, mut at: usize, top: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    while at < top {
        let i = at + memchr::memchr(b'<', &html.as_bytes()[at..top])?;
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        let rest = &html[i..];
        if line_start
            && (rest.starts_with("<ul>") || rest.starts_with("<ol>") || rest.starts_with("<ol "))
        {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The end of the list opened at `start` (after its closing tag and line break), counting
/// the lists nested in it.
fn list_end(html: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(n) = html[at..].find('<') {
        let i = at + n;
        let rest = &html[i..];
        if rest.starts_with("<ul>") || rest.starts_with("<ol>") || rest.starts_with("<ol ") {
            depth += 1;
        } else if rest.starts_with("</ul>") || rest.starts_with("</ol>") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                let end = i + "</ul>".len();
                return Some(if html[end..].starts_with('\n') {
                    end + 1
                } else {
                    end
                });
            }
        }
        at = i + 1;
    }
    None
}

/// Whether a list holds links only, at least `MIN_LINKS`, each to a place on this page
/// (`#…`), and no text outside them.
fn is_links_to_the_page(list: &str) -> bool {
    let mut links = 0;
    let mut rest = list;
    let mut outside = String::new();
    while let Some(open) = find(rest, "<a ") {
        outside.push_str(&rest[..open]);
        let tag_end = match rest[open..].find('>') {
            Some(n) => open + n,
            None => return false,
        };
        let tag = &rest[open..tag_end];
        let Some(href) = tag.split("href=\"").nth(1) else {
            return false;
        };
        if !href.starts_with('#') || href.starts_with("#\"") {
            return false;
        }
        let Some(close) = find(&rest[tag_end..], "</a>") else {
            return false;
        };
        links += 1;
        rest = &rest[tag_end + close + "</a>".len()..];
    }
    outside.push_str(rest);
    links >= MIN_LINKS && plain(&outside).trim().is_empty()
}

/// Where `needle` first occurs in `hay`: `str::find`'s answer by SIMD (the marker's table
/// is looked for in the whole of every page, by a searcher made once: `str::find` spent
/// about 20,000 instructions a runbook on it).
fn find(hay: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes())
}

/// The text of an HTML fragment, its tags left out.
fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::fold;

    const DOCTOC: &str = "<!-- START doctoc -->\n<p><strong>Table of Contents</strong></p>\n<ul>\n<li><a href=\"#checks\">Checks</a>\n<ul>\n<li><a href=\"#disk\">Disk</a></li>\n</ul>\n</li>\n<li><a href=\"#fix\">Fix</a></li>\n</ul>\n<!-- END doctoc -->\n<h2 id=\"checks\">Checks</h2>\n<ul>\n<li><a href=\"#a\">a</a></li>\n<li><a href=\"#b\">b</a></li>\n<li><a href=\"#c\">c</a></li>\n</ul>\n";

    #[test]
    fn a_list_of_the_pages_own_links_at_the_top_is_folded() {
        let out = fold(DOCTOC);
        let folded = "<details class=\"author-toc\"><summary>Contents</summary>\n<ul>\n<li><a href=\"#checks\">Checks</a>\n<ul>\n<li><a href=\"#disk\">Disk</a></li>\n</ul>\n</li>\n<li><a href=\"#fix\">Fix</a></li>\n</ul>\n</details>\n<!-- END doctoc -->";
        assert!(out.contains(folded), "{out}");
        // The same list after the first heading is the author's content, as written.
        assert_eq!(out.matches("<details").count(), 1, "{out}");
        let unfolded = out
            .replace(
                "<details class=\"author-toc\"><summary>Contents</summary>\n",
                "",
            )
            .replace("</details>\n", "");
        assert_eq!(unfolded, DOCTOC);
    }

    #[test]
    fn lists_with_text_or_other_links_or_few_links_are_left_alone() {
        for html in [
            "<ul>\n<li><a href=\"#a\">a</a> then wait</li>\n<li><a href=\"#b\">b</a></li>\n<li><a href=\"#c\">c</a></li>\n</ul>\n<h2 id=\"a\">A</h2>\n",
            "<ul>\n<li><a href=\"#a\">a</a></li>\n<li><a href=\"https://x.example/\">b</a></li>\n<li><a href=\"#c\">c</a></li>\n</ul>\n",
            "<ol>\n<li><a href=\"#a\">a</a></li>\n<li><a href=\"#b\">b</a></li>\n</ol>\n",
            "<p>No list.</p>\n<h2 id=\"a\">A</h2>\n",
            "<ul>\n<li><a href=\"#a\">a</a></li>\n<li><a href=\"#b\">b</a></li>\n<li><a href=\"#c\">c</a></li>\n",
        ] {
            assert!(matches!(fold(html), std::borrow::Cow::Borrowed(_)), "{html}");
        }
    }

    #[test]
    fn after_a_contents_heading_the_list_is_folded_too() {
        let html = "<h2 id=\"toc\">Table of Contents<a class=\"anchor\" href=\"#toc\">#</a></h2>\n<ul>\n<li><a href=\"#a\">a</a></li>\n<li><a href=\"#b\">b</a></li>\n<li><a href=\"#c\">c</a></li>\n</ul>\n<h2 id=\"a\">A</h2>\n";
        let out = fold(html);
        assert!(
            out.contains(
                "</h2>\n<details class=\"author-toc\"><summary>Contents</summary>\n<ul>\n"
            ),
            "{out}"
        );
        assert!(out.contains("</ul>\n</details>\n<h2 id=\"a\">"), "{out}");
    }

    #[test]
    fn the_markers_table_is_closed_on_phones() {
        let html = "<p>Intro.</p>\n<div class=\"toc toc-inline\">\n<ol><li class=\"l2\"><a href=\"#a\">A</a></li></ol>\n</div>\n<h2 id=\"a\">A</h2>\n";
        assert_eq!(
            fold(html),
            "<p>Intro.</p>\n<details class=\"toc toc-inline\"><summary>On this page</summary>\n<ol><li class=\"l2\"><a href=\"#a\">A</a></li></ol>\n</details>\n<h2 id=\"a\">A</h2>\n"
        );
    }
}
