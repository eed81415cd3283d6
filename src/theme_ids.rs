//! The ids the theme's pages and scripts rely on, kept out of reach of a runbook's text.
//!
//! A runbook shares its page with the theme: `<div id="pipebook-drawer">` in its HTML or a
//! heading `## Main` would give the page a second element of an id the theme's menu button,
//! skip link or scripts point at (`aria-controls`, `href="#main"`, `getElementById`), and
//! the first in the page wins. An id of the runbook's that is one of these is written as
//! GitHub writes every id of a README, `user-content-<id>`; links of the runbook to it
//! (`[x](#main)`) follow, so they keep working as they did on the forge, and anchors are
//! still checked by the name the author wrote.

use std::borrow::Cow;

/// What a runbook's id that the theme already uses is prefixed with (GitHub's prefix).
pub const CONTENT_PREFIX: &str = "user-content-";

/// Every id the default theme's templates write or its scripts look up (a test
/// reads the theme and fails on an id missing here). Ids the theme makes from data
/// (`domain-<id>`, an alert's key) are on pages that hold no runbook text.
pub const THEME_IDS: &[&str] = &[
    "author",
    "backups",
    "calendar",
    "childrenHeading",
    "failure-modes",
    "forget-button",
    "holiday-duty",
    "holidays",
    "keep-button",
    "keep-h",
    "keep-ios",
    "keep-size",
    "keep-status",
    "load",
    "main",
    "never-reviewed",
    "now-h",
    "offline-missing",
    "offline-path",
    "oncall",
    "oncall-h",
    "path-search",
    "path-search-h",
    "path-search-results",
    "path-search-status",
    "pipebook-drawer",
    "pipebook-menu",
    "primary",
    "review-due",
    "rule",
    "saved-h",
    "saved-list",
    "search-correction",
    "search-input",
    "search-list",
    "search-more",
    "search-next",
    "search-no-site",
    "search-page-form",
    "search-page-input",
    "search-pending",
    "search-popup",
    "search-results",
    "search-said",
    "search-status",
    "search-waiting",
    "secondary",
    "sections-h",
    "subscribe",
    "theme-toggle",
    "tocBox",
    "tocHeading",
    "tz-name",
    "tz-toggle",
    "tz-whose",
    "without-runbook",
];

/// Whether the theme uses `id` itself. Exact: ids and CSS selectors are case-sensitive in
/// a page with a doctype, as every page of the theme has, and a heading `## tocBox` keeps
/// the id `tocbox` the forges give it (the theme's ids with a capital letter never meet a
/// heading's).
pub fn is_theme_id(id: &str) -> bool {
    THEME_IDS.contains(&id)
}

/// The id a runbook's `id` is written as on its page: itself, or prefixed when the theme
/// uses it.
pub fn content_id(id: &str) -> Cow<'_, str> {
    if is_theme_id(id) {
        Cow::Owned(format!("{CONTENT_PREFIX}{id}"))
    } else {
        Cow::Borrowed(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_ids_are_prefixed_and_others_kept() {
        assert_eq!(content_id("main"), "user-content-main");
        assert_eq!(content_id("Pipebook-Drawer"), "Pipebook-Drawer");
        assert_eq!(content_id("tocbox"), "tocbox");
        assert_eq!(content_id("tocBox"), "user-content-tocBox");
        assert_eq!(content_id("main-1"), "main-1");
        assert_eq!(content_id("restart"), "restart");
        assert!(THEME_IDS.iter().all(|id| is_theme_id(id)));
    }

    /// Every id the default theme writes in a template or looks up in a script is listed.
    #[test]
    fn every_id_of_the_default_theme_is_listed() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default");
        let mut found = Vec::new();
        // The theme's folders hold folders too (static/search/, the client's parts).
        let files = ["templates", "static"].into_iter().flat_map(|dir| {
            walkdir::WalkDir::new(format!("{root}/{dir}"))
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
        });
        for entry in files {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for opener in ["id=\"", "getElementById(\"", "own(\"", "$(\""] {
                for (at, _) in text.match_indices(opener) {
                    let rest = &text[at + opener.len()..];
                    let end = rest.find('"').unwrap_or(0);
                    let id = &rest[..end];
                    // Ids made from data (`{{ a.key }}`, `"d" + id` of a random id)
                    // are not the theme's names.
                    let whole = opener == "id=\"" || rest[end + 1..].starts_with(')');
                    if whole && !id.is_empty() && !id.contains('{') && !id.contains(' ') {
                        found.push(id.to_string());
                    }
                }
            }
        }
        assert!(found.len() > 20, "{found:?}");
        // GitHub's `readme` is the article's only when no id of the runbook's own is
        // (`markdown::README_ID`): never two elements of it.
        let missing: Vec<_> = found
            .iter()
            .filter(|id| !is_theme_id(id) && *id != crate::markdown::README_ID)
            .collect();
        assert!(missing.is_empty(), "not in THEME_IDS: {missing:?}");
    }
}
