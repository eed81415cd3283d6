//! A site with no runbooks while Markdown lies elsewhere under its root: a Hugo tree
//! (`content/posts/**`) or a `docs/` folder built without a `runbooks:` line. Such a
//! build wrote an empty site ("All 0 runbooks") and exited 0, so a deploy replaced a real
//! site with an empty one. The diagnostic names where the Markdown is and the line to add.
//!
//! It is an error when the site would publish nothing at all (no runbooks, pipelines or
//! engineers): nobody means to deploy that. It is a warning when the data files give the
//! site something to show: an on-call site without runbooks is a real site, and the
//! Markdown elsewhere may be its notes.

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Location};
use crate::load::folder;
use crate::model::Site;

/// The most entries of the tree looked at: the walk runs only when there are no
/// runbooks, and must stay cheap on a huge repository all the same.
const MAX_ENTRIES: usize = 200_000;

/// Reports a site without runbooks whose root holds Markdown outside the runbook folder.
pub(super) fn check(root: &Path, site: &Site, diags: &mut Diagnostics) {
    if !site.runbooks.is_empty() {
        return;
    }
    let rel = &site.runbook_folder;
    let dir = folder::path(root, rel);
    // A `runbooks:` that names no folder is an error at its line already.
    if site.config.runbooks.is_some() && !dir.is_dir() {
        return;
    }
    let Some(found) = markdown_elsewhere(root, rel) else {
        return;
    };
    let state = if dir.is_dir() {
        "holds no Markdown"
    } else {
        "does not exist"
    };
    let folder_shown = if rel.is_empty() { "." } else { rel.as_str() };
    let message = format!(
        "no runbooks: the runbook folder `{folder_shown}` {state}, but {} under `{}/` (such as `{}`)",
        plural(found.count),
        found.folder,
        found.example
    );
    let has_site_yaml = root.join("content").join("site.yaml").is_file();
    let hint = if has_site_yaml {
        format!(
            "add `runbooks: {}` to content/site.yaml: the folder of Markdown, from the site's root",
            found.folder
        )
    } else {
        format!(
            "run `pipebook init`, which writes content/site.yaml with the folder of Markdown, or write it yourself with the line `runbooks: {}`",
            found.folder
        )
    };
    let at = Location::file(if has_site_yaml {
        "content/site.yaml"
    } else {
        "content"
    });
    if site.pipelines.pipelines.is_empty() && site.team.engineers.is_empty() {
        diags.error(at, message, hint);
    } else {
        diags.warning(at, message, hint);
    }
}

/// Markdown found outside the runbook folder.
struct Found {
    count: usize,
    /// The deepest folder (from the root, `/`-separated) that holds all of it.
    folder: String,
    /// One of the files, from the root.
    example: String,
}

/// The Markdown files in folders under `root` (not the root's own `README.md` and such,
/// nor hidden folders, `themes/`, or a folder pipebook wrote), outside the folder `rel`.
fn markdown_elsewhere(root: &Path, rel: &str) -> Option<Found> {
    let skip = folder::path(root, rel);
    let mut found: Option<Found> = None;
    let walk = WalkDir::new(root)
        .min_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let hidden = name.starts_with('.') && e.depth() > 0;
            let dir = e.file_type().is_dir();
            !(hidden
                || (dir && e.depth() == 1 && name == "themes")
                || (dir && !rel.is_empty() && e.path() == skip)
                || (dir && e.path().join(crate::write::MARKER).is_file()))
        });
    for entry in walk.take(MAX_ENTRIES).flatten() {
        let is_md = entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"));
        let Some(shown) = is_md
            .then(|| entry.path().strip_prefix(root).ok())
            .flatten()
            .and_then(|p| p.to_str())
            .map(|p| p.replace('\\', "/"))
        else {
            continue;
        };
        let parent = shown.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        match &mut found {
            None => {
                found = Some(Found {
                    count: 1,
                    folder: parent,
                    example: shown,
                })
            }
            Some(f) => {
                f.count += 1;
                f.folder = common_folder(&f.folder, &parent);
            }
        }
    }
    found.map(|mut f| {
        if f.folder.is_empty() {
            f.folder = ".".to_string();
        }
        f
    })
}

/// The deepest folder holding both `a` and `b` (`/`-separated, from the root; `""` the
/// root).
fn common_folder(a: &str, b: &str) -> String {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect::<Vec<_>>()
        .join("/")
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 Markdown file lies".to_string()
    } else {
        format!("{n} Markdown files lie")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_folder_is_the_longest_shared_path_of_whole_names() {
        assert_eq!(
            common_folder("content/posts/go", "content/posts/k8s"),
            "content/posts"
        );
        assert_eq!(
            common_folder("content/posts", "content/postscript"),
            "content"
        );
        assert_eq!(common_folder("docs", "content"), "");
        assert_eq!(common_folder("docs/a", "docs/a"), "docs/a");
    }
}
