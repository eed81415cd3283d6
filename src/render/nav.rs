//! Moving between runbooks: the folder tree beside a page (a drawer on phones), the
//! previous and next runbook of its folder, and folder listings with each runbook's
//! summary.
//!
//! The tree is not in the pages: each folder has one fragment, `_nav/<folder>/tree.html`,
//! the branch that leads to it (every top folder, the folders above it open, each with
//! its entries, the other folders as links), which site.js fetches for the pages of that
//! folder when the tree is shown and marks the page in. So a page does not grow with the
//! site or with its folder (no page embeds the site's navigation), the fragment is
//! fetched once for a whole folder, and the build writes one per folder rather than one
//! per page. Levels above the folder are cut to the entries around the way down, and a
//! very long folder to its first entries, with a link to the folder's page for the rest.

use std::collections::HashMap;

use serde::Serialize;

use super::section_tree::{parent_of, title_html, Entry, SectionTree};
use super::{Common, Renderer};
use crate::diagnostics::Diagnostics;
use crate::routes::Routes;
use crate::write::OutputFile;

/// Entries shown around the way down in a folder above the page's.
const WINDOW: usize = 40;
/// Entries shown of the page's own folder.
const OWN_FOLDER: usize = 200;
/// About the bytes of entries shown of the page's own folder, and of all the folders
/// above it together (each an equal share, the one on the way down always shown): a
/// fragment is written per folder and each repeats the levels above it, so 32 levels of
/// 40 folders with long names and titles made fragments of 2.1 MB and 946 MB of them in
/// all, from 1.3 MB of runbooks. A folder of 200 runbooks with 100-byte titles and
/// addresses is about 40 kB. Entries cut are counted in the folder's "more" link.
const OWN_BYTES: usize = 48 * 1024;
const ABOVE_BYTES: usize = 32 * 1024;

/// One entry of the tree: a runbook, or a folder (open when the pages are inside it).
#[derive(Debug, Serialize)]
pub(super) struct TreeNode {
    pub(super) title: String,
    /// `title` escaped, with break opportunities in its long joined names (see `wbr`).
    pub(super) title_html: String,
    pub(super) url: String,
    pub(super) folder: bool,
    /// Entries of an open folder: the folders on the way down.
    pub(super) children: Vec<TreeNode>,
    /// Entries of this folder left out of `children`, listed on its own page.
    pub(super) more: usize,
}

/// What a runbook or folder page shows to move around: where its tree is, and the
/// neighbours.
#[derive(Debug, Serialize, Default)]
pub(super) struct NavView {
    /// The address of the folder's tree fragment.
    pub(super) tree: String,
    pub(super) prev: Option<NavLink>,
    pub(super) next: Option<NavLink>,
}

/// The previous or next runbook. `title_html` is the title escaped, with break
/// opportunities in its long joined names (see `wbr`): a box is half a phone's width, and
/// broke `KubevirtVmHighM|emoryUsage`. A theme's own `macros.html` or `runbook.html` gets
/// it as the default one does.
#[derive(Debug, Serialize)]
pub(super) struct NavLink {
    pub(super) title: String,
    pub(super) title_html: String,
    pub(super) url: String,
}

impl NavLink {
    #[cfg(test)]
    pub(super) fn new(title: String, url: String) -> NavLink {
        NavLink {
            title_html: crate::html::wbr::breakable_text(&title),
            title,
            url,
        }
    }
}

/// The site path of the tree fragment of `folder`. `_nav` is no page's name: pages are
/// under `runbooks/`, and the top names are the site's own.
/// Made in one allocation of its size (a `format!` grew it twice; one a page).
pub(super) fn tree_path(folder: &str) -> String {
    let mut path = String::with_capacity("_nav/".len() + folder.len() + "/tree.html".len());
    path.push_str("_nav/");
    if !folder.is_empty() {
        path.push_str(folder);
        path.push('/');
    }
    path.push_str("tree.html");
    path
}

impl Renderer<'_> {
    /// The tree and neighbours of the page at `slug` (a runbook, or a folder's page).
    pub(super) fn nav(&self, slug: &str, is_folder: bool, tree: &SectionTree) -> NavView {
        let folder = if is_folder { slug } else { parent_of(slug) };
        let mut view = NavView {
            tree: self.urls.link(&tree_path(folder)),
            ..NavView::default()
        };
        if !is_folder {
            if let Some((prev, next)) = tree.neighbours(slug) {
                let link = |e: &Entry| NavLink {
                    title: e.1.clone(),
                    title_html: title_html(e).to_string(),
                    url: self.runbook_url(&e.0),
                };
                view.prev = prev.map(link);
                view.next = next.map(link);
            }
        }
        view
    }

    /// `_nav/<folder>/tree.html`: the branch of the tree that leads to `folder`.
    pub(super) fn tree_fragment(
        &self,
        folder: &str,
        tree: &SectionTree,
        d: &mut Diagnostics,
    ) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            tree: Vec<TreeNode>,
        }
        let mut open: Vec<&str> = Vec::new();
        let mut at = folder;
        while !at.is_empty() {
            open.push(at);
            at = parent_of(at);
        }
        open.reverse();
        let path = tree_path(folder);
        if self.compiled.tree {
            let nodes = self.level("", &open, tree, ABOVE_BYTES / open.len().max(1));
            return Some(OutputFile {
                bytes: super::runbook_html::write_tree(&nodes).into_bytes(),
                path,
            });
        }
        let ctx = Ctx {
            common: self.common("tree.html", String::new(), path.clone(), "runbooks", None),
            tree: self.level("", &open, tree, ABOVE_BYTES / open.len().max(1)),
        };
        self.page("tree.html", path, &ctx, d)
    }

    /// The entries of `folder`, opening the one of `open` among them; those of a folder
    /// above the pages' take about `share` bytes (see [`ABOVE_BYTES`]).
    fn level(
        &self,
        folder: &str,
        open: &[&str],
        tree: &SectionTree,
        share: usize,
    ) -> Vec<TreeNode> {
        let entries = tree.entries(folder);
        let shown = match open.first() {
            // Above the pages' folder: the entries around the way down.
            Some(next) => {
                let focus = entries.iter().position(|e| e.0 == *next).unwrap_or(0);
                around(entries, focus, WINDOW, share)
            }
            None => around(entries, 0, OWN_FOLDER, OWN_BYTES),
        };
        let shown = &entries[shown];
        shown
            .iter()
            .map(|e @ (slug, title, _, is_folder, _)| {
                let opened = open.first() == Some(&slug.as_str());
                let children = if opened {
                    self.level(slug, &open[1..], tree, share)
                } else {
                    Vec::new()
                };
                TreeNode {
                    title: title.clone(),
                    title_html: title_html(e).to_string(),
                    url: self.runbook_url(slug),
                    // A folder of its page alone (a Hugo `_index.md` with a title) is a
                    // leaf: an expander that opens nothing misleads.
                    folder: *is_folder && !tree.entries(slug).is_empty(),
                    more: if opened {
                        tree.entries(slug).len().saturating_sub(children.len())
                    } else {
                        0
                    },
                    children,
                }
            })
            .collect()
    }
}

/// The entries around `focus` (it first, then one before and one after in turn, as
/// many as there are on each side), at most `most` of them and about `bytes` of titles and
/// addresses: `focus` alone if it is more. Empty when `entries` is.
fn around(entries: &[Entry], focus: usize, most: usize, bytes: usize) -> std::ops::Range<usize> {
    let cost = |e: &Entry| e.0.len() + e.1.len() + 64;
    let Some(first) = entries.get(focus) else {
        return 0..0;
    };
    let (mut start, mut end, mut used) = (focus, focus + 1, cost(first));
    let fits = |used: usize, e: &Entry| used + cost(e) <= bytes;
    while end - start < most {
        let before = start.checked_sub(1).filter(|&i| fits(used, &entries[i]));
        if let Some(i) = before {
            start = i;
            used += cost(&entries[i]);
            if end - start == most {
                break;
            }
        }
        let after = (end < entries.len() && fits(used, &entries[end])).then_some(end);
        if let Some(i) = after {
            end = i + 1;
            used += cost(&entries[i]);
        }
        if before.is_none() && after.is_none() {
            break;
        }
    }
    start..end
}

/// Alert names a folder page lists for one runbook; the rest are counted.
const ALERTS_LISTED: usize = 8;

/// A folder page's entry: a runbook with its summary, or a folder with its size.
#[derive(Debug, Serialize)]
pub(super) struct ChildView {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) folder: bool,
    /// A runbook's `description`, else the start of its first paragraph.
    pub(super) summary: Option<String>,
    /// The first alerts the runbook answers ([`ALERTS_LISTED`]).
    pub(super) alerts: Vec<String>,
    /// How many more it answers.
    pub(super) more_alerts: usize,
    /// Runbooks in a folder, at any depth, drafts aside.
    pub(super) count: usize,
    /// A runbook marked a draft (`Runbook::draft_key`): badged in the list.
    pub(super) draft: bool,
}

/// The alerts each runbook answers, by slug: the one of its file name first, then those
/// of its `alerts:` in the order written.
pub(super) fn alert_names<'a>(routes: &Routes<'a>) -> HashMap<&'a str, Vec<&'a str>> {
    let mut claims: HashMap<&'a str, Vec<(Option<usize>, &'a str)>> = HashMap::new();
    for a in routes.alerts.values() {
        claims
            .entry(a.runbook.slug.as_str())
            .or_default()
            .push((a.claim, a.name));
    }
    claims
        .into_iter()
        .map(|(slug, mut names)| {
            names.sort_unstable();
            (slug, names.into_iter().map(|(_, n)| n).collect())
        })
        .collect()
}

impl Renderer<'_> {
    /// A folder page's entries: folders with how many runbooks they hold, runbooks with
    /// their summaries.
    pub(super) fn children_view(&self, folder: &str, tree: &SectionTree) -> Vec<ChildView> {
        tree.entries(folder)
            .iter()
            .map(|(slug, title, _, is_folder, _)| ChildView {
                title: title.clone(),
                url: self.runbook_url(slug),
                folder: *is_folder,
                summary: if *is_folder {
                    None
                } else {
                    self.summaries.get(slug.as_str()).cloned()
                },
                alerts: self
                    .alert_names
                    .get(slug.as_str())
                    .map(|names| {
                        names
                            .iter()
                            .take(ALERTS_LISTED)
                            .map(|n| n.to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                more_alerts: self
                    .alert_names
                    .get(slug.as_str())
                    .map_or(0, |n| n.len().saturating_sub(ALERTS_LISTED)),
                count: if *is_folder {
                    tree.runbooks_under(slug)
                } else {
                    0
                },
                draft: !is_folder && tree.is_draft(slug),
            })
            .collect()
    }
}

/// A runbook's summary: its `description`, else the start of its text, cut at a word
/// before `max` characters.
pub(super) fn summary(description: Option<&str>, text: &str, max: usize) -> Option<String> {
    if let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) {
        return Some(d.to_string());
    }
    // Only the start of a page's text can show: tidied up to a little more than `max`
    // characters, and again in full only if what is left after a label is too short.
    let (start, whole) = tidy(text, max + 64);
    match cut(&start, max) {
        Some((summary, true)) => Some(summary),
        _ if !whole => cut(&tidy(text, usize::MAX).0, max).map(|(summary, _)| summary),
        found => found.map(|(summary, _)| summary),
    }
}

/// `text` with single spaces, none before `.,;:)` or after `(`: the index's text puts a
/// space around every inline element ("the pipeline ."). Stops after `limit` characters
/// or so; whether it got to the end.
fn tidy(text: &str, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(limit.min(text.len()) + 8);
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > limit {
            return (out, false);
        }
        let after_open = out.ends_with('(');
        let closes = word.starts_with(['.', ',', ';', ':', ')']);
        if !out.is_empty() && !after_open && !closes {
            out.push(' ');
        }
        out.push_str(word);
        chars += word.chars().count() + 1;
    }
    (out, true)
}

/// The summary of a tidied text: a label above a table of contents dropped, cut at a word
/// before `max` characters; whether it was cut.
fn cut(tidy: &str, max: usize) -> Option<(String, bool)> {
    // A label above a table of contents (GitLab's runbooks write `**Table of Contents**`
    // then `[TOC]`) says nothing about the page.
    let mut text = tidy;
    for label in ["table of contents", "contents"] {
        if text
            .get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label))
            && text[label.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            text = text[label.len()..].trim_start_matches([':', ' ']);
            break;
        }
    }
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= max {
        return Some((text.to_string(), false));
    }
    let cut: String = text.chars().take(max).collect();
    // A run without a space (a row of flags) ends where a cluster does (see `graphemes`).
    let end = cut
        .rfind(' ')
        .unwrap_or_else(|| crate::graphemes::floor(text, cut.len()));
    let summary = format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']));
    Some((summary, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_prefer_the_description_and_cut_at_a_word() {
        assert_eq!(
            summary(Some(" Said. "), "text", 10).as_deref(),
            Some("Said.")
        );
        assert_eq!(summary(None, "  ", 10), None);
        assert_eq!(
            summary(None, "Short one.", 20).as_deref(),
            Some("Short one.")
        );
        assert_eq!(
            summary(None, "See the  pipeline ( profit ) .", 40).as_deref(),
            Some("See the pipeline (profit).")
        );
        assert_eq!(
            summary(None, "This alert fires when the disk, is slow", 28).as_deref(),
            Some("This alert fires when the…")
        );
        assert_eq!(
            summary(None, "This alert fires, when the disk is slow", 18).as_deref(),
            Some("This alert fires…")
        );
        assert_eq!(
            summary(None, "Table of Contents See also the docs.", 80).as_deref(),
            Some("See also the docs.")
        );
        assert_eq!(
            summary(None, "Contents: the disk.", 80).as_deref(),
            Some("the disk.")
        );
        assert_eq!(summary(None, "Table of Contents", 80), None);
        assert_eq!(
            summary(None, "Contentsless page.", 80).as_deref(),
            Some("Contentsless page.")
        );
    }

    /// The tidying stops after the summary's length: what it gives is what tidying the
    /// whole text gives, however long the text, its words and the label's tail are.
    #[test]
    fn a_long_text_gives_the_summary_of_its_whole() {
        let whole = |text: &str, max: usize| {
            let tidy = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" .", ".")
                .replace(" ,", ",")
                .replace(" ;", ";")
                .replace(" :", ":")
                .replace(" )", ")")
                .replace("( ", "(");
            cut(&tidy, max).map(|(s, _)| s)
        };
        let colons = format!("Contents {}", " :".repeat(300));
        let texts = [
            "word ".repeat(500),
            format!("{colons} the disk."),
            colons.clone(),
            format!("Table of Contents {} end", "( x ) , y ; z : é ".repeat(40)),
            format!("{} tail", "a".repeat(400)),
            "é ".repeat(300),
        ];
        for text in &texts {
            for max in [1, 10, 160, 1000] {
                assert_eq!(
                    summary(None, text, max),
                    whole(text, max),
                    "{max} {text:.40}"
                );
            }
        }
    }

    #[test]
    fn entries_around_the_way_down_keep_to_their_count_and_bytes() {
        let entries: Vec<Entry> = (0..100)
            .map(|i| {
                let title = if i == 50 {
                    "T".repeat(5000)
                } else {
                    format!("t{i}")
                };
                (
                    format!("s{i:02}"),
                    title,
                    Default::default(),
                    false,
                    Default::default(),
                )
            })
            .collect();
        // As many as asked, half before: as the window always was.
        assert_eq!(around(&entries, 30, WINDOW, usize::MAX), 10..50);
        assert_eq!(around(&entries, 2, WINDOW, usize::MAX), 0..40);
        assert_eq!(around(&entries, 99, WINDOW, usize::MAX), 60..100);
        // Each entry costs its slug, title and 64: 69 bytes here, so 10 fit in 700.
        assert_eq!(around(&entries, 10, WINDOW, 700), 5..15);
        // The way down is shown however long; one too long on a side stops that side.
        assert_eq!(around(&entries, 50, WINDOW, 100), 50..51);
        assert_eq!(around(&entries, 48, 5, 1000), 45..50);
        assert_eq!(around(&entries, 48, WINDOW, 500), 43..50);
        assert_eq!(around(&[], 0, WINDOW, 500), 0..0);
    }
}
