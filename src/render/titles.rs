//! A runbook's title, one for every place that names the page: its `<h1>` and `<title>`,
//! folder listings, breadcrumbs, the search index and the sitemap.
//!
//! The page's title heading (its first `#` heading, if no other heading comes before it;
//! see `markdown::headings`) is the title, as on the forges. Without one, the front
//! matter's `title`; without that, the page's first heading of any level when nothing
//! comes before it and no heading of its level or above after it (`##
//! ManifestWorkApplyFailed` over `###` sections, which says more than its file's name
//! `manifestwork_apply_failed`; not `## Purpose` after the page's text, nor `## Meaning`
//! before `## Impact`: sections); without that, the file's name made readable. When a page has both a
//! title heading and a front matter `title`, the heading wins: it is what the repository
//! shows, and what readers search for.

use crate::markdown::{Heading, Rendered};
use crate::model::{Runbook, MAX_TITLE};

/// `title`, cut to at most [`MAX_TITLE`] bytes at a character's end.
fn cut(title: &str) -> String {
    let mut end = title.len().min(MAX_TITLE);
    while !title.is_char_boundary(end) {
        end -= 1;
    }
    title[..end].to_string()
}

/// The title of `rb`, rendered as `rendered`.
/// A title longer than [`MAX_TITLE`] is cut (and refused: see `validate`), so that the
/// pages written before the build fails do not copy it into every breadcrumb.
pub(super) fn runbook_title(rb: &Runbook, rendered: &Rendered) -> String {
    let lead = lead(rb, rendered).map(|h| h.text.as_str());
    // The front matter's title shows its shortcodes as emoji, as a heading does.
    let front = rb.front.title.as_deref().map(crate::markdown::title_shown);
    let given = [rendered.h1.as_deref(), front.as_deref(), lead];
    if let Some(t) = given
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|t| crate::diagnostics::shows_something(t))
    {
        return cut(t);
    }
    if rb.slug.is_empty() {
        return "Runbooks".to_string();
    }
    // A folder's page (README.md, _index.md) is named by its folder.
    readable_name(rb.slug.rsplit('/').next().unwrap_or(&rb.slug))
}

/// The heading that gives `rb` its title, when the title is its lead heading (see
/// [`runbook_title`]): the page shows it once, as its `<h1>` with the heading's id, not
/// again as its first section nor in "On this page".
pub(super) fn title_heading<'r>(rb: &Runbook, rendered: &'r Rendered) -> Option<&'r Heading> {
    let shows = |t: Option<&str>| t.is_some_and(|t| crate::diagnostics::shows_something(t.trim()));
    if shows(rendered.h1.as_deref()) || shows(rb.front.title.as_deref()) {
        return None;
    }
    lead(rb, rendered).filter(|h| crate::diagnostics::shows_something(h.text.trim()))
}

/// The page's first heading of any level when nothing comes before it and no heading of
/// its level or above after it, and it names what the file does (see [`names`]).
fn lead<'r>(rb: &Runbook, rendered: &'r Rendered) -> Option<&'r Heading> {
    // Not one with a placeholder (`## Playbook: <Type of Incident>`, a template's, which
    // every copy of the template shares: their files' names tell them apart).
    // Nor one with a sibling (`## Meaning` before `## Impact`): the first of the page's
    // sections, as `markdown::headings`' underlined opening is.
    rendered
        .headings
        .split_first()
        .filter(|(h, rest)| !h.text.contains('<') && rest.iter().all(|r| r.level > h.level))
        .filter(|_| rendered.sections.first().is_none_or(|s| s.text.is_empty()))
        .filter(|(h, _)| names(&h.text, rb.slug.rsplit('/').next().unwrap_or("")))
        .map(|(h, _)| h)
}

/// Whether `heading` names what the file or folder `name` names: a word of each begins
/// the same way, over four letters or a whole word of three (`## ManifestWorkApplyFailed`
/// for `manifestwork_apply_failed`, `## Cloudflare certificates` for `certs`). A
/// section's heading that opens a page (gitlab's `## Steps to check` atop several alerts'
/// pages) does not: those pages were all titled "Steps to check", their names told them
/// apart.
fn names(heading: &str, name: &str) -> bool {
    let (ours, theirs) = (words(heading), words(name));
    ours.iter().any(|a| {
        theirs.iter().any(|b| {
            let shorter = a.chars().count().min(b.chars().count());
            let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            shorter >= 3 && same >= shorter.min(4)
        })
    })
}

/// `text`'s words, lowercased: a word ends at a character that is no letter or digit, and
/// where a capital follows a small letter (`etcdMembersDown`).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut lower_before = false;
    for c in text.chars() {
        if !c.is_alphanumeric() || (c.is_uppercase() && lower_before) {
            words.push(std::mem::take(&mut word));
        }
        lower_before = c.is_lowercase();
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
    }
    words.push(word);
    words.retain(|w| !w.is_empty());
    words
}

pub(super) use crate::names::readable_name;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Heading, TextSection};
    use crate::model::{FrontMatter, SourceFile};

    /// A page whose title heading's text is `h1`, and no other heading.
    fn page(h1: Option<&str>) -> Rendered {
        Rendered {
            h1: h1.map(str::to_string),
            ..Rendered::default()
        }
    }

    /// A page without a title heading whose first heading is `## {heading}`, after
    /// `before` (the page's text before it).
    fn sections(before: &str, heading: &str) -> Rendered {
        Rendered {
            headings: vec![Heading {
                level: 2,
                id: "x".to_string(),
                text: heading.to_string(),
            }],
            sections: vec![
                TextSection {
                    text: before.to_string(),
                    ..TextSection::default()
                },
                TextSection::default(),
            ],
            ..Rendered::default()
        }
    }

    fn runbook(slug: &str, title: Option<&str>) -> Runbook {
        Runbook {
            rel_path: format!("{slug}.md"),
            slug: slug.to_string(),
            is_index: false,
            front: FrontMatter {
                title: title.map(str::to_string),
                ..FrontMatter::default()
            },
            body_start: 0,
            source: SourceFile {
                display: format!("content/runbooks/{slug}.md"),
                text: String::new(),
                spans: Default::default(),
            },
            body_on_disk: None,
        }
    }

    #[test]
    fn the_heading_wins_then_front_matter_then_the_name() {
        let both = runbook("a/disk-full", Some("Disk"));
        assert_eq!(runbook_title(&both, &page(Some("Disk full "))), "Disk full");
        assert_eq!(runbook_title(&both, &page(None)), "Disk");
        assert_eq!(runbook_title(&both, &page(Some(""))), "Disk");
        let neither = runbook("a/disk-full_alerts", Some("  "));
        assert_eq!(runbook_title(&neither, &page(None)), "Disk full alerts");
        assert_eq!(runbook_title(&runbook("", None), &page(None)), "Runbooks");
    }

    /// A page's opening section heading that shares no word with the file's name
    /// (gitlab's `## Steps to check`) leaves the name as the title.
    #[test]
    fn a_section_heading_that_shares_no_word_with_the_name_is_not_the_title() {
        let page = runbook("alerts/prometheus_target_down", None);
        let steps = sections("", "Steps to check");
        assert_eq!(runbook_title(&page, &steps), "Prometheus target down");
        let etcd = runbook("etcd/etcdMembersDown", None);
        assert_eq!(
            runbook_title(&etcd, &sections("", "etcd members down")),
            "etcd members down"
        );
        assert!(!names("Steps to check", ""));
        assert!(names("Cloudflare certificates", "certs"));
        assert!(!names("Steps to check", "prometheus_target_down"));
    }

    /// Without a title heading or a front matter `title`, a heading of any level that
    /// opens the page names it (managed-service-runbooks' `## ManifestWorkApplyFailed`),
    /// not the file's name; one after the page's text is a section (pagerduty's
    /// `## Purpose`), and the front matter's `title` still comes first. Before, the file's
    /// name was the title whenever the page had no `#` heading.
    #[test]
    fn a_heading_that_opens_the_page_comes_before_the_name() {
        let untitled = runbook("alerts/manifestwork_apply_failed", None);
        let opened = sections("", "ManifestWorkApplyFailed ");
        assert_eq!(runbook_title(&untitled, &opened), "ManifestWorkApplyFailed");
        let after_text = sections("So you want to be a Scribe?", "Purpose");
        assert_eq!(
            runbook_title(&untitled, &after_text),
            "Manifestwork apply failed"
        );
        let titled = runbook("alerts/manifestwork_apply_failed", Some("Apply failed"));
        assert_eq!(runbook_title(&titled, &opened), "Apply failed");
        let template = sections("", "Playbook: <Type of Incident>");
        assert_eq!(
            runbook_title(&untitled, &template),
            "Manifestwork apply failed"
        );
        let mut sibling = sections("", "Meaning");
        let impact = Heading {
            level: 2,
            id: "impact".to_string(),
            text: "Impact".to_string(),
        };
        sibling.headings.push(impact);
        assert_eq!(
            runbook_title(&untitled, &sibling),
            "Manifestwork apply failed"
        );
        let hidden = sections("", "\u{200B}");
        assert_eq!(
            runbook_title(&untitled, &hidden),
            "Manifestwork apply failed"
        );
    }

    /// A title heading or front matter title of nothing a reader sees (a zero-width
    /// space, a Hangul filler, a byte order mark, a bidi control) is no title: the next
    /// one is taken. Before, the page had an invisible name everywhere.
    #[test]
    fn a_title_that_shows_nothing_is_no_title() {
        let hidden = runbook("a/disk-full", Some("\u{3164}"));
        for h1 in ["\u{200B}", " \u{FEFF}\u{2060} ", "\u{202E}", "\u{FE0F}"] {
            assert_eq!(
                runbook_title(&hidden, &page(Some(h1))),
                "Disk full",
                "{h1:?}"
            );
        }
        let shown = runbook("a/disk-full", Some("Disk\u{200B}"));
        assert_eq!(
            runbook_title(&shown, &page(Some("\u{200B}"))),
            "Disk\u{200B}"
        );
        assert_eq!(runbook_title(&shown, &page(Some("\u{1F525}"))), "\u{1F525}");
    }

    #[test]
    fn names_are_made_readable_keeping_their_case() {
        for (name, title) in [
            ("disk-full_alerts", "Disk full alerts"),
            ("KubeAPIDown", "KubeAPIDown"),
            ("etcdMembersDown", "etcdMembersDown"),
            ("API-errors", "API errors"),
            ("node--exporter__down", "Node exporter down"),
            ("über-alles", "Über alles"),
            ("2024-incident", "2024 incident"),
            ("---", "---"),
        ] {
            assert_eq!(readable_name(name), title, "{name}");
        }
    }
}
