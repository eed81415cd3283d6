//! Stub pages: a runbook whose body only says that it is elsewhere ("This alert has been
//! moved to [...]", "Deprecated, see [...]"). Its few words make it outrank, in search, the
//! page it points to (a short page's words weigh more), so the index marks it and the
//! browser ranks it below a page of the same name (`search::Doc::stub`).

use crate::markdown::Rendered;

/// At most this many words of body text (the title is not body text): a stub says where
/// the page went, and little else.
const MAX_WORDS: usize = 30;
/// At most this many links: the page it points to, and perhaps an issue or a second home.
const MAX_LINKS: usize = 3;
/// Words that say the content is elsewhere, lowercase.
const POINTERS: &[&str] = &[
    "moved",
    "migrated",
    "relocated",
    "deprecated",
    "superseded",
    "replaced",
    "obsolete",
    "renamed",
    "retired",
    "see",
    "redirect",
    "redirected",
];

/// Whether a rendered runbook is a stub: a short body, a word saying its content is
/// elsewhere, and a link (one to three) to where.
pub(super) fn points_elsewhere(rendered: &Rendered) -> bool {
    let mut words = 0;
    let mut pointer = false;
    for section in &rendered.sections {
        for word in section
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            if words > MAX_WORDS {
                return false;
            }
            pointer |= POINTERS.iter().any(|p| word.eq_ignore_ascii_case(p));
        }
    }
    pointer && (1..=MAX_LINKS).contains(&links(&rendered.html))
}

/// Links of `html` to another page: not a heading's or step's own anchor (`#meaning`).
fn links(html: &str) -> usize {
    html.match_indices("<a ")
        .filter(|&(at, _)| {
            let tag = &html[at..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            tag.find("href=\"")
                .is_some_and(|h| !tag[h + 6..].starts_with('#'))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::TextSection;

    fn page(text: &str, html: &str) -> Rendered {
        Rendered {
            html: html.into(),
            sections: vec![TextSection {
                anchor: None,
                heading: String::new(),
                text: text.into(),
            }],
            ..Rendered::default()
        }
    }

    const LINK: &str = r#"<p>… <a href="/runbooks/b/KubeAPIDown/">b/KubeAPIDown.md</a></p>"#;

    #[test]
    fn a_short_page_saying_it_moved_with_a_link_is_a_stub() {
        let moved = "This alert has been moved to b/KubeAPIDown.md";
        assert!(points_elsewhere(&page(moved, LINK)));
        assert!(points_elsewhere(&page("See Node RAID Degraded", LINK)));
        assert!(points_elsewhere(&page(
            "Thanos has been DEPRECATED and is replaced by Mimir",
            LINK
        )));
    }

    #[test]
    fn a_runbook_is_not_a_stub() {
        // Without a link, a deprecated alert's page is its own answer ("silence it").
        let deprecated = "This alert is deprecated. You can safely ignore or silence it.";
        assert!(!points_elsewhere(&page(deprecated, "<p>…</p>")));
        // Only its own anchors are no link elsewhere.
        let anchors = r##"<h2 id="m">M<a class="anchor" href="#m">#</a></h2>"##;
        assert!(!points_elsewhere(&page(deprecated, anchors)));
        // Short, linked, but nothing says it is elsewhere.
        assert!(!points_elsewhere(&page("Restart the loader.", LINK)));
        // Says "see", but has a runbook's length.
        let long = format!("{} see the dashboard", "check the lag ".repeat(10));
        assert!(!points_elsewhere(&page(&long, LINK)));
        // A list of links is an index, not a pointer.
        assert!(!points_elsewhere(&page("See these", &LINK.repeat(4))));
    }
}
