//! Symbolic links to runbooks of the folder: each is published once, at the runbook's own
//! address, and the link's address redirects there (an alias of the runbook).
//!
//! The link's address is known only once every page has its own (`folder_pages`): a link
//! `x.md` beside a folder `x/` names the folder's page. Made an alias all the same, the
//! build failed on "alias `/runbooks/x/` is the address of a page (`x/index.md`)", said of
//! the runbook the link points at, which has no alias, and without a word of the link.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Runbook;

/// A symbolic link to a runbook of the folder.
pub(super) struct Link {
    /// The link as shown (`content/runbooks/x.md`).
    pub shown: String,
    /// Its address (`/runbooks/x/`) and that address's path under the folder (`x`), when
    /// it may be an alias (see `plain_page_name`).
    pub alias: Option<(String, String)>,
    /// The runbook it points at: its path under the folder, and as shown.
    pub target: String,
    pub target_shown: String,
}

/// Says what becomes of each link, and makes its address an alias of its runbook when
/// no page of the site is there. `runbooks` have their addresses (`slug`).
pub(super) fn attach(runbooks: &mut [Runbook], links: Vec<Link>, diags: &mut Diagnostics) {
    let by_path: HashMap<&str, usize> = (runbooks.iter().enumerate())
        .map(|(i, rb)| (rb.rel_path.as_str(), i))
        .collect();
    let by_slug: HashMap<&str, usize> = (runbooks.iter().enumerate())
        .map(|(i, rb)| (rb.slug.as_str(), i))
        .collect();
    // Folders that hold runbooks: one without a page of its own is listed at its address.
    let mut folders: HashSet<&str> = HashSet::new();
    for rb in runbooks.iter() {
        let mut path = rb.rel_path.as_str();
        while let Some((up, _)) = path.rsplit_once('/') {
            if !folders.insert(up) {
                break;
            }
            path = up;
        }
    }
    let mut aliases = Vec::new();
    for link in links {
        let (shown, to) = (&link.shown, &link.target_shown);
        let location = Location::file(shown);
        // A runbook that did not load (its error is said) gets no alias.
        let target = by_path.get(link.target.as_str()).copied();
        let (Some(target), Some((alias, stem))) = (target, link.alias) else {
            diags.warning(
                location,
                format!("`{shown}` is a symbolic link to the runbook `{to}`, which is published once, at its own address"),
                LINK_HINT,
            );
            continue;
        };
        match by_slug.get(stem.as_str()) {
            Some(&page) if page == target => diags.warning(
                location,
                format!("`{shown}` is a symbolic link to the runbook `{to}`, whose page is at `{alias}` already: the link adds nothing to the site"),
                "remove the link: GitHub and GitLab show a symbolic link as a file holding a path",
            ),
            Some(&page) => diags.error(
                location,
                format!(
                    "`{shown}` is a symbolic link to the runbook `{to}`, but its address `{alias}` is the page of `{}`: it cannot redirect to `{to}`",
                    runbooks[page].source.display
                ),
                "remove the link, or rename it: one address leads to one page",
            ),
            None if folders.contains(stem.as_str()) => {
                let folder = shown.strip_suffix(".md").unwrap_or(shown);
                diags.error(
                    location,
                    format!("`{shown}` is a symbolic link to the runbook `{to}`, but its address `{alias}` is the listing of the folder `{folder}/` beside it: it cannot redirect to `{to}`"),
                    "remove the link, or rename it; a folder's page is its `README.md` (or `index.md`), or a file `x.md` beside a folder `x/`, not a link",
                );
            }
            None => {
                diags.warning(
                    location,
                    format!("`{shown}` is a symbolic link to the runbook `{to}`, which is published once, at its own address; its address `{alias}` redirects there"),
                    LINK_HINT,
                );
                aliases.push((target, alias));
            }
        }
    }
    for (i, alias) in aliases {
        runbooks[i].front.aliases.push(alias);
    }
}

const LINK_HINT: &str = "remove the link and list its address under `aliases:` in that runbook's front matter: GitHub and GitLab show a symbolic link as a file holding a path";
