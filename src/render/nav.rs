//! Moving between runbooks: the folder tree beside a page (a drawer on phones), the
//! previous and next runbook of its folder, and folder listings with each runbook's
//! summary.
//!
//! A page carries only the branch of the tree that leads to it: the folders above it,
//! open, each with its entries, and the other folders as links. So a page grows with its
//! depth and its folders' sizes, not with the site (no page embeds the whole site's
//! navigation); a long folder is cut to the entries around the page, with a link to the
//! rest.

use serde::Serialize;

use super::runbooks::{parent_of, SectionTree};
use super::{LinkRef, Renderer};

/// Entries shown around the current one in a long folder; the folder's page lists all.
const WINDOW: usize = 40;

/// One entry of the tree: a runbook, or a folder (open when the page is inside it).
#[derive(Debug, Serialize)]
pub(super) struct TreeNode {
    title: String,
    url: String,
    folder: bool,
    /// The page being shown (`aria-current`).
    current: bool,
    /// Entries of an open folder: the folders on the way to the page.
    children: Vec<TreeNode>,
    /// Entries of this folder left out of `children`, listed on its own page.
    more: usize,
}

/// What a runbook or folder page shows to move around: the tree, and the neighbours.
#[derive(Debug, Serialize, Default)]
pub(super) struct NavView {
    tree: Vec<TreeNode>,
    prev: Option<LinkRef>,
    next: Option<LinkRef>,
}

/// A folder page's entry: a runbook with its summary, or a folder with its size.
#[derive(Debug, Serialize)]
pub(super) struct ChildView {
    title: String,
    url: String,
    folder: bool,
    /// A runbook's `description`, else the start of its first paragraph.
    summary: Option<String>,
    /// Runbooks in a folder, at any depth.
    count: usize,
}

impl Renderer<'_> {
    /// The tree and neighbours of the page at `slug` (a runbook, or a folder's page).
    pub(super) fn nav(&self, slug: &str, is_folder: bool, tree: &SectionTree) -> NavView {
        let mut path: Vec<&str> = Vec::new();
        let mut at = slug;
        while !at.is_empty() {
            path.push(at);
            at = parent_of(at);
        }
        path.reverse();
        // The folders from the top down to the page (itself, when it is a folder).
        let open: Vec<&str> = if is_folder {
            path.clone()
        } else {
            path[..path.len().saturating_sub(1)].to_vec()
        };
        let mut view = NavView {
            tree: self.level("", &open, slug, tree),
            ..NavView::default()
        };
        if !is_folder {
            let pages: Vec<&(String, String, i64, bool)> = tree
                .entries(parent_of(slug))
                .iter()
                .filter(|e| !e.3)
                .collect();
            if let Some(i) = pages.iter().position(|e| e.0 == slug) {
                let link = |e: &&(String, String, i64, bool)| LinkRef {
                    title: e.1.clone(),
                    url: self.runbook_url(&e.0),
                };
                view.prev = i.checked_sub(1).and_then(|j| pages.get(j)).map(link);
                view.next = pages.get(i + 1).map(link);
            }
        }
        view
    }

    /// The entries of `folder`, opening the one of `open` among them.
    fn level(
        &self,
        folder: &str,
        open: &[&str],
        current: &str,
        tree: &SectionTree,
    ) -> Vec<TreeNode> {
        let entries = tree.entries(folder);
        let focus = entries
            .iter()
            .position(|e| open.first() == Some(&e.0.as_str()) || e.0 == current)
            .unwrap_or(0);
        let start = focus
            .saturating_sub(WINDOW / 2)
            .min(entries.len().saturating_sub(WINDOW));
        let shown = &entries[start..entries.len().min(start + WINDOW)];
        shown
            .iter()
            .map(|(slug, title, _, is_folder)| {
                let opened = open.first() == Some(&slug.as_str());
                let children = if opened {
                    self.level(slug, &open[1..], current, tree)
                } else {
                    Vec::new()
                };
                TreeNode {
                    title: title.clone(),
                    url: self.runbook_url(slug),
                    folder: *is_folder,
                    current: slug == current,
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

    /// A folder page's entries: folders with how many runbooks they hold, runbooks with
    /// their summaries.
    pub(super) fn children_view(&self, folder: &str, tree: &SectionTree) -> Vec<ChildView> {
        tree.entries(folder)
            .iter()
            .map(|(slug, title, _, is_folder)| ChildView {
                title: title.clone(),
                url: self.runbook_url(slug),
                folder: *is_folder,
                summary: if *is_folder {
                    None
                } else {
                    self.summaries.get(slug.as_str()).cloned()
                },
                count: if *is_folder {
                    tree.runbooks_under(slug)
                } else {
                    0
                },
            })
            .collect()
    }
}

/// A folder's name as a title: `kube-state-metrics` is "Kube state metrics".
pub(super) fn readable(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut words = spaced.split_whitespace();
    let mut out = String::with_capacity(name.len());
    if let Some(first) = words.next() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    for w in words {
        out.push(' ');
        out.push_str(w);
    }
    if out.is_empty() {
        name.to_string()
    } else {
        out
    }
}

/// A runbook's summary: its `description`, else the start of its text, cut at a word
/// before `max` characters.
pub(super) fn summary(description: Option<&str>, text: &str, max: usize) -> Option<String> {
    if let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) {
        return Some(d.to_string());
    }
    // The index's text puts a space around every inline element: "the pipeline ."
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
    let text = tidy.as_str();
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= max {
        return Some(text.to_string());
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    Some(format!(
        "{}…",
        cut[..end].trim_end_matches([',', ';', ':', ' '])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_read_as_titles() {
        assert_eq!(readable("kube-state-metrics"), "Kube state metrics");
        assert_eq!(readable("etcd"), "Etcd");
        assert_eq!(readable("prometheus_operator"), "Prometheus operator");
        assert_eq!(readable("élan"), "Élan");
        assert_eq!(readable("--"), "--");
    }

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
    }
}
