//! Stub pages: a runbook whose body only says that it is elsewhere ("This alert has been
//! moved to [...]", "Deprecated, see [...]"), or that says it is deprecated ("# KubeVirtFoo
//! [Deprecated]", "This alert is deprecated. You can safely ignore or silence it"). Its
//! few words make it outrank, in search, the page it points to or the one that replaced it
//! (a short page's words weigh more), so the index marks it and the browser ranks it below
//! the current page of the same name (`search::Doc::stub`, meta.json's `low`).

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

/// Words by which a title or a first sentence says the page is deprecated, lowercase.
const DEPRECATED: &[&str] = &[
    "deprecated",
    "obsolete",
    "superseded",
    "replaced",
    "retired",
];
/// Words that put one of [`DEPRECATED`] in a sentence about the page itself ("this alert
/// *is* deprecated"), not about what the page is about ("fires when a deprecated API is
/// used"), lowercase.
const VERBS: &[&str] = &["is", "are", "was", "were", "been", "now"];
/// How many words a first sentence's subject may have before its verb ("This alert
/// runbook has been").
const SUBJECT_WORDS: usize = 5;

/// Whether a runbook ranks low in search: it only points elsewhere, or says it is
/// deprecated, with a link to what replaced it or without one.
pub(super) fn ranks_low(title: &str, rendered: &Rendered) -> bool {
    points_elsewhere(rendered) || deprecated(title, rendered)
}

/// Whether a runbook says it is deprecated: a word of its title (`[Deprecated]`, not
/// `RuncDeprecated`, an alert about something deprecated), or its first sentence
/// ("This alert has been deprecated; …", "Obsolete: use …").
fn deprecated(title: &str, rendered: &Rendered) -> bool {
    let said = |w: &str| DEPRECATED.iter().any(|d| w.eq_ignore_ascii_case(d));
    if words(title).any(|w| said(w) && !w.eq_ignore_ascii_case("replaced")) {
        return true;
    }
    let Some(text) = rendered
        .sections
        .iter()
        .map(|s| s.text.trim())
        .find(|t| !t.is_empty())
    else {
        return false;
    };
    let sentence = text
        .split(['.', ',', ';', ':', '!', '?', '\n'])
        .next()
        .unwrap_or_default();
    // Up to a clause of its own ("fires when the API is deprecated"). On the stack: one
    // a runbook, and a `Vec` was a sixth of this check's instructions.
    let mut lead = [""; SUBJECT_WORDS + 2];
    let mut len = 0;
    for w in words(sentence).take(SUBJECT_WORDS + 2) {
        if ["when", "if", "whenever", "because"]
            .iter()
            .any(|c| w.eq_ignore_ascii_case(c))
        {
            break;
        }
        lead[len] = w;
        len += 1;
    }
    match lead[..len] {
        // "Deprecated." or "Obsolete: use …", not "Deprecated APIs in use".
        [only] => said(only),
        _ => lead
            .windows(2)
            .any(|p| VERBS.iter().any(|v| p[0].eq_ignore_ascii_case(v)) && said(p[1])),
    }
}

/// The words of `text`: its runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a rendered runbook is a stub: a short body, a word saying its content is
/// elsewhere, and a link (one to three) to where.
///
/// The body is counted before its words are compared: most runbooks are long, and
/// comparing their first words was half of this check.
fn points_elsewhere(rendered: &Rendered) -> bool {
    let body = || rendered.sections.iter().flat_map(|s| words(&s.text));
    body().nth(MAX_WORDS).is_none()
        && body().any(|word| POINTERS.iter().any(|p| word.eq_ignore_ascii_case(p)))
        && (1..=MAX_LINKS).contains(&links(&rendered.html))
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
    fn a_runbook_saying_it_is_deprecated_ranks_low() {
        // As in openshift-runbooks: the title says so, and the first sentence.
        let silence = "This alert is deprecated. You can safely ignore or silence it.";
        assert!(ranks_low(
            "SSPOperatorDown [Deprecated]",
            &page("Meaning…", "<p>…</p>")
        ));
        assert!(ranks_low(
            "InfluxDB (obsolete) Service",
            &page("Meaning…", "<p>…</p>")
        ));
        assert!(ranks_low("KubeVirtFoo", &page(silence, "<p>…</p>")));
        let duplicate =
            "This alert runbook has been deprecated; since it is a duplicate of SSPDown";
        assert!(ranks_low("SSPOperatorDown", &page(duplicate, "<p>…</p>")));
        assert!(ranks_low(
            "Old",
            &page("Obsolete: use the new loader runbook", "<p>…</p>")
        ));
        let long = format!(
            "This runbook is now superseded by the loader runbook. {}",
            "Check the lag. ".repeat(40)
        );
        assert!(ranks_low("Old", &page(&long, LINK)));
        // A stub of any title.
        assert!(ranks_low(
            "KubeAPIDown",
            &page("This alert has been moved to b/KubeAPIDown.md", LINK)
        ));
    }

    #[test]
    fn a_runbook_about_something_deprecated_does_not_rank_low() {
        let cases = [
            // Alerts about deprecated things, in openshift-runbooks.
            (
                "RuncDeprecated",
                "This informational alert fires when the cluster is using the deprecated runc",
            ),
            (
                "KubeVirtDeprecatedAPIRequested",
                "This alert fires when a deprecated `KubeVirt` API is used.",
            ),
            (
                "DaemonSet stuck",
                "DaemonSet update is stuck waiting for replaced pod.",
            ),
            // Said past the first sentence, or of something else.
            ("Loader", "Restart the loader. The old flag is deprecated."),
            (
                "Disks",
                "Check the disks; a disk that failed is replaced by the provider",
            ),
            ("Old APIs", "Deprecated APIs in use on the cluster."),
            ("Old APIs", "This alert fires when an API is deprecated."),
            // A title saying what was replaced is a runbook about replacing it.
            (
                "Replaced disk not detected",
                "The new disk is missing from the array",
            ),
        ];
        for (title, text) in cases {
            assert!(
                !ranks_low(title, &page(text, "<p>…</p>")),
                "{title}: {text}"
            );
        }
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
